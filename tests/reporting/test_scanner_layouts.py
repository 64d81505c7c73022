"""The scanner's layouts: separators, digit scripts and the near-misses it must let through.

The property tests draw an identifier's layout (a separator per gap, a digit
script, the text around it) and record each choice with `hypothesis.event`, so
`pytest --hypothesis-show-statistics` shows the draws spread over every
choice; `test_draws_cover_every_choice` asserts the same without that flag.
"""

from __future__ import annotations

import collections
import itertools
from datetime import date

import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from gponline_sdk.models.identifiers import nhs_number_check_digit
from gponline_sdk.reporting.scanner import IdentifierKind, find_identifiers, normalise

NHS = IdentifierKind.NHS_NUMBER
PHONE = IdentifierKind.PHONE
POSTCODE = IdentifierKind.POSTCODE

# Separators a supplier's export may put between digit groups.
SEPARATORS = ("", " ", "-", ".", "/", "\t", "\u00a0", "  ", " - ", " / ", "\u2013", "\u202f")
# The zero of each decimal-digit script drawn (ASCII, full-width, Arabic-Indic,
# Devanagari, Bengali, Thai, mathematical bold).
SCRIPTS = {
    "ascii": 0x30,
    "fullwidth": 0xFF10,
    "arabic-indic": 0x660,
    "devanagari": 0x966,
    "bengali": 0x9E6,
    "thai": 0xE50,
    "math-bold": 0x1D7CE,
}
# Words around an identifier: letters, blanks and punctuation, never a digit.
AROUND = st.text(alphabet=st.sampled_from("abcXYZ ,;:()[]'\"\n\u00e9\u00df"), max_size=12)


def _in_script(digits: str, script: str) -> str:
    zero = SCRIPTS[script]
    return "".join(chr(zero + int(d)) for d in digits)


@st.composite
def nhs_numbers(draw: st.DrawFn) -> str:
    """A valid NHS number's ten ASCII digits (the check digit is never 10)."""
    first = draw(
        st.integers(0, 999_999_999)
        .map(lambda n: f"{n:09d}")
        .filter(lambda d: nhs_number_check_digit(d) is not None)
    )
    return first + str(nhs_number_check_digit(first))


Drawn = tuple[str, list[str]]  # the text, and the layout choices it was drawn with


def _events(labels: list[str]) -> None:
    for label in labels:
        event(label)


@st.composite
def nhs_layouts(draw: st.DrawFn) -> Drawn:
    """An NHS number as someone might type or paste it, inside some text."""
    digits = draw(nhs_numbers())
    script = draw(st.sampled_from(sorted(SCRIPTS)))
    gaps = [draw(st.sampled_from(SEPARATORS)) for _ in range(2)]
    shown = _in_script(digits, script)
    body = shown[:3] + gaps[0] + shown[3:6] + gaps[1] + shown[6:]
    labels = [f"script={script}", *(f"gap={g!r}" for g in gaps)]
    return draw(AROUND) + body + draw(AROUND), labels


@settings(max_examples=400)
@given(nhs_layouts())
def test_every_nhs_number_layout_is_found(drawn: Drawn) -> None:
    text, labels = drawn
    _events(labels)
    assert NHS in find_identifiers(text)


# Phone numbers in their known groupings (area code lengths of UK numbers).
PHONE_GROUPS = (
    ("020", "7946", "0018"),
    ("0113", "496", "0000"),
    ("07700", "900123"),
    ("01632", "960", "001"),
    ("01697", "73456"),
)
PHONE_SEPARATORS = (" ", "-", ".", "/", "\t", "\u00a0", "  ", "\u2011")


@st.composite
def phone_layouts(draw: st.DrawFn) -> Drawn:
    """A UK phone number in one of its groupings, any separators, any digit script."""
    groups = draw(st.sampled_from(PHONE_GROUPS))
    script = draw(st.sampled_from(sorted(SCRIPTS)))
    labels = [f"grouping={'-'.join(str(len(g)) for g in groups)}", f"script={script}"]
    parts = [_in_script(g, script) for g in groups]
    text = parts[0]
    for part in parts[1:]:
        gap = draw(st.sampled_from(PHONE_SEPARATORS))
        labels.append(f"gap={gap!r}")
        text += gap + part
    return draw(AROUND) + text + draw(AROUND), labels


@settings(max_examples=300)
@given(phone_layouts())
def test_every_phone_layout_is_found(drawn: Drawn) -> None:
    text, labels = drawn
    _events(labels)
    assert PHONE in find_identifiers(text)


POSTCODES = ("SW1A 1AA", "LS1 4AP", "M1 1AE", "EC1A 1BB", "B33 8TH", "CR2 6XH", "DN55 1PT")


POSTCODE_GAPS = ("", " ", "  ", "   ", "\t", " \t", "\u00a0", "\u3000")


@st.composite
def postcode_layouts(draw: st.DrawFn) -> Drawn:
    """A postcode with any run of blanks in the middle, in either case, as a word."""
    outward, inward = draw(st.sampled_from(POSTCODES)).split()
    gap = draw(st.sampled_from(POSTCODE_GAPS))
    lower = draw(st.booleans())
    text = outward + gap + inward
    around = draw(AROUND.map(lambda s: s + " ")) + (text.lower() if lower else text) + " ."
    return around, [f"gap={gap!r}", f"lower={lower}"]


@settings(max_examples=200)
@given(postcode_layouts())
def test_every_postcode_layout_is_found(drawn: Drawn) -> None:
    text, labels = drawn
    _events(labels)
    assert POSTCODE in find_identifiers(text)


@pytest.mark.parametrize(
    ("strategy", "choices"),
    [
        (nhs_layouts(), [f"script={s}" for s in SCRIPTS] + [f"gap={g!r}" for g in SEPARATORS]),
        (
            phone_layouts(),
            [f"script={s}" for s in SCRIPTS] + [f"gap={g!r}" for g in PHONE_SEPARATORS],
        ),
        (postcode_layouts(), [f"gap={g!r}" for g in POSTCODE_GAPS]),
    ],
)
def test_draws_cover_every_choice(strategy: st.SearchStrategy[Drawn], choices: list[str]) -> None:
    # Hypothesis shrinks towards the first choice of a `sampled_from`; the
    # layouts must still spread over every choice, not bunch on `""` or ASCII:
    # over 300 draws each choice comes up at least 3 times (about 10-40 expected).
    seen: collections.Counter[str] = collections.Counter()

    @settings(max_examples=300, database=None)
    @given(strategy)
    def draw(drawn: Drawn) -> None:
        seen.update(drawn[1])

    draw()
    assert {c: seen[c] for c in choices if seen[c] < 3} == {}


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("943.476.5919", [NHS]),
        ("943/476/5919", [NHS]),
        ("943 - 476 - 5919", [NHS]),
        ("943\t476\t5919", [NHS]),
        ("943\u00a0476\u00a05919", [NHS]),
        ("\uff19\uff14\uff13\uff14\uff17\uff16\uff15\uff19\uff11\uff19", [NHS]),
        ("\u0669\u0664\u0663\u0664\u0667\u0666\u0665\u0669\u0661\u0669", [NHS]),
        ("020.7946.0018", [PHONE]),
        ("07700.900123", [PHONE]),
        ("07700/900123", [PHONE]),
        ("+44.20.7946.0018", [PHONE]),
        ("SW1A  1AA", [POSTCODE]),
        ("SW1A\t1AA", [POSTCODE]),
        ("\uff33\uff37\uff11\uff21 \uff11\uff21\uff21", [POSTCODE]),
    ],
)
def test_layouts_from_the_issue(text: str, kinds: list[IdentifierKind]) -> None:
    assert find_identifiers(text) == kinds


# Text that looks busy with digits but holds no identifier: refusing any of
# these would stop a supplier's week for nothing.
NEAR_MISSES = (
    "2026-11-27",
    "27/11/2026",
    "27.11.2026",
    "from 27/11/2026 to 01/12/2026 09:30",
    "2026-11-27T09:30:00Z",
    "2026-11-27 09:30:00+00:00",
    "09:30",
    "14:05:59.123456",
    "Outage 09:00-11:30, 1200 practices affected",
    "3.10.12",
    "v2.31.0",
    "Python 3.12.7 on 10.0.19045.4046",
    "2026-W47",
    "weeks 2026-W47 to 2026-W52",
    "1,234.56",
    "12.5% of 1,234,567,890 requests",
    "0.1234567890",
    "3.9434765919",
    "9434765918",
    "9434765919.5 minutes",
    "94347659190",
    "A81001",
    "A81001 B82002 C83003",
    "Econsult 2",
    "Acme Consult 2",
    "Acme OC v4.2 (build 1042)",
    "9f1c2a7e5b3d4c6a8e0f1b2d3c4a5e6f",
    "192.168.100.200",
    "ISBN 978-0-306-40615-7",
    # An ODS-like code then a version: `00000 100.100` has a phone grouping's shape,
    # but a national number never starts 00 (found by the generated near-misses).
    "A00000 100.100",
    "00113 496 0000",
)


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses_are_not_refused(text: str) -> None:
    assert find_identifiers(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abc", "abc"),
        ("\uff19\uff14\uff13", "943"),
        ("\u0966\u0967", "01"),
        ("943\u2013476", "943-476"),
        ("a\u00a0b", "a b"),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


@st.composite
def near_misses(draw: st.DrawFn) -> Drawn:
    """Digit-heavy text a supplier's files hold that is nobody's identifier."""
    kind = draw(
        st.sampled_from(
            ["iso-date", "uk-date", "dotted-date", "datetime", "time", "version", "iso-week",
             "decimal", "ods", "bad-check", "hex"]
        )
    )  # fmt: skip
    day = draw(st.dates(date(1900, 1, 1), date(2100, 12, 31)))
    small = st.integers(0, 999)
    if kind == "iso-date":
        text = day.isoformat()
    elif kind == "uk-date":
        text = day.strftime("%d/%m/%Y")
    elif kind == "dotted-date":
        text = day.strftime("%d.%m.%Y")
    elif kind == "datetime":
        text = f"{day.isoformat()}T{draw(st.times()).isoformat(timespec='seconds')}Z"
    elif kind == "time":
        text = draw(st.times()).isoformat(timespec=draw(st.sampled_from(["minutes", "seconds"])))
    elif kind == "version":
        text = ".".join(str(draw(small)) for _ in range(draw(st.integers(2, 4))))
    elif kind == "iso-week":
        text = f"{draw(st.integers(2000, 2100))}-W{draw(st.integers(1, 53)):02d}"
    elif kind == "decimal":
        text = f"{draw(st.integers(0, 10**9)):,}.{draw(st.integers(0, 99)):02d}"
    elif kind == "ods":
        text = f"{draw(st.sampled_from('ABCDEFGHJKLMNPY'))}{draw(st.integers(0, 99999)):05d}"
    elif kind == "bad-check":
        nine = f"{draw(st.integers(100_000_000, 999_999_999))}"
        check = nhs_number_check_digit(nine)
        text = nine + str(((check if check is not None else 0) + draw(st.integers(1, 9))) % 10)
    else:
        text = f"{draw(st.integers(0, 2**128 - 1)):032x}"
        if find_identifiers(text):  # about 1 in 110 random hex strings, by chance
            text = "0" * 32
    return text, [f"kind={kind}"]


@settings(max_examples=500)
@given(st.lists(near_misses(), min_size=1, max_size=3), st.sampled_from([" ", ", ", "; ", " to "]))
def test_generated_near_misses_are_not_refused(drawn: list[Drawn], joint: str) -> None:
    for _, labels in drawn:
        _events(labels)
    # Digits on both sides of one blank read as one number: that is the scanner's
    # bias, on purpose (`A01000 100.100` holds `01000 100.100`, an 11-digit number
    # in a phone grouping, and refusing it is right). Near-misses are separate tokens.
    texts = [t for t, _ in drawn]
    assume(
        joint != " "
        or not any(a[-1:].isdigit() and b[:1].isdigit() for a, b in itertools.pairwise(texts))
    )
    text = joint.join(texts)
    assert find_identifiers(text) == []
