"""The converter's fast path: one generated function per attrs class, no error bookkeeping.

cattrs' detailed validation wraps every field in its own try/except and
collects notes so that every problem can be reported with its path. That is
the right thing for bad input and pure overhead for good input, which is
nearly all of it. `structure_fn` builds, for one attrs class, a function that
reads each wire key, applies the same hook the detailed converter applies and
calls the class, raising *something* on anything it does not like.

The contract that makes this safe: a fast function accepts nothing that the
detailed converter refuses, and builds the same object when it accepts. It may
refuse more (a `dict` subclass, an enum member where a value is expected): the
caller then re-runs the detailed converter from scratch, which decides, and
whose errors are the only ones a user ever sees.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable
from datetime import datetime
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn

from gponline_sdk.models.usage import DataType
from gponline_sdk.serde.wire_names import wire_name

_FROM_WIRE = {dt.wire_name: dt for dt in DataType}

__all__ = ["structure_fn"]

# Types whose hook returns the value itself when its class is exactly this.
# Checked inline to spare a call; anything else still goes through the hook.
_PASS_THROUGH = (str, int, bool)


def _inline(tp: Any) -> bool:
    return tp in _PASS_THROUGH or (isinstance(tp, type) and issubclass(tp, enum.Enum))


def _optional_inner(tp: Any) -> Any:
    """X for `X | None` when X is read inline, else None."""
    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return None
    args = typing.get_args(tp)
    if len(args) != 2 or type(None) not in args:
        return None
    inner = args[0] if args[1] is type(None) else args[1]
    return inner if _inline(inner) else None


def _read(i: int, tp: Any, var: str, indent: str, constructors: frozenset[type]) -> list[str]:
    """Lines that structure `var` in place as field `i` of type `tp`."""
    if tp in constructors:
        # A str subclass whose constructor validates (OdsCode): its hook calls it on a str.
        return [
            f"{indent}if {var}.__class__ is str:",
            f"{indent}    {var} = t{i}({var})",
            f"{indent}else:",
            f"{indent}    {var} = h{i}({var}, t{i})",
        ]
    if tp is datetime:
        # `parse_datetime` on the usual `...Z`, inline; `fromisoformat` takes a date
        # alone with an offset as naive, so the check stays. Anything else: the hook.
        return [
            f"{indent}if {var}.__class__ is str and {var}[-1:] == 'Z':",
            f"{indent}    {var} = fromiso({var}[:-1] + '+00:00')",
            f"{indent}    if {var}.tzinfo is None:",
            f"{indent}        raise ValueError",
            f"{indent}else:",
            f"{indent}    {var} = h{i}({var}, t{i})",
        ]
    if tp in _PASS_THROUGH:
        return [
            f"{indent}if {var}.__class__ is not t{i}:",
            f"{indent}    {var} = h{i}({var}, t{i})",
        ]
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        # A miss raises KeyError (or TypeError if unhashable) and the detailed path explains.
        return [f"{indent}{var} = m{i}[{var}]"]
    return [f"{indent}{var} = h{i}({var}, t{i})"]


def structure_fn(
    conv: cattrs.Converter, cls: type[Any], constructors: frozenset[type] = frozenset()
) -> Callable[[Any, Any], Any]:
    """The fast structure function for attrs class `cls`, using `conv`'s hooks for its fields.

    `constructors` are types whose hook, given a `str`, returns `tp(value)`.
    """
    attrs.resolve_types(cls)
    fields = [a for a in attrs.fields(cls) if a.init]
    if any(a.type is None or isinstance(a.default, attrs.Factory) for a in fields):  # type: ignore[arg-type]
        # Not generated for: cattrs' own non-detailed function is equally safe, just slower.
        return make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True)
    ns: dict[str, Any] = {
        "cls": cls,
        "keys": frozenset(wire_name(cls, a.name) for a in fields),
        "fromiso": datetime.fromisoformat,
    }
    body = [
        "def structure(o, _=None):",
        "    if o.__class__ is not dict or not o.keys() <= keys:",
        "        raise TypeError",
    ]
    for i, a in enumerate(fields):
        inner = _optional_inner(a.type)
        tp = a.type if inner is None else inner
        ns[f"h{i}"], ns[f"t{i}"], ns[f"d{i}"] = conv.get_structure_hook(tp), tp, a.default
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            # DataType goes by the national profile's names, not its enum values.
            ns[f"m{i}"] = _FROM_WIRE if tp is DataType else tp._value2member_map_
        key, var = repr(wire_name(cls, a.name)), f"x{i}"
        if a.default is attrs.NOTHING:
            indent = "    "
            body.append(f"{indent}{var} = o[{key}]")
        else:
            # Passing the default itself is what attrs' __init__ does when it is left out.
            body += [f"    if {key} not in o:", f"        {var} = d{i}", "    else:"]
            indent = "        "
            body.append(f"{indent}{var} = o[{key}]")
        if inner is None:
            body += _read(i, tp, var, indent, constructors)
        else:
            body.append(f"{indent}if {var} is not None:")
            body += _read(i, tp, var, indent + "    ", constructors)
    body.append(
        "    return cls(" + ", ".join(f"{a.alias}=x{i}" for i, a in enumerate(fields)) + ")"
    )
    name = f"<gponline fast structure {cls.__module__}.{cls.__qualname__}>"
    exec(compile("\n".join(body) + "\n", name, "exec"), ns)  # noqa: S102 - our own source text
    hook: Callable[[Any, Any], Any] = ns["structure"]
    return hook
