"""The reference tool's input-validation fault modes: bodies let through or refused wrongly.

`loosen` rewrites a request body the way a tool with one of these defects reads
it (an unknown field ignored, a naive time taken as London time, a bad postcode
dropped), so the clean parser then accepts what the contract says to refuse.
`refusal` is the opposite defect: a check stricter than the contract, which
turns away real patients' valid data (an NHS number typed with spaces, a +44
phone, a plus-addressed email). The clean tool never calls either with a fault
of this module.
"""

from __future__ import annotations

import calendar
import functools
import json
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

import attrs
import orjson

from gponline_sdk.conformance.contract import (
    ContactDetailsSubmission,
    MessageSubmission,
    RequestSubmission,
    TestClock,
    VideoJoinRequest,
    VideoSessionRequest,
    openapi_document,
)
from gponline_sdk.errors import Problem, ValidationError
from gponline_sdk.models import (
    CORE_HOURS,
    ContactDetails,
    is_valid_nhs_number,
    nhs_number_check_digit,
)
from gponline_sdk.reference.tool.faults.patterns import (
    BARE_LOCATIONS,
    LAX_READS,
    bare_location_problem,
    lax_read,
)

__all__ = [
    "INSTANT_FAULTS",
    "LOOSE_READS",
    "MISSPELT_INSTANTS",
    "REFUSALS",
    "instant_problem",
    "loosen",
    "misspelt",
    "refusal",
]


def _as_london(value: Any) -> Any:
    """A naive ISO date-time taken as Europe/London wall-clock time (the defect)."""
    if not isinstance(value, str):
        return value
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return value
    return parsed.replace(tzinfo=CORE_HOURS.zone).isoformat() if parsed.tzinfo is None else value


def _readable_postcode(value: Any) -> bool:
    try:
        ContactDetails(email="someone@example.invalid", postcode=value)
    except (ValidationError, TypeError):
        return False
    return True


def _no_unknown(data: dict[str, Any], _: str) -> None:
    for name in set(data) - {f.name for f in attrs.fields(RequestSubmission)}:
        del data[name]


def _no_contact(data: dict[str, Any], _: str) -> None:
    contact = data.get("contact")
    if isinstance(contact, dict) and not (
        contact.get("email") or contact.get("phone") or contact.get("address_lines")
    ):
        contact["address_lines"] = ["(not given)"]  # stored so; nobody can answer it


def _any_practice(data: dict[str, Any], practice_code: str) -> None:
    if "practice_code" in data:
        data["practice_code"] = practice_code  # never read: one practice per environment


def _naive_start(data: dict[str, Any], _: str) -> None:
    data["scheduled_start"] = _as_london(data.get("scheduled_start"))


def _any_participant(data: dict[str, Any], _: str) -> None:
    if data.get("participant") not in ("patient", "professional"):
        data["participant"] = "patient"  # anyone who is not staff


def _empty_body(data: dict[str, Any], _: str) -> None:
    if data.get("body") == "":
        data["body"] = "(no text)"


def _bad_postcode(data: dict[str, Any], _: str) -> None:
    contact = data.get("contact")
    if isinstance(contact, dict) and not _readable_postcode(contact.get("postcode")):
        contact["postcode"] = None  # dropped without a word to the patient


def _nhs_shape_only(data: dict[str, Any], _: str) -> None:
    patient = data.get("patient")
    if not isinstance(patient, dict):
        return
    value = patient.get("nhs_number")
    if isinstance(value, str) and value[-1:].isdigit() and not is_valid_nhs_number(value):
        for digit in "0123456789":  # the check digit is "corrected", the number stored
            if is_valid_nhs_number(value[:-1] + digit):
                patient["nhs_number"] = value[:-1] + digit
                break


def _nhs_ten_unchecked(data: dict[str, Any], _: str) -> None:
    patient = data.get("patient")
    if not isinstance(patient, dict) or not isinstance(patient.get("nhs_number"), str):
        return
    digits = re.sub("[ -]", "", patient["nhs_number"])
    if re.fullmatch("[0-9]{10}", digits) and nhs_number_check_digit(digits[:9]) is None:
        # "No check digit is possible": the check is skipped, and the number, which the
        # record cannot hold, is dropped without a word.
        patient["nhs_number"] = None


def _leap_second_clamped(data: dict[str, Any], _: str) -> None:
    value = data.get("scheduled_start")
    if isinstance(value, str):
        # A lenient parser: a second past 59 is clamped to 59 (RFC 3339 allows 60).
        data["scheduled_start"] = re.sub(r"(T\d{2}:\d{2}):60", r"\1:59", value)


def _clamp_day(value: Any) -> Any:
    """A date (or date-time) of the right shape rolled back to a real day (30 Feb -> 28 Feb)."""
    if not isinstance(value, str) or len(value) < 10 or not value[:10].replace("-", "").isdigit():
        return value
    year, month, day = int(value[:4]), int(value[5:7]), int(value[8:10])
    if not 1 <= month <= 12:
        return value
    last = calendar.monthrange(year, month)[1]
    return value if day <= last else f"{value[:8]}{last:02d}{value[10:]}"


def _impossible_dates(data: dict[str, Any], _: str) -> None:
    patient = data.get("patient")
    if isinstance(patient, dict):
        patient["date_of_birth"] = _clamp_day(patient.get("date_of_birth"))
    if "scheduled_start" in data:
        data["scheduled_start"] = _clamp_day(data["scheduled_start"])


def _proxy_unrelated(data: dict[str, Any], _: str) -> None:
    requester = data.get("requester")
    if (
        isinstance(requester, dict)
        and requester.get("role") == "proxy"
        and requester.get("proxy_name")
        and not requester.get("relationship")
    ):
        requester["relationship"] = "(not given)"


def _float_integers(data: dict[str, Any], _: str) -> None:
    for name, value in data.items():
        if isinstance(value, float) and value.is_integer():
            data[name] = int(value)  # 15.0 and 15e0 read as 15


def _loose_booleans(data: dict[str, Any], _: str) -> None:
    spelled = {1: True, 0: False, "true": True, "false": False}
    value = data.get("frozen")
    if not isinstance(value, bool) and isinstance(value, (int, str)) and value in spelled:
        data["frozen"] = spelled[value]  # 1 and "true" read as true, as a form post would


def _any_size(data: dict[str, Any], _: str) -> None:
    attachments = data.get("attachments")
    for item in attachments if isinstance(attachments, list) else ():
        size = item.get("size_bytes") if isinstance(item, dict) else None
        if isinstance(size, int) and size > _MAX_ATTACHMENT:
            item["size_bytes"] = _MAX_ATTACHMENT  # nested bounds never checked: stored as "20 MiB"


def _formula_guard(data: dict[str, Any], _: str) -> None:
    text = data.get("description")
    if isinstance(text, str) and text[:1] in ("=", "+", "-", "@", "\t"):
        data["description"] = "'" + text  # a spreadsheet export's "formula injection" guard


def _respaced(data: dict[str, Any], _: str) -> None:
    patient = data.get("patient")
    number = patient.get("nhs_number") if isinstance(patient, dict) else None
    digits = "".join(c for c in number if c.isdigit()) if isinstance(number, str) else ""
    if len(digits) == 10 and isinstance(patient, dict):
        patient["nhs_number"] = f"{digits[:3]} {digits[3:6]} {digits[6:]}"  # one house layout


def _by_size(data: dict[str, Any], _: str) -> None:
    items = data.get("attachments")
    if isinstance(items, list) and all(isinstance(i, dict) for i in items):
        items.sort(key=lambda i: str(i.get("size_bytes")).zfill(12))  # stored by size


_BODIES = (
    "RequestSubmission",
    "ContactDetailsSubmission",
    "MessageSubmission",
    "VideoSessionRequest",
    "VideoJoinRequest",
)


def _numbers_as_text(data: dict[str, Any], _: str) -> None:
    """A lenient binder: each scalar read as its field's type (9991234567 as "9991234567")."""
    schemas = _contract_schemas()
    for name in _BODIES:
        schema = schemas[name]
        if set(schema.get("required", ())) <= set(data) <= set(schema["properties"]):
            _coerce(data, schema, schemas)
            return


def _coerce(data: dict[str, Any], schema: dict[str, Any], schemas: dict[str, Any]) -> None:
    for name, declared in schema.get("properties", {}).items():
        prop = declared
        while "$ref" in prop:
            prop = schemas[prop["$ref"].rsplit("/", 1)[-1]]
        kinds = {b.get("type") for b in prop.get("anyOf", [prop])}
        value = data.get(name)
        if isinstance(value, dict) and "properties" in prop:
            _coerce(value, prop, schemas)
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, (int, float)) and "string" in kinds:
            data[name] = str(value)
        elif isinstance(value, str) and value.isdigit() and kinds & {"integer", "number"}:
            data[name] = int(value)
        elif value in ("true", "false") and "boolean" in kinds:
            data[name] = value == "true"


_LOOSENERS: dict[
    str, tuple[type[Any] | tuple[type[Any], ...], Callable[[dict[str, Any], str], None]]
] = {
    "requests-accept-unknown-fields": (RequestSubmission, _no_unknown),
    "requests-accept-no-contact": (RequestSubmission, _no_contact),
    "video-accepts-bad-practice-code": (VideoSessionRequest, _any_practice),
    "video-accepts-naive-datetime": (VideoSessionRequest, _naive_start),
    "video-join-accepts-any-participant": (VideoJoinRequest, _any_participant),
    "messages-accept-empty-body": (MessageSubmission, _empty_body),
    "contact-accepts-bad-postcode": (ContactDetailsSubmission, _bad_postcode),
    "accepts-bad-nhs-check-digit": ((RequestSubmission, ContactDetailsSubmission), _nhs_shape_only),
    "video-leap-second-as-59": (VideoSessionRequest, _leap_second_clamped),
    "nhs-check-value-10-unchecked": (
        (RequestSubmission, ContactDetailsSubmission),
        _nhs_ten_unchecked,
    ),
    "accepts-impossible-dates": (
        (RequestSubmission, ContactDetailsSubmission, VideoSessionRequest),
        _impossible_dates,
    ),
    "accepts-proxy-without-relationship": (RequestSubmission, _proxy_unrelated),
    "accepts-float-integers": (VideoSessionRequest, _float_integers),
    "accepts-oversized-attachments": (RequestSubmission, _any_size),
    "accepts-loose-booleans": (TestClock, _loose_booleans),
    "description-formula-guarded": (RequestSubmission, _formula_guard),
    "nhs-number-respaced": (RequestSubmission, _respaced),
    "attachments-sorted-by-size": (RequestSubmission, _by_size),
    "accepts-numbers-as-text": (
        (
            RequestSubmission,
            ContactDetailsSubmission,
            MessageSubmission,
            VideoSessionRequest,
            VideoJoinRequest,
        ),
        _numbers_as_text,
    ),
}
LOOSE_READS = frozenset({*_LOOSENERS, *LAX_READS})
"""The fault modes `loosen` implements (`pattern_faults.LAX_READS` among them)."""
_LAX_BODIES = (RequestSubmission, ContactDetailsSubmission)  # where the lax-pattern faults read


def loosen(fault: str, body: bytes, cls: type[Any], practice_code: str) -> bytes:
    """`body` as a tool with input-validation fault `fault` reads it, for a `cls` body."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return body
    if fault in LAX_READS:
        if cls not in _LAX_BODIES or not isinstance(data, dict):
            return body
        components = _contract_schemas()
        return orjson.dumps(lax_read(fault, data, components[cls.__name__], components))
    kind, rewrite = _LOOSENERS[fault]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if cls not in kinds or not isinstance(data, dict):
        return body
    rewrite(data, practice_code)
    try:
        return orjson.dumps(data)
    except TypeError:  # an integer past 64 bits (2**64 read as a float, made whole again)
        return json.dumps(data).encode()


# fault -> (object, field, what the faulty check refuses, what it says): each a rule
# stricter than the contract's pattern, as tools written against one habit have them.
_REFUSERS: dict[str, tuple[str, str, Callable[[str], bool], str]] = {
    "refuses-spaced-nhs-number": (
        "patient",
        "nhs_number",
        lambda value: not value.isdigit(),
        "must be 10 digits, no spaces or hyphens",
    ),
    "refuses-plus44-phone": (
        "contact",
        "phone",
        lambda value: value.startswith("+"),
        "must be a UK number starting 0",
    ),
    "refuses-plus-addressed-email": (
        "contact",
        "email",
        lambda value: "+" in value,
        "must not contain '+'",
    ),
}
_OFF_BY_ONE = "attachment-limit-off-by-one"
_SHORT_TEXT = "refuses-short-description"
REFUSALS = frozenset({*_REFUSERS, _OFF_BY_ONE, _SHORT_TEXT})
"""The fault modes `refusal` implements."""


def refusal(fault: str | None, body: bytes) -> Problem | None:
    """The problem a tool with refusal fault `fault` finds in a valid request `body`, if any."""
    if fault not in REFUSALS:
        return None
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if fault == _OFF_BY_ONE:
        return _too_big(data)
    if fault == _SHORT_TEXT:
        return _too_short(data)
    part, field, refuses, message = _REFUSERS[fault]
    inner = data.get(part) if isinstance(data, dict) else None
    value = inner.get(field) if isinstance(inner, dict) else None
    if isinstance(value, str) and refuses(value):
        return Problem(location=f"$.{part}.{field}", message=message)
    return None


def _too_short(data: Any) -> Problem | None:
    # "Please tell us more": a tool's own minimum, 20 where the contract's minLength is 1.
    text = data.get("description") if isinstance(data, dict) else None
    if isinstance(text, str) and len(text.strip()) < 20:
        return Problem(location="$.description", message="at least 20 characters")
    return None


def _too_big(data: Any) -> Problem | None:
    # `size >= limit` where the contract says at most 20 MiB: an exact 20 MiB photo refused.
    attachments = data.get("attachments") if isinstance(data, dict) else None
    for i, item in enumerate(attachments if isinstance(attachments, list) else ()):
        if isinstance(item, dict) and item.get("size_bytes") == _MAX_ATTACHMENT:
            return Problem(location=f"$.attachments[{i}].size_bytes", message="too large")
    return None


# -- instants: the contract's date-time pattern, which the SDK's parser reads leniently -------

INSTANT_FAULTS = frozenset({"accepts-instants-without-seconds", "accepts-any-iso-instant"})
"""Fault modes that read instants the contract's pattern refuses (see `instant_problem`)."""
_MAX_ATTACHMENT = 20 * 1024 * 1024  # the contract's Attachment.size_bytes maximum
_LONGEST_SESSION = 120  # video-duration-capped-at-120: the tool's own limit, not the contract's
_HH_MM = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(Z|[+-]\d{2}:\d{2})$")


def _instants(schema: Any, value: Any, path: str, components: dict[str, Any]) -> Any:
    """(path, value, pattern) of each string at a `date-time` with a pattern, in `value`."""
    while isinstance(schema, dict) and "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    if not isinstance(schema, dict):
        return
    for branch in schema.get("anyOf", ()):
        yield from _instants(branch, value, path, components)
    if isinstance(value, str) and schema.get("format") == "date-time" and "pattern" in schema:
        yield path, value, schema["pattern"]
    elif isinstance(value, dict):
        for name, prop in schema.get("properties", {}).items():
            if name in value:
                yield from _instants(prop, value[name], f"{path}.{name}", components)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            yield from _instants(schema["items"], item, f"{path}[{i}]", components)


def _read_anyway(fault: str | None, value: str, pattern: str) -> bool:
    """Whether a tool with `fault` reads an instant the pattern refuses (the defect)."""
    if fault == "accepts-instants-without-seconds":
        short = _HH_MM.match(value)  # 10:30Z read as 10:30:00Z
        return short is not None and re.search(pattern, f"{short[1]}:00{short[2]}") is not None
    if fault == "accepts-any-iso-instant":
        try:  # whatever Python's ISO 8601 reader takes, with an offset
            iso = value.replace("z", "Z").replace("Z", "+00:00")  # 3.10 reads no 'Z'
            return datetime.fromisoformat(iso).tzinfo is not None
        except ValueError:
            return False
    return False


@functools.cache
def _contract_schemas() -> dict[str, Any]:
    """The contract's schemas, built once (generating the document takes milliseconds)."""
    schemas: dict[str, Any] = openapi_document()["components"]["schemas"]
    return schemas


@functools.cache
def _has_instants(name: str) -> bool:
    """Whether schema `name` holds a patterned `date-time` anywhere (through $refs)."""
    components = _contract_schemas()
    seen: set[int] = set()

    def walk(schema: Any) -> bool:
        if isinstance(schema, dict):
            if id(schema) in seen:
                return False
            seen.add(id(schema))
            if "$ref" in schema:
                return walk(components.get(schema["$ref"].rsplit("/", 1)[-1]))
            if schema.get("format") == "date-time" and "pattern" in schema:
                return True
            return any(walk(v) for v in schema.values())
        if isinstance(schema, list):
            return any(walk(v) for v in schema)
        return False

    return walk(components.get(name))


def instant_problem(fault: str | None, body: bytes, cls: type[Any]) -> Problem | None:
    """The first instant in a `cls` request body that breaks the contract's pattern, if any.

    With fault video-duration-capped-at-120, also a session the tool finds too long.
    """
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if fault == BARE_LOCATIONS:  # a 400 naming the field as patient.nhs_number, no '$'
        bare = bare_location_problem(body, cls)
        if bare is not None:
            return bare
    if fault == "video-duration-capped-at-120" and cls is VideoSessionRequest:
        minutes = data.get("duration_minutes") if isinstance(data, dict) else None
        if isinstance(minutes, int) and minutes > _LONGEST_SESSION:
            return Problem(location="$.duration_minutes", message="at most 120 minutes")
    components = _contract_schemas()
    if not _has_instants(cls.__name__):
        return None  # most bodies (a request, a message) hold no date-time: no walk
    for path, value, pattern in _instants(components.get(cls.__name__), data, "$", components):
        if re.search(pattern, value) is None and not _read_anyway(fault, value, pattern):
            return Problem(
                location=path,
                message="expected an RFC 3339 instant with seconds, at most 6 fractional "
                "digits, 'T' and 'Z' or a +hh:mm offset",
            )
    return None


# -- instants written off the contract's pattern in answers (faults of the tool's writer) -----

# fault -> (method, path prefix, field, rewrite of its RFC 3339 text): what a writer with a
# minute-level format, .NET's round-trip "o" format or a clock to the minute puts out.
_MISSPELT: dict[str, tuple[str, str, str, Callable[[str], str]]] = {
    "ack-respond-by-without-seconds": (
        "POST",
        "/requests",
        "respond_by",
        lambda text: text[:16] + _zone(text),
    ),
    "ack-received-at-7-digit-fraction": (
        "POST",
        "/requests",
        "received_at",
        lambda text: (
            f"{text[:19]}.{text[20:26] if text[19:20] == '.' else '000000'}0" + _zone(text)
        ),
    ),
    "video-start-without-seconds": (
        "GET",
        "/video/sessions/",
        "scheduled_start",
        lambda text: text[:16] + _zone(text),
    ),
}
MISSPELT_INSTANTS = frozenset(_MISSPELT)
"""The fault modes `misspelt` implements."""


def _zone(text: str) -> str:
    """The offset at the end of an RFC 3339 instant (``Z`` or ``+01:00``)."""
    return "Z" if text.endswith(("Z", "z")) else text[-6:]


def misspelt(fault: str | None, method: str, path: str, payload: bytes) -> bytes:
    """An answer with one instant written as the writer of fault `fault` writes it."""
    if fault not in _MISSPELT:
        return payload
    wanted, prefix, field, rewrite = _MISSPELT[fault]
    if method != wanted or not path.startswith(prefix):
        return payload
    try:
        data = orjson.loads(payload)
    except orjson.JSONDecodeError:
        return payload
    if isinstance(data, dict) and isinstance(data.get(field), str):
        data[field] = rewrite(data[field])
    return orjson.dumps(data)
