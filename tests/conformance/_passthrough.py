"""A masker that masks nothing, for runs whose statuses (not their evidence) are under test.

Masking is tested on its own and in the self-test's clean runs; statuses never
depend on it, and skipping it makes repeated runs several times faster.
"""

from __future__ import annotations

from gponline_sdk.conformance.core import Exchange
from gponline_sdk.conformance.masking import Masker


class PassThroughMasker(Masker):
    """Masks nothing."""

    def text(self, value: str) -> str:
        """`value` as it is."""
        return value

    def body(self, value: str | None) -> str | None:
        """`value` as it is."""
        return value

    def exchange(self, exchange: Exchange) -> Exchange:
        """`exchange` as it is."""
        return exchange

    def learn(self, value: str | None) -> None:
        """Nothing: what a dropped exchange carried is only ever needed to mask."""
