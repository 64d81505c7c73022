"""The requirement catalogue: shipped data is well formed, traceable and fully covered."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import gponline_sdk.conformance.checks  # noqa: F401 - registers every check
from gponline_sdk.conformance.catalogue import (
    REQUIREMENT_ID,
    conformance_data_dir,
    load_catalogue,
    parse_catalogue,
)
from gponline_sdk.conformance.core import CHECKS, Check, Level, Verification
from gponline_sdk.conformance.coverage import compute_coverage, render_coverage
from gponline_sdk.errors import ConformanceError, InputFileError
from gponline_sdk.models import RequestCategory

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "conformance" / "catalogue.json").read_text())
    return data


def test_data_dir_is_found_in_a_checkout() -> None:
    assert conformance_data_dir() == ROOT / "conformance"


def test_every_id_is_unique_and_well_formed(raw: dict[str, Any]) -> None:
    ids = [r["id"] for r in raw["requirements"]]
    assert len(ids) == len(set(ids))
    assert all(REQUIREMENT_ID.fullmatch(i) for i in ids), ids
    assert load_catalogue().ids() == tuple(ids)


def test_every_named_source_is_cited(raw: dict[str, Any]) -> None:
    cited = {s for r in raw["requirements"] for s in r["sources"]}
    assert set(raw["sources"]) == cited
    # The instruments and documents, each traceable to at least one requirement.
    for needle in (
        "SI 2021/995",
        "64ZC",
        "64ZD",
        "71ZE",
        "October 2021",
        "SI 2025/727",
        "October 2025",
        "2026/27",
        "E00001",
        "E00584",
        "E00585",
        "E00039",
        "E00617",
    ):
        assert any(needle in raw["sources"][s] for s in cited), needle
    assert any("OCVCR1" in raw["sources"][s] for s in cited)
    assert any("OCVCR2" in raw["sources"][s] for s in cited)


def test_one_requirement_per_contract_category() -> None:
    cat = load_catalogue()
    category_reqs = [r for r in cat if r.id.startswith("OC-CAT-")]
    assert len(category_reqs) == len(RequestCategory)


def test_category_levels_follow_regulation_or_guidance() -> None:
    """Advice, clinical and administrative requests are in PMS paragraph 64ZD: MUST.
    Symptoms, a question and a follow-up come from NHS England's guidance alone: SHOULD."""
    cat = load_catalogue()
    for rid in ("OC-CAT-01", "OC-CAT-05", "OC-CAT-06"):
        assert cat[rid].level is Level.MUST, rid
        assert any("64ZD" in provision for _, provision in cat[rid].citations), rid
    for rid in ("OC-CAT-02", "OC-CAT-03", "OC-CAT-04"):
        assert cat[rid].level is Level.SHOULD, rid
        assert next(key for key, _ in cat[rid].citations) == "nhse-guidance-2021", rid
        assert "not from the regulation" in (cat[rid].rationale or ""), rid


def test_every_requirement_cites_a_provision_of_each_source() -> None:
    cat = load_catalogue()
    for req in cat:
        keys = [key for key, _ in req.citations]
        assert keys == req.source.split("; "), req.id
        assert all(len(provision) > 8 for _, provision in req.citations), req.id
    # No requirement rests on the old catch-all "2021 contract change".
    assert "contract-2021" not in cat.sources


def test_the_sdks_own_strengthenings_are_labelled() -> None:
    cat = load_catalogue()
    assert "reference" in (cat["OC-ACK-01"].sdk_rule or "")
    assert "byte for byte" in (cat["OC-ACCESS-01"].sdk_rule or "")
    for req in cat:
        if req.sdk_rule is not None:
            assert "SDK" in req.sdk_rule, req.id


def test_duties_in_force_are_present() -> None:
    cat = load_catalogue()
    for rid, needle in (
        ("OC-PROXY-01", "64ZD"),
        ("MSG-REPLY-01", "71ZE"),
        ("MSG-PROXY-01", "71ZE"),
        ("CD-FIELDS-01", "ethnicity"),
        ("CD-PROXY-01", "64ZC"),
        ("OC-MED-01", "medication"),
        ("AV-CAP-01", "must not cap"),
        ("PR-RESP-01", "next core-hours period"),
        ("PR-CHARTER-01", "charter"),
    ):
        assert any(needle in provision for _, provision in cat[rid].citations), rid
    assert cat["PR-RESP-01"].verification is Verification.ATTESTATION
    assert cat["PR-CHARTER-01"].verification is Verification.ATTESTATION


def test_out_of_scope_is_said_not_silent() -> None:
    topics = " ".join(o.topic.lower() for o in load_catalogue().out_of_scope)
    for needle in ("booking", "prescriptions", "record", "uptake"):
        assert needle in topics, needle


def test_attestations_and_non_must_levels_say_why() -> None:
    for req in load_catalogue():
        assert req.description.strip(), req.id
        assert len(req.description) < 400, f"{req.id}: keep it short enough to read"
        if req.verification is Verification.ATTESTATION or req.level is Level.SHOULD:
            assert req.rationale, req.id
            assert len(req.rationale) > 40, req.id


def test_levels_follow_the_sources() -> None:
    cat = load_catalogue()
    assert cat["OC-DEMO-01"].level is Level.MAY  # DCS E00585 is a MAY
    assert cat["OC-PHOTO-01"].level is Level.MAY  # practices "may go beyond"
    assert cat["SAFE-URG-01"].level is Level.SHOULD
    assert cat["AV-CORE-01"].level is Level.MUST
    assert cat["AV-CORE-02"].verification is Verification.ATTESTATION


def test_every_registered_check_references_known_requirements() -> None:
    cat = load_catalogue()
    assert CHECKS, "the checks package registered nothing"
    for check in CHECKS.values():
        unknown = [r for r in check.requirements if r not in cat]
        assert not unknown, f"{check.id} names unknown requirement(s) {unknown}"


def test_every_automated_must_and_should_has_a_check() -> None:
    coverage = compute_coverage(load_catalogue())
    assert coverage.uncovered_musts == ()
    assert coverage.complete
    assert [r.id for r in coverage.uncovered if r.level is Level.SHOULD] == []


def test_coverage_names_a_must_without_a_check() -> None:
    cat = load_catalogue()
    some = [c for c in CHECKS.values() if "AV-CAP-01" not in c.requirements]
    coverage = compute_coverage(cat, some)
    assert [r.id for r in coverage.uncovered_musts] == ["AV-CAP-01"]
    assert not coverage.complete
    text = render_coverage(coverage)
    assert "MUST requirements with no check:\n  AV-CAP-01" in text
    # Attestations are listed with their reasons, not as gaps.
    assert "AV-CORE-02: Whether a closure was exceptional" in text
    assert "AV-CORE-02" not in text.split("MUST requirements with no check:")[1]


def test_coverage_flags_a_check_naming_an_unknown_requirement() -> None:
    bogus = Check(id="x.bogus", title="t", requirements=("ZZ-NOPE-01",), group="g", run=print)
    coverage = compute_coverage(load_catalogue(), [*CHECKS.values(), bogus])
    assert coverage.unknown_references == (("x.bogus", "ZZ-NOPE-01"),)
    assert not coverage.complete


def _good(**overrides: Any) -> dict[str, Any]:
    req = {
        "id": "AB-CD-01",
        "title": "t",
        "level": "MUST",
        "sources": ["s"],
        "citations": {"s": "paragraph 1"},
        "group": "g",
        "verification": "automated",
        "description": "d",
    }
    req.update(overrides)
    return {
        "catalogue_version": "1",
        "title": "t",
        "sources": {"s": "source"},
        "groups": {"g": "group"},
        "requirements": [req],
    }


@pytest.mark.parametrize(
    ("override", "location", "words"),
    [
        ({"id": "oc-cat-1"}, "$.requirements[0].id", "not an ID"),
        ({"level": "MUSTN'T"}, "$.requirements[0].level", "MUST, SHOULD or MAY"),
        ({"verification": "manual"}, "$.requirements[0].verification", "automated or"),
        ({"verification": "attestation"}, "$.requirements[0].rationale", "must say why"),
        ({"sources": ["nope"]}, "$.requirements[0].sources[0]", "unknown source"),
        ({"group": "nope"}, "$.requirements[0].group", "unknown group"),
        ({"colour": "red"}, "$.requirements[0].colour", "unknown field"),
        ({"title": ""}, "$.requirements[0].title", "non-empty text"),
        ({"citations": {}}, "$.requirements[0].citations.s", "name the provision"),
        ({"citations": {"s": "p", "t": "q"}}, "$.requirements[0].citations.t", "not one of"),
        ({"citations": ["s"]}, "$.requirements[0].citations", "source key -> provision"),
        ({"sdk_rule": " "}, "$.requirements[0].sdk_rule", "non-empty text"),
    ],
)
def test_bad_requirement_is_named_by_json_path(
    override: dict[str, Any], location: str, words: str
) -> None:
    with pytest.raises(InputFileError) as info:
        parse_catalogue(_good(**override), origin="cat.json")
    problems = {p.location: p.message for p in info.value.problems}
    assert location in problems
    assert words in problems[location]
    assert "cat.json" in str(info.value)


def test_duplicate_ids_are_refused() -> None:
    data = _good()
    data["requirements"].append(dict(data["requirements"][0]))
    with pytest.raises(InputFileError, match=r"\$\.requirements\[1\]\.id: AB-CD-01 is already"):
        parse_catalogue(data)


def test_out_of_scope_entries_are_validated() -> None:
    data = _good()
    data["out_of_scope"] = [{"topic": "x"}, "y"]
    with pytest.raises(InputFileError) as info:
        parse_catalogue(data)
    locations = {p.location for p in info.value.problems}
    assert locations == {"$.out_of_scope[0].reason", "$.out_of_scope[1]"}


def test_invalid_json_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.json"
    path.write_text('{\n  "catalogue_version": "1",\n  oops\n}')
    with pytest.raises(InputFileError, match=r"catalogue\.json:3:3"):
        load_catalogue(path)


def test_duplicate_json_keys_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.json"
    path.write_text('{"title": "a", "title": "b"}')
    with pytest.raises(InputFileError, match="duplicate key 'title'"):
        load_catalogue(path)


def test_data_dir_is_found_in_an_installed_wheel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gponline_sdk

    package = tmp_path / "site-packages" / "gponline_sdk"
    data = package / "_conformance_data"
    data.mkdir(parents=True)
    (data / "catalogue.json").write_bytes((ROOT / "conformance" / "catalogue.json").read_bytes())
    monkeypatch.setattr(gponline_sdk, "__file__", str(package / "__init__.py"))
    assert conformance_data_dir() == data
    assert (
        load_catalogue().version == load_catalogue(ROOT / "conformance" / "catalogue.json").version
    )


def test_missing_data_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gponline_sdk

    monkeypatch.setattr(gponline_sdk, "__file__", str(tmp_path / "a" / "b" / "__init__.py"))
    with pytest.raises(ConformanceError, match="data folder is missing"):
        conformance_data_dir()
