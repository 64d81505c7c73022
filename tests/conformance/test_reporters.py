"""Reports: JSON against its published schema, JUnit structure, HTML escaping, console."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from _engine_fakes import (
    CANARY_NAME,
    HOSTILE,
    FakeTarget,
    fixed_clock,
    make_check,
    mini_catalogue,
    passing,
)
from defusedxml import ElementTree as SafeET

import gponline_sdk.conformance.checks  # noqa: F401 - registers every check
from gponline_sdk.conformance.catalogue import load_catalogue
from gponline_sdk.conformance.core import (
    CheckContext,
    CheckOmitted,
    CheckSkipped,
    Exchange,
    Status,
)
from gponline_sdk.conformance.expected_failures import parse_expected_failures
from gponline_sdk.conformance.reporters import (
    ConsoleProgress,
    render_html,
    render_json,
    render_junit,
    render_summary,
    write_reports,
)
from gponline_sdk.conformance.results import RunResult
from gponline_sdk.conformance.runner import run_checks, select_checks
from gponline_sdk.conformance.target import HttpTarget
from gponline_sdk.reference.tool import serve_in_thread

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "conformance" / "report.schema.json").read_text())


def _validate(text: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    return doc


def _hostile_fail(ctx: CheckContext) -> None:
    ctx.record(
        Exchange(
            method="GET",
            url="http://127.0.0.1/x",
            status=200,
            response_body=f"{HOSTILE}\x00\x1b[31m",
            response_headers={"X-Evil": HOSTILE},
        )
    )
    ctx.note(f"tool said {HOSTILE}")
    ctx.expect(False, f"the tool answered {HOSTILE}\x07")


def _skip(ctx: CheckContext) -> None:
    raise CheckSkipped("not declared")


def _omit(ctx: CheckContext) -> None:
    raise CheckOmitted("no photos")


def _crash(ctx: CheckContext) -> None:
    raise ValueError(HOSTILE)


def _warn(ctx: CheckContext) -> None:
    ctx.expect(False, "no safeguard shown")


@pytest.fixture(scope="module")
def mixed() -> RunResult:
    """A run with every status, hostile strings, an expected failure and a stale entry."""
    checks = [
        make_check("m.pass", ["TS-MUST-01"], passing),
        make_check("m.hostile", ["TS-MUST-02"], _hostile_fail),
        make_check("m.warn", ["TS-SHLD-01"], _warn),
        make_check("m.skip", ["TS-MAY-01"], _skip),
        make_check("m.omit", ["TS-MAY-01"], _omit),
        make_check("m.crash", ["TS-SHLD-01"], _crash),
        make_check("m.waived", ["TS-MUST-01"], _warn),
        make_check("m.fixed", ["TS-MUST-01"], passing),
    ]
    expected = parse_expected_failures(
        {
            "expected_failures": [
                {"id": "m.waived", "reason": f"ticket 9 {HOSTILE}"},
                {"id": "m.fixed", "reason": "was broken"},
            ]
        }
    )
    return run_checks(
        checks,
        target=FakeTarget(),
        catalogue=mini_catalogue(),
        target_description=f"tool {HOSTILE}",
        expected_failures=expected,
        clock=fixed_clock(),
    )


@pytest.fixture(scope="module")
def real_run() -> Iterator[RunResult]:
    """The real checks against the real reference tool, over loopback HTTP."""
    catalogue = load_catalogue()
    with serve_in_thread(fault="caps-requests-at-20") as url:
        target = HttpTarget(url, token="tok-abcdef-123456", connect_timeout=2, read_timeout=5)
        try:
            yield run_checks(
                select_checks(catalogue),
                target=target,
                catalogue=catalogue,
                target_description=url,
            )
        finally:
            target.close()


def test_json_report_of_a_real_run_matches_the_published_schema(real_run: RunResult) -> None:
    doc = _validate(render_json(real_run))
    assert doc["verdict"] == "not_conformant"
    assert "AV-CAP-01" in doc["failing_musts"]
    assert len(doc["checks"]) == len(real_run.results)
    assert any(c["evidence"] for c in doc["checks"])
    assert "tok-abcdef-123456" not in json.dumps(doc)


def test_json_report_of_a_mixed_run_matches_the_schema(mixed: RunResult) -> None:
    doc = _validate(render_json(mixed))
    assert doc["counts"] == {
        "error": 1,
        "fail": 2,  # m.hostile and the waived m.waived (a MUST)
        "warn": 1,
        "skip": 1,
        "pass": 2,
        "omit": 1,
    }
    states = {e["id"]: e["state"] for e in doc["expected_failures"]}
    assert states == {"m.waived": "expected", "m.fixed": "stale"}
    waived = next(c for c in doc["checks"] if c["id"] == "m.waived")
    assert waived["expected_failure"]["reason"].startswith("ticket 9")


def test_schema_rejects_a_report_with_a_wrong_status(mixed: RunResult) -> None:
    doc = json.loads(render_json(mixed))
    doc["checks"][0]["status"] = "passed"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, SCHEMA)


def _cases(xml: str) -> list[Any]:
    root = SafeET.fromstring(xml.encode())
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    return list(suite.findall("testcase"))


def test_junit_has_one_case_per_check_with_requirement_properties(real_run: RunResult) -> None:
    xml = render_junit(real_run)
    cases = _cases(xml)
    assert len(cases) == len(real_run.results)
    for case, result in zip(cases, real_run.results, strict=True):
        props = case.find("properties")
        reqs = [p.get("value") for p in props.findall("property") if p.get("name") == "requirement"]
        assert reqs == list(result.requirements)
        assert case.get("name").startswith(result.check_id)
    failed = [c for c in cases if c.find("failure") is not None]
    assert [c.get("name").split(":")[0] for c in failed] == [
        r.check_id for r in real_run.results if r.status is Status.FAIL
    ]
    root = SafeET.fromstring(xml.encode())
    assert root.get("failures") == str(len(failed))


def test_junit_maps_every_status_and_stays_well_formed(mixed: RunResult) -> None:
    xml = render_junit(mixed)
    root = SafeET.fromstring(xml.encode())  # control characters from the tool are removed
    cases = {c.get("name").split(":")[0]: c for c in _cases(xml)}
    assert cases["m.hostile"].find("failure") is not None
    assert cases["m.crash"].find("error") is not None
    for skipped in ("m.warn", "m.skip", "m.omit", "m.waived"):
        assert cases[skipped].find("skipped") is not None, skipped
    assert "expected failure" in cases["m.waived"].find("skipped").get("message")
    assert cases["m.pass"].find("failure") is None
    assert cases["m.pass"].find("skipped") is None
    stale = cases["stale"]
    assert "now passes" in stale.find("failure").get("message")
    assert root.get("tests") == str(len(mixed.results) + 1)
    assert root.get("failures") == "2"
    assert root.get("errors") == "1"
    assert root.get("skipped") == "4"
    assert HOSTILE in cases["m.hostile"].find("failure").get("message")  # as text, escaped


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_every_string_from_the_target(mixed: RunResult) -> None:
    page = render_html(mixed)
    assert HOSTILE not in page
    assert "<script" not in page.lower()
    parser = _Tags()
    parser.feed(page)
    assert "script" not in parser.tags
    text = "".join(parser.text)
    # The hostile strings are still shown, as text, in the target, message, note and evidence.
    assert text.count(HOSTILE) >= 5


def test_html_reads_plainly_first_and_prints(mixed: RunResult) -> None:
    page = render_html(mixed)
    summary = page.index("does not meet 1 required item")
    assert summary < page.index("<table")
    warnings = page.index("Recommended or optional items with a warning")
    assert summary < warnings < page.index("title TS-SHLD-01") < page.index("<table")
    assert "January 2026 at 09:00 GMT" in page  # UK time for people
    assert "@media print" in page
    assert '<details class="evidence">' in page
    assert "http://" not in page.split("<body>")[0]  # nothing fetched: self-contained
    assert "Now passes: remove from the list" in page


def test_html_of_a_real_run_names_the_failed_requirement(real_run: RunResult) -> None:
    page = render_html(real_run)
    assert "No fixed cap on requests in core hours" in page
    assert CANARY_NAME not in page
    # What to fix comes first, and the tool's own references stay readable in the evidence.
    assert page.index('id="fix-AV-CAP-01"') < page.index('<table class="reqs"')
    assert re.search(r"OC-[0-9A-F]{6}-\d{6}", page)


def test_console_summary_and_progress(mixed: RunResult) -> None:
    text = render_summary(mixed)
    assert "Verdict:   NOT CONFORMANT" in text
    assert "TS-MUST-02" in text.split("Required (MUST) items not met:")[1]
    assert "Stale expected failures" in text
    assert "\x1b" not in text
    out = io.StringIO()
    progress = ConsoleProgress(out)
    for check_result in mixed.results:
        progress(None, check_result)  # type: ignore[arg-type]
    lines = out.getvalue()
    assert "FAIL  m.hostile" in lines
    assert "\x1b" not in lines
    assert "\x07" not in lines


def test_write_reports_writes_all_three_atomically(mixed: RunResult, tmp_path: Path) -> None:
    paths = write_reports(mixed, tmp_path / "out")
    assert sorted(p.name for p in paths.values()) == ["junit.xml", "report.html", "report.json"]
    _validate(paths["json"].read_text())
    assert not list((tmp_path / "out").glob(".*tmp"))
