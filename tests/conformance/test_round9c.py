"""Round 9 (part C): record IDs as name-based UUIDs or hashes of a framed reference; roles."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid

import pytest

from gponline_sdk.conformance.checks.usage.pseudonyms import GUESSABLE_KEYS, Detector, framed_texts
from gponline_sdk.models import PatientDetails, Requester, RequesterRole
from gponline_sdk.reference.tool.faults import round9_c

_REFS = [f"VC-{secrets.token_hex(4).upper()}-{n:04d}" for n in range(1, 5)]
_CONTEXTS = {
    "SUP-4711": "the public supplier ID",
    "Y12345": "the practice code",
    "oc_record": "the data type 'oc_record'",
    "vc_record": "the data type 'vc_record'",
}


def _detector() -> Detector:
    return Detector(_REFS, None, GUESSABLE_KEYS, _CONTEXTS)


@pytest.mark.parametrize(
    "namespace", [uuid.NAMESPACE_OID, uuid.NAMESPACE_X500, uuid.NAMESPACE_DNS, uuid.UUID(int=0)]
)
@pytest.mark.parametrize("make", [uuid.uuid3, uuid.uuid5])
def test_name_based_uuids_are_found_as_hex_and_hyphenated(
    namespace: uuid.UUID, make: object
) -> None:
    assert callable(make)
    made = make(namespace, _REFS[1])
    detector = _detector()
    for record_id in (made.hex, str(made), f"vc_{made.hex}", str(made).upper()):
        how = detector.derivation(record_id)
        assert "name-based" in (how or ""), record_id


@pytest.mark.parametrize(
    ("message", "key", "algo", "cut"),
    [
        ("Y12345/{r}", b"secret", "sha256", 24),  # a separator the list lacks: not framed
        ("vc_record-SUP-4711-{r}", b"", "md5", 32),
        ("{r} Y12345 oc_record", b"key", "sha1", 40),
        ("SUP-4711{r}", b"", "sha256", 16),
    ],
)
def test_framed_references_hashed_under_guessable_keys(
    message: str, key: bytes, algo: str, cut: int
) -> None:
    digest = hmac.new(key, message.format(r=_REFS[2]).encode(), algo).hexdigest()[:cut]
    how = _detector().derivation(digest)
    if "/" in message:
        assert how is None  # the suite only knows the usual separators
    else:
        assert "keyed with" in (how or "")


def test_unkeyed_hash_of_a_framed_reference_is_found() -> None:
    digest = hashlib.sha3_256(f"oc_record:{_REFS[0]}".encode()).hexdigest()
    assert "unkeyed sha3_256" in (_detector().derivation(digest) or "")


def test_truly_keyed_or_random_ids_are_not_found() -> None:
    detector = _detector()
    key = secrets.token_bytes(32)
    for ref in _REFS:
        framed = f"SUP-4711|oc_record|{ref}".encode()
        assert detector.derivation(hmac.new(key, framed, hashlib.sha256).hexdigest()[:32]) is None
        assert detector.derivation(uuid.uuid4().hex) is None
        assert detector.derivation(str(uuid.uuid4())) is None


def test_framed_texts_cover_pairs_in_both_orders_and_both_ends() -> None:
    texts = framed_texts("R1", {"A": "a", "B": "b"})
    for text in ("A|B|R1", "B:A:R1", "R1-A-B", "R1 B", "AR1", "A_R1", "R1,B,A"):
        assert text in texts, text
    assert "A|B:R1" not in texts  # one separator throughout


def test_fault_ids_are_found_and_differ_from_the_clean_tool() -> None:
    detector = Detector(_REFS, None, GUESSABLE_KEYS, _CONTEXTS)
    assert round9_c.record_id(None, _REFS[0], "SUP-4711") is None
    for fault in ("usage-ids-uuid3-dns-reference", "usage-ids-framed-empty-key-sha1"):
        rid = round9_c.record_id(fault, _REFS[0], "SUP-4711")
        assert rid is not None, fault
        assert detector.derivation(rid) is not None, fault


def test_surname_fault_takes_only_proxies_with_the_patient_family_name() -> None:
    patient = PatientDetails.__new__(PatientDetails)
    object.__setattr__(patient, "family_name", "Ó Briain")
    proxy = RequesterRole.PROXY
    fault = "usage-proxy-surname-as-patient"
    same = Requester(role=proxy, proxy_name="Aoife Ó BRIAIN", relationship="mother")
    other = Requester(role=proxy, proxy_name="Aoife Byrne", relationship="mother")
    assert round9_c.usage_role(fault, same, patient, proxy) is RequesterRole.PATIENT
    assert round9_c.usage_role(fault, other, patient, proxy) is proxy
    assert round9_c.usage_role(None, same, patient, proxy) is proxy


def test_contact_fault_nulls_only_a_proxy_with_the_patient_full_name() -> None:
    patient = PatientDetails.__new__(PatientDetails)
    object.__setattr__(patient, "given_name", "Seán")
    object.__setattr__(patient, "family_name", "Ó Briain")
    proxy = RequesterRole.PROXY
    fault = "contact-proxy-full-name-as-patient"
    same = Requester(role=proxy, proxy_name="SEÁN Ó BRIAIN", relationship="son")
    surname = Requester(role=proxy, proxy_name="Aoife Ó Briain", relationship="mother")
    assert round9_c.contact_requester(fault, same, patient) is None
    assert round9_c.contact_requester(fault, surname, patient) is surname
    assert round9_c.contact_requester(None, same, patient) is same
