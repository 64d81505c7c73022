"""Building blocks of the strategies: identifiers, instants, dates, text shapes."""

from __future__ import annotations

import string
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from gponline_sdk.models import (
    NhsNumber,
    OdsCode,
    ReportingPeriod,
    SupplierId,
    nhs_number_check_digit,
)
from gponline_sdk.models.identifiers import _identifier_kind

__all__ = [
    "aware_datetimes",
    "nhs_numbers",
    "ods_codes",
    "reporting_periods",
    "supplier_ids",
]

SearchStrategy = st.SearchStrategy
_LONDON = ZoneInfo("Europe/London")
_FIRST, _LAST = datetime(2000, 1, 1), datetime(2099, 12, 31, 23, 59, 59)  # noqa: DTZ001
_COUNT = st.integers(0, 100_000)


def ods_codes() -> SearchStrategy[OdsCode]:
    """GP practice ODS codes: a capital letter and five digits.

    >>> isinstance(ods_codes().example(), OdsCode)
    True
    """
    letters = st.sampled_from(string.ascii_uppercase)
    return st.builds(lambda a, n: OdsCode(f"{a}{n:05d}"), letters, st.integers(0, 99_999))


def nhs_numbers(*, synthetic_only: bool = True) -> SearchStrategy[NhsNumber]:
    """Valid NHS numbers; by default only the synthetic 999 range reserved for tests.

    Args:
        synthetic_only: keep to numbers starting 999 (never a real patient's).

    >>> nhs_numbers().example().is_synthetic
    True
    """
    low, high = (999_000_000, 999_999_999) if synthetic_only else (0, 999_999_999)

    # About one in eleven prefixes has no possible check digit: drop those.
    prefixes = st.integers(low, high).map(lambda n: f"{n:09d}")
    usable = prefixes.filter(lambda nine: nhs_number_check_digit(nine) is not None)
    return usable.map(lambda nine: NhsNumber(f"{nine}{nhs_number_check_digit(nine)}"))


def supplier_ids() -> SearchStrategy[SupplierId]:
    """Supplier identifiers: 2-40 of A-Z, 0-9, `_`, `-`, not starting with `_` or `-`.

    Never one shaped like an NHS or UK phone number: `SupplierId` refuses those,
    so a drawn one would fail the draw rather than the code under test.

    >>> isinstance(supplier_ids().example(), SupplierId)
    True
    """
    shaped = st.from_regex(r"[A-Z0-9][A-Z0-9_-]{1,39}", fullmatch=True)
    return shaped.filter(lambda value: _identifier_kind(value) is None).map(SupplierId)


def _fixed_offsets() -> SearchStrategy[tzinfo]:
    minutes = st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
    return st.one_of(st.just(timezone.utc), minutes)


def _round_trip_safe(value: datetime) -> datetime:
    # PEP 495: a datetime whose offset depends on `fold` (the repeated autumn
    # hour) never compares equal to one in another zone, so a value read back
    # from JSON (fixed offset) would differ from it. Keep its instant and offset.
    if value.replace(fold=1 - value.fold).utcoffset() != value.utcoffset():
        offset = value.utcoffset()
        assert offset is not None
        return value.astimezone(timezone(offset))
    return value


def _near_clock_changes() -> SearchStrategy[datetime]:
    def build(year: int, autumn: bool, minutes: int) -> datetime:
        month = 10 if autumn else 3
        last = date(year, month, 31)
        change = datetime.combine(last - timedelta(days=(last.weekday() + 1) % 7), time(1))
        moment = change.replace(tzinfo=timezone.utc) + timedelta(minutes=minutes)
        return moment.astimezone(_LONDON)

    return st.builds(build, st.integers(2000, 2099), st.booleans(), st.integers(-180, 180))


def aware_datetimes(*, round_trip_safe: bool = True) -> SearchStrategy[datetime]:
    """Timezone-aware datetimes, 2000 to 2099, in UTC, any whole-minute offset or Europe/London.

    About half are within three hours of a UK clock change. Times that do not
    exist (the spring gap) are never drawn.

    Args:
        round_trip_safe: give a Europe/London time in the repeated autumn hour a
            fixed-offset tzinfo (same instant, same offset), because Python's
            `==` treats such a time as unequal to the same instant in any
            other zone (PEP 495), which would break `from_json(to_json(x)) == x`.

    >>> aware_datetimes().example().utcoffset() is not None
    True
    """
    fixed = st.datetimes(_FIRST, _LAST, timezones=_fixed_offsets())
    london = st.datetimes(_FIRST, _LAST, timezones=st.just(_LONDON), allow_imaginary=False)
    drawn = st.one_of(fixed, london, _near_clock_changes(), _near_clock_changes())
    return drawn.map(_round_trip_safe) if round_trip_safe else drawn


def _later_than(first: datetime, tz: tzinfo, seconds: int) -> datetime:
    # Arithmetic in UTC: adding a timedelta to a London datetime moves its wall
    # clock, which across a clock change is not the same as moving the instant.
    moment = first.astimezone(timezone.utc) + timedelta(seconds=seconds)
    return _round_trip_safe(moment.astimezone(tz))


@st.composite
def _ordered_pair(draw: st.DrawFn) -> tuple[datetime, datetime]:
    first = draw(aware_datetimes())
    tz = draw(st.one_of(st.just(first.tzinfo), _fixed_offsets(), st.just(_LONDON)))
    assert tz is not None
    return first, _later_than(first, tz, draw(st.integers(0, 14 * 86_400)))


def _dates(first: int = 2000, last: int = 2099) -> SearchStrategy[date]:
    return st.dates(date(first, 1, 1), date(last, 12, 31))


def _text(max_len: int, min_len: int = 1) -> SearchStrategy[str]:
    return st.text(min_size=min_len, max_size=min(max_len, max(min_len, 40)))


def _references() -> SearchStrategy[str]:
    return st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}", fullmatch=True)


def _record_ids() -> SearchStrategy[str]:
    return st.from_regex(r"[A-Za-z0-9_-]{8,64}", fullmatch=True)


def _media_types() -> SearchStrategy[str]:
    known = st.sampled_from(["image/jpeg", "image/png", "image/heic", "application/pdf"])
    return st.one_of(known, st.from_regex(r"[a-z]{1,20}/[a-z0-9.+-]{1,40}", fullmatch=True))


def reporting_periods() -> SearchStrategy[ReportingPeriod]:
    """Weekly reporting periods (Monday to Sunday) from 2000 to 2099.

    >>> reporting_periods().example().start.weekday()
    0
    """
    return _dates().map(ReportingPeriod.containing)
