"""The reference tool in a child process (`--reference`): reachable, its fault on, stopped."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import pytest
import requests

from gponline_sdk.reference.tool._process import serve_in_process


def _refused(url: str) -> bool:
    parts = urlsplit(url)
    with socket.socket() as sock:
        return sock.connect_ex((parts.hostname or "", parts.port or 0)) != 0


@pytest.mark.parametrize(("fault", "categories"), [(None, 6), ("offers-only-must-categories", 3)])
def test_the_child_serves_the_tool_with_its_fault_and_stops(
    fault: str | None, categories: int
) -> None:
    with serve_in_process(fault) as url:
        assert urlsplit(url).hostname == "127.0.0.1"  # loopback only
        answer = requests.get(f"{url}/capabilities", timeout=10)
        assert answer.status_code == 200
        assert len(answer.json()["request_categories"]) == categories
    assert _refused(url)  # stopped by its PID: nothing listens there any more


def test_an_unknown_fault_is_said_not_hung() -> None:
    with pytest.raises(RuntimeError, match="did not start"), serve_in_process("no-such-fault"):
        pass
