"""Round 15: what the fourteenth outside set found the suite never sent, or never looked for.

Each check is proved against breaks it was not written for (neither the outside variants nor
the reference tool's fault modes): bodies read laxly in other ways (keys folded another way,
the last element of an array taken, empty contact fields read as none, combining marks
stripped before a length check), escapes decoded wrongly, one medicine corrected, an empty
address line moved or filled, proxies refused for one age or for a large photo, 111 in Welsh
or after another outcome, "tomorrow" a day off, a join forgotten after two minutes, a
started_at stamped early, an underscore read as a hyphen, about_request reaching one other
kind of record, a thread cut deeper or ordered to the second, a proxy known by a first name,
a follow-up of anything over a week old left out, an HMAC under another placeholder.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import attrs
import orjson
import pytest
from _inprocess import run_together

from gponline_sdk.conformance import checks  # noqa: F401 - registers the checks
from gponline_sdk.conformance.checks._invalid_bodies import body_cases, write_operations
from gponline_sdk.conformance.checks._nhs111 import sends_to_111
from gponline_sdk.conformance.checks._valid_bodies import instant_spellings
from gponline_sdk.conformance.checks._weekdays import relative_days
from gponline_sdk.conformance.checks.usage.pseudonyms import GUESSABLE_KEYS, Detector
from gponline_sdk.conformance.contract import MessageSubmission, Participant, RequestSubmission
from gponline_sdk.conformance.core import Status
from gponline_sdk.conformance.results import CheckResult
from gponline_sdk.models import (
    ConsultationRequest,
    OutcomeKind,
    Requester,
    RequesterRole,
    SecureMessage,
)
from gponline_sdk.reference.tool.faults import round15


def _run(names: list[str]) -> list[CheckResult]:
    return list(run_together(names).values())


def _status(check: str) -> Status:
    (only,) = [r for r in _run([check]) if r.check_id == check]
    return only.status


def _read_with(change: Callable[[Any, str], Any]) -> Callable[[str | None, bytes, str], bytes]:
    """A read hook applying `change(data, class name)` to every parsed body."""

    def read(_fault: str | None, body: bytes, cls_name: str) -> bytes:
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError:
            return body
        return orjson.dumps(change(data, cls_name))

    return read


# -- bodies read laxly: names, arrays, empty strings, lengths --------------------------------


def _fold_names(known: set[str], where: str) -> Callable[[Any, str], Any]:
    """Keys matched to a known field by letters alone (no case, no underscores), at `where`."""
    by_letters = {k.replace("_", "").lower(): k for k in known}

    def walk(value: Any, depth: int) -> Any:
        if isinstance(value, list):
            return [walk(v, depth) for v in value]
        if not isinstance(value, dict):
            return value
        fold = where == "all" or (where == "top") == (depth == 0)
        return {
            (by_letters.get(k.replace("_", "").lower(), k) if fold else k): walk(v, depth + 1)
            for k, v in value.items()
        }

    return lambda data, _cls: walk(data, 0)


def _known_names() -> set[str]:
    from gponline_sdk.conformance.contract import openapi_document

    names: set[str] = set()
    for schema in openapi_document()["components"]["schemas"].values():
        names |= set(schema.get("properties", {}))
    return names


@pytest.mark.parametrize(
    ("op", "where"),
    [
        *((op, where) for op in ("requests", "contact-details") for where in ("top", "nested")),
        # A video booking and a message have no nested object the valid body fills.
        ("video-schedule", "all"),
        ("messages-in", "all"),
        ("video-join", "all"),
    ],
)
def test_field_names_matched_loosely_anywhere_are_refused(
    op: str, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(round15, "read", _read_with(_fold_names(_known_names(), where)))
    assert _status(f"robustness.invalid-input.{op}") is Status.FAIL


def test_an_array_body_read_by_its_last_element_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def last(data: Any, _cls: str) -> Any:
        return data[-1] if isinstance(data, list) and data else data

    monkeypatch.setattr(round15, "read", _read_with(last))
    assert _status("robustness.invalid-input.requests") is Status.FAIL


@pytest.mark.parametrize(("field", "op"), [("postcode", "contact-details"), ("email", "requests")])
def test_an_empty_contact_field_read_as_none_is_refused(
    field: str, op: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def drop_empty(data: Any, _cls: str) -> Any:
        contact = data.get("contact") if isinstance(data, dict) else None
        if isinstance(contact, dict) and contact.get(field) == "":
            del contact[field]
        return data

    monkeypatch.setattr(round15, "read", _read_with(drop_empty))
    assert _status(f"robustness.invalid-input.{op}") is Status.FAIL


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@pytest.mark.parametrize(
    ("field", "op"),
    [("body", "messages-in"), ("body", "messages-out"), ("description", "requests")],
)
def test_text_counted_without_its_combining_marks_is_refused(
    field: str, op: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Not the fault (NFC): the marks stripped before the count, and the text kept so.
    def strip(data: Any, _cls: str) -> Any:
        if isinstance(data, dict) and isinstance(data.get(field), str):
            data[field] = _strip_marks(data[field])
        return data

    monkeypatch.setattr(round15, "read", _read_with(strip))
    assert _status(f"robustness.invalid-input.{op}") is Status.FAIL


def test_every_write_operation_has_the_new_cases() -> None:
    for op in write_operations():
        valid = {"practice_code": "A12345"}
        kinds = {c.kind for c in body_cases(op, valid)}
        assert "an array of bodies" in kinds, op.label
    request = next(o for o in write_operations() if o.path == "/requests")
    body = {
        "practice_code": "A12345",
        "category": "clinical_request",
        "patient": {"given_name": "A", "family_name": "B", "date_of_birth": "2000-01-01"},
        "requester": {"role": "patient"},
        "contact": {"email": "a@example.org"},
        "description": "x",
    }
    cases = body_cases(request, body)
    renamed = {c.field for c in cases if c.kind == "renamed field"}
    wanted = {"$.Category", "$.practiceCode", "$.patient.Given_name", "$.patient.familyName"}
    assert wanted <= renamed
    empty = {c.field for c in cases if c.kind == "empty"}
    assert "$.patient.nhs_number" in empty
    (long,) = [
        c for c in cases if c.kind == "too long in code points" and c.field == "$.description"
    ]
    assert len(long.sent) == 10_001
    assert len(unicodedata.normalize("NFC", long.sent)) <= 10_000


# -- the practice sees the text as sent ------------------------------------------------------


@pytest.mark.parametrize(
    "decode",
    [
        # Not the fault (two U+FFFD): one U+FFFD for the pair; and '?' for any escaped character.
        lambda t: "".join("\ufffd" if ord(c) > 0xFFFF else c for c in t),
        lambda t: "".join("?" if ord(c) > 0x7F else c for c in t),
    ],
    ids=["one replacement per pair", "question marks"],
)
def test_text_sent_escaped_and_read_back_otherwise_fails(
    decode: Callable[[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def read(_fault: str | None, body: bytes, cls_name: str) -> bytes:
        if b"\\u" not in body or cls_name != "RequestSubmission":
            return body
        data = orjson.loads(body)
        data["description"] = decode(data["description"])
        return orjson.dumps(data)

    monkeypatch.setattr(round15, "read", read)
    assert _status("requests.exactly-as-sent") is Status.FAIL


@pytest.mark.parametrize(
    ("wrong", "right"), [("ventalin", "ventolin"), ("paracetemol", "paracetamol")]
)
def test_one_medicine_spelling_corrected_fails(
    wrong: str, right: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(round15, "practice_description", lambda _f, t: t.replace(wrong, right))
    assert _status("requests.exactly-as-sent") is Status.FAIL


@pytest.mark.parametrize(
    "change",
    [
        lambda lines: [line or "-" for line in lines],
        lambda lines: sorted(lines, key=lambda x: x == ""),
    ],
    ids=["filled with a dash", "moved to the end"],
)
@pytest.mark.parametrize("check", ["requests.exactly-as-sent", "channels.contact-details-as-sent"])
def test_an_empty_address_line_changed_fails(
    check: str, change: Callable[[list[str]], list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    def lines(data: Any, _cls: str) -> Any:
        contact = data.get("contact") if isinstance(data, dict) else None
        if isinstance(contact, dict) and isinstance(contact.get("address_lines"), list):
            contact["address_lines"] = change(contact["address_lines"])
        return data

    monkeypatch.setattr(round15, "read", _read_with(lines))
    assert _status(check) is Status.FAIL


# -- proxies ---------------------------------------------------------------------------------


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@pytest.mark.parametrize(
    "rule",
    [
        lambda sub, today: _age(sub.patient.date_of_birth, today) == 16,
        lambda sub, today: _age(sub.patient.date_of_birth, today) == 17,
        lambda sub, _today: any(a.size_bytes > 1_000_000 for a in sub.attachments),
    ],
    ids=["exactly 16", "exactly 17", "a photo over 1 MB"],
)
def test_a_proxy_refused_for_one_age_or_a_large_photo_fails(
    rule: Callable[[RequestSubmission, date], bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    from gponline_sdk.errors import Problem

    def refusal(_fault: str | None, sub: RequestSubmission, today: date) -> Problem | None:
        if sub.requester.role is RequesterRole.PROXY and rule(sub, today):
            return Problem(location="$.requester", message="not from a proxy")
        return None

    monkeypatch.setattr(round15, "request_refusal", refusal)
    assert _status("requests.proxy-wordings") is Status.FAIL


# -- NHS 111 in Welsh, and after another outcome ---------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        " Ffoniwch 111 yn hytrach nag aros amdanom.",  # call 111 rather than wait for us
        " Ewch i 111.wales.nhs.uk.",  # go to 111 online, no condition
    ],
)
def test_a_welsh_hand_over_to_111_fails(line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def ack(_fault: str | None, sub: RequestSubmission, _outcome: Any) -> str:
        return line if "Diolch" in sub.description else ""

    monkeypatch.setattr(round15, "ack_line", ack)
    assert _status("availability.no-111-any-script") is Status.FAIL


def test_welsh_safety_nets_are_not_hand_overs() -> None:
    assert not sends_to_111("Os bydd pethau'n gwaethygu cyn hynny, ffoniwch GIG 111.")
    assert not sends_to_111("Mewn argyfwng, ffoniwch 999.")
    assert sends_to_111("Defnyddiwch GIG 111 ar-lein yn lle hynny.")


@pytest.mark.parametrize("kind", [OutcomeKind.SIGNPOSTED_PHARMACY, OutcomeKind.REFERRED])
def test_a_follow_up_after_another_signpost_told_111_fails(
    kind: OutcomeKind, monkeypatch: pytest.MonkeyPatch
) -> None:
    def ack(_fault: str | None, sub: RequestSubmission, outcome_of: Any) -> str:
        if sub.follows_up and outcome_of(sub.follows_up) is kind:
            return " Please use NHS 111 online instead."
        return ""

    monkeypatch.setattr(round15, "ack_line", ack)
    assert _status("availability.no-111-redirect") is Status.FAIL


# -- "tomorrow" in the closed message ---------------------------------------------------------


@pytest.mark.parametrize(
    "words",
    [
        # Not the fault (48 hours): 72 hours; any weekend day; "the day after tomorrow" 3 days.
        lambda nxt, now: "tomorrow" if timedelta(0) < nxt - now < timedelta(hours=72) else None,
        lambda nxt, now: "tomorrow" if now.weekday() >= 5 else None,
        lambda nxt, now: "the day after tomorrow" if nxt - now > timedelta(hours=48) else None,
    ],
    ids=["within 72 hours", "at weekends", "the day after tomorrow beyond 48 hours"],
)
def test_a_relative_day_off_by_one_fails(
    words: Callable[[datetime, datetime], str | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(round15, "opening_words", lambda _f, nxt, now: words(nxt, now))
    assert _status("availability.out-of-hours") is Status.FAIL


def test_relative_days_are_read_only_where_tied_to_the_opening() -> None:
    assert relative_days("We are closed for today; use NHS 111 if you need help today.") == []
    assert relative_days("A pharmacist can help you tomorrow; we reopen on Monday.") == []
    assert relative_days("You can send a request from 08:00 today.") == [("today", 0)]


# -- video -----------------------------------------------------------------------------------


def test_a_join_forgotten_after_two_minutes_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def joined(
        _f: str | None,
        joined: set[Participant],
        seen: dict[Participant, datetime],
        who: Participant,
        now: datetime,
    ) -> None:
        seen[who] = now
        for other, at in list(seen.items()):
            if now - at > timedelta(minutes=2):
                joined.discard(other)

    monkeypatch.setattr(round15, "joined_now", joined)
    assert _status("channels.video-consultation") is Status.FAIL


def test_started_at_stamped_on_the_professionals_join_alone_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Not the fault (the first join, either side): the professional's join alone stamps it.
    monkeypatch.setattr(round15, "started_early", lambda _f, who: who is Participant.PROFESSIONAL)
    assert _status("channels.video-consultation") is Status.FAIL


@pytest.mark.parametrize(
    "lookup",
    [
        lambda ref, sessions: ref.replace("_", "-"),
        lambda ref, sessions: next((s for s in sessions if s.startswith(ref.rstrip("_"))), ref),
    ],
    ids=["underscores read as hyphens", "a trailing underscore as any suffix"],
)
def test_a_session_found_by_a_lookalike_with_underscores_fails(
    lookup: Callable[[str, dict[str, Any]], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(round15, "like_reference", lambda _f, ref, sessions: lookup(ref, sessions))
    assert _status("channels.video-unknown-reference") is Status.FAIL


def test_a_minus_zero_offset_read_as_another_offset_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    # Not the fault (refused): '-00:00' read as the server's local offset, London in summer.
    def read(_fault: str | None, body: bytes, _cls: str) -> bytes:
        return body.replace(b'-00:00"', b'+01:00"')

    monkeypatch.setattr(round15, "read", read)
    assert _status("robustness.valid-input.video-schedule") is Status.FAIL


def test_minus_zero_is_a_spelling_of_every_instant() -> None:
    assert "2026-12-02T10:00:00-00:00" in instant_spellings("2026-12-02T11:00:00+01:00")
    assert "2026-12-02T10:00:00.25-00:00" in instant_spellings("2026-12-02T10:00:00.250Z")


# -- messages --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["contact", "video"])
def test_about_request_reaching_one_other_kind_of_record_fails(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def any_record(_f: str | None, about: str | None, contacts: Any, video: Any) -> bool:
        return about is not None and about in (contacts if kind == "contact" else video)

    monkeypatch.setattr(round15, "about_any_record", any_record)
    assert _status("channels.message-replies-to-requests") is Status.FAIL


def _to_the_second(messages: tuple[SecureMessage, ...]) -> tuple[SecureMessage, ...]:
    """Ordered by sent_at cut to the second, newest first within one second."""
    ranked = sorted(enumerate(messages), key=lambda p: (p[1].sent_at.replace(microsecond=0), -p[0]))
    return tuple(m for _, m in ranked)


def _cut_at(depth: int) -> Callable[[tuple[SecureMessage, ...]], tuple[SecureMessage, ...]]:
    def cut(messages: tuple[SecureMessage, ...]) -> tuple[SecureMessage, ...]:
        return messages[: depth + 1]

    return cut


@pytest.mark.parametrize(
    "shown",
    [_to_the_second, _cut_at(55), _cut_at(30)],
    ids=["to the second, newest first", "cut at depth 55", "cut at depth 30"],
)
def test_a_deep_thread_cut_or_ordered_to_the_second_fails(
    shown: Callable[[tuple[SecureMessage, ...]], tuple[SecureMessage, ...]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(round15, "thread_shown", lambda _f, messages: shown(messages))
    assert _status("channels.message-thread-deep") is Status.FAIL


def test_a_proxy_known_by_first_name_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    known: dict[str, Requester] = {}

    def named(_f: str | None, sub: MessageSubmission, _known: Any) -> MessageSubmission:
        requester = sub.requester
        if requester is None or requester.proxy_name is None:
            return sub
        first = known.setdefault(requester.proxy_name.split()[0], requester)
        return attrs.evolve(sub, requester=first)

    monkeypatch.setattr(round15, "proxy_named", named)
    assert _status("channels.message-proxies") is Status.FAIL


# -- usage -----------------------------------------------------------------------------------


def test_a_follow_up_of_a_request_over_a_week_old_left_out_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def left_out(
        _f: str | None,
        request: ConsultationRequest,
        requests: dict[str, ConsultationRequest],
        _in_week: Any,
    ) -> bool:
        earlier = requests.get(request.follows_up or "")
        return earlier is not None and request.submitted_at - earlier.submitted_at > timedelta(7)

    monkeypatch.setattr(round15, "follow_up_left_out", left_out)
    assert _status("usage-data.oc-whatever-next") is Status.FAIL


@pytest.mark.parametrize(
    ("key", "algo", "framed"),
    [("$PSEUDONYM_KEY", hashlib.sha256, False), ("${SECRET_KEY}", hashlib.sha1, True)],
)
def test_record_ids_keyed_with_another_placeholder_fail(
    key: str, algo: Any, framed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert key in GUESSABLE_KEYS

    def made(_f: str | None, reference: str) -> str:
        text = f"oc_record:{reference}" if framed else reference
        return hmac.new(key.encode(), text.encode(), algo).hexdigest()[:40]

    monkeypatch.setattr(round15, "record_id", made)
    assert _status("usage-data.keyed-pseudonyms") is Status.FAIL


def test_the_detector_names_the_placeholder() -> None:
    digest = hmac.new(b"{{HMAC_KEY}}", b"REF-1234567", hashlib.sha256).hexdigest()
    found = Detector(["REF-1234567"], keys=GUESSABLE_KEYS).derivation(digest)
    assert found is not None
    assert "{{HMAC_KEY}}" in found
