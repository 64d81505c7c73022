"""Atomic, hashed file output: a temp file beside the destination, fsync, then `os.replace`.

Readers of the destination see either the previous file or the complete new
one, never a half-written file; on any exception the temp file is removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

__all__ = ["AtomicOutput", "WriteSummary", "atomic_output"]

_BUFFER = 1 << 20


@attrs.frozen(kw_only=True)
class WriteSummary:
    """What a writer produced.

    Attributes:
        path: The destination file.
        format: `json`, `csv` or `xml`.
        records: How many records were written.
        sha256: Hex SHA-256 of the file's bytes.
        bytes: The file's size in bytes.
    """

    path: Path
    format: str
    records: int
    sha256: str
    bytes: int


class _HashingRaw(io.RawIOBase):
    """A raw binary sink over a file descriptor that hashes and counts what passes."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd
        self.digest = hashlib.sha256()
        self.size = 0
        self.discard = False

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = memoryview(data)
        if self.discard:
            # Failed write: whatever the buffer still holds is dropped, never
            # written to a descriptor that may already be closed and reused.
            return len(view)
        self.digest.update(view)
        written = 0
        while written < len(view):
            written += os.write(self.fd, view[written:])
        self.size += written
        return written


@attrs.define
class AtomicOutput:
    """The open output of `atomic_output`: write to `stream`; digest and size follow."""

    stream: io.BufferedWriter
    _raw: _HashingRaw

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of everything written so far (flush first)."""
        return self._raw.digest.hexdigest()

    @property
    def size(self) -> int:
        """Bytes written so far (flush first)."""
        return self._raw.size


@contextlib.contextmanager
def atomic_output(dest: Path) -> Iterator[AtomicOutput]:
    """Write `dest` atomically: all of it on success, nothing (and no temp file) on failure.

    Args:
        dest: The destination path; its directory must exist.

    Yields:
        An `AtomicOutput` whose `stream` takes the bytes.

    Raises:
        OSError: when the directory cannot be written.
    """
    dest = Path(dest)
    fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    raw = _HashingRaw(fd)
    out = AtomicOutput(stream=io.BufferedWriter(raw, buffer_size=_BUFFER), raw=raw)
    try:
        yield out
        out.stream.flush()
        out.stream.close()
        # fsync before the rename: otherwise a crash can leave the new name on
        # an empty file (the rename reaches the disk before the data).
        os.fsync(fd)
        os.close(fd)
        fd = -1
        tmp.replace(dest)
        _fsync_dir(dest.parent)
    except BaseException:
        raw.discard = True
        with contextlib.suppress(OSError, ValueError):
            out.stream.close()
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def _fsync_dir(directory: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open a directory.
    if os.name != "posix":  # pragma: no cover - exercised on Windows only
        return
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
