"""Round 16: what the fifteenth outside set found the suite never sent, or never looked for.

Each check is proved against breaks it was not written for (neither the outside variants nor
the reference tool's fault modes): respond_by put off for one contact preference, a
reference written without its hyphens, `%s` left in a proxy's acknowledgement, a reply
refused for a second after a read, record IDs from other seeded streams and byte orders, a
cap of 320 after a holiday, a quota on a day's photo bytes, 111 told to anyone ever turned
away, advice questions filed as administrative, lines past the ninth joined into it, a
lookup by the first six characters or without '.xml', Mustache filling '{{reference}}',
bodies under two characters refused, nested quotes dropped, the patient's rejoin starting a
session, and a one-minute session exported as two.
"""

from __future__ import annotations

import random
import secrets
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from _inprocess import run_together

from gponline_sdk.conformance import checks  # noqa: F401 - registers the checks
from gponline_sdk.conformance.checks import ack_rules_anywhere
from gponline_sdk.conformance.checks._nhs111 import sends_to_111
from gponline_sdk.conformance.checks.holiday_caps import AFTER_HOLIDAY
from gponline_sdk.conformance.checks.unknown_refs import partial_references, unknown_references
from gponline_sdk.conformance.checks.usage.counts import _PARALLEL, _SESSIONS, _minutes
from gponline_sdk.conformance.checks.usage.guessable import STREAM_DRAWS, seeded_stream
from gponline_sdk.conformance.contract import MessageSubmission, Participant, RequestSubmission
from gponline_sdk.conformance.core import Status
from gponline_sdk.conformance.target._acknowledged import Acknowledged
from gponline_sdk.models import (
    CORE_HOURS,
    ConsultationRequest,
    ContactMethod,
    RequestCategory,
    RequesterRole,
)
from gponline_sdk.reference.tool.faults import round16

_run = run_together


def _status(check: str, *before: str) -> Status:
    """The status of `check`, run after the checks `before` (an 'anywhere' check reads them)."""
    return _run([*before, check])[check].status


# -- every acknowledgement of the run: its words and its date --------------------------------------


def test_respond_by_put_off_for_one_contact_preference_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Letters go out the next morning: a 'post' patient is promised the next working day."""

    def late(_f: str | None, sub: RequestSubmission, now: datetime, due: datetime) -> datetime:
        if sub.contact.preferred is not ContactMethod.POST:
            return due
        return due + timedelta(days=1)

    monkeypatch.setattr(round16, "respond_by", late)
    assert _status("response.same-day-anywhere", "availability.open-in-core-hours") is Status.FAIL
    # The check that sent them does not look at respond_by: only the run-wide one finds it.
    assert _status("availability.open-in-core-hours") is Status.PASS


@pytest.mark.parametrize(
    ("sent", "promised", "late"),
    [
        # In summer London is UTC+1: 23:30 London is 22:30 UTC, the same day either way;
        # 00:10 London the next day is 23:10 UTC the same day, late all the same.
        (datetime(2027, 6, 15, 9, 0), datetime(2027, 6, 15, 23, 30), False),
        (datetime(2027, 6, 15, 9, 0), datetime(2027, 6, 16, 0, 10), True),
        (datetime(2027, 6, 15, 18, 29, 59), datetime(2027, 6, 15, 18, 30), False),
        # A Friday evening after closing, taken for the next working day: Monday is due.
        (datetime(2026, 11, 27, 19, 0), datetime(2026, 11, 30, 18, 30), False),
        (datetime(2026, 11, 27, 19, 0), datetime(2026, 12, 1, 8, 0), True),
    ],
)
def test_respond_by_is_judged_by_the_london_date_it_is_due(
    sent: datetime, promised: datetime, late: bool
) -> None:
    at = sent.replace(tzinfo=CORE_HOURS.zone)
    ack = Acknowledged(
        at=at,
        category="clinical_request",
        features=(),
        message="m",
        check="c",
        respond_by=promised.replace(tzinfo=CORE_HOURS.zone),
    )
    assert (ack_rules_anywhere._late(ack) is not None) is late


def test_a_reference_written_without_its_hyphens_for_email_patients_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def words(_f: str | None, message: str, sub: RequestSubmission, reference: str) -> str:
        if sub.contact.preferred is not ContactMethod.EMAIL:
            return message
        return f"{message} Quote {reference.replace('-', '')} when you reply."

    monkeypatch.setattr(round16, "ack_message", words)
    assert _status("response.ack-words-anywhere", "availability.open-in-core-hours") is Status.FAIL


@pytest.mark.parametrize("token", ["%s", "{proxy_name}", "${relationship}"])
def test_template_syntax_left_in_a_proxys_acknowledgement_fails(
    token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def words(_f: str | None, message: str, sub: RequestSubmission, reference: str) -> str:
        if sub.requester.role is not RequesterRole.PROXY:
            return message
        return f"{message} We have noted that {token} sent this for the patient."

    monkeypatch.setattr(round16, "ack_message", words)
    results = _run(["requests.proxy-wordings", "response.ack-words-anywhere"])
    assert results["response.ack-words-anywhere"].status is Status.FAIL
    assert "template syntax" in (results["response.ack-words-anywhere"].message or "")


def test_the_words_check_counts_by_kind_and_never_shows_the_message() -> None:
    acks = [
        Acknowledged(
            at=datetime(2026, 12, 1, 10, tzinfo=CORE_HOURS.zone),
            category="clinical_request",
            features=("from a proxy",),
            message=f"Thanks canary-secret-words. Ref {ref.lower()}.",
            check="requests.proxy-wordings",
            reference=ref,
        )
        for ref in ("OC-AB12CD34", "OC-EF56GH78")
    ]
    found = ack_rules_anywhere._words(acks[0])
    assert found is not None
    assert found[0] == "message misquotes its reference"
    assert "canary-secret-words" not in " ".join(found)


# -- a reply right after the practice read the request ---------------------------------------------


def test_a_reply_refused_for_a_second_after_a_read_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(
        _f: str | None, sub: MessageSubmission, first_read: Mapping[str, datetime], now: datetime
    ) -> bool:
        read = first_read.get(sub.about_request or "")
        return read is not None and now - read < timedelta(seconds=1)

    monkeypatch.setattr(round16, "reply_refusal", refused)
    assert _status("channels.message-replies-to-requests") is Status.FAIL


# -- record IDs drawn from a seeded generator ------------------------------------------------------


def _drawn(seed: int, count: int, form: str) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        if form == "randbytes":
            out.append(rng.randbytes(16).hex())
        elif form == "bits64":
            out.append(f"VC-{rng.getrandbits(64):016X}")
        else:
            out.append(str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper())
    return out


@pytest.mark.parametrize(
    ("seed", "form", "skip"),
    [(1337, "randbytes", 0), (2025, "bits64", 900), (31337, "uuid", 4000), (0, "bits64", 0)],
)
def test_ids_from_a_fixed_seed_are_found_in_any_form(seed: int, form: str, skip: int) -> None:
    """Byte order, width, case, a prefix, hyphens, and draws well into the stream."""
    ids = _drawn(seed, skip + 40, form)[skip:]
    found = seeded_stream(ids)
    assert found is not None
    assert f"random.Random({seed})" in found
    assert not any(i in found for i in ids)


def test_ids_past_the_draws_looked_at_or_truly_random_are_not_flagged() -> None:
    """The stated limit is the limit: past STREAM_DRAWS, and secrets.token_hex, pass."""
    assert seeded_stream(_drawn(42, STREAM_DRAWS + 20, "randbytes")[STREAM_DRAWS:]) is None
    assert seeded_stream([secrets.token_hex(16) for _ in range(200)]) is None
    assert seeded_stream([secrets.token_hex(8) for _ in range(200)]) is None
    assert seeded_stream(["OC-12", "not hex at all"]) is None


def test_record_ids_from_another_seeded_stream_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(12345)
    table: dict[str, str] = {}

    def made(_f: str | None, _t: round16.SeededIds, reference: str) -> str:
        return table.setdefault(reference, f"oc_{rng.getrandbits(64):016x}")

    monkeypatch.setattr(round16, "record_id", made)
    assert _status("usage-data.keyed-pseudonyms") is Status.FAIL


# -- caps: the day after a holiday, a day's photos -------------------------------------------------


def _today(requests: Iterable[ConsultationRequest], day: date) -> list[ConsultationRequest]:
    return [r for r in requests if r.submitted_at.astimezone(CORE_HOURS.zone).date() == day]


def test_a_cap_of_320_after_a_holiday_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def capped(
        _f: str | None, _s: RequestSubmission, day: date, requests: Iterable[ConsultationRequest]
    ) -> int | None:
        return 429 if day == AFTER_HOLIDAY and len(_today(requests, day)) >= 320 else None

    monkeypatch.setattr(round16, "day_refusal", capped)
    assert _status("availability.no-cap-after-holiday") is Status.FAIL


def test_a_quota_on_a_days_photo_bytes_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """A gibibyte of photos a day (the 720 photos are 20 KiB to 4 MiB: about 1.4 GiB)."""

    def capped(
        _f: str | None, sub: RequestSubmission, day: date, requests: Iterable[ConsultationRequest]
    ) -> int | None:
        held = sum(a.size_bytes for r in _today(requests, day) for a in r.attachments)
        return 507 if sub.attachments and held > 1024**3 else None

    monkeypatch.setattr(round16, "day_refusal", capped)
    assert _status("availability.no-cap-after-holiday") is Status.FAIL


# -- 111 for anyone ever turned away ---------------------------------------------------------------


def test_111_told_to_anyone_ever_turned_away_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def remember(
        _f: str | None, tries: dict[str, datetime], sub: RequestSubmission, now: datetime
    ) -> None:
        tries[str(sub.patient.date_of_birth)] = now

    def line(
        _f: str | None, tries: Mapping[str, datetime], sub: RequestSubmission, now: datetime
    ) -> str:
        if str(sub.patient.date_of_birth) not in tries:
            return ""
        return " Next time, please contact NHS 111 instead of waiting for us to open."

    monkeypatch.setattr(round16, "remember_closed", remember)
    monkeypatch.setattr(round16, "came_back_line", line)
    assert _status("availability.no-111-redirect") is Status.FAIL


# -- what the practice sees ------------------------------------------------------------------------


def test_advice_questions_filed_as_administrative_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    def filed(_f: str | None, request: ConsultationRequest) -> str | None:
        asks = request.description.lstrip().lower().startswith(("should i", "how do i"))
        return RequestCategory.ADMINISTRATIVE_REQUEST.value if asks else None

    monkeypatch.setattr(round16, "practice_category", filed)
    assert _status("requests.medication-queries") is Status.FAIL


@pytest.mark.parametrize("check", ["requests.exactly-as-sent", "channels.contact-details-as-sent"])
def test_lines_past_the_ninth_joined_into_it_fail(
    check: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def joined(_f: str | None, lines: list[Any]) -> list[Any]:
        return [*lines[:8], ", ".join(lines[8:])] if len(lines) > 9 else lines

    monkeypatch.setattr(round16, "address_lines", joined)
    assert _status(check) is Status.FAIL


@pytest.mark.parametrize("way", ["first six", "xml only"])
@pytest.mark.parametrize(
    "check",
    [
        "requests.practice-sees-exactly",
        "channels.video-unknown-reference",
        "channels.contact-details-unknown-reference",
    ],
)
def test_a_reference_found_by_a_part_of_it_fails(
    way: str, check: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def lookup(_f: str | None, reference: str, table: Mapping[str, Any]) -> str:
        if reference in table:
            return reference
        if way == "first six" and len(reference) == 6:
            found = [k for k in table if k.startswith(reference)]
            return found[-1] if found else reference
        stem = reference.removesuffix(".xml")
        return stem if way == "xml only" and stem in table else reference

    monkeypatch.setattr(round16, "lookup", lookup)
    assert _status(check) is Status.FAIL


def test_partial_references_stay_within_the_path_pattern() -> None:
    long = "A" + "7" * 63
    for issued in ("OC-1A2B3C4D5E", "7", "AB-12", long):
        shapes = {ref: shape for shape, ref in partial_references(issued)}
        assert issued not in shapes
        assert all(0 < len(ref) <= 64 for ref in shapes)
        assert all(ref[0].isalnum() for ref in shapes)
    assert {ref for _, ref in partial_references("OC-1A2B3C4D5E")} == {
        "OC-1A2B3C4D5",
        "OC-1A2",
        "OC-1A2B3C4D5E.json",
        "OC-1A2B3C4D5E.xml",
    }
    # A reference of 64 characters cannot take a suffix: cut back, it names nothing either.
    assert all(len(ref) <= 64 for _, ref in unknown_references(long, {}))


def test_mustache_filling_one_placeholder_in_an_outcome_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def rendered(_f: str | None, message: str | None) -> str | None:
        return None if message is None else message.replace("{{reference}}", "OC-0000")

    monkeypatch.setattr(round16, "status_message", rendered)
    assert _status("response.outcome-shown") is Status.FAIL


# -- messages --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "check", ["channels.message-patient-to-practice", "channels.message-practice-to-patient"]
)
def test_bodies_under_two_characters_refused_fail(
    check: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refusal(_f: str | None, sub: MessageSubmission) -> Any:
        from gponline_sdk.errors import Problem

        return Problem(location="$.body", message="too short") if len(sub.body) < 2 else None

    monkeypatch.setattr(round16, "message_refusal", refusal)
    assert _status(check) is Status.FAIL


def test_nested_quotes_dropped_from_patients_messages_fail(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import re

    nested = re.compile(r"(?m)^>>.*\n?")
    monkeypatch.setattr(round16, "stored_body", lambda _f, text: nested.sub("", text))
    assert _status("channels.message-patient-to-practice") is Status.FAIL


# -- video and usage -------------------------------------------------------------------------------


def test_the_patients_rejoin_alone_starting_a_session_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only the patient's second join is read as a reconnect to a live session."""

    def rejoin(_f: str | None, participant: Participant, already_joined: bool) -> bool:
        return already_joined and participant is Participant.PATIENT

    monkeypatch.setattr(round16, "rejoin_starts", rejoin)
    assert _status("channels.video-consultation") is Status.FAIL


def test_a_one_minute_session_exported_as_two_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(round16, "vc_duration", lambda _f, minutes: 2 if minutes == 1 else minutes)
    assert _status("usage-data.vc-records-count") is Status.FAIL


def test_the_sessions_lengths_spread_from_1_to_240_minutes() -> None:
    """Look at what is drawn: every short length 1 to 9, long ones to 240, and no bunching."""
    lengths = Counter(_minutes(i) for i in range(_SESSIONS - _PARALLEL))
    assert all(lengths[m] >= 1 for m in range(1, 10))
    assert all(lengths[m] == 1 for m in range(40, 241, 10))
    assert sum(n for m, n in lengths.items() if m < 10) >= 12
    assert max(lengths.values()) <= 4


@pytest.mark.parametrize(
    ("text", "hand_over"),
    [
        ("Thank you. If your symptoms get worse, e.g. a high fever, call NHS 111.", False),
        (
            "Thanks. If you feel worse before we reply, i.e. you cannot wait, use NHS 111 online.",
            False,
        ),
        ("If it gets worse (a rash, a fever etc.) call 111.", False),
        ("Thanks. Call NHS 111.", True),
        ("Thanks etc. Call NHS 111 now.", True),
        ("If it is urgent, e.g. chest pain, use NHS 111 instead.", True),
    ],
)
def test_a_safety_net_with_an_abbreviation_is_one_sentence(text: str, hand_over: bool) -> None:
    """(2.12.0) 'e.g.' ends no sentence: its condition and its 111 are read together."""
    assert sends_to_111(text) is hand_over
