"""Run `deliver_pending` and SIGKILL this very process at a chosen point of the send.

Usage: python _crash_sender.py OUTBOX_DB SANDBOX_URL SHARED_KEY MODE
MODE: before-create | after-create | mid-chunks
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

import requests

from gponline_sdk.mesh import MeshConfig, MeshTransport, Outbox, Secret, deliver_pending

CHUNK = 64 * 1024


def main() -> None:
    db, url, shared_key, mode = sys.argv[1:5]
    session = requests.Session()
    real_request = session.request
    chunk_posts = 0

    def request(method: str, target: str, *args: Any, **kwargs: Any) -> requests.Response:
        nonlocal chunk_posts
        is_create = method.upper() == "POST" and target.endswith("/outbox")
        if is_create and mode == "before-create":
            os.kill(os.getpid(), signal.SIGKILL)
        response = real_request(method, target, *args, **kwargs)
        if is_create and mode == "after-create":
            os.kill(os.getpid(), signal.SIGKILL)  # MESH created it; we never learn the id
        if method.upper() == "POST" and "/outbox/" in target:
            chunk_posts += 1
            if mode == "mid-chunks" and chunk_posts == 3:
                os.kill(os.getpid(), signal.SIGKILL)
        return response

    session.request = request  # type: ignore[method-assign]
    config = MeshConfig(
        url=url,
        mailbox="X26ABC1",
        password=Secret("password"),
        shared_key=Secret(shared_key),
        recipient="X26ABC2",
        max_chunk_size=CHUNK,
    )
    with Outbox(db) as outbox:
        deliver_pending(outbox, MeshTransport(config, session=session))
    sys.exit(3)  # never reached: the process kills itself first


if __name__ == "__main__":
    main()
