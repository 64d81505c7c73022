"""The attestation questions as data: shape, stable IDs, and links to the requirement catalogue."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from gponline_sdk.conformance.practice import load_questions
from gponline_sdk.conformance.practice.rules import FINDING_REQUIREMENTS
from gponline_sdk.errors import ConformanceError

ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = orjson.loads((ROOT / "conformance" / "catalogue.json").read_bytes())
REQUIREMENTS = {r["id"]: r for r in CATALOGUE["requirements"]}


def test_shipped_questions_are_complete_and_in_order() -> None:
    questions = load_questions()
    assert len(questions) >= 12
    assert [q.id for q in questions] == [f"PRAC-ATT-{n:02d}" for n in range(1, len(questions) + 1)]
    for q in questions:
        assert q.question.endswith("?"), q.id
        assert len(q.why) > 20, q.id
        assert q.source, q.id
        assert q.requirements, q.id


def test_every_linked_requirement_is_in_the_catalogue() -> None:
    linked = {r for q in load_questions() for r in q.requirements}
    linked |= {r for ids in FINDING_REQUIREMENTS.values() for r in ids}
    assert linked - set(REQUIREMENTS) == set()


def test_every_practice_attestation_in_the_catalogue_is_asked_or_checked() -> None:
    practice = {
        rid
        for rid, r in REQUIREMENTS.items()
        if r["group"] == "practice" and r["verification"] == "attestation"
    }
    assert practice, "the catalogue has no practice attestations any more"
    covered = {r for q in load_questions() for r in q.requirements}
    covered |= {r for ids in FINDING_REQUIREMENTS.values() for r in ids}
    assert practice - covered == set()


def _write(tmp_path: Path, questions: list[dict[str, object]]) -> Path:
    path = tmp_path / "q.json"
    doc = {"version": 1, "description": "test", "questions": questions}
    path.write_bytes(orjson.dumps(doc))
    return path


GOOD = {"id": "PRAC-ATT-01", "question": "Q?", "why": "W", "source": "S"}


def test_a_questions_file_loads_without_optional_requirements(tmp_path: Path) -> None:
    (q,) = load_questions(_write(tmp_path, [GOOD]))
    assert (q.id, q.requirements) == ("PRAC-ATT-01", ())


@pytest.mark.parametrize(
    ("questions", "expected"),
    [
        ([GOOD, GOOD], r"\$\.questions\[1\]\.id must be a new ID"),
        ([{**GOOD, "id": "ATT-1"}], r"\$\.questions\[0\]\.id must be a new ID"),
        ([{k: v for k, v in GOOD.items() if k != "why"}], r"\$\.questions\[0\]\.why"),
        ([{**GOOD, "extra": 1}], r"\$\.questions\[0\]: an unknown key \(not shown\)"),
    ],
)
def test_a_broken_questions_file_is_refused(
    tmp_path: Path, questions: list[dict[str, object]], expected: str
) -> None:
    with pytest.raises(ConformanceError, match=expected):
        load_questions(_write(tmp_path, questions))


def test_unreadable_or_invalid_questions_file(tmp_path: Path) -> None:
    with pytest.raises(ConformanceError, match="cannot read attestation questions"):
        load_questions(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(ConformanceError, match="not valid JSON"):
        load_questions(bad)
