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
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from _passthrough import PassThroughMasker
from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.conformance import checks  # noqa: F401 - registers the checks
from gponline_sdk.conformance.catalogue import load_catalogue
from gponline_sdk.conformance.checks.framing import MEDIA_TYPES
from gponline_sdk.conformance.core import CHECKS, Status
from gponline_sdk.conformance.results import CheckResult
from gponline_sdk.conformance.runner import run_checks
from gponline_sdk.conformance.target import HttpTarget
from gponline_sdk.reference import tool as reference
from gponline_sdk.reference.tool import ReferenceTool, ReferenceToolServer
from gponline_sdk.reference.tool.faults.framing import FRAMING_FAULTS, refused_body_read

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
    server = ReferenceToolServer(0, ReferenceTool(None))
    server.RequestHandlerClass = handler
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server.base_url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


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


def test_the_framing_faults_are_listed() -> None:
    assert set(reference.FAULTS) >= FRAMING_FAULTS
    assert refused_body_read(None, 500) == 500


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
