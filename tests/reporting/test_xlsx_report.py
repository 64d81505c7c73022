"""The Excel submission report reader and writer, on generated workbooks.

The layout (labels, outcome words) is the national profile's, provisional: the
reader must find it on any sheet, under title rows, among extra columns and
blank rows, in any column order, and refuse clearly what it cannot read.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gponline_sdk.models import DataType, ReportingPeriod
from gponline_sdk.national import active_profile
from gponline_sdk.reporting.reports import (
    ReportNotUnderstood,
    SubmissionOutcome,
    SubmissionReport,
    read_xlsx_report,
    write_xlsx_report,
)
from gponline_sdk.reporting.reports import xlsx as xlsx_module
from gponline_sdk.reporting.validate import (
    FileRejection,
    ReasonCode,
    ReasonCount,
    RecordRejection,
    ValidationReport,
)

LAYOUT: dict[str, Any] = active_profile().value("report.layout")
FILE_LABELS: dict[str, str] = LAYOUT["file_columns"]
RECORD_LABELS: dict[str, str] = LAYOUT["record_columns"]
CANARY = "9990000018"  # shaped like an NHS number: must never appear in a message


def _save(path: Path, sheets: Sequence[tuple[str, list[list[Any]]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _file_row(**values: str) -> list[str]:
    return [values.get(key, "") for key in FILE_LABELS]


def test_what_the_writer_writes_the_reader_reads(tmp_path: Path) -> None:
    period = ReportingPeriod.from_iso_week("2026-W47")
    validation = ValidationReport(
        source="ACME_oc_record_2026-W47.json",
        data_type=DataType.OC_RECORD,
        period=period,
        rejected=False,
        records_total=5,
        records_accepted=3,
        records_rejected=2,
        rejection_counts=(ReasonCount(reason=ReasonCode.PRACTICE_NOT_PARTICIPATING, count=2),),
        record_rejections=tuple(
            RecordRejection(
                index=i,
                record_id=f"p{i}",
                reason=ReasonCode.PRACTICE_NOT_PARTICIPATING,
                message="practice is not on the participation list",
                location=f"$.records[{i}]",
            )
            for i in (1, 3)
        ),
    )
    now = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
    report = SubmissionReport(
        message_id="MSG1",
        local_id="L1",
        file_name="ACME_oc_record_2026-W47.json",
        received_at=now,
        processed_at=now,
        outcome=SubmissionOutcome.ACCEPTED,
        validation=validation,
    )
    target = tmp_path / "r.xlsx"
    write_xlsx_report(report, target)
    parsed = read_xlsx_report(target)
    (row,) = parsed.files
    assert (row.file_name, row.message_id, row.local_id) == (report.file_name, "MSG1", "L1")
    assert row.outcome is SubmissionOutcome.ACCEPTED
    assert row.week == "2026-W47"
    assert [r.record_id for r in parsed.records] == ["p1", "p3"]
    assert parsed.reasons(row) == ["2 record(s): practice is not on the participation list"]


def test_a_rejected_file_keeps_its_reasons(tmp_path: Path) -> None:
    validation = ValidationReport(
        rejected=True,
        file_rejections=(
            FileRejection(reason=ReasonCode.MULTIPLE_PERIODS, message="more than one period"),
            FileRejection(reason=ReasonCode.PERIOD_TOO_LONG, message="longer than seven days"),
        ),
        records_total=4,
        records_accepted=0,
        records_rejected=0,
    )
    now = datetime(2026, 11, 23, tzinfo=timezone.utc)
    report = SubmissionReport(
        message_id="M",
        file_name="=HYPERLINK(1)",  # a hostile name is written as text, never a formula
        received_at=now,
        processed_at=now,
        outcome=SubmissionOutcome.REJECTED,
        validation=validation,
    )
    buffer = io.BytesIO()
    write_xlsx_report(report, buffer)
    (tmp_path / "r.xlsx").write_bytes(buffer.getvalue())
    (row,) = read_xlsx_report(tmp_path / "r.xlsx").files
    assert row.file_name == "=HYPERLINK(1)"
    assert row.outcome is SubmissionOutcome.REJECTED
    assert row.reasons == ("more than one period", "longer than seven days")


def test_tables_are_found_among_extra_sheets_title_rows_blank_rows_and_columns(
    tmp_path: Path,
) -> None:
    labels = [f"  {label.upper()} " for label in FILE_LABELS.values()]  # case and spaces
    files: list[list[Any]] = [
        ["NHS England OC/VC submission report"],
        [],
        ["Generated", "2026-11-23"],
        [None],
        ["Notes", *labels, "Extra column"],
        ["", *_file_row(file_name="a.json", outcome="Processed", local_id="L9"), "x"],
        [],
        ["", *_file_row(file_name="b.json", outcome="FILE REJECTED", reason="bad period"), ""],
    ]
    records = [
        ["Record rejections"],
        list(reversed(list(RECORD_LABELS.values()))),
        ["bad value", "p7", "3", "a.json"],
        [],
        ["unknown practice", "p8", "4", "a.json"],
    ]
    path = _save(
        tmp_path / "r.xlsx",
        [("Cover", [["Thank you"], [1, 2, 3]]), ("Files", files), ("Detail", records)],
    )
    parsed = read_xlsx_report(path)
    assert [(f.file_name, f.outcome) for f in parsed.files] == [
        ("a.json", SubmissionOutcome.ACCEPTED),
        ("b.json", SubmissionOutcome.REJECTED),
    ]
    assert parsed.files[0].local_id == "L9"
    assert parsed.files[1].reasons == ("bad period",)
    assert [(r.record_id, r.record, r.reason) for r in parsed.records] == [
        ("p7", "3", "bad value"),
        ("p8", "4", "unknown practice"),
    ]
    assert parsed.reasons(parsed.files[1]) == ["file: bad period"]


_WORDS = {
    SubmissionOutcome.ACCEPTED: LAYOUT["outcomes"]["accepted"],
    SubmissionOutcome.REJECTED: LAYOUT["outcomes"]["rejected"],
}
_names = st.from_regex(r"[A-Za-z0-9_]{1,12}\.(json|csv|xml)", fullmatch=True)
_rows = st.lists(
    st.tuples(_names, st.sampled_from(sorted(_WORDS, key=lambda o: o.value)), st.data()),
    min_size=1,
    max_size=5,
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    order=st.permutations(list(FILE_LABELS)),
    extra=st.lists(st.sampled_from(["Supplier", "Comment", "Count", ""]), max_size=3),
    title_rows=st.integers(0, 3),
    sheets_before=st.integers(0, 2),
    blank_every=st.integers(1, 4),
    rows=_rows,
)
def test_any_column_order_and_padding_reads_the_same(
    tmp_path_factory: pytest.TempPathFactory,
    order: list[str],
    extra: list[str],
    title_rows: int,
    sheets_before: int,
    blank_every: int,
    rows: list[tuple[str, SubmissionOutcome, st.DataObject]],
) -> None:
    header = [FILE_LABELS[k] for k in order] + extra
    body: list[list[Any]] = [[f"title {i}"] for i in range(title_rows)] + [header]
    expected = []
    for n, (name, outcome, data) in enumerate(rows):
        word = data.draw(st.sampled_from(_WORDS[outcome]))
        word = data.draw(st.sampled_from([word, word.upper(), f" {word.title()} "]))
        values = {"file_name": name, "outcome": word, "message_id": f"M{n}"}
        body.append([values.get(k, "") for k in order] + ["junk"] * len(extra))
        if n % blank_every == 0:
            body.append([])
        expected.append((name, outcome, f"M{n}"))
    sheets = [(f"S{i}", [["nothing here"]]) for i in range(sheets_before)]
    path = _save(tmp_path_factory.mktemp("x") / "r.xlsx", [*sheets, ("Report", body)])
    parsed = read_xlsx_report(path)
    assert [(f.file_name, f.outcome, f.message_id) for f in parsed.files] == expected


def test_a_workbook_without_the_layout_is_not_understood(tmp_path: Path) -> None:
    path = _save(tmp_path / "r.xlsx", [("Sheet1", [["Filename", "Status"], ["a.json", "OK"]])])
    with pytest.raises(ReportNotUnderstood, match="no file table") as caught:
        read_xlsx_report(path)
    assert "File name" in str(caught.value)  # names the labels it looked for


def test_an_unknown_outcome_word_names_sheet_and_cell_not_the_value(tmp_path: Path) -> None:
    header = list(FILE_LABELS.values())
    row = _file_row(file_name="a.json", outcome=CANARY)
    path = _save(tmp_path / "r.xlsx", [("Files", [["Title"], header, row])])
    with pytest.raises(ReportNotUnderstood) as caught:
        read_xlsx_report(path)
    column = openpyxl.utils.get_column_letter(list(FILE_LABELS).index("outcome") + 1)
    assert f"sheet 'Files' cell {column}3" in str(caught.value)
    assert "not an outcome word" in str(caught.value)
    assert CANARY not in str(caught.value)


def test_a_record_row_without_a_reason_is_not_understood_and_not_echoed(tmp_path: Path) -> None:
    files = [list(FILE_LABELS.values()), _file_row(file_name="a.json", outcome="accepted")]
    records = [list(RECORD_LABELS.values()), ["a.json", "1", CANARY, ""]]
    path = _save(tmp_path / "r.xlsx", [("F", files), ("R", records)])
    with pytest.raises(ReportNotUnderstood, match="without 'Reason'") as caught:
        read_xlsx_report(path)
    assert CANARY not in str(caught.value)


def test_not_a_workbook_is_not_understood(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(b'{"message_id": "M1"}')  # the SDK's old JSON report
    with pytest.raises(ReportNotUnderstood, match="not an Excel"):
        read_xlsx_report(path)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "a zip, not a workbook")
    with pytest.raises(ReportNotUnderstood, match="not an Excel workbook"):
        read_xlsx_report(path)


def test_a_file_over_the_size_cap_is_not_opened(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    with path.open("wb") as fh:
        fh.truncate(xlsx_module.MAX_REPORT_BYTES + 1)  # sparse: no disk used
    with pytest.raises(ReportNotUnderstood, match="larger than"):
        read_xlsx_report(path)


def test_a_workbook_unpacking_too_big_is_not_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _save(tmp_path / "r.xlsx", [("F", [list(FILE_LABELS.values())])])
    monkeypatch.setattr(xlsx_module, "_MAX_UNPACKED", 1000)
    with pytest.raises(ReportNotUnderstood, match="unpacks to more"):
        read_xlsx_report(path)


def test_rows_read_are_capped_whatever_the_sheet_claims(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(FILE_LABELS.values()))
    sheet.cell(row=1_048_576, column=1, value="far away")  # a sparse, huge sheet
    book.save(tmp_path / "r.xlsx")
    monkeypatch.setattr(xlsx_module, "_MAX_ROWS", 500)
    with pytest.raises(ReportNotUnderstood, match="more than 500 rows"):
        read_xlsx_report(tmp_path / "r.xlsx")


@pytest.mark.parametrize(
    ("text", "week"),
    [
        ("2026-W47", "2026-W47"),
        ("2026-11-16 to 2026-11-22", "2026-W47"),
        ("18/11/2026", "2026-W47"),
        ("week 47", None),
        ("2026-W60", None),
    ],
)
def test_the_period_is_read_as_a_week(text: str, week: str | None) -> None:
    assert xlsx_module.week_of(text) == week


def test_a_layout_from_another_profile_is_followed(tmp_path: Path) -> None:
    layout = {
        "file_columns": {"file_name": "Bestand", "outcome": "Uitslag", "reason": "Reden"},
        "record_columns": {"record": "Regel", "reason": "Reden"},
        "outcomes": {"accepted": ["goed"], "rejected": ["fout"]},
    }
    rows = [["Uitslag", "Bestand", "Reden"], ["GOED", "a.json", ""], ["fout", "b.json", "x"]]
    path = _save(tmp_path / "r.xlsx", [("Blad1", rows)])
    parsed = read_xlsx_report(path, layout=layout)
    assert [f.outcome for f in parsed.files] == [
        SubmissionOutcome.ACCEPTED,
        SubmissionOutcome.REJECTED,
    ]
    with pytest.raises(ReportNotUnderstood):
        read_xlsx_report(path)  # the shipped profile's labels are not there
