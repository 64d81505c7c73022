"""Waived failures: CI stays green, but no human-facing verdict reads as a pass.

A waiver (an expected-failures entry) keeps the exit code 0 so a vendor's
build is not red for a gap already being fixed. The reports still go to
assurance evidence and to practices, so every verdict a person reads says the
required items are not met and were waived, with their count and IDs; and in
JUnit every waived failure, by check ID or by requirement ID, is a `<skipped>`
naming the waiver and its reason, while a waiver that now passes is a failing
`stale: <id>` test case (docs/vendor.md, section 4).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from _engine_fakes import FakeTarget, fixed_clock, make_check, mini_catalogue, passing
from defusedxml import ElementTree as SafeET

from gponline_sdk.conformance.core import CheckContext, CheckFailed
from gponline_sdk.conformance.expected_failures import parse_expected_failures
from gponline_sdk.conformance.reporters import (
    render_html,
    render_json,
    render_junit,
    render_summary,
)
from gponline_sdk.conformance.results import RunResult, Verdict
from gponline_sdk.conformance.runner import run_checks

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "conformance" / "report.schema.json").read_text())
CAT = mini_catalogue()
PASS_WORDS = "meets every required item"


def _fail(ctx: CheckContext) -> None:
    ctx.target.call("x")
    raise CheckFailed("refused request 21 of the day")


def _breaks_must_01_only(ctx: CheckContext) -> None:
    # Like availability.no-cap: it verifies several requirements, a refusal breaks one.
    ctx.target.call("x")
    raise CheckFailed("refused request 21 of the day", requirements=["TS-MUST-01"])


def _run(checks: list[Any], *entries: dict[str, Any]) -> RunResult:
    return run_checks(
        checks,
        target=FakeTarget(),
        catalogue=CAT,
        target_description="fake",
        expected_failures=parse_expected_failures({"expected_failures": list(entries)}),
        clock=fixed_clock(),
    )


def _suite(xml: str) -> Any:
    return SafeET.fromstring(xml.encode()).find("testsuite")


def _case(xml: str, check_id: str) -> Any:
    suite = _suite(xml)
    return next(c for c in suite.iter("testcase") if c.get("name").startswith(f"{check_id}:"))


def _props(xml: str) -> dict[str, str]:
    return {p.get("name"): p.get("value") for p in _suite(xml).find("properties")}


def _validated(run: RunResult) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(render_json(run))
    errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(doc))
    assert not errors, [e.message for e in errors]
    return doc


@pytest.fixture(scope="module")
def all_waived() -> RunResult:
    """Both MUSTs fail; one waived by requirement ID, one by check ID."""
    return _run(
        [
            make_check("w.cap", ["TS-MUST-01", "TS-SHLD-01"], _breaks_must_01_only),
            make_check("w.other", ["TS-SHLD-01"], passing),
            make_check("w.resp", ["TS-MUST-02"], _fail),
        ],
        {"id": "TS-MUST-01", "reason": "cap still on in staging (OC-1234)"},
        {"id": "w.resp", "reason": "late answers (OC-1235)"},
    )


# -- issue 2: JUnit ---------------------------------------------------------------


def test_a_requirement_waiver_skips_a_check_that_breaks_only_that_requirement(
    all_waived: RunResult,
) -> None:
    xml = render_junit(all_waived)
    assert _suite(xml).get("failures") == "0"
    assert _suite(xml).get("errors") == "0"
    skipped = _case(xml, "w.cap").find("skipped")
    assert skipped is not None
    assert "TS-MUST-01" in skipped.get("message")
    assert "cap still on in staging (OC-1234)" in skipped.get("message")


def test_a_check_waiver_skips_its_check_naming_the_waiver(all_waived: RunResult) -> None:
    skipped = _case(render_junit(all_waived), "w.resp").find("skipped")
    assert skipped is not None
    assert "w.resp" in skipped.get("message")
    assert "late answers (OC-1235)" in skipped.get("message")


def test_the_json_report_names_the_waiver_of_each_waived_check(all_waived: RunResult) -> None:
    doc = _validated(all_waived)
    by_id = {c["id"]: c for c in doc["checks"]}
    assert by_id["w.cap"]["expected_failure"]["id"] == "TS-MUST-01"
    assert by_id["w.resp"]["expected_failure"]["id"] == "w.resp"


def test_a_requirement_waiver_does_not_cover_a_failure_of_another_requirement() -> None:
    run = _run(
        [make_check("w.both", ["TS-MUST-01", "TS-MUST-02"], _fail)],
        {"id": "TS-MUST-01", "reason": "cap still on"},
    )
    assert run.verdict is Verdict.NOT_CONFORMANT
    assert _case(render_junit(run), "w.both").find("failure") is not None


@pytest.mark.parametrize("waiver", ["TS-MUST-01", "w.cap"])
def test_a_waiver_that_now_passes_is_a_failing_stale_case(waiver: str) -> None:
    run = _run(
        [make_check("w.cap", ["TS-MUST-01", "TS-SHLD-01"], passing)],
        {"id": waiver, "reason": "fixed in 4.2"},
    )
    xml = render_junit(run)
    assert run.verdict is Verdict.STALE_EXPECTATIONS
    assert _suite(xml).get("failures") == "1"
    stale = next(c for c in _suite(xml).iter("testcase") if c.get("name") == f"stale: {waiver}")
    assert stale.find("failure") is not None
    assert _case(xml, "w.cap").find("skipped") is None


# -- issue 1: verdict words ---------------------------------------------------------

WAIVED_LINE = (
    "NOT CONFORMANT: 2 required items not met, waived as known failures "
    "(TS-MUST-01, TS-MUST-02); exit 0 because every failure is waived"
)


def test_every_waived_must_still_counts_for_the_exit_code_only(all_waived: RunResult) -> None:
    assert all_waived.verdict is Verdict.CONFORMANT  # exit 0: what a waiver is for, in CI
    assert [o.requirement.id for o in all_waived.waived_musts] == ["TS-MUST-01", "TS-MUST-02"]


def test_the_console_says_not_conformant_with_the_waived_ids(all_waived: RunResult) -> None:
    text = render_summary(all_waived)
    assert WAIVED_LINE in text
    assert PASS_WORDS not in text
    assert "Verdict:   CONFORMANT" not in text
    assert "Required (MUST) items not met, waived as known failures:" in text


def test_the_html_headline_and_summary_say_not_conformant(all_waived: RunResult) -> None:
    page = render_html(all_waived)
    head = page.split('<div class="verdict', 1)[1].split("</div>", 1)[0]
    assert "v-waived" in head
    assert "Not conformant" in head
    assert "2 required items" in head
    assert "TS-MUST-01, TS-MUST-02" in head
    assert "known failures" in head
    assert PASS_WORDS not in page
    assert "waived as known failures" in page.split("<h2>Required by the GP contract", 1)[0]


def test_the_json_and_junit_verdicts_carry_the_words(all_waived: RunResult) -> None:
    doc = _validated(all_waived)
    assert doc["verdict"] == "conformant"
    assert doc["waived_musts"] == ["TS-MUST-01", "TS-MUST-02"]
    assert doc["verdict_summary"] == WAIVED_LINE
    props = _props(render_junit(all_waived))
    assert props["verdict"] == "conformant"
    assert props["verdict_summary"] == WAIVED_LINE
    assert props["waived_musts"] == "TS-MUST-01 TS-MUST-02"


def test_one_waived_must_is_singular() -> None:
    run = _run(
        [make_check("w.resp", ["TS-MUST-02"], _fail)], {"id": "w.resp", "reason": "late answers"}
    )
    assert (
        "NOT CONFORMANT: 1 required item not met, waived as a known failure (TS-MUST-02); "
        "exit 0 because every failure is waived"
    ) in render_summary(run)


def test_an_unwaived_failure_beside_a_waived_one_names_both() -> None:
    run = _run(
        [make_check("w.cap", ["TS-MUST-01"], _fail), make_check("w.resp", ["TS-MUST-02"], _fail)],
        {"id": "TS-MUST-01", "reason": "cap still on"},
    )
    assert run.verdict is Verdict.NOT_CONFORMANT
    text = render_summary(run)
    assert "1 more required item not met, waived as a known failure (TS-MUST-01)" in text
    page = render_html(run)
    assert "TS-MUST-01" in page.split('<div class="verdict', 1)[1].split("</div>", 1)[0]


def test_a_stale_entry_beside_a_waived_must_does_not_say_every_item_is_met() -> None:
    run = _run(
        [make_check("w.cap", ["TS-MUST-01"], _fail), make_check("w.ok", ["TS-MUST-02"], passing)],
        {"id": "TS-MUST-01", "reason": "cap still on"},
        {"id": "w.ok", "reason": "was broken"},
    )
    assert run.verdict is Verdict.STALE_EXPECTATIONS
    text = render_summary(run)
    assert PASS_WORDS not in text
    assert "waived as a known failure (TS-MUST-01)" in text


def test_a_run_with_nothing_waived_reads_as_before() -> None:
    run = _run([make_check("w.ok", ["TS-MUST-01"], passing)])
    doc = _validated(run)
    assert doc["waived_musts"] == []
    assert doc["verdict_summary"] == "CONFORMANT"
    text = render_summary(run)
    assert "Verdict:   CONFORMANT\n" in text
    assert PASS_WORDS in text
    assert "waived_musts" not in _props(render_junit(run))
