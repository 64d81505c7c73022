"""What a verdict means: FAIL for the tool's defects, ERROR only when the suite could not go on.

Also: an operation that got no answer stops the run only when the target no
longer answers a fresh probe; evidence stays bounded however many requests a
check sends, while the request count stays exact.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from _engine_fakes import NHS, TOKEN, FakeTarget, fixed_clock, make_check, mini_catalogue, passing

from gponline_sdk.conformance import _evidence
from gponline_sdk.conformance.core import CheckContext, CheckError, Exchange, Status
from gponline_sdk.conformance.runner import NOT_RUN_MESSAGE, run_checks
from gponline_sdk.conformance.target import BadResponse, InProcessTarget
from gponline_sdk.conformance.target.client import _ContractClient
from gponline_sdk.errors import TargetUnreachable
from gponline_sdk.models import Acknowledgement
from gponline_sdk.reference.tool import ReferenceTool

CAT = mini_catalogue()


class ProbedTarget(FakeTarget):
    """A fake target whose liveness probe answers as told."""

    def __init__(self, *, alive: bool, **kw: Any) -> None:
        super().__init__(**kw)
        self.alive = alive
        self.probes = 0

    def probe(self) -> tuple[bool, str]:
        self.probes += 1
        return self.alive, "GET http://127.0.0.1/test/environment: attempt 1 answered HTTP 200"


def _run(checks: list[Any], target: Any = None) -> Any:
    return run_checks(
        checks,
        target=target if target is not None else FakeTarget(),
        catalogue=CAT,
        target_description="fake",
        clock=fixed_clock(),
    )


def _raising(exc: Exception) -> Callable[[CheckContext], None]:
    def run(ctx: CheckContext) -> None:
        ctx.target.call("x")
        raise exc

    return run


def test_a_response_that_breaks_the_contract_fails_the_requirement_it_was_checking() -> None:
    bad = BadResponse("POST /requests answered HTTP 201 ...: $.reference: bad shape")
    run = _run(
        [
            make_check("a.must", ["TS-MUST-01"], _raising(bad)),
            make_check("a.should", ["TS-SHLD-01"], _raising(bad)),
            make_check("a.clock", ["TS-MUST-02"], _raising(BadResponse("clock", harness=True))),
            make_check("a.stuck", ["TS-MAY-01"], _raising(CheckError("the test clock is refused"))),
        ]
    )
    by_id = {r.check_id: r for r in run.results}
    assert by_id["a.must"].status is Status.FAIL
    assert "breaks the contract" in by_id["a.must"].message
    assert "$.reference" in by_id["a.must"].message
    assert by_id["a.should"].status is Status.WARN
    assert by_id["a.clock"].status is Status.ERROR
    assert "could not proceed" in by_id["a.clock"].message
    assert by_id["a.stuck"].status is Status.ERROR


def test_a_contract_violation_names_the_field_expected_and_received_shape_only() -> None:
    body = f'{{"reference": "{NHS}", "received_at": "soon", "message": 5}}'
    with pytest.raises(BadResponse) as info:
        _ContractClient._parse("POST", "/requests", 201, body, Acknowledgement)
    message = str(info.value)
    assert "$.received_at: not an ISO 8601 date-time" in message
    assert 'received a string of 4 characters shaped "aaaa"' in message
    assert "$.respond_by: required key is missing; received nothing" in message
    assert "$.message: expected a string, got int; received a number shaped 9" in message
    assert NHS not in message
    assert not info.value.harness


def test_one_unanswered_operation_on_a_live_target_is_a_fail_and_the_run_goes_on() -> None:
    target = ProbedTarget(alive=True, down_after=0)
    run = _run(
        [
            make_check("a.hangs", ["TS-MUST-01"], passing),
            make_check("a.next", ["TS-MUST-02"], lambda ctx: None),
        ],
        target,
    )
    first, second = run.results
    assert first.status is Status.FAIL
    assert "got no answer" in first.message
    assert "still answers" in first.message
    assert any("liveness re-probe" in n for n in first.notes)
    assert second.status is Status.PASS
    assert run.unreachable is None
    assert target.probes == 1


def test_a_target_that_fails_the_probe_too_stops_the_run_saying_what_was_tried() -> None:
    target = ProbedTarget(alive=False, down_after=0)
    run = _run(
        [
            make_check("a.first", ["TS-MUST-01"], passing),
            make_check("a.never", ["TS-MUST-02"], passing),
        ],
        target,
    )
    assert run.results[0].status is Status.ERROR
    assert "re-probed GET http://127.0.0.1/test/environment" in run.results[0].message
    assert run.results[1].message == NOT_RUN_MESSAGE
    assert run.unreachable == run.results[0].message
    assert run.verdict.value == "unreachable"


def test_an_unanswered_harness_operation_is_an_error_not_a_fail() -> None:
    target = ProbedTarget(alive=True)
    exc = TargetUnreachable("PUT /test/clock got no answer", harness=True)
    run = _run([make_check("a.clock", ["TS-MUST-01"], _raising(exc))], target)
    assert run.results[0].status is Status.ERROR
    assert run.unreachable is None


def test_a_refused_test_clock_is_an_error_a_refused_operation_a_fail() -> None:
    from gponline_sdk.conformance.checks._support import clock_at, require

    class NoClock:
        def __init__(self) -> None:
            self.inner = ReferenceTool()

        def handle(self, method: str, target: str, body: bytes | None) -> tuple[int, bytes]:
            if target.startswith("/test/clock") or target == "/capabilities":
                return 404, b'{"message": "no such operation"}'
            return self.inner.handle(method, target, body)

    def with_clock(ctx: CheckContext) -> None:
        with clock_at(ctx, _evidence_now()):
            pass

    def reads_caps(ctx: CheckContext) -> None:
        require(ctx.target.capabilities(), "reading the capabilities")

    run = _run(
        [
            make_check("a.clock", ["TS-MUST-01"], with_clock),
            make_check("a.caps", ["TS-MUST-02"], reads_caps),
        ],
        InProcessTarget(NoClock()),
    )
    clock, caps = run.results
    assert clock.status is Status.ERROR
    assert "setting the test clock" in clock.message
    assert caps.status is Status.FAIL
    assert "expected success with the contract's body, received HTTP 404" in caps.message


def _evidence_now() -> Any:
    from datetime import datetime, timezone

    return datetime(2026, 11, 24, 10, tzinfo=timezone.utc)


def test_evidence_is_bounded_the_request_count_exact_and_failures_kept() -> None:
    def sweep(ctx: CheckContext) -> None:
        for i in range(2_000):
            ctx.record(
                Exchange(
                    method="GET",
                    url=f"http://127.0.0.1/availability?n={i}",
                    request_headers={"Authorization": f"Bearer {TOKEN}"},
                    status=503 if i in (700, 701) else 200,
                    response_body=f'{{"given_name": "Name{i:04d}x", "n": {i}}}',
                )
            )

    run = _run([make_check("a.sweep", ["TS-MUST-01"], sweep)])
    result = run.results[0]
    assert result.requests == 2_000
    kept = [e.url.rsplit("=", 1)[1] for e in result.evidence]
    head, tail = _evidence.HEAD, _evidence.TAIL
    expected = [*range(head), 700, 701, *range(2_000 - tail, 2_000)]
    assert kept == [str(i) for i in expected]
    left_out = 2_000 - len(expected)
    assert any(f"{left_out} left out" in n for n in result.notes)
    # Values learned from exchanges that were left out are still masked everywhere.
    assert all("Name" not in (e.response_body or "") for e in result.evidence)
    assert all(TOKEN not in str(e) for e in result.evidence)


class _NoSafeguardStrings:
    """The reference tool with no safeguard or symptom-checker strings anywhere (both SHOULDs)."""

    def __init__(self) -> None:
        self.inner = ReferenceTool()

    def handle(self, method: str, target: str, body: bytes | None) -> tuple[int, bytes]:
        status, data = self.inner.handle(method, target, body)
        if target in ("/capabilities", "/availability") and status == 200:
            answer = json.loads(data)
            for key in ("urgent_use_safeguard", "symptom_checker_url"):
                answer.pop(key, None)
            data = json.dumps(answer).encode()
        return status, data


def test_a_tool_without_the_optional_safeguard_strings_fails_only_those_shoulds() -> None:
    from _passthrough import PassThroughMasker

    from gponline_sdk.conformance import checks  # noqa: F401 - registers the checks
    from gponline_sdk.conformance.catalogue import load_catalogue
    from gponline_sdk.conformance.core import CHECKS

    run = run_checks(
        list(CHECKS.values()),
        target=InProcessTarget(_NoSafeguardStrings()),
        catalogue=load_catalogue(),
        target_description="no safeguard strings",
        masker=PassThroughMasker(),
    )
    not_passed = {r.check_id: r.status for r in run.results if r.status is not Status.PASS}
    assert not_passed == {
        "safety.urgent-use-safeguard": Status.WARN,
        "signposting.symptom-checker": Status.WARN,
    }
    assert run.verdict.value == "conformant"


def _breaks_only(*requirements: str) -> Callable[[CheckContext], None]:
    def run(ctx: CheckContext) -> None:
        from gponline_sdk.conformance.checks._support import failures_of

        with failures_of(*requirements):
            ctx.expect(False, "a category refused")

    return run


def test_a_failure_that_names_a_should_warns_and_leaves_the_must_passed() -> None:
    """A check verifying a SHOULD and a MUST fails only the one its failure names."""
    check = make_check("c.both", ["TS-SHLD-01", "TS-MUST-01"], _breaks_only("TS-SHLD-01"))
    run = run_checks([check], target=FakeTarget(), catalogue=CAT, target_description="t")
    (result,) = run.results
    assert (result.status, result.breaks) == (Status.WARN, ("TS-SHLD-01",))
    by_id = {o.requirement.id: o for o in run.requirements}
    assert by_id["TS-SHLD-01"].status is Status.WARN
    # The check stopped before it reached the MUST: neither passed nor failed, and said so.
    assert by_id["TS-MUST-01"].status is None
    assert "not verified" in by_id["TS-MUST-01"].note
    assert "c.both (at TS-SHLD-01)" in by_id["TS-MUST-01"].note
    assert not run.failing_musts


def test_a_failure_that_names_the_must_fails_and_leaves_the_should_passed() -> None:
    check = make_check("c.both", ["TS-SHLD-01", "TS-MUST-01"], _breaks_only("TS-MUST-01"))
    run = run_checks([check], target=FakeTarget(), catalogue=CAT, target_description="t")
    (result,) = run.results
    assert (result.status, result.breaks) == (Status.FAIL, ("TS-MUST-01",))
    by_id = {o.requirement.id: o.status for o in run.requirements}
    assert (by_id["TS-MUST-01"], by_id["TS-SHLD-01"]) == (Status.FAIL, None)


def test_a_failure_naming_no_or_foreign_requirements_breaks_them_all() -> None:
    for named in ((), ("ZZ-NONE-01",)):
        check = make_check("c.both", ["TS-SHLD-01", "TS-MUST-01"], _breaks_only(*named))
        run = run_checks([check], target=FakeTarget(), catalogue=CAT, target_description="t")
        (result,) = run.results
        assert (result.status, result.breaks) == (Status.FAIL, ())
