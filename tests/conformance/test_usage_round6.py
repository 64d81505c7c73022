"""Round 6's usage checks: a full week counted exactly, and every request whatever came next.

In process: `usage-data.oc-full-week` and `usage-data.oc-whatever-next` pass a
conformant tool (closing or accepting out of hours), fail each round-6 usage
fault with the field named, catch an export that skips a record at any
plausible page size, and send exactly the requests their budgets state.
"""

from __future__ import annotations

import re

import pytest
from _inprocess import failure_of, requests_and_budget

from gponline_sdk.conformance import checks  # noqa: F401 - registers the checks
from gponline_sdk.conformance.catalogue import load_catalogue
from gponline_sdk.conformance.checks.usage import _corpus
from gponline_sdk.conformance.core import CHECKS, Status
from gponline_sdk.conformance.runner import run_checks
from gponline_sdk.conformance.target import InProcessTarget
from gponline_sdk.models import OcRecord, ReportingPeriod, RequestCategory, RequestType
from gponline_sdk.reference.tool.app import ReferenceTool

_FULL_WEEK = "usage-data.oc-full-week"
_WHATEVER_NEXT = "usage-data.oc-whatever-next"
# Words routers key on: medicines and symptoms. Each non-clinical category's texts use both.
_MEDICINE = re.compile(r"\b(prescription|tablets?|inhalers?|medicines?|medication|dose|mg)\b", re.I)
_SYMPTOM = re.compile(r"\b(pain|rash|dizzy|swollen|headaches?|fever|bleeding|infection)\b", re.I)


class _AcceptingTool(ReferenceTool):
    """A conformant tool that takes requests out of hours (the clean one closes)."""

    def _accepts_out_of_hours(self) -> bool:
        return True


class _PagedTool(ReferenceTool):
    """An export that reads the week in pages of `page` from one past each page's start."""

    page = 500

    def _oc_records(self, period: ReportingPeriod) -> tuple[OcRecord, ...]:
        records = super()._oc_records(period)
        return tuple(r for i, r in enumerate(records) if i == 0 or i % self.page != 0)


def _statuses(tool: ReferenceTool, *check_ids: str) -> dict[str, tuple[str, str]]:
    result = run_checks(
        [CHECKS[c] for c in check_ids],
        target=InProcessTarget(tool),
        catalogue=load_catalogue(),
        target_description="t",
    )
    return {r.check_id: (r.status.value, r.message) for r in result.results}


def test_a_tool_that_accepts_out_of_hours_passes_both() -> None:
    got = _statuses(_AcceptingTool(), _FULL_WEEK, _WHATEVER_NEXT)
    assert all(status == Status.PASS.value for status, _ in got.values()), got


@pytest.mark.parametrize("check_id", [_FULL_WEEK, _WHATEVER_NEXT])
def test_each_check_sends_exactly_its_stated_budget(check_id: str) -> None:
    sent, budget = requests_and_budget(check_id)
    assert sent == budget


@pytest.mark.parametrize("page", [100, 500, 1_000, 1_024])
def test_a_record_skipped_at_any_round_page_size_is_caught(page: int) -> None:
    tool = _PagedTool()
    tool.page = page
    (status, message), *_ = _statuses(tool, _FULL_WEEK).values()
    assert status == Status.FAIL.value
    assert "expected 1050 new record(s), got" in message


@pytest.mark.parametrize(
    ("fault", "check_id", "says"),
    [
        ("usage-paged-skips-page-start", _FULL_WEEK, "got 1049 (-1): no record with"),
        ("usage-omits-closed-requests", _WHATEVER_NEXT, "outcome was: closed_no_action"),
        ("usage-type-by-keywords", _FULL_WEEK, "records[?].request_type expected"),
        ("usage-type-by-keywords", _WHATEVER_NEXT, "records[?].request_type expected"),
        ("usage-attachments-ignore-empty", _FULL_WEEK, "has_attachments expected true, got false"),
        ("usage-attachments-ignore-empty", _WHATEVER_NEXT, "has_attachments expected true"),
    ],
)
def test_each_round6_usage_fault_fails_with_the_field_named(
    fault: str, check_id: str, says: str
) -> None:
    assert says in failure_of(check_id, fault)


def test_the_clean_tool_passes_both() -> None:
    got = _statuses(ReferenceTool(None), _FULL_WEEK, _WHATEVER_NEXT)
    assert all(status == Status.PASS.value for status, _ in got.values()), got


@pytest.mark.parametrize(
    "category", [c for c in RequestCategory if c.request_type is not RequestType.CLINICAL]
)
def test_texts_outside_clinical_categories_mention_medicines_and_symptoms(
    category: RequestCategory,
) -> None:
    texts = " ".join(_corpus.PHRASES[category])
    assert _MEDICINE.search(texts)
    assert _SYMPTOM.search(texts)


def test_clinical_texts_sound_like_admin_and_every_category_has_texts() -> None:
    assert set(_corpus.PHRASES) == set(RequestCategory)
    admin = re.compile(r"\b(appointment|form|letter|registration|address|book)", re.I)
    for category in RequestCategory:
        if category.request_type is RequestType.CLINICAL:
            assert admin.search(" ".join(_corpus.PHRASES[category])), category


def test_attachments_include_empty_single_and_several() -> None:
    sizes = _corpus.ATTACHMENT_SIZES
    assert () in sizes
    assert (0,) in sizes
    assert any(len(s) > 1 and 0 in s for s in sizes)
    empty = _corpus.attachments("image/jpeg", (0,), 1)[0]
    assert empty.size_bytes == 0
    assert _corpus.attachments(None, (0, 1), 1) == ()
