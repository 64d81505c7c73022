"""Run one week end to end in a process whose national profile is the file in the environment.

    GPONLINE_NATIONAL_PROFILE=alt.json python _alt_profile_run.py URL SHARED_KEY WORKDIR FMT

Builds a week (JSON, CSV or XML), queues and sends it over the mesh-sandbox at URL, lets the
reference collector (same profile) take it, reads the report back, and prints one JSON line:
the file names written, the first bytes of a file, the workflow ID the collector's inbox saw,
the collector's outcome and the client's week status. Run as a separate process because the
profile is fixed per process (see `gponline_sdk.national`).
"""

from __future__ import annotations

import json
import secrets
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from gponline_sdk.mesh import MeshConfig, MeshTransport, Outbox, Secret
from gponline_sdk.models import ReportingPeriod, RequestCategory
from gponline_sdk.national import active_profile
from gponline_sdk.reference.collector import Collector
from gponline_sdk.reporting.anonymise import Anonymiser
from gponline_sdk.reporting.client import ReportingClient
from gponline_sdk.reporting.events import OcEvent
from gponline_sdk.reporting.formats import Format
from gponline_sdk.reporting.participation import ParticipationList
from gponline_sdk.reporting.weekly import WeekBuilder


def _config(url: str, key: str, mailbox: str, recipient: str) -> MeshConfig:
    return MeshConfig(
        url=url,
        mailbox=mailbox,
        password=Secret("password"),
        shared_key=Secret(key),
        recipient=recipient,
    )


def main(url: str, key: str, work: Path, fmt: str) -> dict[str, object]:
    start = datetime(2026, 11, 16, 9, 0, tzinfo=timezone.utc)
    events = [
        OcEvent(
            event_id=f"REQ-{i}",
            practice_code="A81001",
            submitted_at=start + timedelta(hours=7 * i),
            category=list(RequestCategory)[i % len(RequestCategory)],
        )
        for i in range(12)
    ]
    builder = WeekBuilder(
        supplier_id="ACME-OC",
        period=ReportingPeriod.from_iso_week("2026-W47"),
        anonymiser=Anonymiser(secrets.token_bytes(32), "ACME-OC"),
        participation=ParticipationList.of(["A81001"]),
        out_dir=work / "out",
        fmt=Format(fmt),
    )
    build = builder.online_consultations(events)
    collector_side = MeshTransport(_config(url, key, "X26ABC2", "X26ABC1"))
    collector = Collector(collector_side, work / "nhse.sqlite", work_dir=work / "nhse")
    with (
        Outbox(work / "outbox.sqlite") as outbox,
        ReportingClient(_config(url, key, "X26ABC1", "X26ABC2"), outbox) as client,
    ):
        client.queue(build)
        sent = client.send()
        inbox = collector_side.inbox()
        workflows = sorted(collector_side.headers(m).get("mex-workflowid", "") for m in inbox)
        processed = collector.process_inbox()
        client.read_reports(force=True)
        status = [(s.data_type, s.state) for s in client.status()]
    collector.close()
    collector_side.close()
    first = next(f.path for f in build.files if f.data_type.value == "oc_record")
    return {
        "profile": active_profile().version,
        "files": sorted(f.path.name for f in build.files),
        "path": str(first),
        "head": first.read_text(encoding="utf-8")[:400],
        "sent": len(sent.sent),
        "collector_saw_workflows": workflows,
        "collector_outcomes": [r.outcome.value for r in processed],
        "status": status,
    }


if __name__ == "__main__":
    url, key, work, fmt = sys.argv[1], sys.argv[2], Path(sys.argv[3]), sys.argv[4]
    print(json.dumps(main(url, key, work, fmt)))
