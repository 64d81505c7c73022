"""Reports of a conformance run: console, JSON (with a published schema), JUnit XML, HTML.

Reporters return strings or write to a stream or file they are given; only
the CLI prints. File writers are atomic.
"""

from __future__ import annotations

from pathlib import Path

from gponline_sdk.conformance.reporters.console import ConsoleProgress, render_summary
from gponline_sdk.conformance.reporters.html import render_html, write_html
from gponline_sdk.conformance.reporters.json_report import (
    REPORT_SCHEMA_VERSION,
    render_json,
    report_dict,
    write_json,
)
from gponline_sdk.conformance.reporters.junit import render_junit, write_junit
from gponline_sdk.conformance.results import RunResult

__all__ = [
    "REPORT_SCHEMA_VERSION",
    "ConsoleProgress",
    "render_html",
    "render_json",
    "render_junit",
    "render_summary",
    "report_dict",
    "write_html",
    "write_json",
    "write_junit",
    "write_reports",
]


def write_reports(run: RunResult, report_dir: Path) -> dict[str, Path]:
    """Write `report.json`, `report.html` and `junit.xml` into `report_dir`; return their paths."""
    return {
        "json": write_json(run, report_dir / "report.json"),
        "html": write_html(run, report_dir / "report.html"),
        "junit": write_junit(run, report_dir / "junit.xml"),
    }
