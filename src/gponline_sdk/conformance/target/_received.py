"""Say what a response carried where it broke the contract, without showing identifiers.

A failure message names the field (JSON path), what the contract expects and
what was received. The received value is shown by its *shape*: letters become
``a``/``A``, digits ``9``, other characters stay, so a record ID of the wrong
shape (``OC-9999-aaaa`` where ``aaaaaaaa-aaaa-...`` was due) is plain to see
while no identifier, name or number is ever quoted. Only ``true``, ``false``
and ``null`` are shown as they are.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from gponline_sdk.errors import Problem

__all__ = ["describe_problem", "received_at", "shape"]

_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")
_MISSING = object()
_MAX_SHAPE = 60


def shape(value: str) -> str:
    """The value's shape: letters as ``a``/``A``, digits as ``9``, the rest kept.

    >>> shape("OC-2026-Ab1")
    'AA-9999-Aa9'
    """
    out = "".join(
        "9" if c.isdigit() else ("A" if c.isupper() else "a") if c.isalpha() else c
        for c in value[:_MAX_SHAPE]
    )
    return out + ("..." if len(value) > _MAX_SHAPE else "")


def received_at(data: Any, location: str) -> Any:
    """The value at a JSON path such as ``$.items[2].reference``, or a sentinel when absent."""
    if not location.startswith("$"):
        return _MISSING
    value = data
    for key, index in _STEP.findall(location[1:]):
        if key and isinstance(value, dict) and key in value:
            value = value[key]
        elif index and isinstance(value, list) and int(index) < len(value):
            value = value[int(index)]
        else:
            return _MISSING
    return value


def _render(value: Any) -> str:
    if value is _MISSING:
        return "nothing"
    if value is None or isinstance(value, bool):
        return orjson.dumps(value).decode()
    if isinstance(value, str):
        return f'a string of {len(value)} characters shaped "{shape(value)}"'
    if isinstance(value, int | float):
        return f"a number shaped {shape(str(value))}"
    if isinstance(value, list):
        return f"an array of {len(value)} items"
    return f"an object with {len(value)} keys"


def describe_problem(problem: Problem, text: str) -> str:
    """``$.path: expected ...; received ...`` for one problem found in a response body."""
    if not problem.location.startswith("$"):
        # Not JSON at all: say so, with the body's size, never its content.
        return f"the body is not JSON ({problem.message}; {len(text)} characters received)"
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        data = None
    received = _render(received_at(data, problem.location))
    return f"{problem.location}: {problem.message}; received {received}"
