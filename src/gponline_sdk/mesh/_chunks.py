"""Split a seekable binary stream into numbered chunks without reading it whole."""

from __future__ import annotations

import os
from typing import IO

__all__ = ["ChunkedFile"]


class ChunkedFile:
    """Random access to chunk `n` (1-based) of a seekable stream.

    Only one chunk is in memory at a time, so memory stays flat in the file's
    size. An empty file is one empty chunk (MESH needs a body to create a message).

    Args:
        stream: A seekable binary stream; read from its current position.
        chunk_size: Raw bytes per chunk.
    """

    def __init__(self, stream: IO[bytes], chunk_size: int) -> None:
        if chunk_size <= 0:
            raise ValueError("chunk_size must be positive")
        self._stream = stream
        self._start = stream.tell()
        end = stream.seek(0, os.SEEK_END)
        self.size = end - self._start
        self.chunk_size = chunk_size
        self.total = max(1, -(-self.size // chunk_size))

    def read(self, number: int) -> bytes:
        """Return the raw bytes of chunk `number` (1-based)."""
        if not 1 <= number <= self.total:
            raise ValueError(f"chunk {number} outside 1..{self.total}")
        self._stream.seek(self._start + (number - 1) * self.chunk_size)
        return self._stream.read(self.chunk_size)
