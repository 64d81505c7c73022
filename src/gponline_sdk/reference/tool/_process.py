"""The reference tool in a child process, as a vendor's tool runs: beside the suite, not in it.

`gponline conformance run --reference` serves it so: in a thread of the suite's own process
the tool and the suite share one interpreter lock, and a two-core machine runs them on one
core (a third of a run's time was the tool's own work).
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
from collections.abc import Iterator

__all__ = ["serve_in_process"]

_LISTENING = re.compile(r"listening on (http://127\.0\.0\.1:\d+)")
_STOP_WAIT_S = 10


@contextlib.contextmanager
def serve_in_process(fault: str | None = None) -> Iterator[str]:
    """Serve a reference tool from a child process on a free loopback port; yield its URL.

    The child (`gponline reference-tool serve --port 0`) is stopped by its PID on exit.

    Args:
        fault: A fault mode from `FAULTS`, or None for the conformant tool.

    Raises:
        RuntimeError: when the child does not say where it listens.
    """
    command = [sys.executable, "-m", "gponline_sdk.cli", "reference-tool", "serve", "--port", "0"]
    if fault is not None:
        command += ["--fault", fault]
    child = subprocess.Popen(  # noqa: S603 - our own interpreter and module, no shell
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert child.stdout is not None
        found = _LISTENING.search(child.stdout.readline())
        if found is None:
            raise RuntimeError(
                f"the reference tool did not start (exit code {child.poll()}); "
                "try `gponline reference-tool serve --port 0` to see why"
            )
        yield found.group(1)
    finally:
        child.terminate()
        try:
            child.wait(timeout=_STOP_WAIT_S)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        if child.stdout is not None:
            child.stdout.close()
