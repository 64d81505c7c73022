"""Canaries vary as real patients' details do, stay valid under the contract, and stay masked.

The suite's patients are called Łukasz or Nguyễn, type their NHS number with
spaces, their phone as +44 and their email with a `+tag`, and write text with
emoji and line breaks; every such value is still one the contract allows, the
practice's view is compared as the models read it, and evidence masks them all.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

import attrs
import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.conformance.checks._support import Canaries, differences
from gponline_sdk.conformance.contract import RequestSubmission, openapi_document
from gponline_sdk.conformance.core import Exchange
from gponline_sdk.conformance.masking import Masker
from gponline_sdk.conformance.target import InProcessTarget
from gponline_sdk.models import NhsNumber, RequestCategory
from gponline_sdk.reference.tool import ReferenceTool
from gponline_sdk.serde import from_json, to_json

_TOOL = ReferenceTool()


@attrs.define
class _Ctx:
    """Just enough of a check context to make canaries; registered values go to a masker."""

    seed: int = 7
    masker: Masker = attrs.field(factory=Masker)
    target: Any = attrs.field(factory=lambda: InProcessTarget(_TOOL))

    def sensitive(self, *values: str) -> None:
        """Mask these values in evidence, as the runner's context does."""
        self.masker.add(values)


def _canaries(seed: int = 7, *, every_form: bool = True) -> tuple[Canaries, _Ctx]:
    ctx = _Ctx(seed=seed)
    return Canaries(ctx, "test", every_form=every_form), ctx  # type: ignore[arg-type]


def _validator() -> jsonschema.Draft202012Validator:
    document = openapi_document()
    root = {
        "$ref": "#/components/schemas/RequestSubmission",
        "components": document["components"],
    }
    return jsonschema.Draft202012Validator(root)


_VALID = _validator()


@settings(deadline=None, max_examples=30)
@given(seed=st.integers(0, 2**32), every_form=st.booleans())
def test_every_canary_request_is_valid_under_the_contract(seed: int, every_form: bool) -> None:
    canaries, _ = _canaries(seed, every_form=every_form)
    patient = canaries.patient()
    for i, category in enumerate(c for c in RequestCategory if c is not RequestCategory.FOLLOW_UP):
        sub = canaries.submission(
            category, patient=patient if i % 2 else None, full_contact=i == 1, phone=i == 2
        )
        body = to_json(sub)
        errors = [e.message for e in _VALID.iter_errors(json.loads(body))]
        assert errors == []
        read = from_json(body, RequestSubmission)
        # The models read an NHS number in any contract layout as its ten digits.
        assert read.patient.nhs_number == NhsNumber(str(sub.patient.nhs_number))
        assert read.description == sub.description
        assert read.contact == sub.contact


def test_names_and_text_go_beyond_ascii_and_latin1_and_stay_unique() -> None:
    canaries, _ = _canaries(every_form=False)
    patients = [canaries.patient() for _ in range(40)]
    for p in patients:
        assert not p.given_name.isascii()
        assert any(ord(c) > 0xFF for c in p.given_name + p.family_name)
    assert len({(p.given_name, p.family_name) for p in patients}) == len(patients)
    assert any("'" in p.family_name or "-" in p.family_name for p in patients)
    text = canaries.text("A request")
    assert "\n" in text
    assert any(ord(c) > 0xFF for c in text)
    assert re.search(r"pain|fever|rash|bleed|breath|cough|urgent|111|999", text, re.I) is None


def test_every_form_starts_with_the_layouts_tools_refuse_and_rotates_through_all() -> None:
    canaries, _ = _canaries()
    firsts = canaries.patient(), canaries.contact(full=True)
    assert not str(firsts[0].nhs_number).isdigit()  # spaced or hyphenated
    assert (firsts[1].phone or "").startswith("+44")
    assert "+" in (firsts[1].email or "")
    numbers = [str(canaries.patient().nhs_number) for _ in range(6)]
    phones = [canaries.contact(phone=True).phone or "" for _ in range(8)]
    assert any(" " in n for n in numbers)
    assert any("-" in n for n in numbers)
    assert any(n.isdigit() for n in numbers)
    assert any(p.startswith("07") for p in phones)
    assert any(p.startswith("+44") and " " not in p for p in phones)


def test_other_checks_get_the_common_layouts() -> None:
    canaries, _ = _canaries(every_form=False)
    for _ in range(5):
        assert str(canaries.patient().nhs_number).isdigit()
        contact = canaries.contact(full=True)
        # A mobile, or (every third household, round 14) a Leeds landline.
        assert (contact.phone or "").startswith(("07700 9", "0113 496 0"))
        assert "+" not in (contact.email or "")


def test_the_practice_view_is_compared_as_the_models_read_it() -> None:
    canaries, _ = _canaries()
    sent = canaries.patient()
    assert " " in str(sent.nhs_number) or "-" in str(sent.nhs_number)
    read_back = from_json(to_json(sent), type(sent))  # a tool may keep the digits
    assert differences(read_back, sent) == []
    folded = unicodedata.normalize("NFKD", sent.given_name).encode("ascii", "ignore").decode()
    assert differences(attrs.evolve(read_back, given_name=folded), sent) == ["given_name"]


def test_a_leak_scan_finds_a_name_folded_to_ascii_or_json_escaped() -> None:
    canaries, _ = _canaries()
    p = canaries.patient()
    name = f"{p.given_name} {p.family_name}"
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    for leaked in (folded, json.dumps(name), name.upper()):
        assert any(v.casefold() in leaked.casefold() for v in canaries.issued)


def test_a_non_ascii_name_and_a_plus44_phone_are_masked_in_evidence() -> None:
    canaries, ctx = _canaries()
    sub = canaries.submission(RequestCategory.ASK_QUESTION, full_contact=True)
    p, phone = sub.patient, sub.contact.phone or ""
    assert phone.startswith("+44")
    assert not p.given_name.isascii()
    national = "0" + re.sub(r"\D", "", phone)[2:]
    message = (
        f"Thank you {p.given_name} {p.family_name.upper()} ({sub.patient.nhs_number}); "
        f"we will call {phone} or {national}."
    )
    exchange = ctx.masker.exchange(
        Exchange(
            method="POST",
            url="http://127.0.0.1:8080/requests",
            request_body=to_json(sub).decode(),
            status=201,
            response_body=json.dumps({"reference": "OC-1A2B3C-000001", "message": message}),
            error=message,
        )
    )
    shown = json.dumps(attrs.asdict(exchange), ensure_ascii=False)
    digits = re.sub(r"\D", "", shown)
    for value in (p.given_name, p.family_name, *p.given_name.split(), *p.family_name.split()):
        if len(value) > 3:
            assert value.casefold() not in shown.casefold()
    assert str(NhsNumber(str(p.nhs_number))) not in digits
    assert re.sub(r"\D", "", phone) not in digits
    assert national not in digits
    assert "OC-1A2B3C-000001" in shown  # the tool's reference stays readable
