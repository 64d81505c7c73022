"""The one place pyarrow is imported: its modules, typed `Any` at this boundary.

pyarrow ships partial type information and the only stub package on PyPI
(`pyarrow-stubs`) follows pyarrow 20, six major versions behind the one the
extra installs; rather than silence a stream of stub mismatches through the
package, the columnar modules take pyarrow as `Any` from here and narrow what
they get back to Python types at their own boundaries.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

__all__ = ["EXTRA_HINT", "load", "load_json"]

EXTRA_HINT = "pip install 'gponline-sdk[columnar]'"
"""How to get the columnar engine (pyarrow); shown when it is asked for and missing."""


def load() -> tuple[Any, Any, Any]:
    """Import pyarrow, its compute functions and its CSV reader.

    Raises:
        ImportError: when pyarrow is not installed.
    """
    if sys.platform.startswith("linux") and "pyarrow" not in sys.modules:
        # Arrow's default pool in Linux wheels is mimalloc, which keeps freed batches'
        # pages: a week build's peak grew from 160 MB at 1M events to 178 MB at 5M; with
        # jemalloc (in every Linux wheel) it was 145 MB at both (bench/README.md). Arrow
        # reads the variable once, on its first allocation, and only if pyarrow is not
        # yet in use here; a pool the user chose is kept.
        os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "jemalloc")
    pa = importlib.import_module("pyarrow")
    pc = importlib.import_module("pyarrow.compute")
    pa_csv = importlib.import_module("pyarrow.csv")
    return pa, pc, pa_csv


def load_json() -> Any:
    """Import pyarrow's JSON reader (after `load`, which chooses the memory pool).

    Raises:
        ImportError: when pyarrow is not installed.
    """
    return importlib.import_module("pyarrow.json")
