"""A check's evidence, kept bounded however many requests the check sends.

A sweep of thousands of requests must not make a report of thousands of
exchanges, nor cost a full masking pass per exchange (masking a text costs
time in proportion to the values the run has learned, which grow with the
requests: masking every exchange would make a sweep quadratic). So a check
keeps:

- the first `HEAD` exchanges, masked as they arrive;
- every failing exchange (a transport error, or HTTP 5xx), up to `FAILING`;
- the last `TAIL` exchanges, held unmasked in a ring until the check ends,
  then masked; an exchange pushed out of the ring is only *learned from*
  (the values of its identifier fields are masked everywhere from then on),
  never kept.

`kept()` returns them in the order they happened, and `left_out` says how
many were dropped; the runner counts every request separately, so
`CheckResult.requests` stays exact.
"""

from __future__ import annotations

import collections

from gponline_sdk.conformance.core import Exchange
from gponline_sdk.conformance.masking import Masker

__all__ = ["FAILING", "HEAD", "TAIL", "BoundedEvidence"]

HEAD = 25
TAIL = 25
FAILING = 50


def failing(exchange: Exchange) -> bool:
    """True for an exchange that went wrong on the wire or got a server error."""
    return exchange.error is not None or (exchange.status or 0) >= 500


class BoundedEvidence:
    """The evidence of one check: first, failing and last exchanges (see module docs)."""

    def __init__(self, masker: Masker) -> None:
        self._masker = masker
        self._seen = 0
        self._head: list[tuple[int, Exchange]] = []
        self._failing: list[tuple[int, Exchange]] = []
        self._tail: collections.deque[tuple[int, Exchange]] = collections.deque()
        self.left_out = 0
        """Exchanges dropped from the evidence so far."""

    def add(self, exchange: Exchange) -> None:
        """Take one exchange (unmasked); mask it now or hold it for the tail."""
        index, self._seen = self._seen, self._seen + 1
        if len(self._head) < HEAD:
            self._head.append((index, self._masker.exchange(exchange)))
            return
        if failing(exchange) and len(self._failing) < FAILING:
            self._failing.append((index, self._masker.exchange(exchange)))
            return
        self._tail.append((index, exchange))
        if len(self._tail) > TAIL:
            _, dropped = self._tail.popleft()
            self._learn(dropped)
            self.left_out += 1

    def kept(self) -> tuple[Exchange, ...]:
        """The evidence kept, masked, in the order the exchanges happened."""
        tail = [(i, self._masker.exchange(e)) for i, e in self._tail]
        self._tail.clear()
        self._head += tail  # masked now: later calls return the same
        merged = sorted(self._head + self._failing, key=lambda pair: pair[0])
        return tuple(e for _, e in merged)

    def _learn(self, exchange: Exchange) -> None:
        # A dropped exchange is never shown, but what it carried (a canary echoed only
        # there, a reference) must still be known to mask, or keep readable, elsewhere.
        self._masker.learn(exchange.request_body)
        self._masker.learn(exchange.response_body)
