"""For events full of identifiers, no identifier reaches any output format.

The whole build runs (anonymise, filter, scan, aggregate, write, validate), for
JSON, CSV and XML, and every byte written is searched for every identifier the
events carried: event IDs, names, NHS numbers (plain and spaced), emails,
phone numbers and the patient's own words.
"""

from __future__ import annotations

import secrets
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import attrs
from _event_strategies import oc_events, vc_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gponline_sdk.models import ReportingPeriod
from gponline_sdk.reporting.anonymise import Anonymiser
from gponline_sdk.reporting.events import OcEvent, VcEvent
from gponline_sdk.reporting.formats import Format
from gponline_sdk.reporting.weekly import build_week

WEEK = ReportingPeriod.from_iso_week("2026-W47")
_START = datetime(2026, 11, 16, tzinfo=timezone.utc)
in_week = st.integers(60, 7 * 24 * 60 - 60).map(lambda m: _START + timedelta(minutes=m))


def _identifiers(oc: list[OcEvent], vc: list[VcEvent]) -> set[str]:
    found: set[str] = set()
    for e in oc:
        found |= {e.event_id, e.description, *(e.description.split(" my number is ")[1:])}
        found |= {x for x in (e.patient_name, e.contact_email, e.contact_phone) if x}
        if e.nhs_number:
            found |= {str(e.nhs_number), e.nhs_number.formatted()}
    for v in vc:
        found |= {v.session_id, *(x for x in (v.patient_name,) if x)}
        if v.nhs_number:
            found |= {str(v.nhs_number), v.nhs_number.formatted()}
    return found


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    oc=st.lists(st.builds(attrs.evolve, oc_events, submitted_at=in_week), max_size=15),
    vc=st.lists(st.builds(attrs.evolve, vc_events, scheduled_start=in_week), max_size=8),
    fmt=st.sampled_from(Format),
)
def test_no_identifier_in_any_output_format(
    oc: list[OcEvent], vc: list[VcEvent], fmt: Format
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        build = build_week(
            supplier_id="ACME-OC",
            period=WEEK,
            anonymiser=Anonymiser(secrets.token_bytes(32), "ACME-OC"),
            participation=None,
            out_dir=Path(tmp),
            fmt=fmt,
            oc_events=oc,
            vc_events=vc,
        )
        written = b"".join(f.path.read_bytes() for f in build.files).decode("utf-8")
    assert sum(f.records for f in build.files if f.data_type.value.endswith("record")) == len(
        oc
    ) + len(vc)
    for value in _identifiers(oc, vc):
        assert value not in written, f"an identifier reached the {fmt.value} output"
