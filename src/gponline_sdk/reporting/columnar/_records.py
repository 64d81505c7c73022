"""The record file's columns: keyed pseudonyms and the duplicate-ID check.

- Pseudonyms: the HMAC is the one per-row Python step (`PseudonymKey.raw_digests`);
  the hex record IDs are then made from the digests' bytes with numpy, not per row.
- Text: a batch's record text (`_output`) is written from Arrow's buffer, not copied.
- Duplicates: the first 64 bits of each record ID go to one of 64 temporary
  partition files by their top bits, so memory stays that of one batch; at the
  end each partition is checked on its own. Any repeat (two equal IDs, or a
  64-bit clash, about n**2 / 2**65) sends the week to the row path, whose
  validator reports each duplicate record with its location.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from gponline_sdk.models.usage import DataType
from gponline_sdk.reporting.anonymise import PSEUDONYM_HEX_CHARS, Anonymiser

__all__ = ["DuplicateCheck", "array_bytes", "pseudonyms"]

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
_ID_BYTES = PSEUDONYM_HEX_CHARS // 2
_PARTITION_BITS = 6


def pseudonyms(pa: Any, pc: Any, anonymiser: Anonymiser, event_ids: Any) -> tuple[Any, Any]:
    """Record IDs (a string array) and their first 64 bits (uint64) for these references."""
    prefix = anonymiser.pseudonym_prefix(DataType.OC_RECORD)
    messages = pc.binary_join_element_wise(prefix.decode(), event_ids, "").cast(pa.binary())
    digests = anonymiser.raw_pseudonyms(messages.to_pylist())
    n = len(digests)
    raw = np.frombuffer(b"".join(digests), dtype=np.uint8).reshape(n, 32)[:, :_ID_BYTES]
    hexed = np.empty((n, PSEUDONYM_HEX_CHARS), dtype=np.uint8)
    hexed[:, 0::2] = _HEX[raw >> 4]
    hexed[:, 1::2] = _HEX[raw & 15]
    offsets = np.arange(0, PSEUDONYM_HEX_CHARS * (n + 1), PSEUDONYM_HEX_CHARS, dtype=np.int32)
    ids = pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(hexed))
    keys = np.ascontiguousarray(raw[:, :8]).view(">u8").ravel().astype(np.uint64)
    return ids, keys


def array_bytes(array: Any) -> memoryview:
    """The concatenated values of a string array, without copying them."""
    _, offsets_buffer, data = array.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32)
    start, end = int(offsets[array.offset]), int(offsets[array.offset + len(array)])
    return memoryview(data)[start:end]


class DuplicateCheck:
    """Whether any two record IDs share their first 64 bits, in bounded memory."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="gponline-columnar-")
        self._files = [
            Path(self._dir.name, f"{p:02x}").open("wb")  # noqa: SIM115 - closed in close()
            for p in range(1 << _PARTITION_BITS)
        ]

    def add(self, keys: Any) -> None:
        """Note one batch's 64-bit keys."""
        part = keys >> np.uint64(64 - _PARTITION_BITS)
        order = np.argsort(part, kind="stable")
        bounds = np.searchsorted(part[order], np.arange((1 << _PARTITION_BITS) + 1))
        ordered = keys[order]
        for p in range(1 << _PARTITION_BITS):
            if bounds[p] < bounds[p + 1]:
                self._files[p].write(ordered[bounds[p] : bounds[p + 1]].tobytes())

    def any_repeated(self) -> bool:
        """True when some key was noted twice (read back one partition at a time)."""
        for f in self._files:
            f.close()
        for p in range(1 << _PARTITION_BITS):
            keys = np.fromfile(Path(self._dir.name, f"{p:02x}"), dtype=np.uint64)
            if len(np.unique(keys)) != len(keys):
                return True
        return False

    def close(self) -> None:
        """Delete the partitions."""
        for f in self._files:
            f.close()
        self._dir.cleanup()
