"""The SDK's one converter: strict structuring, JSON in and out, errors with paths.

Built once, privately: the global cattrs converter is never touched, so a user's
own cattrs hooks cannot change our wire format and ours cannot change theirs.

Strict means: unknown keys are refused; a string is never coerced to a number
or a bool (cattrs' defaults would turn `"yes"` into `True`); datetimes must
carry a UTC offset; lists must be lists. Every problem is reported at once,
each with its JSON path, as one `ValidationError`.

Speed: valid data goes through a second converter built from the same hooks
but without cattrs' per-field error bookkeeping, whose attrs classes are
structured by one generated function each. Any exception there means the
input is bad (or unusual), and the detailed converter re-runs from scratch, so
errors, paths and every accepted value are exactly the detailed converter's.

>>> from gponline_sdk.models import OdsCode
>>> structure("A81001", OdsCode)
OdsCode('A81001')
"""

from __future__ import annotations

import enum
import operator
import re
import types
import typing
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timezone
from typing import Any, TypeVar

import attrs
import cattrs
import orjson
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from gponline_sdk.errors import Problem, ValidationError
from gponline_sdk.models._identifier_text import find_identifiers
from gponline_sdk.models._validators import shown
from gponline_sdk.models.identifiers import NhsNumber, OdsCode, SupplierId
from gponline_sdk.models.usage import DataType
from gponline_sdk.serde._fast import structure_fn
from gponline_sdk.serde.wire_names import wire_name

__all__ = ["converter", "from_json", "structure", "to_json", "unstructure"]

T = TypeVar("T")
_IDENTIFIERS = (OdsCode, NhsNumber, SupplierId)


def _kind(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {_kind(value)}")
    return value


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, got {_kind(value)}")
    return value


def _structure_float(value: Any, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a number, got {_kind(value)}")
    return float(value)


def _structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {_kind(value)}")
    return value


def parse_datetime(value: Any, _: type = datetime) -> datetime:
    """Parse an ISO 8601 instant with a UTC offset (`Z` or `+01:00`); naive is refused."""
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 date-time string, got {_kind(value)}")
    text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError("not an ISO 8601 date-time (e.g. 2026-11-16T09:30:00+00:00)") from None
    if parsed.tzinfo is None:
        raise ValueError("date-time has no UTC offset; add Z or +HH:MM")
    if parsed.year in (1, 9999):  # only these years can leave the range once made UTC
        try:
            parsed.astimezone(timezone.utc)
        except OverflowError:
            raise ValueError("in UTC this instant falls outside the years 1 to 9999") from None
    return parsed


def _unstructure_datetime(value: datetime) -> str:
    # UTC is written with Z; other offsets as +HH:MM. Either way the instant is exact.
    if value.tzinfo is timezone.utc:
        return value.isoformat()[:-6] + "Z"  # the common case, without converting
    if value.utcoffset() == timezone.utc.utcoffset(None):
        return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    return value.isoformat()


_CALENDAR_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(value: Any, _: type = date) -> date:
    """Parse an ISO 8601 calendar date (`2026-11-16`), in that extended form only.

    Python 3.11's `date.fromisoformat` also reads the week date `1990-W19-6` (ten
    characters too) and the basic form `19900512`; Python 3.10's does not. The SDK reads the
    same on every Python: YYYY-MM-DD, ASCII digits.
    """
    if not isinstance(value, str) or _CALENDAR_DATE.fullmatch(value) is None:
        raise ValueError("not an ISO 8601 date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError("not an ISO 8601 date (YYYY-MM-DD)") from None


def parse_time(value: Any, _: type = time) -> time:
    """Parse a local time of day (`08:00` or `18:30:00`), as in core hours."""
    if not isinstance(value, str) or len(value) < 5 or value[2:3] != ":":
        raise ValueError("not a time of day (HH:MM or HH:MM:SS)")
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise ValueError("not a time of day (HH:MM or HH:MM:SS)") from None


def _unstructure_time(value: time) -> str:
    exact_minute = value.second == 0 and value.microsecond == 0
    return value.isoformat(timespec="minutes" if exact_minute else "auto")


def _enum_hook(cls: type[enum.Enum]) -> Callable[[Any, Any], enum.Enum]:
    # The value map is what `cls(value)` looks in first; a miss takes the slow,
    # explaining route, so results and errors are those of `cls(value)`.
    members = cls._value2member_map_

    def hook(value: Any, _: Any) -> enum.Enum:
        try:
            return members[value]
        except (KeyError, TypeError):
            return _structure_enum(value, cls)

    return hook


def _is_optional(tp: Any) -> bool:
    args = typing.get_args(tp)
    return (
        typing.get_origin(tp) in (typing.Union, types.UnionType)
        and len(args) == 2
        and type(None) in args
    )


def _optional_hook(conv: cattrs.Converter, tp: Any) -> Callable[[Any, Any], Any]:
    inner = next(a for a in typing.get_args(tp) if a is not type(None))
    structure_inner = conv.get_structure_hook(inner)

    def hook(value: Any, _: Any) -> Any:
        return None if value is None else structure_inner(value, inner)

    return hook


def _optional_unhook(conv: cattrs.Converter, tp: Any) -> Callable[[Any], Any]:
    inner = next(a for a in typing.get_args(tp) if a is not type(None))
    unstructure_inner = conv.get_unstructure_hook(inner)

    def hook(value: Any) -> Any:
        return None if value is None else unstructure_inner(value)

    return hook


def _structure_enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in cls)
        quoted = shown(value, 40) if isinstance(value, str) else _kind(value)
        raise ValueError(f"{quoted} is not one of {allowed}") from None


def _structure_data_type(value: Any, _: Any) -> DataType:
    found = DataType.from_wire(value)
    if found is None:
        allowed = ", ".join(repr(dt.wire_name) for dt in DataType)
        quoted = shown(value, 40) if isinstance(value, str) else _kind(value)
        raise ValueError(f"{quoted} is not one of {allowed}")
    return found


def _is_enum(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, enum.Enum)


def _is_sequence(tp: Any) -> bool:
    return typing.get_origin(tp) in (tuple, frozenset)


def _sequence_hook(conv: cattrs.Converter, tp: Any, detailed: bool) -> Callable[[Any, Any], Any]:
    origin = typing.get_origin(tp)
    inner = typing.get_args(tp)[0]
    structure_item = conv.get_structure_hook(inner)

    def fast(value: Any, _: Any) -> Any:
        if not isinstance(value, list):
            raise TypeError(f"expected an array, got {_kind(value)}")
        items = [structure_item(item, inner) for item in value]
        return tuple(items) if origin is tuple else frozenset(items)

    if not detailed:
        return fast

    def hook(value: Any, _: Any) -> Any:
        if not isinstance(value, list):
            raise TypeError(f"expected an array, got {_kind(value)}")
        items, problems = [], []
        for i, item in enumerate(value):
            try:
                items.append(structure_item(item, inner))
            except Exception as exc:  # noqa: BLE001 - every item's problem is collected
                problems += problems_of(exc, f"$[{i}]")
        if problems:
            raise ValidationError(problems)
        return tuple(items) if origin is tuple else frozenset(items)

    return hook


def _unstructure_sequence(value: tuple[Any, ...] | frozenset[Any]) -> list[Any]:
    items = [converter.unstructure(x) for x in value]
    # Sets have no order; sort them so the same object always writes the same bytes.
    return sorted(items, key=repr) if isinstance(value, frozenset) else items


def _attrs_structure_factory(conv: cattrs.Converter, cls: type[Any]) -> Callable[[Any, Any], Any]:
    renames = {
        a.name: override(rename=wire_name(cls, a.name))
        for a in attrs.fields(cls)
        if wire_name(cls, a.name) != a.name
    }
    inner = make_dict_structure_fn(cls, conv, **renames)  # type: ignore[arg-type]

    def hook(value: Any, _: Any) -> Any:
        if not isinstance(value, dict):
            raise TypeError(f"expected an object, got {_kind(value)}")
        return inner(value, cls)

    return hook


def _attrs_unstructure_factory(
    conv: cattrs.Converter, cls: type[Any]
) -> Callable[[Any], dict[str, Any]]:
    renames = {
        a.name: override(rename=wire_name(cls, a.name))
        for a in attrs.fields(cls)
        if wire_name(cls, a.name) != a.name
    }
    return make_dict_unstructure_fn(cls, conv, **renames)  # type: ignore[arg-type]


def _make_converter(*, detailed: bool = True) -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(datetime, parse_datetime)
    conv.register_unstructure_hook(datetime, _unstructure_datetime)
    conv.register_structure_hook(date, parse_date)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook(time, parse_time)
    conv.register_unstructure_hook(time, _unstructure_time)
    for ident in _IDENTIFIERS:
        conv.register_structure_hook(ident, _make_identifier_hook(ident))
        conv.register_unstructure_hook(ident, str)
    conv.register_structure_hook_factory(_is_enum, _enum_hook)
    conv.register_unstructure_hook_func(_is_enum, operator.attrgetter("_value_"))
    # A data type goes by the national profile's name on the wire, not the enum's value.
    conv.register_structure_hook_func(lambda t: t is DataType, _structure_data_type)
    conv.register_unstructure_hook_func(lambda t: t is DataType, operator.attrgetter("wire_name"))
    conv.register_structure_hook_factory(_is_optional, lambda t: _optional_hook(conv, t))
    conv.register_unstructure_hook_factory(_is_optional, lambda t: _optional_unhook(conv, t))
    conv.register_structure_hook_factory(_is_sequence, lambda t: _sequence_hook(conv, t, detailed))
    conv.register_unstructure_hook_func(_is_sequence, _unstructure_sequence)
    if detailed:
        conv.register_structure_hook_factory(attrs.has, lambda t: _attrs_structure_factory(conv, t))
    else:
        idents = frozenset(_IDENTIFIERS)
        conv.register_structure_hook_factory(attrs.has, lambda t: structure_fn(conv, t, idents))
    conv.register_unstructure_hook_factory(attrs.has, lambda t: _attrs_unstructure_factory(conv, t))
    return conv


def _make_identifier_hook(ident: type[str]) -> Callable[[Any, Any], str]:
    def hook(value: Any, _: Any) -> str:
        if not isinstance(value, str):
            raise TypeError(f"expected a string, got {_kind(value)}")
        try:
            return ident(value)
        except ValidationError as exc:
            raise ValueError(exc.problems[0].message) from None

    return hook


converter: cattrs.Converter = _make_converter()
_fast: cattrs.Converter = _make_converter(detailed=False)
"""The SDK's converter. Use `structure`/`unstructure` rather than calling it directly."""


def problems_of(exc: BaseException, path: str = "$", cls: type[Any] | None = None) -> list[Problem]:
    """Flatten a cattrs error tree into problems with JSON paths."""
    if isinstance(exc, ClassValidationError):
        noted, plain = exc.group_exceptions()
        out: list[Problem] = []
        for sub, note in noted:
            name = getattr(note, "name", "?")
            out += problems_of(sub, f"{path}.{wire_name(exc.cl, name)}", None)
        for sub in plain:
            out += problems_of(sub, path, exc.cl)
        return out
    if isinstance(exc, IterableValidationError):
        noted_items, plain_items = exc.group_exceptions()
        out = []
        for item, item_note in noted_items:
            out += problems_of(item, f"{path}[{getattr(item_note, 'index', '?')}]", None)
        for sub in plain_items:
            out += problems_of(sub, path, None)
        return out
    if isinstance(exc, ForbiddenExtraKeysError):
        return unknown_key_problems(path, exc.extra_fields, getattr(exc, "cl", None))
    if isinstance(exc, ValidationError):
        return [_relocate(p, path, cls) for p in exc.problems]
    if isinstance(exc, KeyError):
        return [Problem(location=path, message="required key is missing")]
    return [Problem(location=path, message=str(exc) or type(exc).__name__)]


_SHOWABLE_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}")


def unknown_key_problems(path: str, keys: Iterable[str], cls: type[Any] | None) -> list[Problem]:
    """Problems for unknown keys in the object at `path`, never echoing a key that may identify.

    A key's text comes from the input and may be anything: a key named after a
    patient must not be printed. A key is shown only when it is a near-miss of
    one of `cls`'s wire names, with the name it probably meant: a case or
    underscore variant (`practiceCode`), or, for keys of 8 characters or more
    or holding `_`, within edit distance 2 ignoring case (`practise_code`);
    only letters, digits and `_`, and nothing the identifier scanner refuses.
    Every other key is counted, not shown: "an unknown key (not shown)" at the
    object's path.
    """
    known = [wire_name(cls, a.name) for a in attrs.fields(cls)] if cls and attrs.has(cls) else []
    out: list[Problem] = []
    hidden = 0
    for key in sorted(str(k) for k in keys):
        meant = _near_miss(key, known)
        if meant is None:
            hidden += 1
        else:
            message = f"unknown key (did you mean {meant}?)"
            out.append(Problem(location=f"{path}.{key}", message=message))
    if hidden:
        what = "an unknown key" if hidden == 1 else f"{hidden} unknown keys"
        out.insert(0, Problem(location=path, message=f"{what} (not shown)"))
    return out


def _near_miss(key: str, known: list[str]) -> str | None:
    if not _SHOWABLE_KEY.fullmatch(key):
        return None
    if find_identifiers(key):
        return None
    bare = key.lower().replace("_", "")
    for name in known:
        # A case or underscore variant (`practiceCode`) carries nothing of its own.
        if bare == name.lower().replace("_", ""):
            return name
    if len(key) < 8 and "_" not in key:  # a short word might be a surname (`Tate`)
        return None
    for name in known:
        if abs(len(name) - len(key)) <= 2 and _distance(key.lower(), name.lower()) <= 2:
            return name
    return None


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (the keys are short: at most 40 characters)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _relocate(problem: Problem, path: str, cls: type[Any] | None) -> Problem:
    loc = problem.location
    if loc.startswith("$"):
        return attrs.evolve(problem, location=path + loc[1:])
    head, _, rest = loc.partition("[")
    name = wire_name(cls, head) if cls is not None else head
    return attrs.evolve(problem, location=f"{path}.{name}" + (f"[{rest}" if rest else ""))


def structure(data: Any, cls: type[T], *, path: str = "$", subject: str = "") -> T:
    """Build a `cls` from JSON-shaped data, or raise `ValidationError` listing every problem."""
    try:
        return _fast.structure(data, cls)
    except Exception:  # noqa: BLE001, S110 - the detailed converter below says what is wrong
        pass
    try:
        return converter.structure(data, cls)
    except (ClassValidationError, IterableValidationError, ValidationError) as exc:
        raise ValidationError(problems_of(exc, path), subject=subject) from None
    except (TypeError, ValueError) as exc:
        raise ValidationError([Problem(location=path, message=str(exc))], subject=subject) from None


def unstructure(obj: Any) -> Any:
    """Turn a model into JSON types only (dict, list, str, int, float, bool, None)."""
    if obj.__class__ in (list, tuple):
        # What cattrs does for a bare list or tuple, without a dispatch per item.
        hooks: dict[type[Any], Callable[[Any], Any]] = {}
        out = []
        for item in obj:
            hook = hooks.get(item.__class__)
            if hook is None:
                hook = hooks[item.__class__] = converter.get_unstructure_hook(item.__class__)
            out.append(hook(item))
        return out
    return converter.unstructure(obj)


def to_json(obj: Any, *, indent: bool = False) -> bytes:
    """Serialise a model as UTF-8 JSON bytes, keys in field order."""
    option = orjson.OPT_INDENT_2 if indent else 0
    return orjson.dumps(unstructure(obj), option=option)


def from_json(data: bytes | str, cls: type[T], *, subject: str = "") -> T:
    """Parse JSON and structure it as `cls`; syntax errors name line and column."""
    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise ValidationError(
            [Problem(location=where, message=f"invalid JSON: {exc.msg}")], subject=subject
        ) from None
    return structure(raw, cls, subject=subject)
