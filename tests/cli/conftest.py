"""Shared set-up for the CLI tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _crash_logs_in_tmp(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Crash logs of a test run go to a temporary folder, never the user's state folder."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
