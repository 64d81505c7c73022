"""Reading inputs safely: non-regular files, long cells, wide headers, duplicate keys, overflow."""

from __future__ import annotations

import csv
import io
import os
import threading
from pathlib import Path

import orjson
import pytest

from gponline_sdk._toml import read_toml
from gponline_sdk.errors import ConfigError, InputFileError, ValidationError
from gponline_sdk.reporting._textfile import duplicate_key_location, open_regular
from gponline_sdk.reporting.event_io import read_events, read_events_csv
from gponline_sdk.reporting.events import OcEvent, VcEvent
from gponline_sdk.reporting.formats import open_submission
from gponline_sdk.serde.converter import parse_datetime

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
pytestmark = pytest.mark.timeout(60)


def _in_thread(fn: object) -> BaseException | None:
    """Run `fn` on a thread; a FIFO that blocks fails the test instead of hanging it."""
    caught: list[BaseException | None] = [None]

    def target() -> None:
        try:
            fn()  # type: ignore[operator]
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            caught[0] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout=20)
    assert not thread.is_alive(), "blocked"
    return caught[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_at_once_never_read(tmp_path: Path) -> None:
    fifo = tmp_path / "events.csv"
    os.mkfifo(fifo)
    exc = _in_thread(lambda: list(read_events(fifo, OcEvent)))
    assert isinstance(exc, InputFileError)
    assert "FIFO" in str(exc)


@pytest.mark.parametrize("path", ["folder", "/proc/self/mem", "/dev/null"])
def test_folders_devices_and_kernel_files_are_refused(tmp_path: Path, path: str) -> None:
    target = tmp_path / path if path == "folder" else Path(path)
    if path == "folder":
        target.mkdir()
    with pytest.raises(InputFileError, match=r"not a (regular|data) file"):
        list(read_events_csv(target, OcEvent))
    with pytest.raises(OSError, match=r"not a (regular|data) file"):
        open_regular(target)


def test_a_regular_file_opens_and_reads_normally(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"a,b\n")
    with open_regular(path) as fh:
        assert fh.read() == b"a,b\n"


def test_a_long_cell_in_an_unread_column_does_not_stop_the_week(tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO((DATA / "oc_events.csv").read_text())))
    rows[1][rows[0].index("description")] = "x" * (128 * 1024 + 5)  # above csv's default
    path = tmp_path / "oc.csv"
    with path.open("w", newline="") as fh:
        csv.writer(fh).writerows(rows)
    events = list(read_events_csv(path, OcEvent, skip_identifiers=True))
    assert len(events) == len(rows) - 1


def test_a_very_wide_header_gives_a_short_message(tmp_path: Path) -> None:
    path = tmp_path / "oc.csv"
    path.write_text(",".join(f"c{i}" for i in range(100_000)) + "\n")
    with pytest.raises(InputFileError) as caught:
        list(read_events_csv(path, OcEvent))
    assert len(str(caught.value)) < 2_000
    assert "and 99980 more" in str(caught.value)


def test_a_duplicate_key_in_json_lines_is_refused_with_its_place(tmp_path: Path) -> None:
    line = (DATA / "vc_events.jsonl").read_text().splitlines()[0]
    path = tmp_path / "vc.jsonl"
    path.write_text(line[:-1] + ', "practice_code": "B82002"}\n' + line + "\n")
    with pytest.raises(InputFileError) as caught:
        list(read_events(path, VcEvent))
    assert "vc.jsonl:1:$ (key #8): a key is given more than once" in str(caught.value)
    assert "B82002" not in str(caught.value)


def test_a_duplicate_key_in_a_json_submission_is_refused(tmp_path: Path) -> None:
    header = '{"header":{"a":1},\n"records":[\n'
    path = tmp_path / "s.json"
    path.write_text(header + '{"x":1,"Zebedee":2,"Zebedee":3}\n]}\n')
    with open_submission(path) as reader, pytest.raises(InputFileError) as caught:
        list(reader.raw_records())
    assert "$.records[0] (key #3)" in str(caught.value)
    assert "Zebedee" not in str(caught.value)
    path.write_text('{"header": {"a": 1}, "records": [], "records": []}')
    with pytest.raises(InputFileError, match=r"\$ \(key #3\)"):
        open_submission(path)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{"a":1,"a":2}', "$ (key #2)"),
        ('{"a":{"b":1,"c":2,"b":3}}', "$.<key #1> (key #3)"),
        ('[{"a":1},{"b":2,"b":3}]', "$[1] (key #2)"),
        ('{"a":"x\\":","b":{"c":"\\"d\\":"}}', None),  # quotes and colons inside strings
        ('{"a":1,"b":[{"a":1}]}', None),  # the same key in different objects
        ('{"a":"x\\\\","b":1,"b":2}', "$ (key #3)"),  # a string ending in a backslash
        ('{"a" : 1, "a"\t:2}', "$ (key #2)"),  # spaces before the colon
    ],
)
def test_duplicate_key_location(text: str, where: str | None) -> None:
    assert duplicate_key_location(text, orjson.loads(text)) == where


@pytest.mark.parametrize(
    "value", ["0001-01-01T00:30:00+01:00", "9999-12-31T23:30:00-01:00", "0001-01-01T00:00:00+00:01"]
)
def test_an_instant_outside_years_1_to_9999_in_utc_is_a_validation_error(value: str) -> None:
    with pytest.raises(ValueError, match="outside the years 1 to 9999") as caught:
        parse_datetime(value)
    assert not isinstance(caught.value, OverflowError)
    assert parse_datetime("0001-01-01T00:30:00+00:00").year == 1  # UTC itself is fine


def test_an_out_of_range_instant_in_an_event_file_names_the_field(tmp_path: Path) -> None:
    lines = (DATA / "oc_events.csv").read_text().splitlines()[:2]
    path = tmp_path / "oc.csv"
    path.write_text(
        lines[0]
        + "\n"
        + lines[1].replace(lines[1].split(",")[2], "0001-01-01T00:30:00+01:00")
        + "\n"
    )
    with pytest.raises(ValidationError, match=r"oc.csv:2:submitted_at: in UTC this instant"):
        list(read_events_csv(path, OcEvent))


def test_a_binary_settings_file_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(b'a = 1\n\xff\xfe"Zebedee"')
    with pytest.raises(ConfigError, match="not UTF-8") as caught:
        read_toml(path)
    assert "Zebedee" not in str(caught.value)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_as_settings_file_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "settings.toml"
    os.mkfifo(fifo)
    exc = _in_thread(lambda: read_toml(fifo))
    assert isinstance(exc, ConfigError)
    assert "FIFO" in str(exc)
