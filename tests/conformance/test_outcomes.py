"""The triage-outcome check (AV-RESP-01) fails tools that break it in ways no fault mode does.

The fault modes (outcome-on-acknowledgement, outcome-hidden-from-patient,
outcome-time-real-clock, outcome-kind-flattened) are in the self-test. Here, tools
wrapped around the clean reference tool break the requirement otherwise: the message
trimmed or its line ends rewritten, a status for a reference nobody issued, the
acknowledgement's times not carried into the status, an outcome recorded at a
minute-level clock. The clean tool passes within the budget the check states.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import orjson
import pytest

from gponline_sdk.conformance import checks  # noqa: F401 - registers the checks
from gponline_sdk.conformance.catalogue import load_catalogue
from gponline_sdk.conformance.checks.outcomes import TRIAGES
from gponline_sdk.conformance.core import CHECKS, CheckResult, Status
from gponline_sdk.conformance.runner import DEFAULT_SEED, run_checks
from gponline_sdk.conformance.target import InProcessTarget
from gponline_sdk.models import CORE_HOURS
from gponline_sdk.reference.tool import ReferenceTool

_STATUS = re.compile(r"/requests/([^/]+)/status")
_RECORD = re.compile(r"/practice/requests/([^/]+)/outcome")
Rewrite = Callable[[str, str, int, dict[str, Any]], tuple[int, dict[str, Any]]]


class _Rewriting:
    """The clean reference tool, with the answers of the two outcome routes rewritten."""

    def __init__(self, rewrite: Rewrite) -> None:
        self.tool = ReferenceTool()
        self.rewrite = rewrite
        self.calls = 0

    def handle(self, method: str, target: str, body: bytes | None) -> tuple[int, bytes]:
        self.calls += 1
        path = target.split("?", 1)[0]
        status, data = self.tool.handle(method, target, body)
        if not (_STATUS.fullmatch(path) or _RECORD.fullmatch(path)):
            return status, data
        status, changed = self.rewrite(method, path, status, orjson.loads(data))
        return status, orjson.dumps(changed)


def _run(tool: Any) -> CheckResult:
    result = run_checks(
        [CHECKS["response.outcome-shown"]],
        target=InProcessTarget(tool),
        catalogue=load_catalogue(),
        target_description="wrapped reference tool",
        seed=DEFAULT_SEED,
    )
    return result.results[0]


def _status_for_anything(
    method: str, path: str, status: int, body: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    # Any reference gets an empty status (a lookup that never says "not found"), not 404.
    match = _STATUS.fullmatch(path)
    if method == "GET" and status == 404 and match is not None:
        now = "2027-02-08T08:00:00Z"
        return 200, {"reference": match[1], "received_at": now, "respond_by": now}
    return status, body


def _trims_message(
    method: str, path: str, status: int, body: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    if method == "GET" and status == 200 and isinstance(body.get("message"), str):
        body["message"] = body["message"].strip()
    return status, body


def _lf_line_ends(
    method: str, path: str, status: int, body: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    if method == "GET" and status == 200 and isinstance(body.get("message"), str):
        body["message"] = body["message"].replace("\r\n", "\n")
    return status, body


def _respond_by_end_of_week(
    method: str, path: str, status: int, body: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    # The status computes its own respond_by (Friday 18:30) instead of the acknowledgement's.
    if method == "GET" and status == 200:
        body["respond_by"] = "2027-12-31T18:30:00Z"
    return status, body


def _minute_clock(
    method: str, path: str, status: int, body: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    # recorded_at from a minute-level clock: 08:47:12 becomes 08:47:00.
    outcome = body if method == "POST" and status == 201 else body.get("outcome")
    if isinstance(outcome, dict):
        outcome["recorded_at"] = outcome["recorded_at"][:17] + "00Z"
    return status, body


@pytest.mark.parametrize(
    ("rewrite", "says"),
    [
        (_trims_message, "status message: expected the practice's message exactly as sent"),
        (_lf_line_ends, "status message: expected the practice's message exactly as sent"),
        (_status_for_anything, "for a reference no request has: expected HTTP 404"),
        (_respond_by_end_of_week, "status respond_by: expected the acknowledgement's"),
        (_minute_clock, "outcome recorded_at: expected the tool's now"),
    ],
    ids=lambda x: getattr(x, "__name__", "")[1:],
)
def test_the_check_fails_a_tool_that_breaks_it_otherwise(rewrite: Rewrite, says: str) -> None:
    result = _run(_Rewriting(rewrite))
    assert result.status is Status.FAIL, result.message
    assert says in (result.message or "")


def test_the_clean_tool_passes_within_the_stated_budget() -> None:
    tool = _Rewriting(lambda method, path, status, body: (status, body))
    result = _run(tool)
    assert result.status is Status.PASS, result.message
    budget = next(n for n in result.notes if n.startswith("request budget: "))
    # 2.2.0: one patient's four requests; 2.3.0: read again at the end and 91 days on.
    assert tool.calls <= int(budget.split()[2]) < 110


def test_the_instants_spread_over_days_and_hours_and_triage_the_same_day_later() -> None:
    days = {t.sent.date() for t in TRIAGES}
    assert len({d.weekday() for d in days}) == len(TRIAGES)
    assert any(t.sent.hour == 8 and t.sent.minute == 0 for t in TRIAGES)
    assert any(t.sent.hour == 18 and t.sent.minute >= 25 for t in TRIAGES)
    assert any(not t.in_core_hours and not CORE_HOURS.is_open_at(t.sent) for t in TRIAGES)
    assert any(t.sent.utcoffset() != timedelta(0) for t in TRIAGES)  # BST: offset not Z
    for t in TRIAGES:
        assert t.sent < t.triaged
        assert t.sent.date() == t.triaged.date()
        assert t.in_core_hours == CORE_HOURS.is_open_at(t.sent)
        assert CORE_HOURS.is_open_at(t.triaged)
        assert t.sent.microsecond  # recorded_at is compared to the second only
        assert t.triaged.microsecond
