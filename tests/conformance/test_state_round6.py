"""Round 6 (issue 8): hours for every kind of request, size caps, 111 by script, later reads.

Each new or widened check against the clean reference tool (passes, within its stated
request budget) and against the fault that breaks its requirement (fails, with a message
that names what was expected and received, and none of the patient's words). The
self-test (selftest-expected.json) proves the same over HTTP for every seed.
"""

from __future__ import annotations

import unicodedata

import pytest
from _inprocess import failure_of, requests_and_budget, run_check

from gponline_sdk.conformance.checks._script_corpus import SCRIPTS
from gponline_sdk.conformance.checks.size_caps import PHOTOS, ROUNDS
from gponline_sdk.models import RequestCategory, RequestType
from gponline_sdk.models.consultation import MAX_ATTACHMENT_BYTES

NEW_CHECKS = (
    "availability.out-of-hours",
    "availability.bank-holidays",
    "availability.no-size-cap",
    "availability.no-111-any-script",
    "response.practice-view-after-outcome",
)


@pytest.mark.parametrize("check_id", NEW_CHECKS)
def test_clean_tool_passes_within_the_stated_budget(check_id: str) -> None:
    sent, budget = requests_and_budget(check_id)
    assert sent == budget


@pytest.mark.parametrize(
    ("check_id", "fault", "says"),
    [
        ("availability.out-of-hours", "follow-ups-ignore-hours", "a follow-up"),
        ("availability.bank-holidays", "follow-ups-ignore-hours", "a follow-up"),
        ("availability.out-of-hours", "proxies-ignore-hours", "a proxy's"),
        ("availability.bank-holidays", "proxies-ignore-hours", "a proxy's"),
        ("availability.no-size-cap", "photo-storage-quota-1gib", "bytes of photos"),
        ("availability.no-size-cap", "text-quota-500k-chars", "characters of text"),
        ("availability.no-111-any-script", "non-latin-clinical-to-111", "pointing to NHS 111"),
        ("response.practice-view-after-outcome", "closing-outcome-archives-request", "404"),
    ],
)
def test_each_fault_fails_its_check_saying_what_and_how(
    check_id: str, fault: str, says: str
) -> None:
    message = failure_of(check_id, fault)
    assert says in message
    assert "expected" in message
    # The patient's own words never appear in a failure: only the script or shape is named.
    assert not any(words in message for _, _, words in SCRIPTS)


def test_text_quota_fault_is_reached_by_characters_not_by_count() -> None:
    # The text quota fault lets the no-cap check's ~1,030 short requests through.
    run_check("availability.no-cap", "text-quota-500k-chars")
    run_check("availability.no-cap", "photo-storage-quota-1gib")


def test_size_budget_passes_any_plausible_daily_quota() -> None:
    total = ROUNDS * len(RequestCategory) * PHOTOS * (MAX_ATTACHMENT_BYTES - 2 * 1024 * 1024)
    per_category = ROUNDS * PHOTOS * (MAX_ATTACHMENT_BYTES - 2 * 1024 * 1024)
    assert total > 2.5 * 1024**3
    assert per_category > 450 * 1024**2


def _non_latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    other = [c for c in letters if not unicodedata.name(c, "").startswith("LATIN")]
    return len(other) / len(letters) if letters else 0.0


def test_corpus_spans_scripts_and_shapes_in_clinical_categories() -> None:
    assert all(c.request_type is RequestType.CLINICAL for c, _, _ in SCRIPTS)
    scripts = {
        unicodedata.name(ch).split()[0]
        for _, _, words in SCRIPTS
        for ch in words
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN")
    }
    # Arabic (Urdu, Farsi, Pashto), Bengali, Gurmukhi, Gujarati, Devanagari, Tamil, CJK,
    # Cyrillic, Greek, Ethiopic: a rule on any one script is found.
    assert len(scripts) >= 10
    mostly_other = [w for _, _, w in SCRIPTS if _non_latin_share(w) > 0.5]
    assert len(mostly_other) >= 15
    lengths = sorted(len(w) for _, _, w in SCRIPTS)
    assert lengths[0] <= 5
    assert lengths[-1] >= 2_000
    assert len({w for _, _, w in SCRIPTS}) == len(SCRIPTS)
