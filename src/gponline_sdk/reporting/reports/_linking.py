"""Link a report to the outbox entry it answers, by every handle it gives.

Handles, strongest first: the row's local ID (ours, `mex-LocalID` of the
submission), the row's message ID (MESH's ID of the submission), the report
message's `mex-LinkedMsgID` (for a report of one file), the file name, then
the reporting period and data type (the data type's wire name in the file
name). The weaker handles never link an entry the row's own IDs contradict:
another local ID, or another message ID than MESH gave the entry. The report
message's own `mex-LocalID` is the sender's (NHS England's), never ours.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from gponline_sdk.errors import OutboxError
from gponline_sdk.mesh import Outbox, OutboxEntry
from gponline_sdk.models import DataType
from gponline_sdk.reporting.reports.model import FileResult

__all__ = ["BY_LINKED", "BY_LOCAL", "BY_MESSAGE", "BY_NAME", "BY_PERIOD", "Linker"]

BY_LOCAL, BY_MESSAGE, BY_LINKED = "local ID", "message ID", "linked message ID (mex-LinkedMsgID)"
BY_NAME, BY_PERIOD = "file name", "period and data type"


class Linker:
    """Finds outbox entries by a report's handles.

    Args:
        outbox: The outbox.
        suffixes: The profile's report file suffixes (lower case).
        key_of: The outbox key of an ISO week and data type.
    """

    def __init__(
        self, outbox: Outbox, suffixes: tuple[str, ...], key_of: Callable[[str, str], str]
    ) -> None:
        self.outbox = outbox
        self.suffixes = suffixes
        self.key_of = key_of

    def by_local(self, local_id: str | None) -> OutboxEntry | None:
        """The entry with our local ID `local_id`."""
        if not local_id:
            return None
        try:
            return self.outbox.get(local_id)
        except OutboxError:
            return None

    def by_message(self, message_id: str | None) -> OutboxEntry | None:
        """The entry MESH gave `message_id`."""
        if not message_id:
            return None
        return next((e for e in self.outbox.entries() if e.message_id == message_id), None)

    def by_name(self, name: str, row: FileResult | None = None) -> OutboxEntry | None:
        """The newest live entry whose file has this name (or stem), unless `row` rules it out."""
        if not name:
            return None
        stem = Path(name).stem
        entries = [e for e in self.outbox.entries() if _may_answer(row, e)]
        same = [e for e in entries if name in (Path(e.path).name, Path(e.path).stem)]
        if not same:
            same = [e for e in entries if Path(e.path).stem == stem]
        live = [e for e in same if e.superseded_by is None]
        return (live or same)[-1] if same else None

    def by_period(self, row: FileResult) -> OutboxEntry | None:
        """The latest entry of the row's week and the data type named in its file name."""
        data_type = _data_type_in(row.file_name)
        if row.week is None or data_type is None:
            return None
        entry = self.outbox.latest(self.key_of(row.week, data_type))
        return entry if entry is not None and _may_answer(row, entry) else None

    def find(
        self, row: FileResult, headers: dict[str, str], *, single: bool
    ) -> tuple[OutboxEntry | None, str | None]:
        """The entry a file row answers, and the handle that found it."""
        lookups: list[tuple[str, Callable[[], OutboxEntry | None]]] = [
            (BY_LOCAL, lambda: self.by_local(row.local_id)),
            (BY_MESSAGE, lambda: self.by_message(row.message_id)),
            (BY_LINKED, lambda: self.by_message(_linked(headers)) if single else None),
            (BY_NAME, lambda: self.by_name(row.file_name, row)),
            (BY_PERIOD, lambda: self.by_period(row)),
        ]
        for by, lookup in lookups:
            found = lookup()
            if found is not None:
                return found, by
        return None, None

    def by_headers(self, headers: dict[str, str], name: str) -> list[tuple[OutboxEntry, str]]:
        """What an unreadable report can still be linked by: MESH's headers and its name."""
        entry = self.by_message(_linked(headers))
        if entry is not None:
            return [(entry, BY_LINKED)]
        entry = self.by_name(self.submitted_name(name))
        return [(entry, BY_NAME)] if entry is not None else []

    def submitted_name(self, report_name: str) -> str:
        """`X.json.report.xlsx` -> `X.json`: the submitted file a report's name points to."""
        name = report_name
        for suffix in self.suffixes:
            if name.lower().endswith(suffix):
                name = name[: -len(suffix)]
                break
        return re.sub(r"[._ -]report$", "", name, flags=re.IGNORECASE)


def _may_answer(row: FileResult | None, entry: OutboxEntry) -> bool:
    """False when the row's own IDs prove it answers another message than `entry`."""
    if row is None:
        return True
    if row.local_id and row.local_id != entry.local_id:
        return False
    return not (row.message_id and entry.message_id and row.message_id != entry.message_id)


def _linked(headers: dict[str, str]) -> str | None:
    return headers.get("mex-linkedmsgid") or None


def _data_type_in(name: str) -> str | None:
    """The data type whose wire name appears in a file name (the longest, if several)."""
    hits = [
        t
        for t in DataType
        if re.search(rf"(?<![A-Za-z0-9]){re.escape(t.wire_name)}(?![A-Za-z0-9])", name)
    ]
    return max(hits, key=lambda t: len(t.wire_name)).value if hits else None
