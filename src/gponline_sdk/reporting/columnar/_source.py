"""The event file as the columnar reader sees it: the bytes the row reader would accept.

The row reader (`event_io.read_events_csv`) decodes each physical line as
UTF-8 and hands it to Python's `csv` module in strict mode; Arrow's CSV
parser is more lenient in a few places. So the bytes pass through
`GuardedFile` on their way to Arrow (`_batches`), which looks (in C-speed scans, no
per-row Python) for anything on which the two could disagree, and stops: the
rest of the file is then read by the row reader's own code (`_rowcheck`), which
reports exactly what the row path reports; when it finds nothing wrong, the
file is *not columnar* and the build falls back to the row path. What the
guard looks for:

- a NUL byte, invalid UTF-8 (in any column, read or not), a line over 1 MiB;
- a carriage return not followed by a line feed (Arrow ends a row there,
  `csv` refuses it unquoted);
- a quote that closes a quoted field followed by more text (`"ab"c`: Arrow
  joins it, `csv` refuses it), a quote that opens one anywhere but at a
  field's start, or a quoted field left open at the end. Whether a run of
  quotes starts inside a quoted field is the parity of the quotes before it.
  This also turns away a few files both would read alike (`ab"c`), which only
  costs them the faster path.

Nothing here keeps or shows a value read.
"""

from __future__ import annotations

import codecs
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import IO

from gponline_sdk.reporting._textfile import MAX_LINE_BYTES, READ_PROGRESS

__all__ = ["GuardedFile", "NotColumnar"]

# Quotes are judged by runs, knowing whether each run starts inside a quoted
# field (the parity of the quotes before it): one that leaves the field closed
# must be followed by a comma or a line end, and one that opens a field must
# be at a field's start (see the module docstring).
_QUOTE, _COMMA, _CR, _LF = b'",\r\n'
_QUOTING = "a quote that CSV readers may read differently"
_HALF_LINE = MAX_LINE_BYTES // 2


class NotColumnar(Exception):
    """This input needs the row path; the message says why, never with a value."""


class GuardedFile:
    """The event file, read a block at a time and checked as it is read (see the module docstring).

    Args:
        path: The event file.
        start: Bytes to skip first (the header line, already read by the row helpers).
        csv: A CSV file: its quotes and carriage returns are checked too. Not for JSON
            Lines, whose reader (orjson) reads a CR as white space, and which has no
            quoted line breaks: only NUL bytes, UTF-8 and line lengths are checked.
    """

    def __init__(self, path: Path, start: int, *, csv: bool = True) -> None:
        self._file: IO[bytes] = path.open("rb")
        self._file.seek(start)
        self._csv = csv
        self.closed = False
        self.problem: str | None = None
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._since_newline = 0  # bytes of the current line before this chunk
        self._cr_pending = False
        self._np = importlib.import_module("numpy")  # the columnar extra; not at import time
        # The quote state: inside a quoted field or not (before any pending run), a run
        # of quotes that ended the last chunk and the byte before it.
        self._inside = 0
        self._pending = 0
        self._before = _LF
        # The header's bytes were counted by the row helpers that read it.
        self._progress: Callable[[int], None] | None = READ_PROGRESS.get()

    def read(self, size: int = -1) -> bytes:
        """Read and check the next chunk; after a problem, read as if at the end."""
        if self.problem is not None:
            return b""
        chunk = self._file.read(size)
        if self._progress is not None and chunk:
            self._progress(len(chunk))
        problem = self._check(chunk)
        if problem is not None:
            self.problem = problem
            return b""
        return chunk

    @property
    def position(self) -> int:
        """Where the next read starts, in the file."""
        return self._file.tell()

    def close(self) -> None:
        """Close the file."""
        self.closed = True
        self._file.close()

    def _check(self, chunk: bytes) -> str | None:
        if not chunk:
            return self._check_end()
        if b"\x00" in chunk:
            return "a NUL byte"
        if not (chunk.isascii() and not self._decoder.getstate()[0]):
            try:
                self._decoder.decode(chunk)
            except UnicodeDecodeError:
                return "not UTF-8"
        if not self._csv:
            return self._check_lengths(chunk)
        return self._check_lines(chunk) or self._check_quotes(chunk)

    def _check_end(self) -> str | None:
        problem = None
        if self._cr_pending:
            problem = "a carriage return without a line feed"
        elif self._since_newline >= MAX_LINE_BYTES:
            problem = "a line over 1 MiB"
        else:
            try:
                self._decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                problem = "not UTF-8"
        # A run of quotes left over ends the file; a quoted field left open is bad.
        if problem is None and not self._csv:
            return None
        if problem is None and ((self._pending and self._judge_last(None)) or self._inside):
            problem = _QUOTING
        return problem

    def _check_lines(self, chunk: bytes) -> str | None:
        if self._cr_pending and not chunk.startswith(b"\n"):
            return "a carriage return without a line feed"
        self._cr_pending = chunk.endswith(b"\r")
        if b"\r" in chunk and chunk.count(b"\r") != chunk.count(b"\r\n") + self._cr_pending:
            return "a carriage return without a line feed"
        return self._check_lengths(chunk)

    def _check_lengths(self, chunk: bytes) -> str | None:
        first = chunk.find(b"\n")
        if first < 0:
            self._since_newline += len(chunk)
            return "a line over 1 MiB" if self._since_newline >= MAX_LINE_BYTES else None
        if self._since_newline + first >= MAX_LINE_BYTES:
            return "a line over 1 MiB"
        # A line over 1 MiB holds a half-MiB stretch with no line feed starting at one
        # of these probes; each probe stops at the first line feed (memchr), so this
        # costs a few bytes per half MiB. A half-MiB stretch alone is enough to refuse.
        for probe in range(first + 1, len(chunk) - _HALF_LINE, _HALF_LINE):
            if chunk.find(b"\n", probe, probe + _HALF_LINE) < 0:
                return "a line over 1 MiB"
        self._since_newline = len(chunk) - chunk.rfind(b"\n") - 1
        return None

    def _check_quotes(self, chunk: bytes) -> str | None:
        if not self._pending and b'"' not in chunk:
            self._before = chunk[-1]
            return None
        np = self._np
        data = np.frombuffer(chunk, dtype=np.uint8)
        quotes = np.flatnonzero(data == _QUOTE)
        if not quotes.size:
            bad = self._judge_last(chunk[0])
            self._before = chunk[-1]
            return _QUOTING if bad else None
        # Runs of quotes: where each starts, how long it is, the byte before it.
        new_run = np.empty(quotes.size, dtype=bool)
        new_run[0] = True
        np.not_equal(quotes[1:], quotes[:-1] + 1, out=new_run[1:])
        firsts = np.flatnonzero(new_run)
        starts = quotes[firsts]
        lengths = np.diff(np.append(firsts, quotes.size))
        before = data[np.maximum(starts - 1, 0)]
        ends = starts + lengths  # the byte after each run, in this chunk
        if starts[0] == 0:
            before[0] = self._before
            lengths[0] += self._pending  # a run that began in the last chunk
        elif self._pending and self._judge_last(chunk[0]):
            return _QUOTING
        pending = int(ends[-1]) == len(chunk)  # judged with the next chunk's first byte
        judged = len(starts) - pending
        # Inside a quoted field or not, before each run: the parity of the quotes so far.
        inside = (self._inside + np.cumsum(lengths) - lengths) & 1
        after_inside = (inside + lengths) & 1
        after = data[np.minimum(ends[:judged], len(chunk) - 1)]
        delimited = (after == _COMMA) | (after == _CR) | (after == _LF)
        at_field_start = (before == _COMMA) | (before == _LF)
        bad = (after_inside[:judged] == 0) & ~delimited
        bad |= ((inside == 0) & (after_inside == 1) & ~at_field_start)[:judged]
        if bad.any():
            return _QUOTING
        if pending:
            self._inside, self._pending = int(inside[-1]), int(lengths[-1])
            self._before = int(before[-1])
            # An opening quote not at a field's start is judged now; the rest at the end.
            if self._inside == 0 and not at_field_start[-1] and self._pending % 2:
                return _QUOTING
        else:
            self._inside, self._pending, self._before = int(after_inside[-1]), 0, chunk[-1]
        return None

    def _judge_last(self, after: int | None) -> bool:
        """Judge the run of quotes that ended the last chunk, now that `after` follows it."""
        inside_after = (self._inside + self._pending) & 1
        at_field_start = self._before in (_COMMA, _LF)
        delimited = after is None or after in (_COMMA, _CR, _LF)
        bad = (inside_after == 0 and not delimited) or (
            self._inside == 0 and inside_after == 1 and not at_field_start
        )
        self._inside, self._pending = inside_after, 0
        return bad
