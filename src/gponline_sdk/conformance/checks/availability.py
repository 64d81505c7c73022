"""Checks of when the form is open, what it says when closed, caps and 111 (group `availability`).

Open at *any* instant of core hours is a property, so it is checked as one:
hypothesis draws instants from the core-hours windows of 2026 and 2027, with
extra weight on the weeks the clocks change, plus explicit edge instants
(opening, one microsecond before closing, lunchtime, the Mondays after each
clock change). The run's seed makes the draw reproducible; examples are
bounded so the suite stays fast, and shrinking is off (each example costs
HTTP calls; the failing instant is named in the message).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from hypothesis import HealthCheck, Phase, Verbosity, example, given, seed, settings
from hypothesis import strategies as st

from gponline_sdk.conformance.checks._support import Canaries, clock_at, london, require, target_of
from gponline_sdk.conformance.core import CheckContext, CheckFailed, check
from gponline_sdk.models import CORE_HOURS, OutOfHoursBehaviour, RequestCategory

__all__: list[str] = []

CORE_HOURS_EXAMPLES = 25
_CLOCK_CHANGES = (date(2026, 3, 29), date(2026, 10, 25), date(2027, 3, 28), date(2027, 10, 31))


def _windows(first: date, last: date) -> list[tuple[datetime, datetime]]:
    return [
        (start.astimezone(timezone.utc), end.astimezone(timezone.utc))
        for start, end in CORE_HOURS.core_hours_windows(first, last)
    ]


_ALL_WINDOWS = _windows(date(2026, 1, 1), date(2027, 12, 31))
_CLOCK_CHANGE_WINDOWS = [
    w
    for change in _CLOCK_CHANGES
    for w in _windows(change - timedelta(days=6), change + timedelta(days=6))
]


@st.composite
def core_hours_instants(draw: st.DrawFn) -> datetime:
    """An instant inside core hours, microsecond precision, in UTC."""
    windows = draw(st.sampled_from([_ALL_WINDOWS, _CLOCK_CHANGE_WINDOWS]))
    start, end = draw(st.sampled_from(windows))
    span = int((end - start) / timedelta(microseconds=1))
    return start + timedelta(microseconds=draw(st.integers(0, span - 1)))


@check(
    "availability.open-in-core-hours",
    title="The form is open at any instant of core hours, clock-change weeks included",
    requirements=["AV-CORE-01"],
    group="availability",
)
def open_in_core_hours(ctx: CheckContext) -> None:
    """Property: at every drawn instant of core hours the tool says open and accepts a request."""
    target = target_of(ctx)
    canaries = Canaries(ctx, "core-hours")
    sub = canaries.submission(RequestCategory.ADMINISTRATIVE_REQUEST)

    @settings(
        max_examples=CORE_HOURS_EXAMPLES,
        database=None,
        deadline=None,
        phases=(Phase.explicit, Phase.generate),
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        report_multiple_bugs=False,
    )
    @seed(ctx.seed)
    @given(instant=core_hours_instants())
    @example(instant=london(date(2026, 3, 30), 8, 0))  # Monday after the clocks go forward
    @example(instant=london(date(2026, 10, 26), 8, 0))  # Monday after the clocks go back
    @example(instant=london(date(2026, 10, 23), 18, 29, 59) + timedelta(microseconds=999_999))
    @example(instant=london(date(2026, 11, 18), 12, 45))  # lunchtime
    @example(instant=london(date(2026, 12, 24), 17, 0))  # Christmas Eve is a working day
    def probe(instant: datetime) -> None:
        shown = f"{instant.astimezone(CORE_HOURS.zone):%a %d %b %Y %H:%M:%S} local"
        require(target.set_clock(instant), "setting the test clock")
        avail = require(target.availability(), "reading availability")
        if not avail.open_now:
            raise CheckFailed(f"closed at {shown}, inside core hours")
        reply = target.submit_request(sub)
        if reply.status != 201:
            raise CheckFailed(f"a request at {shown} was answered HTTP {reply.status}, not 201")

    try:
        probe()
    finally:
        target.release_clock()


_OUT_OF_HOURS = (
    london(date(2026, 11, 24), 7, 59, 59),  # a Tuesday, one second before opening
    london(date(2026, 11, 24), 18, 30),  # the moment core hours end
    london(date(2026, 11, 28), 11, 0),  # Saturday
    london(date(2026, 10, 25), 1, 30),  # the night the clocks go back
    london(date(2026, 8, 31), 10, 0),  # summer bank holiday (Monday)
    london(date(2026, 12, 25), 10, 0),  # Christmas Day (Friday)
    london(date(2026, 12, 28), 10, 0),  # Boxing Day, substitute Monday
)


@check(
    "availability.out-of-hours",
    title="Outside core hours and on bank holidays the tool is clear about the next working day",
    requirements=["AV-OOH-01"],
    group="availability",
)
def out_of_hours(ctx: CheckContext) -> None:
    """Closed with the right next opening, or accepted with an answer by the next working day."""
    target = target_of(ctx)
    caps = require(target.capabilities(), "reading the capabilities")
    canaries = Canaries(ctx, "out-of-hours")
    for now in _OUT_OF_HOURS:
        shown = f"{now:%a %d %b %Y %H:%M} local"
        expected_opening = CORE_HOURS.next_opening(now)
        with clock_at(ctx, now):
            avail = require(target.availability(), "reading availability")
            reply = target.submit_request(canaries.submission(RequestCategory.ASK_QUESTION))
        ctx.expect(not avail.open_now, f"says open at {shown}, outside core hours")
        if reply.status == 409 and reply.closed is not None:
            ctx.expect(
                reply.closed.next_opening == expected_opening,
                f"closed at {shown} but names the wrong next opening",
            )
            continue
        ctx.expect(reply.status == 201, f"a request at {shown} was answered HTTP {reply.status}")
        ctx.expect(
            caps.out_of_hours is OutOfHoursBehaviour.ACCEPTS_FOR_NEXT_WORKING_DAY,
            f"declares it closes out of hours but accepted a request at {shown}",
        )
        ack = require(reply, "the acknowledgement")
        promised = ack.respond_by.astimezone(CORE_HOURS.zone).date()
        ctx.expect(
            promised <= expected_opening.date(),
            f"a request at {shown} is promised an answer after the next working day",
        )


@check(
    "availability.no-cap",
    title="No fixed cap on requests in core hours",
    requirements=["AV-CAP-01"],
    group="availability",
)
def no_cap(ctx: CheckContext) -> None:
    """Thirty requests in a row in core hours are all accepted."""
    target = target_of(ctx)
    canaries = Canaries(ctx, "no-cap")
    with clock_at(ctx, london(date(2026, 11, 26), 10, 0)):
        for i in range(30):
            reply = target.submit_request(canaries.submission(RequestCategory.CLINICAL_REQUEST))
            ctx.expect(
                reply.status == 201,
                f"request {i + 1} of 30 in core hours was answered HTTP {reply.status}",
            )


_MENTIONS_111 = re.compile(r"(?<![0-9])111(?![0-9])")
_CLINICAL = (
    RequestCategory.SEEK_HEALTH_ADVICE,
    RequestCategory.DESCRIBE_SYMPTOMS,
    RequestCategory.CLINICAL_REQUEST,
)


@check(
    "availability.no-111-redirect",
    title="In core hours, needs the practice should handle are not sent to NHS 111",
    requirements=["AV-111-01"],
    group="availability",
)
def no_111_redirect(ctx: CheckContext) -> None:
    """No redirect in core hours, and no 111 in clinical acknowledgements that admin ones lack.

    A message that mentions 111 for every request alike is a safeguard, not a
    redirect; one that mentions it only for clinical needs sends them away.
    """
    target = target_of(ctx)
    canaries = Canaries(ctx, "no-111")
    for now in (london(date(2026, 11, 25), 10, 0), london(date(2026, 11, 25), 16, 45)):
        with clock_at(ctx, now):
            avail = require(target.availability(), "reading availability")
            ctx.expect(avail.redirect_url is None, "in core hours the tool redirects patients away")
            admin = require(
                target.submit_request(canaries.submission(RequestCategory.ADMINISTRATIVE_REQUEST)),
                "submitting an administrative request",
                status=201,
            )
            admin_says_111 = _MENTIONS_111.search(admin.message) is not None
            for category in _CLINICAL:
                ack = require(
                    target.submit_request(canaries.submission(category)),
                    f"submitting a {category.value} request",
                    status=201,
                )
                ctx.expect(
                    admin_says_111 or _MENTIONS_111.search(ack.message) is None,
                    f"a {category.value} request in core hours is pointed to NHS 111",
                )
