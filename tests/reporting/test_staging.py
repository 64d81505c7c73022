"""The staged, journalled commit of a build (`reporting._staging`), piece by piece.

The kill-at-every-step tests are in tests/cli/test_cli_killed.py; these pin the
rules they rely on.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from gponline_sdk.mesh import Outbox
from gponline_sdk.reporting._staging import JOURNAL, Staging, recover, recover_for


def _stage(staging: Staging, names: dict[str, str]) -> None:
    for name, text in names.items():
        (staging.path / name).write_text(text, encoding="utf-8")


def test_a_live_build_is_left_alone(tmp_path: Path) -> None:
    with Staging(tmp_path) as live:
        _stage(live, {"a.json": "{}"})
        assert recover(tmp_path) == []
        assert (live.path / "a.json").is_file()
    assert list(tmp_path.iterdir()) == []  # left without commit: removed


def test_a_dead_build_without_a_journal_is_removed(tmp_path: Path) -> None:
    dead = tmp_path / ".staging-dead"
    dead.mkdir()
    (dead / "a.json").write_text("{}", encoding="utf-8")
    assert recover(tmp_path) == ["removed: .staging-dead"]
    assert list(tmp_path.iterdir()) == []


def test_a_symlink_named_like_staging_is_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("x", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".staging-link").symlink_to(elsewhere)
    assert recover(out) == []
    assert (elsewhere / "keep.txt").is_file()


def test_a_journal_is_rolled_forward_once_however_often_it_is_replayed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with Outbox(tmp_path / "outbox.sqlite") as box:
        with Staging(out) as staging:
            _stage(staging, {"a.json": "A", "b.json": "B"})
            entries = box.prepare(
                [(k, out / n, staging.path / n) for k, n in (("w/a", "a.json"), ("w/b", "b.json"))]
            )
            journal = {
                "version": 1,
                "files": ["a.json", "b.json"],
                "outbox": str(box.path.resolve()),
                "entries": [json.loads(e.to_json()) for e in entries],
            }
            (staging.path / JOURNAL).write_text(json.dumps(journal), encoding="utf-8")
            # As if the process died after moving a.json only.
            (staging.path / "a.json").replace(out / "a.json")
            dead = out / ".staging-dead"
            shutil.copytree(staging.path, dead)
        copy = out / ".staging-dead-again"
        shutil.copytree(dead, copy)  # the same journal, a second time
        assert recover(out) == [
            "rolled forward: .staging-dead",
            "rolled forward: .staging-dead-again",
        ]
        assert sorted(p.name for p in out.iterdir()) == ["a.json", "b.json"]
        assert (out / "b.json").read_text(encoding="utf-8") == "B"
        latest = [e for e in box.entries() if e.superseded_by is None]
        assert sorted(e.local_id for e in latest) == sorted(e.local_id for e in entries)
        assert len(box.entries()) == 2


def test_a_send_first_finishes_a_build_whose_files_moved_but_were_not_queued(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.json").write_text("old", encoding="utf-8")
    with Outbox(tmp_path / "outbox.sqlite") as box:
        old = box.add("w/a", out / "a.json")
        with Staging(out) as staging:
            _stage(staging, {"a.json": "new"})
            new = box.prepare([("w/a", out / "a.json", staging.path / "a.json")])
            journal = {
                "version": 1,
                "files": ["a.json"],
                "outbox": str(box.path.resolve()),
                "entries": [json.loads(e.to_json()) for e in new],
            }
            (staging.path / JOURNAL).write_text(json.dumps(journal), encoding="utf-8")
            shutil.copytree(staging.path, out / ".staging-dead")
        (out / "a.json").write_text("new", encoding="utf-8")  # moved, then killed
        assert recover_for(box) == ["rolled forward: .staging-dead"]
        pending = box.pending()
        assert [e.local_id for e in pending] == [new[0].local_id]
        assert box.get(old.local_id).superseded_by == new[0].local_id


def _commit_while_the_outbox_is_locked(
    out: Path, box: Outbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(entries: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    with Staging(out) as staging, monkeypatch.context() as patched:
        _stage(staging, {"a.json": "A", "b.json": "B"})
        patched.setattr(box, "add_prepared", locked)
        staging.commit(["a.json", "b.json"], outbox=box, queue=[("w/a", "a.json")])


def test_a_failure_after_the_commit_point_leaves_the_journal_for_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with Outbox(tmp_path / "outbox.sqlite") as box:
        with pytest.raises(sqlite3.OperationalError):
            _commit_while_the_outbox_is_locked(out, box, monkeypatch)
        assert box.pending() == []  # not queued yet ...
        left = [p.name for p in out.iterdir() if p.name.startswith(".staging-")]
        assert len(left) == 1  # ... but the journal is kept
        assert recover(out) == [f"rolled forward: {left[0]}"]
        assert [e.key for e in box.pending()] == ["w/a"]
        assert sorted(p.name for p in out.iterdir()) == ["a.json", "b.json"]
