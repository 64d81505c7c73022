"""What the run's POST /requests were turned away with while the test clock was set.

Many checks send requests in core hours to look at something else (usage
records, statuses, messages) and count only the requests taken: a refusal
there is not theirs to judge. The client keeps each refusal that says "not
now" (409 closed, 429 too many, 503 unavailable) with the test clock's instant
and the check that sent it, and `availability.never-turned-away` judges them
all at the end of the run: in core hours the contract allows none of them.
"""

from __future__ import annotations

from datetime import datetime

import attrs

__all__ = ["NOT_NOW", "TurnedAway"]

NOT_NOW = frozenset({409, 429, 503})
"""Answers that turn a request away for now, not for what it carries (400, 413, 422)."""


@attrs.frozen(kw_only=True)
class TurnedAway:
    """One POST /requests answered `status` while the tool's clock stood at `at`."""

    at: datetime
    """The test clock's instant (as the suite set it)."""
    category: str
    """The request's category, as sent."""
    status: int
    check: str
    """The check that sent it ("" when sent outside a run)."""
