"""The practice web application on a free loopback port, in a thread, for one test."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import requests
import uvicorn

from gponline_sdk.conformance.practice.web.app import create_app
from gponline_sdk.conformance.practice.web.settings import WebSettings
from gponline_sdk.reference.sandbox import free_port


@contextmanager
def serve(settings: WebSettings) -> Iterator[str]:
    """Serve the app; yields its base URL (no trailing slash)."""
    port = free_port()
    # log_config=None keeps uvicorn's loggers propagating, so caplog sees its access log.
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_config=None, lifespan="on",
        proxy_headers=False, server_header=False,  # as `gponline practice serve` runs it
    )  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(500):
        if server.started:
            break
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


def csrf(session: requests.Session, base: str, path: str = "/") -> str:
    """Open a form page (setting the cookie) and return its CSRF token."""
    page = session.get(base + path, timeout=10)
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
    assert match, page.text[:500]
    return match[1]


def follow(session: requests.Session, base: str, location: str, *, rounds: int = 600) -> str:
    """Poll a job page (as its meta refresh would) until it stops refreshing; its HTML."""
    for _ in range(rounds):
        page = session.get(base + location, timeout=10)
        if 'http-equiv="refresh"' not in page.text:
            return page.text
        time.sleep(0.05)
    raise AssertionError("the job did not finish")
