r"""The conformance suite as pytest items: `pytest --gponline-target URL`.

Installed with the SDK as a pytest plugin (entry point `pytest11`), inactive
unless `--gponline-target` is given. Then each conformance check is one test
item named by its check ID, marked with its requirement IDs, so a vendor's
existing pytest run, its `-k`/`-m` selection, JUnit output and CI view all
work as for their own tests:

    pytest --gponline-target https://oc-test.example.com/gponline-test/ \\
        -m "AV_CORE_01 or OC_ACK_01" --junitxml reports/conformance.xml

Marks: `gponline_requirement("AV-CORE-01", ...)` on every item, and one mark per
requirement ID with `-` written as `_` (`AV_CORE_01`), usable with `-m`. The
token comes from `--gponline-token` or `GPONLINE_TARGET_TOKEN`.

The selected checks run once, in the suite's order, when the first item runs
(some checks build on the tool's state, as in `gponline conformance run`);
each item then reports its check: PASS passes, SKIP and OMIT skip, WARN
passes with a warning (a SHOULD never fails the build), FAIL and ERROR fail
with the check's message (masked, as in the suite's reports). A refused token
stops the session before any check runs.
"""

from __future__ import annotations

import os
import warnings
from typing import Any

import pytest

from gponline_sdk.conformance.catalogue import load_catalogue
from gponline_sdk.conformance.core import CHECKS, CheckResult, Status
from gponline_sdk.conformance.masking import Masker
from gponline_sdk.conformance.preflight import preflight
from gponline_sdk.conformance.runner import DEFAULT_SEED, run_checks
from gponline_sdk.errors import GponlineError

ENV_TOKEN = "GPONLINE_TARGET_TOKEN"  # noqa: S105 - the variable's name, not a token


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add the `--gponline-*` options."""
    group = parser.getgroup("gponline", "gponline conformance suite")
    group.addoption("--gponline-target", metavar="URL", help="run the suite against this tool")
    group.addoption("--gponline-token", metavar="TOKEN", help=f"bearer token (or ${ENV_TOKEN})")
    group.addoption("--gponline-seed", type=int, default=DEFAULT_SEED, metavar="N")


def pytest_configure(config: pytest.Config) -> None:
    """Register the marks, so `--strict-markers` accepts them."""
    config.addinivalue_line(
        "markers", "gponline_requirement(*ids): the requirements a conformance check verifies"
    )
    if config.getoption("gponline_target", None):
        _load_checks()
        for req in sorted({r for c in CHECKS.values() for r in c.requirements}):
            config.addinivalue_line("markers", f"{mark_name(req)}: requirement {req}")


def mark_name(requirement: str) -> str:
    """The `-m` name of a requirement ID: `AV-CORE-01` -> `AV_CORE_01`."""
    return requirement.replace("-", "_")


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Add one item per conformance check, before `-k`/`-m` deselect any."""
    if not config.getoption("gponline_target", None):
        return
    run = _SuiteRun(config)
    added: list[pytest.Item] = []
    for check in sorted(CHECKS.values(), key=lambda c: c.position):  # the suite's order
        item = ConformanceItem.from_parent(session, name=check.id, check_id=check.id, run=run)
        item.add_marker(pytest.mark.gponline_requirement(*check.requirements))
        for req in check.requirements:
            item.add_marker(getattr(pytest.mark, mark_name(req)))
        added.append(item)
    items[:0] = added
    # -k and -m run after this hook in pytest's own deselect plugin, which sees these too.


class _SuiteRun:
    """Runs the selected checks once, on first use, and keeps their results."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.results: dict[str, CheckResult] | None = None

    def result(self, check_id: str, session: pytest.Session) -> CheckResult:
        if self.results is None:
            selected = [i.check_id for i in session.items if isinstance(i, ConformanceItem)]
            self.results = self._run(selected)
        return self.results[check_id]

    def _run(self, selected: list[str]) -> dict[str, CheckResult]:
        from gponline_sdk.conformance.target import HttpTarget  # noqa: PLC0415

        url = str(self.config.getoption("gponline_target"))
        token = self.config.getoption("gponline_token") or os.environ.get(ENV_TOKEN)
        target = HttpTarget(url, token=token)
        try:
            try:
                preflight(target)
            except GponlineError as exc:
                pytest.exit(f"gponline: {exc}", returncode=pytest.ExitCode.USAGE_ERROR)
            run = run_checks(
                [CHECKS[c] for c in selected],
                target=target,
                catalogue=load_catalogue(),
                target_description=url,
                seed=int(self.config.getoption("gponline_seed")),
                masker=Masker(secrets=[token] if token else []),
                selection=tuple(selected) if len(selected) < len(CHECKS) else (),
            )
        finally:
            target.close()
        return {r.check_id: r for r in run.results}


class ConformanceItem(pytest.Item):
    """One conformance check as a pytest item."""

    def __init__(self, *, check_id: str, run: _SuiteRun, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.check_id = check_id
        self._run = run

    def runtest(self) -> None:
        """Report the check's result (running the suite first if it has not run)."""
        result = self._run.result(self.check_id, self.session)
        reqs = ", ".join(result.requirements)
        if result.status in (Status.FAIL, Status.ERROR):
            raise ConformanceFailure(f"{result.status.value.upper()} [{reqs}] {result.message}")
        if result.status in (Status.SKIP, Status.OMIT):
            pytest.skip(result.message or result.status.value)
        if result.status is Status.WARN:
            warnings.warn(f"SHOULD not met [{reqs}]: {result.message}", stacklevel=1)

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str:
        """The check's own message, not a traceback into the plugin."""
        if isinstance(excinfo.value, ConformanceFailure):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[str, int | None, str]:
        """Where pytest says the item is: the suite, by check ID."""
        return "gponline-conformance", None, f"conformance check {self.check_id}"


class ConformanceFailure(AssertionError):
    """A check that failed (or could not run): its message is the item's failure."""


def _load_checks() -> None:
    import gponline_sdk.conformance.checks  # noqa: F401, PLC0415 - registers every check
