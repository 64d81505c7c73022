"""The event file as the columnar reader sees it: the bytes the row reader would accept.

The row reader (`event_io.read_events_csv`) decodes each physical line as
UTF-8 and hands it to Python's `csv` module in strict mode; Arrow's CSV
parser is more lenient in a few places. So the bytes pass through
`GuardedFile` on their way to Arrow, which looks (in C-speed scans, no
per-row Python) for anything on which the two could disagree, and marks the
file *not columnar* so the build falls back to the row path, which then reads
it and reports exactly what it always did. What the guard looks for:

- a NUL byte, invalid UTF-8 (in any column, read or not), a line over 1 MiB;
- a carriage return not followed by a line feed (Arrow ends a row there,
  `csv` refuses it unquoted);
- a quote that could close a quoted field followed by more text (`"ab"c`:
  Arrow joins it, `csv` refuses it): a run of quotes at the start of a field
  of even length, or inside a field of odd length, followed by anything but
  a comma, a quote or a line end. This also turns away a few files both would
  read alike (`ab"c`), which only costs them the faster path.

Nothing here keeps or shows a value read.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path
from typing import IO

from gponline_sdk.reporting._textfile import MAX_LINE_BYTES, READ_PROGRESS

__all__ = ["GuardedFile", "NotColumnar"]

# A run of quotes that Arrow and `csv` may read differently (see the module
# docstring): an odd run inside a field, or an even run at a field's start,
# followed by text. It starts with the quote itself, so that the regex engine
# skips to each quote at C speed and looks behind only there.
_RISKY_QUOTES = re.compile(
    rb'"(?:(?<=[^,\n"]")(?:"")*|(?<=[,\n]")"(?:"")*)(?=[^,"\r\n])'
)
_QUOTE = ord('"')
_HALF_LINE = MAX_LINE_BYTES // 2


class NotColumnar(Exception):  # noqa: N818 - a signal to fall back, not a failure
    """This input needs the row path; the message says why, never with a value."""


class GuardedFile:
    """A binary file Arrow reads through, checked as it passes (see the module docstring).

    Args:
        path: The event file.
        start: Bytes to skip first (the header line, already read by the row helpers).
    """

    def __init__(self, path: Path, start: int) -> None:
        self._file: IO[bytes] = path.open("rb")
        self._file.seek(start)
        self.closed = False
        self.problem: str | None = None
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._since_newline = 0  # bytes of the current line before this chunk
        self._tail = b"\n"  # the last byte before this chunk and its trailing quote run
        self._cr_pending = False
        # The header's bytes were counted by the row helpers that read it.
        self._progress: Callable[[int], None] | None = READ_PROGRESS.get()

    def readable(self) -> bool:
        """Arrow's file adapter asks."""
        return True

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

    def close(self) -> None:
        """Close the file."""
        self.closed = True
        self._file.close()

    def _check(self, chunk: bytes) -> str | None:
        if not chunk:
            if self._cr_pending:
                return "a carriage return without a line feed"
            if self._since_newline >= MAX_LINE_BYTES:
                return "a line over 1 MiB"
            try:
                self._decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                return "not UTF-8"
            return None
        if b"\x00" in chunk:
            return "a NUL byte"
        if not (chunk.isascii() and not self._decoder.getstate()[0]):
            try:
                self._decoder.decode(chunk)
            except UnicodeDecodeError:
                return "not UTF-8"
        return self._check_lines(chunk) or self._check_quotes(chunk)

    def _check_lines(self, chunk: bytes) -> str | None:
        if self._cr_pending and not chunk.startswith(b"\n"):
            return "a carriage return without a line feed"
        self._cr_pending = chunk.endswith(b"\r")
        if b"\r" in chunk and chunk.count(b"\r") != chunk.count(b"\r\n") + self._cr_pending:
            return "a carriage return without a line feed"
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
        if len(self._tail) == 1 and b'"' not in chunk:
            self._tail = chunk[-1:]
            return None
        # A run of quotes that starts this chunk is judged with the tail (the last
        # byte before it that is not a quote, and the quotes after that byte); any
        # other run with the byte before it, in the chunk itself (not copied).
        lead = 0
        while lead < len(chunk) and chunk[lead] == _QUOTE:
            lead += 1
        if lead == len(chunk):
            self._tail += chunk
            return None
        if _RISKY_QUOTES.search(self._tail + chunk[: lead + 1], 1) or _RISKY_QUOTES.search(
            chunk, 1
        ):
            return "a quote followed by text (CSV quoting)"
        end = len(chunk)
        while chunk[end - 1] == _QUOTE:
            end -= 1
        self._tail = chunk[end - 1 :]
        return None
