"""Deliberately invalid data: bad identifiers, and JSON with known breaks at known paths.

The converter reports field-level problems (wrong type, bad identifier, bad
enum, naive datetime, unknown or missing key) all at once, but a model's own
validators and cross-field rules run only when its fields all structured, and
stop at the first failure. So a "semantic" break (one only a model's
constructor catches) is combined only with breaks outside that model's
object; that keeps the expected paths exact.
"""

from __future__ import annotations

import copy
import enum
import string
import types
import typing
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any, TypeAlias

import attrs
from hypothesis import strategies as st

from gponline_sdk.models import (
    NhsNumber,
    OdsCode,
    SupplierId,
    nhs_number_check_digit,
)
from gponline_sdk.serde import unstructure, wire_name
from gponline_sdk.testing._semantic import Patch, cross_field_break, semantic_values

__all__ = ["Broken", "invalid_nhs_numbers", "invalid_ods_codes", "wire_breaks"]

Broken: TypeAlias = tuple[dict[str, Any], set[str]]
"""`(data, expected_paths)`: broken JSON data and the paths its error must name."""

Step: TypeAlias = "str | int"
Edit: TypeAlias = Callable[[dict[str, Any]], None]


def invalid_ods_codes() -> st.SearchStrategy[str]:
    """Strings that are not GP practice ODS codes (near misses first, then any text).

    >>> value = invalid_ods_codes().example()
    >>> isinstance(value, str)
    True
    """
    near = st.sampled_from(
        [
            "A8100",
            "A810011",
            "a81001",
            "AB1001",
            "A81O01",
            "",
            " A81001",
            "A81001 ",
            "RXX",
            "1A8100",
        ]
    )
    anything = st.text(max_size=12).filter(lambda s: not _is(OdsCode, s))
    return st.one_of(near, anything)


@st.composite
def invalid_nhs_numbers(draw: st.DrawFn) -> str:
    """Strings that are not valid NHS numbers, all at least nine characters long.

    Wrong check digit, only nine digits, eleven digits, a letter among the
    digits, and nine digits whose check digit would be 10 (no valid number
    starts with them). All start 999, the synthetic range.

    >>> len(invalid_nhs_numbers().example()) >= 9
    True
    """
    nine = draw(st.integers(999_000_000, 999_999_999).map(lambda n: f"{n:09d}"))
    check = nhs_number_check_digit(nine)
    kind = draw(st.sampled_from(["wrong_check", "nine", "eleven", "letter", "spaced"]))
    if check is None or kind == "wrong_check":
        # With no possible check digit, any tenth digit is wrong: the "10" case.
        value = nine + str(draw(st.integers(0, 9).filter(lambda d: d != check)))
    elif kind == "nine":
        value = nine
    elif kind == "eleven":
        value = f"{nine}{check}{draw(st.integers(0, 9))}"
    elif kind == "letter":
        at = draw(st.integers(0, 9))
        full = f"{nine}{check}"
        value = full[:at] + draw(st.sampled_from(string.ascii_letters)) + full[at + 1 :]
    else:
        wrong = (check + draw(st.integers(1, 9))) % 10
        value = f"{nine[:3]} {nine[3:6]} {nine[6:]}{wrong}"
    return value


def _is(kind: type[str], value: str) -> bool:
    try:
        kind(value)
    except ValueError:
        return False
    return True


@attrs.frozen(kw_only=True)
class _Candidate:
    """One possible break: its path, the object whose check reports it, how to apply it."""

    path: str
    obj: str
    semantic: bool
    edits: st.SearchStrategy[Edit]


def _inside(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith((prefix + ".", prefix + "["))


def _compatible(new: _Candidate, chosen: list[_Candidate]) -> bool:
    for old in chosen:
        if _inside(new.path, old.path) or _inside(old.path, new.path):
            return False
        if (new.semantic and _inside(old.path, new.obj)) or (
            old.semantic and _inside(new.path, old.obj)
        ):
            return False
    return True


def _setter(steps: tuple[Step, ...], value: Any) -> Edit:
    def edit(root: dict[str, Any]) -> None:
        _holder(root, steps)[steps[-1]] = value

    return edit


def _deleter(steps: tuple[Step, ...]) -> Edit:
    def edit(root: dict[str, Any]) -> None:
        del _holder(root, steps)[steps[-1]]

    return edit


def _patcher(steps: tuple[Step, ...], patch: Patch) -> Edit:
    def edit(root: dict[str, Any]) -> None:
        target: Any = root
        for step in steps:
            target = target[step]
        patch(target)

    return edit


def _holder(root: dict[str, Any], steps: tuple[Step, ...]) -> Any:
    target: Any = root
    for step in steps[:-1]:
        target = target[step]
    return target


def _unwrap(tp: Any) -> tuple[Any, bool]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0], True
    return tp, False


_JSON_WRONG: dict[str, list[Any]] = {
    "string": [12, True, [], {}, 1.5],
    "integer": ["12", 1.5, True, [], {}],
    "boolean": ["yes", "true", 1, 0, []],
    "object": ["x", [], 3],
    "array": ["x", {}, 3, True],
}


def _kind(tp: Any) -> str:
    if tp is bool:
        return "boolean"
    if tp is int:
        return "integer"
    if isinstance(tp, type) and attrs.has(tp):
        return "object"
    if typing.get_origin(tp) in (tuple, frozenset):
        return "array"
    return "string"


# The bad date-times differ from the example the converter's message gives
# (2026-11-16T09:30:00+00:00), so a test that the message never echoes the
# value it refused cannot be fooled by the fixed example containing it.
_BAD_TEXT: dict[Any, list[str]] = {
    SupplierId: ["_ACME", "a", "acme-oc", "A" * 41, "ACME OC", ""],
    datetime: ["2026-11-17T14:05:00", "2026-11-17", "17/11/2026 14:05", "2026-13-01T00:00:00Z", ""],
    date: ["2026-02-30", "16/11/2026", "2026-11-16T00:00:00Z", "20261116"],
    time: ["8am", "25:00", "0800", "08-00"],
}


def _bad_strings(tp: Any) -> st.SearchStrategy[Any] | None:
    if tp is OdsCode:
        return invalid_ods_codes()
    if tp is NhsNumber:
        return invalid_nhs_numbers()
    if tp in _BAD_TEXT:
        return st.sampled_from(_BAD_TEXT[tp])
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        values = {m.value for m in tp}
        return st.sampled_from(["not_a_value", "", *(str(v).upper() for v in values)]).filter(
            lambda s: s not in values
        )
    return None


def _at(path: str, step: Step) -> str:
    return f"{path}[{step}]" if isinstance(step, int) else f"{path}.{step}"


def _path(steps: tuple[Step, ...]) -> str:
    path = "$"
    for step in steps:
        path = _at(path, step)
    return path


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _value_candidates(
    steps: tuple[Step, ...], obj: str, tp: Any, *, optional: bool, required: bool
) -> list[_Candidate]:
    path = _path(steps)
    wrong: list[Any] = list(_JSON_WRONG[_kind(tp)]) + ([] if optional else [None])
    options = [st.sampled_from(wrong)]
    bad = _bad_strings(tp)
    if bad is not None:
        options.append(bad)
    edits = st.one_of(options).map(lambda x: _setter(steps, x))
    out = [_Candidate(path=path, obj=obj, semantic=False, edits=edits)]
    if required:
        out.append(_Candidate(path=path, obj=obj, semantic=False, edits=st.just(_deleter(steps))))
    return out


def _candidates(data: Any, cls: type[Any], steps: tuple[Step, ...], path: str) -> list[_Candidate]:
    hints = typing.get_type_hints(cls)
    wires = {wire_name(cls, f.name) for f in attrs.fields(cls)}
    # A made-up key, and the camelCase spelling of a real field (a common slip).
    camel = [c for c in map(_camel, sorted(wires)) if c not in wires][:1]
    unknown = {"extra_key", *camel}
    out = [
        _Candidate(
            # A made-up key is not shown (it could be anything, a patient's name
            # included): the problem is located at its object. A near-miss of a
            # real field is named, with the suggestion.
            path=path if key == "extra_key" else _at(path, key),
            obj=path,
            semantic=False,
            edits=st.just(_setter((*steps, key), 1)),
        )
        for key in sorted(unknown)
    ]
    for field in attrs.fields(cls):
        wire = wire_name(cls, field.name)
        tp, optional = _unwrap(hints[field.name])
        fsteps, fpath = (*steps, wire), _at(path, wire)
        required = field.default is attrs.NOTHING
        out += _value_candidates(fsteps, path, tp, optional=optional, required=required)
        value = data[wire]
        for bad in semantic_values(cls, field.name):
            edit = st.just(_setter(fsteps, bad))
            out.append(_Candidate(path=fpath, obj=path, semantic=True, edits=edit))
        if isinstance(value, dict) and attrs.has(tp):
            out += _candidates(value, tp, fsteps, fpath)
        elif isinstance(value, list):
            (inner,) = typing.get_args(tp)[:1]
            for i, item in enumerate(value):
                isteps, ipath = (*fsteps, i), _at(fpath, i)
                out += _value_candidates(isteps, fpath, inner, optional=False, required=False)
                if isinstance(item, dict) and attrs.has(inner):
                    out += _candidates(item, inner, isteps, ipath)
    rule = cross_field_break(cls)
    if rule is not None:
        field_name, patch = rule
        edit = st.just(_patcher(steps, patch))
        out.append(_Candidate(path=_at(path, field_name), obj=path, semantic=True, edits=edit))
    return out


def wire_breaks(model: type[Any], valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Broken]:
    """Break one to three places of a valid value's JSON; see `strategies.invalid_wire_data`."""

    @st.composite
    def broken(draw: st.DrawFn) -> Broken:
        data = unstructure(draw(valid))
        candidates = _candidates(data, model, (), "$")
        picks = draw(st.lists(st.sampled_from(range(len(candidates))), min_size=1, max_size=3))
        chosen: list[_Candidate] = []
        for i in picks:
            if _compatible(candidates[i], chosen):
                chosen.append(candidates[i])
        edits = [draw(c.edits) for c in chosen]
        data = copy.deepcopy(data)
        for edit in edits:
            edit(data)
        return data, {c.path for c in chosen}

    return broken()
