"""Exact duplicate detection for the submission validator: in memory up to a cap, then on disk.

Private: used by `SubmissionValidator` only.

A key's digest is Python's own string hash (SipHash with a random key per
process, cached on the string): 64 bits. Digests live in an open-addressing
table whose home slot is the digest's TOP bits, so that one contiguous slice
of the table holds one range of digests: the table is already cut into
partitions when it is written out, with no sort (a `sorted()` of a million
digests would make a million Python ints, ~44 MB).

Phase 1 is all most files need: one table of 8-byte slots, doubling up to the
cap (24 MiB: 2**21 slots, 16 MiB, about 1,400,000 keys at the 2/3 load limit;
old and new table together while it doubles: 24 MiB). Nothing touches the disk.
When it is full it is written to a temporary directory as a *run* and phase 2
starts: tables of a fixed size (2**20 slots at 24 MiB: 8 MiB of digests and 8
MiB of record positions, each with an "otherwise accepted" bit; ~700,000 keys),
each written out as a run when full. A key already in the current table is a
duplicate at once ("early"). One that was only in an earlier run is found by
`finish` ("late"): for each of 1024 partitions, each run's digests are checked
against a set of those of the runs before it, so memory there is about
90 bytes x records / 1024 (about 4 MiB at 50,000,000 records).

For the few late duplicates that end up in the report's details, `finish`
needs the record's index, location and ID, which are no longer in memory. The
validator hands them over (`remember`) for each record that could still become
such a detail (an accepted record after the first spill while the details list
has room); they are kept in a log sealed with a random key that exists only in
this process's memory (a SHAKE-128 keystream, never reused), so the disk holds
digests, positions and sealed bytes, never a record ID in the clear. The ID is
made safe (`safe_id`) only for those reported, which halves the cost.
"""

from __future__ import annotations

import heapq
import itertools
import tempfile
from array import array
from collections.abc import Callable, Collection
from pathlib import Path
from typing import IO, NamedTuple

from gponline_sdk.errors import ConfigError, SubmissionError
from gponline_sdk.reporting.validation._sealed_log import Remembered, SealedLog
from gponline_sdk.reporting.validation.report import ReasonCode, RecordRejection
from gponline_sdk.reporting.validation.rules import duplicate_message, safe_id

__all__ = ["DuplicateFinder", "LateDuplicates", "Remembered", "settle_late_duplicates"]

_ZERO_STANDS_FOR = 1  # slot value 0 marks an empty slot; a digest of 0 is stored as 1
_INITIAL_SLOTS = 1024
_MIN_SLOTS = 4
_PARTITION_BITS = 10  # 1024 partitions: 50M records give ~49k digests (~5 MB) per partition
_SEALED_BATCH = 4096  # remembered records per sealed block


class LateDuplicates(NamedTuple):
    """The outcome of `DuplicateFinder.finish`.

    Attributes:
        total: Otherwise-accepted records whose key was seen in an earlier run.
        first: The smallest of their positions (at most the `limit` asked for), ascending.
    """

    total: int
    first: list[int]


def _slots_within(budget: int) -> int:
    """The largest power of two <= budget, at least `_MIN_SLOTS`."""
    return max(_MIN_SLOTS, 1 << (max(budget, 1).bit_length() - 1))


class DuplicateFinder:
    """A set of key digests that spills to temporary files beyond a memory cap.

    Args:
        memory: The cap in bytes for the tables (None: one table, grown without limit).
        spill_dir: Where the temporary directory goes (None: the system's default).

    Raises:
        ConfigError: when `memory` is too small to hold a table.
    """

    __slots__ = (
        "_count",
        "_limit",
        "_mask",
        "_max_phase1",
        "_pending",
        "_phase2_slots",
        "_seqs",
        "_shift",
        "_spill",
        "_spill_dir",
        "_table",
        "spilled",
    )

    def __init__(self, memory: int | None, *, spill_dir: str | Path | None = None) -> None:
        self._max_phase1: int | None = None
        self._phase2_slots = 0
        if memory is not None:
            if memory < 16 * _MIN_SLOTS:
                raise ConfigError(f"duplicate_memory: {memory} bytes; at least {16 * _MIN_SLOTS}")
            # Phase 1 grows by doubling: old and new table (1.5 x 8 bytes a slot) fit the cap.
            self._max_phase1 = _slots_within(memory // 12)
            # Phase 2 tables hold a digest and a position (16 bytes a slot) and never grow.
            self._phase2_slots = _slots_within(memory // 16)
        self._spill_dir = spill_dir
        self._spill: _Spill | None = None
        # True once digests went to disk (late duplicates are possible). An
        # attribute, not a property: the validator reads it for every record.
        self.spilled = False
        self._pending: list[tuple[int, int, str, str | None]] = []  # orjson takes tuples
        self._seqs: array[int] | None = None
        slots = (
            _INITIAL_SLOTS if self._max_phase1 is None else min(_INITIAL_SLOTS, self._max_phase1)
        )
        self._count = 0
        self._table = array("q", [0]) * slots
        self._set_geometry(slots)

    def _set_geometry(self, slots: int) -> None:
        self._mask = slots - 1
        self._shift = 64 - (slots.bit_length() - 1)
        self._limit = slots * 2 // 3  # keep the load under 2/3

    def add(self, key: str, seq: int, accepted: bool) -> bool:
        """Add `key` (record position `seq`); return False if its digest is already in memory.

        `accepted` says whether the record passed every other rule: only such
        a record can be reported as a late duplicate.
        """
        h = hash(key) or _ZERO_STANDS_FOR
        table = self._table
        mask = self._mask
        i = (h >> self._shift) & mask
        while (slot := table[i]) != 0:
            if slot == h:
                return False
            i = (i + 1) & mask
        table[i] = h
        seqs = self._seqs
        if seqs is not None:
            seqs[i] = seq << 1 | accepted
        self._count += 1
        if self._count > self._limit:
            del table, seqs  # else these locals keep the full tables alive while new ones are made
            self._make_room()
        return True

    def remember(self, seq: int, index: int, location: str, record_id: str | None) -> None:
        """Keep what a detail needs for a record that may turn out to be a late duplicate.

        `record_id` is the record's ID as is (made safe by `settle_late_duplicates`,
        for the few that are reported: checking every one would double the cost).
        """
        pending = self._pending
        pending.append((seq, index, location, record_id))
        if len(pending) >= _SEALED_BATCH:
            assert self._spill is not None
            self._spill.sealed.seal(pending)

    def _make_room(self) -> None:
        size = len(self._table)
        if self._max_phase1 is None or (self._seqs is None and size * 2 <= self._max_phase1):
            self._grow()
        else:
            self._write_run()
            # Drop the full tables before making the new ones: peak memory stays at one set.
            self._table, self._seqs = array("q"), None
            slots = self._phase2_slots
            self._table = array("q", [0]) * slots
            self._seqs = array("q", [0]) * slots
            self._count = 0
            self._set_geometry(slots)

    def _grow(self) -> None:
        old = self._table
        slots = 2 * len(old)
        table = array("q", [0]) * slots
        self._set_geometry(slots)
        mask, shift = self._mask, self._shift
        for h in old:
            if h:
                i = (h >> shift) & mask
                while table[i] != 0:
                    i = (i + 1) & mask
                table[i] = h
        self._table = table

    def _write_run(self) -> None:
        if self._spill is None:
            bits = min(_PARTITION_BITS, self._phase2_slots.bit_length() - 1)
            self._spill = _Spill(self._spill_dir, bits)
            self.spilled = True
        self._spill.write_run(self._table, self._seqs)

    def finish(
        self, *, limit: int, on_late: Callable[[int], object] | None = None
    ) -> LateDuplicates:
        """Find the late duplicates; call `on_late` with each one's position (any order).

        Returns:
            Their count and the `limit` smallest positions.
        """
        if self._spill is None:
            if self.spilled:
                raise SubmissionError("the duplicate check's temporary files were closed")
            return LateDuplicates(0, [])
        if self._count:
            self._write_run()
        self._table = array("q", [0]) * _MIN_SLOTS
        self._seqs = None
        self._count = 0
        self._set_geometry(_MIN_SLOTS)
        return self._spill.late_duplicates(limit, on_late)

    def recall(self, seqs: Collection[int]) -> dict[int, Remembered]:
        """The remembered details of these positions (those that were remembered)."""
        if self._spill is None or not seqs:
            return {}
        self._spill.sealed.seal(self._pending)
        return self._spill.sealed.recall(seqs)

    def close(self) -> None:
        """Delete the temporary files (idempotent); the finder is not to be used afterwards."""
        self._pending.clear()
        if self._spill is not None:
            self._spill.close()
            self._spill = None


def settle_late_duplicates(
    finder: DuplicateFinder,
    counts: dict[ReasonCode, int],
    details: list[tuple[int, RecordRejection]],
    *,
    max_details: int,
    reason: ReasonCode,
    on_late: Callable[[int], object] | None,
) -> tuple[dict[ReasonCode, int], list[RecordRejection]]:
    """Counts and details with the late duplicates in, as the unbounded mode has them.

    Args:
        finder: The validator's finder (its late duplicates are settled once).
        counts: Rejections per reason found while streaming.
        details: The details kept while streaming, each with its record's position.
        max_details: The cap on details.
        reason: The duplicate reason of the data type (record ID or key).
        on_late: Called with each late duplicate's position.
    """
    late = finder.finish(limit=max_details, on_late=on_late)
    settled = dict(counts)
    if late.total:
        settled[reason] = settled.get(reason, 0) + late.total
    # The details the unbounded mode keeps: the first `max_details` rejections by position.
    merged: list[tuple[int, RecordRejection | None]] = sorted(
        [*details, *((seq, None) for seq in late.first)], key=lambda item: item[0]
    )[:max_details]
    found = finder.recall([seq for seq, detail in merged if detail is None])
    message = duplicate_message(reason)
    return settled, [
        detail
        if detail is not None
        else RecordRejection(
            index=found[seq].record_index,
            record_id=safe_id(found[seq].record_id),
            reason=reason,
            message=message,
            location=found[seq].location,
        )
        for seq, detail in merged
    ]


class _Run(NamedTuple):
    offset: int
    with_seqs: bool
    starts: array[int]  # per partition, the index of its first entry in the run (and the end)


class _Spill:
    """The temporary directory: runs of digests by partition, and the sealed log."""

    def __init__(self, parent: str | Path | None, bits: int) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="gponline-duplicates-", dir=parent)
        self._bits = bits
        self._runs: list[_Run] = []
        self._file: IO[bytes] = Path(self._dir.name, "runs").open("w+b")  # noqa: SIM115
        self._end = 0
        self.sealed = SealedLog(Path(self._dir.name, "sealed"))

    def write_run(self, table: array[int], seqs: array[int] | None) -> None:
        parts = 1 << self._bits
        width = len(table) >> self._bits
        pshift, pmask = 64 - self._bits, parts - 1
        # An entry sits at its home slot or after it, so the only entries outside
        # their partition's slice are at the start of a slice, in an unbroken
        # cluster that began before it (or wrapped round from the table's end).
        strays: dict[int, list[tuple[int, int]]] = {}
        for p in range(parts):
            j, end = p * width, (p + 1) * width
            while j < end and (h := table[j]) != 0:
                q = (h >> pshift) & pmask
                if q != p:
                    strays.setdefault(q, []).append((h, 0 if seqs is None else seqs[j]))
                    table[j] = 0
                j += 1
        starts = array("q", [0]) * (parts + 1)
        stride = 8 if seqs is None else 16
        offset = self._end
        for p in range(parts):
            part = table[p * width : (p + 1) * width]
            digests = array("q", filter(None, part))
            codes = array("q")
            if seqs is not None:
                codes.extend(itertools.compress(seqs[p * width : (p + 1) * width], part))
            for h, code in strays.get(p, ()):
                digests.append(h)
                if seqs is not None:
                    codes.append(code)
            digests.tofile(self._file)
            codes.tofile(self._file)
            starts[p + 1] = starts[p] + len(digests)
        self._end += stride * starts[parts]
        self._runs.append(_Run(offset, seqs is not None, starts))

    def _read(self, run: _Run, p: int) -> tuple[array[int], array[int]]:
        count = run.starts[p + 1] - run.starts[p]
        stride = 16 if run.with_seqs else 8
        self._file.seek(run.offset + stride * run.starts[p])
        data = self._file.read(stride * count)
        digests, codes = array("q"), array("q")
        digests.frombytes(data[: 8 * count])
        codes.frombytes(data[8 * count :])
        return digests, codes

    def late_duplicates(
        self, limit: int, on_late: Callable[[int], object] | None
    ) -> LateDuplicates:
        self._file.flush()
        count = 0
        first: list[int] = []
        for p in range(1 << self._bits):
            seen: set[int] = set()
            late: list[int] = []
            for run in self._runs:
                digests, codes = self._read(run, p)
                hits = seen.intersection(digests) if run.with_seqs else ()
                if hits:  # rare: walk this run's entries in Python only when one repeats
                    late += [
                        c >> 1 for h, c in zip(digests, codes, strict=True) if c & 1 and h in hits
                    ]
                seen.update(digests)
            if late:
                count += len(late)
                if on_late is not None:
                    for seq in late:
                        on_late(seq)
                first = heapq.nsmallest(limit, itertools.chain(first, late))
        return LateDuplicates(count, first)

    def close(self) -> None:
        self._file.close()
        self.sealed.close()
        self._dir.cleanup()
