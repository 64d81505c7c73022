"""The hosted application's settings (no web framework needed to build them)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import attrs

from gponline_sdk.conformance.practice.models import Timeouts

__all__ = ["WebSettings"]


@attrs.frozen(kw_only=True)
class WebSettings:
    """How `gponline practice serve` behaves.

    Attributes:
        allow_private_addresses: Fetch loopback and private addresses too (local testing
            only: a hosted server must never set it).
        keep_reports: A folder to keep every report in; `None` keeps none after it is shown.
        trust_proxy: Take the client's address from the last `X-Forwarded-For` entry (set
            it only behind a reverse proxy that adds that header).
        requests_per_minute: Checks a client may start per minute, on average.
        burst: Checks a client may start at once before the rate applies.
        workers: Checks run at the same time, across all clients.
        batch_concurrency: Practices a batch checks at the same time.
        max_batch_rows: Largest batch file accepted from the page.
        timeouts: Limits on every fetch (time, size, redirects).
        keep_minutes: How long a finished result waits to be shown before it is dropped.
        at: Judge core hours at this instant instead of now (tests only).
        exempt: `(address, port)` pairs fetched even when private (tests only: a loopback
            server standing in for the public internet).
    """

    allow_private_addresses: bool = False
    keep_reports: Path | None = None
    trust_proxy: bool = False
    requests_per_minute: float = 6.0
    burst: int = 5
    workers: int = 4
    batch_concurrency: int = 4
    max_batch_rows: int = 500
    timeouts: Timeouts = attrs.field(factory=Timeouts)
    keep_minutes: float = 30.0
    at: datetime | None = None
    exempt: tuple[tuple[str, int], ...] = ()
