"""A practice manager's check of their website and online consultation tool.

    python examples/practice_check.py https://www.example-surgery.nhs.uk \\
        --tool https://oc.example-supplier.co.uk/A81001 --answers answers.toml

The same as `gponline practice check`, from Python: read the practice's page,
look for the tool link, the NHS 111 online link, the urgent-use warning and
when to expect a response; check the tool answers if it is core hours; record
the Yes/No answers; write a printable HTML report and a JSON one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gponline_sdk.conformance.practice import (
    check_practice,
    load_answers,
    load_questions,
    write_practice_reports,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("website")
    parser.add_argument("--tool")
    parser.add_argument("--answers", type=Path, help="JSON or TOML: question ID -> yes/no")
    parser.add_argument("--report-dir", type=Path, default=Path("practice-report"))
    args = parser.parse_args()

    answers = load_answers(args.answers, load_questions()) if args.answers else None
    report = check_practice(args.website, tool_url=args.tool, answers=answers)
    for finding in report.findings:
        print(f"{finding.outcome.value:>14}  {finding.title}")
    html, json_report = write_practice_reports(report, args.report_dir)
    print(f"report for the practice: {html} (and {json_report})")
    return 0 if report.summary.all_clear else 1


if __name__ == "__main__":
    sys.exit(main())
