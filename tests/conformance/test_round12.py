"""Round 12: a refused body left on the wire, found however much of it is left and where.

`robustness.body-read-to-end` sends POST /requests a body labelled with another media type,
then a valid request on the same connection. Proved against tools broken in ways the check
was not written for: any number of the body's bytes left unread (from one to all), for one
media type only; and passed by tools that do what HTTP allows: read it and refuse it, take it
as JSON, or close the connection without reading it (with or without an answer). Real HTTP
on loopback throughout: the defect exists only on a connection.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

import orjson
import pytest
from _passthrough import PassThroughMasker
from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.conformance import checks  # noqa: F401 - registers the checks
from gponline_sdk.conformance.catalogue import load_catalogue
from gponline_sdk.conformance.checks._weekdays import dates_named
from gponline_sdk.conformance.checks.framing import MEDIA_TYPES
from gponline_sdk.conformance.core import CHECKS, Status
from gponline_sdk.conformance.results import CheckResult
from gponline_sdk.conformance.runner import run_checks
from gponline_sdk.conformance.target import HttpTarget, InProcessTarget
from gponline_sdk.models import CORE_HOURS
from gponline_sdk.reference import tool as reference
from gponline_sdk.reference.tool import ReferenceTool
from gponline_sdk.reference.tool.faults import round12
from gponline_sdk.reference.tool.faults.framing import (
    FRAMING_FAULTS,
    refusal_status,
    refused_body_read,
)

_CHECK = "robustness.body-read-to-end"
Refusal = Callable[[Any, int], None]
"""How a handler refuses a body of another media type: (handler, Content-Length)."""


def _handler(refuse: Refusal) -> type[Any]:
    class Handler(reference._Handler):
        def _refuse_media(self, length: int) -> None:
            refuse(self, length)

    return Handler


@contextlib.contextmanager
def _served(handler: type[Any]) -> Iterator[str]:
    server = reference.make_server()
    server.RequestHandlerClass = handler
    with reference.serving(server) as url:
        yield url


def _run(url: str) -> CheckResult:
    with HttpTarget(url) as target:
        result = run_checks(
            [CHECKS[_CHECK]],
            target=target,
            catalogue=load_catalogue(),
            target_description=url,
            masker=PassThroughMasker(),
        )
    assert result.unreachable is None
    (only,) = result.results
    return only


def _answer_415(handler: Any) -> None:
    handler._answer(415, b'{"message": "the body must be JSON"}')


def test_the_round12_faults_are_listed() -> None:
    assert set(reference.FAULTS) >= FRAMING_FAULTS | round12.ROUND12_FAULTS
    assert refused_body_read(None, 500) == 500
    assert refusal_status(None) == 415


def test_a_crash_on_another_label_warns_without_failing_the_must() -> None:
    """500 to the labelled body, the body read: ROB-4XX-01's warning, AV-CORE-01 holds."""

    def crash(handler: Any, length: int) -> None:
        handler.rfile.read(length)
        handler._answer(500, b'{"message": "no parser for this content type"}')

    with _served(_handler(crash)) as url:
        result = _run(url)
    assert result.status is Status.WARN
    assert "HTTP 500" in result.message
    assert "not taken" not in result.message


def test_any_part_of_the_body_left_unread_for_one_media_type_fails() -> None:
    """From every byte to the last one left on the wire, for one label only: a failure naming it.

    The property runs inside the test so that what it drew is asserted after it: every label,
    and both little and most of the body left unread.
    """
    drawn: list[tuple[str, float]] = []

    @settings(max_examples=24, deadline=None, database=None)
    @given(media_type=st.sampled_from(MEDIA_TYPES), share=st.floats(0, 1, exclude_max=True))
    def one_label_left_unread(media_type: str, share: float) -> None:
        drawn.append((media_type, share))

        def refuse(handler: Any, length: int) -> None:
            ours = handler.headers.get("Content-Type") == media_type
            handler.rfile.read(int(length * share) if ours else length)
            _answer_415(handler)

        with _served(_handler(refuse)) as url:
            result = _run(url)
        assert result.status is Status.FAIL
        assert f"after a body labelled {media_type} (answered HTTP 415)" in result.message
        assert "1 of 4 valid requests" in result.message

    one_label_left_unread()
    assert {m for m, _ in drawn} == set(MEDIA_TYPES)
    assert min(s for _, s in drawn) < 0.2
    assert max(s for _, s in drawn) > 0.8


@pytest.mark.parametrize("left", [1, 2, 63])
def test_the_last_bytes_left_unread_fail(left: int) -> None:
    def refuse(handler: Any, length: int) -> None:
        handler.rfile.read(length - left)
        _answer_415(handler)

    with _served(_handler(refuse)) as url:
        result = _run(url)
    assert result.status is Status.FAIL
    assert "4 of 4 valid requests" in result.message


def _close_unread(handler: Any, _length: int) -> None:
    handler.close_connection = True
    handler.send_response(415)
    handler.send_header("Content-Length", "2")
    handler.send_header("Connection", "close")
    handler.end_headers()
    handler.wfile.write(b"{}")


def _close_silently(handler: Any, _length: int) -> None:
    handler.close_connection = True


def _read_and_take(handler: Any, length: int) -> None:
    # Reads the body and files it as if it were JSON, whatever its label.
    body = handler.rfile.read(length)
    status, data = handler.server.tool.handle("POST", handler.path, body)
    handler._answer(status, data)


@pytest.mark.parametrize(
    "refuse",
    [_close_unread, _close_silently, _read_and_take],
    ids=["415-then-close-unread", "close-without-answer", "taken-as-json"],
)
def test_what_http_allows_passes(refuse: Refusal) -> None:
    with _served(_handler(refuse)) as url:
        result = _run(url)
    assert result.status is Status.PASS, result.message


def test_the_clean_reference_refuses_each_label_with_415_and_passes() -> None:
    with reference.serve_in_thread() as url:
        result = _run(url)
        with HttpTarget(url) as target:
            replies = [
                target.send_raw("POST", "/requests", b'{"a": 1}', media_type=m) for m in MEDIA_TYPES
            ]
            json_reply = target.send_raw(
                "POST", "/requests", b"{}", media_type="application/json; charset=utf-8"
            )
    assert result.status is Status.PASS, result.message
    assert [r.status for r in replies] == [415] * len(MEDIA_TYPES)
    assert all(r.error is not None and r.error.problems for r in replies)
    assert json_reply.status == 400  # a JSON label with a parameter is JSON: the body is judged


# -- the eleventh set's other misses --------------------------------------------------------

_FORMS: dict[str, Callable[[date], str]] = {
    "weekday day month": lambda d: f"{d:%A} {d.day} {d:%B}",
    "day month year": lambda d: f"{d.day} {d:%B %Y}",
    "ordinal of month": lambda d: f"the {d.day}{_suffix(d.day)} of {d:%B}",
    "abbreviated": lambda d: f"{d:%a}, {d.day}{_suffix(d.day)} {d:%b}",
    "month first": lambda d: f"{d:%B} {d.day}{_suffix(d.day)}, {d.year}",
    "numeric": lambda d: f"{d:%d/%m/%Y}",
    "numeric short year": lambda d: f"{d.day}/{d.month}/{d:%y}",
    "dotted": lambda d: f"{d:%d.%m.%Y}",
    "iso": lambda d: d.isoformat(),
}


def _suffix(day: int) -> str:
    if day in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def test_every_date_in_every_written_form_is_read_back_and_non_dates_are_not() -> None:
    drawn: list[tuple[date, str]] = []

    @settings(max_examples=300, deadline=None, database=None)
    @given(
        day=st.dates(date(2026, 1, 1), date(2028, 12, 31)),
        form=st.sampled_from(sorted(_FORMS)),
        before=st.sampled_from(["We open again at 08:00 on ", "From 8am, ", ""]),
        after=st.sampled_from([".", " at 08:00. Call 999 in an emergency.", ""]),
    )
    def read_back(day: date, form: str, before: str, after: str) -> None:
        drawn.append((day, form))
        said = before + _FORMS[form](day) + after
        assert [d for _, d in dates_named(said, day + timedelta(days=3))] == [day]

    read_back()
    assert {f for _, f in drawn} == set(_FORMS)
    assert {d.month for d, _ in drawn} == set(range(1, 13))
    assert len({d.day for d, _ in drawn}) >= 28
    for words in ("open 24/7", "at 08.00 or 18:30", "call 0113 496 0000", "REF-2026-11", "1 in 5"):
        assert dates_named(f"We are closed. {words}.", date(2026, 11, 30)) == []


class _SaysDate:
    """The reference tool, its closed messages naming next_opening's date moved by `shift`."""

    def __init__(self, shift: int, form: str) -> None:
        self.tool = ReferenceTool(None)
        self.shift, self.form = shift, form

    def handle(self, method: str, target: str, body: bytes | None) -> tuple[int, bytes]:
        status, data = self.tool.handle(method, target, body)
        if status == 409 and target == "/requests":
            closed = orjson.loads(data)
            opens = datetime.fromisoformat(closed["next_opening"]).astimezone(CORE_HOURS.zone)
            said = _FORMS[self.form](opens.date() + timedelta(days=self.shift))
            closed["message"] = f"We are closed. We open again at 08:00 on {said}."
            data = orjson.dumps(closed)
        return status, data


@pytest.mark.parametrize("form", sorted(_FORMS))
@pytest.mark.parametrize("shift", [-1, 0, 1, 3, 7])
def test_a_closed_message_naming_another_date_fails_out_of_hours(form: str, shift: int) -> None:
    result = run_checks(
        [CHECKS["availability.out-of-hours"]],
        target=InProcessTarget(_SaysDate(shift, form)),
        catalogue=load_catalogue(),
        target_description="reference tool, dates moved",
        masker=PassThroughMasker(),
    )
    (only,) = result.results
    if shift == 0:
        assert only.status is Status.PASS, only.message
    else:
        assert only.status is Status.FAIL
        assert "the date next_opening" in only.message


class _TellsChildren:
    """The reference tool, offering NHS 111 in the acknowledgements of ages `low` to `high`."""

    def __init__(self, low: int, high: int) -> None:
        self.tool = ReferenceTool(None)
        self.low, self.high = low, high

    def handle(self, method: str, target: str, body: bytes | None) -> tuple[int, bytes]:
        status, data = self.tool.handle(method, target, body)
        if status == 201 and target == "/requests" and body:
            sent = orjson.loads(body)
            born = date.fromisoformat(sent["patient"]["date_of_birth"])
            now = datetime.fromisoformat(orjson.loads(data)["received_at"])
            years = (now.date() - born).days // 365.25
            if self.low <= years <= self.high:
                ack = orjson.loads(data)
                ack["message"] += " For this age group, please call NHS 111."
                data = orjson.dumps(ack)
        return status, data


@pytest.mark.parametrize(("low", "high"), [(0, 0), (1, 1), (0, 4), (5, 10), (11, 15), (0, 15)])
def test_111_offered_to_any_band_of_childhood_fails_no_111_redirect(low: int, high: int) -> None:
    result = run_checks(
        [CHECKS["availability.no-111-redirect"]],
        target=InProcessTarget(_TellsChildren(low, high)),
        catalogue=load_catalogue(),
        target_description="reference tool, 111 for some children",
        masker=PassThroughMasker(),
    )
    (only,) = result.results
    assert only.status is Status.FAIL
    assert "request for a child" in only.message
