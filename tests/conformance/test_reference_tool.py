"""The reference tool: its server's life cycle, its contract edges, its CLI."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from gponline_sdk.cli.main import main
from gponline_sdk.conformance.contract import ErrorBody
from gponline_sdk.conformance.target import HttpTarget, InProcessTarget
from gponline_sdk.reference.sandbox import free_port
from gponline_sdk.reference.tool import FAULTS, MAX_BODY_BYTES, ReferenceTool, serve_in_thread
from gponline_sdk.serde import from_json

EXPECTED = json.loads(
    (Path(__file__).parents[2] / "conformance" / "selftest-expected.json").read_text("utf-8")
)


def _refused(base_url: str) -> bool:
    host, port = base_url.removeprefix("http://").split(":")
    with socket.socket() as sock:
        return sock.connect_ex((host, int(port))) != 0


def test_serve_in_thread_binds_loopback_and_stops_on_exit() -> None:
    with serve_in_thread() as url:
        assert url.startswith("http://127.0.0.1:")
        assert requests.get(f"{url}/capabilities", timeout=5).status_code == 200
    assert _refused(url)


def test_serve_in_thread_stops_even_when_the_block_raises() -> None:
    with pytest.raises(RuntimeError), serve_in_thread() as url:
        raise RuntimeError("boom")
    assert _refused(url)


def test_unknown_fault_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown fault mode"):
        ReferenceTool("no-such-fault")


def test_fault_modes_are_the_ones_the_selftest_expects() -> None:
    assert list(FAULTS) == list(EXPECTED["faults"])


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", "/nowhere", None, 404),
        ("PATCH", "/capabilities", None, 405),
        ("POST", "/requests", None, 400),
        ("PUT", "/test/clock", b'{"now": "1990-01-01T00:00:00Z"}', 400),
        ("GET", "/usage?week=2026-W99&data_type=oc_record", None, 400),
        ("GET", "/usage?week=2026-W47&data_type=incident", None, 400),
        ("GET", "/messages", None, 400),
        ("GET", "/messages?thread=MSG-NONE", None, 404),
        ("POST", "/video/sessions/VC-NONE/join", b'{"participant": "patient"}', 404),
    ],
)
def test_bad_calls_get_a_4xx_error_body(
    method: str, path: str, body: bytes | None, status: int
) -> None:
    code, data = ReferenceTool().handle(method, path, body)
    assert code == status
    assert from_json(data, ErrorBody).message


def test_oversized_body_gets_413_over_http() -> None:
    with serve_in_thread() as url:
        reply = requests.post(f"{url}/requests", data=b"x" * (MAX_BODY_BYTES + 1), timeout=10)
    assert reply.status_code == 413
    assert from_json(reply.content, ErrorBody).message


def test_state_is_per_server_instance() -> None:
    with serve_in_thread() as first, HttpTarget(first) as target:
        sent = target.send_raw(
            "POST",
            "/messages",
            json.dumps(
                {
                    "practice_code": "A81001",
                    "direction": "patient_to_practice",
                    "body": "hello",
                }
            ).encode(),
        )
        reference = sent.value["reference"]
        assert target.message_thread(reference).status == 200
    with serve_in_thread() as second, HttpTarget(second) as target:
        assert target.message_thread(reference).status == 404


def test_in_process_and_http_answers_match() -> None:
    local = InProcessTarget(ReferenceTool())
    with serve_in_thread() as url, HttpTarget(url) as remote:
        assert local.capabilities().value == remote.capabilities().value


def test_cli_lists_fault_modes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reference-tool", "serve", "--list-faults"]) == 0
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.splitlines()] == list(FAULTS)


def test_cli_refuses_an_unknown_fault(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reference-tool", "serve", "--fault", "nope"]) == 2
    assert "unknown fault mode" in capsys.readouterr().err


def test_cli_serves_until_interrupted() -> None:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gponline_sdk.cli",
            "reference-tool",
            "serve",
            "--port",
            str(port),
            "--fault",
            "no-safeguard",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}" in line
        assert "no-safeguard" in line
        answer = requests.get(f"http://127.0.0.1:{port}/availability", timeout=5).json()
        assert answer["urgent_use_safeguard"] is None
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    deadline = time.monotonic() + 5
    while not _refused(f"http://127.0.0.1:{port}") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _refused(f"http://127.0.0.1:{port}")
