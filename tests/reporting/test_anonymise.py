"""Anonymising events: nothing identifying crosses over; pseudonyms are stable and keyed."""

from __future__ import annotations

import hashlib
import hmac
import logging
import pickle
import secrets
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from _event_strategies import installations, oc_events, vc_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gponline_sdk.errors import ConfigError
from gponline_sdk.models import (
    DataType,
    OcPractice,
    PracticeStatus,
    Product,
    RequestCategory,
    RequesterRole,
    RequestType,
    VcPractice,
    VideoSessionStatus,
)
from gponline_sdk.reporting.anonymise import KEY_ENV_VAR, Anonymiser, PseudonymKey
from gponline_sdk.reporting.events import OcEvent, PracticeInstallation, VcEvent
from gponline_sdk.reporting.scanner import scan_record
from gponline_sdk.serde import to_json, unstructure

KEY = bytes.fromhex(
    "8bb52ec41149bcb53ed80ebdc36bd03b51cff316d1be78382d7ef9dcbe9fa308"
)  # a fixed random key: a weak one is refused
WHEN = datetime(2026, 11, 16, 19, 5, tzinfo=timezone.utc)


def _oc(**changes: object) -> OcEvent:
    values: dict[str, object] = {
        "event_id": "REQ-1",
        "practice_code": "A81001",
        "submitted_at": WHEN,
        "category": RequestCategory.FOLLOW_UP,
        "requester_role": RequesterRole.PROXY,
        "nhs_number": "9990000018",
        "patient_name": "Jo Bloggs",
        "description": "private words",
        "contact_email": "jo@example.org",
        "contact_phone": "07700 900123",
        "attachment_count": 2,
    }
    values.update(changes)
    return OcEvent(**values)  # type: ignore[arg-type]


def _outputs(record: object) -> str:
    return "\n".join([to_json(record).decode(), str(unstructure(record)), repr(record)])


def test_oc_record_keeps_only_what_the_national_type_has() -> None:
    record = Anonymiser(KEY, "ACME-OC").oc_record(_oc())
    assert record.practice_code == "A81001"
    assert record.submitted_at == WHEN
    assert record.category is RequestCategory.FOLLOW_UP
    assert record.request_type is RequestType.OTHER
    assert record.requester_role is RequesterRole.PROXY
    assert record.has_attachments is True
    text = _outputs(record)
    for leaked in ("9990000018", "Bloggs", "private", "@", "900123", "REQ-1"):
        assert leaked not in text


def test_coded_request_type_wins() -> None:
    event = _oc(coded_request_type=RequestType.ADMINISTRATIVE)
    assert Anonymiser(KEY, "ACME-OC").oc_record(event).request_type is RequestType.ADMINISTRATIVE


def test_pseudonym_is_the_documented_truncated_hmac() -> None:
    anon = Anonymiser(KEY, "ACME-OC")
    expected = hmac.new(KEY, b"ACME-OC|oc_record|REQ-1", hashlib.sha256).hexdigest()[:32]
    assert anon.oc_record(_oc()).record_id == expected


def test_pseudonym_is_stable_and_depends_on_key_supplier_and_data_type() -> None:
    anon = Anonymiser(KEY, "ACME-OC")
    first = anon.pseudonym(DataType.OC_RECORD, "REQ-1")
    assert Anonymiser(PseudonymKey(KEY), "ACME-OC").pseudonym(DataType.OC_RECORD, "REQ-1") == first
    others = {
        Anonymiser(bytes(reversed(KEY)), "ACME-OC").pseudonym(DataType.OC_RECORD, "REQ-1"),
        Anonymiser(KEY, "OTHER").pseudonym(DataType.OC_RECORD, "REQ-1"),
        anon.pseudonym(DataType.VC_RECORD, "REQ-1"),
        anon.pseudonym(DataType.OC_RECORD, "REQ-2"),
    }
    assert first not in others
    assert len(others) == 4


def test_vc_record_and_practice_rows() -> None:
    anon = Anonymiser(KEY, "ACME-OC")
    vc = VcEvent(
        session_id="VID-1",
        practice_code="A81001",
        scheduled_start=WHEN,
        status=VideoSessionStatus.COMPLETED,
        duration_minutes=12,
        nhs_number="9990000018",
        patient_name="Jo Bloggs",
    )
    record = anon.vc_record(vc)
    assert (record.status, record.duration_minutes) == (VideoSessionStatus.COMPLETED, 12)
    assert record.record_id == anon.pseudonym(DataType.VC_RECORD, "VID-1")
    assert "Bloggs" not in _outputs(record)
    assert "9990000018" not in _outputs(record)

    common = {
        "practice_code": "A81001",
        "product_name": "Acme",
        "installation_date": date(2021, 10, 1),
        "status": PracticeStatus.LIVE,
    }
    oc_row = PracticeInstallation(
        product=Product.ONLINE_CONSULTATION,
        photo_upload_enabled=True,
        **common,  # type: ignore[arg-type]
    )
    vc_row = PracticeInstallation(product=Product.VIDEO_CONSULTATION, **common)  # type: ignore[arg-type]
    assert anon.practice(oc_row) == OcPractice(photo_upload_enabled=True, **common)  # type: ignore[arg-type]
    assert anon.practice(vc_row) == VcPractice(**common)  # type: ignore[arg-type]
    assert list(anon.practices([oc_row, vc_row], Product.VIDEO_CONSULTATION)) == [
        VcPractice(**common)  # type: ignore[arg-type]
    ]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(oc_events, min_size=1, max_size=10), st.lists(vc_events, max_size=5))
def test_no_identifier_reaches_the_output(oc: list[OcEvent], vc: list[VcEvent]) -> None:
    anon = Anonymiser(KEY, "ACME-OC")
    records = [*anon.oc_records(oc), *anon.vc_records(vc)]
    text = "\n".join(_outputs(r) for r in records)
    assert "@" not in text
    for event in [*oc, *vc]:
        secrets_of_event: list[str] = []
        if event.nhs_number is not None:
            secrets_of_event += [str(event.nhs_number), event.nhs_number.formatted()]
        if event.patient_name is not None:
            secrets_of_event += event.patient_name.split()
        if isinstance(event, OcEvent):
            secrets_of_event += [event.event_id, event.description[:12]]
            if event.contact_phone is not None:
                secrets_of_event += [event.contact_phone, event.contact_phone.replace(" ", "")]
        else:
            secrets_of_event.append(event.session_id)
        for secret in secrets_of_event:
            assert secret not in text
    # The second line of defence agrees: nothing identifier-shaped in any record.
    assert [f for r in records for f in scan_record(r)] == []


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(installations(), max_size=5))
def test_practice_rows_pass_the_scanner(rows: list[PracticeInstallation]) -> None:
    anon = Anonymiser(KEY, "ACME-OC")
    assert all(scan_record(anon.practice(r)) == [] for r in rows)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sets(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}", fullmatch=True), max_size=50))
def test_pseudonyms_are_distinct_for_distinct_events(event_ids: set[str]) -> None:
    anon = Anonymiser(KEY, "ACME-OC")
    ids = {anon.pseudonym(DataType.OC_RECORD, e) for e in event_ids}
    assert len(ids) == len(event_ids)
    assert all(len(i) == 32 and int(i, 16) >= 0 and i == i.lower() for i in ids)


# --- the key -------------------------------------------------------------------------------


def test_short_key_is_refused() -> None:
    with pytest.raises(ConfigError, match="at least 32 bytes"):
        Anonymiser(bytes(31), "ACME-OC")
    with pytest.raises(ConfigError, match="expected bytes"):
        PseudonymKey("x" * 64)  # type: ignore[arg-type]


def test_key_never_shows() -> None:
    key = secrets.token_bytes(32)
    anon = Anonymiser(key, "ACME-OC")
    for text in (repr(anon), str(anon), repr(PseudonymKey(key)), str(PseudonymKey(key))):
        assert key.hex() not in text
        assert "***" in text
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(PseudonymKey(key))


def test_key_from_env() -> None:
    key = secrets.token_bytes(32)
    anon = Anonymiser.from_env("ACME-OC", {KEY_ENV_VAR: key.hex()})
    assert anon.pseudonym(DataType.OC_RECORD, "R") == Anonymiser(key, "ACME-OC").pseudonym(
        DataType.OC_RECORD, "R"
    )
    with pytest.raises(ConfigError, match=f"{KEY_ENV_VAR} is not set"):
        Anonymiser.from_env("ACME-OC", {})
    with pytest.raises(ConfigError, match="not hexadecimal") as caught:
        Anonymiser.from_env("ACME-OC", {KEY_ENV_VAR: "zz" + key.hex()})
    assert key.hex() not in str(caught.value)
    with pytest.raises(ConfigError, match=r"got 16 bytes \(from environment variable"):
        Anonymiser.from_env("ACME-OC", {KEY_ENV_VAR: key.hex()[:32]})


def test_key_from_file(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    key = secrets.token_bytes(48)
    path = tmp_path / "pseudonym.key"
    path.write_text(key.hex() + "\n", encoding="ascii")
    path.chmod(0o600)
    with caplog.at_level(logging.WARNING):
        anon = Anonymiser.from_key_file(path, "ACME-OC")
    assert caplog.records == []
    assert anon.pseudonym(DataType.OC_RECORD, "R") == Anonymiser(key, "ACME-OC").pseudonym(
        DataType.OC_RECORD, "R"
    )
    path.chmod(0o644)
    with caplog.at_level(logging.WARNING):
        PseudonymKey.from_file(path)
    assert "readable by others" in caplog.text
    assert key.hex() not in caplog.text
    with pytest.raises(ConfigError, match="cannot read it"):
        PseudonymKey.from_file(tmp_path / "missing.key")
