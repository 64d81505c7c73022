"""Requests in every shape patients, proxies and forms send them: each is one usage record.

A usage export built by joining tables breaks on the optional parts: a join on
attachments repeats a request once per photo, an inner join on contact details
drops the requests without an email (or phone, or NHS number). So the count
check sends a block of requests that between them vary every optional part
(0 to 3 attachments; email, phone, address or several; patient or proxy;
follow-up or not; NHS number or not; every category), a minute after a slot,
and names the shape whose records are off, and the part those shapes share.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import attrs

from gponline_sdk.conformance.checks._support import Canaries, require
from gponline_sdk.conformance.checks.usage._common import Row
from gponline_sdk.conformance.contract import RequestSubmission
from gponline_sdk.conformance.target import ToolTarget
from gponline_sdk.models import (
    Attachment,
    ContactDetails,
    PatientDetails,
    RequestCategory,
    Requester,
    RequesterRole,
)

__all__ = ["CONTACTS", "Shape", "ShapeBlock", "diagnose", "shapes", "submission"]

CONTACTS = ("email", "phone", "address", "email+phone", "email+phone+address")
"""The contact parts a request may carry (at least one is required)."""
_SHAPES = 20  # 4 attachment counts x 5 contact kinds, each pair once (4 and 5 are coprime)
_DETAILS = 3


@attrs.frozen
class Shape:
    """Which optional parts one request has."""

    attachments: int
    contact: str
    proxy: bool
    nhs_number: bool
    follow_up: bool
    category: RequestCategory

    def features(self) -> tuple[str, ...]:
        """The parts as a message names them, one per dimension (and groupings)."""
        n = self.attachments
        parts = self.contact.split("+")
        found = [
            f"{n} attachment{'s' if n != 1 else ''}",
            "attachments" if n else "no attachments",
            "more than one attachment" if n > 1 else "at most one attachment",
            f"contact: {self.contact}{'' if len(parts) > 1 else ' only'}",
            *(f"an {p}" if p in parts else f"no {p}" for p in ("email", "address")),
            "a phone" if "phone" in parts else "no phone",
            "sent by a proxy" if self.proxy else "sent by the patient",
            "an NHS number" if self.nhs_number else "no NHS number",
            f"category {self.category.value}",
        ]
        return tuple(found)

    def describe(self) -> str:
        """E.g. ``the request with 2 attachments, contact: phone only, ...``."""
        n = self.attachments
        return (
            f"the request with {n} attachment{'s' if n != 1 else ''}, contact: {self.contact}"
            f"{'' if '+' in self.contact else ' only'}, "
            f"{'a proxy' if self.proxy else 'the patient'}, "
            f"{'an' if self.nhs_number else 'no'} NHS number, {self.category.value}"
        )


def shapes(
    max_attachments: int, offered: Sequence[RequestCategory] = tuple(RequestCategory)
) -> list[Shape]:
    """A block of shapes in which every value of every optional part occurs.

    Args:
        max_attachments: 3 when the tool takes photos, else 0 (it may refuse them).
        offered: The categories to send (`Offered`); follow-ups only if among them.
    """
    categories = [c for c in offered if c is not RequestCategory.FOLLOW_UP]
    follow_ups = RequestCategory.FOLLOW_UP in offered
    found: list[Shape] = []
    for i in range(_SHAPES):
        # Periods 4, 5, 3 and 6 so that no part always comes with the same other part.
        follow_up = follow_ups and i % 6 == 5  # after one of the patient's (i - 1): `submission`
        nhs = ((i - 1 if follow_up else i) // 4) % 2 == 0
        found.append(
            Shape(
                attachments=i % 4 if max_attachments else 0,
                contact=CONTACTS[i % 5],
                proxy=i % 3 == 1,
                nhs_number=nhs,
                follow_up=follow_up,
                category=RequestCategory.FOLLOW_UP
                if follow_up
                else categories[(i - i // 6) % len(categories)],
            )
        )
    return found


def _contact(canaries: Canaries, kind: str) -> ContactDetails:
    full = canaries.contact(full=True)
    return ContactDetails(
        email=full.email if "email" in kind else None,
        phone=full.phone if "phone" in kind else None,
        address_lines=full.address_lines if "address" in kind else (),
        postcode=full.postcode if "address" in kind else None,
    )


def submission(
    canaries: Canaries,
    shape: Shape,
    patient: PatientDetails,
    media_type: str | None,
    follows_up: str | None,
) -> RequestSubmission:
    """The request of `shape` for `patient` (without the NHS number if the shape has none).

    A follow-up names `follows_up`, the same patient's earlier reference; without
    one (the earlier request was refused) the request seeks health advice instead.
    """
    if not shape.nhs_number:
        patient = attrs.evolve(patient, nhs_number=None)
    photos: tuple[Attachment, ...] = ()
    if media_type is not None:
        # Distinct photos of different sizes: each one a file the patient chose.
        photos = tuple(
            Attachment(media_type=media_type, size_bytes=90_000 + k, sha256=f"{k + 1:x}" * 64)
            for k in range(shape.attachments)
        )
    requester = Requester(role=RequesterRole.PATIENT)
    if shape.proxy:
        requester = Requester(
            role=RequesterRole.PROXY, proxy_name=canaries.word(), relationship="carer"
        )
    category = shape.category
    if category is RequestCategory.FOLLOW_UP and follows_up is None:
        category = RequestCategory.SEEK_HEALTH_ADVICE  # a MUST category
    return RequestSubmission(
        practice_code=canaries.environment.practice_code,
        category=category,
        patient=patient,
        requester=requester,
        contact=_contact(canaries, shape.contact),
        description=canaries.text(f"Conformance suite request: {category.value}"),
        attachments=photos,
        follows_up=follows_up if category is RequestCategory.FOLLOW_UP else None,
    )


def diagnose(sent: Sequence[tuple[Shape, Row]], got: Sequence[Row]) -> str | None:
    """Which shapes' records are off, and the part those shapes share; None if none is.

    A block request's record is told apart from others by its instant (a minute
    after a slot) and category; where a tool offers only the MUST categories, two
    of a day's block may share both, and then their records are counted together.

    Args:
        sent: Each block request's shape and the record it must produce.
        got: The new records' rows.
    """
    have = Counter(got)
    want = Counter(row for _, row in sent)
    off = [(shape, row) for shape, row in sent if have[row] != want[row]]
    if not off:
        return None
    failing = {s for s, _ in off}
    common = [
        feature
        for feature in dict.fromkeys(f for s, _ in sent for f in s.features())
        if {s for s, _ in sent if feature in s.features()} == failing
    ]
    shared = f" (every request with {common[0]}, and only those)" if common else ""
    details = [
        f"{shape.describe()}: expected {_records(want[row])} with the fields sent"
        + (f" (its and {want[row] - 1} alike)" if want[row] > 1 else "")
        + f", got {have[row]}"
        for shape, row in off
    ]
    more = f"; and {len(details) - _DETAILS} more" if len(details) > _DETAILS else ""
    return (
        f"records for {len(off)} of {len(sent)} requests of varied shape are off{shared}: "
        f"{'; '.join(details[:_DETAILS])}{more}"
    )


def _records(n: int) -> str:
    return f"{n} record" + ("s" if n != 1 else "")


class ShapeBlock:
    """The count check's varied-shape requests: a few a day, a minute after the first slot.

    They take the place of as many of the day's bulk requests, from the same
    patients, so the week's totals stay what the bulk alone would make them.

    Args:
        target: The tool.
        canaries: Where contact details come from.
        patients: The bulk's patients (each shape has one; NHS number left out where the
            shape says so).
        media_type: A media type the tool takes for photos, or None (then no attachments).
        days: How many days the block is spread over.
        offered: The categories to send (a SHOULD one the tool does not offer is not).
    """

    def __init__(
        self,
        target: ToolTarget,
        canaries: Canaries,
        patients: Sequence[PatientDetails],
        media_type: str | None,
        days: int,
        *,
        offered: Sequence[RequestCategory] = tuple(RequestCategory),
    ) -> None:
        self._target = target
        self._canaries = canaries
        self._patients = patients
        self._media = media_type
        self._block = shapes(3 if media_type else 0, offered)
        self.per_day = -(-len(self._block) // days)
        """How many block requests a day gets."""
        self._done = 0
        self.sent: list[tuple[Shape, Row]] = []
        """Each accepted request's shape and the record it must produce."""
        self.submitted = self.refused = self.declined = self.clock_settings = 0

    @property
    def declined_note(self) -> str:
        """What a note adds for varied-shape requests refused other than with 409."""
        return f"; {self.declined} of varied shape refused with 4xx" if self.declined else ""

    @property
    def rows(self) -> list[Row]:
        """The records the accepted requests must produce."""
        return [row for _, row in self.sent]

    def send(self, start: datetime, row_of: Callable[[RequestSubmission, datetime], Row]) -> None:
        """Send the next day's shapes, one minute after `start` (the day's first slot).

        A 409 (a daily limit: availability's business) or a refusal (4xx: a tool
        requiring a part the contract leaves optional fails the request checks) means
        the request is not counted.
        """
        todays = self._block[self._done : self._done + self.per_day]
        # A minute after the slot (still clear of any closure), on a whole minute: a tool
        # may keep instants to the minute (the acknowledgement checks' business).
        require(self._target.set_clock(start + timedelta(minutes=1)), "setting the test clock")
        self.clock_settings += 1
        earlier: tuple[PatientDetails, str] | None = None
        for shape in todays:
            self._done += 1
            if shape.follow_up and earlier is not None:
                patient, follows_up = earlier
            else:
                patient, follows_up = self._patients[self._done % len(self._patients)], None
            sub = submission(self._canaries, shape, patient, self._media, follows_up)
            reply = self._target.submit_request(sub)
            self.submitted += 1
            if 400 <= reply.status < 500:
                self.refused += reply.status == 409
                self.declined += reply.status != 409
                earlier = None
                continue
            ack = require(reply, f"submitting {shape.describe()}", status=201)
            earlier = (patient, ack.reference)
            self.sent.append((shape, row_of(sub, ack.received_at)))

    def diagnose(self, got: Sequence[Row]) -> str | None:
        """Which shapes' records are off (see `diagnose`)."""
        return diagnose(self.sent, got)
