"""Run the gponline CLI and SIGKILL it at its N-th step (a child process of the tests).

    python _kill_at.py N gponline-args...

A "step" is a call of one of the functions through which a build changes
disk or the outbox: `os.replace` (every rename into place), `os.fsync`,
`shutil.rmtree`, `os.mkdir`, the national file writer and the outbox's
insertion (counted before and after it runs). Killing at N = 1, 2, ... in turn
stops the command between each pair of its steps. Nothing in the SDK knows
about this: the functions are wrapped from outside, and the kill is a real
SIGKILL (no handler, no `finally`, no `atexit`).

With N = 0 nothing is killed; the number of steps is printed to stderr as
`steps=K` so a test knows how many points there are.
"""

from __future__ import annotations

import functools
import os
import shutil
import signal
import sys
from collections.abc import Callable
from typing import Any

import gponline_sdk.reporting.weekly as weekly
from gponline_sdk.cli.main import main
from gponline_sdk.mesh.outbox import Outbox

_steps = [0]  # a list, so the wrappers count without a global statement
_kill_at = int(sys.argv[1])


def _step() -> None:
    _steps[0] += 1
    if _steps[0] == _kill_at:
        os.kill(os.getpid(), signal.SIGKILL)


def _probe(fn: Callable[..., Any], *, after: bool = False) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _step()
        result = fn(*args, **kwargs)
        if after:
            _step()
        return result

    return wrapper


os.replace = _probe(os.replace)  # type: ignore[assignment]
os.fsync = _probe(os.fsync)  # type: ignore[assignment]
os.mkdir = _probe(os.mkdir)  # type: ignore[assignment]
shutil.rmtree = _probe(shutil.rmtree)  # type: ignore[assignment]
weekly.write_submission = _probe(weekly.write_submission)  # type: ignore[attr-defined]
Outbox.add_prepared = _probe(Outbox.add_prepared, after=True)  # type: ignore[method-assign]

if __name__ == "__main__":
    code = main(sys.argv[2:])
    print(f"steps={_steps[0]}", file=sys.stderr)
    sys.exit(code)
