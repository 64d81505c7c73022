"""Hypothesis strategies for the columnar parity property: OC and VC event exports as bytes.

An export is written as a supplier's system would write it: any column order,
optional columns left out, a header cell with a leading space, BOM or not, CRLF
or LF, minimal or full quoting, free text with commas, quotes and line breaks.
Half are clean; the other half have bad cells (each column's own bad values,
and date-times the row path refuses or accepts in another form) and bad rows (a
cell short or over, a quote closed early, a bare CR, a blank line, a CR inside
quotes). JSON Lines exports (`jsonl_exports`) are the same events as objects,
with JSON's own faults (a number for a string, null for a required key, an
unknown or repeated key, invalid JSON, two objects on a line, a raw tab in a
string...). Each export says what was drawn (`drawn`), for the tally of draws.
"""

from __future__ import annotations

import csv
import io
import json
import zlib
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from gponline_sdk.models import RequestCategory, RequestType, VideoSessionStatus
from gponline_sdk.models.schedule import ReportingPeriod
from gponline_sdk.reporting.event_io import csv_columns
from gponline_sdk.reporting.events import OcEvent, VcEvent

__all__ = ["BLOCKS", "LISTED", "MARK", "WEEKS", "exports", "jsonl_exports"]

LISTED = ("A81001", "A81002", "B82003")
PRACTICES = (*LISTED, "C83004")  # the last one is not on the list
# A GMT week, and the week British Summer Time starts (29 March 2026, 01:00 UTC).
WEEKS = ("2026-W47", "2026-W13")
BLOCKS = (3, 7, 16, 64, 256, 1 << 20)  # bytes read at a time by the columnar path
MARK = "Qq"  # every bad value drawn holds it: no message may


@st.composite
def instants(draw: st.DrawFn, start: date, clean: bool) -> tuple[str, str]:
    """A date-time cell and what kind of cell it is (for the tally of draws)."""
    day = start + timedelta(days=draw(st.integers(-2, 8)))
    clock = f"{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"
    seconds = f"{draw(st.integers(0, 59)):02d}"
    offset = draw(
        st.sampled_from(["Z", "z", "+00:00", "-00:00", "+01:00", "-05:00", "+05:30", "+13:45"])
    )
    good = f"{day.isoformat()}T{clock}:{seconds}{offset}"
    if clean:
        return good, "good"
    variants = [
        ("good", good),
        ("good", good),
        ("fraction", f"{day.isoformat()}T{clock}:{seconds}.250{offset}"),  # valid, not columnar
        ("space", f"{day.isoformat()} {clock}:{seconds}{offset}"),  # valid on 3.11+
        ("no seconds", f"{day.isoformat()}T{clock}{offset}"),  # valid
        ("naive", f"{day.isoformat()}T{clock}:{seconds}"),  # refused
        ("30 February", f"{day.year}-02-30T{clock}:{seconds}Z"),  # no such day
        ("hour offset", f"{day.isoformat()}T{clock}:{seconds}+01"),
        ("not a date", f"{MARK}-not-a-date"),
        ("blank", ""),
    ]
    kind, text = variants[draw(st.integers(0, len(variants) - 1))]
    return text, kind


# Free text (never read by the build, but parsed): commas, quotes, line breaks
# inside quotes (LF, CR LF), non-ASCII. A CR alone is drawn in dirty exports.
_TEXT = st.text(alphabet=list("ab Zé,;'\"\n\t-"), max_size=12)
FREE_TEXT = _TEXT | st.builds(lambda a, b: f"{a}\r\n{b}", _TEXT, _TEXT)


def _cell(draw: st.DrawFn, clean: bool, good: st.SearchStrategy[str], bad: list[str]) -> str:
    if clean or draw(st.integers(0, 5)):
        return draw(good)
    return draw(st.sampled_from(bad))


@st.composite
def _references(draw: st.DrawFn, index: int) -> str:
    # Now and then an ID given before (a duplicate record for the validator).
    if draw(st.integers(0, 11)) == 0:
        return "REQ-0"
    return draw(
        st.just(f"REQ-{index}") | st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,8}", fullmatch=True)
    )


# The bad values drawn for each column, by the row path's verdict on them.
_BAD_REFERENCE = ["", f"{MARK} id", "x" * 65]
_BAD_PRACTICE = ["", f"{MARK}001", "a81001"]
OC_BAD = {
    "event_id": _BAD_REFERENCE,
    "practice_code": _BAD_PRACTICE,
    "category": ["", f"{MARK}_category", "ASK_QUESTION"],
    "requester_role": [f"{MARK}role", "PATIENT"],
    "attachment_count": ["-1", "1001", f"{MARK}"],
    "coded_request_type": [f"{MARK}type", "Clinical"],
}
VC_BAD = {
    "session_id": _BAD_REFERENCE,
    "practice_code": _BAD_PRACTICE,
    "status": ["", f"{MARK}_status", "COMPLETED"],
    "duration_minutes": ["-1", "1441", f"{MARK}", "1.5"],
}


@st.composite
def oc_rows(draw: st.DrawFn, start: date, clean: bool, index: int) -> dict[str, str]:
    """One OC event's cells by column, and `instant kind` (for the tally)."""
    submitted_at, instant_kind = draw(instants(start, clean))
    bad = OC_BAD
    return {
        "event_id": _cell(draw, clean, _references(index), bad["event_id"]),
        "practice_code": _cell(draw, clean, st.sampled_from(PRACTICES), bad["practice_code"]),
        "submitted_at": submitted_at,
        "instant kind": instant_kind,
        "category": _cell(
            draw, clean, st.sampled_from([c.value for c in RequestCategory]), bad["category"]
        ),
        "requester_role": _cell(
            draw, clean, st.sampled_from(["", "patient", "proxy"]), bad["requester_role"]
        ),
        "nhs_number": draw(st.sampled_from(["", "9434765919", "943 476 5919"])),
        "patient_name": draw(FREE_TEXT),
        "description": draw(FREE_TEXT),
        "contact_email": draw(st.sampled_from(["", "jo@example.org", "a,b@example.org"])),
        "contact_phone": draw(st.sampled_from(["", "07700 900123"])),
        "attachment_count": _cell(
            draw, clean, st.sampled_from(["", "0", "1", "0003", "1000"]), bad["attachment_count"]
        ),
        "coded_request_type": _cell(
            draw,
            clean,
            st.sampled_from(["", *(t.value for t in RequestType)]),
            bad["coded_request_type"],
        ),
    }


# Completed sessions, whose minutes count, drawn as often as all the others together.
_STATUSES = st.just(VideoSessionStatus.COMPLETED.value) | st.sampled_from(
    [s.value for s in VideoSessionStatus]
)


@st.composite
def vc_rows(draw: st.DrawFn, start: date, clean: bool, index: int) -> dict[str, str]:
    """One VC event's cells by column, and `instant kind` (for the tally)."""
    scheduled_start, instant_kind = draw(instants(start, clean))
    bad = VC_BAD
    return {
        "session_id": _cell(draw, clean, _references(index), bad["session_id"]),
        "practice_code": _cell(draw, clean, st.sampled_from(PRACTICES), bad["practice_code"]),
        "scheduled_start": scheduled_start,
        "instant kind": instant_kind,
        "status": _cell(draw, clean, _STATUSES, bad["status"]),
        "duration_minutes": _cell(
            draw, clean, st.sampled_from(["", "0", "15", "0030", "1440"]), bad["duration_minutes"]
        ),
        "nhs_number": draw(st.sampled_from(["", "9434765919", "943 476 5919"])),
        "patient_name": draw(FREE_TEXT),
    }


# Per event type: its columns, the required ones, its reference, its free-text column
# (for a CR inside quotes), its row strategy and its bad values.
KINDS: dict[str, Any] = {
    "oc": (
        csv_columns(OcEvent),
        ("event_id", "practice_code", "submitted_at", "category"),
        "event_id",
        "description",
        oc_rows,
        OC_BAD,
    ),
    "vc": (
        csv_columns(VcEvent),
        ("session_id", "practice_code", "scheduled_start", "status"),
        "session_id",
        "patient_name",
        vc_rows,
        VC_BAD,
    ),
}
FAULTS = {
    1: "a cell short",
    2: "a cell over",
    3: "a quote closed early",
    4: "a bare CR",
    5: "a blank line",
    6: "a CR inside quotes",
}


def _drawn(row: dict[str, str], kept: list[str], bad: dict[str, list[str]]) -> set[str]:
    """What was bad in one row, for the tally of draws."""
    found = {f"bad {c}" for c, values in bad.items() if c in kept and row[c] in values}
    if row["instant kind"] != "good":
        found.add(f"date-time {row['instant kind']}")
    return found


@st.composite
def exports(draw: st.DrawFn, kind: str = "oc") -> dict[str, Any]:
    """An export's bytes, the week to build and whether a participation list is used."""
    columns, required, reference, free_text, rows, bad = KINDS[kind]
    week = draw(st.sampled_from(WEEKS))
    start = ReportingPeriod.from_iso_week(week).start
    clean = draw(st.booleans())
    order = draw(st.permutations(columns))
    kept = [c for c in order if c in required or draw(st.integers(0, 3))]
    header = [f" {c}" if draw(st.integers(0, 9)) == 0 else c for c in kept]
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = io.StringIO()
    writer = csv.writer(text, quoting=quoting, lineterminator=newline)
    writer.writerow(header)
    count = draw(st.integers(0, 25))
    drawn: set[str] = set()
    ids: set[str] = set()
    for index in range(count):
        row = draw(rows(start, clean, index))
        cells = [row[c] for c in kept]
        fault = 0 if clean else draw(st.integers(0, 12))
        drawn |= _drawn(row, kept, bad)
        if row[reference] in ids:
            drawn.add("a repeated reference")
        ids.add(row[reference])
        if fault in FAULTS and (fault != 6 or free_text in kept):
            drawn.add(FAULTS[fault])
        if fault == 1:
            cells = cells[:-1]  # a cell short
        elif fault == 2:
            cells = [*cells, "extra"]  # a cell over
        if fault == 3:
            text.write(f'"{MARK}"junk,{",".join(cells[1:])}{newline}')  # a quote closed early
        elif fault == 4:
            text.write(f"{','.join(['x'] * len(cells))}\rmore{newline}")  # a bare CR
        elif fault == 5:
            text.write(newline)  # a blank line: both skip it
        elif fault == 6 and free_text in kept:
            row[free_text] = "one\rtwo"  # a CR alone, inside quotes: both read it
            writer.writerow([row[c] for c in kept])
        else:
            writer.writerow(cells)
    data = text.getvalue().encode()
    if draw(st.integers(0, 3)) == 0:
        data = b"\xef\xbb\xbf" + data
    if count and draw(st.integers(0, 9)) == 0:
        data = data.rstrip(b"\r\n")  # no line end after the last row
    return {
        "kind": kind,
        "data": data,
        "week": week,
        "listed": draw(st.integers(0, 4)) > 0,
        "clean": clean,
        "drawn": sorted(drawn),
        # Small blocks cut the file anywhere: inside a row, a quoted field, a CR LF, a
        # UTF-8 character or a run of quotes. Not drawn: Hypothesis leans to its
        # simplest choices (one run gave 3 bytes 33% and 7 bytes 6%, with
        # `integers() % 6` too); the export's checksum spreads them evenly and is
        # still the same for the same export, as shrinking needs.
        "block": BLOCKS[zlib.crc32(data) % len(BLOCKS)],
    }


def _json_value(draw: st.DrawFn, column: str, cell: str, counts: set[str], required: Any) -> Any:
    """The JSON value for a CSV cell: a number for a count, null or no key for a blank."""
    if cell == "" and column not in required:
        return draw(st.sampled_from([_ABSENT, None]))
    if column in counts and cell:
        try:
            return float(cell) if "." in cell else int(cell)
        except ValueError:
            return cell  # not a number: a string where a number is due
    return cell


_ABSENT = object()  # the key is left out
JSON_FAULTS = {
    1: "a number for a string",
    2: "a string for a number",
    3: "null for a required key",
    4: "an unknown key",
    5: "a key given twice",
    6: "invalid JSON",
    7: "two objects on a line",
    8: "a blank line",
    9: "not an object",
    10: "a tab inside a string",
}


@st.composite
def jsonl_exports(draw: st.DrawFn, kind: str = "oc") -> dict[str, Any]:
    """A JSON Lines export's bytes, the week to build and whether a list is used."""
    columns, required, reference, free_text, rows, bad = KINDS[kind]
    counts = {"attachment_count", "duration_minutes"}
    week = draw(st.sampled_from(WEEKS))
    start = ReportingPeriod.from_iso_week(week).start
    clean = draw(st.booleans())
    order = draw(st.permutations(columns))
    kept = [c for c in order if c in required or draw(st.integers(0, 3))]
    ascii_only = draw(st.booleans())  # `\u00e9` escapes, as json.dumps writes by default
    separators = draw(st.sampled_from([(",", ":"), (", ", ": ")]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    lines: list[str] = []
    count = draw(st.integers(0, 25))
    drawn: set[str] = set()
    ids: set[str] = set()
    for index in range(count):
        row = draw(rows(start, clean, index))
        drawn |= _drawn(row, kept, bad)
        if row[reference] in ids:
            drawn.add("a repeated reference")
        ids.add(row[reference])
        obj = {c: _json_value(draw, c, row[c], counts, required) for c in kept}
        obj = {c: v for c, v in obj.items() if v is not _ABSENT}
        fault = 0 if clean else draw(st.integers(0, 20))
        if fault in JSON_FAULTS:
            drawn.add(JSON_FAULTS[fault])
        text = json.dumps(obj, ensure_ascii=ascii_only, separators=separators)
        if fault == 1:
            obj[required[0]] = 5
        elif fault == 2:
            obj[sorted(counts & set(csv_columns_of(kind)))[0]] = "3"
        elif fault == 3:
            obj[required[1]] = None
        elif fault == 4:
            obj[f"{MARK}_key"] = "x"
        if fault in {1, 2, 3, 4}:
            text = json.dumps(obj, ensure_ascii=ascii_only, separators=separators)
        elif fault == 5:
            text = text[:-1] + f'{separators[0]}"{required[1]}":"{MARK}"}}'
        elif fault == 6:
            text = text[:-1] + ",}"
        elif fault == 7:
            text = text + text
        elif fault == 8:
            text = draw(st.sampled_from(["", "  ", "\t"]))
        elif fault == 9:
            text = json.dumps([MARK])
        elif fault == 10:
            obj[free_text] = "a\tb"
            text = json.dumps(obj, ensure_ascii=ascii_only, separators=separators)
            text = text.replace("\\t", "\t")
        lines.append(text)
    data = newline.join(lines).encode()
    if lines and draw(st.integers(0, 9)):
        data += newline.encode()  # now and then no line end after the last line
    if draw(st.integers(0, 3)) == 0:
        data = b"\xef\xbb\xbf" + data
    return {
        "kind": kind,
        "suffix": ".jsonl",
        "data": data,
        "week": week,
        "listed": draw(st.integers(0, 4)) > 0,
        "clean": clean,
        "drawn": sorted(drawn),
        "block": BLOCKS[zlib.crc32(data) % len(BLOCKS)],
    }


def csv_columns_of(kind: str) -> tuple[str, ...]:
    """The event type's columns (and JSON keys)."""
    return tuple(KINDS[kind][0])
