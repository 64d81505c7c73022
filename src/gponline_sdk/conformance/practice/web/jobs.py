"""Checks running in the background for the web page, each behind an unguessable ID.

A check can take tens of seconds, longer than a browser or a proxy should wait on one
request, so the form starts a job and the browser polls its page. Finished results wait
`keep_minutes` to be shown, then are dropped; a check's report is dropped as soon as it
has been shown (`JobStore.take`).
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import attrs

from gponline_sdk.errors import GponlineError

__all__ = ["Job", "JobStore", "TooBusy"]

_log = logging.getLogger(__name__)


class TooBusy(GponlineError):
    """More jobs are waiting than the server takes on."""


@attrs.define(kw_only=True)
class Job:
    """One background check: its result (any value) or the one-line reason it failed."""

    id: str
    kind: str
    created: float
    done: threading.Event = attrs.field(factory=threading.Event)
    result: Any = None
    error: str | None = None
    progress: list[int] = attrs.field(factory=lambda: [0, 0])
    """Items done and in all (a batch's practices); `[0, 0]` when not counted."""


class JobStore:
    """Runs jobs on a bounded pool and keeps their results for a while.

    Args:
        workers: Jobs run at the same time.
        keep_seconds: How long a finished job waits to be collected.
        max_jobs: Jobs held at once (waiting, running or finished); more are refused.
    """

    def __init__(self, *, workers: int, keep_seconds: float, max_jobs: int = 200) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="practice-check")
        self._keep = keep_seconds
        self._max = max_jobs
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def submit(
        self, kind: str, work: Callable[[Job], Any], *, expected: tuple[type[Exception], ...]
    ) -> Job:
        """Start `work(job)` in the background; its return value becomes `job.result`.

        Args:
            kind: "check" or "batch", to keep IDs of one kind from opening the other's page.
            work: The work; it may update `job.progress`.
            expected: The exceptions a failed check raises; a message (written for the
                user, never holding an answer) becomes `job.error`. Anything else is a bug,
                logged by type only.

        Raises:
            TooBusy: if `max_jobs` are already held.
        """
        self.sweep()
        job = Job(id=secrets.token_urlsafe(18), kind=kind, created=time.monotonic())
        with self._lock:
            if len(self._jobs) >= self._max:
                raise TooBusy("too many checks are waiting; try again in a few minutes")
            self._jobs[job.id] = job

        def run() -> None:
            try:
                job.result = work(job)
            except expected as exc:
                job.error = str(exc)
            except Exception as exc:  # noqa: BLE001 - a bug must still end the job
                # The type only: a message could quote what was fetched or typed.
                _log.error("%s job failed: %s", kind, type(exc).__name__)
                job.error = "the check failed unexpectedly; please try again later"
            finally:
                job.done.set()

        self._pool.submit(run)
        return job

    def get(self, job_id: str, kind: str) -> Job | None:
        """The job, if it exists and is of `kind`."""
        with self._lock:
            job = self._jobs.get(job_id)
        return job if job is not None and job.kind == kind else None

    def take(self, job_id: str, kind: str) -> Job | None:
        """The finished job, removed from the store: its result is shown once, then gone."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None or job.kind != kind or not job.done.is_set():
                return None
            return self._jobs.pop(job_id)

    def sweep(self) -> None:
        """Drop finished jobs nobody collected within `keep_seconds`."""
        limit = time.monotonic() - self._keep
        with self._lock:
            for key in [k for k, j in self._jobs.items() if j.done.is_set() and j.created < limit]:
                del self._jobs[key]

    def shutdown(self) -> None:
        """Stop taking jobs; running ones are left to finish (their fetches have timeouts)."""
        self._pool.shutdown(wait=False, cancel_futures=True)
