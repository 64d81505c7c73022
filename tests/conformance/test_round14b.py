"""Round 14, second part: what the thirteenth outside set found the suite never sent.

Each check is proved against breaks it was not written for (not the reference tool's fault
modes): free text changed in one of the new shapes only (a line starting "From " or ".",
a leading line break, text speak, emoticons, words inside words, the names Null and None, a
proxy's "Surname, Forename"); a contact update's 1 January 1900 or its postcode-shaped last
line; an outcome kind changed for any one kind; an acknowledgement's year or day wrong only
around the new year; a message's date wrong only after midnight in summer; a video session
left out of the usage data for any length of fraction; a hand-over to NHS 111 for texts to
a landline; JSON labelled with a charset refused however the label is read; unknown keys and
enum values that a lax validator takes, for every operation.
"""

from __future__ import annotations

import itertools
import os
import random
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import orjson
import pytest
from _passthrough import PassThroughMasker

import gponline_sdk.reference.tool as tool
from gponline_sdk.conformance import checks  # noqa: F401 - registers the checks
from gponline_sdk.conformance.catalogue import load_catalogue
from gponline_sdk.conformance.checks import _fidelity as corpus
from gponline_sdk.conformance.checks._invalid_bodies import body_cases, write_operations
from gponline_sdk.conformance.checks._leaf_cases import enum_outsiders
from gponline_sdk.conformance.checks.response import foreign_dates
from gponline_sdk.conformance.checks.usage.builtin_hash import zero_seed_hashes
from gponline_sdk.conformance.checks.usage.pseudonyms import Detector
from gponline_sdk.conformance.contract import MessageThread, RequestSubmission, openapi_document
from gponline_sdk.conformance.core import CHECKS, Status
from gponline_sdk.conformance.results import CheckResult
from gponline_sdk.conformance.runner import run_checks
from gponline_sdk.conformance.target import HttpTarget, InProcessTarget
from gponline_sdk.models import CORE_HOURS, ContactMethod, OutcomeKind, SecureMessage
from gponline_sdk.reference.tool import ReferenceTool, serve_in_thread
from gponline_sdk.reference.tool.faults import round14
from gponline_sdk.serde import to_json


def _run(names: list[str], *, http: bool = False) -> list[CheckResult]:
    chosen = [CHECKS[n] for n in names] if names else list(CHECKS.values())
    if http:
        with serve_in_thread(None) as url, HttpTarget(url) as target:
            result = run_checks(
                chosen,
                target=target,
                catalogue=load_catalogue(),
                target_description=url,
                masker=PassThroughMasker(),
            )
    else:
        result = run_checks(
            chosen,
            target=InProcessTarget(ReferenceTool()),
            catalogue=load_catalogue(),
            target_description="t",
            masker=PassThroughMasker(),
        )
    return list(result.results)


def _status(results: list[CheckResult], check_id: str) -> CheckResult:
    (only,) = [r for r in results if r.check_id == check_id]
    return only


# -- free text the practice must see as sent ------------------------------------------------

_DESCRIPTION_BREAKS: dict[str, Callable[[str], str]] = {
    # Not the fault modes: other ways of changing only the new shapes.
    "'From ' lines unescaped wrongly": lambda t: re.sub(r"(?m)^From ", "From: ", t),
    "leading dots removed": lambda t: re.sub(r"(?m)^\.", "", t),
    "a leading CRLF made LF": lambda t: "\n" + t[2:] if t.startswith("\r\n") else t,
    "a leading LF dropped only": lambda t: t[1:] if t.startswith("\n") else t,
    "'u' expanded alone": lambda t: re.sub(r"\bu\b", "you", t),
    "'2moro' expanded alone": lambda t: t.replace("2moro", "tomorrow"),
    "'arse' masked inside words": lambda t: re.sub("arse", "****", t, flags=re.I),
    "'sex' masked inside words": lambda t: re.sub("sex", "***", t, flags=re.I),
    "':(' made ':-('": lambda t: t.replace(":(", ":-("),
    "'<3' made a heart": lambda t: t.replace("<3", "\u2665"),
}


@pytest.mark.parametrize("what", sorted(_DESCRIPTION_BREAKS))
def test_a_description_changed_in_one_new_shape_only_fails(
    what: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    change = _DESCRIPTION_BREAKS[what]

    def view(_fault: str | None, seen: dict[str, Any]) -> None:
        seen["description"] = change(seen["description"])

    monkeypatch.setattr(round14, "practice_view", view)
    result = _status(_run(["requests.exactly-as-sent"]), "requests.exactly-as-sent")
    assert result.status is Status.FAIL, what
    assert "description" in (result.message or "")


def _none_missing(seen: dict[str, Any]) -> None:
    if seen["patient"]["given_name"] == "None":
        seen["patient"]["given_name"] = None


def _null_upper(seen: dict[str, Any]) -> None:
    seen["patient"]["given_name"] = seen["patient"]["given_name"].replace("Null", "NULL")


def _comma_dropped(seen: dict[str, Any]) -> None:
    requester = seen.get("requester") or {}
    if requester.get("proxy_name"):
        requester["proxy_name"] = requester["proxy_name"].replace(",", "")


_NAME_BREAKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "only 'None' read as missing": _none_missing,
    "'Null' upper-cased (a keyword)": _null_upper,
    "a comma in a proxy's name dropped": _comma_dropped,
}


@pytest.mark.parametrize("what", sorted(_NAME_BREAKS))
def test_a_name_read_as_missing_or_reordered_fails(
    what: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    change = _NAME_BREAKS[what]
    monkeypatch.setattr(round14, "practice_view", lambda _fault, seen: change(seen))
    result = _status(_run(["requests.exactly-as-sent"]), "requests.exactly-as-sent")
    assert result.status is Status.FAIL, what


_MESSAGE_BREAKS: dict[str, Callable[[str], str]] = {
    "leading dots removed": lambda t: re.sub(r"(?m)^\.", "", t),
    "'From ' lines quoted": lambda t: re.sub(r"(?m)^From ", ">From ", t),
    "';)' made an emoji": lambda t: t.replace(";)", "\U0001f609"),
    "':D' made an emoji": lambda t: t.replace(":D", "\U0001f600"),
}


@pytest.mark.parametrize("what", sorted(_MESSAGE_BREAKS))
def test_a_message_changed_in_one_new_shape_only_fails(
    what: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    change = _MESSAGE_BREAKS[what]
    real = round14.read

    def read(fault: str | None, body: bytes, cls_name: str) -> bytes:
        if cls_name != "MessageSubmission":
            return real(fault, body, cls_name)
        data = orjson.loads(body)
        data["body"] = change(data["body"])
        return orjson.dumps(data)

    monkeypatch.setattr(round14, "read", read)
    check = "channels.message-patient-to-practice"
    assert _status(_run([check]), check).status is Status.FAIL, what


def test_a_contact_update_from_a_patient_born_in_1900_is_sent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Not the fault: a date before 1901 read back as the day after (an epoch off by one).
    def view(_fault: str | None, shown: bytes) -> bytes:
        return shown.replace(b'"1900-01-01"', b'"1900-01-02"')

    monkeypatch.setattr(round14, "contact_view", view)
    check = "channels.contact-details-as-sent"
    assert _status(_run([check]), check).status is Status.FAIL


def test_a_postcode_typed_as_the_last_address_line_must_stay_there(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Not the fault: the postcode-shaped line dropped (an address cleaner), not moved.
    def read(_fault: str | None, body: bytes, cls_name: str) -> bytes:
        data = orjson.loads(body)
        contact = data.get("contact") if isinstance(data, dict) else None
        lines = contact.get("address_lines") if isinstance(contact, dict) else None
        if cls_name == "ContactDetailsSubmission" and lines and re.match(r"^[A-Z]{2}\d", lines[-1]):
            lines.pop()
        return orjson.dumps(data)

    monkeypatch.setattr(round14, "read", read)
    check = "channels.contact-details-as-sent"
    assert _status(_run([check]), check).status is Status.FAIL


def test_the_fidelity_corpus_holds_the_new_shapes_and_stays_valid() -> None:
    text = corpus.description(random.Random(1), "m", start="\r\n")
    assert text.startswith("\r\nm: ")
    for shape in ("\nFrom ", "\n.5 ml", "Scunthorpe", "2moro", ":-(", "<3"):
        assert shape in text
    assert corpus.birth_dates(datetime(2026, 11, 13).date())[1].isoformat() == "1900-01-01"


# -- outcome kinds, every one --------------------------------------------------------------


@pytest.mark.parametrize("kind", list(OutcomeKind), ids=[k.value for k in OutcomeKind])
def test_any_one_outcome_kind_shown_otherwise_fails(
    kind: OutcomeKind, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = next(k for k in OutcomeKind if k is not kind)

    def view(_fault: str | None, shown: bytes) -> bytes:
        return shown.replace(f'"kind":"{kind.value}"'.encode(), f'"kind":"{other.value}"'.encode())

    monkeypatch.setattr(round14, "status_view", view)
    check = "response.outcome-shown"
    assert _status(_run([check]), check).status is Status.FAIL, kind


# -- the whole run's acknowledgements, read for dates ----------------------------------------


def _year_formats() -> Iterator[tuple[str, Callable[[datetime], str], bool]]:
    # (what, respond_by's London date as written, fails?)
    def iso_year(d: datetime) -> str:
        return f"{d:%d %B} {d.isocalendar().year}"

    yield "'d MMMM YYYY' (ISO week year)", iso_year, True
    yield "'MMMM d, YYYY' (ISO week year)", lambda d: f"{d:%B %d}, {d.isocalendar().year}", True
    yield "the next day, no year", lambda d: f"{d + timedelta(days=1):%d %B}", True
    yield "'d MMMM yyyy' (right)", lambda d: f"{d:%A %d %B %Y}", False
    yield "'MMMM d, yyyy' (right)", lambda d: f"{d:%B %d, %Y}", False


@pytest.mark.parametrize(
    ("what", "written", "fails"), list(_year_formats()), ids=[w for w, *_ in _year_formats()]
)
def test_an_acknowledgement_date_wrong_only_on_some_days_fails(
    what: str, written: Callable[[datetime], str], fails: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    def dated(_fault: str | None, _message: str, respond_by: datetime) -> str:
        local = respond_by.astimezone(CORE_HOURS.zone)
        return f"Thank you. We will tell you by {local:%H:%M} on {written(local)}."

    monkeypatch.setattr(round14, "ack_dated", dated)
    result = _status(_run([]), "response.ack-dates-anywhere")
    assert (result.status is Status.FAIL) is fails, (what, result.message)


def test_a_year_written_after_the_month_is_read() -> None:
    day = datetime(2025, 12, 30).date()
    assert foreign_dates("by 18:30 on Tuesday 30 December 2026", "R", day) == ["30 December 2026"]
    assert foreign_dates("by 18:30 on December 30, 2026.", "R", day) == ["December 30, 2026"]
    assert foreign_dates("by 18:30 on 30 December 2025", "R", day) == []
    assert foreign_dates("at 18:30 on 30 December 18:30", "R", day) == []


# -- a message's date after midnight in summer, a video start's fraction ---------------------


def test_a_message_dated_by_london_date_and_utc_time_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Not the fault: the London date with the UTC time of day (an hour early in summer).
    def sent_at(_fault: str | None, now: datetime) -> datetime:
        local = now.astimezone(CORE_HOURS.zone)
        return datetime.combine(local.date(), now.astimezone(timezone.utc).timetz())

    monkeypatch.setattr(round14, "sent_at", sent_at)
    check = "channels.message-long-thread"
    assert _status(_run([check]), check).status is Status.FAIL


@pytest.mark.parametrize("digits", [1, 2, 3, 4, 5, 6])
def test_a_video_session_left_out_for_any_length_of_fraction_fails(
    digits: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A parser taking some fraction lengths only (Python 3.10's fromisoformat: 3 or 6).
    def exported(_fault: str | None, start: datetime) -> bool:
        text = f"{start.microsecond:06d}".rstrip("0")
        return len(text) != digits

    monkeypatch.setattr(round14, "vc_exported", exported)
    check = "usage-data.vc-records-count"
    assert _status(_run([check]), check).status is Status.FAIL, digits


# -- NHS 111 for texts to a landline; JSON labels --------------------------------------------


def test_a_hand_over_for_texts_to_a_landline_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def line(_fault: str | None, sub: RequestSubmission) -> str:
        phone = re.sub(r"\D", "", sub.contact.phone or "")
        texts = sub.contact.preferred is ContactMethod.TEXT_MESSAGE
        landline = phone.startswith(("01", "02", "441", "442"))
        return " We cannot text you: call NHS 111 instead." if texts and landline else ""

    monkeypatch.setattr(round14, "ack_line", line)
    result = _status(_run([]), "availability.no-111-anywhere")
    assert result.status is Status.FAIL
    assert "preferring text_message" in (result.message or "")


@pytest.mark.parametrize(
    "reads",
    [
        pytest.param(lambda h: h if '"' in h else h.split(";")[0].strip().lower(), id="quotes"),
        pytest.param(lambda h: h.split(";")[0].strip() if " " in h else h, id="no-space"),
    ],
)
def test_json_labelled_with_a_charset_refused_however_read_fails(
    reads: Callable[[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tool, "media_type_of", lambda _fault, header: reads(header))
    check = "robustness.json-labels-taken"
    result = _status(_run([check], http=True), check)
    assert result.status is Status.FAIL
    assert "HTTP 415" in (result.message or "")


# -- invalid bodies a lax validator takes --------------------------------------------------


def _word_enums() -> Iterator[list[str]]:
    def walk(node: Any) -> Iterator[list[str]]:
        if isinstance(node, dict):
            members = node.get("enum")
            words = isinstance(members, list) and all(isinstance(m, str) for m in members)
            if words and any(len(m) > 2 for m in members):
                yield members
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    yield from walk(openapi_document()["components"]["schemas"])


def test_every_word_enum_has_outsiders_a_substring_check_takes() -> None:
    enums = list(_word_enums())
    assert len(enums) >= 5
    for members in enums:
        listed = ",".join(members)
        takes = [o for o in enum_outsiders(members) if o in listed]
        assert takes, members
        assert not set(takes) & set(members)


def test_unknown_keys_are_named_as_extensions_inside_a_request() -> None:
    (op,) = [op for op in write_operations() if op.schema_name == "RequestSubmission"]
    valid = {
        "practice_code": "A12345",
        "category": "administrative_request",
        "patient": {"given_name": "A", "family_name": "B", "date_of_birth": "1990-01-01"},
        "requester": {"role": "patient"},
        "contact": {"email": "a@example.org"},
        "description": "x",
        "attachments": [{"media_type": "image/jpeg", "size_bytes": 1, "sha256": "a" * 64}],
    }
    unknown = {c.segments for c in body_cases(op, valid) if c.kind == "unknown field"}
    assert ("zz_not_in_contract",) in unknown  # at the top: the plain unknown name
    assert ("patient", "_source") in unknown  # inside: a private key's shape
    assert ("attachments", "0", "x-debug") in unknown  # deeper: an OpenAPI extension's shape


# -- Python's hash() with PYTHONHASHSEED=0 ---------------------------------------------------

_TEXTS = ["OC-2026-000123", "a", "Zoë Ögün", "日本語の参照", "ref-😀-9", "x" * 41]


def test_the_zero_seed_hash_is_the_running_pythons_own() -> None:
    # The interpreter running the tests, with randomisation off, is the authority.
    script = "import sys; print(*(hash(t) for t in sys.argv[1:]))"
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [sys.executable, "-c", script, *_TEXTS], env=env, capture_output=True, text=True, check=True
    )
    version = (
        "Python 3.10 (SipHash-2-4)" if sys.version_info < (3, 11) else "Python 3.11+ (SipHash-1-3)"
    )
    ours = [zero_seed_hashes(t)[version] for t in _TEXTS]
    assert [int(x) for x in done.stdout.split()] == ours


@pytest.mark.parametrize(
    "form",
    [
        pytest.param(lambda h: f"{h & (2**64 - 1):016x}", id="hex"),
        pytest.param(lambda h: f"rid_{h & (2**64 - 1):x}", id="prefixed"),
        pytest.param(str, id="decimal"),
        pytest.param(lambda h: f"{abs(h):x}".upper(), id="abs-hex-upper"),
    ],
)
def test_record_ids_from_the_zero_seed_hash_are_found(form: Callable[[int], str]) -> None:
    references = [f"OC-2027-{n:06d}" for n in range(5)]
    detector = Detector(references)
    for reference in references:
        for value in zero_seed_hashes(reference).values():
            assert detector.derivation(form(value)) is not None, reference


# -- a thread too large for a queue; record IDs a cache forgets ------------------------------


def test_a_large_thread_cut_any_way_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    # Not the fault: a 200 KB cap that drops the newest messages, not the oldest.
    def answer(_fault: str | None, thread: str, messages: tuple[SecureMessage, ...]) -> bytes:
        while len(to_json(MessageThread(thread=thread, messages=messages))) > 200_000:
            messages = messages[:-1]
        return to_json(MessageThread(thread=thread, messages=messages))

    monkeypatch.setattr(round14, "thread_answer", answer)
    check = "channels.message-thread-large"
    assert _status(_run([check]), check).status is Status.FAIL


def test_record_ids_a_first_in_first_out_cache_forgets_fail(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Not the fault: first in, first out, 800 entries, IDs counted up (not random).
    made: dict[str, str] = {}
    serial = itertools.count(1)

    def cached(_fault: str | None, _cache: object, reference: str) -> str:
        if reference not in made:
            made[reference] = f"id{next(serial):012d}{'x' * 8}"
            if len(made) > 800:
                del made[next(iter(made))]
        return made[reference]

    monkeypatch.setattr(round14, "cached_id", cached)
    check = "usage-data.oc-full-week"
    result = _status(_run([check]), check)
    assert result.status is Status.FAIL
    assert "read again a moment later" in (result.message or "")
