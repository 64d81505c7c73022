"""Reading supplier events from CSV and JSON Lines: streaming, clear errors that never leak."""

from __future__ import annotations

import codecs
import csv
import io
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path

import orjson
import pytest
from _event_strategies import installations, oc_events, vc_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gponline_sdk.errors import InputFileError
from gponline_sdk.models import (
    PracticeStatus,
    Product,
    RequesterRole,
    RequestType,
    VideoSessionStatus,
)
from gponline_sdk.reporting._textfile import MAX_LINE_BYTES
from gponline_sdk.reporting.event_io import (
    csv_columns,
    read_events,
    read_events_csv,
    read_events_jsonl,
)
from gponline_sdk.reporting.events import OcEvent, PracticeInstallation, VcEvent
from gponline_sdk.serde import unstructure

DATA = Path(__file__).with_name("data")
NHS = "9990000018"
WHEN = datetime(2026, 11, 16, 9, 30, tzinfo=timezone.utc)
OC_HEADER = "event_id,practice_code,submitted_at,category"


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _error(path: Path, kind: type = OcEvent, **kwargs: int) -> InputFileError:
    with pytest.raises(InputFileError) as caught:
        list(read_events(path, kind, **kwargs))
    assert caught.value.path == str(path)
    return caught.value


# --- CSV -------------------------------------------------------------------------------


def test_sample_csv_reads_with_every_column() -> None:
    events = list(read_events_csv(DATA / "oc_events.csv", OcEvent))
    assert [e.event_id for e in events] == ["REQ-0001", "REQ-0002", "REQ-0003"]
    first, second, third = events
    assert first.nhs_number == "9990000018"
    assert first.contact_phone == "07700 900123"
    assert second.requester_role is RequesterRole.PROXY
    assert second.description == "Fit note please,\nsecond line of the note"
    assert second.has_attachments
    assert third.nhs_number is None
    assert third.patient_name is None
    assert third.request_type is RequestType.CLINICAL


def test_bom_is_accepted_and_line_endings_do_not_matter(tmp_path: Path) -> None:
    text = f"{OC_HEADER}\r\nREQ-1,A81001,2026-11-16T09:30:00Z,ask_question\r\n"
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + text.encode())
    assert [e.event_id for e in read_events(path, OcEvent)] == ["REQ-1"]


def test_every_bad_row_is_reported_with_file_line_and_column(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "events.csv",
        f"{OC_HEADER},nhs_number,patient_name\n"
        "REQ-1,A81001,2026-11-16T09:30:00Z,ask_question,,\n"
        "REQ-2,9990000018,2026-11-16T09:30:00Z,ask_question,,Jo Bloggs\n"
        "REQ-3,A81001,2026-11-16T09:30:00,ask_question,,\n"
        "REQ-4,A81001,16/11/2026 09:30,Jo Bloggs,,\n"
        "REQ-5,A81001,2026-11-16T09:30:00Z,ask_question,9990000019,\n"
        ",A81001,2026-11-16T09:30:00Z,ask_question,,\n",
    )
    error = _error(path)
    assert [str(p) for p in error.problems] == [
        "events.csv:3:practice_code: not a GP practice ODS code (a letter and 5 digits)",
        "events.csv:4:submitted_at: date-time has no UTC offset; add Z or +HH:MM",
        "events.csv:5:submitted_at: not an ISO 8601 date-time (e.g. 2026-11-16T09:30:00+00:00)",
        (
            "events.csv:5:category: expected one of 'seek_health_advice', 'describe_symptoms',"
            " 'ask_question', 'follow_up', 'clinical_request', 'administrative_request'"
        ),
        "events.csv:6:nhs_number: not a valid NHS number (10 digits with a modulus 11 check)",
        "events.csv:7:event_id: required, but empty",
    ]
    for leaked in ("9990000018", "9990000019", "Jo Bloggs", "16/11/2026"):
        assert leaked not in str(error)


def test_good_rows_stream_before_the_error_is_raised(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "events.csv",
        f"{OC_HEADER}\nREQ-1,A81001,2026-11-16T09:30:00Z,ask_question\nREQ-2,bad,x,y\n",
    )
    stream = read_events(path, OcEvent)
    assert next(stream).event_id == "REQ-1"
    with pytest.raises(InputFileError, match=r"events\.csv:3:practice_code"):
        next(stream)


def test_model_rules_are_reported_per_column(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "events.csv",
        f"{OC_HEADER},contact_email\nREQ-1,A81001,2026-11-16T09:30:00Z,ask_question,jo-at-home\n",
    )
    assert str(_error(path).problems[0]) == "events.csv:2:contact_email: not an email address"


def test_problems_are_capped(tmp_path: Path) -> None:
    rows = "".join(f"REQ-{i},XX,2026-11-16T09:30:00Z,ask_question\n" for i in range(50))
    path = _write(tmp_path, "events.csv", f"{OC_HEADER}\n{rows}")
    error = _error(path, max_problems=5)
    assert len(error.problems) == 6
    assert error.problems[-1].message == "stopped reading after 5 problems"
    assert len(_error(path, max_problems=1).problems) == 1


def test_row_with_the_wrong_number_of_fields(tmp_path: Path) -> None:
    path = _write(tmp_path, "events.csv", f"{OC_HEADER}\nREQ-1,A81001,Jo Bloggs\n")
    error = _error(path)
    assert str(error.problems[0]) == "events.csv:2: row has 3 fields, the header has 4"
    assert "Bloggs" not in str(error)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            "event_id,practice_code,submitted_at",
            "events.csv:1: missing required column(s): category",
        ),
        (
            f"{OC_HEADER},submited_at",
            "events.csv:1: unknown column(s) at position 5; expected columns: event_id,",
        ),
        (f"{OC_HEADER},category", "events.csv:1: column(s) given more than once: category"),
    ],
)
def test_wrong_columns(tmp_path: Path, header: str, expected: str) -> None:
    path = _write(tmp_path, "events.csv", f"{header}\n")
    assert str(_error(path).problems[0]).startswith(expected)


def test_missing_header_row_does_not_echo_the_first_row(tmp_path: Path) -> None:
    path = _write(tmp_path, "events.csv", "REQ-1,A81001,2026-11-16T09:30:00Z,Jo Bloggs\n")
    error = _error(path)
    assert "is the header row missing?" in str(error)
    assert "Bloggs" not in str(error)


def test_empty_file(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "events.csv", ""))
    assert str(error.problems[0]) == "events.csv:1: the file is empty: expected a header row"


def test_latin1_file_names_the_line(tmp_path: Path) -> None:
    text = f"{OC_HEADER},patient_name\nREQ-1,A81001,2026-11-16T09:30:00Z,ask_question,Zoe\n"
    text += "REQ-2,A81001,2026-11-16T09:30:00Z,ask_question,Zoë Brontë\n"
    error = _error(_write(tmp_path, "events.csv", text, "latin-1"))
    assert len(error.problems) == 1
    assert str(error.problems[0]).startswith("events.csv:3: not UTF-8 (byte 0xEB")
    assert "Bront" not in str(error)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_file_is_refused(tmp_path: Path, encoding: str) -> None:
    text = f"{OC_HEADER}\nREQ-1,A81001,2026-11-16T09:30:00Z,ask_question\n"
    error = _error(_write(tmp_path, "events.csv", text, encoding))
    assert error.problems[0].location == "events.csv:1"
    assert "UTF-16" in error.problems[0].message


def test_unclosed_quote_is_malformed_csv(tmp_path: Path) -> None:
    path = _write(tmp_path, "events.csv", f'{OC_HEADER}\n"REQ-1,A81001,x,y\n')
    assert str(_error(path).problems[0]).startswith("events.csv:2: malformed CSV")


def test_missing_file(tmp_path: Path) -> None:
    error = _error(tmp_path / "nope.csv")
    assert error.problems[0].message.startswith("cannot open the file")


def test_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r"expected \.csv or \.jsonl"):
        read_events(tmp_path / "events.xlsx", OcEvent)


def test_installations_csv() -> None:
    rows = list(read_events(DATA / "installations.csv", PracticeInstallation))
    assert [(r.practice_code, r.product) for r in rows] == [
        ("A81001", Product.ONLINE_CONSULTATION),
        ("A81001", Product.VIDEO_CONSULTATION),
        ("B82002", Product.ONLINE_CONSULTATION),
    ]
    assert rows[0].photo_upload_enabled
    assert not rows[1].photo_upload_enabled
    assert rows[2].status is PracticeStatus.SUSPENDED
    assert rows[2].status_date == date(2026, 11, 2)


def test_bad_boolean_and_date_in_installations(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "inst.csv",
        "practice_code,product,product_name,installation_date,photo_upload_enabled\n"
        "A81001,online_consultation,Acme,2026-13-01,maybe\n",
    )
    error = _error(path, PracticeInstallation)
    assert [str(p) for p in error.problems] == [
        "inst.csv:2:installation_date: not an ISO 8601 date (YYYY-MM-DD)",
        "inst.csv:2:photo_upload_enabled: expected true or false",
    ]


def _csv_text(events: list[OcEvent]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_columns(OcEvent))
    for e in events:
        writer.writerow(
            [
                e.event_id,
                e.practice_code,
                e.submitted_at.isoformat(),
                e.category.value,
                e.requester_role.value,
                e.nhs_number or "",
                e.patient_name or "",
                e.description,
                e.contact_email or "",
                e.contact_phone or "",
                e.attachment_count,
                e.coded_request_type.value if e.coded_request_type else "",
            ]
        )
    return out.getvalue()


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(oc_events, max_size=5))
def test_csv_round_trip(events: list[OcEvent]) -> None:
    # tmp_path is per test, not per example: hypothesis wants a fresh directory each time.
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.csv"
        path.write_text(_csv_text(events), encoding="utf-8")
        assert list(read_events(path, OcEvent)) == events


# --- JSON Lines ------------------------------------------------------------------------


def test_sample_jsonl_reads() -> None:
    events = list(read_events_jsonl(DATA / "vc_events.jsonl", VcEvent))
    assert [(e.session_id, e.status) for e in events] == [
        ("VID-1", VideoSessionStatus.COMPLETED),
        ("VID-2", VideoSessionStatus.DID_NOT_ATTEND),
        ("VID-3", VideoSessionStatus.CANCELLED),
    ]
    assert events[0].duration_minutes == 12
    assert events[0].nhs_number == "9990000034"
    assert events[1].duration_minutes is None


def test_malformed_jsonl_names_each_line(tmp_path: Path) -> None:
    good = '{"session_id":"V1","practice_code":"A81001","scheduled_start":"2026-11-16T10:00:00Z"'
    path = _write(
        tmp_path,
        "vc.jsonl",
        f'{good},"status":"completed"}}\n'
        '{"session_id": 9990000018\n'
        "[1, 2]\n"
        f'{good},"status":"completed","nhs":"9990000018"}}\n'
        f'{good},"status":"completed","duration_minutes":"12"}}\n'
        f'{good},"status":"completed","duration_minutes":true}}\n',
    )
    error = _error(path, VcEvent)
    assert [p.location for p in error.problems] == [
        "vc.jsonl:2",
        "vc.jsonl:3",
        "vc.jsonl:4",
        "vc.jsonl:5:duration_minutes",
        "vc.jsonl:6:duration_minutes",
    ]
    assert error.problems[0].message.startswith("invalid JSON")
    assert error.problems[1].message == "expected a JSON object"
    assert error.problems[2].message.startswith("1 unknown key(s)")
    assert "9990000018" not in str(error)
    assert "nhs" not in str(error).replace("nhs_number", "")


def test_jsonl_in_latin1_is_refused(tmp_path: Path) -> None:
    line = '{"session_id":"V1","practice_code":"A81001","patient_name":"Zoë"}\n'
    error = _error(_write(tmp_path, "vc.jsonl", line, "latin-1"), VcEvent)
    assert str(error.problems[0]).startswith("vc.jsonl:1: not UTF-8")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(vc_events, max_size=4), st.lists(installations(), max_size=3))
def test_jsonl_round_trip(events: list[VcEvent], rows: list[PracticeInstallation]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for kind, items in ((VcEvent, events), (PracticeInstallation, rows)):
            path = Path(tmp) / "events.jsonl"
            path.write_bytes(b"".join(orjson.dumps(unstructure(i)) + b"\n" for i in items))
            assert list(read_events(path, kind)) == items


def test_a_file_without_line_breaks_is_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes(f"{OC_HEADER}\n".encode() + b"x" * (MAX_LINE_BYTES + 10))
    assert (
        str(_error(path).problems[0]) == f"events.csv:2: line is longer than {MAX_LINE_BYTES} bytes"
    )


def test_skip_identifiers_leaves_them_unread(tmp_path: Path) -> None:
    events = list(read_events(DATA / "oc_events.csv", OcEvent, skip_identifiers=True))
    assert [e.event_id for e in events] == ["REQ-0001", "REQ-0002", "REQ-0003"]
    assert all(e.nhs_number is None and e.patient_name is None for e in events)
    assert all(e.description == "" and e.contact_email is None for e in events)
    assert events[1].has_attachments  # what the national record needs is still read
    vc = list(read_events(DATA / "vc_events.jsonl", VcEvent, skip_identifiers=True))
    assert [e.nhs_number for e in vc] == [None, None, None]
    assert vc[0].duration_minutes == 12
    # A broken identifier cell is not even looked at.
    path = _write(
        tmp_path,
        "events.csv",
        f"{OC_HEADER},nhs_number\nREQ-1,A81001,2026-11-16T09:30:00Z,ask_question,123\n",
    )
    assert len(list(read_events(path, OcEvent, skip_identifiers=True))) == 1
    # Unknown columns are still refused.
    path = _write(tmp_path, "bad.csv", f"{OC_HEADER},nhs\n")
    with pytest.raises(InputFileError, match="unknown column"):
        list(read_events(path, OcEvent, skip_identifiers=True))
