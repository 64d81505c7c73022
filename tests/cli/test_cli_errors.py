"""One place maps every error to a message and an exit code: `cli/main.py` `_run`."""

from __future__ import annotations

import argparse
import errno
import importlib.util
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from gponline_sdk.cli import _exit
from gponline_sdk.cli.main import _run, bounded, main

GPONLINE = [sys.executable, "-m", "gponline_sdk.cli"]


def _raising(exc: BaseException) -> object:
    def handler(_args: argparse.Namespace) -> int:
        raise exc

    return handler


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EROFS, "read-only"),
        (errno.EACCES, "permissions"),
        (errno.ENOTDIR, "not a folder"),
    ],
)
def test_an_os_error_is_one_line_naming_the_path_exit_2(
    code: int, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    exc = OSError(code, os.strerror(code), "/data/out/week.json")
    assert _run(_raising(exc), argparse.Namespace()) == _exit.USAGE  # type: ignore[arg-type]
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "/data/out/week.json" in err
    assert words in err


def test_a_database_error_names_the_outbox_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    exc = sqlite3.DatabaseError("file is not a database")
    args = argparse.Namespace(outbox=Path("o.sqlite"))
    assert _run(_raising(exc), args) == _exit.USAGE  # type: ignore[arg-type]
    assert "the outbox file o.sqlite is not a usable outbox: file is not a database" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize("args", [["--outbox", "corrupt"], ["--outbox", "folder"]])
def test_a_corrupt_or_folder_outbox_exits_2_without_a_traceback(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "corrupt").write_bytes(b"not sqlite at all, 9434765919\n" * 100)
    (tmp_path / "folder").mkdir()
    argv = ["report", "status", args[0], str(tmp_path / args[1])]
    assert main(argv) == _exit.USAGE
    err = capsys.readouterr().err
    assert "is not a usable outbox" in err
    assert "Traceback" not in err


def test_a_missing_sandbox_extra_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a)
    )
    for argv in (["demo", "--out-dir", str(tmp_path / "d")], ["sandbox", "up"]):
        assert main(argv) == _exit.USAGE
        assert "gponline-sdk[sandbox]" in capsys.readouterr().err
    assert not (tmp_path / "d").exists()  # refused before anything was written


def test_a_missing_module_of_the_extra_raised_inside_is_mapped_too(
    capsys: pytest.CaptureFixture[str],
) -> None:
    exc = ModuleNotFoundError("No module named 'mesh_sandbox'", name="mesh_sandbox")
    assert _run(_raising(exc), argparse.Namespace()) == _exit.USAGE  # type: ignore[arg-type]
    assert "install gponline-sdk[sandbox]" in capsys.readouterr().err


def test_a_crash_logs_its_trace_privately_and_prints_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    exc = KeyError("Zebedee Canaryfield 9434765919")
    assert _run(_raising(exc), argparse.Namespace()) == _exit.INTERNAL  # type: ignore[arg-type]
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "Zebedee" not in err
    assert "9434765919" not in err
    (log,) = (tmp_path / "gponline").glob("crash-*.log")
    assert str(log) in err
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert "Traceback" in log.read_text()


def test_error_messages_are_bounded(capsys: pytest.CaptureFixture[str]) -> None:
    from gponline_sdk.errors import ConfigError

    assert _run(_raising(ConfigError("x" * 700_000)), argparse.Namespace()) == 2  # type: ignore[arg-type]
    err = capsys.readouterr().err
    assert len(err) < 2_100
    assert "698000 more characters not shown" in err
    assert bounded("short") == "short"


def test_a_file_name_shaped_like_an_nhs_number_is_withheld(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "9434765919.csv"
    argv = ["report", "validate", str(path)]
    assert main(argv) == _exit.USAGE
    err = capsys.readouterr().err
    assert "9434765919" not in err
    assert "<withheld>" in err


def test_validate_of_a_missing_file_is_cannot_read_not_rejected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "validate", str(tmp_path / "nope.json")]) == _exit.USAGE
    captured = capsys.readouterr()
    assert "cannot read" in captured.err
    assert "No such file" in captured.err
    assert "REJECTED" not in captured.out + captured.err


@pytest.mark.parametrize("extra", [[], ["--confirm"]])
def test_reconcile_release_refused_is_exit_2_not_1(
    extra: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["report", "reconcile", "--outbox", str(tmp_path / "o.sqlite"), "--release", "X"]
    assert main([*argv, *extra]) == _exit.USAGE
    assert "--release" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["a-file/under", "a-file"])
def test_demo_out_dir_that_cannot_be_a_folder_exits_2(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("x")
    assert main(["demo", "--out-dir", str(tmp_path / where)]) == _exit.USAGE
    err = capsys.readouterr().err
    assert "cannot use" in err
    assert "Traceback" not in err


def test_a_closed_stdout_is_a_quiet_exit(tmp_path: Path) -> None:
    """`gponline report profile | head -0`: the reader is gone before we write."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # deterministic: every write now fails with EPIPE
    try:
        proc = subprocess.run(
            [*GPONLINE, "report", "profile"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    assert proc.returncode == _exit.PIPE_CLOSED
    assert proc.stderr == b""
