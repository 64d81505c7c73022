"""The record file's columns: keyed pseudonyms and the duplicate-ID check.

- Pseudonyms: the HMAC is the one per-row Python step (`PseudonymKey.raw_digests`);
  the hex record IDs are then made from the digests' bytes with numpy, not per row.
- Text: a batch's record text (`_output`) is written from Arrow's buffer, not copied.
- Duplicates: each record ID's 16 bytes (the ID is their hex, so equal bytes are
  equal IDs) and the record's position go to one of 64 temporary partition files
  by their top bits, so memory stays that of one batch; at the end each partition
  is sorted on its own, and every record whose ID an earlier record holds is a
  repeat, as the validator's duplicate rule says. The repeats' count and the first
  of them (position and ID) are what the validation report needs.
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


def pseudonyms(
    pa: Any, pc: Any, anonymiser: Anonymiser, data_type: DataType, event_ids: Any
) -> tuple[Any, Any]:
    """Record IDs (a string array) and their bytes as two uint64 columns, for these references.

    Args:
        pa: pyarrow.
        pc: pyarrow.compute.
        anonymiser: Holds the pseudonym key.
        data_type: The records' type (`Anonymiser.pseudonym`'s).
        event_ids: The supplier's references (a string array).
    """
    prefix = anonymiser.pseudonym_prefix(data_type)
    messages = pc.binary_join_element_wise(prefix.decode(), event_ids, "").cast(pa.binary())
    digests = anonymiser.raw_pseudonyms(messages.to_pylist())
    n = len(digests)
    raw = np.frombuffer(b"".join(digests), dtype=np.uint8).reshape(n, 32)[:, :_ID_BYTES]
    hexed = np.empty((n, PSEUDONYM_HEX_CHARS), dtype=np.uint8)
    hexed[:, 0::2] = _HEX[raw >> 4]
    hexed[:, 1::2] = _HEX[raw & 15]
    offsets = np.arange(0, PSEUDONYM_HEX_CHARS * (n + 1), PSEUDONYM_HEX_CHARS, dtype=np.int32)
    ids = pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(hexed))
    # Big-endian, so that the hex of the two words, in order, is the record ID.
    keys = np.ascontiguousarray(raw).view(">u8").reshape(n, 2).astype(np.uint64)
    return ids, keys


def array_bytes(array: Any) -> memoryview:
    """The concatenated values of a string array, without copying them."""
    _, offsets_buffer, data = array.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32)
    start, end = int(offsets[array.offset]), int(offsets[array.offset + len(array)])
    return memoryview(data)[start:end]


class DuplicateCheck:
    """Which records repeat an earlier record's ID, in bounded memory (see the module docstring)."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="gponline-columnar-")
        self._files = [
            Path(self._dir.name, f"{p:02x}").open("wb")  # noqa: SIM115 - closed in close()
            for p in range(1 << _PARTITION_BITS)
        ]

    def add(self, keys: Any, first: int) -> None:
        """Note one batch's IDs (`pseudonyms`' keys), the first being record `first` (from 0)."""
        n = len(keys)
        rows = np.empty((n, 3), dtype=np.uint64)
        rows[:, :2] = keys
        rows[:, 2] = np.arange(first, first + n, dtype=np.uint64)
        part = keys[:, 0] >> np.uint64(64 - _PARTITION_BITS)
        order = np.argsort(part, kind="stable")
        bounds = np.searchsorted(part[order], np.arange((1 << _PARTITION_BITS) + 1))
        ordered = rows[order]
        for p in range(1 << _PARTITION_BITS):
            if bounds[p] < bounds[p + 1]:
                self._files[p].write(ordered[bounds[p] : bounds[p + 1]].tobytes())

    def repeats(self, first: int) -> tuple[int, list[tuple[int, str]]]:
        """How many records repeat an earlier ID, and the first `first` of them in file order.

        Returns:
            The count, and (position from 0, record ID) for each of the first ones.
        """
        for f in self._files:
            f.close()
        count, found = 0, []
        for p in range(1 << _PARTITION_BITS):
            rows = np.fromfile(Path(self._dir.name, f"{p:02x}"), dtype=np.uint64).reshape(-1, 3)
            # By ID, then position: in each run of equal IDs all but the first repeat it.
            rows = rows[np.lexsort((rows[:, 2], rows[:, 1], rows[:, 0]))]
            same = (rows[1:, 0] == rows[:-1, 0]) & (rows[1:, 1] == rows[:-1, 1])
            repeated = rows[1:][same]
            count += len(repeated)
            found.append(repeated[np.argsort(repeated[:, 2], kind="stable")][:first])
        firsts = np.concatenate(found)
        firsts = firsts[np.argsort(firsts[:, 2], kind="stable")][:first]
        return count, [(int(i), f"{int(a):016x}{int(b):016x}") for a, b, i in firsts.tolist()]

    def close(self) -> None:
        """Delete the partitions."""
        for f in self._files:
            f.close()
        self._dir.cleanup()
