"""One behaviour, two paths: the columnar weekly build against the row path, its oracle.

Hypothesis writes OC and VC event exports, CSV and JSON Lines, clean and dirty
(`_columnar_exports`), each built twice, with `engine="row"` and
`engine="columnar"` (`_columnar_runs`), into each output format (JSON, CSV,
XML: a parameter). The outcome must be the same: the same files byte for byte
(records and aggregates), the same validation reports (duplicates included),
exclusion reports and counts, or the same error (file, line and column) that
never shows a value. Fixed cases are in `test_columnar_cases.py`.

A file with bad rows is refused by the columnar path itself (it reads the
rows its column checks refuse again with the row reader's code), so most dirty
exports run it to the end. `--hypothesis-show-statistics` shows how often the
columnar path ran, why it handed an export back to the row path, and a tally
of what was drawn (each kind of bad cell and row, the block size).
"""

from __future__ import annotations

from typing import Any

import pytest
from _columnar_exports import MARK, exports, jsonl_exports
from _columnar_runs import both
from hypothesis import HealthCheck, event, given, settings

from gponline_sdk.reporting.formats import Format


def _check(fmt: Format, export: dict[str, Any]) -> None:
    export = {**export, "fmt": fmt}
    row, columnar, fallbacks = both(export)
    event(f"row path: {row[0]}")
    event(f"output {fmt.value}, columnar {'handed back' if fallbacks else 'ran'}")
    kind = "clean" if export["clean"] else "dirty"
    event(f"{kind} export, columnar: {fallbacks[0].split('(', 1)[1] if fallbacks else 'ran'}")
    for drawn in export["drawn"]:
        event(f"drawn: {drawn}")
    event(f"block {export['block']}")
    if row[0] == "built" and any(f[5].records_rejected for f in row[1]):
        event(f"duplicates reported, columnar {'handed back' if fallbacks else 'ran'}")
    assert columnar == row
    if row[0] == "error":
        assert MARK not in row[2]  # file, line and column: never the value


# Two builds an example: a larger bound than the suite's 300 s, which a loaded CI
# machine (the dependency matrix runs two workers) reached at 300 examples. The
# output format is a parameter, not a draw: drawn, one run gave JSON 49%, XML 17%.
@pytest.mark.timeout(900)
@pytest.mark.parametrize("fmt", list(Format))
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(export=exports("oc"))
def test_the_columnar_build_is_the_row_build(fmt: Format, export: dict[str, Any]) -> None:
    _check(fmt, export)


@pytest.mark.timeout(900)
@pytest.mark.parametrize("fmt", list(Format))
@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(export=exports("vc"))
def test_the_columnar_vc_build_is_the_row_build(fmt: Format, export: dict[str, Any]) -> None:
    _check(fmt, export)


@pytest.mark.timeout(900)
@pytest.mark.parametrize("fmt", list(Format))
@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(export=jsonl_exports("oc"))
def test_the_columnar_jsonl_build_is_the_row_build(fmt: Format, export: dict[str, Any]) -> None:
    _check(fmt, export)


@pytest.mark.timeout(900)
@pytest.mark.parametrize("fmt", list(Format))
@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow])
@given(export=jsonl_exports("vc"))
def test_the_columnar_vc_jsonl_build_is_the_row_build(fmt: Format, export: dict[str, Any]) -> None:
    _check(fmt, export)
