"""The JSON report: every result with its evidence, described by a published JSON Schema.

The schema is `conformance/report.schema.json` (shipped in the wheel); its
`report_schema_version` changes when the report's shape does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from gponline_sdk.conformance._files import atomic_write_text
from gponline_sdk.conformance.core import CheckResult, Exchange
from gponline_sdk.conformance.reporters._words import verdict_line
from gponline_sdk.conformance.results import RequirementOutcome, RunResult

__all__ = ["REPORT_SCHEMA_VERSION", "render_json", "report_dict", "write_json"]

REPORT_SCHEMA_VERSION = "1.3"
"""1.1: `requests` per check and `requests_total` (the run's request budget). 1.3:
`waived_musts` and `verdict_summary`, so a run whose every failure is waived does not
read as conformant (`verdict` stays the exit code's word)."""


def _exchange(e: Exchange) -> dict[str, Any]:
    return {
        "method": e.method,
        "url": e.url,
        "request_headers": dict(e.request_headers),
        "request_body": e.request_body,
        "status": e.status,
        "response_headers": dict(e.response_headers),
        "response_body": e.response_body,
        "elapsed_ms": e.elapsed_ms,
        "error": e.error,
    }


def _check(run: RunResult, r: CheckResult) -> dict[str, Any]:
    waived = run.expected_for_check(r.check_id)
    return {
        "id": r.check_id,
        "title": r.title,
        "group": r.group,
        "requirements": list(r.requirements),
        "breaks": list(r.breaks or (r.requirements if r.status.value in ("fail", "warn") else ())),
        "status": r.status.value,
        "message": r.message,
        "duration_s": round(r.duration_s, 6),
        "requests": r.requests,
        "expected_failure": None if waived is None else {"id": waived.id, "reason": waived.reason},
        "notes": list(r.notes),
        "evidence": [_exchange(e) for e in r.evidence],
    }


def _requirement(o: RequirementOutcome) -> dict[str, Any]:
    req = o.requirement
    return {
        "id": req.id,
        "title": req.title,
        "description": req.description,
        "level": req.level.value,
        "group": req.group,
        "sources": req.source.split("; ") if req.source else [],
        "citations": [{"source": key, "provision": text} for key, text in req.citations],
        "sdk_rule": req.sdk_rule,
        "verification": req.verification.value,
        "rationale": req.rationale,
        "status": None if o.status is None else o.status.value,
        "checks": list(o.checks),
        "waived_by": None
        if o.waived_by is None
        else {"id": o.waived_by.id, "reason": o.waived_by.reason},
        "note": o.note,
    }


def report_dict(run: RunResult) -> dict[str, Any]:
    """The report as plain JSON data (what `render_json` writes)."""
    return {
        "report_schema_version": REPORT_SCHEMA_VERSION,
        "generator": "gponline-sdk conformance suite",
        "sdk_version": run.sdk_version,
        "catalogue_version": run.catalogue_version,
        "target": run.target,
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat(),
        "duration_s": round(run.duration_s, 6),
        "seed": run.seed,
        "selection": list(run.selection),
        "partial": run.partial,
        "verdict": run.verdict.value,
        "verdict_summary": verdict_line(run),
        "unreachable": run.unreachable,
        "counts": {status.value: n for status, n in run.counts().items()},
        "requests_total": sum(r.requests for r in run.results),
        "failing_musts": [o.requirement.id for o in run.failing_musts],
        "waived_musts": [o.requirement.id for o in run.waived_musts],
        "requirements": [_requirement(o) for o in run.requirements],
        "checks": [_check(run, r) for r in run.results],
        "expected_failures": [
            {
                "id": e.entry.id,
                "reason": e.entry.reason,
                "state": e.state.value,
                "status": None if e.status is None else e.status.value,
            }
            for e in run.expected
        ],
    }


def render_json(run: RunResult) -> str:
    """The report as indented JSON text."""
    return orjson.dumps(report_dict(run), option=orjson.OPT_INDENT_2).decode() + "\n"


def write_json(run: RunResult, path: Path) -> Path:
    """Write the JSON report atomically; return its path."""
    return atomic_write_text(path, render_json(run))
