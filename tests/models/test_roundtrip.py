"""Every model survives the wire: structure(unstructure(x)) == x, JSON types only, schema-valid."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from gponline_sdk.models import (
    Acknowledgement,
    Incident,
    IncidentImpact,
    Product,
    VideoSession,
    VideoSessionStatus,
)
from gponline_sdk.serde import from_json, structure, to_json, unstructure
from gponline_sdk.serde.schema import json_schema, schema_models
from gponline_sdk.testing import aware_datetimes, instances

MODELS = schema_models()
LONDON = ZoneInfo("Europe/London")
JSON_TYPES = {dict, list, str, int, float, bool, type(None)}
SETTINGS = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


def assert_plain_json(value: Any, path: str = "$") -> None:
    """Exact JSON types only: a str subclass (OdsCode) or an enum must not leak."""
    assert type(value) in JSON_TYPES, f"{path}: {type(value).__name__}"
    if isinstance(value, dict):
        for key, item in value.items():
            assert type(key) is str, f"{path}: key of type {type(key).__name__}"
            assert_plain_json(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            assert_plain_json(item, f"{path}[{i}]")


def test_every_published_model_is_covered() -> None:
    assert len(MODELS) == 21
    assert "CoreHours" in MODELS
    assert "ReportingPeriod" in MODELS


@pytest.mark.parametrize("name", sorted(MODELS))
@SETTINGS
@given(data=st.data())
def test_round_trip_is_exact_and_plain_json(name: str, data: st.DataObject) -> None:
    cls = MODELS[name]
    value = data.draw(instances(cls))
    assert type(value) is cls
    wire = unstructure(value)
    assert_plain_json(wire)
    assert structure(wire, cls) == value
    assert from_json(to_json(value), cls) == value
    assert from_json(to_json(value, indent=True), cls) == value
    # Writing is deterministic: the same value gives the same bytes (sets are sorted).
    assert to_json(structure(wire, cls)) == to_json(value)


VALIDATORS = {
    name: Draft202012Validator(json_schema(cls), format_checker=Draft202012Validator.FORMAT_CHECKER)
    for name, cls in MODELS.items()
}


@pytest.mark.parametrize("name", sorted(MODELS))
@SETTINGS
@given(data=st.data())
def test_every_valid_value_validates_against_its_published_schema(
    name: str, data: st.DataObject
) -> None:
    wire = unstructure(data.draw(instances(MODELS[name])))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATORS[name].iter_errors(wire)]
    assert errors == []


def test_schema_validation_is_not_vacuous() -> None:
    wire = {
        "record_id": "rec-0001",
        "practice_code": "A8100",
        "submitted_at": "2026-11-16T09:30:00",
        "request_type": "clinical",
        "requester_role": "patient",
        "surprise": 1,
    }
    assert len(list(VALIDATORS["OcRecord"].iter_errors(wire))) == 3
    # The format checker is on: an impossible calendar date fails the schema too.
    # ("date-time" is only checked by its offset pattern: jsonschema's date-time
    # format needs rfc3339-validator, which is not a dependency.)
    practice = {
        "practice_code": "A81001",
        "product_name": "Tool",
        "installation_date": "2026-02-30",
        "status": "live",
    }
    errors = list(VALIDATORS["OcPractice"].iter_errors(practice))
    assert [e.validator for e in errors] == ["format"]


# --- Clock changes: instants survive, whatever Python's == says (PEP 495) ---------------------

AUTUMN_REPEATED = datetime(2026, 10, 25, 1, 30, tzinfo=LONDON)  # 01:30 BST, then 01:30 GMT


@SETTINGS
@given(aware_datetimes(round_trip_safe=False))
def test_every_instant_survives_the_wire_even_in_the_repeated_hour(value: datetime) -> None:
    back = structure(unstructure(value), datetime)
    assert back.astimezone(timezone.utc) == value.astimezone(timezone.utc)
    assert back.utcoffset() == value.utcoffset()
    assert unstructure(back) == unstructure(value)


def test_python_equality_is_why_round_trip_safe_exists() -> None:
    # PEP 495: a fold-dependent time never equals the same instant in another zone.
    for fold in (0, 1):
        ambiguous = AUTUMN_REPEATED.replace(fold=fold)
        back = structure(unstructure(ambiguous), datetime)
        assert back.timestamp() == ambiguous.timestamp()
        assert back != ambiguous
    assert unstructure(AUTUMN_REPEATED) == "2026-10-25T01:30:00+01:00"
    assert unstructure(AUTUMN_REPEATED.replace(fold=1)) == "2026-10-25T01:30:00Z"


@SETTINGS
@given(aware_datetimes())
def test_default_datetimes_compare_equal_after_the_round_trip(value: datetime) -> None:
    assert structure(unstructure(value), datetime) == value


@pytest.mark.usefixtures("no_local_constants")
def test_aware_datetimes_reach_both_sides_of_both_clock_changes() -> None:
    seen: set[tuple[int, timedelta | None]] = set()

    @settings(max_examples=200, database=None, derandomize=True)
    @given(aware_datetimes())
    def collect(value: datetime) -> None:
        local = value.astimezone(LONDON)
        if local.month in (3, 10) and local.day >= 25:
            seen.add((local.month, local.utcoffset()))

    collect()
    assert seen >= {
        (3, timedelta(0)),
        (3, timedelta(hours=1)),
        (10, timedelta(0)),
        (10, timedelta(hours=1)),
    }


def test_order_rules_compare_instants_not_london_wall_clocks() -> None:
    # Regression: 01:50 BST (00:50 UTC) then 01:10 GMT (01:10 UTC) twenty minutes later
    # was refused, because two datetimes sharing one tzinfo compare by wall clock.
    first = datetime(2026, 10, 25, 1, 50, tzinfo=LONDON)
    later = datetime(2026, 10, 25, 1, 10, fold=1, tzinfo=LONDON)
    assert later.astimezone(timezone.utc) - first.astimezone(timezone.utc) == timedelta(minutes=20)
    ack = Acknowledgement(reference="R1", received_at=first, respond_by=later, message="ok")
    assert ack.respond_by is later
    VideoSession(
        reference="V1",
        practice_code="A81001",
        scheduled_start=first,
        duration_minutes=30,
        status=VideoSessionStatus.COMPLETED,
        started_at=first,
        ended_at=later,
    )
    Incident(
        incident_id="INC-0001",
        product=Product.ONLINE_CONSULTATION,
        started_at=first,
        ended_at=later,
        impact=IncidentImpact.DEGRADED,
        summary="slow",
    )
    # And the other way round is still refused.
    with pytest.raises(ValueError, match="respond_by"):
        Acknowledgement(reference="R1", received_at=later, respond_by=first, message="ok")
