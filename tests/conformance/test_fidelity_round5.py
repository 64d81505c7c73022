"""Rare forms and per-request state (issue 8, round 5): valid bodies, and faults caught.

Every body `requests.rare-forms-as-sent` and `requests.photos-every-category`
send must be valid under the contract (a check must never fail a tool for
refusing what the contract forbids); the clean reference tool passes both; each
fault mode of the class (a transformation that bites only some inputs, state
carried from a patient's earlier request) fails the check it breaks.
"""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.conformance import checks  # noqa: F401 - registers the checks
from gponline_sdk.conformance.catalogue import load_catalogue
from gponline_sdk.conformance.checks import _canary_values as values
from gponline_sdk.conformance.checks import _fidelity as corpus
from gponline_sdk.conformance.checks.requests import rare as requests_rare
from gponline_sdk.conformance.contract import openapi_document
from gponline_sdk.conformance.core import CHECKS, Status
from gponline_sdk.conformance.runner import run_checks
from gponline_sdk.conformance.target import InProcessTarget
from gponline_sdk.reference.tool import ReferenceTool

_DOC = openapi_document()
_REQUEST = jsonschema.Draft202012Validator(
    {"$ref": "#/components/schemas/RequestSubmission", "components": _DOC["components"]}
)
_RARE = "requests.rare-forms-as-sent"
_PHOTOS = "requests.photos-every-category"


class _Canaries:
    """The parts of `Canaries` the body builders use, without a tool to ask."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.environment = SimpleNamespace(practice_code="A81001")
        self.issued: list[str] = []

    def word(self, length: int = 10) -> str:
        return values.word(self.rng, length)

    def issue(self, *issued: str) -> None:
        self.issued += issued


def _bodies(seed: int) -> list[dict[str, Any]]:
    canaries: Any = _Canaries(seed)
    patient = requests_rare._patient(canaries)
    return [
        requests_rare._body(canaries, patient, n, "OC-1" if n else None)
        for n in range(len(requests_rare._ORDER))
    ]


@pytest.mark.parametrize("seed", [0, 7, 20_270_329])
def test_every_rare_forms_body_meets_the_contract(seed: int) -> None:
    for body in _bodies(seed):
        errors = [e.message for e in _REQUEST.iter_errors(body)]
        assert errors == [], body["category"]


def test_every_rare_piece_reaches_every_free_text_field_and_the_patient_varies_nothing_else() -> (
    None
):
    bodies = _bodies(1)
    descriptions = " ".join(b["description"] for b in bodies)
    assert all(text in descriptions for _, text in corpus.RARE_PIECES)
    proxies = [b["requester"] for b in bodies if b["requester"]["role"] == "proxy"]
    assert len({p["proxy_name"] for p in proxies}) == len(proxies) >= 2
    assert len({p["relationship"] for p in proxies}) == len(proxies)
    contacts = [tuple(sorted(b["contact"].items(), key=str)) for b in bodies]
    assert len(set(map(str, contacts))) == len(contacts)
    assert len({str(b["patient"]) for b in bodies}) == 1
    assert {b["category"] for b in bodies} == {c.value for c in requests_rare._ORDER}


@settings(deadline=None, max_examples=50)
@given(length=st.integers(min_value=10, max_value=400), turn=st.integers(0, 100))
def test_rare_text_fits_its_length_and_starts_with_its_unique_part(length: int, turn: int) -> None:
    text = corpus.rare_text("Qzkvbrhmxa", length, turn)
    assert text.startswith("Qzkvbrhmxa")
    assert len(text) <= length


def _failing(fault: str | None) -> dict[str, str]:
    result = run_checks(
        [CHECKS[_RARE], CHECKS[_PHOTOS]],
        target=InProcessTarget(ReferenceTool(fault)),
        catalogue=load_catalogue(),
        target_description="reference tool in process",
        seed=7,
    )
    return {r.check_id: r.message or "" for r in result.results if r.status is not Status.PASS}


def test_the_clean_reference_tool_passes_both_checks() -> None:
    assert _failing(None) == {}


@pytest.mark.parametrize(
    ("fault", "check_id", "field"),
    [
        ("line-separators-to-newline", _RARE, "description"),
        ("http-links-to-https", _RARE, "description"),
        ("skin-tones-stripped", _RARE, "description"),
        ("proxy-from-first-request", _RARE, "requester.proxy_name"),
        ("contact-from-first-request", _RARE, "contact."),
        ("zero-byte-attachment-retyped", _PHOTOS, "attachments[0]"),
        ("photos-with-symptoms-only", _PHOTOS, "$.attachments"),
    ],
)
def test_each_fault_of_the_class_fails_its_check_naming_the_field(
    fault: str, check_id: str, field: str
) -> None:
    failing = _failing(fault)
    assert list(failing) == [check_id]
    assert field in failing[check_id]
    # No value sent is echoed: the message names fields and characters, not the canaries.
    assert "canary-" not in failing[check_id]
