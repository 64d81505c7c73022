"""The national profile: every fact of NHS England's collection the SDK relies on, as data.

A profile is a JSON file of named facts (`workflow.bulk`, `mailbox.test`,
`data_type.oc_record.fields`, ...). Each fact holds a value and a status:
`confirmed` (with the source it comes from) or `provisional` (the SDK's
assumption). The SDK ships one (`nhse-ocvc-2026.1.json`, next to this module);
a supplier who receives NHS England's specification copies it
(`gponline report profile --write my-profile.json`), changes values, and
points `GPONLINE_NATIONAL_PROFILE` at the copy. No code changes.

Why the environment, read once per process: field wire names are compiled
into the converter's hooks and the formats' column tables the first time a
type is used, so a profile that changed mid-process would leave half the SDK
on the old names. The profile is fixed when first asked for.

Loading is strict: every fact of the shipped profile must be present, no
unknown fact is taken (a typo would otherwise silently fall back), and each
value must have the right shape; errors name the file and the JSON path.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import attrs

from gponline_sdk.errors import ConfigError

__all__ = [
    "DEFAULT_PROFILE_PATH",
    "PROFILE_ENV",
    "Fact",
    "NationalProfile",
    "active_profile",
    "load_profile",
]

PROFILE_ENV = "GPONLINE_NATIONAL_PROFILE"
"""The environment variable naming a supplier's own profile file."""
DEFAULT_PROFILE_PATH = Path(__file__).with_name("nhse-ocvc-2026.1.json")
"""The profile shipped with the SDK."""

CONFIRMED = "confirmed"
PROVISIONAL = "provisional"
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_WORKFLOW = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
_MAILBOX = re.compile(r"^[A-Za-z0-9]{4,20}$")


@attrs.frozen(kw_only=True)
class Fact:
    """One fact of the profile: its value, whether it is confirmed, and where from."""

    name: str
    value: Any
    status: str
    source: str | None = None
    note: str | None = None

    @property
    def confirmed(self) -> bool:
        """True when NHS England has published this fact (`source` says where)."""
        return self.status == CONFIRMED


def _str_map(v: Any) -> str | None:
    if not isinstance(v, dict) or not v:
        return "expected an object of names"
    bad = [k for k, w in v.items() if not isinstance(w, str) or not _NAME.match(w)]
    if bad:
        return f"expected lower-case wire names (letters, digits, '_'); not for {bad[0]!r}"
    if len(set(v.values())) != len(v):
        return "two fields share one wire name"
    return None


def _name(v: Any) -> str | None:
    return None if isinstance(v, str) and _NAME.match(v) else "expected a lower-case name"


def _workflows(v: Any) -> str | None:
    ok = isinstance(v, list) and v and all(isinstance(w, str) and _WORKFLOW.match(w) for w in v)
    return None if ok else "expected a list of workflow IDs"


def _kind(kind: type | tuple[type, ...], what: str) -> Callable[[Any], str | None]:
    return lambda v: None if isinstance(v, kind) and not isinstance(v, bool) else what


def _any(_: Any) -> str | None:
    return None  # a descriptive fact: any JSON value


def _workflow(v: Any) -> str | None:
    return None if isinstance(v, str) and _WORKFLOW.match(v) else "expected a workflow ID"


def _mailbox(v: Any) -> str | None:
    if v is None or (isinstance(v, str) and _MAILBOX.match(v)):
        return None
    return "expected a MESH mailbox ID (letters and digits) or null"


def _pattern(v: Any) -> str | None:
    ok = isinstance(v, str) and "{data_type}" in v
    return None if ok else "expected a file name pattern with {data_type}"


def _flag(v: Any) -> str | None:
    return None if isinstance(v, bool) else "expected true or false"


def _layout(v: Any) -> str | None:
    if not isinstance(v, dict):
        return "expected an object"
    for part in ("file_columns", "record_columns"):
        cols = v.get(part)
        if not isinstance(cols, dict) or not all(isinstance(c, str) for c in cols.values()):
            return f"expected {part}: an object of column labels"
    for need in ("file_name", "outcome", "reason"):
        if need not in v["file_columns"]:
            return f"file_columns needs {need!r}"
    if "reason" not in v["record_columns"]:
        return "record_columns needs 'reason'"
    outcomes = v.get("outcomes")
    if not isinstance(outcomes, dict) or set(outcomes) != {"accepted", "rejected"}:
        return "expected outcomes: {accepted: [...], rejected: [...]}"
    return None


_EXACT: dict[str, Callable[[Any], str | None]] = {
    "file.header_key": _name,
    "file.records_key": _name,
    "file.xml_root": _name,
    "workflow.weekly": _workflow,
    "workflow.bulk": _workflow,
    "workflow.report": _workflows,
    "report.layout": _layout,
    "bulk.test_first": _flag,
    "bulk.live_once": _flag,
    "participation.historic": _flag,
    "resend.latest_wins": _flag,
    "period.days": _kind(int, "expected a whole number"),
    "period.per_file": _kind(int, "expected a whole number"),
}
_BY_SUFFIX: tuple[tuple[str, Callable[[Any], str | None]], ...] = (
    (".fields", _str_map),
    (".name", _name),
    (".bulk", _flag),
)


def _check_for(name: str) -> Callable[[Any], str | None]:
    """The shape a fact's value must have, by its name."""
    if name in _EXACT:
        return _EXACT[name]
    if name.startswith("mailbox."):
        return _mailbox
    if name.startswith("file.name."):
        return _pattern
    if name.startswith("data_type."):
        for suffix, check in _BY_SUFFIX:
            if name.endswith(suffix):
                return check
    return _any


@attrs.frozen(kw_only=True)
class NationalProfile:
    """A loaded profile: facts by name, with typed accessors for what code reads."""

    name: str
    version: str
    path: Path
    facts: Mapping[str, Fact]
    sources: Mapping[str, str]

    def value(self, name: str) -> Any:
        """The value of fact `name` (KeyError for a fact the profile does not define)."""
        return self.facts[name].value

    def provisional(self) -> list[Fact]:
        """The facts that are the SDK's assumptions, not NHS England's published word."""
        return [f for f in self.facts.values() if not f.confirmed]

    # -- what the code reads ----------------------------------------------------------------

    def data_type_name(self, data_type: str) -> str:
        """The wire name of a data type (`oc_record` in the SDK's own profile)."""
        return str(self.value(f"data_type.{data_type}.name"))

    def fields(self, data_type: str) -> dict[str, str]:
        """SDK field name -> wire name for a data type, or `header`/`period`, in file order."""
        key = f"file.{data_type}.fields" if data_type in ("header", "period") else None
        return dict(self.value(key or f"data_type.{data_type}.fields"))

    def bulk_types(self) -> list[str]:
        """The SDK names of the data types the bulk route takes."""
        return sorted(
            n.split(".")[1]
            for n, f in self.facts.items()
            if n.startswith("data_type.") and n.endswith(".bulk") and f.value
        )

    def workflow(self, which: str) -> str:
        """The workflow ID of `weekly` or `bulk` messages."""
        return str(self.value(f"workflow.{which}"))

    def report_workflows(self) -> tuple[str, ...]:
        """Workflow IDs a submission report may arrive under."""
        return tuple(self.value("workflow.report"))

    def mailbox(self, environment: str) -> str | None:
        """The collection's mailbox in `test` or `live`, if known."""
        value = self.value(f"mailbox.{environment.lower()}")
        return None if value is None else str(value)

    def file_name(self, which: str, **parts: str) -> str:
        """A file name from the `weekly` or `bulk` pattern."""
        return str(self.value(f"file.name.{which}")).format(**parts)


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json keeps the last of two equal keys silently: a profile edited by hand
    # could hold a fact twice, and which one won would be a guess.
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _fail(path: Path, location: str, message: str) -> ConfigError:
    return ConfigError(f"national profile {path}: {location}: {message}")


def load_profile(path: str | os.PathLike[str]) -> NationalProfile:
    """Read and check a profile file.

    Raises:
        ConfigError: the file cannot be read, is not JSON, or a fact is missing,
            unknown or of the wrong shape (the message names file and JSON path).
    """
    file = Path(path)
    try:
        doc = json.loads(file.read_bytes(), object_pairs_hook=_no_duplicates)
    except OSError as exc:
        raise ConfigError(f"national profile {file}: cannot read it ({exc.strerror})") from None
    except _DuplicateKey as exc:
        raise _fail(file, "$", f"the key {str(exc)[:60]!r} is given more than once") from None
    except ValueError as exc:
        raise _fail(file, "$", f"not JSON ({type(exc).__name__})") from None
    return _from_document(file, doc, _required_names(file))


def _required_names(file: Path) -> frozenset[str] | None:
    if file.resolve() == DEFAULT_PROFILE_PATH.resolve():
        return None  # the shipped profile defines the set
    return frozenset(default_profile().facts)


def _from_document(file: Path, doc: Any, required: frozenset[str] | None) -> NationalProfile:
    if not isinstance(doc, dict):
        raise _fail(file, "$", "expected an object")
    for key in ("profile", "version"):
        if not isinstance(doc.get(key), str) or not doc[key]:
            raise _fail(file, f"$.{key}", "expected a non-empty string")
    sources = doc.get("sources", {})
    raw = doc.get("facts")
    if not isinstance(sources, dict) or not all(isinstance(s, str) for s in sources.values()):
        raise _fail(file, "$.sources", "expected an object of source descriptions")
    if not isinstance(raw, dict):
        raise _fail(file, "$.facts", "expected an object of facts")
    if required is not None:
        missing, unknown = sorted(required - set(raw)), sorted(set(raw) - required)
        if missing:
            raise _fail(file, "$.facts", f"missing fact {missing[0]!r} ({len(missing)} missing)")
        if unknown:
            raise _fail(file, f"$.facts.{unknown[0]}", "not a fact the SDK knows (a typo?)")
    facts = {name: _fact(file, name, body, sources) for name, body in raw.items()}
    if required is not None:
        _same_fields(file, facts, default_profile().facts)
    return NationalProfile(
        name=doc["profile"], version=doc["version"], path=file, facts=facts, sources=sources
    )


def _same_fields(file: Path, facts: Mapping[str, Fact], default: Mapping[str, Fact]) -> None:
    # Wire names may change; the set of fields may not: the models are code.
    for name, fact in facts.items():
        if name.endswith(".fields") and set(fact.value) != set(default[name].value):
            extra = sorted(set(fact.value) ^ set(default[name].value))
            what = f"must name exactly the SDK's fields (see {extra[0]!r})"
            raise _fail(file, f"$.facts.{name}.value", what)


def _fact(file: Path, name: str, body: Any, sources: Mapping[str, str]) -> Fact:
    where = f"$.facts.{name}"
    if not isinstance(body, dict) or "value" not in body:
        raise _fail(file, where, "expected an object with 'value' and 'status'")
    status, source = body.get("status"), body.get("source")
    if status not in (CONFIRMED, PROVISIONAL):
        raise _fail(file, f"{where}.status", "expected 'confirmed' or 'provisional'")
    if status == CONFIRMED and source not in sources:
        raise _fail(file, f"{where}.source", "a confirmed fact names one of $.sources")
    problem = _check_for(name)(body["value"])
    if problem:
        raise _fail(file, f"{where}.value", problem)
    note = body.get("note")
    return Fact(
        name=name,
        value=body["value"],
        status=status,
        source=source if isinstance(source, str) else None,
        note=note if isinstance(note, str) else None,
    )


@cache
def default_profile() -> NationalProfile:
    """The profile shipped with the SDK."""
    return load_profile(DEFAULT_PROFILE_PATH)


@cache
def active_profile() -> NationalProfile:
    """The profile this process uses: `GPONLINE_NATIONAL_PROFILE`'s file, else the shipped one.

    Read once per process (see the module docstring for why).
    """
    chosen = os.environ.get(PROFILE_ENV)
    if chosen:
        try:
            return load_profile(chosen)
        except ConfigError as exc:
            raise ConfigError(f"{PROFILE_ENV}: {exc}") from None
    return default_profile()
