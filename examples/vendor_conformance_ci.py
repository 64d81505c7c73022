"""A vendor's CI step: run the conformance suite against the tool's test environment.

    python examples/vendor_conformance_ci.py --target https://oc-test.example.com \\
        --token "$TOOL_TEST_TOKEN" --report-dir conformance-reports

The same as `gponline conformance run --target URL`, from Python: load the
requirement catalogue and every check, run them against the tool over its
test contract (`conformance/tool-contract.openapi.json`), write the JSON,
JUnit and HTML reports, and exit 0 when the tool is conformant, 1 when a
MUST requirement failed, 3 when the tool stopped answering.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import gponline_sdk.conformance.checks  # noqa: F401 - importing it registers every check
from gponline_sdk.conformance import Verdict, load_catalogue, run_checks, select_checks
from gponline_sdk.conformance.reporters import render_summary, write_reports
from gponline_sdk.conformance.target import HttpTarget

EXIT = {Verdict.CONFORMANT: 0, Verdict.UNREACHABLE: 3}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True, help="the tool's test environment base URL")
    parser.add_argument("--token", default=os.environ.get("TOOL_TEST_TOKEN"))
    parser.add_argument("--report-dir", type=Path, default=Path("conformance-reports"))
    args = parser.parse_args()

    catalogue = load_catalogue()
    target = HttpTarget(args.target, token=args.token, connect_timeout=5, read_timeout=10)
    run = run_checks(
        select_checks(catalogue),
        target=target,
        catalogue=catalogue,
        target_description=args.target,
    )
    print(render_summary(run))
    for kind, path in write_reports(run, args.report_dir).items():
        print(f"{kind} report: {path}")  # the JUnit file is what CI dashboards read
    return EXIT.get(run.verdict, 1)


if __name__ == "__main__":
    sys.exit(main())
