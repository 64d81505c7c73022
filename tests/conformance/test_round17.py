"""Round 17: what the sixteenth outside set did that the suite did not see.

Each check is proved against breaks it was not written for (neither the outside variants nor
the reference tool's fault modes): an acknowledgement wholly in Arabic with Arabic-Indic
digits, a practice reply recording `self_care_advice`, record IDs keyed with the reference
upper-cased over 'reference-oc_record', and null taken as left out on a contact update's
address lines and a session's duration.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import unicodedata
from datetime import datetime

import orjson
import pytest
from _inprocess import requests_and_budget, run_together
from test_schema_round6 import _cases

from gponline_sdk.conformance import checks  # noqa: F401 - registers the checks
from gponline_sdk.conformance.checks import ack_rules_anywhere
from gponline_sdk.conformance.checks._invalid_bodies import (
    NULLED,
    sample,
)
from gponline_sdk.conformance.checks.usage.pseudonyms import Detector
from gponline_sdk.conformance.contract import MessageSubmission, RequestSubmission
from gponline_sdk.conformance.core import Status
from gponline_sdk.conformance.target._acknowledged import Acknowledged, features_of
from gponline_sdk.models import CORE_HOURS, MessageDirection, OutcomeKind
from gponline_sdk.reference.tool.faults import round17
from gponline_sdk.serde import from_json

_ARABIC_DIGITS = {ord(str(d)): 0x0660 + d for d in range(10)}


def _mostly(text: str, script: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    inside = sum(1 for ch in letters if unicodedata.name(ch, "").startswith(script))
    return inside * 2 > len(letters)


# -- every acknowledgement says when, in English ---------------------------------------------------


def test_an_acknowledgement_wholly_in_arabic_fails_and_names_only_the_script(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def arabic(
        _f: str | None, message: str, sub: RequestSubmission, reference: str, due: datetime
    ) -> str:
        if not _mostly(sub.description, "ARABIC"):
            return message
        when = f"{due.astimezone(CORE_HOURS.zone):%H:%M}".translate(_ARABIC_DIGITS)
        return f"شكرا لك. المرجع {reference}. سنخبرك قبل الساعة {when}."

    monkeypatch.setattr(round17, "ack_message", arabic)
    results = run_together(["availability.no-111-any-script", "response.ack-words-anywhere"])
    found = results["response.ack-words-anywhere"]
    assert found.status is Status.FAIL
    assert "does not say when, in English" in found.message
    assert "a description mostly in Arabic script" in found.message
    assert "شكرا" not in found.message  # the message itself is never shown
    # The check that sent them reads 111 wording only: the run-wide one finds it.
    assert results["availability.no-111-any-script"].status is Status.PASS


def test_a_translation_added_to_the_english_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    def both(
        _f: str | None, message: str, sub: RequestSubmission, reference: str, due: datetime
    ) -> str:
        when = f"{due.astimezone(CORE_HOURS.zone):%H:%M}".translate(_ARABIC_DIGITS)
        return f"{message} سنخبرك قبل الساعة {when}."

    monkeypatch.setattr(round17, "ack_message", both)
    results = run_together(["availability.no-111-any-script", "response.ack-words-anywhere"])
    assert results["response.ack-words-anywhere"].status is Status.PASS


@pytest.mark.parametrize(
    ("message", "wrong"),
    [
        ("Thank you. We will tell you by 18:30 today.", False),
        ("ধন্যবাদ। আমরা আজ ১৮:৩০-এর মধ্যে জানাব।", True),
        ("ধন্যবাদ। আমরা 18:30-এর মধ্যে জানাব।", False),  # the time in 0-9: read as said
        ("谢谢。我们会在\uff11\uff18\uff1a\uff13\uff10之前告诉您。", True),
        ("Thank you, we will be in touch soon.", True),
        ("Diolch. Byddwn yn ateb erbyn 18:30 / We will reply by 18:30 today.", False),
    ],
)
def test_when_is_read_in_the_digits_0_to_9_or_english_words(message: str, wrong: bool) -> None:
    due = datetime(2027, 1, 20, 18, 30, tzinfo=CORE_HOURS.zone)
    ack = Acknowledged(
        at=datetime(2027, 1, 20, 10, tzinfo=CORE_HOURS.zone),
        category="describe_symptoms",
        features=(),
        message=message,
        check="c",
        reference="OC-1",
        respond_by=due,
    )
    found = ack_rules_anywhere._words(ack)
    assert (found is not None) is wrong
    if found is not None:
        assert found[0] == "message does not say when, in English"


def test_the_main_script_is_named_only_past_half_the_letters() -> None:
    from gponline_sdk.conformance.target._acknowledged import _main_script

    assert _main_script("ألم في الصدر منذ يومين") == "Arabic"
    assert _main_script("বুকে ব্যথা") == "Bengali"
    assert _main_script("头痛三天") == "Han (Chinese)"
    assert _main_script("Headache since Monday, درد") is None  # mostly Latin
    assert _main_script("12345 !!") is None


def test_an_arabic_request_is_described_by_its_script() -> None:
    body = {
        "practice_code": "A81001",
        "category": "ask_question",
        "patient": {"given_name": "A", "family_name": "B", "date_of_birth": "1990-01-01"},
        "requester": {"role": "patient"},
        "contact": {"email": "a@example.org"},
        "description": "ألم في الصدر",
    }
    parsed = from_json(orjson.dumps(body), RequestSubmission)
    assert "a description mostly in Arabic script" in features_of(parsed)


# -- a written reply is not an outcome -------------------------------------------------------------


def test_a_reply_recording_self_care_advice_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def replied(_f: str | None, sub: MessageSubmission) -> OutcomeKind | None:
        if sub.direction is MessageDirection.PRACTICE_TO_PATIENT and sub.about_request:
            return OutcomeKind.SELF_CARE_ADVICE
        return None

    monkeypatch.setattr(round17, "outcome_on_reply", replied)
    found = run_together(["response.outcome-shown"])["response.outcome-shown"]
    assert found.status is Status.FAIL
    assert "a written reply from the practice is not an outcome" in found.message
    assert "self_care_advice" in found.message


def test_the_outcome_checks_budget_counts_the_practice_messages() -> None:
    sent, budget = requests_and_budget("response.outcome-shown")
    assert sent <= budget


# -- the reference as its own key ------------------------------------------------------------------


def test_record_ids_keyed_with_the_reference_upper_cased_fail(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def made(_f: str | None, reference: str) -> str:
        text = f"{reference}-oc_record".encode()
        return "oc_" + hmac.new(reference.upper().encode(), text, hashlib.sha256).hexdigest()[:40]

    monkeypatch.setattr(round17, "record_id", made)
    found = run_together(["usage-data.keyed-pseudonyms"])["usage-data.keyed-pseudonyms"]
    assert found.status is Status.FAIL
    assert "keyed with the reference itself" in found.message


@pytest.mark.parametrize("algo", ["sha256", "sha1", "md5"])
def test_the_reference_keying_itself_is_found_and_a_secret_key_is_not(algo: str) -> None:
    rng = random.Random(algo)
    refs = [f"OC-{rng.getrandbits(40):010X}" for _ in range(4)]
    detector = Detector(refs)
    for ref in refs:
        own = hmac.new(ref.encode(), ref.encode(), algo).hexdigest()
        assert detector.derivation(own) is not None
        secret = hmac.new(b"a-key-only-the-supplier-holds", ref.encode(), algo).hexdigest()
        assert detector.derivation(secret) is None


# -- null where the schema does not allow it -------------------------------------------------


def test_null_is_sent_for_every_field_that_is_not_nullable_and_only_those() -> None:
    nulled = {c.field for c in _cases("/requests") if c.kind == NULLED}
    assert {"$.requester", "$.attachments", "$.patient", "$.description"} <= nulled
    assert "$.follows_up" not in nulled  # nullable
    assert "$.patient.nhs_number" not in nulled  # nullable
    for case in _cases("/requests"):
        if case.kind == NULLED:
            body = orjson.loads(case.body)
            leaf = body
            for seg in case.segments[:-1]:
                leaf = leaf[int(seg)] if isinstance(leaf, list) else leaf[seg]
            assert leaf[case.segments[-1]] is None


def test_the_sample_always_keeps_the_nulls() -> None:
    every = _cases("/contact-details")
    nulled = [c for c in every if c.kind == NULLED]
    kept = sample(every, len(nulled) + 5, random.Random(3))
    assert [c for c in kept if c.kind == NULLED] == nulled


@pytest.mark.parametrize(
    ("schema", "field", "value", "check"),
    [
        ("ContactDetailsSubmission", ("contact", "address_lines"), [], "contact-details"),
        ("VideoSessionRequest", ("duration_minutes",), 15, "video-schedule"),
    ],
)
def test_null_read_as_left_out_fails(
    schema: str,
    field: tuple[str, ...],
    value: object,
    check: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def lax(_f: str | None, body: bytes, cls_name: str) -> bytes:
        if cls_name != schema:
            return body
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError:
            return body  # the reader's own error follows
        holder = data
        for seg in field[:-1]:
            holder = holder.get(seg) if isinstance(holder, dict) else None
        if isinstance(holder, dict) and field[-1] in holder and holder[field[-1]] is None:
            holder[field[-1]] = value  # a binder's default for a null
            return orjson.dumps(data)
        return body

    monkeypatch.setattr(round17, "read", lax)
    name = f"robustness.invalid-input.{check}"
    found = run_together([name])[name]
    assert found.status is Status.FAIL
    assert "null where not nullable" in found.message
