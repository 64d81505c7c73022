"""The weekly job a supplier schedules: build last week's submission, send it, follow it up.

Schedule it (cron, systemd timer, Airflow...) every Monday morning, and again
later in the week: each run is safe to repeat.

    python examples/weekly_job.py --config supplier.toml \\
        --oc-events exports/oc_events.csv --vc-events exports/vc_events.jsonl \\
        --installations exports/installations.csv --participation participation.csv

Each run:
1. reads submission reports waiting in the MESH inbox (at most every 5 minutes);
2. builds the week's files, unless that week is already queued or sent
   (`--rebuild` replaces them: NHS England keeps the latest submission); a week
   built before without some of today's inputs (VC events, installations) is
   built again with them, and the job says so;
3. sends what is queued (a send whose outcome cannot be known is never
   resent blindly: the job says to run `gponline report reconcile`);
4. prints each week's status, and exits non-zero if anything needs a person.

`supplier.toml` holds `[supplier] id` and `key_file`, `[paths] outbox` and
`out_dir`, and the `[mesh]` table (see docs/supplier.md). Paths in it are
relative to the file, as for `gponline --config`.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path

import tomllib  # Python 3.11+; on 3.10 use the tomli package the same way

from gponline_sdk.mesh import Outbox, load_config
from gponline_sdk.models import DataType, ReportingPeriod
from gponline_sdk.reporting.anonymise import Anonymiser
from gponline_sdk.reporting.client import ReportingClient
from gponline_sdk.reporting.event_io import read_events
from gponline_sdk.reporting.events import OcEvent, PracticeInstallation, VcEvent
from gponline_sdk.reporting.participation import ParticipationList
from gponline_sdk.reporting.weekly import build_week


def main() -> int:
    args = _parse()
    settings = tomllib.loads(args.config.read_text(encoding="utf-8"))
    supplier, paths = settings["supplier"], settings["paths"]
    here = args.config.parent  # config paths are relative to the config file
    week = (
        ReportingPeriod.from_iso_week(args.week)
        if args.week
        else ReportingPeriod.containing(datetime.now(timezone.utc).date()).previous()
    )
    with (
        Outbox(here / paths["outbox"]) as outbox,
        ReportingClient(load_config(args.config), outbox) as client,
    ):
        # 1. Answers to earlier sends first: they may say a file must be corrected.
        for report in client.read_reports(force=args.poll_now):
            print(f"report: {report.file_name}: {report.outcome.value}")

        # 2. Build the week once (or again, on request, or when inputs were added since).
        built = {s.data_type for s in client.status() if s.week == week.iso_week}
        missing = sorted(_data_types(args) - built) if built else []
        if missing and not args.rebuild:
            # Never silently: a week built for OC alone, run again with VC inputs, is built
            # again whole (NHS England keeps the latest submission of each file).
            print(f"{week}: built before without {', '.join(missing)}; building it again")
        if not built or missing or args.rebuild:
            build = build_week(
                supplier_id=supplier["id"],
                period=week,
                anonymiser=Anonymiser.from_key_file(here / supplier["key_file"], supplier["id"]),
                participation=ParticipationList.load(args.participation),
                out_dir=here / paths["out_dir"],
                # Data minimisation: the NHS numbers, names and free text in the
                # export are never read; anonymising does not need them.
                oc_events=read_events(args.oc_events, OcEvent, skip_identifiers=True),
                vc_events=(
                    read_events(args.vc_events, VcEvent, skip_identifiers=True)
                    if args.vc_events
                    else None
                ),
                installations=(
                    read_events(args.installations, PracticeInstallation)
                    if args.installations
                    else None
                ),
                # Files and outbox entries go in as one journalled step: a job
                # killed part-way is finished or undone by the next run.
                queue=outbox,
            )
            if not build.clean:
                print(f"{week}: records would be rejected; nothing queued", file=sys.stderr)
                return 1
            print(f"built and queued {len(build.queued)} file(s) for {week}")

        # 3. Send what is queued.
        result = client.send()
        print(f"sent {len(result.sent)} file(s)")

        # 4. Where every week stands.
        rows = client.status()
        for row in rows:
            print(f"{row.week} {row.data_type:<13} {row.state}")
            for reason in row.reasons:
                print(f"    {reason}")
    if result.unknown:
        print("a send's outcome is unknown: run `gponline report reconcile`", file=sys.stderr)
        return 4
    return 1 if any(r.state == "rejected" for r in rows) else 0


def _data_types(args: argparse.Namespace) -> set[str]:
    """The files a build with these inputs writes: OC always, VC and practice files if given."""
    types = {DataType.OC_RECORD, DataType.OC_AGGREGATE}
    if args.vc_events:
        types |= {DataType.VC_RECORD, DataType.VC_AGGREGATE}
    if args.installations:
        types |= {DataType.OC_PRACTICE, DataType.VC_PRACTICE}
    return {t.value for t in types}


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--week", help="ISO week, e.g. 2026-W47 (default: last week)")
    parser.add_argument("--oc-events", type=Path, required=True)
    parser.add_argument("--vc-events", type=Path)
    parser.add_argument("--installations", type=Path)
    parser.add_argument("--participation", type=Path, required=True)
    parser.add_argument("--rebuild", action="store_true", help="replace the week's files")
    parser.add_argument("--poll-now", action="store_true", help="ignore the 5-minute poll gap")
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(main())
