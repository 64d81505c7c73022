"""The reference tool's round-14 fault modes, after the thirteenth outside set's misses.

- An acknowledgement that hands a request to NHS 111 by a rule on what it carries, which
  only some checks' requests carry (the set's `b13-ack-111-instead-for-photo-requests`):
  requests with a photo, from a proxy, or preferring texts with a landline given. Found by
  `availability.no-111-anywhere`, which reads every acknowledgement of the run.
- A "distress score" at the door: two or more strong words send a request to NHS 111 (409).
- What mail hops, filters and formatters do to free text: a description line starting
  "From " escaped as ">From " (mbox), a leading line break dropped (an HTML textarea), text
  speak expanded, words inside other words masked (the Scunthorpe problem); a message line
  starting "." doubled (SMTP dot-stuffing), emoticons turned into emoji.
- Data steps that read real values as missing or move them: the names "Null" and "None", a
  date of birth of 1 January 1900 (a date column's sentinel), a proxy's "Surname, Forename"
  reordered, a postcode typed as an update's last address line moved into `postcode`.
- An acknowledgement dated with the ISO week-based year ('YYYY' for 'yyyy'): right on every
  day but 29 to 31 December in a year whose week 1 starts then (29-31 December 2025 say
  2026). Found by `response.ack-dates-anywhere`, which reads every acknowledgement.
- A message's sent_at built from the UTC date and the London time of day: a day early from
  00:00 to 00:59 London time in summer, right at every other hour.
- A video session starting a fraction of a second after its minute left out of the usage
  data (an export parsing `%Y-%m-%dT%H:%M:%SZ`, without `%f`).
- A participant's second join (a dropped call) taken as leaving: the session goes back to
  scheduled.
- Usage record IDs from Python's `hash(reference)` in an image with `PYTHONHASHSEED=0`
  (a zero SipHash key: anyone can compute them): 64 bits in hex (3.11+), or the decimal
  value of 3.10's.
- A thread handed back through a queue whose messages are capped at 256 KB: its oldest
  messages dropped until it fits.
- Usage record IDs drawn at random and kept in a 1,024-entry LRU cache, not stored: a
  reference evicted gets a new ID at its next read.
- An outcome kind read back from a VARCHAR(20) column: `appointment_face_to_face` cut short.
- Lax reads of forbidden bodies: a preference that is a substring of the list of methods
  ("mail"), and keys starting "x-" or "_" dropped before validation.

The clean tool gets its input back (or "" or None) from each function.
"""

from __future__ import annotations

import re
import secrets
from collections import OrderedDict
from datetime import datetime, timezone
from typing import Any

import orjson

from gponline_sdk.conformance.checks.usage.builtin_hash import zero_seed_hashes
from gponline_sdk.conformance.contract import MessageThread, RequestSubmission
from gponline_sdk.models import CORE_HOURS, ContactMethod, RequesterRole, SecureMessage
from gponline_sdk.serde import to_json

__all__ = [
    "ROUND14_FAULTS",
    "ack_dated",
    "ack_line",
    "cached_id",
    "contact_view",
    "join_toggles",
    "practice_view",
    "read",
    "record_id",
    "sent_at",
    "sent_to_111",
    "status_view",
    "thread_answer",
    "vc_exported",
]

_PHOTOS = "ack-111-instead-for-photos"
_PROXIES = "ack-111-for-proxies"
_LANDLINE = "ack-111-for-text-to-landline"
_DISTRESS = "distress-words-to-111"
_MBOX = "description-mbox-from-escaped"
_TEXTAREA = "description-leading-newline-dropped"
_TEXT_SPEAK = "description-text-speak-expanded"
_SCUNTHORPE = "description-substrings-masked"
_DOTS = "message-dot-stuffed"
_EMOTICONS = "message-emoticons-to-emoji"
_NULL_NAMES = "names-null-read-as-missing"
_DOB_1900 = "contact-dob-1900-read-as-missing"
_COMMA = "proxy-name-comma-reordered"
_POSTCODE = "contact-postcode-from-last-line"
_SUBSTRING = "preferred-substring-taken"
_EXTENSIONS = "extension-keys-ignored"
_KIND_20 = "outcome-kind-cut-at-20"
_WEEK_YEAR = "ack-date-week-based-year"
_UTC_DATE = "message-sent-at-utc-date-london-time"
_NO_FRACTION = "usage-vc-fraction-skipped"
_TOGGLES = "video-join-toggles-presence"
_HASH_ZERO = "usage-ids-python-hash-seed-zero"
_HASH_ZERO_310 = "usage-ids-python-hash-seed-zero-py310"
_QUEUE_CAP = "thread-capped-at-256kb"
_QUEUE_BYTES = 256 * 1024
_LRU = "usage-ids-lru-cache-1024"
_LRU_SIZE = 1024
ROUND14_FAULTS = frozenset(
    {
        _PHOTOS,
        _PROXIES,
        _LANDLINE,
        _DISTRESS,
        _MBOX,
        _TEXTAREA,
        _TEXT_SPEAK,
        _SCUNTHORPE,
        _DOTS,
        _EMOTICONS,
        _NULL_NAMES,
        _DOB_1900,
        _COMMA,
        _POSTCODE,
        _SUBSTRING,
        _EXTENSIONS,
        _KIND_20,
        _WEEK_YEAR,
        _UTC_DATE,
        _NO_FRACTION,
        _TOGGLES,
        _HASH_ZERO,
        _HASH_ZERO_310,
        _QUEUE_CAP,
        _LRU,
    }
)
_MOBILE = re.compile(r"^(?:44|0)7[0-9]{9}$")
_STRONG = re.compile(r"\b(?:terrible|awful|horrible|worst|unbearable|can't cope)\b", re.I)
_SPEAK = {"pls": "please", "plz": "please", "u": "you", "ur": "your", "2day": "today"}
_SPEAK |= {"2moro": "tomorrow", "tmrw": "tomorrow", "thx": "thanks", "b4": "before"}
_SPEAK |= {"gr8": "great", "cos": "because", "coz": "because"}
_SPEAK_WORDS = re.compile(r"\b(" + "|".join(map(re.escape, _SPEAK)) + r")\b", re.I)
_RUDE = re.compile("cunt|penis|cock|dick|shit|arse", re.I)
_EMOJI = {":-)": "\U0001f642", ":)": "\U0001f642", ":-(": "\U0001f641", ":(": "\U0001f641"}
_EMOJI |= {";)": "\U0001f609", ":D": "\U0001f600", "<3": "\u2764\ufe0f"}
_EMOJI_RE = re.compile("|".join(map(re.escape, _EMOJI)))
_POSTCODE_SHAPE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", re.I)
_METHODS = ",".join(m.value for m in ContactMethod)
_NULLS = ("Null", "NULL", "null", "None")


def ack_line(fault: str | None, sub: RequestSubmission) -> str:
    """A sentence the acknowledgement ends with, if the fault adds one to this request."""
    if fault == _PHOTOS and sub.attachments:
        return " As you sent a photo, please use NHS 111 online instead."
    if fault == _PROXIES and sub.requester.role is RequesterRole.PROXY:
        return " If you are asking for someone else, please call NHS 111."
    phone = re.sub(r"[^0-9]", "", sub.contact.phone or "")
    texts = sub.contact.preferred is ContactMethod.TEXT_MESSAGE
    if fault == _LANDLINE and texts and phone and not _MOBILE.match(phone):
        return " We cannot text a landline: if you need help sooner, use NHS 111 online instead."
    return ""


def ack_dated(fault: str | None, message: str, respond_by: datetime) -> str:
    """The acknowledgement's words; with the fault, a full date whose year is ISO's week year."""
    if fault != _WEEK_YEAR:
        return message
    local = respond_by.astimezone(CORE_HOURS.zone)
    year = local.isocalendar().year
    return f"Thank you. We will tell you by {local:%H:%M on %A %d %B} {year} how we will help."


def sent_at(fault: str | None, now: datetime) -> datetime:
    """A message's sent_at; with the fault, `datetime.combine(UTC date, London time)`."""
    if fault != _UTC_DATE:
        return now
    local = now.astimezone(CORE_HOURS.zone)
    return datetime.combine(now.astimezone(timezone.utc).date(), local.timetz())


def sent_to_111(fault: str | None, sub: RequestSubmission) -> str | None:
    """The 409 message of a tool scoring distress by strong words, if it turns `sub` away."""
    if fault == _DISTRESS and len(_STRONG.findall(sub.description)) >= 2:
        return "You sound very unwell: please use NHS 111 online or call 111 now."
    return None


def _description(fault: str | None, text: str) -> str:
    if fault == _MBOX:
        return re.sub(r"(?m)^From ", ">From ", text)
    if fault == _TEXTAREA:
        return text[2:] if text.startswith("\r\n") else text.removeprefix("\n")
    if fault == _TEXT_SPEAK:
        return _SPEAK_WORDS.sub(lambda m: _SPEAK[m.group(1).lower()], text)
    if fault == _SCUNTHORPE:
        return _RUDE.sub(lambda m: "*" * len(m.group()), text)
    return text


def _message(fault: str | None, text: str) -> str:
    if fault == _DOTS:
        return re.sub(r"(?m)^\.", "..", text)
    if fault == _EMOTICONS:
        return _EMOJI_RE.sub(lambda m: _EMOJI[m.group()], text)
    return text


def _without_extensions(value: Any) -> Any:
    if isinstance(value, dict):
        kept = {k: v for k, v in value.items() if not k.startswith(("x-", "_"))}
        return {k: _without_extensions(v) for k, v in kept.items()}
    if isinstance(value, list):
        return [_without_extensions(v) for v in value]
    return value


def read(fault: str | None, body: bytes, cls_name: str) -> bytes:
    """A body as a tool with one of this round's input faults reads (and stores) it."""
    if fault not in ROUND14_FAULTS:
        return body
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return body
    if not isinstance(data, dict):
        return body
    if fault == _EXTENSIONS:
        return orjson.dumps(_without_extensions(data))
    text = data.get("description") if cls_name == "RequestSubmission" else None
    if isinstance(text, str):
        data["description"] = _description(fault, text)
    text = data.get("body") if cls_name == "MessageSubmission" else None
    if isinstance(text, str):
        data["body"] = _message(fault, text)
    contact = data.get("contact")
    if isinstance(contact, dict):
        _contact(fault, contact, cls_name)
    return orjson.dumps(data)


def _contact(fault: str | None, contact: dict[str, Any], cls_name: str) -> None:
    preferred = contact.get("preferred")
    if fault == _SUBSTRING and isinstance(preferred, str) and preferred in _METHODS:
        # `value in settings_string`: any substring passes, stored as the method holding it.
        contact["preferred"] = next(m.value for m in ContactMethod if preferred in m.value)
    lines = contact.get("address_lines")
    movable = cls_name == "ContactDetailsSubmission" and not contact.get("postcode")
    last = lines[-1] if isinstance(lines, list) and lines else None
    shaped = isinstance(last, str) and _POSTCODE_SHAPE.match(last.strip()) is not None
    if fault == _POSTCODE and movable and shaped and isinstance(lines, list):
        contact["postcode"] = lines.pop().strip()


def practice_view(fault: str | None, seen: dict[str, Any]) -> None:
    """Change the practice's view of a request as this round's name faults do."""
    if fault == _NULL_NAMES:
        for name in ("given_name", "family_name"):
            if seen["patient"][name] in _NULLS:
                seen["patient"][name] = None
    requester = seen.get("requester") or {}
    proxy = requester.get("proxy_name")
    if fault == _COMMA and isinstance(proxy, str) and "," in proxy:
        last, first = proxy.split(",", 1)
        requester["proxy_name"] = f"{first.strip()} {last.strip()}"


def contact_view(fault: str | None, shown: bytes) -> bytes:
    """The practice's view of a contact update, with a 1900-01-01 date of birth as none."""
    if fault != _DOB_1900:
        return shown
    data = orjson.loads(shown)
    if data.get("patient", {}).get("date_of_birth") == "1900-01-01":
        data["patient"]["date_of_birth"] = None
    return orjson.dumps(data)


def status_view(fault: str | None, shown: bytes) -> bytes:
    """The patient's status as a tool keeping the outcome kind in a VARCHAR(20) shows it."""
    if fault != _KIND_20:
        return shown
    data = orjson.loads(shown)
    if isinstance(data.get("outcome"), dict):
        data["outcome"]["kind"] = data["outcome"]["kind"][:20]
    return orjson.dumps(data)


def vc_exported(fault: str | None, scheduled_start: datetime) -> bool:
    """Whether the usage export keeps a session (with the fault: not one with a fraction)."""
    return fault != _NO_FRACTION or scheduled_start.microsecond == 0


def join_toggles(fault: str | None) -> bool:
    """Whether a participant's second join marks them gone (the fault), not still there."""
    return fault == _TOGGLES


def record_id(fault: str | None, reference: str) -> str | None:
    """The usage record ID the fault makes for `reference` (None: the tool's own)."""
    if fault == _HASH_ZERO:
        return f"{zero_seed_hashes(reference)['Python 3.11+ (SipHash-1-3)'] & (2**64 - 1):x}"
    if fault == _HASH_ZERO_310:
        return str(zero_seed_hashes(reference)["Python 3.10 (SipHash-2-4)"])
    return None


def thread_answer(fault: str | None, thread: str, messages: tuple[SecureMessage, ...]) -> bytes:
    """The thread's JSON; with the fault, its oldest messages dropped until it fits 256 KB."""
    answer = to_json(MessageThread(thread=thread, messages=messages))
    while fault == _QUEUE_CAP and len(answer) > _QUEUE_BYTES and messages:
        messages = messages[1:]
        answer = to_json(MessageThread(thread=thread, messages=messages))
    return answer


def cached_id(fault: str | None, cache: OrderedDict[str, str], reference: str) -> str | None:
    """With the fault, a random record ID memoised in an LRU cache of 1,024 (else None)."""
    if fault != _LRU:
        return None
    if reference in cache:
        cache.move_to_end(reference)
        return cache[reference]
    cache[reference] = made = secrets.token_hex(16)
    if len(cache) > _LRU_SIZE:
        cache.popitem(last=False)
    return made
