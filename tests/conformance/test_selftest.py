"""The suite's self-test: it passes the clean reference tool and fails each fault mode exactly.

The clean tool over real HTTP on loopback (one reference tool server per run, the
runner as the CLI uses it); the fault modes in process, but for those in HTTP message
framing (`FRAMING_FAULTS`: a refused body left on the wire), which exist only on a
connection and run over HTTP too.
`conformance/selftest-expected.json` says what each fault must fail; a check that no
fault mode fails would be a check that proves nothing.

Verdicts must not depend on the seed (the test data and the instants a check
draws): the clean tool is run with every seed in `SEEDS` over HTTP with the
real masker; each fault mode (parametrized over `FAULTS` as it is when the
tests are collected) with the default seed, and one in `SECOND_SEED_EVERY` with
another seed too, in process, through a pass-through masker: the statuses are under test there, and
neither the transport (tested in test_target*.py and test_stability.py) nor
masking changes a status.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from _passthrough import PassThroughMasker

from gponline_sdk.conformance import checks  # noqa: F401 - registers the checks
from gponline_sdk.conformance.catalogue import load_catalogue
from gponline_sdk.conformance.core import CHECKS, Status, Verification
from gponline_sdk.conformance.masking import Masker
from gponline_sdk.conformance.results import RunResult
from gponline_sdk.conformance.runner import DEFAULT_SEED, run_checks
from gponline_sdk.conformance.target import HttpTarget, InProcessTarget
from gponline_sdk.reference.tool import FAULTS, ReferenceTool, serve_in_thread
from gponline_sdk.reference.tool.faults.framing import FRAMING_FAULTS

EXPECTED_FILE = Path(__file__).parents[2] / "conformance" / "selftest-expected.json"
EXPECTED: dict[str, Any] = json.loads(EXPECTED_FILE.read_text(encoding="utf-8"))
_FAILING = (Status.FAIL, Status.WARN, Status.ERROR)
SEEDS = (DEFAULT_SEED, 7, 20_270_329)
"""Three seeds: the default, a small one, and one whose draws differ from both."""


def run_suite(
    fault: str | None, seed: int = DEFAULT_SEED, *, http: bool = True, masker: Masker | None = None
) -> RunResult:
    catalogue = load_catalogue()
    chosen = list(CHECKS.values())
    if not http:
        return run_checks(
            chosen,
            target=InProcessTarget(ReferenceTool(fault)),
            catalogue=catalogue,
            target_description="reference tool in process",
            seed=seed,
            masker=masker,
        )
    with serve_in_thread(fault) as url, HttpTarget(url) as target:
        return run_checks(
            chosen,
            target=target,
            catalogue=catalogue,
            target_description=url,
            seed=seed,
            masker=masker,
        )


def failing(result: RunResult) -> tuple[list[str], list[str]]:
    checks_ = sorted(r.check_id for r in result.results if r.status in _FAILING)
    reqs = sorted(o.requirement.id for o in result.requirements if o.status in _FAILING)
    return checks_, reqs


@pytest.mark.parametrize("seed", SEEDS)
def test_clean_reference_tool_passes_every_check(seed: int) -> None:
    result = run_suite(None, seed)
    not_passed = {r.check_id: (r.status.value, r.message) for r in result.results}
    not_passed = {k: v for k, v in not_passed.items() if v[0] != "pass"}
    assert not_passed == {}
    assert result.unreachable is None
    assert failing(result) == (
        EXPECTED["clean"]["failing_checks"],
        EXPECTED["clean"]["failing_requirements"],
    )


SECOND_SEED_EVERY = int(os.environ.get("GPONLINE_SELFTEST_SECOND_SEED_EVERY", "8"))
"""In CI, one fault mode in this many also runs with another seed (every mode has the default).

Every mode with a second seed was 794 whole-suite runs of about 9,000 requests each by round
16: past CI's time on a two-core machine. Before a round lands, its own modes and those whose
expectations change run with both seeds, and every mode does when a check's draws change
(`GPONLINE_SELFTEST_SECOND_SEED_EVERY=1`; docs/architecture.md, "The self-test"); the sample
here keeps a verdict that moves with the seed from going unseen between rounds.
"""


def _fault_runs() -> list[tuple[str, int]]:
    """Each fault mode with the default seed; one in `SECOND_SEED_EVERY` with another too.

    The other seeds alternate over the sampled modes; the clean tool keeps every seed.
    """
    others = SEEDS[1:]
    runs = [(fault, DEFAULT_SEED) for fault in FAULTS]
    sampled = list(FAULTS)[::SECOND_SEED_EVERY]
    runs += [(fault, others[n % len(others)]) for n, fault in enumerate(sampled)]
    return runs


@pytest.mark.parametrize(("fault", "seed"), _fault_runs())
def test_each_fault_mode_fails_exactly_the_expected_checks(fault: str, seed: int) -> None:
    expected = EXPECTED["faults"][fault]
    http = fault in FRAMING_FAULTS
    result = run_suite(fault, seed, http=http, masker=PassThroughMasker())
    errors = [(r.check_id, r.message) for r in result.results if r.status is Status.ERROR]
    assert errors == []
    assert result.unreachable is None
    assert failing(result) == (
        sorted(expected["failing_checks"]),
        sorted(expected["failing_requirements"]),
    )


def test_a_run_keeps_the_suites_order_whatever_order_the_checks_come_in() -> None:
    """A daily cap counts every request, so which check meets it depends on the run order.

    CI once ran `availability.no-111-redirect` last: another test had taken it out of
    `CHECKS` and put it back (at the dict's end), and the capped tool refused it instead
    of `requests.free-text-as-typed`. Given last here, it still runs in its place.
    """
    moved = "availability.no-111-redirect"
    given = [c for c in CHECKS.values() if c.id != moved] + [CHECKS[moved]]
    result = run_checks(
        given,
        target=InProcessTarget(ReferenceTool("caps-requests-at-20")),
        catalogue=load_catalogue(),
        target_description="reference tool in process",
        masker=PassThroughMasker(),
    )
    suite_order = sorted(CHECKS, key=lambda c: CHECKS[c].position)
    assert [r.check_id for r in result.results] == suite_order
    assert suite_order.index(moved) < len(suite_order) - 1
    expected = EXPECTED["faults"]["caps-requests-at-20"]
    assert failing(result) == (
        sorted(expected["failing_checks"]),
        sorted(expected["failing_requirements"]),
    )


def test_expected_file_names_every_fault_mode_and_only_those() -> None:
    assert set(EXPECTED["faults"]) == set(FAULTS)
    for name, entry in EXPECTED["faults"].items():
        assert entry["failing_checks"], f"fault {name} is expected to fail nothing"


def test_every_check_is_failed_by_at_least_one_fault_mode() -> None:
    failed_somewhere = {c for e in EXPECTED["faults"].values() for c in e["failing_checks"]}
    assert set(CHECKS) - failed_somewhere == set()


def test_every_automated_requirement_has_a_check_and_checks_name_only_known_ones() -> None:
    catalogue = load_catalogue()
    verified = {r for c in CHECKS.values() for r in c.requirements}
    automated = {r.id for r in catalogue if r.verification is Verification.AUTOMATED}
    assert automated - verified == set()
    assert verified - set(catalogue.ids()) == set()
