"""Progress of long reads on a terminal: bytes, rate, time left and records (tqdm).

Shown on stderr only when stderr is a terminal and `-q` was not given, so CI
logs and pipes stay as they were. The readers report each line's bytes
through `reporting._textfile.READ_PROGRESS`; records are counted as the
build takes them. Nothing here ever shows a value read, only counts.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextvars import Token
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from tqdm import tqdm

from gponline_sdk.mesh.outbox import OutboxEntry
from gponline_sdk.reporting._textfile import READ_PROGRESS

T = TypeVar("T")


def wanted(verbosity: int) -> bool:
    """Whether to show progress: a terminal on stderr, no `-q`, and not `NO_PROGRESS`."""
    return verbosity >= 0 and sys.stderr.isatty() and not os.environ.get("GPONLINE_NO_PROGRESS")


def _size() -> os.terminal_size:
    try:
        size = os.get_terminal_size(sys.stderr.fileno())
    except (OSError, ValueError):
        size = os.terminal_size((0, 0))
    return os.terminal_size((size.columns or 80, size.lines or 24))


class ReadProgress:
    """A progress bar over the bytes of `paths`, read `passes` times (bulk: once a week).

    Use as a context manager around the work; wrap each event source with
    `records` to count records too.
    """

    def __init__(self, paths: Iterable[Path | None], *, passes: int = 1, show: bool) -> None:
        total = sum(p.stat().st_size for p in paths if p is not None) * passes
        size = _size()
        self._bar = tqdm(
            total=total or None,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            desc="reading",
            disable=not show,
            file=sys.stderr,
            mininterval=0.5,
            leave=False,
            # A terminal that reports no size (0 x 0: some CI runners, `script`)
            # would show an empty bar, or none at all.
            ncols=size.columns,
            nrows=size.lines,
        )
        self.records = 0
        self._token: Token[Callable[[int], None] | None] | None = None

    def __enter__(self) -> ReadProgress:
        self._token = READ_PROGRESS.set(None if self._bar.disable else self._read)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._token is not None:
            READ_PROGRESS.reset(self._token)
        self._bar.close()

    def _read(self, n: int) -> None:
        self._bar.update(n)

    def counted(self, items: Iterable[T]) -> Iterator[T]:
        """Yield `items`, counting them into the bar's `records` figure."""
        for item in items:
            self.records += 1
            if not self._bar.disable and self.records % 5000 == 0:
                self._bar.set_postfix(records=self.records, refresh=False)
            yield item


class SendProgress:
    """A progress bar over the bytes and files of the outbox entries about to be sent."""

    def __init__(self, entries: Iterable[OutboxEntry], *, show: bool) -> None:
        self._sizes = {e.local_id: _file_size(e.path) for e in entries}
        size = _size()
        self._bar = tqdm(
            total=sum(self._sizes.values()) or None,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            desc="sending",
            disable=not show or not self._sizes,
            file=sys.stderr,
            mininterval=0.5,
            leave=False,
            ncols=size.columns,
            nrows=size.lines,
        )
        self.files = 0

    def __enter__(self) -> SendProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.close()

    def file_done(self, entry: OutboxEntry) -> None:
        """One entry's send attempt is over: count its bytes and the file."""
        self.files += 1
        self._bar.update(self._sizes.get(entry.local_id, 0))
        self._bar.set_postfix(files=f"{self.files}/{len(self._sizes)}", refresh=False)


def _file_size(path: str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0  # a missing file is the sender's to report, not the bar's
