"""Expected failures: waived when they fail, the run fails when they go stale."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _engine_fakes import FakeTarget, fixed_clock, make_check, mini_catalogue, passing

import gponline_sdk.conformance.checks  # noqa: F401 - registers every check
from gponline_sdk.conformance.catalogue import load_catalogue
from gponline_sdk.conformance.core import CHECKS, CheckContext, CheckSkipped, Status
from gponline_sdk.conformance.expected_failures import (
    EntryState,
    ExpectedFailures,
    load_expected_failures,
    parse_expected_failures,
)
from gponline_sdk.conformance.results import RunResult, Verdict
from gponline_sdk.conformance.runner import run_checks
from gponline_sdk.errors import InputFileError

ROOT = Path(__file__).resolve().parents[2]
CAT = mini_catalogue()


def _fail(ctx: CheckContext) -> None:
    ctx.expect(False, "broken")


def _crash(ctx: CheckContext) -> None:
    raise RuntimeError("crashed")


def _skip(ctx: CheckContext) -> None:
    raise CheckSkipped("not declared")


def _ef(*entries: dict[str, Any]) -> ExpectedFailures:
    return parse_expected_failures({"expected_failures": list(entries)})


def _run(checks: list[Any], expected: ExpectedFailures) -> RunResult:
    return run_checks(
        checks,
        target=FakeTarget(),
        catalogue=CAT,
        target_description="fake",
        expected_failures=expected,
        clock=fixed_clock(),
    )


def _states(run: RunResult) -> dict[str, EntryState]:
    return {e.entry.id: e.state for e in run.expected}


def test_listed_check_failure_is_expected_and_does_not_fail_the_run() -> None:
    run = _run(
        [make_check("x.bad", ["TS-MUST-01"], _fail), make_check("x.ok", ["TS-MUST-02"], passing)],
        _ef({"id": "x.bad", "reason": "known, ticket 1"}),
    )
    assert run.results[0].status is Status.FAIL  # still shown as a failure
    assert _states(run) == {"x.bad": EntryState.EXPECTED}
    assert run.expected_for_check("x.bad") is not None
    assert run.verdict is Verdict.CONFORMANT


def test_listed_requirement_waives_its_failing_checks() -> None:
    run = _run(
        [make_check("x.a", ["TS-MUST-01"], _fail), make_check("x.b", ["TS-MUST-01"], _fail)],
        _ef({"id": "TS-MUST-01", "reason": "known"}),
    )
    outcome = next(o for o in run.requirements if o.requirement.id == "TS-MUST-01")
    assert outcome.status is Status.FAIL
    assert outcome.waived_by is not None
    assert run.verdict is Verdict.CONFORMANT
    assert run.expected_for_check("x.a") is not None


def test_waiving_one_check_does_not_waive_another_failing_the_same_requirement() -> None:
    run = _run(
        [make_check("x.a", ["TS-MUST-01"], _fail), make_check("x.b", ["TS-MUST-01"], _fail)],
        _ef({"id": "x.a", "reason": "known"}),
    )
    assert run.verdict is Verdict.NOT_CONFORMANT
    assert run.expected_for_check("x.b") is None


@pytest.mark.parametrize(
    ("check_id", "requirement", "entry_id"),
    [
        pytest.param("x.fixed", "TS-MUST-01", "x.fixed", id="check-entry"),
        pytest.param("x.ok", "TS-MUST-02", "TS-MUST-02", id="requirement-entry"),
    ],
)
def test_an_entry_that_now_passes_is_stale_and_fails_the_run(
    check_id: str, requirement: str, entry_id: str
) -> None:
    run = _run(
        [make_check(check_id, [requirement], passing)],
        _ef({"id": entry_id, "reason": "was broken"}),
    )
    assert _states(run) == {entry_id: EntryState.STALE}
    assert run.verdict is Verdict.STALE_EXPECTATIONS


def test_failures_outrank_staleness_in_the_verdict() -> None:
    run = _run(
        [make_check("x.ok", ["TS-MUST-01"], passing), make_check("x.bad", ["TS-MUST-02"], _fail)],
        _ef({"id": "x.ok", "reason": "was broken"}),
    )
    assert run.verdict is Verdict.NOT_CONFORMANT


def test_skipped_or_unselected_entries_are_not_exercised_and_do_not_fail() -> None:
    run = _run(
        [make_check("x.skip", ["TS-MUST-01"], _skip)],
        _ef({"id": "x.skip", "reason": "r"}, {"id": "TS-MUST-02", "reason": "r"}),
    )
    assert _states(run) == {
        "x.skip": EntryState.NOT_EXERCISED,
        "TS-MUST-02": EntryState.NOT_EXERCISED,
    }
    assert run.verdict is Verdict.CONFORMANT


def test_an_error_is_waived_only_when_the_entry_says_error() -> None:
    checks = [make_check("x.crash", ["TS-MUST-01"], _crash)]
    not_covered = _run(checks, _ef({"id": "x.crash", "reason": "r"}))
    assert not_covered.verdict is Verdict.NOT_CONFORMANT
    assert _states(not_covered) == {"x.crash": EntryState.NOT_EXERCISED}
    covered = _run(checks, _ef({"id": "x.crash", "reason": "r", "status": "error"}))
    assert covered.verdict is Verdict.CONFORMANT
    assert _states(covered) == {"x.crash": EntryState.EXPECTED}


def test_an_entry_naming_nothing_known_is_refused_before_running() -> None:
    calls: list[str] = []

    def record(ctx: CheckContext) -> None:
        calls.append("ran")

    with pytest.raises(InputFileError, match=r"\$\.expected_failures\[0\]\.id: 'TS-TYPO-01'"):
        _run([make_check("x.a", ["TS-MUST-01"], record)], _ef({"id": "TS-TYPO-01", "reason": "r"}))
    assert calls == []


@pytest.mark.parametrize(
    ("data", "location", "words"),
    [
        ({"expected_failures": [{"id": "A"}]}, "$.expected_failures[0].reason", "needs a reason"),
        (
            {"expected_failures": [{"reason": "r"}]},
            "$.expected_failures[0].id",
            "requirement ID",
        ),
        (
            {"expected_failures": [{"id": "A", "reason": "r", "status": "pass"}]},
            "$.expected_failures[0].status",
            "'fail' or 'error'",
        ),
        (
            {"expected_failures": [{"id": "A", "reason": "r", "until": "2027"}]},
            "$.expected_failures[0].until",
            "unknown field",
        ),
        (
            {"expected_failures": [{"id": "A", "reason": "r"}, {"id": "A", "reason": "s"}]},
            "$.expected_failures[1].id",
            "listed twice",
        ),
        ({"expected_failures": {"A": "r"}}, "$.expected_failures", "a list of entries"),
        ({"expected_failures": ["A"]}, "$.expected_failures[0]", "an object"),
    ],
)
def test_bad_file_content_is_named_by_json_path(
    data: dict[str, Any], location: str, words: str
) -> None:
    with pytest.raises(InputFileError) as info:
        parse_expected_failures(data, origin="ef.json")
    problems = {p.location: p.message for p in info.value.problems}
    assert location in problems
    assert words in problems[location]


def test_unreadable_json_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "ef.json"
    path.write_text('{"expected_failures": [\n  {"id": "A", "reason": }\n]}')
    with pytest.raises(InputFileError, match=r"ef\.json:2:25"):
        load_expected_failures(path)


def test_the_published_example_is_valid_and_names_real_ids() -> None:
    path = ROOT / "conformance" / "expected-failures.example.json"
    example = load_expected_failures(path)
    assert len(example.entries) >= 2
    example.check_known({*CHECKS, *load_catalogue().ids()})
    assert json.loads(path.read_text())["notes"]
    assert any(e.allow_error for e in example.entries)


def test_a_check_is_shown_as_expected_only_if_all_its_requirements_are_waived() -> None:
    run = _run(
        [make_check("x.both", ["TS-MUST-01", "TS-MUST-02"], _fail)],
        _ef({"id": "TS-MUST-01", "reason": "known"}),
    )
    assert run.expected_for_check("x.both") is None
    assert run.verdict is Verdict.NOT_CONFORMANT
    assert [o.requirement.id for o in run.failing_musts] == ["TS-MUST-02"]
