"""`gponline practice check`: a practice manager's check of their website and tool.

Reads the practice's web page (and, in core hours, the tool's), asks the
Yes/No questions a machine cannot answer (from `--answers`, or on the
terminal), writes an HTML and a JSON report and prints a short summary.

Exit codes: 0 every check passed and every question is Yes; 1 something needs
attention (a check failed or could not tell, or a question is No or not
answered); 2 usage or input error (a malformed answers file names the file and
question); 3 the practice website could not be read.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from gponline_sdk.cli import _exit
from gponline_sdk.cli.practice import web as practice_web
from gponline_sdk.conformance.practice import (
    Answer,
    Outcome,
    PracticeReport,
    Timeouts,
    check_practice,
    load_answers,
    load_questions,
    write_practice_reports,
)
from gponline_sdk.conformance.practice.fetch import display_url, normalise_input_url
from gponline_sdk.conformance.practice.html import report_name
from gponline_sdk.errors import ConfigError, TargetUnreachable
from gponline_sdk.serde import structure
from gponline_sdk.serde.schema import json_schema

# Wide enough for the longest label ("Not applicable now"), so the titles line up.
_LABEL_WIDTH = max(
    len(label) for label in [*(o.label for o in Outcome), *(a.label for a in Answer)]
)


def register(sub: Any) -> None:
    """Add the `practice` subcommands."""
    parser = sub.add_parser(
        "practice", help="check a GP practice's website and online consultation tool"
    )
    practice_sub = parser.add_subparsers(dest="practice_command", metavar="COMMAND", required=True)
    check = practice_sub.add_parser(
        "check",
        help="check the practice web page, the tool and record Yes/No answers",
        description=(
            "Check that a practice's web page links to its online consultation tool and to "
            "NHS 111 online, warns against using the form for urgent problems and says when "
            "to expect a response; in core hours, check that the tool is open; record Yes/No "
            "answers for what cannot be checked automatically. Writes an HTML and a JSON report."
        ),
    )
    check.add_argument(
        "--website", metavar="URL", help="the practice's web page, with https:// (or --batch)"
    )
    check.add_argument(
        "--tool", metavar="URL", help="the online consultation tool's address, with https://"
    )
    check.add_argument(
        "--answers", type=Path, metavar="FILE", help="Yes/No answers by question ID (JSON or TOML)"
    )
    check.add_argument(
        "--no-prompt", action="store_true", help="never ask questions on the terminal"
    )
    check.add_argument(
        "--report-dir",
        type=Path,
        default=Path("practice-report"),
        metavar="DIR",
        help="where the reports are written (default: ./practice-report)",
    )
    check.add_argument(
        "--at",
        metavar="ISO-DATETIME",
        help="judge core hours at this instant instead of now, e.g. 2026-11-23T10:00:00Z",
    )
    check.add_argument("--connect-timeout", type=float, default=5.0, metavar="SECONDS")
    check.add_argument("--read-timeout", type=float, default=10.0, metavar="SECONDS")
    check.add_argument(
        "--batch",
        type=Path,
        metavar="CSV",
        help="check every practice in a CSV file (columns ods_code, name, website, tool_url)",
    )
    check.add_argument(
        "--out", type=Path, dest="out_dir", metavar="DIR",
        help="with --batch: where the summary, reports and dated history go",
    )  # fmt: skip
    check.add_argument(
        "--concurrency", type=int, default=4, metavar="N",
        help="with --batch: practices checked at the same time (default 4)",
    )  # fmt: skip
    check.set_defaults(handler=_check)
    practice_web.register_serve(practice_sub)
    schema = practice_sub.add_parser(
        "schema", help="print the JSON Schema of the JSON report (practice-report.json)"
    )
    schema.set_defaults(handler=_schema)


def _schema(_args: argparse.Namespace) -> int:
    doc = json_schema(PracticeReport)
    sys.stdout.write(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode() + "\n")
    return _exit.OK


def _check(args: argparse.Namespace) -> int:
    if args.batch is not None:
        return practice_web.batch(args)
    if args.website is None:
        raise ConfigError("give --website URL (or --batch CSV to check many practices)")
    if args.out_dir is not None or args.concurrency != 4:
        raise ConfigError("--out and --concurrency go with --batch CSV")
    # Addresses first: a mistyped one is a usage error before anything is read or fetched.
    website = normalise_input_url(args.website, "--website")
    tool = normalise_input_url(args.tool, "--tool") if args.tool is not None else None
    at = structure(args.at, datetime, path="--at") if args.at is not None else None
    questions = load_questions()
    answers = load_answers(args.answers, questions) if args.answers is not None else {}
    timeouts = Timeouts(connect=args.connect_timeout, read=args.read_timeout)
    print(f"Checking {display_url(website)} ...")
    try:
        report = check_practice(
            website,
            tool_url=tool,
            answers=answers,
            at=at,
            timeouts=timeouts,
            questions=questions,
        )
    except TargetUnreachable as exc:
        print(f"gponline: could not read the practice website: {exc}", file=sys.stderr)
        print(
            "Check the address in a browser, and that this computer can reach the internet.",
            file=sys.stderr,
        )
        return _exit.UNREACHABLE
    if not args.no_prompt and sys.stdin.isatty():
        report = report.with_answers(_ask(report, input))
    html_path, json_path = write_practice_reports(report, args.report_dir)
    _print_summary(report)
    print(f"Report: {html_path}  (data: {json_path})")
    return _exit.OK if report.summary.all_clear else _exit.FAILED


def _ask(report: PracticeReport, read: Callable[[str], str]) -> dict[str, Answer]:
    pending = [a for a in report.attestations if a.answer is Answer.NOT_ANSWERED]
    answers: dict[str, Answer] = {}
    if not pending:
        return answers
    print(
        f"\n{len(pending)} question(s) cannot be checked automatically. "
        "Answer y (yes) or n (no), or press Enter to skip."
    )
    for item in pending:
        while True:
            try:
                reply = read(f"\n{item.id}: {item.question}\n[y/n/Enter to skip] ").strip().lower()
            except EOFError:
                return answers
            if reply in ("y", "yes"):
                answers[item.id] = Answer.YES
            elif reply in ("n", "no"):
                answers[item.id] = Answer.NO
            elif reply:
                print("Please answer y or n, or press Enter to skip.")
                continue
            break
    return answers


def _print_summary(report: PracticeReport) -> None:
    name, origin = report_name(report)
    print(f"\nPractice check: {name}  (name from the website's {origin})")
    for finding in report.findings:
        print(f"  {finding.outcome.label:<{_LABEL_WIDTH}}  {finding.title}")
    s = report.summary
    print(f"  Questions: {s.yes} Yes, {s.no} No, {s.not_answered} not answered")
    for item in report.attestations:
        if item.answer is Answer.NO:
            print(f"  {Answer.NO.label:<{_LABEL_WIDTH}}  {item.question}")
    if s.all_clear:
        print("Result: all clear.")
    else:
        print("Result: needs your attention; the report says what to do about each item.")
