"""The suite's own words are never masked; every canary and identifier still is.

A canary address ends in a town (`London`); the masker learns the address's
lines so that an echo of them is hidden. A town, a time-zone name or a
weekday on its own is no identifier, and the suite writes such words in its
own messages ("at Wed 12:50 London time"): masking them there made a failure
message unreadable without protecting anyone.
"""

from __future__ import annotations

import ast
import json
import random
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from gponline_sdk.conformance import checks as checks_package
from gponline_sdk.conformance.checks import _canary_values as canary
from gponline_sdk.conformance.checks.contact.values import ADDRESSES, EMAILS
from gponline_sdk.conformance.masking import MASK, Masker

_CONFORMANCE = Path(checks_package.__file__).parent.parent
_WORD = re.compile(r"[A-Za-z][A-Za-z/_'-]*[A-Za-z]")


def _template_parts(tree: ast.AST) -> Iterator[str]:
    """The fixed text of every f-string, and of every plain string passed to a call.

    Messages are f-strings or literals handed to `CheckFailed`, `ctx.note` and the like;
    a literal elsewhere (a tuple of canary addresses) is test data, not the suite's words.
    """
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            yield from (
                v.value
                for v in node.values
                if isinstance(v, ast.Constant) and isinstance(v.value, str)
            )
        elif isinstance(node, ast.Call):
            yield from (
                a.value
                for a in node.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            )


def _suite_words() -> set[str]:
    words: set[str] = set()
    for path in sorted(_CONFORMANCE.rglob("*.py")):
        for part in _template_parts(ast.parse(path.read_text(encoding="utf-8"))):
            words.update(_WORD.findall(part))
    return words


# Words the templates write through a format (`{now:%a %d %B}`, `{UK_TIMEZONE}`), so the
# scan cannot see them; in English whatever the machine's locale.
_FORMATTED = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Mon",
    "Tue",
    "Wed",
    "Thu",
    "Fri",
    "Sat",
    "Sun",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
    "Europe/London",
    "GMT",
    "BST",
    "UTC",
]
SUITE_WORDS = sorted(_suite_words() | set(_FORMATTED))


def _canary_bodies(seed: int) -> Iterator[dict[str, object]]:
    """Bodies carrying every kind of value the checks make up, as a tool would echo them."""
    rng = random.Random(seed)
    for turn, (_, lines, postcode) in enumerate(ADDRESSES):
        given, _ = canary.given_name(rng)
        family, _ = canary.family_name(rng, need_beyond_latin1=not canary.beyond_latin1(given))
        phone, _ = canary.phone_number(rng, turn)
        yield {
            "patient": {
                "given_name": given,
                "family_name": family,
                "nhs_number": str(canary.nhs_number(rng, turn)),
                "date_of_birth": canary.date_of_birth(rng, date(2026, 11, 25), turn).isoformat(),
            },
            "contact": {
                "email": canary.email_address(rng, turn),
                "phone": phone,
                "address_lines": list(lines),
                "postcode": postcode,
            },
            "description": canary.free_text(rng, "Conformance canary", f"canary-{seed}-{turn}"),
        }
    for _, email in EMAILS:
        yield {"contact": {"email": email}}


def _learned(seed: int) -> tuple[Masker, list[str]]:
    masker = Masker(secrets=["tok-SECRET-123456"])
    values: list[str] = []
    for body in _canary_bodies(seed):
        masker.learn(json.dumps(body, ensure_ascii=False))
        for part in body.values():
            assert isinstance(part, dict | str)
            for v in part.values() if isinstance(part, dict) else [part]:
                values += v if isinstance(v, list) else [str(v)] if v is not None else []
    return masker, values


def test_the_walk_message_reads_london_time() -> None:
    masker, _ = _learned(7)
    message = "the practice saw it at Wed 12:50 London time; expected 12:50 Europe/London (BST)"
    assert masker.text(message) == message


def test_the_suite_writes_place_zone_and_day_words() -> None:
    # The template scan below is worth only as much as what it finds.
    for expected in ("London", "UTC", "Monday", "Friday", "core", "hours"):
        assert expected in SUITE_WORDS


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_word_of_the_suite_is_masked(seed: int) -> None:
    masker, _ = _learned(seed)
    masked = [w for w in SUITE_WORDS if masker.text(w) != w]
    assert masked == []


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_canary_identifier_is_still_masked(seed: int) -> None:
    masker, values = _learned(seed)
    for value in values:
        if value == "London":
            continue  # a town alone is no identifier: the one rule this file is about
        shown = masker.text(f"echoed: {value} (end)")
        assert value not in shown, value
        assert MASK in shown, value
    assert MASK in masker.text("Bearer tok-SECRET-123456")


def test_a_suite_word_inside_an_identifier_is_masked_with_it() -> None:
    masker = Masker()
    masker.learn(json.dumps({"address_lines": ["1 Commercial Street, London", "London"]}))
    assert masker.text("to 1 Commercial Street, London in London") == f"to {MASK} in London"
