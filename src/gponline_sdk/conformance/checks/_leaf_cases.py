"""Ways to break one leaf of a schema: a wrong JSON type, a string off its keywords.

Part of `_invalid_bodies` (split for length): the wrong type no common JSON binder
coerces, near misses of a pattern (and from `_near_misses` each one a laxer parser
reads), a `format`'s impossible values, and an instant
misspelt as clients and libraries write it (each kept only when the contract's own
pattern, or RFC 3339's grammar where it states none, refuses it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from gponline_sdk.conformance.checks._near_misses import near_misses
from gponline_sdk.conformance.checks._schema_rules import resolve
from gponline_sdk.models import is_valid_nhs_number, nhs_number_check_digit

__all__ = [
    "UNICODE_DASHES",
    "Mutation",
    "enum_outsiders",
    "instant_breakers",
    "nhs_number_breakers",
    "string_cases",
    "types_of",
    "wrong_type",
]

_NAIVE = re.compile(r"(Z|z|[+-]\d{2}:?\d{2})$")
_INSTANT = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}):(\d{2})(\.\d+)?(Z|z|[+-]\d{2}:?\d{2})?$"
)
# RFC 3339's own date-time, for a `format: date-time` that states no pattern: seconds and an
# offset are required there; fractional digits are not limited and T and Z may be lowercase.
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def types_of(schema: dict[str, Any], components: dict[str, Any]) -> set[str]:
    """The JSON types a schema allows (all of them when it does not say)."""
    schema = resolve(schema, components)
    kind = schema.get("type")
    branches = schema.get("anyOf") or schema.get("oneOf")
    if kind is None and branches:
        return set().union(*(types_of(b, components) for b in branches))
    if kind is None:
        return {"string", "integer", "number", "boolean", "object", "array", "null"}
    kinds = {kind} if isinstance(kind, str) else set(kind)
    return kinds | {"integer"} if "number" in kinds else kinds


def wrong_type(allowed: set[str]) -> tuple[Any, str] | None:
    """A value of a JSON type the schema does not allow, and what it expected."""
    words = {
        "string": "a string",
        "integer": "an integer",
        "number": "a number",
        "boolean": "true or false",
        "object": "an object",
        "array": "a list",
        "null": "null",
    }
    expected = " or ".join(words[t] for t in sorted(allowed) if t in words)
    # First the value a real client would most likely send by mistake; never a value
    # a lenient binder coerces (True for a number, 42 for a string), and no free
    # text inside containers (the evidence masker learns the leaves of patient fields).
    if "string" not in allowed and allowed & {"integer", "number"}:
        return "not a number", expected
    if "string" not in allowed and "boolean" in allowed:
        return "not a boolean", expected
    if "boolean" not in allowed and allowed & {"object", "array"}:
        return True, expected
    if "object" not in allowed:
        return {"wrong_type": True}, expected
    if "array" not in allowed:
        return [True], expected
    return None


_CODE = re.compile(r"^[A-Z0-9]{1,2}$")
_SPREAD = 26  # codes tried per code length: the whole alphabet for one letter


def enum_outsiders(members: list[Any]) -> list[str]:
    """Strings just outside an enum of strings: what a laxer check lets through.

    For a code list (one or two capitals or digits: an ethnic category) every code of
    the same length not in it, spread over the whole alphabet when there are more than
    `_SPREAD`, and a member in lowercase or with a space after it; for words
    (``proxy``, ``follow_up``) each first and last member capitalised, in capitals,
    with a space or a hyphen for its underscore, with a space after it, and the first
    member less its first or its last letter (a substring of the list: `value in
    "phone,email,..."` takes "hone", a regex without anchors takes "phon").
    """
    words = [m for m in members if isinstance(m, str)]
    out = ["no_such_value"]
    if words and all(_CODE.match(m) for m in words):
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        alphabet = letters + ("0123456789" if any(c.isdigit() for m in words for c in m) else "")
        for size in sorted({len(m) for m in words}):
            codes = [""]
            for _ in range(size):
                codes = [c + a for c in codes for a in alphabet]
            missing = [c for c in codes if c not in words]
            step = max(1, len(missing) // _SPREAD)
            out += missing[::step][:_SPREAD]
        out += [words[0].lower(), words[-1] + " "]
    else:
        for word in dict.fromkeys(words[:1] + words[-1:]):
            out += [word.capitalize(), word.upper(), word + " "]
            out += [word.replace("_", " "), word.replace("_", "-")]
        if words:
            out += [words[0][1:], words[0][:-1]]
    return [o for o in dict.fromkeys(out) if o not in words and o]


def _pattern_breakers(valid: str) -> list[str]:
    """Near misses of a valid value first (realistic typos), then constants."""
    out = [valid.swapcase(), valid[:-1], valid + "0", valid + "!", "!" + valid]
    out += [valid.replace("@", " at "), valid.replace(" ", ""), "?", "not valid", ""]
    return out


Mutation = tuple[tuple[str, ...], str, str, Any, Any]
"""(path segments, kind, expected, value to send or MISSING, value it derives from)."""


def string_cases(s: dict[str, Any], value: Any, seg: tuple[str, ...]) -> Iterator[Mutation]:
    """Every way to break string schema `s` at `seg`, from the valid `value` there."""
    base = value if isinstance(value, str) else ""
    if "enum" in s:
        shown = ", ".join(str(x) for x in s["enum"])
        for outsider in enum_outsiders(s["enum"]):
            yield seg, "not in enum", f"exactly one of {shown}", outsider, None
    lo, hi = s.get("minLength"), s.get("maxLength")
    yield from _format_cases(s.get("format"), base, seg)
    if s.get("format") == "date-time":
        naive = _NAIVE.sub("", base) if base else "2026-12-02T10:00:00"
        yield seg, "naive date-time", "a date-time with a UTC offset (Z or +HH:MM)", naive, base
        yield from _instant_cases(s, base or "2026-12-02T10:00:00Z", seg)
    elif "pattern" in s:
        pattern = re.compile(s["pattern"])
        misses = [c for c in _pattern_breakers(base) if pattern.search(c) is None]
        fits = [c for c in misses if (lo or 0) <= len(c) <= (hi if hi is not None else len(c))]
        if misses:
            yield (
                seg,
                "breaks pattern",
                f"a string matching {s['pattern']}",
                (fits or misses)[0],
                base,
            )
    for text, how in near_misses(s, base):
        # What a laxer parser reads as valid: refused by the contract's pattern or format.
        expected = f"a string matching {s['pattern']}" if "pattern" in s else f"a {s['format']}"
        yield seg, f"near miss {how}", f"exactly {expected}", text, base
    if isinstance(hi, int):
        long = (base + "x" * (hi + 1))[: hi + 1] if len(base) <= hi else base + "x"
        yield seg, "too long", f"at most {hi} characters", long, base
        if not {"pattern", "format", "enum"} & set(s) and hi > 1:
            # (2.11.0) Free text one code point too long, made of letters with a combining
            # accent: half as many characters as a reader sees (grapheme clusters), but
            # JSON Schema's maxLength counts code points.
            accented = ("e\u0301" * (hi // 2 + 1))[: hi + 1]
            yield seg, "too long in code points", f"at most {hi} code points", accented, None
    if isinstance(lo, int) and lo > 0:
        yield seg, "too short", f"at least {lo} characters", base[: lo - 1], base
    # (2.11.0) The empty string, where the pattern or format refuses it and no minLength of 1
    # sends it above: a check run only on truthy values (`if value:`) lets it through.
    shaped = "pattern" in s or s.get("format") in ("date", "date-time", "email")
    if shaped and lo != 1 and ("pattern" not in s or re.search(s["pattern"], "") is None):
        shape = f"a string matching {s['pattern']}" if "pattern" in s else f"a {s['format']}"
        yield seg, "empty", f"{shape}, not empty", "", base


def instant_breakers(valid: str) -> list[tuple[str, str]]:
    """The instant `valid` written as real clients and libraries get it wrong, each named.

    Seconds left out (``10:30Z``), 7 or 9 fractional digits (.NET's ``o``, Java's and
    Go's nanoseconds), an empty fraction, a lowercase ``t`` or ``z``, a space for the
    ``T``, an offset without its colon or minutes, the date alone, second 60 (RFC 3339's
    grammar has a leap second; the contract's pattern does not).
    """
    m = _INSTANT.match(valid)
    if m is None:
        return []
    day, hm, sec, _, zone = m.groups()
    zone = zone or "Z"
    at = f"{day}T{hm}:{sec}"
    offset = "+00:00" if zone in "Zz" else zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"
    return [
        (f"{day}T{hm}{zone}", "without seconds"),
        (f"{at}.0000000{zone}", "with 7 fractional digits"),
        (f"{at}.000000000{zone}", "with 9 fractional digits"),
        (f"{at}.{zone}", "with an empty fraction"),
        (f"{day}t{hm}:{sec}{zone}", "with a lowercase t"),
        (f"{day} {hm}:{sec}{zone}", "with a space for the T"),
        (f"{at}z", "with a lowercase z"),
        (f"{at}{offset.replace(':', '')}", "with an offset without its colon"),
        (f"{at}{offset[:3]}", "with an offset without minutes"),
        (day, "as a date alone"),
        (f"{day}T{hm}:60{zone}", "with second 60 (RFC 3339's leap second)"),
        # ISO 8601 allows a decimal comma; RFC 3339 and the contract's pattern do not (round 9).
        (f"{at},5{zone}", "with a decimal comma in the fraction"),
        (f"{at},250{zone}", "with a decimal comma before 3 fractional digits"),
    ]


def _instant_cases(s: dict[str, Any], base: str, seg: tuple[str, ...]) -> Iterator[Mutation]:
    """Each misspelt instant the contract refuses: its `pattern`, else RFC 3339's grammar."""
    pattern = re.compile(s["pattern"]) if "pattern" in s else _RFC3339
    expected = (
        "an RFC 3339 instant as the contract's pattern has it: seconds 00 to 59, at most 6 "
        "fractional digits, an uppercase T and Z or a +hh:mm offset"
        if "pattern" in s
        else "an RFC 3339 instant: seconds and a UTC offset"
    )
    for text, how in instant_breakers(base):
        if pattern.search(text) is None:
            yield seg, f"instant {how}", expected, text, base


def _with_check(digits: str, check: int | None) -> str | None:
    """`digits` with one of its first nine changed so that their check digit is `check`.

    `check` None: nine digits whose check value is 10 (no valid number has them); 0: whose
    check value is 11 (written 0).
    """
    for at in range(8, -1, -1):
        for d in "0123456789":
            nine = digits[:at] + d + digits[at + 1 : 9]
            if d != digits[at] and nhs_number_check_digit(nine) == check:
                return nine + digits[9]
    return None


def nhs_number_breakers(digits: str) -> list[tuple[str, str]]:
    """Ten digits of each kind the modulus 11 check refuses, made from the valid `digits`.

    The check value is 11 minus the weighted sum's remainder (weights 10 down to 2): 11
    is written 0, and 10 means no valid number has these nine digits. So: a wrong last
    digit; nine digits whose check value is 10, ending 0 (a check that reads 10 as 0) and
    ending in another digit (one that skips the check for 10); nine whose check value is 11
    ending 1 (11 taken modulo 10, not 11); two neighbouring digits swapped (the typing
    error the check exists to catch). Each is refused by the check.
    """
    out = [("wrong check digit", digits[:9] + str((int(digits[9]) + 1) % 10))]
    ten = _with_check(digits, None)
    if ten is not None:
        out.append(("check value 10 written 0", ten[:9] + "0"))
        other = digits[9] if digits[9] != "0" else "5"
        out.append(("check value 10 with another last digit", ten[:9] + other))
    eleven = _with_check(digits, 0)
    if eleven is not None:
        out.append(("check value 11 written 1", eleven[:9] + "1"))
    for at in range(7, -1, -1):  # from the end: a number in the 999 test range stays in it
        if digits[at] != digits[at + 1]:
            swapped = digits[:at] + digits[at + 1] + digits[at] + digits[at + 2 :]
            out.append(("two neighbouring digits swapped", swapped))
            break
    return [(kind, ten) for kind, ten in out if not is_valid_nhs_number(ten)]


UNICODE_DASHES = ("\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "\ufe63", "\uff0d")
"""Dashes that look like the hyphen-minus: hyphen, non-breaking hyphen, figure dash, en and em
dash, minus sign, small and full-width hyphen-minus (round 9)."""


def _laid_out(digits: str, like: str) -> str:
    """`digits` in the layout of `like` (its spaces or hyphens kept where they were)."""
    it = iter(digits)
    return "".join(next(it) if c.isdigit() else c for c in like)


def _format_cases(fmt: Any, base: str, seg: tuple[str, ...]) -> Iterator[Mutation]:
    """Values of the right shape that the contract's `format` refuses."""
    digits = "".join(c for c in base if c.isdigit())
    if fmt == "nhs-number" and len(digits) == 10 and base[-1].isdigit():
        expected = (
            "an NHS number whose last digit is its modulus 11 check digit (none when the "
            "check value is 10)"
        )
        breakers = nhs_number_breakers(digits)
        for kind, ten in breakers:
            yield seg, kind, expected, _laid_out(ten, base), base
        # The first (a wrong last digit) in the contract's other layouts too: a tool may
        # check the digits of one layout only.
        layouts = (("0000000000", "bare"), ("000 000 0000", "spaced"), ("000-000-0000", "dashed"))
        for layout, how in layouts:
            if breakers and _laid_out(digits, layout) != base:
                kind = f"{breakers[0][0]}, {how}"
                yield seg, kind, expected, _laid_out(breakers[0][1], layout), base
        # Round 9: the valid number dashed with a Unicode dash, not the ASCII hyphen the
        # pattern names (a word processor's or phone keyboard's): refused, never normalised.
        for dash in UNICODE_DASHES:
            dashed = _laid_out(digits, f"000{dash}000{dash}0000")
            what = f"dashed with U+{ord(dash):04X} for the hyphen"
            yield seg, what, "an NHS number laid out with ASCII hyphens only", dashed, base
    elif fmt in ("date", "date-time") and len(base) >= 10 and base[4:5] == "-":
        # 30 February of the same year: every field in range, no such day.
        impossible = base[:4] + "-02-30" + base[10:]
        yield seg, "impossible date", f"a real calendar {fmt} (RFC 3339)", impossible, base
