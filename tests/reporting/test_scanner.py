"""The identifier scanner: catches identifier-shaped values, never echoes them."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gponline_sdk.errors import PrivacyError
from gponline_sdk.models import (
    DataType,
    Incident,
    IncidentImpact,
    OcPractice,
    OcRecord,
    PracticeStatus,
    Product,
    RequesterRole,
    RequestType,
    VcRecord,
    VideoSessionStatus,
)
from gponline_sdk.reporting.anonymise import Anonymiser, key_weakness
from gponline_sdk.reporting.scanner import (
    Finding,
    IdentifierKind,
    IdentifierScanner,
    find_identifiers,
    scan_record,
)

NHS = IdentifierKind.NHS_NUMBER
EMAIL = IdentifierKind.EMAIL
PHONE = IdentifierKind.PHONE
POSTCODE = IdentifierKind.POSTCODE
WHEN = datetime(2026, 11, 16, 9, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("9434765919", [NHS]),
        ("patient 943 476 5919 seen", [NHS]),
        ("943-476-5919", [NHS]),
        ("REQ9434765919", [NHS]),
        ("123 943 476 5919", [NHS]),  # a failed candidate does not hide the next
        ("9434765918", []),  # wrong check digit
        ("94347659190", []),  # part of a longer number
        ("jo.bloggs+gp@example.org.uk", [EMAIL]),
        ("07700 900123", [PHONE]),
        ("07700900123", [PHONE]),
        ("+44 7700 900123", [PHONE]),
        ("0044 7700 900123", [PHONE]),
        ("+44 (0)20 7946 0000", [PHONE]),
        ("(0113) 496 0000", [PHONE]),
        ("020-7946-0000", [PHONE]),
        ("LS1 4AP", [POSTCODE]),
        ("ls14ap", [POSTCODE]),
        ("SW1A 1AA", [POSTCODE]),
        ("EC1A 1BB", [POSTCODE]),
        ("write to M1 1AE today", [POSTCODE]),
        ("call 0113 496 0000 or write to LS1 4AP", [PHONE, POSTCODE]),
        ("Acme Consult 2", []),
        ("2026-11-16T09:30:00Z", []),
        ("A81001", []),
        ("version v2 3rd release", []),
        ("12345678901234", []),
        ("Outage 09:00-11:30, 1200 practices affected", []),
    ],
)
def test_find_identifiers(text: str, kinds: list[IdentifierKind]) -> None:
    assert find_identifiers(text) == kinds


def _oc(record_id: str) -> OcRecord:
    return OcRecord(
        record_id=record_id,
        practice_code="A81001",
        submitted_at=WHEN,
        request_type=RequestType.CLINICAL,
        requester_role=RequesterRole.PATIENT,
    )


def test_free_text_fields_are_scanned_and_named() -> None:
    incident = Incident(
        incident_id="INC-2026-00042",
        product=Product.ONLINE_CONSULTATION,
        started_at=WHEN,
        impact=IncidentImpact.DEGRADED,
        summary="Patient jo@example.org reported it from LS1 4AP",
    )
    assert scan_record(incident) == [
        Finding(path="summary", kind=EMAIL),
        Finding(path="summary", kind=POSTCODE),
    ]
    practice = OcPractice(
        practice_code="A81001",
        product_name="Acme for 943 476 5919",
        installation_date=date(2021, 10, 1),
        status=PracticeStatus.LIVE,
    )
    assert scan_record(practice) == [Finding(path="product_name", kind=NHS)]


@pytest.mark.parametrize("record_id", ["9434765919", "REQ-9434765919", "07700900123"])
def test_record_ids_other_than_pseudonyms_are_scanned(record_id: str) -> None:
    assert [f.path for f in scan_record(_oc(record_id))] == ["record_id"]


def test_large_integers_are_scanned() -> None:
    record = VcRecord(
        record_id="0" * 32,
        practice_code="A81001",
        scheduled_start=WHEN,
        status=VideoSessionStatus.COMPLETED,
        duration_minutes=9434765919,
    )
    assert scan_record(record) == [Finding(path="duration_minutes", kind=NHS)]


def test_mappings_are_scanned_with_paths() -> None:
    data = {"records": [{"note": "ok"}, {"note": "jo@example.org"}]}
    assert scan_record(data) == [Finding(path="records[1].note", kind=EMAIL)]


def test_pseudonyms_that_look_like_numbers_by_chance_are_spared() -> None:
    # About 1 in 110 HMAC pseudonyms holds a digit run shaped like an NHS or
    # phone number. Find real ones with a fixed key and show they are spared
    # only because they are in the pseudonym form.
    anon = Anonymiser(
        bytes.fromhex("8bb52ec41149bcb53ed80ebdc36bd03b51cff316d1be78382d7ef9dcbe9fa308"), "ACME-OC"
    )
    ids = [anon.pseudonym(DataType.OC_RECORD, f"REQ-{i}") for i in range(20_000)]
    unlucky = [i for i in ids if find_identifiers(i)]
    assert 0.002 < len(unlucky) / len(ids) < 0.02
    for record_id in unlucky:
        assert scan_record(_oc(record_id)) == []
        # The same characters in any other form are scanned.
        assert scan_record(_oc(record_id.upper())) != []


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    # Any key the anonymiser accepts (hypothesis likes runs of zero bytes: weak keys).
    st.binary(min_size=32, max_size=64).filter(lambda k: key_weakness(k) is None),
    st.text(min_size=1, max_size=20),
)
def test_anonymiser_pseudonyms_never_trip_the_scanner(key: bytes, suffix: str) -> None:
    anon = Anonymiser(key, "ACME-OC")
    event_id = "R" + "".join(c for c in suffix if c.isascii() and c.isalnum())
    record = _oc(anon.pseudonym(DataType.OC_RECORD, event_id))
    assert scan_record(record) == []


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.from_regex(r"[0-9a-f]{32}", fullmatch=True))
def test_any_pseudonym_shaped_id_is_spared(record_id: str) -> None:
    assert scan_record(_oc(record_id)) == []


def test_check_streams_clean_records_and_refuses_the_first_bad_one() -> None:
    clean = [_oc("a" * 32), _oc("b" * 32)]
    scanner = IdentifierScanner()
    assert list(scanner.check(clean)) == clean
    assert scanner.check_all(clean) == 2

    bad = _oc("9434765919")
    with pytest.raises(PrivacyError) as caught:
        scanner.check_all([*clean, bad])
    message = str(caught.value)
    assert message.startswith("record 2, OcRecord: record_id looks like an NHS number")
    assert "9434765919" not in message
    assert caught.value.index == 2  # type: ignore[attr-defined]
    assert caught.value.findings == (Finding(path="record_id", kind=NHS),)  # type: ignore[attr-defined]


def test_error_shows_the_pseudonym_but_never_the_value() -> None:
    scanner = IdentifierScanner()
    incident = Incident(
        incident_id="c" * 32,
        product=Product.ONLINE_CONSULTATION,
        started_at=WHEN,
        impact=IncidentImpact.UNAVAILABLE,
        summary="ring 07700 900123",
    )
    with pytest.raises(PrivacyError) as caught:
        scanner.check_all([incident])
    assert "summary looks like a UK phone number" in str(caught.value)
    assert "900123" not in str(caught.value)


def test_kinds_can_be_limited() -> None:
    scanner = IdentifierScanner(kinds=[NHS])
    assert scanner.scan({"note": "LS1 4AP"}) == []
    assert scanner.scan({"note": "9434765919"}) == [Finding(path="note", kind=NHS)]
