"""The fidelity corpus: valid values a tool must take (201) and give back exactly as sent.

Patients paste from Word and phones (tabs, no-break spaces, typographic quotes,
dashes and ellipses), write O'Brien with a straight apostrophe, quote a URL or an
email, type something that looks like HTML, use emoji with skin tones and
letters with combining accents; names and address lines run long; a date of birth
falls on 29 February; an NHS number comes spaced, hyphenated or bare; a form
leaves out what the patient did not give. Tools lose such values in familiar
ways (`expandtabs`, a "smart punctuation" filter, whitespace collapsing, a
35-character column, a PATCH-style merge, a default for a missing field) or
refuse them by rules the contract does not have. Every value here is valid under
the contract's own schemas (`openapi_document()`), which the unit tests assert.

`raw_differences` compares the practice's view with the body sent as JSON, field
by field as the request schema names them, without the models' reading of it:
`"999 123 4567"` read back as `"9991234567"` differs, and a field left out must
read as its default (null, or an empty list), not as an earlier value.
"""

from __future__ import annotations

import copy
import functools
import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from gponline_sdk.conformance.checks._schema_rules import matches, resolve
from gponline_sdk.conformance.contract import openapi_document

__all__ = [
    "RARE_PIECES",
    "TEXT_PIECES",
    "absences",
    "birth_dates",
    "components",
    "contact_methods",
    "description",
    "long_line",
    "minimal_bodies",
    "name_of_length",
    "nhs_layouts",
    "rare_text",
    "raw_differences",
    "valid",
]

# (what, text): each piece a way patients' text looks that a tool is known to change.
TEXT_PIECES: tuple[tuple[str, str], ...] = (
    ("tabs", "Dose:\t2 tablets\tmorning and night"),
    ("a no-break space (U+00A0)", "took 10\u00a0mg at 8\u00a0am"),
    ("a narrow no-break space (U+202F)", "about 20\u202f% better"),
    ("zero-width characters", "e\u200bmail, word\u2060joiner, family 👨\u200d👩\u200d👧"),
    ("spaces before a line end", "trailing spaces   \nand a tab\t\nend"),
    ("runs of spaces", "two  spaces,   three, then\t \ttab and spaces"),
    ("an indented line", "\n    indented by four\n\tand by a tab"),
    ("CRLF line ends", "first line\r\nsecond line\r\n"),
    # Round 11: a paragraph tidier collapses blank lines (one, or a run of them).
    ("blank lines", "first paragraph\n\nafter one blank line\n\n\nafter two"),
    ("straight double quotes", 'the "blue" inhaler, not the "brown" one'),
    ("straight apostrophes", "it's Mrs O'Brien's repeat, isn't it"),
    ("typographic quotes", "\u201cquoted\u201d and \u2018single\u2019 and \u201elow\u201c"),
    ("dashes", "9\u20135, en dash \u2013 em dash \u2014 and a hyphen - too"),
    ("an ellipsis", "wait\u2026 or three dots..."),
    ("a URL", "see https://www.nhs.uk/medicines/?q=a+b&page=2#side-effects"),
    ("email-like text", "write to jo.bloggs+gp@example.org or <jo@example.net>"),
    ("HTML-like text", "<b>not bold</b> &amp; &lt;br&gt; <script>x()</script> 1 < 2 > 0"),
    ("markdown-like text", "*not emphasis* _nor this_ `code` # not a heading"),
    ("characters beyond the BMP", "\U0001d7d9\U0001d7da \U0001f642\U0001f44d\U0001f3fd \U0001d518"),
    ("combining characters", "a\u0308 n\u0303 c\u0327 e\u0301\u0302 (decomposed)"),
    ("right-to-left text", "\u0639\u0631\u0628\u064a \u05e2\u05d1\u05e8\u05d9\u05ea"),
    ("compatibility characters", "\u00bd \u00b2 \u2103 \ufb01 \uff21\uff22\uff23\uff11"),
    ("backslashes and placeholders", "C:\\temp\\new %20 %s {0} {{name}} $HOME"),
    # (2.3.0) Controls are text: an XML 1.0 layer drops those XML forbids, a "sanitiser"
    # blanks them. Typed escapes are text too: a body decoded twice reads '\u00e9' as 'é'.
    (
        "control characters (C0, DEL, C1)",
        "soh\x01 stx\x02 bell\x07 bs\x08 vt\x0b ff\x0c esc\x1b[0m fs\x1c us\x1f del\x7f csi\x9b",
    ),
    ("escape sequences typed as text", 'caf\\u00e9 \\u0041 \\U0001F600 \\x41 \\n \\" \\/ &#233;'),
    ("line and paragraph separators", "one\u2028two\u2029three\u0085four"),
    ("links of every kind", "http://example.org/a?b=1 www.example.org mailto:jo@example.org"),
    ("numbers like dates and phones", "01/02/03, 3.4.21, 2026-11-27, 07700 900123, 999"),
    # (2.10.0) What mail hops, profanity filters and autoformatters change: a line starting
    # "From " (mbox escaping) or "." (SMTP dot-stuffing), words with other words inside
    # them (the Scunthorpe problem), text speak (an expander) and emoticons (emoji).
    ("a line starting 'From '", "forwarded:\nFrom the hospital: take with food\nFrom: Jo"),
    ("lines starting with a full stop", "dose:\n.5 ml twice a day\n...and then\n.\nend"),
    (
        "words with other words inside them",
        (
            "Scunthorpe, Penistone, Middlesex; Dr Hancock, Mr Peacock, Ms Dickinson, "
            "Matsushita; a hoarse voice; cocktail, assess, grapefruit"
        ),
    ),
    ("text speak", "pls call me b4 2moro, thx, u r gr8; plz tmrw cos i'm at work 2day, coz ur ok"),
    ("emoticons", "better :) but :( at night ;) :-) :-( :D <3 :P 8-)"),
    # (2.11.0) Medicines as patients spell them: a spelling corrector changes what they wrote.
    (
        "medicines misspelt",
        (
            "took paracetemol, ibuprofin and asprin; on amlodapine, omeprazol, sertaline, "
            "citalopran, metforman, levothyroxin, co-codomol, amoxycillin, propanolol, "
            "lansoprazol, gabapenton, naproxin and my ventalin inhaler"
        ),
    ),
)

# (what, text): forms only some inputs have, that a tool's transformation changes only when
# they occur (a JS-safe JSON encoder, an "HTTPS everywhere" proxy, a link or date detector).
RARE_PIECES: tuple[tuple[str, str], ...] = (
    ("a line separator (U+2028)", "line\u2028next"),
    ("a paragraph separator (U+2029)", "para\u2029next"),
    ("a next-line character (U+0085)", "nel\u0085next"),
    (
        "zero-width joiners",
        "\U0001f469\u200d\u2695\ufe0f \U0001f468\u200d\U0001f469\u200d\U0001f466",
    ),
    ("emoji with skin tones", "\U0001f44b\U0001f3fd \U0001f44d\U0001f3ff \U0001f9d1\U0001f3fb"),
    ("combining marks", "Zoe\u0308 Ame\u0301lie q\u0323\u0307"),
    ("a byte order mark inside text", "be\ufefffore"),
    ("an http link", "http://example.org/x?a=1&b=2"),
    ("an https link", "https://example.org/y#z"),
    ("a www. address", "www.example.org/page"),
    ("a mailto: link", "mailto:jo.bloggs@example.org"),
    ("an email address", "jo+gp@example.net"),
    ("numbers like dates", "01/02/03 3.4.21 2026-11-27 12-10"),
    ("numbers like phone numbers", "07700 900123 +44 20 7946 0000 999 111"),
)

# Name parts as people in England have them: apostrophes, hyphens, particles, accents.
_NAME_PARTS = (
    "O'Brien",
    "Anne-Marie",
    "Ní Ógáin",
    "d'Souza",
    "Nguyễn",
    "Zoë",
    "Łukasz",
    "Şükrü",
    "ap Rhys",
    "St. John",
    "Mc{}",
    "Fitz-{}",
)


@functools.cache
def components() -> dict[str, Any]:
    """The contract's `components/schemas` (read once: the document is built on each call)."""
    schemas: dict[str, Any] = openapi_document()["components"]["schemas"]
    return schemas


def valid(body: Any, schema_name: str) -> bool:
    """True when `body` (JSON data) meets the contract's schema `schema_name`."""
    schemas = components()
    return matches(schemas[schema_name], body, schemas)


def description(
    rng: random.Random, marker: str, length: int | None = None, start: str = " "
) -> str:
    """Free text holding every piece of `TEXT_PIECES` (in an order `rng` draws) and `marker`.

    It starts with `start` (a space, as pasted text does; or a line break, which an HTML
    textarea's parser drops) and ends with spaces and a line end. With `length`, the text
    is repeated to exactly that many characters (code points).
    """
    pieces = [text for _, text in TEXT_PIECES]
    rng.shuffle(pieces)
    text = f"{start}{marker}: " + " | ".join(pieces) + "  \n"
    if length is None:
        return text
    return (text * (length // len(text) + 1))[: length - 2] + " \n"


def rare_text(unique: str, length: int, turn: int) -> str:
    """`unique` then pieces of `RARE_PIECES` from piece `turn` on, up to `length` characters.

    Each piece that fits is kept whole; a field of 100 characters or more holds several.
    """
    text = unique
    for i in range(len(RARE_PIECES)):
        piece = RARE_PIECES[(turn + i) % len(RARE_PIECES)][1]
        if len(text) + 1 + len(piece) <= length:
            text += " " + piece
    return text


def name_of_length(rng: random.Random, unique: str, length: int) -> str:
    """A name of exactly `length` characters around `unique`, from real names' parts.

    Parts are joined by spaces or hyphens; the last character is a letter.
    """
    parts = [unique]
    while sum(len(p) + 1 for p in parts) <= length + 1:
        parts.append(rng.choice(_NAME_PARTS).format(unique[:5]))
    name = ""
    for part in parts:
        name += (rng.choice(" -") if name else "") + part
    name = name[:length]
    return name if name[-1].isalpha() else name[:-1] + "a"


def long_line(rng: random.Random, unique: str, length: int) -> str:
    """An address line of exactly `length` characters ("Flat 4, The Old Mill, ...")."""
    parts = [f"Flat {rng.randrange(1, 99)}", unique, "The Old Mill", "Ivy Court", "Brook's Lane"]
    text = ", ".join(parts)
    while len(text) < length:
        text += ", " + rng.choice(("Upper Mill Road", "St. Mary's Close", "Hall Garth", unique))
    return text[: length - 1] + "x"


def nhs_layouts(digits: str) -> tuple[str, ...]:
    """The ten digits in each layout the contract's `nhs_number` pattern allows."""
    a, b, c = digits[:3], digits[3:6], digits[6:]
    return (f"{a} {b} {c}", f"{a}-{b}-{c}", digits)


def birth_dates(today: date) -> tuple[date, ...]:
    """Boundary dates of birth for a request sent on `today`, each a real past date.

    29 February of the latest leap year (before today), 1 January 1900 (the first day a
    form's date picker offers, and the "unknown" sentinel of some practice systems' date
    columns: a real date of birth must not read back as none), 31 December, 28 February
    of a leap year and yesterday.
    """
    year = today.year - 1
    while not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        year -= 1
    return (
        date(year, 2, 29),
        date(1900, 1, 1),
        date(today.year - 30, 12, 31),
        date(year - 4, 2, 28),
        today - timedelta(days=1),
    )


def contact_methods() -> tuple[str, ...]:
    """Every value the contract's `ContactDetails.preferred` takes, in the schema's order."""
    prop = components()["ContactDetails"]["properties"]["preferred"]
    for branch in prop.get("anyOf", [prop]):
        if "enum" in branch:
            return tuple(branch["enum"])
    return ()


def _default(prop: dict[str, Any], schemas: dict[str, Any]) -> Any:
    """What a field left out reads as: an empty list for an array, otherwise null."""
    s = resolve(prop, schemas)
    return [] if s.get("type") == "array" else None


def raw_differences(
    seen: Any, sent: Any, schema_name: str, *, ignore: tuple[str, ...] = ()
) -> list[tuple[str, Any, Any]]:
    """`(path, seen, sent)` for each field of schema `schema_name` whose values differ.

    Both are JSON data. A field absent from either side counts as its default; fields
    the schema does not name (a view's `reference`) and paths in `ignore` are skipped.
    An NHS number may come back as its ten digits whatever layout was sent: the
    contract allows it (the SDK's own `NhsNumber` model keeps the digits), and the
    number is the same number.
    """
    schemas = components()
    out: list[tuple[str, Any, Any]] = []

    def walk(a: Any, b: Any, schema: dict[str, Any], path: str) -> None:
        s = resolve(schema, schemas)
        props = s.get("properties")
        if not (props and isinstance(a, dict) and isinstance(b, dict)):
            if path.rsplit(".", 1)[-1] == "nhs_number" and _same_digits(a, b):
                return
            if a != b or type(a) is not type(b):
                out.append((path or "$", a, b))
            return
        for name, prop in props.items():
            where = f"{path}.{name}" if path else name
            if where in ignore:
                continue
            default = _default(prop, schemas)
            walk(a.get(name, default), b.get(name, default), prop, where)

    walk(seen, sent, schemas[schema_name], "")
    return out


def _same_digits(a: Any, b: Any) -> bool:
    """Two NHS numbers that differ only in layout (spaces or hyphens)."""
    if not (isinstance(a, str) and isinstance(b, str)):
        return False
    return a.replace(" ", "").replace("-", "") == b.replace(" ", "").replace("-", "")


def _optional_paths(body: Any, schema: dict[str, Any], path: tuple[str, ...]) -> Iterator[Any]:
    schemas = components()
    s = resolve(schema, schemas)
    if not isinstance(body, dict):
        return
    required = set(s.get("required", ()))
    for name, prop in s.get("properties", {}).items():
        if name not in body:
            continue
        if name not in required:
            yield (*path, name)
        yield from _optional_paths(body[name], prop, (*path, name))


def _without(body: Any, path: tuple[str, ...]) -> Any:
    out = copy.deepcopy(body)
    inner = out
    for key in path[:-1]:
        inner = inner[key]
    del inner[path[-1]]
    return out


def absences(body: dict[str, Any], schema_name: str) -> list[tuple[str, dict[str, Any]]]:
    """Each optional field present in `body` left out, one at a time, where still valid.

    Returns `(dotted path, body)` pairs, from the schema `schema_name` alone.
    """
    schemas = components()
    out = []
    for path in _optional_paths(body, schemas[schema_name], ()):
        candidate = _without(body, path)
        if valid(candidate, schema_name):
            out.append((".".join(path), candidate))
    return out


def _rules(schema: dict[str, Any]) -> list[list[str]]:
    """The 'at least one of' rules of an object schema: each a list of single-field branches."""
    rules = []
    for part in [schema, *schema.get("allOf", [])]:
        branches = part.get("anyOf", [])
        fields = [b.get("required", []) for b in branches]
        if branches and all(len(f) == 1 for f in fields):
            rules.append([f[0] for f in fields])
    return rules


def minimal_bodies(body: dict[str, Any], schema_name: str) -> list[tuple[str, dict[str, Any]]]:
    """The smallest valid bodies from `body`: every optional field left out that can be.

    Where an object has an 'at least one of' rule (email, phone or address), one body
    per branch keeps that field alone. Returns `(what, body)` pairs; each is valid.
    """
    schemas = components()
    keeps: list[tuple[str, tuple[str, ...]]] = [("", ())]

    def find(value: Any, schema: dict[str, Any], path: tuple[str, ...]) -> None:
        s = resolve(schema, schemas)
        if not isinstance(value, dict):
            return
        for rule in _rules(s):
            keeps.extend((f"only {'.'.join((*path, f))}", (*path, f)) for f in rule if f in value)
        for name, prop in s.get("properties", {}).items():
            if name in value:
                find(value[name], prop, (*path, name))

    find(body, schemas[schema_name], ())
    if len(keeps) > 1:
        keeps = keeps[1:]
    out = []
    for what, keep in keeps:
        current = copy.deepcopy(body)
        # Deepest first, so an optional object's own optional fields go before it might.
        for path in sorted(_optional_paths(body, schemas[schema_name], ()), key=len, reverse=True):
            if path == keep or not _present(current, path):
                continue
            candidate = _without(current, path)
            if valid(candidate, schema_name):
                current = candidate
        out.append((what or "every optional field left out", current))
    return out


def _present(body: Any, path: tuple[str, ...]) -> bool:
    for key in path:
        if not isinstance(body, dict) or key not in body:
            return False
        body = body[key]
    return True
