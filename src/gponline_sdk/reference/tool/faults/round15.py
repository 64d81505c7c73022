r"""The reference tool's round-15 fault modes, after the fourteenth outside set's misses.

Each breaks a rule the suite did not look at, or sends what it never sent, in a way of its
own (not the outside variant's): the tests break the same rules a third way.

- Bodies read laxly: keys matched without regard to case, camelCase keys taken as their
  snake_case fields, a JSON array of bodies taken as a bulk import (the first one answered),
  an empty NHS number taken as none, a message composed to NFC before its length check
  (letters with a combining accent count once), surrogate pairs sent as `\u` escapes
  decoded one at a time (two U+FFFD), a time with the offset `-00:00` refused, empty
  address lines dropped, misspelt medicines corrected in the practice's view.
- People: a proxy's request with photos refused; proxies for patients of 16 and 17 refused.
- Acknowledgements: a Welsh description gets a Welsh line sending the patient to NHS 111
  instead; a follow-up of a request the practice signposted to NHS 111 is told the same.
- The closed message calls an opening less than 48 hours away "tomorrow".
- Video: started_at set at the first join; a join forgotten after 90 seconds of the tool's
  clock (presence without heartbeats); sessions found with SQL LIKE (`_` is any character).
- Messages: about_request found in one index of every record (a contact update, a video
  session); a thread sorted by sent_at as text; a thread gathered to a depth of 50 replies;
  a proxy shown with the relationship first stored for their name.
- Usage: a follow-up of an earlier week's request left out (a self-join within the week);
  record IDs an HMAC under a template placeholder left unrendered as the key.

The clean tool gets its input back (or None, or False) from each function.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta, timezone
from typing import Any

import attrs
import orjson

from gponline_sdk.conformance.contract import MessageSubmission, Participant, RequestSubmission
from gponline_sdk.errors import Problem
from gponline_sdk.models import (
    ConsultationRequest,
    OutcomeKind,
    Requester,
    RequesterRole,
    SecureMessage,
)

__all__ = [
    "ROUND15_FAULTS",
    "about_any_record",
    "ack_line",
    "follow_up_left_out",
    "instant_refusal",
    "joined_now",
    "like_reference",
    "opening_words",
    "practice_description",
    "proxy_named",
    "read",
    "record_id",
    "request_refusal",
    "started_early",
    "thread_shown",
]

_CASE = "keys-matched-ignoring-case"
_CAMEL = "camelcase-keys-taken"
_ARRAY = "array-body-bulk-import"
_EMPTY_NHS = "empty-nhs-number-taken"
_NFC_LENGTH = "message-length-after-nfc"
_SURROGATES = "escaped-surrogates-replaced"
_MINUS_ZERO = "instant-minus-zero-refused"
_EMPTY_LINES = "empty-address-lines-dropped"
_MEDS = "medicine-spellings-corrected"
_PROXY_PHOTOS = "proxy-photos-refused"
_PROXY_16 = "proxy-for-16-17-refused"
_WELSH = "ack-welsh-111-line"
_AFTER_111 = "ack-111-after-signposted-111"
_TOMORROW = "closed-message-tomorrow-within-48h"
_STARTED_EARLY = "video-started-at-first-join"
_PRESENCE = "video-presence-expires-90s"
_LIKE = "video-lookup-like-wildcards"
_ABOUT_ANY = "about-request-any-record"
_TEXT_SORT = "thread-sorted-as-text"
_DEPTH = "thread-depth-50"
_PROXY_NAMES = "message-proxy-by-name"
_FOLLOW_JOIN = "usage-follow-up-joined-in-week"
_PLACEHOLDER = "usage-ids-hmac-placeholder-key"
ROUND15_FAULTS = frozenset(
    {
        _CASE,
        _CAMEL,
        _ARRAY,
        _EMPTY_NHS,
        _NFC_LENGTH,
        _SURROGATES,
        _MINUS_ZERO,
        _EMPTY_LINES,
        _MEDS,
        _PROXY_PHOTOS,
        _PROXY_16,
        _WELSH,
        _AFTER_111,
        _TOMORROW,
        _STARTED_EARLY,
        _PRESENCE,
        _LIKE,
        _ABOUT_ANY,
        _TEXT_SORT,
        _DEPTH,
        _PROXY_NAMES,
        _FOLLOW_JOIN,
        _PLACEHOLDER,
    }
)
_READS = frozenset({_CASE, _CAMEL, _ARRAY, _EMPTY_NHS, _NFC_LENGTH, _SURROGATES, _EMPTY_LINES})
_MESSAGE_MAX = 10_000
_HIGH_ESCAPE = re.compile(rb"\\u[dD][89abAB][0-9a-fA-F]{2}")
_SPELLINGS = {"amlodapine": "amlodipine", "gabapenton": "gabapentin", "naproxin": "naproxen"}
_SPELLING = re.compile("|".join(_SPELLINGS), re.IGNORECASE)
# A language guess by function words, as the reference's fault makes it (two are enough).
_WELSH_WORDS = re.compile(r"\b(?:dwi|angen|ar gyfer|gwelwch|diolch|mae|ddim|gyda)\b", re.I)
_PRESENCE_TTL = timedelta(seconds=90)
_DEPTH_LIMIT = 50
_PLACEHOLDER_KEY = b"{{HMAC_KEY}}"


def _folded(name: str) -> str:
    return name.replace("_", "").casefold()


def _renamed(value: Any, *, camel: bool) -> Any:
    """Keys read as a lax binder reads them: the contract's snake_case name for each."""
    if isinstance(value, list):
        return [_renamed(v, camel=camel) for v in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        # `populate_by_name` with a camelCase alias generator reads givenName as given_name;
        # PropertyNameCaseInsensitive reads Description as description.
        name = (
            re.sub(r"(?<=[a-z0-9])([A-Z])", lambda m: "_" + m.group(1).lower(), key)
            if camel
            else key.lower()
        )
        out[name] = _renamed(item, camel=camel)
    return out


def _replaced_astral(value: Any) -> Any:
    """Each character beyond U+FFFF as two U+FFFD (a reader decoding escapes one by one)."""
    if isinstance(value, str):
        return "".join("\ufffd\ufffd" if ord(c) > 0xFFFF else c for c in value)
    if isinstance(value, list):
        return [_replaced_astral(v) for v in value]
    if isinstance(value, dict):
        return {k: _replaced_astral(v) for k, v in value.items()}
    return value


def read(fault: str | None, body: bytes, cls_name: str) -> bytes:  # noqa: PLR0911 - per fault
    """A body as a tool with one of this round's lax readers reads (and stores) it."""
    if fault not in _READS:
        return body
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return body
    if fault == _ARRAY and cls_name == "RequestSubmission" and isinstance(data, list) and data:
        return orjson.dumps(data[0])  # the migration path: each stored, the first answered
    if not isinstance(data, dict):
        return body
    if fault in (_CASE, _CAMEL):
        return orjson.dumps(_renamed(data, camel=fault == _CAMEL))
    if fault == _SURROGATES and _HIGH_ESCAPE.search(body):
        return orjson.dumps(_replaced_astral(data))
    patient = data.get("patient")
    if fault == _EMPTY_NHS and isinstance(patient, dict) and patient.get("nhs_number") == "":
        del patient["nhs_number"]  # `if patient.get("nhs_number"):` skips the check
        return orjson.dumps(data)
    text = data.get("body")
    if fault == _NFC_LENGTH and cls_name == "MessageSubmission" and isinstance(text, str):
        composed = unicodedata.normalize("NFC", text)
        if len(composed) <= _MESSAGE_MAX < len(text):
            data["body"] = composed  # counted (and kept) composed
            return orjson.dumps(data)
    contact = data.get("contact")
    lines = contact.get("address_lines") if isinstance(contact, dict) else None
    if fault == _EMPTY_LINES and isinstance(contact, dict) and isinstance(lines, list):
        contact["address_lines"] = [line for line in lines if line != ""]
        return orjson.dumps(data)
    return body


def instant_refusal(fault: str | None, body: bytes) -> Problem | None:
    """With the fault, RFC 3339's '-00:00' (UTC, local offset unknown) refused as unknown."""
    if fault == _MINUS_ZERO and b'-00:00"' in body:
        return Problem(location="$.scheduled_start", message="the UTC offset is unknown")
    return None


def practice_description(fault: str | None, text: str) -> str:
    """The description in the practice's view; with the fault, medicine spellings corrected."""
    if fault != _MEDS:
        return text
    return _SPELLING.sub(lambda m: _SPELLINGS[m.group(0).lower()], text)


def request_refusal(fault: str | None, sub: RequestSubmission, today: date) -> Problem | None:
    """A proxy's request this round's safeguarding faults refuse (400), if any."""
    if sub.requester.role is not RequesterRole.PROXY:
        return None
    if fault == _PROXY_PHOTOS and sub.attachments:
        return Problem(location="$.attachments", message="photos must come from the patient")
    born = sub.patient.date_of_birth
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if fault == _PROXY_16 and 16 <= age <= 17:
        return Problem(location="$.requester.role", message="a young person asks for themselves")
    return None


def ack_line(
    fault: str | None,
    sub: RequestSubmission,
    outcome_of: Callable[[str], OutcomeKind | None],
) -> str:
    """A sentence the acknowledgement ends with, if this round's faults add one."""
    if fault == _WELSH and len({w.lower() for w in _WELSH_WORDS.findall(sub.description)}) >= 2:
        return " Diolch. Defnyddiwch GIG 111 ar-lein yn lle aros amdanom ni."
    earlier = sub.follows_up
    if fault == _AFTER_111 and earlier and outcome_of(earlier) is OutcomeKind.SIGNPOSTED_111:
        return " We advised NHS 111 for this: please call 111 rather than wait for us."
    return ""


def opening_words(fault: str | None, opening: datetime, now: datetime) -> str | None:
    """With the fault, 'tomorrow' for any opening less than 48 hours away (else None)."""
    if fault == _TOMORROW and opening - now < timedelta(hours=48) and opening > now:
        return "tomorrow"
    return None


def joined_now(
    fault: str | None,
    joined: set[Participant],
    seen: dict[Participant, datetime],
    participant: Participant,
    now: datetime,
) -> None:
    """Record a join; with the presence fault, a participant unseen for 90 s has gone."""
    seen[participant] = now
    if fault != _PRESENCE:
        return
    for other, at in list(seen.items()):
        if now - at > _PRESENCE_TTL:
            joined.discard(other)
            del seen[other]


def started_early(fault: str | None, participant: Participant) -> bool:
    """Whether `participant`'s join sets started_at before both have joined.

    The fault stamps it at the first join, whoever joins; `participant` lets a test's own
    break stamp it on one side's join only.
    """
    del participant  # the fault's rule does not depend on who joins
    return fault == _STARTED_EARLY


def like_reference(fault: str | None, reference: str, sessions: Mapping[str, Any]) -> str:
    """The session `reference` finds: with the fault, `LIKE` reads '_' as any character."""
    if fault != _LIKE or reference in sessions or "_" not in reference:
        return reference
    pattern = re.compile("".join("." if c == "_" else re.escape(c) for c in reference))
    return next((ref for ref in sessions if pattern.fullmatch(ref)), reference)


def about_any_record(fault: str | None, about: str | None, *records: Mapping[str, Any]) -> bool:
    """With the fault, whether `about` names any record (a contact update, a session)."""
    return fault == _ABOUT_ANY and about is not None and any(about in r for r in records)


def _as_text(message: SecureMessage) -> str:
    return message.sent_at.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def thread_shown(
    fault: str | None, messages: tuple[SecureMessage, ...]
) -> tuple[SecureMessage, ...]:
    """The thread as this round's faults show it: sorted as text, or cut at 50 replies deep."""
    if fault == _TEXT_SORT:
        return tuple(sorted(messages, key=_as_text))
    if fault != _DEPTH:
        return messages
    depth: dict[str, int] = {}
    kept = []
    for message in messages:
        parent = message.in_reply_to
        depth[message.reference] = depth.get(parent, -1) + 1 if parent else 0
        if depth[message.reference] <= _DEPTH_LIMIT:
            kept.append(message)
    return tuple(kept)


def proxy_named(
    fault: str | None, sub: MessageSubmission, known: dict[str, Requester]
) -> MessageSubmission:
    """With the fault, a proxy is the participant first stored under their name."""
    requester = sub.requester
    if fault != _PROXY_NAMES or requester is None or requester.proxy_name is None:
        return sub
    first = known.setdefault(requester.proxy_name, requester)
    return attrs.evolve(sub, requester=first)


def follow_up_left_out(
    fault: str | None,
    request: ConsultationRequest,
    requests: Mapping[str, ConsultationRequest],
    in_week: Callable[[datetime], bool],
) -> bool:
    """With the fault, a follow-up whose request is not in the week finds no partner."""
    if fault != _FOLLOW_JOIN or request.follows_up is None:
        return False
    earlier = requests.get(request.follows_up)
    return earlier is None or not in_week(earlier.submitted_at)


def record_id(fault: str | None, reference: str) -> str | None:
    """With the fault, HMAC-SHA256 under the unrendered placeholder '{{HMAC_KEY}}'."""
    if fault != _PLACEHOLDER:
        return None
    return hmac.new(_PLACEHOLDER_KEY, reference.encode(), hashlib.sha256).hexdigest()
