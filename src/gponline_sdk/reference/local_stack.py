"""NHS England's side of the weekly collection, running locally: mesh-sandbox plus the collector.

>>> with LocalCollection(work_dir=Path("gponline-out/sandbox")) as stack:  # doctest: +SKIP
...     config = stack.supplier_config()          # a MeshConfig for the supplier's mailbox
...     # build, queue and send with ReportingClient(config, outbox); reports come back

The collector polls its mailbox every second in a background thread (the
five-minute rule is for live MESH; this is a local stand-in). Stopping stops
the thread, then the sandbox process by PID.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from gponline_sdk.mesh import MeshConfig, MeshTransport
from gponline_sdk.reference.collector import Collector
from gponline_sdk.reference.sandbox import SANDBOX_PASSWORD, MeshSandbox
from gponline_sdk.reporting.submission_report import SUBMISSION_WORKFLOW_ID
from gponline_sdk.reporting.validate import Participating

__all__ = ["COLLECTOR_MAILBOX", "SUPPLIER_MAILBOX", "LocalCollection"]

log = logging.getLogger(__name__)

SUPPLIER_MAILBOX = "X26ABC1"
"""The sandbox mailbox the supplier sends from."""
COLLECTOR_MAILBOX = "X26ABC2"
"""The sandbox mailbox the reference collector (NHS England's side) reads."""


class LocalCollection:
    """mesh-sandbox on a free loopback port, with the reference collector polling it.

    Args:
        work_dir: Where the collector keeps its store and downloads.
        participating: The participation list the collector applies (None: all).
        poll_interval: Seconds between the collector's polls.
    """

    def __init__(
        self, *, work_dir: Path, participating: Participating = None, poll_interval: float = 1.0
    ) -> None:
        self.work_dir = Path(work_dir)
        self.participating = participating
        self.poll_interval = poll_interval
        self.sandbox = MeshSandbox()
        self.collector: Collector | None = None
        self._transport: MeshTransport | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> LocalCollection:
        """Start the sandbox, then the collector thread."""
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self.sandbox.start()
        self._transport = MeshTransport(
            self.sandbox.config(COLLECTOR_MAILBOX, recipient=SUPPLIER_MAILBOX)
        )
        self.collector = Collector(
            self._transport,
            self.work_dir / "collector.sqlite",
            work_dir=self.work_dir / "collector-inbox",
            participating=self.participating,
        )
        self._thread = threading.Thread(
            target=self.collector.run,
            args=(self._stop,),
            kwargs={"interval": self.poll_interval},
            name="gponline-collector",
            daemon=True,
        )
        self._thread.start()
        return self

    def supplier_config(self, **options: Any) -> MeshConfig:
        """MESH settings for the supplier's mailbox, sending to the collector."""
        options.setdefault("workflow_id", SUBMISSION_WORKFLOW_ID)
        return self.sandbox.config(SUPPLIER_MAILBOX, recipient=COLLECTOR_MAILBOX, **options)

    def settings_toml(self) -> str:
        """The `[mesh]` table a supplier's settings file needs for this stack."""
        config = self.supplier_config()
        return (
            "[mesh]\n"
            f'url = "{config.url}"\n'
            f'mailbox = "{SUPPLIER_MAILBOX}"\n'
            f'password = "{SANDBOX_PASSWORD}"\n'
            f'shared_key = "{self.sandbox.shared_key}"\n'
            f'recipient = "{COLLECTOR_MAILBOX}"\n'
            f'workflow_id = "{SUBMISSION_WORKFLOW_ID}"\n'
        )

    def stop(self) -> None:
        """Stop the collector thread, then the sandbox process."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        if self.collector is not None:
            self.collector.close()
        if self._transport is not None:
            self._transport.close()
        self.sandbox.stop()

    def __enter__(self) -> LocalCollection:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
