r"""`gponline report bulk ...`: catch up historic data, TEST first, then LIVE once.

    gponline report bulk build --from 2025-01-06 --to 2026-11-22 \
        --oc-events oc.csv --vc-events vc.jsonl --installations inst.csv --participation list.csv
    gponline report bulk send --env test    # to the collection's TEST mailbox (X26OT213)
    gponline report inbox --force           # the TEST report comes back
    gponline report bulk status             # each file: TEST report, LIVE state
    gponline report bulk send --env live    # refused until a clean TEST report; once only

The build writes one CSV per data type over the whole range (six types: no
VC practice), checked with the bulk rules, into `<out-dir>/bulk` with a
manifest; `send` queues exactly those files with workflow `BULK_UPLOAD`.
Mailboxes: `--test-mailbox`/`--live-mailbox`, `GPONLINE_BULK_TEST_MAILBOX`/
`GPONLINE_BULK_LIVE_MAILBOX`, or `[bulk] test_mailbox`/`live_mailbox` in the
settings file; else the national profile's (TEST is published; LIVE is
assigned at onboarding and must be set). The published TEST spelling
"X260T213" is read as X26OT213. Other settings as for `gponline report`.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from gponline_sdk._toml import read_toml
from gponline_sdk.cli import _exit
from gponline_sdk.cli._progress import ReadProgress
from gponline_sdk.cli._progress import wanted as progress_wanted
from gponline_sdk.cli.report._settings import (
    add_common_options,
    add_input_options,
    anonymiser_of,
    build_inputs,
    in_config,
    settings_of,
    table_of,
    week_of,
)
from gponline_sdk.errors import ConfigError, ValidationError
from gponline_sdk.mesh import Outbox, load_config
from gponline_sdk.models import ReportingPeriod
from gponline_sdk.reporting.bulk import (
    BulkBuild,
    BulkEnvironment,
    BulkMailboxes,
    BulkManifest,
    build_bulk,
    bulk_status,
    bulk_weeks,
    check_live_allowed,
    send_bulk,
)
from gponline_sdk.reporting.bulk.plan import BulkRefused
from gponline_sdk.reporting.client import ReportingClient
from gponline_sdk.reporting.event_io import read_events
from gponline_sdk.reporting.events import OcEvent, PracticeInstallation, VcEvent

__all__ = ["register_bulk"]


def register_bulk(cmds: Any) -> None:
    """Add `report bulk` (build, send, status) to the `report` subcommands."""
    parser = cmds.add_parser(
        "bulk", help="catch up historic data: build the CSV files, send to TEST, then LIVE once"
    )
    sub = parser.add_subparsers(dest="bulk_command", metavar="COMMAND", required=True)

    build = sub.add_parser("build", help="build the historic files over a range of weeks")
    build.add_argument("--from", dest="first", required=True, help="first week (2025-W02) or date")
    build.add_argument("--to", dest="last", required=True, help="last week (2026-W47) or date")
    add_input_options(build)
    _options(build)
    build.set_defaults(handler=_build)

    send = sub.add_parser("send", help="send the built files to the TEST or the LIVE mailbox")
    send.add_argument("--env", required=True, choices=[e.value for e in BulkEnvironment])
    send.add_argument(
        "--allow-record-rejections",
        action="store_true",
        help="send files with records the rules would reject (TEST runs)",
    )
    _options(send)
    send.set_defaults(handler=_send)

    status = sub.add_parser("status", help="each built file: its TEST report and LIVE state")
    _options(status)
    status.set_defaults(handler=_status)


def _options(cmd: argparse.ArgumentParser) -> None:
    add_common_options(cmd)
    cmd.add_argument("--bulk-dir", type=Path, help="where bulk files go (default <out-dir>/bulk)")
    cmd.add_argument("--test-mailbox", help="the collection's TEST mailbox (default X26OT213)")
    cmd.add_argument("--live-mailbox", help="the collection's LIVE mailbox (from onboarding)")


def _settings(args: argparse.Namespace) -> dict[str, Any]:
    settings = settings_of(args)
    table = table_of(read_toml(args.config), "bulk", args.config) if args.config else {}
    settings["bulk_dir"] = Path(
        args.bulk_dir or in_config(args, table.get("dir")) or settings["out_dir"] / "bulk"
    )
    settings["mailboxes"] = BulkMailboxes.resolve(
        test=args.test_mailbox
        or os.environ.get("GPONLINE_BULK_TEST_MAILBOX")
        or table.get("test_mailbox"),
        live=args.live_mailbox
        or os.environ.get("GPONLINE_BULK_LIVE_MAILBOX")
        or table.get("live_mailbox"),
    )
    return settings


def _week(flag: str, text: str) -> ReportingPeriod:
    try:
        return week_of(text, flag=flag)
    except ValidationError:
        # The value is not shown: a mistyped argument can hold anything.
        raise ConfigError(
            f"{flag}: neither an ISO week (2026-W47) nor a date; value not shown"
        ) from None


def _build(args: argparse.Namespace) -> int:
    settings = _settings(args)
    participation = build_inputs(args)
    unread = {"skip_identifiers": True}  # identifiers are never read (data minimisation)
    oc, vc = args.oc_events, args.vc_events
    first, last = _week("--from", args.first), _week("--to", args.last)
    weeks = len(bulk_weeks(first, last))
    show = progress_wanted(getattr(args, "verbosity", 0))
    with ReadProgress((oc, vc), passes=weeks, show=show) as progress:
        built = build_bulk(
            supplier_id=settings["supplier_id"] or "",
            first=first,
            last=last,
            anonymiser=anonymiser_of(settings),
            participation=participation,
            out_dir=settings["bulk_dir"],
            # Read again for each week: memory stays flat however long the range.
            oc_events=(lambda: progress.counted(read_events(oc, OcEvent, **unread)))
            if oc
            else None,
            vc_events=(lambda: progress.counted(read_events(vc, VcEvent, **unread)))
            if vc
            else None,
            installations=(
                read_events(args.installations, PracticeInstallation)
                if args.installations
                else None
            ),
        )
    print_bulk_build(built)
    if not built.clean:
        print("records would be rejected: fix the data and build again", file=sys.stderr)
        return _exit.FAILED
    print("next: `gponline report bulk send --env test`")
    return _exit.OK


def print_bulk_build(built: BulkBuild) -> None:
    """Print what a bulk build wrote and left out (counts and codes only)."""
    print(f"bulk {built.first.iso_week} to {built.last.iso_week}, supplier {built.supplier_id}")
    for f in built.files:
        rejected = f.validation.records_rejected
        verdict = "ok" if f.clean else f"{rejected} record(s) would be rejected"
        print(f"  {f.path}  {f.records} records over {f.weeks} week(s)  {verdict}")
    if built.empty:
        names = ", ".join(t.wire_name for t in built.empty)
        print(f"  no records in the range for {names}: no file written")
    if built.not_taken:
        print(f"  {built.not_taken} vc_practice row(s) not sent: the bulk route does not take them")
    if built.outside_range:
        print(f"  left out {built.outside_range} event(s) dated outside the range")
    for line in built.exclusions.lines():
        print(f"  left out: {line}")


def _send(args: argparse.Namespace) -> int:
    settings = _settings(args)
    env = BulkEnvironment(args.env)
    mailbox = settings["mailboxes"].for_environment(env)  # no LIVE mailbox: exit 2 before MESH
    manifest = BulkManifest.read(settings["bulk_dir"])
    with (
        Outbox(settings["outbox"]) as outbox,
        ReportingClient(load_config(args.config), outbox) as client,
    ):
        try:
            entries, result = send_bulk(
                outbox,
                client.transport,
                manifest,
                env,
                settings["mailboxes"],
                allow_record_rejections=args.allow_record_rejections,
            )
        except BulkRefused as exc:
            print(f"refused: {exc}", file=sys.stderr)
            return _exit.FAILED
    print(f"{env.value.upper()} ({mailbox}): queued {len(entries)} bulk file(s)")
    sent, pending, unknown = len(result.sent), len(result.pending), len(result.unknown)
    print(f"sent {sent}, still pending {pending}, unknown {unknown}")
    if result.unknown:
        print("a send's outcome is unknown: run `gponline report reconcile`", file=sys.stderr)
        return _exit.UNKNOWN_OUTCOME
    if result.pending:
        return _exit.UNREACHABLE
    if env is BulkEnvironment.TEST:
        print("next: `gponline report inbox` for the TEST report, then `... bulk send --env live`")
    return _exit.OK


def _status(args: argparse.Namespace) -> int:
    settings = _settings(args)
    manifest = BulkManifest.read(settings["bulk_dir"])
    with Outbox(settings["outbox"]) as outbox:
        rows = bulk_status(outbox, manifest)
        try:
            check_live_allowed(outbox, manifest)
            verdict = "LIVE: allowed (clean TEST report for every file)"
        except BulkRefused as exc:
            verdict = f"LIVE: refused: {exc}"
    print(f"bulk {manifest.first_week} to {manifest.last_week}")
    for name, test, live in rows:
        print(f"  {name}\n    TEST: {test}\n    LIVE: {live}")
    print(verdict)
    return _exit.OK
