"""Typing one batch of events, column by column, exactly as the row reader would.

The row reader parses each cell (`_event_columns`) and builds an `OcEvent`
whose validators check the rest. Here each column is checked at once with
Arrow kernels against a rule that is *at least as strict* as the row path's,
so that every value accepted here is one the row path accepts and reads the
same way; a batch holding anything else (a bad cell, a blank required cell,
a date-time in a form the row path also accepts but writes differently)
raises `NotColumnar`, and the build falls back to the row path, which
reports it as always (file, line, column). Messages never hold a value.
"""

from __future__ import annotations

from typing import Any

from gponline_sdk.models.consultation import RequestCategory, RequesterRole, RequestType
from gponline_sdk.reporting.columnar._source import NotColumnar
from gponline_sdk.reporting.events import EVENT_ID_PATTERN, MAX_ATTACHMENTS

__all__ = ["EVENT_ID", "OC_USED_COLUMNS", "ODS", "ColumnChecks", "OcTyper"]

OC_USED_COLUMNS = (
    "event_id",
    "practice_code",
    "submitted_at",
    "category",
    "requester_role",
    "attachment_count",
    "coded_request_type",
)
"""The OC columns the weekly build reads; the identifier and free-text ones are never read."""

# The row reader's own rule (which also keeps it within the reader's 64 characters).
EVENT_ID = f"^{EVENT_ID_PATTERN}$"
ODS = r"^[A-Z][0-9]{5}$"
# A subset of what `parse_datetime` takes: whole seconds, `T`, `Z` or +HH:MM, and a
# year from 1900 to 2099 (a fraction, a space or an hour-only offset take the row
# path, which writes them back in its own form).
_INSTANT = (
    r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    r"(Z|z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
)
_COUNT = r"^[0-9]{1,4}$"
_LOCAL_FORMAT = "%Y-%m-%dT%H:%M:%S"


class ColumnChecks:
    """What every event type's typer does: check a column whole, read one, read instants."""

    def __init__(self, pa: Any, pc: Any) -> None:
        self._pa, self._pc = pa, pc

    def _all(self, mask: Any, column: str) -> None:
        # A null in the mask (none is expected: cells are never null) counts as a failure.
        if mask.null_count or not self._pc.all(mask).as_py():
            raise NotColumnar(f"a value in column {column} needs the row reader")

    def _column(self, batch: Any, name: str) -> Any:
        index = batch.schema.get_field_index(name)
        if index < 0:  # an optional column left out of the file: every cell empty
            return self._pa.array([""] * batch.num_rows, self._pa.string())
        return batch.column(index)

    def _count(self, batch: Any, name: str, most: int) -> tuple[Any, Any]:
        """An optional whole-number column (`_event_columns._int`): blanks, and the numbers."""
        pa, pc = self._pa, self._pc
        text = self._column(batch, name)
        blank = pc.equal(text, "")
        self._all(pc.or_(blank, pc.match_substring_regex(text, _COUNT)), name)
        count = pc.cast(pc.if_else(blank, "0", text), pa.int64())
        self._all(pc.less_equal(count, most), name)
        return blank, count

    def _instants(self, batch: Any, column: str) -> tuple[Any, Any, Any]:
        """UTC instants (int64 seconds), the text `_unstructure_datetime` writes, London dates."""
        pa, pc = self._pa, self._pc
        utc, shown = self._parse_instants(self._column(batch, column), column)
        london = utc.cast(pa.timestamp("s", tz="Europe/London"))
        local_date = pc.local_timestamp(london).cast(pa.date32())
        return utc.cast(pa.int64()), shown, local_date

    def _parse_instants(self, text: Any, column: str) -> tuple[Any, Any]:
        """UTC instants of ISO 8601 texts, and each as `_unstructure_datetime` writes it."""
        pa, pc = self._pa, self._pc
        self._all(pc.match_substring_regex(text, _INSTANT), column)
        local_text = pc.utf8_slice_codeunits(text, 0, 19)
        local = pc.strptime(local_text, format=_LOCAL_FORMAT, unit="s", error_is_null=True)
        # Arrow's strptime rolls 30 February over to 2 March; `fromisoformat` refuses
        # it. Month and day are in range (the pattern), so a roll shows in the day.
        day = pc.cast(pc.utf8_slice_codeunits(text, 8, 10), pa.int64())
        self._all(pc.equal(pc.day(local), day), column)
        suffix = pc.utf8_slice_codeunits(text, 19, 25)
        zulu = pc.or_(pc.equal(suffix, "Z"), pc.equal(suffix, "z"))
        offset_text = pc.if_else(zulu, "+00:00", suffix)
        hours = pc.cast(pc.utf8_slice_codeunits(offset_text, 1, 3), pa.int64())
        minutes = pc.cast(pc.utf8_slice_codeunits(offset_text, 4, 6), pa.int64())
        magnitude = pc.add(pc.multiply(hours, 3600), pc.multiply(minutes, 60))
        offset = pc.if_else(pc.starts_with(offset_text, "-"), pc.negate(magnitude), magnitude)
        seconds = pc.subtract(local.cast(pa.int64()), offset)
        utc = seconds.cast(pa.timestamp("s", tz="UTC"))
        # UTC (any zero offset) is written with Z, any other offset as it was given.
        shown = pc.if_else(
            pc.equal(offset, 0), pc.binary_join_element_wise(local_text, "Z", ""), text
        )
        return utc, shown


class OcTyper(ColumnChecks):
    """Checks and types the used columns of a batch of OC events (see the module docstring)."""

    def __init__(self, pa: Any, pc: Any) -> None:
        super().__init__(pa, pc)
        self._categories = pa.array([c.value for c in RequestCategory])
        self._category_types = pa.array([c.request_type.value for c in RequestCategory])
        self._roles = pa.array(["", *(r.value for r in RequesterRole)])
        self._coded = pa.array(["", *(t.value for t in RequestType)])

    def type_batch(self, batch: Any) -> dict[str, Any]:
        """The typed columns of one batch, or `NotColumnar`.

        Returns:
            `event_id`, `practice_code`, `submitted_at` (the text the record file
            holds), `utc` (int64 seconds), `local_date` (date32, Europe/London),
            `category`, `request_type`, `requester_role` and `has_attachments`
            (the text `true` or `false`).
        """
        pc = self._pc
        match = pc.match_substring_regex
        event_id = self._column(batch, "event_id")
        self._all(match(event_id, EVENT_ID), "event_id")
        practice = self._column(batch, "practice_code")
        self._all(match(practice, ODS), "practice_code")
        category = self._column(batch, "category")
        self._all(pc.is_in(category, value_set=self._categories), "category")
        role = self._column(batch, "requester_role")
        self._all(pc.is_in(role, value_set=self._roles), "requester_role")
        coded = self._column(batch, "coded_request_type")
        self._all(pc.is_in(coded, value_set=self._coded), "coded_request_type")
        _, count = self._count(batch, "attachment_count", MAX_ATTACHMENTS)
        utc, shown, local_date = self._instants(batch, "submitted_at")
        by_category = pc.take(self._category_types, pc.index_in(category, self._categories))
        return {
            "event_id": event_id,
            "practice_code": practice,
            "submitted_at": shown,
            "utc": utc,
            "local_date": local_date,
            "category": category,
            "request_type": pc.if_else(pc.equal(coded, ""), by_category, coded),
            "requester_role": pc.if_else(pc.equal(role, ""), RequesterRole.PATIENT.value, role),
            "has_attachments": pc.if_else(pc.greater(count, 0), "true", "false"),
        }
