"""Expected failures: known gaps a vendor has written down, each with a reason.

A vendor who knows their test environment breaks a rule lists it, so CI can
stay green while the fix is on its way, and so the gap is visible in every
report. Like Inferno's and the OpenID suite's, the list cannot go quietly
stale: an entry that now passes fails the run, so it must be removed.

The file is JSON::

    {
      "expected_failures": [
        {"id": "AV-CAP-01", "reason": "daily cap still on in staging; fix in ACME-123"},
        {"id": "robustness.malformed-json", "reason": "500 on bad JSON; ACME-456",
         "status": "error"}
      ]
    }

`id` is a requirement ID or a check ID. `status` is what is expected: `fail`
(the default; also covers a failed SHOULD, which is reported as a warning) or
`error` (the check could not finish; also covers `fail`). What happens to an
entry in a run:

- *expected*: it failed as listed; reported, and the run is not failed for it;
- *stale*: it passed; the run fails until the entry is removed;
- *not exercised*: its checks did not run, were skipped or omitted; reported only.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from gponline_sdk.conformance.catalogue import read_json_file
from gponline_sdk.conformance.core import Status
from gponline_sdk.errors import InputFileError, Problem

__all__ = [
    "EntryState",
    "ExpectedFailure",
    "ExpectedFailures",
    "load_expected_failures",
    "parse_expected_failures",
]

_ENTRY_KEYS = {"id", "reason", "status"}
_MAX_REASON = 500


class EntryState(enum.Enum):
    """What became of an expected-failures entry in a run."""

    EXPECTED = "expected"
    STALE = "stale"
    NOT_EXERCISED = "not_exercised"


@attrs.frozen(kw_only=True)
class ExpectedFailure:
    """One entry: the check or requirement expected to fail, and why."""

    id: str
    reason: str
    allow_error: bool = False
    """True when the entry's `status` is `error`: an ERROR result is expected too."""

    def covers(self, status: Status) -> bool:
        """True when `status` is a failure this entry expects."""
        if status in (Status.FAIL, Status.WARN):
            return True
        return self.allow_error and status is Status.ERROR


@attrs.frozen(kw_only=True)
class ExpectedFailures:
    """The entries of one expected-failures file, by ID."""

    entries: tuple[ExpectedFailure, ...] = ()
    origin: str = ""

    def get(self, item_id: str) -> ExpectedFailure | None:
        """The entry for a check or requirement ID, if listed."""
        for entry in self.entries:
            if entry.id == item_id:
                return entry
        return None

    def check_known(self, known_ids: Iterable[str]) -> None:
        """Refuse entries that name no known check or requirement (a typo would hide a gap).

        Raises:
            InputFileError: naming each unknown entry by its JSON path.
        """
        known = set(known_ids)
        problems = [
            Problem(
                location=f"$.expected_failures[{i}].id",
                message=f"{e.id!r} is neither a requirement ID nor a check ID",
            )
            for i, e in enumerate(self.entries)
            if e.id not in known
        ]
        if problems:
            raise InputFileError(self.origin or "expected failures", problems)


def load_expected_failures(path: Path) -> ExpectedFailures:
    """Read and validate an expected-failures file.

    Raises:
        InputFileError: naming the file and the JSON path of every problem.
    """
    return parse_expected_failures(read_json_file(path), origin=str(path))


def _entry(raw: Any, where: str, problems: list[Problem]) -> ExpectedFailure | None:
    if not isinstance(raw, dict):
        problems.append(Problem(location=where, message="expected an object with id and reason"))
        return None
    before = len(problems)
    for key in sorted(set(raw) - _ENTRY_KEYS):
        problems.append(Problem(location=f"{where}.{key}", message="unknown field"))
    item_id = raw.get("id")
    if not isinstance(item_id, str) or not item_id.strip():
        problems.append(
            Problem(location=f"{where}.id", message="expected a check or requirement ID")
        )
    reason = raw.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        problems.append(
            Problem(location=f"{where}.reason", message="every entry needs a reason (text)")
        )
    elif len(reason) > _MAX_REASON:
        problems.append(
            Problem(location=f"{where}.reason", message=f"at most {_MAX_REASON} characters")
        )
    status = raw.get("status", "fail")
    if status not in ("fail", "error"):
        problems.append(Problem(location=f"{where}.status", message="expected 'fail' or 'error'"))
    if len(problems) > before:
        return None
    assert isinstance(item_id, str)
    assert isinstance(reason, str)
    return ExpectedFailure(id=item_id.strip(), reason=reason.strip(), allow_error=status == "error")


def parse_expected_failures(data: Any, *, origin: str = "expected failures") -> ExpectedFailures:
    """Validate expected-failures data already read from JSON; see `load_expected_failures`.

    Raises:
        InputFileError: naming the JSON path of every problem.
    """
    problems: list[Problem] = []
    if not isinstance(data, Mapping) or not isinstance(data.get("expected_failures"), list):
        raise InputFileError(
            origin,
            [Problem(location="$.expected_failures", message="expected a list of entries")],
        )
    for key in sorted(set(data) - {"expected_failures", "$schema", "notes"}):
        problems.append(Problem(location=f"$.{key}", message="unknown field"))
    entries: list[ExpectedFailure] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(data["expected_failures"]):
        where = f"$.expected_failures[{i}]"
        entry = _entry(raw, where, problems)
        if entry is None:
            continue
        if entry.id in seen:
            problems.append(
                Problem(
                    location=f"{where}.id",
                    message=f"listed twice (first at $.expected_failures[{seen[entry.id]}])",
                )
            )
            continue
        seen[entry.id] = i
        entries.append(entry)
    if problems:
        raise InputFileError(origin, problems)
    return ExpectedFailures(entries=tuple(entries), origin=origin)
