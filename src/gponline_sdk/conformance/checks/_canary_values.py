"""How canary values look: names, NHS numbers, phones, emails and text as patients type them.

Real patients in England are called Zoë, Siobhán, Łukasz or Nguyễn, O'Brien or
Smith-Jones; they type their NHS number with spaces, their mobile as +44 7700
900123 and their email with a `+tag`; they write a euro sign, a dash or an emoji
and break lines. A tool that folds, mangles or refuses any of that fails real
patients, so the canaries use all of it, every value still valid under the
contract. Uniqueness (what the leak scans look for) comes from random ASCII
letters in every value, which survive any rendering of the rest (JSON escapes,
accents folded).

Names and text vary in every check. The layouts a tool may wrongly refuse (a
spaced NHS number, +44, a `+tag`) are sent by the checks whose requirement is
that patients can send their details (`Canaries(every_form=True)`), in a fixed
rotation that starts with them, so the verdict never depends on the seed; other
checks send the common layout (`turn=None`), so a tool that refuses a layout
fails where patients are turned away, not the core-hours or caps checks.
"""

from __future__ import annotations

import random
import string
from collections.abc import Sequence
from datetime import date

from gponline_sdk.models import NhsNumber, nhs_number_check_digit

__all__ = [
    "TypedNhsNumber",
    "beyond_latin1",
    "date_of_birth",
    "email_address",
    "family_name",
    "free_text",
    "given_name",
    "landline",
    "nhs_number",
    "phone_number",
    "word",
]

# Given names as patients in England have them: every one outside ASCII, some outside Latin-1.
_GIVEN = (
    "Zoë",
    "Siobhán",
    "Łukasz",
    "Renée",
    "Małgorzata",
    "Chloë",
    "José",
    "Şükrü",
    "Thảo",
    "Bartłomiej",
    "Dóra",
    "Jiří",
)
# Family name shapes; `{}` is the random part that makes each one unique.
_FAMILY = (
    "O'{}",
    "{}-Jones",
    "Smith-{}",
    "Nguyễn {}",
    "Ó {}",
    "{}-Wójcik",
    "Đặng-{}",
    "{}-Brown",
    "{}ová",
    "Kowalczyk-{}",
    "Ní {}",
    "{}-Szymańska",
    "van der {}",
    "de la {}-Ruiz",
)
# The random part as surnames have it, each with capitals a tool that re-cases names
# changes (McDonald as Mcdonald, FitzGerald as Fitzgerald), so no family name survives that.
_CASED = ("Mc{}", "Mac{}", "Fitz{}", "Le{}")
# Each kind's layouts, all allowed by the contract. A check with `every_form` draws its
# first value's layout from the first FIRST of them (each one a tool may wrongly refuse),
# then rotates through all; the last is the common layout, used for `turn=None`.
# NHS numbers: spaced is how patients type them, from the card or a letter.
_NHS_LAYOUTS = ("{} {} {}", "{}-{}-{}", "{}{}{}")
# UK mobiles (10 to 13 digits, '+' and spaces allowed).
_PHONE_LAYOUTS = ("+44 {} {}", "+44{}{}", "0{}{}", "0{} {}")
# The local part keeps the capitals patients type (`Qzkvb.abc@...`): a tool may not change it.
_EMAIL_LAYOUTS = (
    "{a}.{b}+surgery@mail.example.org",
    "{a}+{b}@example.net",
    "{a}_{b}@patients.example.net",
    "{a}@example.invalid",
)
_FIRST = 2
# Sentences outside Latin-1 (dashes, euro, Polish letters, emoji) and free of words a
# keyword triage could take for symptoms: the canaries' text is about nothing clinical.
_PHRASES = (
    "Paid €12 at the pharmacy — receipt kept 🙂",
    "My neighbour Łucja can collect it \u2013 thanks 👍",
    "Back from Gdańsk on Friday… any day next week is fine",
    "Form said “error” twice — sent again ✓",
    "Prefer a call after work — or a text 📱",
    "Letter for Zoë\u2019s school, please; Jiří will pick it up",
)


class TypedNhsNumber(NhsNumber):
    """An NHS number as the patient typed it (`999 123 4567`), for the wire.

    `NhsNumber` keeps only the digits; this keeps the layout typed, so the
    request body carries it. Any model built from it (or from the wire) holds
    the digits again, which is how to compare: `NhsNumber(typed) == digits`.
    """

    __slots__ = ()

    def __new__(cls, value: str) -> TypedNhsNumber:
        """Validate `value` as an NHS number in a contract layout, and keep it as typed."""
        NhsNumber(value)
        return str.__new__(cls, value)


def beyond_latin1(text: str) -> bool:
    """True when `text` holds a character outside Latin-1 (above U+00FF)."""
    return any(ord(c) > 0xFF for c in text)


def word(rng: random.Random, length: int = 10) -> str:
    """A random capitalised ASCII word, e.g. `Qzkvbrhmxa`."""
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(length)).capitalize()


def given_name(rng: random.Random) -> tuple[str, str]:
    """A given name and a random middle name (`Łukasz Qzkvbrh`), and the random part."""
    unique = word(rng, 7)
    return f"{rng.choice(_GIVEN)} {unique}", unique


def family_name(rng: random.Random, *, need_beyond_latin1: bool) -> tuple[str, str]:
    """A family name of a real shape around a random part, and the random part.

    Args:
        rng: The check's canary random source.
        need_beyond_latin1: draw a shape with a letter outside Latin-1 (when the
            given name has none), so every patient's name has one.
    """
    unique = word(rng, 9)
    shapes: Sequence[str] = _FAMILY
    if need_beyond_latin1:
        shapes = [s for s in _FAMILY if beyond_latin1(s)]
    return rng.choice(shapes).format(rng.choice(_CASED).format(unique)), unique


def date_of_birth(rng: random.Random, on: date, turn: int | None) -> date:
    """A date of birth for a patient on day `on`: every age from a baby to 100 and over.

    Turn 0 is a child under 5 (born this year when `on` allows), turn 1 someone
    over 100, later turns any age up to 105; None: an adult born 1940 to 1999.
    """
    if turn is None:
        return date.fromordinal(date(1940, 1, 1).toordinal() + rng.randrange(365 * 60))
    day = on.toordinal()
    if turn == 0:
        this_year = day - date(on.year, 1, 1).toordinal()
        # Born this year, days or months ago; on 1 January, within the last 5 years.
        back = rng.randrange(1, this_year + 1) if this_year else rng.randrange(1, 365 * 5)
        return date.fromordinal(day - back)
    years = rng.randrange(100, 106) if turn == 1 else rng.randrange(0, 106)
    return date.fromordinal(day - years * 365 - years // 4 - rng.randrange(1, 365))


def _layout(rng: random.Random, layouts: Sequence[str], turn: int | None) -> str:
    if turn is None:
        return layouts[-1]
    # The first always takes a layout a tool may refuse, so the verdict is the seed's to vary
    # in detail (which one) but never in kind; the others rotate through every layout.
    return rng.choice(layouts[:_FIRST]) if turn == 0 else layouts[turn % len(layouts)]


def nhs_number(rng: random.Random, turn: int | None) -> TypedNhsNumber:
    """A valid NHS number from the synthetic 999 range, in layout `turn` (None: ten digits).

    Turn 0 is spaced or hyphenated, as patients type it.
    """
    while True:
        first_nine = "999" + "".join(rng.choice(string.digits) for _ in range(6))
        check = nhs_number_check_digit(first_nine)
        if check is not None:
            digits = first_nine + str(check)
            layout = _layout(rng, _NHS_LAYOUTS, turn)
            return TypedNhsNumber(layout.format(digits[:3], digits[3:6], digits[6:]))


def phone_number(rng: random.Random, turn: int | None) -> tuple[str, str]:
    """A UK mobile in layout `turn` (0: `+44...`; None: `07700 9xxxxx`), and its national digits."""
    national = "77009" + "".join(rng.choice(string.digits) for _ in range(5))
    layout = _layout(rng, _PHONE_LAYOUTS, turn)
    return layout.format(national[:4], national[4:]), "0" + national


def landline(national: str) -> tuple[str, str]:
    """A Leeds landline in Ofcom's drama range (0113 496 0xxx) ending as `national` does."""
    digits = "1134960" + national[-3:]
    return f"0{digits[:3]} {digits[3:6]} {digits[6:]}", "0" + digits


def email_address(rng: random.Random, turn: int | None) -> str:
    """An email in layout `turn` (0: plus-addressed; then dots, subdomains; None: plain)."""
    layout = _layout(rng, _EMAIL_LAYOUTS, turn)
    return layout.format(a=word(rng), b=word(rng, 6).lower())


def free_text(rng: random.Random, what: str, marker: str) -> str:
    """`what` with `marker`, a line outside Latin-1 and a line of markup, as typed."""
    return f"{what} ({marker}).\n{rng.choice(_PHRASES)}\nÜnïcode & <markup> stay as typed."
