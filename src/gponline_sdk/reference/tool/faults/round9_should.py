"""Round 9's SHOULD-only fault modes: a malformed SHOULD field must fail that SHOULD only.

The ninth outside set's control `b9-symptom-checker-relative-path` sent a relative link as
`capabilities.symptom_checker_url`: the suite failed eleven MUSTs, because every check that
reads the capabilities refused the whole body. These faults send a capabilities body that
breaks the schema in a SHOULD-only field (contract 2.4.0: read as absent by every other check).
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from gponline_sdk.errors import Problem

__all__ = ["capabilities", "quoted"]

_BROKEN = {
    "capabilities-symptom-checker-not-https": ("symptom_checker_url", "http://111.nhs.uk/"),
    "capabilities-safeguard-too-short": ("urgent_use_safeguard", "Urgent?"),
}
"""Fault -> the SHOULD-only field it breaks and what it sends there instead."""


def capabilities(fault: str | None, answer: tuple[int, bytes]) -> tuple[int, bytes]:
    """The capabilities answer, with one SHOULD-only field broken when a fault says so."""
    broken = _BROKEN.get(fault or "")
    if broken is None:
        return answer
    status, body = answer
    data = orjson.loads(body)
    field, value = broken
    data[field] = value
    return status, orjson.dumps(data)


_PATH_PART = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def quoted(fault: str | None, body: bytes, problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    """Fault errors-quote-the-value: each problem's message ends with the value refused."""
    if fault != "errors-quote-the-value":
        return problems
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return problems
    out = []
    for problem in problems:
        value = _at(data, problem.location)
        if isinstance(value, str):
            said = f"{problem.message} (you sent {value[:40]!r})"
            problem = Problem(location=problem.location, message=said)  # noqa: PLW2901
        out.append(problem)
    return tuple(out)


def _at(data: Any, location: str) -> Any:
    """The value at a JSON path such as `$.patient.nhs_number` or `$.address_lines[1]`."""
    if not location.startswith("$"):
        return None
    for name, index in _PATH_PART.findall(location[1:]):
        if name and isinstance(data, dict):
            data = data.get(name)
        elif index and isinstance(data, list) and int(index) < len(data):
            data = data[int(index)]
        else:
            return None
    return data
