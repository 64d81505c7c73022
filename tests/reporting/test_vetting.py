"""Free text, supplier IDs and keys: vetted before anything leaves the SDK."""

from __future__ import annotations

import random
import secrets
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gponline_sdk.errors import ConfigError, PrivacyError, ValidationError
from gponline_sdk.models import Incident, IncidentImpact, PracticeStatus, Product
from gponline_sdk.models.identifiers import SupplierId
from gponline_sdk.reporting.anonymise import Anonymiser, PseudonymKey, key_weakness
from gponline_sdk.reporting.events import PracticeInstallation
from gponline_sdk.reporting.scanner import Finding, IdentifierKind, scan_record
from gponline_sdk.reporting.vetting import ProductCatalogue, product_name_problem

KEY = secrets.token_bytes(32)


def _installation(product_name: str) -> PracticeInstallation:
    return PracticeInstallation(
        practice_code="A81001",
        product=Product.ONLINE_CONSULTATION,
        product_name=product_name,
        installation_date=date(2021, 10, 1),
        status=PracticeStatus.LIVE,
    )


@pytest.mark.parametrize(
    "name", ["Acme Consult", "Acme Consult 2", "E-Consult+", "askmyGP", "Acme OC v4.2", "Dr iQ"]
)
def test_product_names_that_pass_the_pattern(name: str) -> None:
    assert product_name_problem(name) is None
    assert Anonymiser(KEY, "ACME-OC").practice(_installation(name)).product_name == name


@pytest.mark.parametrize(
    "typed",
    [
        "Jo Bloggs 12.03.1957",
        "Jo Bloggs 12/03/57",
        "Jo Bloggs 1957-03-12",
        "Jo Bloggs 12 March 1957",
        "Jo Bloggs born 1957",
        "Mr Bloggs",
        "Jo Bloggs 12031957",
        "jo@example.org",
        "Acme 943 476 5919",
        "A" * 61,
        "Acme, for Jo",
    ],
)
def test_product_names_that_could_hold_a_patient_are_refused_unshown(typed: str) -> None:
    with pytest.raises(PrivacyError) as caught:
        Anonymiser(KEY, "ACME-OC").practice(_installation(typed))
    message = str(caught.value)
    assert "product_name" in message
    assert "A81001" in message
    assert "withheld" in message
    for word in typed.split():
        if len(word) > 3:
            assert word not in message


def test_a_declared_catalogue_refuses_anything_else() -> None:
    products = ProductCatalogue(["Acme Consult"], source="test")
    anon = Anonymiser(KEY, "ACME-OC", products=products)
    assert anon.practice(_installation("Acme Consult")).product_name == "Acme Consult"
    with pytest.raises(PrivacyError, match="not one of the 1 product name"):
        anon.practice(_installation("Jo Bloggs"))


def test_declared_names_are_held_to_the_pattern(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="product name 2") as caught:
        ProductCatalogue(["Acme", "Jo 12/03/1957"], source="test")
    assert "1957" not in str(caught.value)
    listed = tmp_path / "products.txt"
    listed.write_text("Acme\n\n# note\nMrs Bloggs\n")
    with pytest.raises(ConfigError, match="line 4") as caught:
        ProductCatalogue.from_file(listed)
    assert "Bloggs" not in str(caught.value)


WHEN = datetime(2026, 11, 16, 9, 30, tzinfo=timezone.utc)


def _incident(summary: str) -> Incident:
    return Incident(
        incident_id="c" * 32,
        product=Product.ONLINE_CONSULTATION,
        started_at=WHEN,
        impact=IncidentImpact.DEGRADED,
        summary=summary,
    )


@pytest.mark.parametrize(
    ("summary", "kinds"),
    [
        ("Outage on 16/11/2026 from 09:00 to 11:30, 1200 practices", []),
        ("Degraded since 2025-12-01 for version 3.10.12", []),
        ("Reported by Dr Patel's practice", []),
        ("Patient born 12/03/1957 could not log in", ["DATE_OF_BIRTH", "PERSON"]),
        ("Mrs Jones could not upload a photo", ["PERSON"]),
        ("DOB field rejected input", ["PERSON"]),
        ("seen 3 March 1957", ["DATE_OF_BIRTH"]),
    ],
)
def test_incident_summaries_are_read_for_dates_of_birth_and_names(
    summary: str, kinds: list[str]
) -> None:
    found = scan_record(_incident(summary))
    assert found == [Finding(path="summary", kind=IdentifierKind[k]) for k in kinds]


@pytest.mark.parametrize("value", ["9434765919", "943-476-5919", "07700900123", "0044770090012"])
def test_supplier_ids_shaped_like_patient_identifiers_are_refused_unshown(value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        SupplierId(value)
    assert value not in str(caught.value)
    assert "looks like" in str(caught.value)


@pytest.mark.parametrize("value", ["ACME-OC", "SUPPLIER-2026", "X1234"])
def test_ordinary_supplier_ids_pass(value: str) -> None:
    assert SupplierId(value) == value


@pytest.mark.parametrize(
    "weak",
    [
        bytes(32),
        b"\xff" * 40,
        b"ab" * 16,
        b"\x01\x02\x03\x04" * 8,
        bytes(range(32)),
        bytes(range(0, 64, 2)),
        bytes(i % 12 for i in range(32)) + bytes(range(12, 16)),
        bytes(31),
    ],
)
def test_weak_keys_are_refused_with_advice(weak: bytes) -> None:
    assert key_weakness(weak) is not None
    with pytest.raises(ConfigError, match="gponline report keygen") as caught:
        PseudonymKey(weak)
    assert weak.hex() not in str(caught.value)


@given(st.integers(0, 2**64))
def test_random_keys_are_accepted(seed: int) -> None:
    # Seeded, not drawn by hypothesis: its byte strings favour zeros, which
    # are exactly the weak keys; a key maker's output is uniformly random.
    key = random.Random(seed).randbytes(32)
    assert key_weakness(key) is None
    PseudonymKey(key)
