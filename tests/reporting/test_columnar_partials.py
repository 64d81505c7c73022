"""The columnar build's partial group-bys: merged every so many batches, the same totals.

The weekly parity property reads files of a few thousand rows, one Arrow batch
each, so it never reaches the merge that bounds memory on a large file; this
drives `PartialGroups` over many batches directly and counts the same rows in
plain Python.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.reporting.columnar._aggregates import PartialGroups

_ROW = st.tuples(
    st.sampled_from(["A81001", "B82002", "C83003"]),
    st.integers(min_value=0, max_value=6),  # a day of the week
    st.integers(min_value=0, max_value=1),  # a flag, as `out` or `completed`
    st.integers(min_value=0, max_value=1_440),  # minutes
)


def _split(rows: list[Any], k: int) -> list[list[Any]]:
    size = -(-len(rows) // k)  # k batches at most, none empty
    return [rows[i : i + size] for i in range(0, len(rows), size)]


# The batch count is drawn on its own and evenly, then the rows split into that many (a list
# of lists drawn whole bunches short): most examples pass one or two merges, some none.
_BATCHES = st.builds(
    _split,
    st.lists(_ROW, min_size=45, max_size=150),
    st.integers(min_value=1, max_value=45),
)


@settings(max_examples=60, database=None)
@given(batches=_BATCHES)
def test_counts_and_sums_survive_any_number_of_merges(batches: list[list[Any]]) -> None:
    groups = PartialGroups(pa, ["practice_code", "day"], ["flag", "minutes"])
    for batch in batches:
        practice, day, flag, minutes = zip(*batch, strict=True)
        groups.add(
            pa.table(
                {
                    "practice_code": list(practice),
                    "day": list(day),
                    "flag": pa.array(flag, pa.int64()),
                    "minutes": pa.array(minutes, pa.int64()),
                }
            )
        )
    got = {(r["practice_code"], r["day"]): r for r in groups.merged().to_pylist()}
    rows = [row for batch in batches for row in batch]
    n = Counter((p, d) for p, d, _, _ in rows)
    assert {k: got[k]["n"] for k in got} == dict(n)
    for key in n:
        mine = [(f, m) for p, d, f, m in rows if (p, d) == key]
        assert got[key]["flag"] == sum(f for f, _ in mine)
        assert got[key]["minutes"] == sum(m for _, m in mine)


def test_nothing_added_is_falsy() -> None:
    groups = PartialGroups(pa, ["practice_code"], ["flag"])
    assert not groups
    groups.add(pa.table({"practice_code": ["A81001"], "flag": pa.array([1], pa.int64())}))
    assert groups
