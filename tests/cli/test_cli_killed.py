"""A build killed at any step: for the next command, folder and outbox are as before or complete.

Each test runs `gponline report build` (or `report bulk build`) in a child
process, SIGKILLed at its 1st, 2nd, ... step in turn (`_kill_at.py`: every
rename, fsync, folder creation, folder removal, file write and outbox
insertion), until a run finishes. After each kill it does what the next
command does first (`recover`, or `recover_for` before a send) and checks:

- no staging folder is left;
- the visible files and the outbox's latest entries are exactly as before the
  command, or complete: every file of the build in place and, for a weekly
  build, queued with a digest that matches the file on disk (never a mix);
- for the bulk build, the manifest describes the files beside it.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gponline_sdk.mesh import Outbox
from gponline_sdk.reporting._staging import PREFIXES, recover, recover_for
from gponline_sdk.reporting.bulk import MANIFEST_NAME

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
KILL_AT = Path(__file__).with_name("_kill_at.py")
# Enough for every step of these builds (about 20 to 40); a run that is never
# killed ends the loop, so this only bounds a build that loops forever.
MAX_STEPS = 200


# Each test kills the CLI at every step in turn, a subprocess a step: minutes in all on a
# loaded machine, and pytest's default 300 s bound failed them under load (they pass alone).
# The bound is for hangs, so it is the subprocess's own 300 s that guards each step.
pytestmark = pytest.mark.timeout(1200)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files(out: Path) -> dict[str, str]:
    if not out.is_dir():
        return {}
    return {p.name: _sha(p) for p in out.iterdir() if p.is_file() and not p.name.startswith(".")}


def _latest(outbox: Path) -> dict[str, tuple[str, str, str]]:
    """Key -> (local ID, path, sha256) of each key's newest entry."""
    if not outbox.exists():
        return {}
    with Outbox(outbox) as box:
        latest = {e.key: e for e in box.entries() if e.superseded_by is None}
    return {k: (e.local_id, e.path, e.sha256) for k, e in latest.items()}


def _run(n: int, args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(KILL_AT), str(n), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _staging_left(out: Path) -> list[str]:
    return [p.name for p in out.iterdir() if p.name.startswith(PREFIXES)] if out.is_dir() else []


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "key.hex"
    path.write_text(secrets.token_hex(32))
    return path


def _week_args(work: Path, key_file: Path, oc_events: Path) -> list[str]:
    return [
        "report", "build", "--week", "2026-W47", "--supplier-id", "ACME-OC",
        "--key-file", str(key_file), "--out-dir", str(work / "out"),
        "--outbox", str(work / "outbox.sqlite"), "--oc-events", str(oc_events),
        "--vc-events", str(DATA / "vc_events.jsonl"),
        "--installations", str(DATA / "installations.csv"),
        "--participation", str(DATA / "participation.csv"),
    ]  # fmt: skip


def _fewer_events(tmp_path: Path) -> Path:
    """The example OC events without their last row: a first build with other content."""
    lines = (DATA / "oc_events.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "oc_fewer.csv"
    path.write_text("".join(lines[:-1]), encoding="utf-8")
    return path


Prepare = Callable[[Path], dict[str, Any]]
ArgsFor = Callable[[Path], list[str]]
Check = Callable[..., None]


def _kill_each_step(tmp_path: Path, prepare: Prepare, args_for: ArgsFor, check: Check) -> int:
    """Kill at step 1, 2, ... (each from the same before-state); return the steps.

    The before-state is made once in a template folder and copied back to the
    same path before each run: the outbox holds absolute paths.
    """
    work, template = tmp_path / "work", tmp_path / "template"
    work.mkdir()
    before = prepare(work)
    shutil.copytree(work, template, symlinks=True)
    for n in range(1, MAX_STEPS):
        shutil.rmtree(work)
        shutil.copytree(template, work, symlinks=True)
        proc = _run(n, args_for(work))
        if proc.returncode == 0:
            assert "steps=" in proc.stderr
            check(work, before, finished=True)
            return n - 1
        assert proc.returncode == -9, proc.stderr[-2000:]
        assert "Traceback" not in proc.stderr
        check(work, before, finished=False)
    pytest.fail(f"the build was still running after {MAX_STEPS} steps")


def _weekly_check(work: Path, before: dict[str, Any], *, finished: bool) -> None:
    out, outbox = work / "out", work / "outbox.sqlite"
    # What the next command does first: a build recovers its folder; a send,
    # the folders of the files the outbox knows.
    if outbox.exists():
        with Outbox(outbox) as box:
            recover_for(box)
    recover(out)
    assert _staging_left(out) == []
    files, latest = _files(out), _latest(outbox)
    if files == before["files"] and latest == before["latest"]:
        assert not finished, "a finished build changed nothing"
        return
    # Otherwise complete: six files, each queued by a new entry matching the file.
    assert len(files) == 6, sorted(files)
    old_ids = {v[0] for v in before["latest"].values()}
    assert len(latest) == 6
    for key, (local_id, path, sha) in latest.items():
        assert local_id not in old_ids, f"{key}: still the old entry, but the files changed"
        assert Path(path).parent == out.resolve()
        assert files[Path(path).name] == sha, f"{key}: the queued digest is not the file's"


def test_a_first_weekly_build_killed_at_any_step(tmp_path: Path, key_file: Path) -> None:
    def prepare(work: Path) -> dict[str, Any]:
        return {"files": {}, "latest": {}}

    steps = _kill_each_step(
        tmp_path,
        prepare,
        lambda work: _week_args(work, key_file, DATA / "oc_events.csv"),
        _weekly_check,
    )
    assert steps >= 15  # the harness really stepped through the build


def test_a_rebuild_of_a_queued_week_killed_at_any_step(tmp_path: Path, key_file: Path) -> None:
    fewer = _fewer_events(tmp_path)

    def prepare(work: Path) -> dict[str, Any]:
        first = _run(0, _week_args(work, key_file, fewer))
        assert first.returncode == 0, first.stderr[-2000:]
        return {"files": _files(work / "out"), "latest": _latest(work / "outbox.sqlite")}

    steps = _kill_each_step(
        tmp_path,
        prepare,
        lambda work: _week_args(work, key_file, DATA / "oc_events.csv"),
        _weekly_check,
    )
    assert steps >= 15


def _bulk_args(work: Path, key_file: Path, last: str) -> list[str]:
    return [
        "report", "bulk", "build", "--from", "2026-W46", "--to", last,
        "--supplier-id", "ACME-OC", "--key-file", str(key_file),
        "--out-dir", str(work / "out"), "--outbox", str(work / "outbox.sqlite"),
        "--oc-events", str(DATA / "oc_events.csv"), "--vc-events", str(DATA / "vc_events.jsonl"),
        "--installations", str(DATA / "installations.csv"),
        "--participation", str(DATA / "participation.csv"),
    ]  # fmt: skip


def test_a_bulk_build_killed_at_any_step(tmp_path: Path, key_file: Path) -> None:
    """A bulk build over an earlier one of a shorter range: the manifest always
    describes the files beside it."""

    def prepare(work: Path) -> dict[str, Any]:
        first = _run(0, _bulk_args(work, key_file, "2026-W46"))
        assert first.returncode == 0, first.stderr[-2000:]
        return {"files": _files(work / "out" / "bulk")}

    def check(work: Path, before: dict[str, Any], *, finished: bool) -> None:
        bulk = work / "out" / "bulk"
        recover(bulk)
        assert _staging_left(bulk) == []
        files = _files(bulk)
        manifest = json.loads((bulk / MANIFEST_NAME).read_text(encoding="utf-8"))
        for listed in manifest["files"]:
            assert files[listed["name"]] == listed["sha256"], listed["name"]
        if files == before["files"]:
            assert not finished
            assert manifest["last_week"] == "2026-W46"
        else:
            assert manifest["last_week"] == "2026-W47"

    steps = _kill_each_step(
        tmp_path, prepare, lambda work: _bulk_args(work, key_file, "2026-W47"), check
    )
    assert steps >= 15


def test_the_next_build_clears_what_a_killed_one_left(tmp_path: Path, key_file: Path) -> None:
    """Not the library call: the next `gponline report build` itself leaves no staging."""
    work = tmp_path / "w"
    work.mkdir()
    killed = _run(3, _week_args(work, key_file, DATA / "oc_events.csv"))
    assert killed.returncode == -9
    assert _staging_left(work / "out")  # the kill left one behind
    again = _run(0, _week_args(work, key_file, DATA / "oc_events.csv"))
    assert again.returncode == 0, again.stderr[-2000:]
    assert _staging_left(work / "out") == []
    assert len(_files(work / "out")) == 6
