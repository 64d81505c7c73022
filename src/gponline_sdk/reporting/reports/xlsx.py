"""Read and write Excel (.xlsx) submission reports, by the national profile's layout.

NHS England returns its submission report as an Excel file (confirmed); the
sheets, column labels and outcome words are not published, so they come from
the profile's `report.layout` (provisional). The reader finds the file table
and the record table by their header rows, on any sheet: a header row is a row
holding every label of that table (case and spaces ignored), anywhere in the
row. Title rows above it, blank rows, extra columns and extra sheets are
skipped. Anything else it cannot read as the layout says (no file table, a
file row without an outcome word) raises `ReportNotUnderstood`, naming sheet
and cell, never the cell's value (it could be an identifier).

Reports come from outside, so the reader is guarded: the file size, the
workbook's unpacked size and number of parts, the sheets, and the rows and
columns read are capped (openpyxl's read-only mode streams rows, and a sheet's
declared dimensions are not trusted).

The writer (for the reference collector) writes the same provisional layout.
"""

from __future__ import annotations

import os
import re
import warnings
import zipfile
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from gponline_sdk.models import ReportingPeriod
from gponline_sdk.national import active_profile
from gponline_sdk.reporting.reports.model import (
    ExcelReport,
    FileResult,
    RecordResult,
    ReportNotUnderstood,
    SubmissionOutcome,
    SubmissionReport,
)

__all__ = ["MAX_REPORT_BYTES", "read_xlsx_report", "write_xlsx_report"]

MAX_REPORT_BYTES = 32 * 1024 * 1024
"""The largest report file read (bytes)."""
_MAX_UNPACKED = 256 * 1024 * 1024  # sum of the workbook's parts, unpacked
_MAX_PARTS = 2000
_MAX_SHEETS = 50
_MAX_ROWS = 200_000  # rows read over all sheets, blank ones included
_MAX_COLS = 200
_MAX_ID = 100
_MAX_NAME = 300
_MAX_REASON = 1000

_ISO_WEEK = re.compile(r"(\d{4})-?W(\d{1,2})\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_UK_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def _layout(layout: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return layout if layout is not None else active_profile().value("report.layout")


def read_xlsx_report(
    path: str | os.PathLike[str], *, layout: Mapping[str, Any] | None = None
) -> ExcelReport:
    """Read an Excel submission report.

    Args:
        path: The .xlsx file.
        layout: A `report.layout` value; default: the active national profile's.

    Raises:
        ReportNotUnderstood: the file is too big, not a workbook, holds no file
            table, or a row breaks the layout (the error names sheet and cell).
    """
    file = Path(path)
    _check_container(file)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it ignores anyway
            book = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds; all mean "not a workbook"
        raise ReportNotUnderstood(
            str(file), "workbook", f"not an Excel workbook ({type(exc).__name__})"
        ) from None
    reader = _Reader(_layout(layout), str(file))
    try:
        sheets = book.worksheets
        if len(sheets) > _MAX_SHEETS:
            raise reader.fail("workbook", f"more than {_MAX_SHEETS} sheets")
        for sheet in sheets:
            reader.sheet(sheet)
    except ReportNotUnderstood:
        raise
    except Exception as exc:  # noqa: BLE001 - a malformed sheet part: say which kind, not content
        raise reader.fail("workbook", f"a sheet cannot be read ({type(exc).__name__})") from None
    finally:
        book.close()
    if not reader.files:
        labels = ", ".join(repr(v) for v in reader.file_labels.values())
        raise reader.fail("workbook", f"no file table: no row holds the column labels {labels}")
    return ExcelReport(files=tuple(reader.files), records=tuple(reader.records))


def _check_container(file: Path) -> None:
    try:
        size = file.stat().st_size
    except OSError as exc:
        raise ReportNotUnderstood(str(file), "file", f"cannot read it ({exc.strerror})") from None
    if size > MAX_REPORT_BYTES:
        raise ReportNotUnderstood(
            str(file), "file", f"{size} bytes: larger than the {MAX_REPORT_BYTES}-byte cap"
        )
    try:
        with zipfile.ZipFile(file) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise ReportNotUnderstood(str(file), "file", "not an Excel (.xlsx) file") from None
    if len(parts) > _MAX_PARTS or sum(p.file_size for p in parts) > _MAX_UNPACKED:
        raise ReportNotUnderstood(
            str(file), "file", "the workbook unpacks to more than the SDK reads (parts or size)"
        )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        midnight = value.time() == datetime.min.time()
        return value.date().isoformat() if midnight else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def week_of(period: str) -> str | None:
    """The ISO week a report's period text falls in (`2026-W47`, a date, a date range)."""
    try:
        found = _ISO_WEEK.search(period)
        if found:
            return ReportingPeriod.from_iso_week(f"{found[1]}-W{int(found[2]):02d}").iso_week
        iso = _ISO_DATE.search(period)
        if iso:
            day = date(int(iso[1]), int(iso[2]), int(iso[3]))
            return ReportingPeriod.containing(day).iso_week
        uk = _UK_DATE.search(period)
        if uk:
            day = date(int(uk[3]), int(uk[2]), int(uk[1]))
            return ReportingPeriod.containing(day).iso_week
    except ValueError:
        return None
    return None


class _Reader:
    """Walks sheets row by row, switching table at each header row."""

    def __init__(self, layout: Mapping[str, Any], path: str) -> None:
        self.path = path
        self.file_labels: dict[str, str] = dict(layout["file_columns"])
        self.record_labels: dict[str, str] = dict(layout["record_columns"])
        self.words = {
            _norm(w): outcome
            for outcome, key in (
                (SubmissionOutcome.ACCEPTED, "accepted"),
                (SubmissionOutcome.REJECTED, "rejected"),
            )
            for w in layout["outcomes"][key]
        }
        self.files: list[FileResult] = []
        self.records: list[RecordResult] = []
        self.rows_left = _MAX_ROWS

    def fail(self, where: str, message: str) -> ReportNotUnderstood:
        return ReportNotUnderstood(self.path, where, message)

    def sheet(self, sheet: Any) -> None:
        title = str(getattr(sheet, "title", "?"))[:40]
        table: tuple[str, dict[str, int]] | None = None
        rows = sheet.iter_rows(max_row=self.rows_left + 1, max_col=_MAX_COLS, values_only=True)
        for number, row in enumerate(rows, start=1):
            self.rows_left -= 1
            if self.rows_left < 0:
                raise self.fail(f"sheet {title!r}", f"more than {_MAX_ROWS} rows in the workbook")
            cells = [_text(c) for c in row]
            if not any(cells):
                continue  # blank rows are layout, not data
            header = self._header(cells)
            if header is not None:
                table = header
            elif table is not None:
                where = (title, number)
                if table[0] == "file":
                    self._file_row(cells, table[1], where)
                else:
                    self._record_row(cells, table[1], where)

    def _header(self, cells: list[str]) -> tuple[str, dict[str, int]] | None:
        seen: dict[str, int] = {}
        for index, cell in enumerate(cells):
            seen.setdefault(_norm(cell), index)
        for kind, labels in (("file", self.file_labels), ("record", self.record_labels)):
            if all(_norm(label) in seen for label in labels.values()):
                return kind, {key: seen[_norm(label)] for key, label in labels.items()}
        return None

    def _cell(
        self, cells: list[str], cols: dict[str, int], key: str, where: tuple[str, int], cap: int
    ) -> str:
        if key not in cols:
            return ""
        value = cells[cols[key]] if cols[key] < len(cells) else ""
        if len(value) > cap:
            if key == "reason":
                return value[: cap - 3] + "..."
            raise self.fail(self._at(where, cols[key]), f"longer than {cap} characters")
        return value

    @staticmethod
    def _at(where: tuple[str, int], col: int) -> str:
        return f"sheet {where[0]!r} cell {get_column_letter(col + 1)}{where[1]}"

    def _file_row(self, cells: list[str], cols: dict[str, int], where: tuple[str, int]) -> None:
        get = {
            key: self._cell(cells, cols, key, where, cap)
            for key, cap in (
                ("file_name", _MAX_NAME),
                ("message_id", _MAX_ID),
                ("local_id", _MAX_ID),
                ("period", _MAX_ID),
                ("outcome", _MAX_ID),
                ("reason", _MAX_REASON),
            )
        }
        if not any(get.values()):
            return  # only extra columns filled: not a row of this table
        labels = self.file_labels
        if not get["file_name"]:
            where_name = self._at(where, cols["file_name"])
            raise self.fail(where_name, f"a file row without {labels['file_name']!r}")
        outcome = self.words.get(_norm(get["outcome"]))
        if outcome is None:
            words = ", ".join(sorted(self.words))
            raise self.fail(
                self._at(where, cols["outcome"]),
                f"{labels['outcome']!r} is not an outcome word of the layout ({words})",
            )
        reasons = tuple(line.strip() for line in get["reason"].splitlines() if line.strip())
        self.files.append(
            FileResult(
                file_name=get["file_name"],
                outcome=outcome,
                reasons=reasons,
                message_id=get["message_id"] or None,
                local_id=get["local_id"] or None,
                period=get["period"] or None,
                week=week_of(get["period"]) if get["period"] else None,
                where=f"sheet {where[0]!r} row {where[1]}",
            )
        )

    def _record_row(self, cells: list[str], cols: dict[str, int], where: tuple[str, int]) -> None:
        get = {
            key: self._cell(cells, cols, key, where, cap)
            for key, cap in (
                ("file_name", _MAX_NAME),
                ("record", _MAX_ID),
                ("record_id", _MAX_ID),
                ("reason", _MAX_REASON),
            )
        }
        if not any(get.values()):
            return
        if not get["reason"]:
            raise self.fail(
                self._at(where, cols["reason"]),
                f"a rejected record without {self.record_labels['reason']!r}",
            )
        self.records.append(
            RecordResult(
                file_name=get["file_name"] or None,
                record=get["record"] or None,
                record_id=get["record_id"] or None,
                reason=get["reason"],
                where=f"sheet {where[0]!r} row {where[1]}",
            )
        )


# -- writing (the reference collector) ---------------------------------------------------------


def _cells(sheet: Any, values: Iterable[str]) -> list[Any]:
    out = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        if value.startswith("="):
            cell.data_type = "s"  # text from a submitted file is never a formula
        out.append(cell)
    return out


def write_xlsx_report(
    report: SubmissionReport,
    target: str | os.PathLike[str] | IO[bytes],
    *,
    layout: Mapping[str, Any] | None = None,
) -> None:
    """Write a submission report as .xlsx in the profile's (provisional) layout.

    One sheet `Files` (a title row, then the file table) and one sheet
    `Records` (the record rejections listed in detail).
    """
    lay = _layout(layout)
    validation = report.validation
    period = validation.period
    accepted = report.outcome is SubmissionOutcome.ACCEPTED
    file_values = {
        "file_name": report.file_name,
        "message_id": report.message_id,
        "local_id": report.local_id or "",
        "period": f"{period.start} to {period.end}" if period else "",
        "outcome": lay["outcomes"]["accepted" if accepted else "rejected"][0],
        "reason": "\n".join(r.message for r in validation.file_rejections),
    }
    book = openpyxl.Workbook(write_only=True)
    files = book.create_sheet("Files")
    files.append(_cells(files, ["Submission report (provisional layout)"]))
    files.append([])
    files.append(_cells(files, lay["file_columns"].values()))
    files.append(_cells(files, (file_values.get(k, "") for k in lay["file_columns"])))
    records = book.create_sheet("Records")
    records.append(_cells(records, lay["record_columns"].values()))
    for rejection in validation.record_rejections:
        values = {
            "file_name": report.file_name,
            "record": rejection.location or str(rejection.index + 1),
            "record_id": rejection.record_id or "",
            "reason": rejection.message,
        }
        records.append(_cells(records, (values.get(k, "") for k in lay["record_columns"])))
    book.save(target)
