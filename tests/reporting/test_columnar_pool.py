"""The columnar engine's memory pool: jemalloc unless the user chose one (bench/README.md).

Arrow reads `ARROW_DEFAULT_MEMORY_POOL` once per process, so each case runs in a fresh
interpreter, as `gponline report build` does.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

_PROBE = (
    "from gponline_sdk.reporting.columnar._arrow import load\n"
    "pa, _, _ = load()\n"
    "print(pa.default_memory_pool().backend_name)\n"
)


def _pool(env_pool: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    if env_pool is not None:
        env["ARROW_DEFAULT_MEMORY_POOL"] = env_pool
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the choice is Linux-only")
def test_the_engine_allocates_from_jemalloc_by_default() -> None:
    assert _pool(None) == "jemalloc"


def test_a_pool_the_user_chose_is_kept() -> None:
    assert _pool("system") == "system"
