"""The event types the columnar build reads, and what differs between them.

Everything else (reading blocks, the week and participation filters, record
IDs, duplicates, the identifier scan, writing) is the same for each: the build
(`_build`) takes one of these and runs it.
"""

from __future__ import annotations

from typing import Any

import attrs

from gponline_sdk.models.usage import DataType, OcRecord, VcRecord
from gponline_sdk.reporting._event_columns import columns_of
from gponline_sdk.reporting._event_rows import kept
from gponline_sdk.reporting.columnar._aggregates import OcPartials
from gponline_sdk.reporting.columnar._columns import OC_USED_COLUMNS, OcTyper
from gponline_sdk.reporting.columnar._vc import VC_USED_COLUMNS, VcPartials, VcTyper
from gponline_sdk.reporting.events import OcEvent, VcEvent

__all__ = ["OC", "VC", "Kind"]


@attrs.frozen(kw_only=True)
class Kind:
    """One event type's columns, record fields, typer and aggregates."""

    event: type[Any]
    """The row reader's event class (`OcEvent`...): its reader says what a bad row is."""
    records: DataType
    """The record file's data type (the pseudonyms' and the header's)."""
    aggregates: DataType
    required: tuple[str, ...]
    """The columns a file must have: the row reader's own required ones (`_required`)."""
    used: tuple[str, ...]
    fields: tuple[str, ...]
    """The record's fields in the order every writer writes them (`unstructure`'s)."""
    bare: frozenset[str]
    """Fields JSON writes without quotes (a boolean, a number)."""
    optional: frozenset[str] = frozenset()
    """Fields that may be null: `null` in JSON, an empty cell in CSV, no element in XML."""
    counts: frozenset[str] = frozenset()
    """Used columns holding a whole number (a JSON number, where the others are strings)."""
    typer: type[Any]
    partials: type[Any]


def _required(event: type[Any]) -> tuple[str, ...]:
    """The columns the weekly build's row reader requires (identifiers skipped): same refusals."""
    return tuple(c.name for c in kept(columns_of(event), skip_identifiers=True) if c.required)


def _names(record: type[Any]) -> tuple[str, ...]:
    """A record class's fields in order: the output's columns, as the row writers write them."""
    return tuple(a.name for a in attrs.fields(record))


OC = Kind(
    event=OcEvent,
    records=DataType.OC_RECORD,
    aggregates=DataType.OC_AGGREGATE,
    required=_required(OcEvent),
    used=OC_USED_COLUMNS,
    fields=_names(OcRecord),
    bare=frozenset({"has_attachments"}),
    counts=frozenset({"attachment_count"}),
    typer=OcTyper,
    partials=OcPartials,
)
VC = Kind(
    event=VcEvent,
    records=DataType.VC_RECORD,
    aggregates=DataType.VC_AGGREGATE,
    required=_required(VcEvent),
    used=VC_USED_COLUMNS,
    fields=_names(VcRecord),
    bare=frozenset({"duration_minutes"}),
    optional=frozenset({"duration_minutes"}),
    counts=frozenset({"duration_minutes"}),
    typer=VcTyper,
    partials=VcPartials,
)
