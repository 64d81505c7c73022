"""Round 13: what the twelfth outside set found the suite never sent, or never looked for.

Each check is proved against breaks it was not written for: a closure for one contact
preference at any half hour, in London time or UTC; a reference quoted with any character
that is not a letter or digit, anywhere in it; record IDs from a seeded generator drawn in
any form, and NHS number digits at either end; a date of birth in every other ISO 8601
form, for any day; every ethnicity code and an email in capitals.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import random
import uuid
from collections import Counter
from datetime import date, datetime, time, timedelta, timezone

import pytest
from _passthrough import PassThroughMasker
from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.conformance import checks  # noqa: F401 - registers the checks
from gponline_sdk.conformance.catalogue import load_catalogue
from gponline_sdk.conformance.checks._hours import (
    PREFERENCE_GAP,
    PREFERENCE_GAP_UTC,
    CategoryRotation,
    sweep_plan,
)
from gponline_sdk.conformance.checks._near_misses import near_misses
from gponline_sdk.conformance.checks._support import Canaries
from gponline_sdk.conformance.checks.contact.values import EMAILS, _turns, _update
from gponline_sdk.conformance.checks.response import misquoted
from gponline_sdk.conformance.checks.usage.pseudonyms import Detector
from gponline_sdk.conformance.checks.usage.tails import nhs_number_fragments
from gponline_sdk.conformance.contract import openapi_document
from gponline_sdk.conformance.core import CHECKS, Status
from gponline_sdk.conformance.runner import run_checks
from gponline_sdk.conformance.target import InProcessTarget
from gponline_sdk.models import CORE_HOURS, ContactMethod, RequestCategory
from gponline_sdk.models.consultation import ETHNIC_CATEGORY_CODES
from gponline_sdk.reference.tool import FAULTS, ReferenceTool
from gponline_sdk.reference.tool.faults import round13
from gponline_sdk.reference.tool.faults.patterns import LAX_READS
from gponline_sdk.serde.converter import parse_date


class _Ctx:
    """Just enough of a check context for `Canaries`."""

    seed = 5
    target = InProcessTarget(ReferenceTool())


def _minutes(instant: datetime, zone: timezone | object) -> float:
    t = instant.astimezone(zone).timetz()  # type: ignore[arg-type]
    return t.hour * 60 + t.minute + t.second / 60 + t.microsecond / 60e6


def test_the_round13_faults_are_listed() -> None:
    assert set(FAULTS) >= round13.ROUND13_FAULTS
    assert {"accepts-iso-basic-dates", "accepts-iso-week-dates"} <= set(LAX_READS) <= set(FAULTS)


# -- every contact preference, spread over the sweep ------------------------------------------


def _sweep_posts(seed: int) -> list[tuple[datetime, ContactMethod | None]]:
    """The sweep's requests as the core-hours check sends them: instant, preference."""
    rotation = CategoryRotation(Canaries(_Ctx(), "t"))  # type: ignore[arg-type]
    posts = []
    for n, probe in enumerate(p for p in sweep_plan(random.Random(seed)) if p.submit):
        sub = rotation.next()
        rotation.accepted(f"OC-{n}")
        posts.append((probe.instant, sub.contact.preferred))
    return posts


@pytest.mark.parametrize("seed", [0, 1, 7, 20251001])
def test_each_preference_is_posted_at_most_the_stated_gap_apart(seed: int) -> None:
    posts = _sweep_posts(seed)
    opening, closing = 8 * 60.0, 18 * 60 + 30.0
    for preference in ContactMethod:
        london = sorted(
            [opening, closing, *(_minutes(i, CORE_HOURS.zone) for i, p in posts if p is preference)]
        )
        utc = sorted(_minutes(i, timezone.utc) for i, p in posts if p is preference)
        assert max(b - a for a, b in itertools.pairwise(london)) <= PREFERENCE_GAP.seconds / 60
        assert max(b - a for a, b in itertools.pairwise(utc)) <= PREFERENCE_GAP_UTC.seconds / 60
    assert {p for _, p in posts} == set(ContactMethod)


@pytest.mark.parametrize("offered", range(1, len(RequestCategory) + 1))
def test_every_category_meets_every_preference_however_many_are_offered(offered: int) -> None:
    categories = [c for c in RequestCategory if c is not RequestCategory.FOLLOW_UP][:offered]
    rotation = CategoryRotation(Canaries(_Ctx(), "t"), categories=categories)  # type: ignore[arg-type]
    seen: Counter[tuple[RequestCategory, ContactMethod | None]] = Counter()
    for n in range(2 * len(categories) * len(ContactMethod)):
        sub = rotation.next()
        rotation.accepted(f"OC-{n}")
        seen[sub.category, sub.contact.preferred] += 1
        # A preference stated with the medium it needs: a patient could send it.
        assert sub.contact.phone
        assert sub.contact.email
        assert sub.contact.address_lines
    assert set(seen) == {(c, p) for c in categories for p in ContactMethod}


def _windows() -> list[tuple[ContactMethod, object, time, int]]:
    """Windows the check was not written for: each preference, London and UTC, any start."""
    rng = random.Random(13)
    out = []
    for preference in ContactMethod:
        start = 8 * 60 + rng.randrange(0, 10 * 60)  # London: 08:00 to 18:00
        out.append((preference, CORE_HOURS.zone, time(start // 60, start % 60), 30))
        start = 7 * 60 + rng.randrange(0, 10 * 60 + 45)  # UTC: 07:00 to 17:45
        out.append((preference, timezone.utc, time(start // 60, start % 60), 45))
    return out


@pytest.mark.parametrize(("preference", "zone", "start", "minutes"), _windows())
def test_a_daily_window_for_one_preference_fails_the_core_hours_check(
    preference: ContactMethod,
    zone: timezone,
    start: time,
    minutes: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = "one-preference-window-under-test"
    end = (datetime.combine(date(2026, 1, 1), start) + timedelta(minutes=minutes)).time()
    monkeypatch.setitem(FAULTS, name, "refuses one preference's requests for a while each day")
    monkeypatch.setitem(round13._WINDOWS, name, (preference, zone, start, end))
    result = run_checks(
        [CHECKS["availability.open-in-core-hours"]],
        target=InProcessTarget(ReferenceTool(name)),
        catalogue=load_catalogue(),
        target_description="t",
        seed=20251001,
        masker=PassThroughMasker(),
    )
    (only,) = result.results
    assert only.status is Status.FAIL, (preference, zone, start)
    assert f"preferring {preference.value}" in (only.message or "")
    assert "HTTP 503" in (only.message or "")


# -- the acknowledgement's reference, quoted exactly --------------------------------------------

_NOT_ALNUM = [
    "\u2010",  # HYPHEN
    "\u2011",  # NON-BREAKING HYPHEN
    "\u2012",  # FIGURE DASH
    "\u2013",  # EN DASH
    "\u2212",  # MINUS SIGN
    "\u00ad",  # SOFT HYPHEN
    "\u200b",  # ZERO WIDTH SPACE
    "\u2060",  # WORD JOINER
    "\u00a0",  # NO-BREAK SPACE
    "\u202f",  # NARROW NO-BREAK SPACE
    "\u3000",  # IDEOGRAPHIC SPACE
    "\u00b7",  # MIDDLE DOT
    "#",
    "*",
]
_REFERENCES = st.from_regex(r"\A(OC|VC|CD)-[0-9]{4}-[A-Z0-9]{6}\Z")


@settings(max_examples=200, deadline=None)
@given(_REFERENCES, st.sampled_from(_NOT_ALNUM), st.data())
def test_a_reference_with_any_other_character_in_it_is_a_misquote(
    reference: str, char: str, data: st.DataObject
) -> None:
    at = data.draw(st.integers(1, len(reference) - 1), label="where")
    where = data.draw(st.sampled_from(["insert", "replace"]), label="how")
    if where == "replace" and reference[at] == "-":
        quoted = reference[:at] + char + reference[at + 1 :]
    else:
        quoted = reference[:at] + char + reference[at:]
    message = f"Thank you. Your reference is {quoted}. We will reply by 16:00 today."
    assert misquoted(message, reference) == quoted
    assert misquoted(message.replace(quoted, reference), reference) is None


@settings(max_examples=100, deadline=None)
@given(_REFERENCES)
def test_a_reference_in_full_width_characters_is_a_misquote(reference: str) -> None:
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in reference)
    assert misquoted(f"Your reference is {wide}.", reference) is not None


# -- usage record IDs: a seeded generator, NHS number digits -----------------------------------


@settings(max_examples=100, deadline=None)
@given(_REFERENCES, st.sampled_from(["128", "64", "bytes", "uuid", "uuid-hex"]))
def test_ids_drawn_from_a_generator_seeded_with_the_reference_are_found(
    reference: str, form: str
) -> None:
    bits = random.Random(reference).getrandbits(128)
    made = {
        "128": f"{bits:032x}",
        "64": f"{random.Random(reference).getrandbits(64):016x}",
        "bytes": random.Random(reference).randbytes(16).hex(),
        "uuid": str(uuid.UUID(int=bits, version=4)),
        "uuid-hex": uuid.UUID(int=bits, version=4).hex,
    }[form]
    assert Detector([reference]).derivation(made) is not None
    key = random.Random(reference + "key").randbytes(32)
    keyed = hmac.new(key, reference.encode(), hashlib.sha256).hexdigest()[:32]
    assert Detector([reference]).derivation(keyed) is None


def _nhs(rng: random.Random) -> str:
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, digits)) + str(check)


@pytest.mark.parametrize("where", ["end", "start", "part-end", "part-start"])
def test_nhs_number_digits_at_an_end_of_two_ids_are_found(where: str) -> None:
    rng = random.Random(where)
    numbers = [_nhs(rng) for _ in range(3)]
    ids = []
    for n, number in enumerate(numbers * 2):
        keyed = f"{rng.getrandbits(112):028x}"
        last, first = number[-4:], number[:4]
        ids.append(
            {
                "end": keyed + last,
                "start": first + keyed,
                "part-end": f"{keyed[:14]}{last}-{keyed[14:]}",
                "part-start": f"{keyed[:14]}_{first}{keyed[14:]}",
            }[where]
            if n < 2
            else keyed
        )
    assert nhs_number_fragments(ids, numbers) is not None
    assert nhs_number_fragments(ids[1:], numbers) is None  # one alone proves nothing


def test_keyed_ids_are_not_taken_for_nhs_number_digits_by_chance() -> None:
    rng = random.Random(2026)
    flagged = 0
    for _ in range(5_000):
        numbers = [_nhs(rng) for _ in range(3)]
        key = rng.randbytes(32)
        ids = [hmac.new(key, f"OC-{i}".encode(), hashlib.sha256).hexdigest()[:32] for i in range(5)]
        flagged += nhs_number_fragments(ids, numbers) is not None
    assert flagged == 0


# -- dates of birth in ISO 8601's other forms --------------------------------------------------

_DOB = openapi_document()["components"]["schemas"]["PatientDetails"]["properties"]["date_of_birth"]


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 12, 31)))
def test_every_other_iso_form_of_a_date_is_a_near_miss_and_refused(day: date) -> None:
    sent = dict(near_misses(_DOB, day.isoformat()))
    year, week, weekday = day.isocalendar()
    forms = {f"{day:%Y%m%d}", f"{year:04d}-W{week:02d}-{weekday}", f"{day:%Y}-{day:%j}"}
    assert forms <= set(sent)
    for form in forms:
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            parse_date(form)  # the SDK's own parser, on every Python


# -- contact updates: every ethnicity code, an email in capitals -------------------------------


def test_contact_values_send_every_ethnicity_code_and_a_capitalised_domain() -> None:
    canaries = Canaries(_Ctx(), "t", every_form=True)  # type: ignore[arg-type]
    updates = [_update(canaries, turn)[1] for turn in range(_turns())]
    assert {u.ethnicity for u in updates} == {*ETHNIC_CATEGORY_CODES, None}
    assert {u.contact.email for u in updates} >= {e for _, e in EMAILS}
    assert any(e.rsplit("@", 1)[1] != e.rsplit("@", 1)[1].lower() for _, e in EMAILS)
