"""Build in a private folder, then put the files in place (and queue them) as one step.

A build writes its files into a staging folder inside the output folder, so a
failure while building leaves the output folder as it was. Putting several
files in place cannot be one rename, and queuing them is a second store (the
outbox), so the commit is journalled, as a database does it:

1. the journal (`commit.json` in the staging folder: the file names, the outbox
   and the outbox entries, prepared with the staged files' digests) is written
   and synced: this is the commit point;
2. each staged file is renamed into the output folder;
3. the entries are recorded in the outbox (idempotent: by local ID);
4. the staging folder, journal included, is removed.

A process killed before step 1 leaves only its staging folder; killed after it,
a journal that any later build or submit in that folder rolls forward
(`recover`). So the output folder and the outbox are, for any later command,
either as they were before the build or complete. A live build holds an
exclusive lock on its staging folder, so a second build running at the same
time in the same folder never touches it.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType

from gponline_sdk.mesh import Outbox, OutboxEntry

try:  # POSIX; elsewhere a stale staging folder is left for the operator to remove
    import fcntl
except ImportError:  # pragma: no cover - not on the platforms CI runs
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

PREFIXES = (".staging-", ".bulk-staging-")
"""Names of staging folders inside an output folder (hidden, so listings skip them)."""
JOURNAL = "commit.json"
_LOCK = ".lock"


class Staging:
    """A private folder in `out_dir` where a build writes; see the module docstring.

    Use as a context manager: leaving it without `commit` removes the folder
    and everything built in it.
    """

    def __init__(self, out_dir: Path, prefix: str = PREFIXES[0]) -> None:
        if prefix not in PREFIXES:
            raise ValueError(f"staging prefix must be one of {PREFIXES}")
        self.out_dir = Path(out_dir)
        self._prefix = prefix
        self.path = self.out_dir  # set on enter
        self._lock_fd: int | None = None

    def __enter__(self) -> Staging:
        self.path = Path(tempfile.mkdtemp(prefix=self._prefix, dir=self.out_dir))
        self._lock_fd = _lock(self.path / _LOCK)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is not None and (self.path / JOURNAL).is_file():
            # Failed after the commit point (the outbox locked, say): the journal must
            # survive for the next build or send to roll forward; only the lock goes.
            log.warning("build committed but not finished; the next run completes it")
        else:
            shutil.rmtree(self.path, ignore_errors=True)
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def commit(
        self,
        names: list[str],
        *,
        outbox: Outbox | None = None,
        queue: list[tuple[str, str]] | None = None,
    ) -> list[OutboxEntry]:
        """Move staged files into the output folder and queue them, as one step.

        `names` are the staged files; with `outbox`, `queue` (`(key, name)`
        pairs) are recorded there once the files are in place.

        Returns:
            The outbox entries recorded (empty without an outbox).
        """
        entries: list[OutboxEntry] = []
        if outbox is not None and queue:
            entries = outbox.prepare(
                [(key, self.out_dir / name, self.path / name) for key, name in queue]
            )
        journal = {
            "version": 1,
            "files": names,
            "outbox": None if outbox is None else str(outbox.path.resolve()),
            "entries": [json.loads(e.to_json()) for e in entries],
        }
        _write_synced(self.path / JOURNAL, json.dumps(journal, indent=1))
        _roll_forward(self.path, self.out_dir, journal, outbox)
        return entries


def recover(out_dir: Path) -> list[str]:
    """Finish or clear what killed builds left in `out_dir`.

    A staging folder with a journal is rolled forward (its files moved into
    place, its entries queued); one without is removed. Folders that a live
    build holds locked are left alone.

    Returns:
        The names of the staging folders dealt with ("rolled forward: NAME" or
        "removed: NAME").
    """
    done: list[str] = []
    out_dir = Path(out_dir)
    if fcntl is None or not out_dir.is_dir():
        return done
    for folder in sorted(out_dir.iterdir()):
        if not folder.name.startswith(PREFIXES) or folder.is_symlink() or not folder.is_dir():
            continue
        try:
            fd = _lock(folder / _LOCK)
        except BlockingIOError:
            continue  # a live build
        try:
            journal_path = folder / JOURNAL
            if journal_path.is_file():
                journal = json.loads(journal_path.read_text(encoding="utf-8"))
                _roll_forward(folder, out_dir, journal, None)
                done.append(f"rolled forward: {folder.name}")
            else:
                done.append(f"removed: {folder.name}")
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            os.close(fd)
    for line in done:
        log.warning("a build was stopped part-way in %s; %s", out_dir, line)
    return done


def recover_for(outbox: Outbox) -> list[str]:
    """`recover` every folder that holds a file the outbox knows.

    Run before a send: an entry that a killed build's journal supersedes must
    not go out, and the entries it queues should go with this send.
    """
    folders = {Path(e.path).parent for e in outbox.entries()}
    return [line for folder in sorted(folders) for line in recover(folder)]


def _roll_forward(
    staging: Path, out_dir: Path, journal: dict[str, object], outbox: Outbox | None
) -> None:
    names = journal["files"]
    assert isinstance(names, list)
    for name in names:
        staged = staging / str(name)
        if staged.exists():  # a replay: some were moved before the process stopped
            staged.replace(out_dir / str(name))
    _sync_dir(out_dir)
    raw = journal.get("entries") or []
    assert isinstance(raw, list)
    if not raw:
        return
    entries = [OutboxEntry.from_json(json.dumps(e)) for e in raw]
    if outbox is not None:
        outbox.add_prepared(entries)
        return
    with Outbox(Path(str(journal["outbox"]))) as reopened:
        reopened.add_prepared(entries)


def _lock(path: Path) -> int:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BaseException:
            os.close(fd)
            raise
    return fd


def _write_synced(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)
    _sync_dir(path.parent)


def _sync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory handles
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
