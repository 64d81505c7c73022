"""The supplier event types: their rules, their repr, and passing them in from Python."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from gponline_sdk.errors import ValidationError
from gponline_sdk.models import Product, RequestCategory, RequestType
from gponline_sdk.reporting.event_io import iter_events, read_events_csv
from gponline_sdk.reporting.events import OcEvent, PracticeInstallation

DATA = Path(__file__).with_name("data")
NHS = "9990000018"
WHEN = datetime(2026, 11, 16, 9, 30, tzinfo=timezone.utc)


def _event(**changes: object) -> OcEvent:
    values: dict[str, object] = {
        "event_id": "REQ-1",
        "practice_code": "A81001",
        "submitted_at": WHEN,
        "category": RequestCategory.DESCRIBE_SYMPTOMS,
    }
    values.update(changes)
    return OcEvent(**values)  # type: ignore[arg-type]


# --- the event types ---------------------------------------------------------------


def test_identifier_fields_stay_out_of_the_repr() -> None:
    event = _event(
        nhs_number=NHS,
        patient_name="Jo Bloggs",
        description="private words",
        contact_email="jo@example.org",
        contact_phone="07700 900123",
    )
    shown = repr(event)
    for secret in (NHS, "Bloggs", "private words", "jo@example.org", "900123"):
        assert secret not in shown
    assert "A81001" in shown


def test_request_type_is_the_practices_coding_when_given() -> None:
    assert _event(category=RequestCategory.ASK_QUESTION).request_type is RequestType.OTHER
    coded = _event(category=RequestCategory.ASK_QUESTION, coded_request_type=RequestType.CLINICAL)
    assert coded.request_type is RequestType.CLINICAL
    assert _event(attachment_count=2).has_attachments
    assert not _event().has_attachments


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"submitted_at": datetime(2026, 11, 16, 9, 30)}, "submitted_at"),  # naive
        ({"practice_code": "A8100"}, "$"),
        ({"event_id": "has space"}, "event_id"),
        ({"contact_email": "no-at-sign"}, "contact_email"),
        ({"contact_phone": "12"}, "contact_phone"),
        ({"attachment_count": -1}, "attachment_count"),
    ],
)
def test_event_refuses_bad_values(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _event(**changes)
    assert caught.value.problems[0].location == field


def test_installation_rules() -> None:
    with pytest.raises(ValidationError, match="status_date"):
        PracticeInstallation(
            practice_code="A81001",
            product=Product.ONLINE_CONSULTATION,
            product_name="Acme",
            installation_date=date(2026, 1, 2),
            status_date=date(2026, 1, 1),
        )
    with pytest.raises(ValidationError, match="online consultation only"):
        PracticeInstallation(
            practice_code="A81001",
            product=Product.VIDEO_CONSULTATION,
            product_name="Acme",
            installation_date=date(2026, 1, 2),
            photo_upload_enabled=True,
        )


# --- Python iterables ----------------------------------------------------------------


def test_iter_events_passes_events_through_and_checks_types() -> None:
    events = [_event(), _event(event_id="REQ-2")]
    assert list(iter_events(events, OcEvent)) == events
    with pytest.raises(ValidationError) as caught:
        list(iter_events([events[0], {"event_id": "x"}], OcEvent))
    assert str(caught.value.problems[0]) == "$[1]: expected OcEvent, got dict"


def test_unknown_kind_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        read_events_csv(DATA / "oc_events.csv", dict)  # type: ignore[type-var]
