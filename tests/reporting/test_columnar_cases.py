"""Fixed cases for the columnar weekly build: each the row path's outcome, and run columnar.

The property (`test_columnar_parity.py`) would pass if the columnar path always
handed its input back to the row path; these cases pin what it builds itself
(clean files, every output format, VC, JSON Lines, repeated IDs, bad rows up to
the cap) and what it hands back, with the debug line that says why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _columnar_exports import MARK
from _columnar_runs import GENERATED, KEY, SUPPLIER, both

from gponline_sdk.errors import ConfigError
from gponline_sdk.models.schedule import ReportingPeriod
from gponline_sdk.models.usage import DataType
from gponline_sdk.reporting.anonymise import Anonymiser
from gponline_sdk.reporting.formats import Format
from gponline_sdk.reporting.weekly import build_week


def test_a_clean_export_is_built_columnar_not_handed_back() -> None:
    # The property would pass if the columnar path always fell back.
    text = (
        "event_id,practice_code,submitted_at,category,description\n"
        'R1,A81001,2026-11-16T09:30:00Z,ask_question,"a, ""b""\nc"\n'
        "R2,C83004,2026-11-17T19:30:00+01:00,follow_up,\n"
        "R3,A81002,2026-11-30T09:30:00Z,follow_up,\n"
    )
    export = {"data": text.encode(), "week": "2026-W47", "listed": True, "clean": True}
    row, columnar, fallbacks = both(export)
    assert fallbacks == []
    assert columnar == row
    assert row[0] == "built"
    assert row[3] == 1  # R3 is outside the week


HEAD = b"event_id,practice_code,submitted_at,category,description\n"
GOOD = b"R1,A81001,2026-11-16T09:30:00Z,ask_question,"


@pytest.mark.parametrize(
    ("data", "why"),
    [
        # Valid, but written back in the row path's own form.
        (HEAD + b"R1,A81001,2026-11-16T09:30:00.250+00:00,ask_question,\n", "submitted_at"),
        # Unread text both readers read alike, which the guard cannot tell from a fault.
        (HEAD + GOOD + b'ab"c\n', "quote"),
        (HEAD + GOOD + b'"one\rtwo"\n', "carriage return"),
    ],
)
def test_what_the_columnar_path_hands_back_it_says_in_a_debug_line(data: bytes, why: str) -> None:
    export = {"data": data, "week": "2026-W47", "listed": True, "clean": False}
    row, columnar, fallbacks = both(export)
    assert columnar == row
    assert row[0] == "built"
    assert len(fallbacks) == 1
    assert why in fallbacks[0]


@pytest.mark.parametrize("fmt", list(Format))
@pytest.mark.parametrize("block", [64, 1 << 20])
def test_repeated_record_ids_are_reported_on_the_columnar_path(fmt: Format, block: int) -> None:
    # 1,100 repeats of three IDs among 1,300 records: the report counts them all and
    # details the first 1,000, at the locations a reader of the written file gives.
    lines = [
        b"R%d,A81001,2026-11-16T09:30:00Z,ask_question,\n" % (i % 3 if i % 13 else i)
        for i in range(1300)
    ]
    export = {
        "data": HEAD + b"".join(lines),
        "week": "2026-W47",
        "listed": True,
        "clean": True,
        "block": block,
        "fmt": fmt,
    }
    row, columnar, fallbacks = both(export)
    assert fallbacks == []
    assert columnar == row
    report = row[1][0][5]
    assert report.records_rejected > 1000
    assert len(report.record_rejections) == 1000
    assert not row[5]  # not clean: the week is not queued


@pytest.mark.parametrize("block", [5, 64, 1 << 20])
@pytest.mark.parametrize(
    ("data", "problems"),
    [
        (
            HEAD + b"R1,A81001,2026-11-16,ask_question,\n" + GOOD + b"\n",
            [("oc_events.csv:2:submitted_at", "")],
        ),
        (
            HEAD + GOOD + b'"a\nb"\n' + b"R2,A81001,2026-11-16T09:30:00Z\n" + GOOD + b"\n",
            [("oc_events.csv:4", "row has 3 fields, the header has 5")],
        ),
        # Problems the row reader stops at, after those before them.
        (
            HEAD + b"R1,Qq,2026-11-16T09:30:00Z,ask_question,\n" + b'"R2"Qq,' + GOOD[3:] + b"\n",
            [("oc_events.csv:2:practice_code", ""), ("oc_events.csv:3", "malformed CSV")],
        ),
        (
            HEAD + GOOD + b"\r\n" + b"R2,A81001,2026-11-16T09:30:00Z,ask_Qq,\rx\n",
            [("oc_events.csv:3", "malformed CSV")],
        ),
    ],
)
def test_bad_rows_are_refused_on_the_columnar_path_as_on_the_row_path(
    data: bytes, problems: list[tuple[str, str]], block: int
) -> None:
    export = {"data": data, "week": "2026-W47", "listed": True, "clean": False, "block": block}
    row, columnar, fallbacks = both(export)
    assert fallbacks == []
    assert columnar == row
    assert row[0] == "error"
    assert [where for where, _ in row[3]] == [where for where, _ in problems]
    assert all(m.startswith(start) for (_, m), (_, start) in zip(row[3], problems, strict=True))
    assert MARK not in row[2]


@pytest.mark.parametrize("block", [64, 1 << 20])
def test_the_columnar_path_stops_at_the_row_readers_cap(block: int) -> None:
    # 150 bad rows, one of them split over three lines: the first 100 problems and a
    # last line saying the read stopped, at the same lines.
    rows_ = [b"R%d,Qq%d,2026-11-16T09:30:00Z,ask_question,\n" % (i, i) for i in range(150)]
    rows_[10] = b'R10,Qq10,2026-11-16T09:30:00Z,ask_question,"a\nb\nc"\n'
    export = {
        "data": HEAD + b"".join(rows_),
        "week": "2026-W47",
        "listed": False,
        "clean": False,
        "block": block,
    }
    row, columnar, fallbacks = both(export)
    assert fallbacks == []
    assert columnar == row
    assert len(row[3]) == 101
    assert row[3][11][0] == "oc_events.csv:15:practice_code"
    assert row[3][-1][1] == "stopped reading after 100 problems"


def test_the_columnar_engine_without_pyarrow_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("gponline_sdk.reporting.weekly.available", lambda: False)
    events = tmp_path / "oc.csv"
    events.write_text("event_id,practice_code,submitted_at,category\n", encoding="utf-8")
    kwargs: dict[str, Any] = {
        "supplier_id": SUPPLIER,
        "period": ReportingPeriod.from_iso_week("2026-W47"),
        "anonymiser": Anonymiser(KEY, SUPPLIER),
        "participation": None,
        "oc_events": events,
        "generated_at": GENERATED,
    }
    with pytest.raises(ConfigError, match=r"gponline-sdk\[columnar\]"):
        build_week(out_dir=tmp_path / "a", engine="columnar", **kwargs)
    # `auto` quietly takes the row path.
    assert build_week(out_dir=tmp_path / "b", engine="auto", **kwargs).files


@pytest.mark.parametrize("fmt", list(Format))
@pytest.mark.parametrize("listed", [True, False])
def test_every_output_format_is_built_columnar(fmt: Format, listed: bool) -> None:
    # With the participation list, no event is kept: a CSV week then has no files at all.
    text = (
        "event_id,practice_code,submitted_at,category,attachment_count\n"
        "R1,C83004,2026-11-16T09:30:00Z,ask_question,2\n"
        "R2,C83004,2026-11-17T19:30:00+01:00,follow_up,\n"
    )
    export = {"data": text.encode(), "week": "2026-W47", "listed": listed, "fmt": fmt}
    row, columnar, fallbacks = both(export)
    assert fallbacks == []
    assert columnar == row
    assert row[0] == "built"
    names = [f[0] for f in row[1]]
    if listed and fmt is Format.CSV:
        assert names == []
        assert row[4] == [DataType.OC_RECORD, DataType.OC_AGGREGATE]
    else:
        assert len(names) == 2
        assert all(n.endswith(f".{fmt.value}") for n in names)


VC_HEAD = b"session_id,practice_code,scheduled_start,status,duration_minutes,patient_name\n"


@pytest.mark.parametrize("fmt", list(Format))
@pytest.mark.parametrize("listed", [True, False])
def test_vc_events_are_built_columnar(fmt: Format, listed: bool) -> None:
    # A null duration is `null` in JSON, an empty cell in CSV, no element in XML; a
    # completed session without one adds no minutes; one at 23:30 UTC in summer counts
    # on the next London day.
    text = (
        VC_HEAD
        + b"S1,A81001,2026-11-16T09:30:00Z,completed,0015,\n"
        + b"S2,A81001,2026-11-16T10:30:00+05:30,completed,,\n"
        + b'S3,A81002,2026-11-17T19:30:00+01:00,cancelled,30,"Jo, ""B"""\n'
        + b"S4,C83004,2026-11-18T09:30:00Z,scheduled,,\n"
        + b"S1,A81001,2026-11-19T09:30:00Z,did_not_attend,,\n"
    )
    export = {"kind": "vc", "data": text, "week": "2026-W47", "listed": listed, "fmt": fmt}
    row, columnar, fallbacks = both(export)
    assert fallbacks == []
    assert columnar == row
    assert row[0] == "built"
    names = [f[0] for f in row[1]]
    assert names == [
        f"ACME-OC_vc_record_2026-W47.{fmt.value}",
        f"ACME-OC_vc_aggregate_2026-W47.{fmt.value}",
    ]
    assert row[1][0][5].records_rejected == 1  # S1 again


def test_bad_vc_rows_are_refused_on_the_columnar_path() -> None:
    text = (
        VC_HEAD
        + b"S1,A81001,2026-11-16T09:30:00Z,Qq,15,\n"
        + b"S2,A81001,2026-11-16T09:30:00Z,completed,1441,\n"
    )
    export = {"kind": "vc", "data": text, "week": "2026-W47", "listed": True, "block": 16}
    row, columnar, fallbacks = both(export)
    assert fallbacks == []
    assert columnar == row
    assert [where for where, _ in row[3]] == [
        "vc_events.csv:2:status",
        "vc_events.csv:3:duration_minutes",
    ]


JSONL_GOOD = (
    b'{"event_id":"R1","practice_code":"A81001","submitted_at":"2026-11-16T09:30:00Z",'
    b'"category":"ask_question","attachment_count":2,"patient_name":"Jos\\u00e9"}'
)


@pytest.mark.parametrize("fmt", list(Format))
def test_jsonl_events_are_built_columnar(fmt: Format) -> None:
    # A BOM, CR LF, a blank line, null and absent optional keys, a number in an
    # identifier column (never read), no line end after the last line.
    data = (
        b"\xef\xbb\xbf"
        + JSONL_GOOD
        + b"\r\n\r\n"
        + b'{"event_id":"R2","practice_code":"A81002","submitted_at":"2026-11-17T19:30:00+01:00",'
        + b'"category":"follow_up","requester_role":null,"nhs_number":9434765919}\r\n'
        + b'{"event_id":"R1","practice_code":"A81001","submitted_at":"2026-11-18T09:30:00Z",'
        + b'"category":"follow_up","coded_request_type":"clinical"}'
    )
    export = {"data": data, "suffix": ".jsonl", "week": "2026-W47", "listed": True, "fmt": fmt}
    row, columnar, fallbacks = both(export)
    assert fallbacks == []
    assert columnar == row
    assert row[0] == "built"
    assert row[1][0][5].records_rejected == 1  # R1 again


def test_bad_jsonl_lines_are_refused_on_the_columnar_path() -> None:
    data = b"\n".join(
        [
            JSONL_GOOD,
            JSONL_GOOD + JSONL_GOOD,  # two objects on a line
            JSONL_GOOD.replace(b'"A81001"', b"null"),
            JSONL_GOOD.replace(b'"attachment_count":2', b'"attachment_count":"2"'),
            JSONL_GOOD.replace(b'"ask_question"', b'"Qq"'),
            JSONL_GOOD.replace(b"}", b',"Qq":1}'),
            b"[1]",
            JSONL_GOOD,
        ]
    )
    export = {"data": data, "suffix": ".jsonl", "week": "2026-W47", "listed": True, "block": 64}
    row, columnar, fallbacks = both(export)
    assert fallbacks == []
    assert columnar == row
    assert [where for where, _ in row[3]] == [
        "oc_events.jsonl:2",
        "oc_events.jsonl:3:practice_code",
        "oc_events.jsonl:4:attachment_count",
        "oc_events.jsonl:5:category",
        "oc_events.jsonl:6",
        "oc_events.jsonl:7",
    ]
    assert MARK not in row[2]


def test_a_blank_line_does_not_hide_two_objects_on_another_line() -> None:
    # One block: a blank line and a line with two objects, so Arrow's rows equal the
    # block's lines; the row reader refuses the doubled line, and so must the columnar path.
    data = b"\n".join([JSONL_GOOD, b"", JSONL_GOOD + JSONL_GOOD, JSONL_GOOD]) + b"\n"
    export = {"data": data, "suffix": ".jsonl", "week": "2026-W47", "listed": True}
    row, columnar, _ = both(export)
    assert columnar == row
    assert [where for where, _ in row[3]] == ["oc_events.jsonl:3"]
