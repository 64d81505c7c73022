"""JUnit XML for CI: one test case per check, requirement IDs as properties.

CI systems colour a build by JUnit counts, so the counts agree with the run's
verdict as far as JUnit allows:

- FAIL  -> `<failure>` (a MUST not met);
- ERROR -> `<error>` (the check could not finish, or was not run after the
  target stopped answering);
- WARN (a SHOULD/MAY not met), SKIP, OMIT and waived expected failures ->
  `<skipped>`, whose message says which, so they show as "look at me" without
  turning the build red;
- a stale expected-failures entry -> an extra failing test case in the
  `gponline.conformance.expected-failures` class, because it fails the run.

Each test case carries properties `requirement` (one per ID),
`gponline.status` (the suite's own status) and `gponline.requests` (requests
it sent), and the suite carries the seed, target, versions, verdict,
`requests_total` (the run's request budget), `verdict_summary` (the verdict
in words: `NOT CONFORMANT: ...` when every failure is waived, though the code
says conformant) with `waived_musts` (the waived requirements' IDs, when any).
A failure is waived, so `<skipped>`, when its check is listed by ID or every
requirement its failure breaks is. Characters XML 1.0 forbids are replaced.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from gponline_sdk.conformance._files import atomic_write_text
from gponline_sdk.conformance.core import CheckResult, Status
from gponline_sdk.conformance.reporters._words import verdict_line
from gponline_sdk.conformance.results import RunResult

__all__ = ["render_junit", "write_junit"]

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SUITE = "gponline-conformance"


def _x(text: str) -> str:
    """Text safe for XML 1.0 (ElementTree escapes markup; this removes forbidden characters)."""
    return _NOT_XML.sub("\ufffd", text)


def _prop(parent: ET.Element, name: str, value: str) -> None:
    ET.SubElement(parent, "property", name=name, value=_x(value))


def _details(r: CheckResult) -> str:
    lines = [r.message] if r.message else []
    lines += [f"note: {n}" for n in r.notes]
    for e in r.evidence:
        outcome = e.error if e.error else f"HTTP {e.status}"
        lines.append(f"{e.method} {e.url} -> {outcome}")
    return "\n".join(lines)


def _kind(r: CheckResult, run: RunResult) -> str:
    """The JUnit element a result becomes: failure, error, skipped or '' (passed)."""
    if run.expected_for_check(r.check_id) is not None:
        return "skipped"
    return {Status.FAIL: "failure", Status.ERROR: "error", Status.PASS: ""}.get(r.status, "skipped")


def _outcome(case: ET.Element, r: CheckResult, run: RunResult) -> None:
    kind = _kind(r, run)
    waived = run.expected_for_check(r.check_id)
    if waived is not None:
        # Named by the entry that waived it: a requirement ID when the check's own ID is not.
        message = f"expected failure, waived by {waived.id}: {waived.reason}"
    elif r.status is Status.WARN:
        message = f"warning (recommended, not required): {r.message}"
    elif r.status is Status.SKIP:
        message = f"skipped: {r.message}"
    elif r.status is Status.OMIT:
        message = f"does not apply: {r.message}"
    else:
        message = r.message
    if kind:
        element = ET.SubElement(case, kind, message=_x(message))
        if kind != "skipped":
            element.set("type", r.status.name)
        element.text = _x(_details(r)) or None


def render_junit(run: RunResult) -> str:
    """The run as a JUnit XML document (UTF-8, with declaration)."""
    stale = run.stale
    kinds = [_kind(r, run) for r in run.results]
    totals = {
        "tests": str(len(run.results) + len(stale)),
        "failures": str(kinds.count("failure") + len(stale)),
        "errors": str(kinds.count("error")),
        "skipped": str(kinds.count("skipped")),
        "time": f"{run.duration_s:.3f}",
    }
    root = ET.Element("testsuites", {"name": "gponline conformance", **totals})
    suite = ET.SubElement(
        root, "testsuite", {"name": _SUITE, "timestamp": run.started_at.isoformat(), **totals}
    )
    props = ET.SubElement(suite, "properties")
    _prop(props, "target", run.target)
    _prop(props, "seed", str(run.seed))
    _prop(props, "sdk_version", run.sdk_version)
    _prop(props, "catalogue_version", run.catalogue_version)
    _prop(props, "verdict", run.verdict.value)
    # The verdict code is the exit code's; the words say what a person must know.
    _prop(props, "verdict_summary", verdict_line(run))
    if run.waived_musts:
        _prop(props, "waived_musts", " ".join(o.requirement.id for o in run.waived_musts))
    _prop(props, "requests_total", str(sum(r.requests for r in run.results)))
    if run.unreachable:
        _prop(props, "unreachable", run.unreachable)
    for r in run.results:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=_x(f"gponline.conformance.{r.group}"),
            name=_x(f"{r.check_id}: {r.title}"),
            time=f"{r.duration_s:.3f}",
        )
        case_props = ET.SubElement(case, "properties")
        for req in r.requirements:
            _prop(case_props, "requirement", req)
        _prop(case_props, "gponline.status", r.status.value)
        _prop(case_props, "gponline.requests", str(r.requests))
        _outcome(case, r, run)
    for e in stale:
        case = ET.SubElement(
            suite,
            "testcase",
            classname="gponline.conformance.expected-failures",
            name=_x(f"stale: {e.entry.id}"),
            time="0.000",
        )
        msg = f"{e.entry.id} is listed as an expected failure but now passes: remove the entry"
        ET.SubElement(case, "failure", message=_x(msg), type="STALE").text = _x(e.entry.reason)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=False).join(
        ('<?xml version="1.0" encoding="UTF-8"?>\n', "\n")
    )


def write_junit(run: RunResult, path: Path) -> Path:
    """Write the JUnit XML atomically; return its path."""
    return atomic_write_text(path, render_junit(run))
