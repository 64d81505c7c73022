"""Events over three weeks (2026-W45 to 2026-W47) for the bulk catch-up tests."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from gponline_sdk.models import (
    PracticeStatus,
    Product,
    ReportingPeriod,
    RequestCategory,
    VideoSessionStatus,
)
from gponline_sdk.reporting.anonymise import Anonymiser
from gponline_sdk.reporting.bulk import BulkBuild, build_bulk
from gponline_sdk.reporting.events import OcEvent, PracticeInstallation, VcEvent
from gponline_sdk.reporting.participation import ParticipationList

SUPPLIER = "ACME-OC"
KEY = hashlib.sha256(b"gponline bulk tests").digest()  # fixed, so reruns build the same IDs
FIRST = ReportingPeriod.from_iso_week("2026-W45")
LAST = ReportingPeriod.from_iso_week("2026-W47")
PRACTICES = ("A81001", "B82002")
MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)  # Monday of 2026-W45


def oc_events(practices: tuple[str, ...] = PRACTICES) -> list[OcEvent]:
    """Four requests per practice in each of the three weeks, and one the week before."""
    categories = list(RequestCategory)
    out = [
        OcEvent(
            event_id=f"REQ-{code}-{week}-{i}",
            practice_code=code,
            submitted_at=MONDAY + timedelta(weeks=week, days=i, hours=i),
            category=categories[i % len(categories)],
            nhs_number="9990000018",
            patient_name="Zebedee Canaryfield",
        )
        for code in practices
        for week in range(3)
        for i in range(4)
    ]
    out.append(
        OcEvent(
            event_id="REQ-EARLY",
            practice_code=PRACTICES[0],
            submitted_at=MONDAY - timedelta(days=3),
            category=categories[0],
        )
    )
    return out


def vc_events() -> list[VcEvent]:
    """One video consultation a week, in weeks one and three."""
    return [
        VcEvent(
            session_id=f"VID-{week}",
            practice_code=PRACTICES[0],
            scheduled_start=MONDAY + timedelta(weeks=week, days=1),
            status=VideoSessionStatus.COMPLETED,
            duration_minutes=10,
        )
        for week in (0, 2)
    ]


def installations() -> list[PracticeInstallation]:
    """A81001 had both products all along; B82002 installed OC in the second week."""
    return [
        PracticeInstallation(
            practice_code="A81001",
            product=product,
            product_name="Acme Online",
            installation_date=date(2025, 4, 1),
            status=PracticeStatus.LIVE,
        )
        for product in Product
    ] + [
        PracticeInstallation(
            practice_code="B82002",
            product=Product.ONLINE_CONSULTATION,
            product_name="Acme Online",
            installation_date=date(2026, 11, 10),
        )
    ]


def build(out: Path, *, extra_practice: str | None = None) -> BulkBuild:
    """The three weeks built; `extra_practice` adds its events and skips the participation list."""
    practices = PRACTICES + ((extra_practice,) if extra_practice else ())
    return build_bulk(
        supplier_id=SUPPLIER,
        first=FIRST,
        last=LAST,
        anonymiser=Anonymiser(KEY, SUPPLIER),
        participation=None if extra_practice else ParticipationList.of(PRACTICES),
        out_dir=out,
        oc_events=lambda: iter(oc_events(practices)),
        vc_events=vc_events(),
        installations=installations(),
    )
