"""The requirement catalogue: load it, validate it, find it.

The catalogue is data, reviewed like code: `conformance/catalogue.json` at the
top of the repository, shipped inside the wheel as
`gponline_sdk/_conformance_data/catalogue.json`. JSON rather than TOML because
the SDK supports Python 3.10, which has no `tomllib`, because a JSON Schema
can describe it, and because vendors' CI tools (`jq`) read it as they read the
JSON report.

>>> cat = load_catalogue()
>>> cat["OC-CAT-01"].level
<Level.MUST: 'MUST'>
>>> "OC-CAT-01" in cat
True
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

import gponline_sdk
from gponline_sdk.conformance.core import Level, Requirement, Verification
from gponline_sdk.errors import ConformanceError, InputFileError, Problem

__all__ = [
    "REQUIREMENT_ID",
    "Catalogue",
    "OutOfScope",
    "conformance_data_dir",
    "load_catalogue",
    "parse_catalogue",
    "read_json_file",
]

REQUIREMENT_ID = re.compile(r"[A-Z]{2,4}-[A-Z0-9]{2,8}-[0-9]{2}")
"""A requirement ID: area, topic and a two-digit number, e.g. `OC-CAT-01`."""

_CATALOGUE_FILE = "catalogue.json"
_REQUIREMENT_KEYS = {
    "id",
    "title",
    "level",
    "sources",
    "group",
    "verification",
    "description",
    "rationale",
    "citations",
    "sdk_rule",
}
_TOP_KEYS = {
    "catalogue_version",
    "title",
    "notes",
    "sources",
    "groups",
    "out_of_scope",
    "requirements",
    "$schema",
}


def conformance_data_dir() -> Path:
    """The folder holding the suite's data, installed or in a checkout.

    An installed wheel carries it as `gponline_sdk/_conformance_data` (hatch
    force-includes the top-level `conformance/` folder); a checkout has it at
    the repository's top level, two folders above the package.

    Raises:
        ConformanceError: when neither place holds a catalogue.
    """
    package = Path(gponline_sdk.__file__).resolve().parent
    for candidate in (package / "_conformance_data", package.parents[1] / "conformance"):
        if (candidate / _CATALOGUE_FILE).is_file():
            return candidate
    raise ConformanceError(
        "the conformance suite's data folder is missing: looked for "
        f"{package / '_conformance_data'} and {package.parents[1] / 'conformance'}"
    )


@attrs.frozen(kw_only=True)
class OutOfScope:
    """A duty of the practice the suite leaves out on purpose, and why."""

    topic: str
    reason: str


@attrs.frozen(kw_only=True)
class Catalogue:
    """Every requirement, by stable ID, with the catalogue's sources and groups."""

    version: str
    title: str
    sources: Mapping[str, str]
    groups: Mapping[str, str]
    requirements: tuple[Requirement, ...]
    out_of_scope: tuple[OutOfScope, ...] = ()
    _by_id: Mapping[str, Requirement] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {r.id: r for r in self.requirements})

    def __getitem__(self, requirement_id: str) -> Requirement:
        """The requirement with this ID; `KeyError` when there is none."""
        return self._by_id[requirement_id]

    def __contains__(self, requirement_id: object) -> bool:
        return requirement_id in self._by_id

    def __iter__(self) -> Iterator[Requirement]:
        return iter(self.requirements)

    def __len__(self) -> int:
        return len(self.requirements)

    def ids(self) -> tuple[str, ...]:
        """Every requirement ID, in catalogue order."""
        return tuple(self._by_id)


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"duplicate key {key!r}")
        seen[key] = value
    return seen


def read_json_file(path: Path) -> Any:
    """Read a JSON file strictly (no duplicate keys); errors name the file and line.

    Raises:
        InputFileError: when the file cannot be read or is not valid JSON.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise InputFileError(str(path), [Problem(location=str(path), message=reason)]) from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        where = f"{path}:{exc.lineno}:{exc.colno}"
        raise InputFileError(str(path), [Problem(location=where, message=exc.msg)]) from None
    except ValueError as exc:  # from the duplicate-key hook
        raise InputFileError(str(path), [Problem(location=str(path), message=str(exc))]) from None


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Load and validate the catalogue (the shipped one unless `path` is given).

    Raises:
        InputFileError: listing every problem, each with its JSON path.
        ConformanceError: when the shipped data cannot be found.
    """
    path = path if path is not None else conformance_data_dir() / _CATALOGUE_FILE
    return parse_catalogue(read_json_file(path), origin=str(path))


def _text(obj: Mapping[str, Any], key: str, where: str, problems: list[Problem]) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(location=f"{where}.{key}", message="expected non-empty text"))
        return ""
    return value


def _str_map(data: Mapping[str, Any], key: str, problems: list[Problem]) -> dict[str, str]:
    value = data.get(key)
    if not isinstance(value, dict) or not value:
        problems.append(Problem(location=f"$.{key}", message="expected a non-empty object"))
        return {}
    out: dict[str, str] = {}
    for name, text in value.items():
        if not isinstance(text, str) or not text.strip():
            problems.append(Problem(location=f"$.{key}.{name}", message="expected text"))
        else:
            out[name] = text
    return out


def _requirement(
    raw: Any, where: str, sources: Mapping[str, str], groups: Mapping[str, str], p: list[Problem]
) -> Requirement | None:
    if not isinstance(raw, dict):
        p.append(Problem(location=where, message="expected an object"))
        return None
    for key in sorted(set(raw) - _REQUIREMENT_KEYS):
        p.append(Problem(location=f"{where}.{key}", message="unknown field"))
    before = len(p)
    rid = _text(raw, "id", where, p)
    if rid and REQUIREMENT_ID.fullmatch(rid) is None:
        p.append(Problem(location=f"{where}.id", message="not an ID like 'OC-CAT-01'"))
    title = _text(raw, "title", where, p)
    try:
        level = Level(raw.get("level"))
    except ValueError:
        p.append(Problem(location=f"{where}.level", message="expected MUST, SHOULD or MAY"))
    try:
        verification = Verification(raw.get("verification"))
    except ValueError:
        p.append(
            Problem(location=f"{where}.verification", message="expected automated or attestation")
        )
    refs = raw.get("sources")
    if not isinstance(refs, list) or not refs or not all(isinstance(s, str) for s in refs):
        p.append(Problem(location=f"{where}.sources", message="expected a list of source keys"))
        refs = []
    for i, ref in enumerate(refs):
        if ref not in sources:
            p.append(Problem(location=f"{where}.sources[{i}]", message="unknown source key"))
    citations = _citations(raw.get("citations"), refs, f"{where}.citations", p)
    sdk_rule = _optional_text(raw, "sdk_rule", where, p)
    group = _text(raw, "group", where, p)
    if group and group not in groups:
        p.append(Problem(location=f"{where}.group", message="unknown group"))
    description = _text(raw, "description", where, p)
    rationale = _optional_text(raw, "rationale", where, p)
    if raw.get("verification") == Verification.ATTESTATION.value and not rationale:
        p.append(
            Problem(
                location=f"{where}.rationale",
                message="an attestation must say why it cannot be checked automatically",
            )
        )
    if len(p) > before:
        return None
    return Requirement(
        id=rid,
        title=title,
        level=level,
        source="; ".join(refs),
        group=group,
        verification=verification,
        description=description,
        rationale=rationale,
        citations=citations,
        sdk_rule=sdk_rule,
    )


def _optional_text(raw: Mapping[str, Any], key: str, where: str, p: list[Problem]) -> str | None:
    """An optional text field: absent (None) or non-empty text."""
    value = raw.get(key)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        p.append(Problem(location=f"{where}.{key}", message="expected non-empty text"))
        return None
    return value if isinstance(value, str) else None


def _citations(
    raw: Any, refs: list[str], where: str, p: list[Problem]
) -> tuple[tuple[str, str], ...]:
    """The provision cited from each source: one non-empty text per key of `sources`, no other.

    Optional (a catalogue of one's own may leave it out); the shipped catalogue has it
    on every requirement, which its tests hold.
    """
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        p.append(Problem(location=where, message="expected an object: source key -> provision"))
        return ()
    out: list[tuple[str, str]] = []
    for key in refs:
        text = raw.get(key)
        if not isinstance(text, str) or not text.strip():
            p.append(Problem(location=f"{where}.{key}", message="name the provision cited"))
        else:
            out.append((key, text))
    for key in sorted(set(raw) - set(refs)):
        p.append(
            Problem(location=f"{where}.{key}", message="not one of this requirement's sources")
        )
    return tuple(out)


def _out_of_scope(raw: Any, p: list[Problem]) -> tuple[OutOfScope, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        p.append(Problem(location="$.out_of_scope", message="expected a list"))
        return ()
    out: list[OutOfScope] = []
    for i, item in enumerate(raw):
        where = f"$.out_of_scope[{i}]"
        if not isinstance(item, dict):
            p.append(Problem(location=where, message="expected an object"))
            continue
        for key in sorted(set(item) - {"topic", "reason"}):
            p.append(Problem(location=f"{where}.{key}", message="unknown field"))
        topic, reason = _text(item, "topic", where, p), _text(item, "reason", where, p)
        if topic and reason:
            out.append(OutOfScope(topic=topic, reason=reason))
    return tuple(out)


def parse_catalogue(data: Any, *, origin: str = "catalogue") -> Catalogue:
    """Validate catalogue data already read from JSON; see `load_catalogue`.

    `Requirement.source` holds the requirement's source keys joined by `"; "`;
    `Catalogue.sources` maps each key to its full title.

    Raises:
        InputFileError: listing every problem, each with its JSON path.
    """
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise InputFileError(origin, [Problem(location="$", message="expected an object")])
    for key in sorted(set(data) - _TOP_KEYS):
        problems.append(Problem(location=f"$.{key}", message="unknown field"))
    version = _text(data, "catalogue_version", "$", problems)
    title = _text(data, "title", "$", problems)
    sources = _str_map(data, "sources", problems)
    groups = _str_map(data, "groups", problems)
    out_of_scope = _out_of_scope(data.get("out_of_scope"), problems)
    raw_requirements = data.get("requirements")
    if not isinstance(raw_requirements, list) or not raw_requirements:
        problems.append(Problem(location="$.requirements", message="expected a non-empty list"))
        raw_requirements = []
    requirements: list[Requirement] = []
    first_seen: dict[str, int] = {}
    for i, raw in enumerate(raw_requirements):
        where = f"$.requirements[{i}]"
        req = _requirement(raw, where, sources, groups, problems)
        if req is None:
            continue
        if req.id in first_seen:
            problems.append(
                Problem(
                    location=f"{where}.id",
                    message=f"{req.id} is already used by $.requirements[{first_seen[req.id]}]",
                )
            )
            continue
        first_seen[req.id] = i
        requirements.append(req)
    if problems:
        raise InputFileError(origin, problems)
    return Catalogue(
        version=version,
        title=title,
        sources=sources,
        groups=groups,
        requirements=tuple(requirements),
        out_of_scope=out_of_scope,
    )
