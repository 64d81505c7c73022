"""The columnar weekly build: OC and VC records from CSV or JSON Lines files, with Arrow.

The row path (`reporting.weekly`, `reporting.event_io`) stays the oracle: this
path writes the same files, validation report, exclusion report and
aggregates, byte for byte (a property test holds them together), and hands any
input it cannot prove it reads the same way back to the row path (see
`_source`, `_columns`). It needs the `columnar` extra (pyarrow, numpy);
nothing here imports pyarrow until a build asks for it.

What is columnar: OC and VC events from CSV (`_batches`) and JSON Lines
(`_jsonl`) into JSON, CSV or XML files (`_kinds` says what differs between OC
and VC, `_output` writes them), batch by batch; files with bad rows, refused
with the row reader's own error (`_rowcheck`: the rows the columns cannot
judge are read again by its code); repeated record IDs, reported as the
validator reports them (`_records.DuplicateCheck`). What the columns cannot
prove the row path reads the same way (a valid date-time it writes in its own
form, unread text the guard cannot tell from a fault) takes the row path,
which the build says in a debug log line. The build never reads the identifier
columns (`skip_identifiers`).
"""

from __future__ import annotations

import importlib.util

from gponline_sdk.reporting.columnar._arrow import EXTRA_HINT
from gponline_sdk.reporting.columnar._source import NotColumnar

__all__ = ["EXTRA_HINT", "NotColumnar", "available"]


def available() -> bool:
    """True when pyarrow and numpy can be imported (the `columnar` extra)."""
    return all(importlib.util.find_spec(m) is not None for m in ("pyarrow", "numpy"))
