"""Photos on the core-hours sweep's requests (contract 2.5.0): a paused upload path is a closure.

To a tool that declares photo upload, each request of the sweep carries a photo, so requests
with a photo are as dense over core hours as the sweep's requests are. A photo refused as
invalid (400 or 422) may be a category the tool takes no photo in, which
`requests.photos-every-category` judges: that request is sent again without the photo, so
the sweep still judges the form open. But a category whose photo is refused as invalid at
some instants and taken at others is refused by the clock, not by its content: a closure.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from gponline_sdk.conformance.contract import RequestSubmission
from gponline_sdk.conformance.target import Reply, ToolTarget
from gponline_sdk.models import CORE_HOURS, Acknowledgement, Attachment, RequestCategory

__all__ = ["SweepPhotos"]


class SweepPhotos:
    """Sends the sweep's requests with a photo, and remembers where photos were refused.

    Args:
        attachment: The photo every request of the sweep carries.
    """

    def __init__(self, attachment: Attachment) -> None:
        self.attachment = attachment
        self._taken: set[RequestCategory] = set()
        self._refused: list[tuple[RequestCategory, datetime, int]] = []

    def send(
        self, target: ToolTarget, sub: RequestSubmission, instant: datetime
    ) -> Reply[Acknowledgement]:
        """`sub` with the photo; refused as invalid, `sub` again without it (that reply)."""
        reply = target.submit_request(attrs.evolve(sub, attachments=(self.attachment,)))
        if reply.status in (400, 422):
            self._refused.append((sub.category, instant, reply.status))
            return target.submit_request(sub)
        if reply.status == 201:
            self._taken.add(sub.category)
        return reply

    def refused_by_the_clock(self) -> list[str]:
        """Each photo refused as invalid in a category whose photos were taken at other instants."""
        return [
            f"POST /requests ({category.value}, with a photo) at "
            f"{instant.astimezone(CORE_HOURS.zone):%a %d %b %Y %H:%M:%S.%f} London time, inside "
            f"core hours, was answered HTTP {status}; the same category with the same photo was "
            "taken (201) at other instants of the sweep: expected 201 (a request with a photo "
            "is taken at any instant of core hours)"
            for category, instant, status in self._refused
            if category in self._taken
        ]
