"""Retry policy: what is safe to retry, how long to wait, and one overall deadline.

Kept apart from the transport so the policy can be tested with a fake clock
and a fake sleep, and so the rules read in one place:

- retry only connection errors and HTTP 425, 429, 502, 503, 504;
- wait with exponential backoff and full jitter, or exactly `Retry-After`
  when the server sends one;
- never sleep past the deadline: give up with `MeshDeadlineExceeded` instead.
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from collections.abc import Callable
from datetime import datetime, timezone

import attrs

from gponline_sdk.errors import MeshDeadlineExceeded

__all__ = ["RETRYABLE_STATUSES", "Deadline", "RetryPolicy"]

RETRYABLE_STATUSES = frozenset({425, 429, 502, 503, 504})


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """Backoff parameters and the injectable clock, sleep and randomness.

    Attributes:
        base: First backoff ceiling in seconds; doubles on each attempt.
        cap: Largest backoff ceiling in seconds.
        sleep: Called with the seconds to wait (tests pass a recorder).
        clock: Monotonic clock in seconds (tests pass a fake).
        rng: Source of jitter.
    """

    base: float = 0.5
    cap: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    rng: random.Random = attrs.field(factory=random.Random)

    def backoff(self, attempt: int) -> float:
        """Full-jitter wait before retry number `attempt` (1-based)."""
        ceiling = min(self.cap, self.base * (2 ** max(0, attempt - 1)))
        return self.rng.uniform(0, ceiling)

    def deadline(self, seconds: float) -> Deadline:
        """Start a deadline `seconds` from now on this policy's clock."""
        return Deadline(policy=self, expires_at=self.clock() + seconds)


@attrs.define(kw_only=True)
class Deadline:
    """One overall time budget shared by every attempt of one operation."""

    policy: RetryPolicy
    expires_at: float

    def remaining(self) -> float:
        """Seconds left, never negative."""
        return max(0.0, self.expires_at - self.policy.clock())

    def check(self, what: str) -> None:
        """Raise `MeshDeadlineExceeded` if no time is left.

        Args:
            what: The operation, for the message.
        """
        if self.remaining() <= 0:
            raise MeshDeadlineExceeded(f"{what}: overall deadline exceeded")

    def wait(self, seconds: float, what: str) -> None:
        """Sleep `seconds` unless that would pass the deadline, then raise instead.

        Args:
            seconds: How long to wait.
            what: The operation, for the message.
        """
        if seconds >= self.remaining():
            raise MeshDeadlineExceeded(
                f"{what}: overall deadline exceeded (next retry due in {seconds:.1f}s)"
            )
        self.policy.sleep(seconds)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds asked for by a `Retry-After` header (delta-seconds or HTTP date).

    >>> parse_retry_after("7")
    7.0
    >>> parse_retry_after("soon") is None
    True
    """
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = (when - (now or datetime.now(timezone.utc))).total_seconds()
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)
