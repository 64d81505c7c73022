"""The reference tool's fault modes in HTTP message framing: a refused body left on the wire.

HTTP/1.1 frames a request's body by its Content-Length. A server that answers
before reading the whole body must close the connection; one that keeps it open
reads what is left of the body as the start of the next request, so the next
request on that connection (behind a proxy: another patient's) is refused or
misread. Both faults refuse a body of another media type than JSON with 415 and
keep the connection: one reads none of the body, one reads 64 bytes to sniff it.
The clean tool reads all of it. A third reads it and answers 500 (no parser for
that media type): a crash, not a refusal (ROB-4XX-01's warning only).

Two more (round 14) refuse JSON labelled with a parameter: one compares the whole header
with `application/json`; one takes `charset=utf-8` but not `charset=UTF-8` or a quoted value.
"""

from __future__ import annotations

__all__ = ["FRAMING_FAULTS", "media_type_of", "refusal_status", "refused_body_read"]

_LEFT_UNREAD = "415-body-left-unread"
_SNIFFED = "415-body-sniffed-64-bytes"
_CRASHES = "500-on-other-media-type"
_SNIFF_BYTES = 64
_WHOLE_HEADER = "415-json-with-parameters"
_CASE_SENSITIVE = "415-json-charset-case-sensitive"
FRAMING_FAULTS = frozenset({_LEFT_UNREAD, _SNIFFED, _CRASHES, _WHOLE_HEADER, _CASE_SENSITIVE})


def media_type_of(fault: str | None, header: str) -> str:
    """The media type the tool reads from a Content-Type header, lower case, no parameters.

    The faults read it otherwise: the whole header (`application/json; charset=utf-8` is
    not `application/json`), or the header with only the lower-case, unquoted charset cut.
    """
    if fault == _WHOLE_HEADER:
        return header.strip()
    if fault == _CASE_SENSITIVE:
        return header.strip().replace("; charset=utf-8", "").replace(";charset=utf-8", "")
    return header.split(";", 1)[0].strip().lower()


def refused_body_read(fault: str | None, length: int) -> int:
    """How many bytes of a refused body of `length` bytes the tool reads before answering."""
    if fault == _LEFT_UNREAD:
        return 0
    if fault == _SNIFFED:
        return min(length, _SNIFF_BYTES)
    return length


def refusal_status(fault: str | None) -> int:
    """The status the tool answers a body of another media type with: 415, or 500."""
    return 500 if fault == _CRASHES else 415
