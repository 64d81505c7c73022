"""Attestations: the Yes/No questions a practice answers for what cannot be automated.

The questions are data, in `conformance/practice-attestations.json` (shipped in
the wheel as `gponline_sdk/_conformance_data/`). A practice's answers come from a
JSON or TOML file mapping question IDs to `yes` or `no`::

    {"PRAC-ATT-01": "yes", "PRAC-ATT-02": "no"}

    PRAC-ATT-01 = "yes"
    PRAC-ATT-02 = false

Questions left out stay "not answered". A malformed file is refused whole,
with its name and the question ID at fault; a value is never echoed, since a
practice could have typed anything into it.
"""

from __future__ import annotations

import importlib
import importlib.resources
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import orjson

from gponline_sdk._toml import toml_module
from gponline_sdk.conformance.practice.models import Answer, AttestationQuestion
from gponline_sdk.errors import ConformanceError, InputFileError, Problem, ValidationError
from gponline_sdk.serde import structure

__all__ = [
    "NO_ADVICE",
    "QUESTIONS_FILE",
    "load_answers",
    "load_questions",
    "no_advice",
    "parse_answers",
]

QUESTIONS_FILE = "practice-attestations.json"
_ID = re.compile(r"PRAC-ATT-[0-9]{2}")
_MAX_ANSWERS_BYTES = 1024 * 1024
_WORDS = {"yes": Answer.YES, "y": Answer.YES, "no": Answer.NO, "n": Answer.NO}

NO_ADVICE: dict[str, str] = {
    "PRAC-ATT-01": (
        "Ask your supplier to keep the tool open from 08:00 to 18:30 on every weekday that is "
        "not a bank holiday, and remove any setting that closes it early or at set times. If "
        "staffing is the reason it closes, talk to your ICB about support."
    ),
    "PRAC-ATT-02": (
        "Switch the tool off in core hours only in exceptional circumstances, agree each "
        "closure with your ICB beforehand, and keep a note of when and why."
    ),
    "PRAC-ATT-03": (
        "Ask your supplier to switch on all three kinds of request (non-urgent clinical, "
        "medication queries and admin) for the whole of core hours, and say on your website "
        "that patients can use the tool for them."
    ),
    "PRAC-ATT-04": (
        "Remove any daily limit that closes the tool when a number of requests is reached; "
        "manage demand through triage instead, and talk to your ICB if demand is more than "
        "you can safely handle."
    ),
    "PRAC-ATT-05": (
        "Make sure every request is looked at and the patient told on the day how it will be "
        "handled (by the next working day if sent outside core hours). An automatic \u201cwe "
        "have received your request\u201d message on its own is not enough."
    ),
    "PRAC-ATT-06": (
        "Review your triage and care navigation guidance so that needs general practice "
        "should meet are handled by the practice in core hours, not sent to NHS 111, and "
        "brief the team."
    ),
    "PRAC-ATT-07": (
        "Ask your supplier to switch on what is missing (health advice, symptoms, questions, "
        "follow-up, clinical and admin requests); the supplier's conformance report shows "
        "what the tool can do."
    ),
    "PRAC-ATT-08": (
        "Set up video consultations (your supplier or ICB can advise on a tool) and tell "
        "patients on your website that they are available."
    ),
    "PRAC-ATT-09": (
        "Offer patients a secure electronic way to write to the practice and get replies (for "
        "example the messaging feature of your tool or clinical system), and tell them about it."
    ),
    "PRAC-ATT-10": (
        "Switch on an online way for patients to give and update their personal and contact "
        "details (your tool or clinical system may already have one) and link to it from your "
        "website."
    ),
    "PRAC-ATT-11": (
        "Add your online consultation tool and NHS 111 online to your NHS website profile and "
        "your social media pages, not only your own website."
    ),
    "PRAC-ATT-12": (
        "Ask your supplier whether they send your usage data to NHS England. If they need your "
        "approval, give it through the reporting system your contract uses; otherwise send the "
        "data yourself. Your ICB can advise."
    ),
    # For the 2026/27 response-time duty (catalogue PR-RESP-01), once it is asked.
    "PRAC-ATT-13": (
        "Set up your triage so that clinically urgent requests are dealt with the same day and "
        "every other request gets an appropriate response by the end of the next core-hours "
        "period; an automatic acknowledgement alone does not count. Your ICB can advise."
    ),
}
"""What to do next when a question is answered No, by question ID (`no_advice` falls back)."""

_GENERIC_ADVICE = (
    "Read why it matters above, and talk to your ICB about how to meet the rule; your "
    "supplier can tell you what the tool can do."
)


def no_advice(question_id: str) -> str:
    """What to do next when question `question_id` is answered No (general advice if unknown)."""
    return NO_ADVICE.get(question_id, _GENERIC_ADVICE)


@attrs.frozen(kw_only=True)
class _QuestionBook:
    version: int
    description: str
    questions: tuple[AttestationQuestion, ...]


def _data_file(name: str) -> Path:
    packaged = importlib.resources.files("gponline_sdk") / "_conformance_data" / name
    if packaged.is_file():
        return Path(str(packaged))
    # A source checkout: the top-level conformance/ folder beside src/.
    return Path(__file__).resolve().parents[4] / "conformance" / name


def load_questions(path: str | Path | None = None) -> tuple[AttestationQuestion, ...]:
    """Load the attestation questions, in the order the report shows them.

    Args:
        path: Another questions file; by default the one shipped with the SDK.

    Returns:
        The questions.

    Raises:
        ConformanceError: if the file is missing or breaks its documented shape.
    """
    file = Path(path) if path is not None else _data_file(QUESTIONS_FILE)
    try:
        raw = orjson.loads(file.read_bytes())
        book = structure(raw, _QuestionBook, subject=str(file))
    except OSError as exc:
        raise ConformanceError(
            f"{file}: cannot read attestation questions ({exc.strerror})"
        ) from None
    except orjson.JSONDecodeError as exc:
        raise ConformanceError(f"{file}: not valid JSON ({exc.msg})") from None
    except ValidationError as exc:
        raise ConformanceError(str(exc)) from None
    seen: set[str] = set()
    for i, question in enumerate(book.questions):
        if not _ID.fullmatch(question.id) or question.id in seen:
            raise ConformanceError(
                f"{file}: $.questions[{i}].id must be a new ID of the form PRAC-ATT-NN"
            )
        seen.add(question.id)
    # A questions file may carry its own advice; otherwise the SDK's, so every No has some.
    return tuple(q if q.advice else attrs.evolve(q, advice=no_advice(q.id)) for q in book.questions)


def parse_answers(
    data: object, questions: tuple[AttestationQuestion, ...], *, source: str = "answers"
) -> dict[str, Answer]:
    """Check an answers mapping (as read from JSON or TOML) against the questions.

    Args:
        data: A mapping of question ID to `"yes"`/`"no"` (any case) or `true`/`false`.
        questions: The questions that may be answered.
        source: The file name, for errors.

    Returns:
        Each answered question's `Answer`.

    Raises:
        InputFileError: listing every unknown ID and every value that is not yes or no.
    """
    if not isinstance(data, Mapping):
        raise InputFileError(
            source, [Problem(location="$", message="expected an object of question ID: yes/no")]
        )
    known = {q.id for q in questions}
    answers: dict[str, Answer] = {}
    problems: list[Problem] = []
    for key, value in data.items():
        name = _safe_key(key)
        where = f"$.{name}" if name else "$"
        if not isinstance(key, str) or key not in known:
            problems.append(
                Problem(
                    location=where,
                    message=f"{name or 'a key'} is not a question ID ({_hint(known)})",
                )
            )
            continue
        answer = _answer(value)
        if answer is None:
            problems.append(
                Problem(location=where, message=f"expected yes or no, got {_kind(value)}")
            )
        else:
            answers[key] = answer
    if problems:
        raise InputFileError(source, problems)
    return answers


def load_answers(path: str | Path, questions: tuple[AttestationQuestion, ...]) -> dict[str, Answer]:
    """Read an answers file: `.toml` as TOML, anything else as JSON.

    Raises:
        InputFileError: if it cannot be read or parsed, or breaks `parse_answers`' rules.
    """
    file = Path(path)
    name = str(file)
    try:
        with file.open("rb") as fh:
            raw = fh.read(_MAX_ANSWERS_BYTES + 1)
    except OSError as exc:
        raise InputFileError(
            name, [Problem(location=name, message=f"cannot read ({exc.strerror})")]
        ) from None
    if len(raw) > _MAX_ANSWERS_BYTES:
        raise InputFileError(name, [Problem(location=name, message="larger than 1 MB")])
    data = _read_toml(raw, name) if file.suffix.lower() == ".toml" else _read_json(raw, name)
    return parse_answers(data, questions, source=name)


def _read_json(raw: bytes, name: str) -> Any:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise InputFileError(
            name, [Problem(location=where, message=f"invalid JSON: {exc.msg}")]
        ) from None


def _read_toml(raw: bytes, name: str) -> Any:
    tomllib: Any = toml_module()
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputFileError(name, [Problem(location=name, message="not UTF-8 text")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputFileError(
            name, [Problem(location=name, message=f"invalid TOML: {exc}")]
        ) from None


def _safe_key(key: object) -> str | None:
    # Keys are echoed only when they cannot be an identifier pasted in by mistake.
    if (
        isinstance(key, str)
        and 0 < len(key) <= 40
        and sum(c.isdigit() for c in key) < 9
        and key.isprintable()
    ):
        return key
    return None


def _answer(value: object) -> Answer | None:
    if isinstance(value, bool):
        return Answer.YES if value else Answer.NO
    if isinstance(value, str):
        return _WORDS.get(value.strip().lower())
    return None


def _kind(value: object) -> str:
    if isinstance(value, str):
        return "other text"
    names = {
        dict: "an object",
        list: "a list",
        type(None): "null",
        int: "a number",
        float: "a number",
    }
    return names.get(type(value), type(value).__name__)


def _hint(known: set[str]) -> str:
    ordered = sorted(known)
    return f"known: {ordered[0]} to {ordered[-1]}" if ordered else "no questions are known"
