"""Round 9, part A: look-alike references, high-dose queries, the fault modes' own rules.

The checks' verdicts on the fault modes are the self-test's; here, the pieces under them:
the look-alikes of a reference of any scheme name none but itself swapped, the medication
queries reach high doses in every unit, and the round-9 fault modes leave the clean path
alone.
"""

from __future__ import annotations

import re
import string
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.conformance.checks._leaf_cases import (
    UNICODE_DASHES,
    instant_breakers,
    string_cases,
)
from gponline_sdk.conformance.checks._weekdays import weekday_mismatches
from gponline_sdk.conformance.checks.medication import QUERIES
from gponline_sdk.conformance.checks.unknown_refs import lookalike_references
from gponline_sdk.reference.tool.faults import FAULTS, round9_a


def _fold(reference: str) -> str:
    """A Crockford-style folding, as a lenient lookup would apply it."""
    return reference.upper().replace("O", "0").replace("I", "1").replace("L", "1")


def test_a_uuid_reference_gets_its_case_swapped_and_no_look_alike_it_lacks() -> None:
    issued = "3f2b9c1e-0d4a-4e8b-9a7c-5e6f7a8b9c0d"  # has 0 and 1: both classes swap
    forms = dict(lookalike_references(issued))
    assert issued not in forms.values()
    assert len(set(forms.values())) == len(forms) == 3
    assert all(len(ref) == len(issued) for ref in forms.values())


def test_a_reference_with_no_letters_and_no_look_alikes_gets_none() -> None:
    assert lookalike_references("2345-6789") == []


def test_a_lower_case_word_reference_folds_onto_itself_under_crockford() -> None:
    # "lol-101": every look-alike of it folds to the same key, so a folding lookup finds it.
    issued = "lol-101"
    for shape, ref in lookalike_references(issued):
        assert _fold(ref) == _fold(issued), shape
        assert ref != issued


@settings(deadline=None, max_examples=200)
@given(st.text(alphabet=string.ascii_letters + string.digits + "-", min_size=1, max_size=20))
def test_each_look_alike_differs_from_the_reference_and_keeps_its_length(issued: str) -> None:
    forms = lookalike_references(issued)
    refs = [ref for _, ref in forms]
    assert issued not in refs
    assert len(set(refs)) == len(refs)
    hyphens = [i for i, c in enumerate(issued) if c == "-"]
    for ref in refs:  # the same shape: only letters and look-alike digits change
        assert len(ref) == len(issued)
        assert [i for i, c in enumerate(ref) if c == "-"] == hyphens
    # Something to swap means something is sent: letters (case) or a look-alike digit.
    swappable = any(c.isalpha() for c in issued) or any(c in "01" for c in issued)
    assert bool(forms) == swappable


_DOSE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s?(mg|g|mcg|micrograms|units)\b")


def test_the_medication_queries_name_high_doses_in_each_unit() -> None:
    doses = [(float(n.replace(",", "")), unit) for _, q in QUERIES for n, unit in _DOSE.findall(q)]
    in_mg = [n for n, unit in doses if unit == "mg"]
    assert max(in_mg) >= 2_000
    assert sum(n >= 500 for n in in_mg) >= 5
    assert any(300 <= n < 500 for n in in_mg)  # under a 500 threshold, over a lower one
    assert any(unit == "g" for _, unit in doses)
    assert any(unit == "units" and n >= 10_000 for n, unit in doses)
    assert any(unit in ("mcg", "micrograms") and n >= 1_000 for n, unit in doses)
    assert len(QUERIES) % 4 == 0  # shared evenly between the check's four instants


def test_the_clean_tool_gets_its_input_back_from_every_round9a_function() -> None:
    assert round9_a.practice_reference(None, "0C-ABC-1", {}) == "0C-ABC-1"
    names = {
        "med-gram-dose-409",
        "practice-lookup-o-zero-folded",
        "status-respond-by-not-before-read",
        "nhs-number-nfkc-read",
        "instant-comma-millis-read",
        "closed-message-weekday-of-today",
    }
    assert names == round9_a.ROUND9A_FAULTS
    assert names <= set(FAULTS)
    body = b'{"scheduled_start": "2026-12-02T10:30:00,250Z"}'
    assert round9_a.read(None, body, dict) is body


def test_the_comma_millis_fault_reads_three_digits_only() -> None:
    fault = "instant-comma-millis-read"
    three = round9_a.read(fault, b'{"scheduled_start": "2026-12-02T10:30:00,250+01:00"}', dict)
    assert b"10:30:00.250+01:00" in three
    one = round9_a.read(fault, b'{"scheduled_start": "2026-12-02T10:30:00,5Z"}', dict)
    assert b"10:30:00,5Z" in one


def test_the_o_zero_fault_finds_a_reference_by_its_look_alike_only_with_the_fault() -> None:
    requests = {"OC-ABC-000102": object()}
    fault = "practice-lookup-o-zero-folded"
    found = round9_a.practice_reference(fault, "0C-ABC-OO0102", requests)  # type: ignore[arg-type]
    assert found == "OC-ABC-000102"
    # Case is not folded by this fault: the lower-case reference stays unknown.
    same = round9_a.practice_reference(fault, "oc-abc-000102", requests)  # type: ignore[arg-type]
    assert same == "oc-abc-000102"


_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$"


def test_instants_with_a_decimal_comma_are_among_the_breakers_whatever_the_offset() -> None:
    for valid in ("2027-03-29T07:05:59+01:00", "2026-12-31T23:59:00Z", "2026-06-01T12:00:00-04:30"):
        commas = [text for text, how in instant_breakers(valid) if "comma" in how]
        assert len(commas) == 2
        assert all("," in text and re.fullmatch(_PATTERN, text) is None for text in commas)
        assert all(text.startswith(valid[:19] + ",") for text in commas)


def test_an_nhs_number_in_any_layout_is_sent_dashed_with_every_unicode_dash() -> None:
    schema = {"type": "string", "format": "nhs-number", "pattern": "^[0-9]{10}$"}
    for valid in ("9434765919", "943 476 5919", "943-476-5919"):
        cases = [c for c in string_cases(schema, valid, ("patient", "nhs_number")) if "U+" in c[1]]
        sent = [c[3] for c in cases]
        assert len(sent) == len(UNICODE_DASHES)
        for dash, text in zip(UNICODE_DASHES, sent, strict=True):
            assert text == f"943{dash}476{dash}5919"
            assert "-" not in text


_NEAR = date(2027, 3, 29)  # a Monday, the day after the 2027 spring clock change


@pytest.mark.parametrize(
    ("message", "wrong"),
    [
        ("We open at 8am on Monday 29 March.", []),
        ("Back on Tue, 30th Mar 2027 at 08:00", []),
        ("Opening: Wednesday March 31st", []),
        ("We reopen on Friday the 1st of January 2027", []),
        ("We open at 08:00 on Sunday 29 March.", ["Sunday 29 March"]),
        ("Reopens Thurs, April 1 at 8", []),
        ("Reopens Fri, April 1", ["Fri, April 1"]),
        ("Closed Christmas Day, Friday 25 December 2026 and Monday 28 December", []),
        ("Closed until Tuesday 28 December 2026", ["Tuesday 28 December 2026"]),
        ("Open Monday to Friday, 8:00 to 18:30", []),  # no date: nothing to compare
        ("See you Monday 31 February", []),  # no such date: not judged
    ],
)
def test_a_weekday_named_beside_a_date_is_that_dates(message: str, wrong: list[str]) -> None:
    assert [w.rstrip(".") for w in weekday_mismatches(message, _NEAR)] == wrong


def test_a_date_without_a_year_is_read_in_the_year_nearest_the_opening() -> None:
    # 2 January 2026 is a Friday, 2 January 2027 a Saturday: at New Year the nearest counts.
    assert weekday_mismatches("Friday 2 January", date(2025, 12, 31)) == []
    assert weekday_mismatches("Friday 2 January", date(2026, 12, 31)) == ["Friday 2 January"]
