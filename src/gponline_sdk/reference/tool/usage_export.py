"""The reference tool's weekly usage export (`GET /usage`), mixed into `ToolChannels`.

Record IDs are keyed pseudonyms of the tool's references; the usage faults
(`usage-*`, `vc-usage-*`, `miscounts-usage`, ...) live here beside the clean export.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import attrs

from gponline_sdk.conformance.contract import OcUsageReport, VcUsageReport
from gponline_sdk.errors import Problem, ValidationError
from gponline_sdk.models import (
    CORE_HOURS,
    ConsultationRequest,
    ContactDetailsUpdate,
    DataType,
    OcRecord,
    ReportingPeriod,
    RequestCategory,
    RequesterRole,
    RequestType,
    SecureMessage,
    SubmissionHeader,
    VcRecord,
    VideoSession,
)
from gponline_sdk.reference.tool._reject import Reject
from gponline_sdk.reference.tool.faults import round6_usage
from gponline_sdk.reference.tool.faults import round8_b as r8b_faults
from gponline_sdk.reference.tool.faults import round9_c as r9c_faults
from gponline_sdk.reference.tool.faults import round11 as r11_faults
from gponline_sdk.reference.tool.faults import round13 as r13_faults
from gponline_sdk.reference.tool.faults import round14 as r14_faults
from gponline_sdk.reference.tool.faults import round15 as r15_faults
from gponline_sdk.reference.tool.faults import round16 as r16_faults
from gponline_sdk.reference.tool.faults import round17 as r17_faults
from gponline_sdk.reference.tool.faults import stale as stale_faults
from gponline_sdk.serde import to_json

if TYPE_CHECKING:  # outcomes imports the tool's channels, which import this module
    from gponline_sdk.reference.tool.outcomes import Outcomes

__all__ = ["SUPPLIER_ID", "ToolUsage"]

Answer = tuple[int, bytes]
SUPPLIER_ID = "GPONLINE-REF"
_FIRST_PAGE = 50  # the `usage-first-page-only` fault's page size


class ToolUsage:
    """The usage export over the tool's requests, sessions and contact updates."""

    fault: str | None
    _key: bytes
    _requests: dict[str, ConsultationRequest]
    _video: dict[str, VideoSession]
    _booked_at: dict[str, datetime]
    _first_read: dict[str, datetime]
    _seeded_ids: r16_faults.SeededIds
    _forgetful: OrderedDict[str, str]
    _contacts: dict[str, ContactDetailsUpdate]
    _messages: dict[str, SecureMessage]
    _outcomes: Outcomes
    _now: Callable[[], datetime]

    def _pseudonym(self, reference: str) -> str:
        # Keyed with a per-instance secret: stable for a weekly resend, yet nobody holding a
        # tool reference (a patient's acknowledgement, a log) can compute the record ID.
        if self.fault == "usage-ids-unkeyed-sha256":
            return hashlib.sha256(reference.encode()).hexdigest()[:32]
        if self.fault == "usage-ids-base64-reference":
            return base64.urlsafe_b64encode(reference.encode()).decode().rstrip("=")
        if self.fault == "usage-ids-row-sequence":
            # The store's row number, zero-padded: anyone can guess the neighbours' IDs.
            rows = [*self._requests, *self._video]
            return f"{rows.index(reference) + 1:08d}" if reference in rows else reference
        if self.fault == "usage-ids-hmac-supplier-id":
            # Keyed, but with the public supplier ID: anyone can recompute the record ID.
            public = SUPPLIER_ID.encode()
            return hmac.new(public, reference.encode(), hashlib.sha256).hexdigest()[:32]
        if self.fault == "usage-ids-add-pad-base64":
            # "Obfuscated": each byte shifted by a fixed pad, base64url. No hash, no key.
            pad = b"GPONLINE-REFERENCE-TOOL"
            shifted = bytes((c + pad[i % len(pad)]) % 256 for i, c in enumerate(reference.encode()))
            return base64.urlsafe_b64encode(shifted).decode().rstrip("=")
        keyed = (
            r14_faults.cached_id(self.fault, self._forgetful, reference)
            or r9c_faults.record_id(self.fault, reference, SUPPLIER_ID)
            or r8b_faults.affine_id(self.fault, reference)
            or stale_faults.usage_pseudonym(self.fault, self._key, reference, self._now())
        )
        return r11_faults.with_reference_tail(self.fault, keyed, reference)

    def _usage(self, *, query: dict[str, str], **_: Any) -> Answer:
        try:
            period = ReportingPeriod.from_iso_week(query.get("week", ""))
        except ValidationError as exc:
            raise Reject(400, "week must be an ISO week", exc.at("week").problems) from None
        kinds = {t.value: t for t in (DataType.OC_RECORD, DataType.VC_RECORD)}
        data_type = kinds.get(query.get("data_type", ""))
        if data_type is None:
            problem = Problem(location="data_type", message="expected oc_record or vc_record")
            raise Reject(400, "unsupported data type", (problem,))
        header = SubmissionHeader(
            supplier_id=SUPPLIER_ID, data_type=data_type, period=period, generated_at=self._now()
        )
        if data_type is DataType.OC_RECORD:
            oc = self._oc_records(period)
            if self.fault == "usage-first-page-only":
                oc = oc[:_FIRST_PAGE]  # the first page of a paged store, taken for the whole week
            return 200, to_json(OcUsageReport(header=header, records=oc))
        vc = self._vc_records(period)
        real = datetime.now(timezone.utc)
        header = attrs.evolve(
            header, generated_at=r8b_faults.vc_generated_at(self.fault, header.generated_at, real)
        )
        if self.fault == "usage-first-page-only":
            vc = vc[:_FIRST_PAGE]
        return 200, to_json(VcUsageReport(header=header, records=vc))

    def _in_week(self, period: ReportingPeriod, instant: datetime) -> bool:
        if self.fault == "usage-week-in-utc":
            return period.contains(instant.astimezone(timezone.utc).date())
        if self.fault == "usage-week-by-calendar-year":
            # (calendar year, ISO week number): wrong where the ISO week-year differs.
            day = instant.astimezone(CORE_HOURS.zone).date()
            year, week = period.iso_week.split("-W")
            return (day.year, day.isocalendar().week) == (int(year), int(week))
        return period.contains_instant(instant)  # by the Europe/London date

    def _oc_records(self, period: ReportingPeriod) -> tuple[OcRecord, ...]:
        records: list[OcRecord] = []
        seen_today: set[tuple[str, str]] = set()
        for ref, request in self._requests.items():
            submitted_at = request.submitted_at
            if self.fault == "usage-ooh-dated-next-opening":
                # Dated when the practice would first see it, not when the patient sent it.
                submitted_at = CORE_HOURS.next_opening(submitted_at)
            submitted_at = r11_faults.usage_submitted_at(
                self.fault, submitted_at, self._first_read.get(ref)
            )
            if not self._in_week(period, submitted_at):
                continue
            if self._left_out(ref, request, submitted_at):
                continue
            if r15_faults.follow_up_left_out(
                self.fault, request, self._requests, lambda at: self._in_week(period, at)
            ):
                continue
            if self.fault == "miscounts-usage":
                day = request.submitted_at.astimezone(CORE_HOURS.zone).date().isoformat()
                who = (request.patient.family_name, day)
                if who in seen_today:
                    continue
                seen_today.add(who)
            record_id = self._oc_record_id(ref, request)
            if self.fault == "leaks-identifiers-in-usage" and request.patient.nhs_number:
                record_id = str(request.patient.nhs_number) + record_id[:8]
            request_type = round6_usage.request_type(
                self.fault, request.description, request.category.request_type
            )
            if self.fault == "usage-wrong-request-type" and request_type is RequestType.OTHER:
                request_type = RequestType.ADMINISTRATIVE  # questions filed as admin
            role = request.requester.role
            if self.fault == "usage-drops-proxy-role":
                role = RequesterRole.PATIENT
            role = stale_faults.usage_role(self.fault, request.requester, role)
            role = r9c_faults.usage_role(self.fault, request.requester, request.patient, role)
            records.append(
                OcRecord(
                    record_id=record_id,
                    practice_code=request.practice_code,
                    submitted_at=submitted_at,
                    request_type=request_type,
                    category=request.category,
                    requester_role=role,
                    has_attachments=r8b_faults.has_attachments(
                        self.fault,
                        request.attachments,
                        round6_usage.has_attachments(self.fault, request.attachments)
                        and self.fault != "usage-drops-attachments",
                    ),
                )
            )
            if self.fault == "usage-one-record-per-attachment":
                # A join on the attachments table: one row per photo after the first too.
                records += [records[-1]] * max(0, len(request.attachments) - 1)
        if self.fault == "usage-counts-contact-updates":
            # Every patient "contact" exported as a request: updates as administrative ones.
            records += [
                OcRecord(
                    record_id=self._pseudonym(ref),
                    practice_code=update.practice_code,
                    submitted_at=update.submitted_at,
                    request_type=RequestType.ADMINISTRATIVE,
                    category=RequestCategory.ADMINISTRATIVE_REQUEST,
                    requester_role=RequesterRole.PATIENT,
                    has_attachments=False,
                )
                for ref, update in self._contacts.items()
                if self._in_week(period, update.submitted_at)
            ]
        return tuple(round6_usage.paged(self.fault, records))

    def _left_out(self, ref: str, request: ConsultationRequest, submitted_at: datetime) -> bool:
        """Whether a faulty export leaves out a request of its week (the clean one never does)."""
        if self.fault == "usage-omits-out-of-hours":
            return not CORE_HOURS.is_open_at(submitted_at)
        if r8b_faults.left_out_replied(self.fault, ref, self._messages.values()):
            return True
        if self.fault == "usage-omits-requests-without-email":
            return not request.contact.email  # an inner join on contact emails
        if self.fault == round6_usage.BY_OUTCOME:
            # "Not a consultation": closed or signposted by the practice.
            return round6_usage.left_out(self.fault, self._outcomes.status(None, ref).outcome)
        return False

    def _oc_record_id(self, reference: str, request: ConsultationRequest) -> str:
        """The record ID of a request (a faulty tool derives it from the patient, unkeyed)."""
        nhs = str(request.patient.nhs_number or "")
        if self.fault == "usage-ids-sha256-nhs-number" and nhs:
            return hashlib.sha256(nhs.encode()).hexdigest()[:32]
        if self.fault == "usage-ids-hash-nhs-and-date" and nhs:
            # One ID per patient and day: distinct across the pseudonym check's requests.
            day = request.submitted_at.astimezone(CORE_HOURS.zone).date().isoformat()
            return "oc_" + hashlib.sha1(f"{nhs}|{day}".encode()).hexdigest()  # noqa: S324
        made = (
            r13_faults.record_id(self.fault, reference, self._key, nhs or None)
            or r14_faults.record_id(self.fault, reference)
            or r15_faults.record_id(self.fault, reference)
            or r16_faults.record_id(self.fault, self._seeded_ids, reference)
            or r17_faults.record_id(self.fault, reference)
        )
        return made if made is not None else self._pseudonym(reference)

    def _vc_records(self, period: ReportingPeriod) -> tuple[VcRecord, ...]:
        if self.fault == "no-vc-usage":
            return ()
        records = tuple(
            VcRecord(
                record_id=self._pseudonym(ref),
                practice_code=session.practice_code,
                scheduled_start=session.scheduled_start,
                status=stale_faults.vc_status(self.fault, session.status),
                duration_minutes=r16_faults.vc_duration(
                    self.fault, r9c_faults.vc_duration(self.fault, session.duration_minutes)
                ),
            )
            for ref, session in self._video.items()
            if self._in_week(period, self._vc_date(ref, session))
            and r14_faults.vc_exported(self.fault, session.scheduled_start)
        )
        if self.fault == "vc-usage-one-per-start":
            # De-duplicated by start: parallel sessions (two clinicians) count once.
            return tuple({r.scheduled_start: r for r in reversed(records)}.values())
        return records

    def _vc_date(self, reference: str, session: VideoSession) -> datetime:
        if self.fault == "vc-usage-by-booking-date":
            return self._booked_at.get(reference, session.scheduled_start)
        return session.scheduled_start  # a session counts in the week it is held
