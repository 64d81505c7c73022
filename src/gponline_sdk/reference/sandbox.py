"""Run NHS England's mesh-sandbox on loopback, as a child process, for tests and demos.

mesh-sandbox is in the `sandbox` extra and is never imported here: it runs as
`python -m uvicorn mesh_sandbox.api:app` in a subprocess, serving plain HTTP on
127.0.0.1 (which `MeshConfig` accepts only for loopback hosts).
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO

import requests

from gponline_sdk.mesh.config import MeshConfig, Secret

__all__ = ["SANDBOX_MAILBOXES", "SANDBOX_PASSWORD", "MeshSandbox", "free_port"]

log = logging.getLogger(__name__)

#: Mailboxes mesh-sandbox ships with, all with password `SANDBOX_PASSWORD`.
SANDBOX_MAILBOXES = ("X26ABC1", "X26ABC2", "X26ABC3")
SANDBOX_PASSWORD = "password"  # noqa: S105 - mesh-sandbox's published test password


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class MeshSandbox:
    """A mesh-sandbox server on a free loopback port; a context manager.

    Args:
        shared_key: Shared key for auth tokens (default: a random one).
        store_dir: Use `STORE_MODE=file` with this mailboxes directory; `None`
            keeps everything in memory.
        startup_timeout: Seconds to wait for the server to answer `/health`.

    Example::

        with MeshSandbox() as sandbox:
            config = sandbox.config("X26ABC1", recipient="X26ABC2")
    """

    def __init__(
        self,
        *,
        shared_key: str | None = None,
        store_dir: str | os.PathLike[str] | None = None,
        startup_timeout: float = 30.0,
    ) -> None:
        self.shared_key = shared_key or secrets.token_hex(16)
        self.store_dir = Path(store_dir) if store_dir is not None else None
        self.startup_timeout = startup_timeout
        self.port = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        """Base URL of the running server."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        """PID of the server process, while running."""
        return self._proc.pid if self._proc else None

    def config(self, mailbox: str, *, recipient: str, **options: object) -> MeshConfig:
        """A `MeshConfig` for one of the sandbox's mailboxes.

        Args:
            mailbox: Our mailbox (e.g. `X26ABC1`).
            recipient: Where sends go (e.g. `X26ABC2`).
            **options: Other `MeshConfig` fields (e.g. `max_chunk_size`).
        """
        return MeshConfig(
            url=self.url,
            mailbox=mailbox,
            password=Secret(SANDBOX_PASSWORD),
            shared_key=Secret(self.shared_key),
            recipient=recipient,
            **options,  # type: ignore[arg-type]
        )

    def start(self) -> MeshSandbox:
        """Start the server and wait until it answers.

        Raises:
            RuntimeError: It exited or did not answer within `startup_timeout`.
        """
        if self._proc is not None:
            return self
        self.port = free_port()
        env = {
            **os.environ,
            "AUTH_MODE": "full",
            "SHARED_KEY": self.shared_key,
            "STORE_MODE": "file" if self.store_dir else "memory",
        }
        if self.store_dir is not None:
            env["MAILBOXES_DATA_DIR"] = str(self.store_dir)
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        cmd = [sys.executable, "-m", "uvicorn", "mesh_sandbox.api:app"]
        cmd += ["--host", "127.0.0.1", "--port", str(self.port), "--workers", "1"]
        self._proc = subprocess.Popen(cmd, env=env, stdout=self._log, stderr=subprocess.STDOUT)  # noqa: S603
        give_up = time.monotonic() + self.startup_timeout
        while time.monotonic() < give_up:
            if self._proc.poll() is not None:
                output = self._output()
                self.stop()
                raise RuntimeError(f"mesh-sandbox exited at start-up:\n{output}")
            try:
                if requests.get(f"{self.url}/health", timeout=(1, 2)).ok:
                    log.info("mesh-sandbox up on %s (pid %d)", self.url, self._proc.pid)
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        output = self._output()
        self.stop()
        raise RuntimeError(f"mesh-sandbox did not answer within {self.startup_timeout}s:\n{output}")

    def _output(self) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read()[-4000:].decode("utf-8", "replace")

    def reset(self) -> None:
        """Clear every mailbox (`DELETE /admin/reset`)."""
        requests.delete(f"{self.url}/admin/reset", timeout=(5, 30)).raise_for_status()

    def stop(self) -> None:
        """Stop the server by PID: terminate, wait, then kill."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> MeshSandbox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
