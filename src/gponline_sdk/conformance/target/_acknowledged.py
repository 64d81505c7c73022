"""What the run's POST /requests were acknowledged with while the test clock was set.

Round 14: most checks that send requests in core hours look at something else and never
read the acknowledgement's message. A tool that tells some requests to go to NHS 111 by a
rule of its own (requests with a photo, requests from proxies, a word in the description)
slips past each of them. The client keeps each 201 acknowledgement with the test clock's
instant, what the request carried and the check that sent it, in memory only (its
message may echo what the patient wrote: it is never written out as it is), and
`availability.no-111-anywhere` reads them all at the end of the run, and (round 14)
`response.ack-dates-anywhere` reads each for a date that is neither respond_by's nor
received_at's: only some checks send requests on the days a date formatter gets wrong
(29 to 31 December, when the ISO week-based year is the next).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from datetime import datetime

import attrs

from gponline_sdk.conformance.contract import RequestSubmission
from gponline_sdk.models import RequesterRole

__all__ = ["Acknowledged", "features_of"]


@attrs.frozen(kw_only=True)
class Acknowledged:
    """One POST /requests answered 201 while the tool's clock stood at `at`."""

    at: datetime
    """The test clock's instant (as the suite set it)."""
    category: str
    """The request's category, as sent."""
    features: tuple[str, ...]
    """What else the request carried that a rule could key on (`features_of`)."""
    message: str = attrs.field(repr=False)
    """The acknowledgement's message (kept in memory, never reported as it is)."""
    check: str
    """The check that sent it ("" when sent outside a run)."""
    reference: str = ""
    """The acknowledgement's reference (a date or a misquote is looked for around it)."""
    received_at: datetime | None = None
    """The acknowledgement's received_at."""
    respond_by: datetime | None = None
    """The acknowledgement's respond_by."""


def features_of(sub: RequestSubmission) -> tuple[str, ...]:
    """The parts of a request a tool's rule could key on, in words: photo, preference, proxy."""
    out = []
    if sub.attachments:
        out.append("with a photo")
    if sub.contact.preferred is not None:
        out.append(f"preferring {sub.contact.preferred.value}")
    if sub.requester.role is not RequesterRole.PATIENT:
        out.append("from a proxy")
    if sub.patient.nhs_number is None:
        out.append("without an NHS number")
    script = _main_script(sub.description)
    if script is not None:
        out.append(f"a description mostly in {script} script")
    return tuple(out)


def _main_script(text: str) -> str | None:
    """The script most of `text`'s letters are in when it is not Latin (2.13.0), else None.

    Read from the first `_SCRIPT_SAMPLE` characters: every acknowledgement of a run is
    described so, and descriptions run to 10,000 characters (ASCII ones not read at all).
    """
    if text.isascii():
        return None
    counts: Counter[str] = Counter(
        unicodedata.name(ch, "?").split(" ", 1)[0] for ch in text[:_SCRIPT_SAMPLE] if ch.isalpha()
    )
    if not counts:
        return None
    script, n = counts.most_common(1)[0]
    if script == "LATIN" or n * 2 <= sum(counts.values()):
        return None
    return _SCRIPT_NAMES.get(script, script.capitalize())


_SCRIPT_SAMPLE = 400
# Unicode names the first word of which is no script's usual English name.
_SCRIPT_NAMES = {"CJK": "Han (Chinese)", "HANGUL": "Hangul (Korean)"}
