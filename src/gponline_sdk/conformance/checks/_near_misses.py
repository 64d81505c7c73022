"""Near misses of a pattern: values a laxer parser than the contract's would accept.

Part of `_leaf_cases` (split for length). From one valid value of a string field
with a `pattern` or `format`, each way real parsers read "close enough" as valid:
a date with a time after it (a date-time parser cut to its first 10 characters), the
same date in ISO 8601's basic, week or ordinal form (round 13),
whitespace around the value or a line break before it (a `strip()` before the
check), a trailing dot, a separator doubled, a second '@' (a "contains '@'" email
check), full-width or Arabic-Indic digits (`int()` and a regex's "digit" class in
many languages read them), and the value with more
after it (a parser that stops at the first character it does not want). Each is
kept only when the contract refuses it: its pattern read as JSON Schema reads one
(ECMA-262: `$` is the end of the text, `[0-9]` is ASCII), or its `format`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from gponline_sdk.conformance.checks._schema_rules import format_ok

__all__ = ["near_misses", "schema_refuses"]

_FULL_WIDTH = str.maketrans("0123456789", "".join(chr(0xFF10 + i) for i in range(10)))
_ARABIC_INDIC = str.maketrans("0123456789", "".join(chr(0x0660 + i) for i in range(10)))


def _ecma(pattern: str) -> re.Pattern[str]:
    """The pattern as ECMA-262 reads it: a final `$` is the end of the text, not a line's."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern, re.ASCII)


def schema_refuses(s: dict[str, Any], value: str) -> bool:
    """Whether string schema `s` refuses `value` by its pattern or format (lengths aside)."""
    if "pattern" in s and _ecma(s["pattern"]).search(value) is None:
        return True
    return not format_ok(s.get("format"), value)


def _candidates(valid: str, fmt: Any) -> list[tuple[str, str]]:
    """(value, how) near misses of `valid`, most realistic first."""
    out: list[tuple[str, str]] = []
    if fmt == "date" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", valid):
        out += [(valid + "T00:00:00", "with a time after the date")]
        out += [(valid + " 00:00", "with a time after a space")]
        out += _iso_forms(valid)
    out += [
        (" " + valid, "with a leading space"),
        (valid + " ", "with a trailing space"),
        # A leading line break, not a trailing one: Python's `$` also matches before a final
        # "\n", a laxness common enough that the suite leaves it to the lead to decide on.
        ("\n" + valid, "with a leading newline"),
        (valid + "\u00a0", "with a trailing no-break space"),
        (valid + ".", "with a trailing dot"),
    ]
    if "@" in valid:
        domain = valid.rsplit("@", 1)[1]
        out += [(f"{valid}@{domain}", "with a second '@'")]
    for sep in dict.fromkeys(c for c in valid if not c.isalnum()):
        out += [(valid.replace(sep, sep * 2, 1), f"with {sep!r} doubled")]
    if any(c.isdigit() for c in valid):
        out += [(valid.translate(_FULL_WIDTH), "in full-width digits")]
        out += [(valid.translate(_ARABIC_INDIC), "in Arabic-Indic digits")]
    if valid:
        # A parser that stops at the first character it does not want reads only `valid`.
        out += [(valid + valid[-1], "with its last character repeated")]
        out += [(valid + "x1", "with more after it")]
    return out


def _iso_forms(valid: str) -> list[tuple[str, str]]:
    """(Round 13) The same day in ISO 8601's other forms, which parsers read as the date.

    Python 3.11's `date.fromisoformat` (and many ISO parsers) take the basic form
    (19900512), the week date (1990-W19-6) and the ordinal date (1990-132). The contract's
    date is RFC 3339's full-date only.
    """
    try:
        day = date.fromisoformat(valid)
    except ValueError:
        return []
    year, week, weekday = day.isocalendar()
    return [
        (f"{day:%Y%m%d}", "in ISO 8601's basic form"),
        (f"{year:04d}-W{week:02d}-{weekday}", "as an ISO 8601 week date"),
        (f"{day:%Y}-{day.timetuple().tm_yday:03d}", "as an ISO 8601 ordinal date"),
    ]


def near_misses(s: dict[str, Any], valid: str) -> list[tuple[str, str]]:
    """Near misses of `valid` that string schema `s` refuses by its pattern or format.

    Only for a field with a `pattern` or `format`, and only candidates within the
    schema's lengths (so it is the pattern that refuses them, not a length).
    """
    if not valid or not ({"pattern", "format"} & set(s)) or schema_refuses(s, valid):
        return []
    lo, hi = s.get("minLength", 0), s.get("maxLength")
    seen: set[str] = set()
    out = []
    for value, how in _candidates(valid, s.get("format")):
        if value in seen or not lo <= len(value) <= (hi if hi is not None else len(value)):
            continue
        seen.add(value)
        if schema_refuses(s, value):
            out.append((value, how))
    for value, how in _counted(s, valid):
        if value not in seen and lo <= len(value) <= (hi if hi is not None else len(value)):
            seen.add(value)
            out.append((value, how))
    return out


def _counted(s: dict[str, Any], valid: str) -> list[tuple[str, str]]:
    """Round 11: one digit past the most the pattern allows, and one short of the least.

    A field whose pattern counts digits (a phone's 10 to 13) is refused just past the
    count; an input box's `maxlength` that cuts the 14th digit off and takes the rest
    is found only by a value of exactly that many.
    """
    digits = [i for i, c in enumerate(valid) if c.isdigit()]
    if not digits:
        return []
    last = valid[digits[-1]]
    out = []
    for k in range(1, 9):
        longer = valid[: digits[-1] + 1] + last * k + valid[digits[-1] + 1 :]
        if schema_refuses(s, longer):
            out.append((longer, f"with {k} more digit{'s' * (k > 1)}, past the most allowed"))
            break
    for k in range(1, min(len(digits), 9)):
        dropped = set(digits[-k:])
        shorter = "".join(c for i, c in enumerate(valid) if i not in dropped)
        if schema_refuses(s, shorter):
            out.append((shorter, f"with {k} digit{'s' * (k > 1)} fewer, short of the least"))
            break
    return out
