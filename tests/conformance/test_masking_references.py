"""Masking keeps the tool's own references readable and every identifier hidden.

A vendor finds a failing exchange in the tool's logs by its reference, so a
reference the tool gave in a reference field (or a request-ID header) stays
readable wherever it appears; names, NHS numbers, emails, phones, postcodes,
free text and tokens stay masked, also when a reference is made of them.
"""

from __future__ import annotations

import json
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.conformance.core import Exchange
from gponline_sdk.conformance.masking import MASK, Masker
from gponline_sdk.models.identifiers import nhs_number_check_digit

TOKEN = "tok-SECRET-123456"
NHS = "9434765919"  # valid check digit
REF = "OC-3FA2C1-000123"


def _submission(nhs: str = NHS, name: str = "Zebedee", email: str = "zeb@example.invalid") -> str:
    return json.dumps(
        {
            "practice_code": "A81001",
            "category": "clinical_request",
            "patient": {"given_name": name, "family_name": "Qvxlkj", "nhs_number": nhs},
            "contact": {"email": email, "phone": "07700 900123", "postcode": "LS1 4AP"},
            "description": "My knee hurts (canary-plmoknijbuhv)",
        }
    )


def _submit(masker: Masker, ref: str, request_body: str | None = None) -> Exchange:
    return masker.exchange(
        Exchange(
            method="POST",
            url="http://127.0.0.1:8080/requests",
            request_headers={"Authorization": f"Bearer {TOKEN}"},
            request_body=request_body or _submission(),
            status=201,
            response_body=json.dumps({"reference": ref, "message": "Thank you"}),
        )
    )


def _flat(e: Exchange) -> str:
    return json.dumps(
        [e.url, e.request_headers, e.request_body, e.response_headers, e.response_body, e.error]
    )


def test_a_reference_stays_readable_while_the_identifiers_around_it_are_masked() -> None:
    masker = Masker([TOKEN])
    first = _submit(masker, REF)
    later = masker.exchange(
        Exchange(
            method="GET",
            url=f"http://127.0.0.1:8080/practice/requests/{REF}",
            status=200,
            response_body=_submission().replace("{", f'{{"reference": "{REF}", ', 1),
        )
    )
    for e in (first, later):
        text = _flat(e)
        assert REF in text
        for secret in (TOKEN, NHS, "Zebedee", "Qvxlkj", "zeb@example.invalid", "07700 900123"):
            assert secret not in text, secret
        assert "LS1 4AP" not in text
        assert "canary-plmoknijbuhv" not in text
    assert later.url.endswith(REF)
    assert masker.text(f"the practice cannot see {REF}: 943 476 5919") == (
        f"the practice cannot see {REF}: {MASK}"
    )


def test_phone_shaped_serials_in_references_are_kept_but_the_same_digits_alone_are_not() -> None:
    # Zero-padded serials and UUID tails look like UK phone numbers to the shape rules.
    masker = Masker()
    refs = ["MSG-07700900999", "REQ-0000000042", "a3f2c1d0-1234-4abc-9def-012345678901"]
    for ref in refs:
        assert ref in (_submit(masker, ref).response_body or "")
        assert masker.text(f"GET /messages?thread={ref}") == f"GET /messages?thread={ref}"
    assert masker.text("call 07700900999 or 07700 900999") == f"call {MASK} or {MASK}"
    assert masker.text("MSG-07700900999-2") == f"MSG-{MASK}-2"  # not the reference itself


def test_a_reference_made_of_an_identifier_is_masked() -> None:
    masker = Masker([TOKEN])
    canary_nhs = "999" + "123456"
    canary_nhs += str(nhs_number_check_digit(canary_nhs))
    cases = {
        f"OC-{canary_nhs}": canary_nhs,  # the patient's NHS number
        f"OC-{canary_nhs[:3]}-{canary_nhs[3:6]}-{canary_nhs[6:]}": canary_nhs[6:],  # spaced
        "REF-zebedee-1": "zebedee",  # the patient's name, in another case
        "VC-9434765919": "9434765919",  # any valid NHS number
        f"OC-{TOKEN}": TOKEN,  # the run's token
    }
    for ref, secret in cases.items():
        body = _submission(nhs=canary_nhs)
        shown = _flat(_submit(masker, ref, body)) + masker.text(f"see {ref}")
        assert secret.casefold() not in shown.casefold(), ref
    # A reference used as a credential is masked where it is one.
    _submit(masker, REF)
    assert masker.text(f"https://video.invalid/join?token={REF}") == (
        f"https://video.invalid/join?token={MASK}"
    )
    assert masker.text(f"Authorization: Bearer {REF}") == f"Authorization: Bearer {MASK}"


def test_a_reference_stops_being_shown_once_an_identifier_in_it_is_learned() -> None:
    masker = Masker()
    masker.keep(["OC-Qvxlkj-0001"])
    assert masker.text("OC-Qvxlkj-0001") == "OC-Qvxlkj-0001"
    _submit(masker, "OC-1234-5678")  # learns the family name Qvxlkj
    assert "Qvxlkj" not in masker.text("see OC-Qvxlkj-0001")


def test_request_id_headers_are_kept_and_credentials_are_not() -> None:
    masker = Masker([TOKEN])
    e = masker.exchange(
        Exchange(
            method="GET",
            url=f"http://127.0.0.1/video/sessions/{REF}",
            request_headers={"Authorization": f"Bearer {TOKEN}", "Cookie": "sid=abc"},
            status=200,
            response_headers={
                "X-Request-ID": "req-0a1b2c3d-07700900555",
                "X-Session-Ref": REF,
                "X-Session-Id": "s3ss10n-secret-value",
                "Set-Cookie": "sid=abcdef",
            },
            response_body=json.dumps({"reference": REF, "status": "scheduled"}),
        )
    )
    assert e.response_headers["X-Request-ID"] == "req-0a1b2c3d-07700900555"
    assert e.response_headers["X-Session-Ref"] == REF  # the same reference the body names
    assert e.response_headers["X-Session-Id"] == MASK
    assert e.response_headers["Set-Cookie"] == MASK
    assert e.request_headers == {"Authorization": MASK, "Cookie": MASK}
    assert masker.text("logged as req-0a1b2c3d-07700900555") == "logged as req-0a1b2c3d-07700900555"


def test_a_known_number_is_masked_however_it_is_spaced() -> None:
    masker = Masker()
    _submit(masker, REF, _submission(nhs="9991234567"))
    assert masker.text("999 123 4567 / 999-123-4567 / 9991234567") == f"{MASK} / {MASK} / {MASK}"


def test_phone_mask_keeps_the_space_after_the_number() -> None:
    assert Masker().text("call 07700 900123 today") == f"call {MASK} today"


_HEX = st.text(alphabet="0123456789ABCDEF", min_size=6, max_size=6)
_NAMES = st.text(alphabet=string.ascii_lowercase, min_size=8, max_size=12).map(str.capitalize)


@settings(deadline=None, max_examples=60)
@given(
    prefix=_HEX,
    serial=st.integers(0, 999_999),
    kind=st.sampled_from(["OC", "VC", "MSG", "CD"]),
    name=_NAMES,
    digits=st.text(alphabet=string.digits, min_size=6, max_size=6),
)
def test_any_reference_tool_reference_survives_and_no_identifier_does(
    prefix: str, serial: int, kind: str, name: str, digits: str
) -> None:
    first_nine = "999" + digits
    check = nhs_number_check_digit(first_nine)
    nhs = first_nine + str(check if check is not None else 0)
    ref = f"{kind}-{prefix}-{serial:06d}"
    masker = Masker([TOKEN])
    e = _submit(masker, ref, _submission(nhs=nhs, name=name, email=f"{name.lower()}@x.invalid"))
    shown = _flat(e) + masker.text(f"{ref} sent by {name} ({nhs}) with {TOKEN}")
    assert ref in shown
    for secret in (nhs, name, f"{name.lower()}@x.invalid", TOKEN, "07700 900123"):
        assert secret not in shown


@settings(max_examples=200)
@given(
    values=st.lists(
        st.text(alphabet="abcdefgXYZ -'", min_size=4, max_size=24).filter(str.strip),
        min_size=1,
        max_size=40,
        unique=True,
    ),
    pick=st.integers(min_value=0),
    upper=st.booleans(),
    noise=st.text(alphabet="abc XYZ.,", max_size=30),
)
def test_every_known_value_is_masked_among_many_that_share_their_start(
    values: list[str], pick: int, upper: bool, noise: str
) -> None:
    """Known values are looked for by their first characters (for speed): whatever they share,
    the one in the text is masked, in any case, with the longest value masked whole."""
    from gponline_sdk.conformance.masking import MASK, Masker

    shared = ["Qzkvbrh " + v for v in values] + values  # many values with one start
    masker = Masker(secrets=shared)
    chosen = shared[pick % len(shared)]
    shown = chosen.upper() if upper else chosen
    masked = masker.text(f"{noise}{shown}{noise}")
    assert chosen.lower() not in masked.lower()
    assert MASK in masked
