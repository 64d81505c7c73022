"""`gponline report ...`: build, check and send the weekly submission; follow its outcome.

    gponline report build --week 2026-W47 --oc-events oc.csv --participation list.csv
    gponline report validate out/ACME_oc_record_2026-W47.json --participation list.csv
    gponline report submit        # send what is queued in the outbox
    gponline report inbox         # read submission reports (at most every 5 minutes)
    gponline report status        # each week: built, sent, accepted or rejected, with reasons
    gponline report reconcile     # settle sends whose outcome is unknown

Settings come from flags, then the environment, then a TOML file (`--config`):
`[supplier] id`, `key_file`, `[paths] outbox`, `out_dir`, and the `[mesh]` table
(see `gponline_sdk.mesh.load_config`). The pseudonym key may also come from
`GPONLINE_PSEUDONYM_KEY` (hex). Secrets are never printed.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gponline_sdk.cli import _exit
from gponline_sdk.cli._progress import ReadProgress, SendProgress
from gponline_sdk.cli._progress import wanted as progress_wanted
from gponline_sdk.cli.report._settings import (
    add_common_options,
    add_input_options,
    anonymiser_of,
    build_inputs,
    settings_of,
    week_of,
)
from gponline_sdk.cli.report.bulk import register_bulk
from gponline_sdk.cli.report.keygen import register_keygen
from gponline_sdk.cli.report.profile import register_profile
from gponline_sdk.cli.report.show import print_build, print_kept, print_status, reason_shown
from gponline_sdk.errors import ConfigError, OutboxError
from gponline_sdk.mesh import Outbox, load_config
from gponline_sdk.reporting._textfile import open_regular
from gponline_sdk.reporting.client import ReportingClient, week_status
from gponline_sdk.reporting.columnar import EXTRA_HINT
from gponline_sdk.reporting.event_io import read_events
from gponline_sdk.reporting.events import PracticeInstallation
from gponline_sdk.reporting.formats import Format
from gponline_sdk.reporting.participation import ParticipationList
from gponline_sdk.reporting.reports import KeptKind, ReportKind, ReportStore
from gponline_sdk.reporting.validate import ReasonCode, validate_file
from gponline_sdk.reporting.weekly import ENGINES, build_week


def register(sub: Any) -> None:
    """Add the `report` subcommands."""
    parser = sub.add_parser(
        "report", help="build, check and send the weekly NHS England submission"
    )
    cmds = parser.add_subparsers(dest="report_command", metavar="COMMAND", required=True)

    build = cmds.add_parser("build", help="build a week's files from your events, and queue them")
    build.add_argument("--week", help="ISO week (2026-W47) or any date in it; default: last week")
    add_input_options(build)
    build.add_argument("--format", choices=[f.value for f in Format], default="json")
    build.add_argument(
        "--engine",
        choices=ENGINES,
        default="auto",
        help=(
            "how a CSV OC or VC event file is read: columnar (Arrow batches; needs "
            f"{EXTRA_HINT}), row, or auto (columnar when installed); same files either way"
        ),
    )
    build.add_argument("--no-queue", action="store_true", help="build and check, do not queue")
    build.add_argument(
        "--products",
        type=Path,
        metavar="FILE",
        help="your product names, one a line: product_name must be one of them",
    )
    add_common_options(build)
    build.set_defaults(handler=_build)

    register_profile(cmds)
    register_keygen(cmds)
    register_bulk(cmds)

    check = cmds.add_parser("validate", help="check files the way NHS England's pipeline will")
    check.add_argument("files", nargs="+", type=Path)
    check.add_argument("--participation", type=Path, help="participation list CSV")
    check.set_defaults(handler=_validate)

    for name, handler, text in (
        ("submit", _submit, "send everything queued in the outbox over MESH"),
        ("inbox", _inbox, "read submission reports from the MESH inbox"),
        ("status", _status, "show each week's files: built, sent, accepted or rejected"),
        ("reconcile", _reconcile, "settle sends whose outcome is unknown (by MESH tracking)"),
    ):
        cmd = cmds.add_parser(name, help=text)
        add_common_options(cmd, builds=False)
        cmd.set_defaults(handler=handler)
        if name == "inbox":
            cmd.add_argument("--force", action="store_true", help="poll even within 5 minutes")
        if name == "reconcile":
            cmd.add_argument("--release", metavar="LOCAL_ID", help="allow resending this entry")
            cmd.add_argument("--confirm", action="store_true", help="confirm --release")


def _build(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    participation = build_inputs(args)
    # The identifier and free-text columns are never read: anonymising does not use
    # them (data minimisation), and a broken phone number cannot stop the week.
    anonymiser = anonymiser_of(settings)
    with contextlib.ExitStack() as stack:
        # An existing outbox is opened before anything is built: a corrupt one (or a
        # folder in its place) must stop the run before the week's files are written.
        # A new one is created only when there is something to queue.
        path = settings["outbox"]
        queue: Outbox | Callable[[], Outbox] | None = None
        if not args.no_queue:
            if path.exists() or path.is_symlink():
                queue = stack.enter_context(Outbox(path))
            else:
                queue = functools.partial(_new_outbox, stack, path)
        # Files and queue entries go in as one journalled step (build_week): a run
        # stopped part-way, even killed, is finished or undone by the next one.
        inputs = (args.oc_events, args.vc_events, args.installations)
        stack.enter_context(
            ReadProgress(inputs, show=progress_wanted(getattr(args, "verbosity", 0)))
        )
        oc, vc = args.oc_events, args.vc_events
        build = build_week(
            supplier_id=settings["supplier_id"] or "",
            period=week_of(args.week),
            anonymiser=anonymiser,
            participation=participation,
            out_dir=settings["out_dir"],
            fmt=Format(args.format),
            # The event files go in by path: the build picks the engine (`--engine`)
            # and reads them without their identifier columns either way.
            oc_events=oc,
            vc_events=vc,
            installations=(
                read_events(args.installations, PracticeInstallation)
                if args.installations
                else None
            ),
            queue=queue,
            engine=args.engine,
        )
    print_build(build, detail=getattr(args, "verbosity", 0) > 0)
    if build.queued:
        print(
            f"queued {len(build.queued)} file(s) in {settings['outbox']}: "
            "`gponline report submit` sends"
        )
    return _exit.OK if build.clean else _exit.FAILED


def _new_outbox(stack: contextlib.ExitStack, path: Path) -> Outbox:
    """Create the outbox (and its folder) when a clean week is first queued."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return stack.enter_context(Outbox(path))


def _validate(args: argparse.Namespace) -> int:
    codes = ParticipationList.load(args.participation) if args.participation else None
    worst = _exit.OK
    for path in args.files:
        unreadable = _unreadable(path)
        if unreadable:
            # A file that is not there was never judged: bad input (2), not REJECTED (1).
            print(_exit.withheld(f"gponline: cannot read {path}: {unreadable}"), file=sys.stderr)
            worst = max(worst, _exit.USAGE)
            continue
        report = validate_file(path, participating=None if codes is None else codes.__contains__)
        print(_exit.withheld(report.to_text()))
        if any(r.reason is ReasonCode.UNPARSEABLE for r in report.file_rejections):
            # A file that cannot be read at all is bad input, not a rule the data broke.
            worst = max(worst, _exit.USAGE)
        elif report.rejected or report.records_rejected:
            worst = max(worst, _exit.FAILED)
    return worst


def _unreadable(path: Path) -> str | None:
    """Why `path` cannot be read as a file (the OS's words), or None if it can."""
    try:
        open_regular(path).close()
    except OSError as exc:
        return exc.strerror or "cannot be opened"
    return None


def _client(args: argparse.Namespace, outbox: Outbox) -> ReportingClient:
    return ReportingClient(load_config(args.config), outbox)


def _submit(args: argparse.Namespace) -> int:
    show = progress_wanted(getattr(args, "verbosity", 0))
    with (
        Outbox(settings_of(args)["outbox"]) as outbox,
        _client(args, outbox) as client,
        SendProgress(outbox.pending(), show=show) as progress,
    ):
        result = client.send(on_file=progress.file_done)
    sent, pending, unknown = len(result.sent), len(result.pending), len(result.unknown)
    print(f"sent {sent}, still pending {pending}, unknown {unknown}")
    if result.unknown:
        print("a send's outcome is unknown: run `gponline report reconcile`", file=sys.stderr)
        return _exit.UNKNOWN_OUTCOME
    return _exit.OK if not result.pending else _exit.UNREACHABLE


def _inbox(args: argparse.Namespace) -> int:
    with Outbox(settings_of(args)["outbox"]) as outbox, _client(args, outbox) as client:
        found = client.read_reports(force=args.force)
        kept = client.kept_reports()
    for item in found:
        if item.kind is ReportKind.REPORT:
            print(f"{item.file_name}: {item.outcome.value} (report linked by {item.linked_by})")
        elif item.kind is ReportKind.NON_DELIVERY:
            print(f"{item.file_name}: failed, MESH could not deliver it (by {item.linked_by})")
        elif item.kind is ReportKind.NOT_UNDERSTOOD:
            print(f"{item.file_name}: report received, not understood: {item.kept}")
        else:
            print(f"{item.file_name}: report matches no outbox entry; kept: {item.kept}")
        for reason in item.reasons:
            print(f"  {reason_shown(reason)}")
    print(f"{len(found)} report(s) read")
    print_kept(kept)
    unread = any(k.kind is KeptKind.NOT_UNDERSTOOD for k in kept)
    return _exit.FAILED if unread else _exit.OK


def _status(args: argparse.Namespace) -> int:
    with Outbox(settings_of(args)["outbox"]) as outbox:
        rows = week_status(outbox)
        kept = ReportStore.for_outbox(outbox).unresolved(outbox)
    print_status(rows, kept=kept)
    bad = ("rejected", "failed", "not_understood")
    unread = any(k.kind is KeptKind.NOT_UNDERSTOOD for k in kept)
    return _exit.FAILED if unread or any(r.state in bad for r in rows) else _exit.OK


def _reconcile(args: argparse.Namespace) -> int:
    with Outbox(settings_of(args)["outbox"]) as outbox:
        if args.release:
            # A refused release is a usage error (2): exit 1 would read as "rejected".
            if not args.confirm:
                raise ConfigError(
                    "--release needs --confirm: check MESH tracking first, "
                    "a resend may duplicate a delivered file"
                )
            try:
                outbox.release_unknown(args.release, confirm=True)
            except OutboxError as exc:
                raise ConfigError(f"--release: {exc}") from None
            print(f"released {args.release}: it will be sent again by `gponline report submit`")
            return _exit.OK
        with _client(args, outbox) as client:
            result = client.reconcile()
        # Why each entry is where it is: requeued ones carry the proof, unknown ones the doubt.
        why = {e.local_id: e.last_error for e in outbox.entries() if e.local_id in result.unknown}
    print(
        f"settled {len(result.sent)}, requeued {len(result.requeued)} (never created), "
        f"still unknown {len(result.unknown)}"
    )
    if result.requeued:
        print(
            f"requeued {len(result.requeued)}: MESH tracking has no message with their local id "
            "and MESH never returned a message id, so they were never created; "
            "`gponline report submit` sends them"
        )
    for local_id in result.unknown:
        print(f"still unknown {local_id}: {why.get(local_id) or 'no reason recorded'}")
    return _exit.UNKNOWN_OUTCOME if result.unknown else _exit.OK
