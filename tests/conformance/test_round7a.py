"""Round 7, part A: the clock on a new connection, an acknowledgement's own dates.

The checks' verdicts on the fault modes are the self-test's; here, the pieces under them:
`new_connection` really opens one (over HTTP and in process), and the dates an
acknowledgement names are read as the contract's forms write them.
"""

from __future__ import annotations

import threading
from datetime import date, datetime, timezone

from gponline_sdk.conformance.checks.response import dates_named, foreign_dates
from gponline_sdk.conformance.target import HttpTarget, InProcessTarget
from gponline_sdk.reference.tool import ReferenceTool, make_server


class _Counting(ReferenceTool):
    """The clean tool, counting the connections its HTTP server opens."""

    opened = 0

    def connection_opened(self) -> None:
        type(self).opened += 1
        super().connection_opened()


def test_new_connection_opens_one_over_http_and_the_clock_holds_there() -> None:
    server = make_server()
    server.tool = _Counting()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        with HttpTarget(server.base_url) as target:
            at = datetime(2026, 11, 24, 10, 30, tzinfo=timezone.utc)
            assert target.set_clock(at).status == 200
            before = _Counting.opened
            assert target.availability().status == 200
            assert _Counting.opened == before  # the same keep-alive connection
            target.new_connection()
            avail = target.availability().value
            assert _Counting.opened == before + 1
            assert avail is not None
            assert avail.now == at
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_in_process_new_connection_reaches_a_tool_that_models_connections() -> None:
    at = datetime(2026, 11, 24, 10, 30, tzinfo=timezone.utc)
    clean = InProcessTarget(ReferenceTool())
    faulty = InProcessTarget(ReferenceTool("test-clock-cleared-on-new-connection"))
    for target in (clean, faulty):
        target.set_clock(at)
        target.new_connection()
    assert clean.availability().value.now == at  # type: ignore[union-attr]
    assert faulty.availability().value.now != at  # type: ignore[union-attr]


def test_dates_are_read_in_the_contracts_forms_and_the_own_reference_is_left_out() -> None:
    message = (
        "Thank you: reference OC-2026-11-24-7. We will tell you by 18:30 on Tuesday 24th "
        "November (24/11, 2026-11-24), not November 25 or 1/12/26."
    )
    found = [(m, d, y) for _, m, d, y in dates_named(message, "OC-2026-11-24-7")]
    assert found == [(11, 24, None), (11, 25, None), (11, 24, None), (12, 1, 2026), (11, 24, 2026)]
    assert foreign_dates(message, "OC-2026-11-24-7", date(2026, 11, 24)) == [
        "November 25",
        "1/12/26",
    ]
    # Times, phone numbers and opening hours are no dates.
    assert dates_named("Call 0113 496 0000 between 08:00 and 18:30, 1 tablet", "X") == []


def test_safety_net_wording_and_number_references_are_no_foreign_dates() -> None:
    """A conformant tool's usual words are not read as another request's date or reference."""
    day = date(2026, 11, 24)
    message = (
        "Thank you, your reference is 21. We will reply by 16:00 on 24 November. "
        "NHS 111 is available 24/7; if you are worse within 1/2 an hour, call 999."
    )
    assert foreign_dates(message, "21", day) == []  # '24/7' and '1/2' are no dates here
    # A short all-digit reference is not removed from the text (it would break '21 November').
    assert foreign_dates("Reference 21, reply by 21 November", "21", date(2026, 11, 21)) == []
    # A slash date with its year is still read, and still judged.
    assert foreign_dates("We will reply by 25/11/2026.", "OC-1", day) == ["25/11/2026"]
