"""The synthetic sample week shipped with the SDK, for demos and first runs.

A checkout has it at `examples/data/`; an installed wheel carries the same
files as `gponline_sdk/_sample_data/`. Every identifier in it is fake (999
NHS numbers, Ofcom drama phone numbers, example.org emails).
"""

from __future__ import annotations

from pathlib import Path

import gponline_sdk
from gponline_sdk.errors import ConfigError
from gponline_sdk.models.schedule import ReportingPeriod

__all__ = ["SAMPLE_WEEK", "sample_data_dir"]

SAMPLE_WEEK = ReportingPeriod.from_iso_week("2026-W47")
"""The week the sample events fall in."""


def sample_data_dir() -> Path:
    """The folder holding the sample week's files, installed or in a checkout.

    Raises:
        ConfigError: when neither place has them.
    """
    package = Path(gponline_sdk.__file__).resolve().parent
    for candidate in (package / "_sample_data", package.parents[1] / "examples" / "data"):
        if (candidate / "oc_events.csv").is_file():
            return candidate
    raise ConfigError(f"the sample data is missing: looked in {package / '_sample_data'}")
