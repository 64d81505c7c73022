"""The duplicate finder's log of remembered details, sealed with a key held only in memory.

Private: used by `gponline_sdk.reporting.validation._duplicates` only (see its docstring
for why late duplicates need these details and why they go to disk).
"""

from __future__ import annotations

import hashlib
import secrets
from bisect import bisect_right
from collections.abc import Collection
from pathlib import Path
from typing import IO, NamedTuple

import orjson

__all__ = ["Remembered", "SealedLog"]


class Remembered(NamedTuple):
    """What a late duplicate's detail needs: its position, where it is, its (safe) ID."""

    seq: int
    record_index: int
    location: str
    record_id: str | None


class SealedLog:
    """Remembered details, written in blocks sealed with a key that never leaves memory.

    Block n is XORed with SHAKE-128(key || n): a keystream that is never reused.
    """

    def __init__(self, path: Path) -> None:
        self._key = secrets.token_bytes(32)
        self._file: IO[bytes] = path.open("w+b")
        self._blocks: list[tuple[int, int, int]] = []  # (first seq, offset, length)
        self._end = 0

    def _keystream(self, block: int, length: int) -> int:
        stream = hashlib.shake_128(self._key + block.to_bytes(8, "little")).digest(length)
        return int.from_bytes(stream, "little")

    def seal(self, items: list[tuple[int, int, str, str | None]]) -> None:
        """Write `items` (in position order) as one sealed block, and empty the list."""
        if not items:
            return
        plain = orjson.dumps(items)
        length = len(plain)
        sealed = int.from_bytes(plain, "little") ^ self._keystream(len(self._blocks), length)
        self._file.write(sealed.to_bytes(length, "little"))
        self._blocks.append((items[0][0], self._end, length))
        self._end += length
        items.clear()

    def recall(self, seqs: Collection[int]) -> dict[int, Remembered]:
        self._file.flush()
        wanted = set(seqs)
        firsts = [b[0] for b in self._blocks]
        found: dict[int, Remembered] = {}
        # Items are appended in position order, so each wanted position is in one block.
        for n in sorted({bisect_right(firsts, s) - 1 for s in wanted} - {-1}):
            _, offset, length = self._blocks[n]
            self._file.seek(offset)
            sealed = int.from_bytes(self._file.read(length), "little")
            plain = (sealed ^ self._keystream(n, length)).to_bytes(length, "little")
            for item in orjson.loads(plain):
                if item[0] in wanted:
                    found[item[0]] = Remembered(*item)
        return found

    def close(self) -> None:
        self._file.close()
