"""Every kind of request, sent where the availability checks expect the form closed (AV-OOH-01).

The declared out-of-hours behaviour holds for every request `POST /requests` takes, not
only a patient's first one: a follow-up, which a tool may file straight into the earlier
request's conversation, a proxy's request, which may come through another form, and a
request with a photo, which may go through an upload service (round 7), must be refused as
closed (or accepted for the next working day, as declared) just the same. `ClosedKinds`
sends, beside each first request of the category rotation, a follow-up of a request taken
in core hours beforehand, a proxy's request in every category in turn and, to a tool that
declares photo upload, a patient's request with a photo in every category in turn.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from gponline_sdk.conformance.checks._support import Canaries, categories_to_send, clock_at, london
from gponline_sdk.conformance.checks._support import target_of as _target_of
from gponline_sdk.conformance.contract import RequestSubmission
from gponline_sdk.conformance.core import CheckContext
from gponline_sdk.models import (
    CORE_HOURS,
    Attachment,
    RequestCategory,
    Requester,
    RequesterRole,
    ToolCapabilities,
    is_working_day,
)

__all__ = ["PROXIES", "ClosedKinds", "photo_for"]

PROXIES: tuple[tuple[str, str], ...] = (
    ("Amira Haddad", "mother"),
    ("Tomasz Nowak", "son"),
    ("Siobhán O'Neill-Ó Briain", "paid carer"),
    ("R. Patel", "attorney (health and welfare LPA)"),
    ("Kofi", "husband"),
    ("Zhang Wei 张伟", "daughter-in-law"),
)
"""Who acts for the patient: names and relationships in their own words."""


def photo_for(caps: ToolCapabilities | None, canaries: Canaries) -> Attachment | None:
    """A phone photo's attachment for a tool declaring photo upload and an image type, or None."""
    images = [] if caps is None or not caps.photo_upload else caps.accepted_media_types
    image = next((m for m in images if m.startswith("image/")), None)
    if image is None:
        return None
    return Attachment(
        media_type=image, size_bytes=1_800_000, sha256=f"{canaries.rng.getrandbits(256):064x}"
    )


class ClosedKinds:
    """A follow-up and a proxy's request to send at each instant the form is expected closed.

    Args:
        ctx: The running check.
        canaries: The check's canaries (patients are registered for masking).
        first: The earliest instant the check probes: the request that follow-ups name is
            sent at noon on the working day before it, in core hours.
        caps: The tool's capabilities, as the check read them: a photo is sent only to a
            tool that declares photo upload and an image type.
    """

    def __init__(
        self,
        ctx: CheckContext,
        canaries: Canaries,
        first: datetime,
        caps: ToolCapabilities | None = None,
    ) -> None:
        self._canaries = canaries
        self._patient = canaries.patient()
        self._contact = canaries.contact()
        self._proxied = canaries.patient()
        offered = categories_to_send(ctx)
        self._proxy_categories = [c for c in offered if c is not RequestCategory.FOLLOW_UP]
        self._photo = photo_for(caps, canaries)
        self._sent = 0
        self._proxies = 0
        self._photos = 0
        self.base: str | None = None
        if RequestCategory.FOLLOW_UP not in offered:
            return
        day = first.astimezone(CORE_HOURS.zone).date() - timedelta(days=1)
        while not is_working_day(day):
            day -= timedelta(days=1)
        with clock_at(ctx, london(day, 12)):
            reply = _target_of(ctx).submit_request(
                self._submission(RequestCategory.CLINICAL_REQUEST)
            )
        if reply.status == 201 and reply.value is not None:
            self.base = reply.value.reference
        else:  # core hours are judged elsewhere; here only the follow-ups are lost
            ctx.note(
                f"the request for follow-ups to name, sent in core hours on {day}, was answered "
                f"HTTP {reply.status}: no follow-ups sent out of hours"
            )

    def _submission(
        self,
        category: RequestCategory,
        follows_up: str | None = None,
        requester: Requester | None = None,
    ) -> RequestSubmission:
        self._sent += 1
        return RequestSubmission(
            practice_code=self._canaries.environment.practice_code,
            category=category,
            patient=self._proxied if requester is not None else self._patient,
            requester=requester or Requester(role=RequesterRole.PATIENT),
            contact=self._contact,
            description=f"Conformance suite request {self._sent} of every kind: {category.value}.",
            follows_up=follows_up,
        )

    @property
    def per_instant(self) -> int:
        """How many requests `extras` gives at each instant."""
        return (
            (self.base is not None)
            + bool(self._proxy_categories)
            + (self._photo is not None and bool(self._proxy_categories))
        )

    def extras(self) -> list[tuple[RequestSubmission, str]]:
        """The follow-up (when one can be sent) and the proxy's request for the next instant."""
        out: list[tuple[RequestSubmission, str]] = []
        if self.base is not None:
            out.append((self._submission(RequestCategory.FOLLOW_UP, self.base), "a follow-up"))
        if self._proxy_categories:
            turn, self._proxies = self._proxies, self._proxies + 1
            category = self._proxy_categories[turn % len(self._proxy_categories)]
            name, relationship = PROXIES[turn % len(PROXIES)]
            proxy = Requester(role=RequesterRole.PROXY, proxy_name=name, relationship=relationship)
            out.append(
                (self._submission(category, requester=proxy), f"a proxy's {category.value} request")
            )
        if self._photo is not None and self._proxy_categories:
            turn, self._photos = self._photos, self._photos + 1
            category = self._proxy_categories[-1 - turn % len(self._proxy_categories)]
            sub = attrs.evolve(self._submission(category), attachments=(self._photo,))
            out.append((sub, f"a {category.value} request with a photo"))
        return out
