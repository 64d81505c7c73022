"""The request checks' test data covers what real patients and tools do (round 2 gaps).

Every family name carries capitals a re-casing tool changes; patients take every
age from a baby born this year to over 100; the access check's description holds
CRLF, a lone CR, decomposed accents and is the contract's maximum length in
characters; the contact holds an address, a postcode as typed and a preference.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.conformance.checks import _canary_values as values
from gponline_sdk.conformance.checks.requests.content import _MAX_DESCRIPTION, _as_typed
from gponline_sdk.conformance.contract import openapi_document
from gponline_sdk.models import ContactDetails
from gponline_sdk.serde import from_json, to_json


@settings(deadline=None, max_examples=200)
@given(st.integers(min_value=0, max_value=2**32))
def test_every_family_name_changes_when_title_cased(seed: int) -> None:
    rng = random.Random(seed)
    family, unique = values.family_name(rng, need_beyond_latin1=rng.random() < 0.5)
    assert unique in family
    assert family.title() != family


@settings(deadline=None, max_examples=200)
@given(
    st.integers(min_value=0, max_value=2**32),
    st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)),
)
def test_dates_of_birth_span_every_age(seed: int, on: date) -> None:
    rng = random.Random(seed)
    baby = values.date_of_birth(rng, on, 0)
    assert baby < on
    assert baby.year == on.year or (on.month, on.day) == (1, 1)
    assert (on - baby).days < 365 * 5
    eldest = values.date_of_birth(rng, on, 1)
    assert on.year - eldest.year >= 100
    for turn in range(2, 6):
        assert date(on.year - 107, 1, 1) < values.date_of_birth(rng, on, turn) < on


def test_access_description_is_the_maximum_length_with_line_ends_and_nfd() -> None:
    text = _as_typed("Conformance suite request (canary-x).\nLine two")
    assert len(text) == _MAX_DESCRIPTION
    assert len(text.encode("utf-8")) > _MAX_DESCRIPTION  # a byte-counting tool refuses it
    assert "\r\n" in text
    assert "\r" in text.replace("\r\n", "")
    assert unicodedata.normalize("NFC", text) != text
    # The contract's own schema takes it: a tool may not refuse it.
    schema = openapi_document()["components"]["schemas"]["RequestSubmission"]
    assert schema["properties"]["description"]["maxLength"] == _MAX_DESCRIPTION


@settings(deadline=None, max_examples=50)
@given(st.integers(min_value=0, max_value=2**32))
def test_mixed_case_emails_and_unspaced_postcodes_are_valid(seed: int) -> None:
    rng = random.Random(seed)
    email = values.email_address(rng, rng.choice((0, 1, 2, None)))
    assert email.split("@")[0] != email.split("@")[0].lower()
    for postcode in ("LS14AP", "M11AE", "SW1A 1AA"):
        contact = ContactDetails(email=email, postcode=postcode)
        assert from_json(to_json(contact), ContactDetails) == contact
