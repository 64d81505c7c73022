"""Hypothesis strategies for a supplier's events, full of (synthetic) identifiers.

Names, descriptions and event IDs carry marker letters (`Qz`, `Zx`, `EV-`)
that the national output never holds, so "does it appear in the output?" is a
meaningful substring test. NHS numbers are in the synthetic 999 range.
"""

from __future__ import annotations

import string
from datetime import date, timedelta

from hypothesis import strategies as st

from gponline_sdk.models import (
    PracticeStatus,
    Product,
    RequestCategory,
    RequesterRole,
    RequestType,
    VideoSessionStatus,
)
from gponline_sdk.reporting.events import OcEvent, PracticeInstallation, VcEvent
from gponline_sdk.testing.strategies import aware_datetimes, nhs_numbers, ods_codes

_WORD = st.text(string.ascii_lowercase, min_size=4, max_size=10)

names = st.builds(lambda a, b: f"Qz{a} Qz{b}", _WORD, _WORD)
emails = st.builds(lambda a, b: f"{a}.{b}@example.org", _WORD, _WORD)
phones = st.builds(lambda n: f"07700 {n:06d}", st.integers(0, 999_999))
event_ids = st.builds(lambda n: f"EV-{n:012d}", st.integers(0, 10**12 - 1))


@st.composite
def descriptions(draw: st.DrawFn) -> str:
    """Free text that names the patient and gives their contact details."""
    words = draw(st.lists(_WORD, min_size=2, max_size=8))
    nhs = draw(nhs_numbers())
    return f"Zx {' '.join(words)} my number is {nhs.formatted()} call {draw(phones)}"


oc_events = st.builds(
    OcEvent,
    event_id=event_ids,
    practice_code=ods_codes(),
    submitted_at=aware_datetimes(),
    category=st.sampled_from(RequestCategory),
    requester_role=st.sampled_from(RequesterRole),
    nhs_number=st.one_of(st.none(), nhs_numbers()),
    patient_name=st.one_of(st.none(), names),
    description=descriptions(),
    contact_email=st.one_of(st.none(), emails),
    contact_phone=st.one_of(st.none(), phones),
    attachment_count=st.integers(0, 5),
    coded_request_type=st.one_of(st.none(), st.sampled_from(RequestType)),
)

vc_events = st.builds(
    VcEvent,
    session_id=event_ids,
    practice_code=ods_codes(),
    scheduled_start=aware_datetimes(),
    status=st.sampled_from(VideoSessionStatus),
    duration_minutes=st.one_of(st.none(), st.integers(0, 120)),
    nhs_number=st.one_of(st.none(), nhs_numbers()),
    patient_name=st.one_of(st.none(), names),
)


@st.composite
def installations(draw: st.DrawFn) -> PracticeInstallation:
    """Installations with clean product names (letters, spaces and a version number)."""
    product = draw(st.sampled_from(Product))
    installed = draw(st.dates(date(2019, 1, 1), date(2026, 12, 31)))
    status_date = draw(st.one_of(st.none(), st.integers(0, 900)))
    return PracticeInstallation(
        practice_code=draw(ods_codes()),
        product=product,
        product_name=f"Acme {draw(_WORD).title()} {draw(st.integers(1, 9))}",
        installation_date=installed,
        status=draw(st.sampled_from(PracticeStatus)),
        status_date=None if status_date is None else installed + timedelta(days=status_date),
        photo_upload_enabled=product is Product.ONLINE_CONSULTATION and draw(st.booleans()),
    )
