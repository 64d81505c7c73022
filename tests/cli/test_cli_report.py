"""`gponline report ...` and `gponline sandbox up`, as a supplier runs them."""

from __future__ import annotations

import csv
import io
import os
import secrets
import signal
import subprocess
import sys
import time
from datetime import datetime, tzinfo
from pathlib import Path

import orjson
import pytest

from gponline_sdk.cli.main import main

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
GPONLINE = [sys.executable, "-m", "gponline_sdk.cli"]
IDENTIFIERS = ("9999072356", "Sam Jones", "sam.jones@example.org", "07700 900721", "flu jabs")


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "key.hex"
    path.write_text(secrets.token_hex(32))
    return path


def _build_args(tmp_path: Path, key_file: Path, *extra: str) -> list[str]:
    return [
        "report", "build", "--week", "2026-W47", "--supplier-id", "ACME-OC",
        "--key-file", str(key_file), "--out-dir", str(tmp_path / "out"),
        "--outbox", str(tmp_path / "outbox.sqlite"), *extra,
    ]  # fmt: skip


def test_build_writes_anonymised_files_and_queues_them(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = _build_args(
        tmp_path, key_file,
        "--oc-events", str(DATA / "oc_events.csv"), "--vc-events", str(DATA / "vc_events.jsonl"),
        "--installations", str(DATA / "installations.csv"),
        "--participation", str(DATA / "participation.csv"),
    )  # fmt: skip
    assert main(args) == 0
    out = capsys.readouterr().out
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == sorted(
        f"ACME-OC_{t}_2026-W47.json"
        for t in ("oc_record", "oc_aggregate", "vc_record", "vc_aggregate", "oc_practice",
                  "vc_practice")
    )  # fmt: skip
    assert "left out" in out
    assert "D84004" in out
    assert "queued 6 file(s)" in out
    written = "".join((tmp_path / "out" / f).read_text() for f in files)
    for value in IDENTIFIERS:
        assert value not in written
        assert value not in out
    assert main(["report", "status", "--outbox", str(tmp_path / "outbox.sqlite")]) == 0
    assert capsys.readouterr().out.count(" built ") == 6

    oc = tmp_path / "out" / "ACME-OC_oc_record_2026-W47.json"
    participation = ["--participation", str(DATA / "participation.csv")]
    assert main(["report", "validate", str(oc), *participation]) == 0
    tampered = orjson.loads(oc.read_bytes())
    tampered["records"][0]["practice_code"] = "Z99999"  # not on the list
    oc.write_bytes(orjson.dumps(tampered))
    assert main(["report", "validate", str(oc), *participation]) == 1


def test_malformed_events_exit_2_naming_file_and_line_and_write_nothing(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = (DATA / "oc_events.csv").read_text().splitlines()
    lines[40] = lines[40].replace("2026-11-", "2026-13-", 1)
    bad = tmp_path / "oc_events.csv"
    bad.write_text("\n".join(lines) + "\n")
    args = _build_args(tmp_path, key_file, "--oc-events", str(bad), "--all-practices")
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "oc_events.csv:41" in err
    assert not any((tmp_path / "out").iterdir())  # nothing half-written
    assert not (tmp_path / "outbox.sqlite").exists()
    for value in IDENTIFIERS:
        assert value not in err


def test_build_never_reads_the_identifier_columns(tmp_path: Path, key_file: Path) -> None:
    # A broken NHS number and phone number in the export do not stop the week: the
    # build leaves those columns unread, as anonymising needs none of them.
    lines = (DATA / "oc_events.csv").read_text().splitlines()
    header = lines[0].split(",")
    assert {"nhs_number", "contact_phone"} <= set(header)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for cells in csv.reader(lines):
        if cells != header:
            cells[header.index("nhs_number")] = "1234567890"  # fails the check digit
            cells[header.index("contact_phone")] = "not a phone"
        writer.writerow(cells)
    broken = tmp_path / "broken" / "oc_events.csv"
    broken.parent.mkdir()
    broken.write_text(out.getvalue())
    built = {}
    for source in (DATA / "oc_events.csv", broken):
        where = tmp_path / source.parent.name
        args = _build_args(where, key_file, "--oc-events", str(source), "--all-practices")
        assert main(args) == 0
        built[source] = (where / "out" / "ACME-OC_oc_record_2026-W47.json").read_bytes()
    records = [orjson.loads(b)["records"] for b in built.values()]
    assert records[0] == records[1]
    assert records[0]


def test_empty_participation_list_exits_2(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "participation.csv"
    empty.write_text("practice_code,practice_name,approved_from\n")
    args = _build_args(
        tmp_path, key_file, "--oc-events", str(DATA / "oc_events.csv"),
        "--participation", str(empty),
    )  # fmt: skip
    assert main(args) == 2
    assert "participation.csv" in capsys.readouterr().err


@pytest.mark.parametrize("week", ["2099-W01", "this-week"])
def test_a_week_that_has_not_ended_is_refused_and_nothing_written(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str], week: str
) -> None:
    # NHS England keeps a week's latest submission: a part week would replace the full one.
    from datetime import datetime
    from zoneinfo import ZoneInfo

    if week == "this-week":
        week = datetime.now(ZoneInfo("Europe/London")).date().isoformat()
    args = _build_args(
        tmp_path, key_file, "--oc-events", str(DATA / "oc_events.csv"),
        "--participation", str(DATA / "participation.csv"),
    )  # fmt: skip
    args[args.index("2026-W47")] = week
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "has not ended yet" in err
    assert "--week" in err
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "outbox.sqlite").exists()


def test_a_week_none_of_the_events_is_dated_in_is_refused_and_nothing_queued(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The example events are all in 2026-W47: 2026-W40 is a typo'd week, not a quiet one.
    args = _build_args(
        tmp_path, key_file, "--oc-events", str(DATA / "oc_events.csv"),
        "--participation", str(DATA / "participation.csv"),
    )  # fmt: skip
    args[args.index("2026-W47")] = "2026-W40"
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "is dated in week 2026-W40" in err
    assert "other weeks" in err
    assert not list((tmp_path / "out").glob("*.json"))
    assert not (tmp_path / "outbox.sqlite").exists()


def test_missing_supplier_id_is_a_configuration_error(
    tmp_path: Path,
    key_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GPONLINE_SUPPLIER_ID", raising=False)
    args = _build_args(tmp_path, key_file, "--oc-events", str(DATA / "oc_events.csv"),
                       "--all-practices")  # fmt: skip
    args[args.index("--supplier-id") : args.index("--supplier-id") + 2] = []
    assert main(args) == 2
    assert "supplier_id" in capsys.readouterr().err


@pytest.mark.sandbox
def test_sandbox_up_then_build_submit_and_read_the_report(tmp_path: Path) -> None:
    out_dir = tmp_path / "sandbox"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [*GPONLINE, "sandbox", "up", "--out-dir", str(out_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        settings = _wait_for_ready(proc)
        config = ["--config", str(settings)]
        build = [*GPONLINE, "report", "build", *config, "--week", "2026-W47",
                 "--oc-events", str(DATA / "oc_events.csv"), "--all-practices"]  # fmt: skip
        assert subprocess.run(build, check=False, timeout=120).returncode == 0
        submit = subprocess.run(
            [*GPONLINE, "report", "submit", *config], check=False, timeout=120,
            capture_output=True, text=True,
        )  # fmt: skip
        assert submit.returncode == 0, submit.stderr
        assert "sent 2" in submit.stdout
        status = ""
        for _ in range(60):  # the collector polls every second
            subprocess.run([*GPONLINE, "report", "inbox", *config, "--force"], check=True,
                           capture_output=True, timeout=60)  # fmt: skip
            status = subprocess.run(
                [*GPONLINE, "report", "status", *config], check=False, capture_output=True,
                text=True, timeout=60,
            ).stdout  # fmt: skip
            if status.count("accepted") == 2:
                break
            time.sleep(0.5)
        assert status.count("accepted") == 2, status
        assert "password" not in status
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "stopping" in out


def _wait_for_ready(proc: subprocess.Popen[str]) -> Path:
    assert proc.stdout is not None
    settings = None
    for line in proc.stdout:
        if line.startswith("settings for the supplier's side:"):
            settings = Path(line.split(":", 1)[1].strip())
        if line.startswith("ready"):
            assert settings is not None
            return settings
    raise AssertionError(f"sandbox up did not start: {proc.stderr.read() if proc.stderr else ''}")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<submission><header><supplier_id>&lol3;</supplier_id></header></submission>
"""


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("ACME_oc_record_2026-W47.xml", BILLION_LAUGHS.encode()),
        ("ACME_oc_record_2026-W47.json", b'{"header": {"supplier_id": "ACME", "data_ty'),
        ("ACME_oc_record_2026-W47.csv", "supplier_id,caf\xe9\n".encode("latin-1")),
        ("ACME_oc_record_2026-W47.csv", "\ufeffa,b\n".encode("utf-16")),
    ],
    ids=["entity-bomb", "truncated-json", "latin-1", "utf-16"],
)
def test_validate_refuses_unreadable_files_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["report", "validate", str(path)]) == 2
    out = capsys.readouterr().out
    assert "unparseable" in out
    assert name in out
    assert "lollol" not in out  # the entities were never expanded


def test_config_paths_are_relative_to_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """One rule for every config file: run from anywhere, the files land beside the config."""
    conf_dir = tmp_path / "conf"
    conf_dir.mkdir()
    (conf_dir / "key.hex").write_text(secrets.token_hex(32))
    (conf_dir / "supplier.toml").write_text(
        '[supplier]\nid = "ACME-OC"\nkey_file = "key.hex"\n'
        '[paths]\noutbox = "state/outbox.sqlite"\nout_dir = "files"\n',
        encoding="utf-8",
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code = main([
        "report", "build", "--config", "../conf/supplier.toml", "--week", "2026-W47",
        "--oc-events", str(DATA / "oc_events.csv"), "--all-practices",
    ])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert len(list((conf_dir / "files").glob("ACME-OC_oc_*_2026-W47.json"))) >= 2
    assert (conf_dir / "state" / "outbox.sqlite").is_file()
    assert list(elsewhere.iterdir()) == []


def _alive(pid: int) -> bool:
    try:
        return b"zombie" not in Path(f"/proc/{pid}/status").read_bytes().lower()
    except OSError:
        return False


def test_sandbox_up_detach_returns_when_ready_and_down_stops_it(tmp_path: Path) -> None:
    """The supplier guide's block pastes as written: `up --detach`, commands, `down`."""
    out_dir = tmp_path / "sandbox"
    up = subprocess.run(
        [*GPONLINE, "sandbox", "up", "--detach", "--out-dir", str(out_dir)],
        capture_output=True, text=True, timeout=200, check=False,
    )  # fmt: skip
    try:
        assert up.returncode == 0, up.stderr
        assert up.stdout.startswith("starting mesh-sandbox in the background")
        pid = int((out_dir / "sandbox.pid").read_text().strip())
        sandbox_pid = int(up.stdout.split("(pid ")[1].split(")")[0])  # mesh-sandbox's own
        assert _alive(pid)
        assert _alive(sandbox_pid)
        # From another folder: the settings file's paths are relative to it.
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        status = subprocess.run(
            [*GPONLINE, "report", "status", "--config", str(out_dir / "sandbox.toml")],
            capture_output=True, text=True, timeout=60, check=False, cwd=elsewhere,
        )  # fmt: skip
        assert status.returncode == 0, status.stderr
        again = subprocess.run(
            [*GPONLINE, "sandbox", "up", "--detach", "--out-dir", str(out_dir)],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert again.returncode == 2
        assert "already running" in again.stderr
    finally:
        down = subprocess.run(
            [*GPONLINE, "sandbox", "down", "--out-dir", str(out_dir)],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
    assert down.returncode == 0, down.stderr
    assert not _alive(pid)
    for _ in range(100):  # its children stop as it exits
        if not _alive(sandbox_pid):
            break
        time.sleep(0.1)
    assert not _alive(sandbox_pid)
    assert not (out_dir / "sandbox.pid").exists()
    gone = subprocess.run(
        [*GPONLINE, "sandbox", "down", "--out-dir", str(out_dir)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert gone.returncode == 2


def _on_a_terminal(argv: list[str], cwd: Path) -> tuple[int, str]:
    """Run gponline with stderr on a pseudo-terminal (as a person at a shell); return
    the exit code and what the terminal showed."""
    import pty

    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "GPONLINE_NO_PROGRESS"}
    proc = subprocess.Popen(
        [*GPONLINE, *argv], stdout=subprocess.DEVNULL, stderr=follower, cwd=cwd, env=env
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return proc.wait(timeout=120), shown.decode("utf-8", "replace")


@pytest.mark.parametrize("quiet", [False, True])
def test_a_build_shows_progress_on_a_terminal_only(
    tmp_path: Path, key_file: Path, quiet: bool
) -> None:
    argv = _build_args(tmp_path, key_file, "--oc-events", str(DATA / "oc_events.csv"),
                       "--all-practices", *(["-q"] if quiet else []))  # fmt: skip
    code, shown = _on_a_terminal(argv, tmp_path)
    assert code == 0, shown
    if quiet:
        assert "reading" not in shown
    else:
        assert "reading" in shown
        assert "B/s" in shown or "?B/s" in shown
    for value in IDENTIFIERS:
        assert value not in shown


def test_a_build_left_out_summary_groups_practices(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Practices left out: one line per reason, not one per practice."""
    participation = tmp_path / "participation.csv"
    rows = (DATA / "participation.csv").read_text(encoding="utf-8").splitlines()
    participation.write_text(rows[0] + "\n" + rows[1] + "\n", encoding="utf-8")  # one practice
    args = _build_args(tmp_path, key_file, "--oc-events", str(DATA / "oc_events.csv"),
                       "--participation", str(participation), "--no-queue")  # fmt: skip
    main(args)
    lines = [ln for ln in capsys.readouterr().out.splitlines() if "left out:" in ln]
    assert len(lines) == 1
    assert "practice(s), practice not on the participation list" in lines[0]


def test_status_names_the_data_types_a_week_is_missing() -> None:
    # A week built without --installations has no practice files: status must say so.
    from gponline_sdk.cli.report.show import missing_types
    from gponline_sdk.reporting.client import WeekStatus

    def row(week: str, data_type: str) -> WeekStatus:
        return WeekStatus(
            week=week, data_type=data_type, state="accepted", file_name="f", local_id="x"
        )

    rows = [row("2026-W47", t) for t in ("oc_record", "oc_aggregate", "vc_record")]
    rows += [row("2026-W46", t) for t in ("oc_record", "oc_aggregate", "oc_practice")]
    rows += [row("2026-W45", "incident")]
    assert missing_types(rows) == {
        "2026-W47": ["oc_practice", "vc_aggregate", "vc_practice"],
    }


class _FixedNow(datetime):
    @classmethod
    def now(cls, tz: tzinfo | None = None) -> _FixedNow:
        return cls(2026, 11, 23, 6, 0, tzinfo=tz)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_build_engines_write_the_same_files(
    tmp_path: Path, key_file: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("gponline_sdk.reporting.weekly.datetime", _FixedNow)  # the header's time
    written = []
    for engine in ("row", "columnar", "auto"):
        out = tmp_path / engine
        args = [
            "report", "build", "--week", "2026-W47", "--supplier-id", "ACME-OC",
            "--key-file", str(key_file), "--out-dir", str(out), "--no-queue",
            "--format", fmt, "--engine", engine,
            "--oc-events", str(DATA / "oc_events.csv"),
            "--vc-events", str(DATA / "vc_events.jsonl"),  # JSON Lines: columnar too
            "--participation", str(DATA / "participation.csv"),
        ]  # fmt: skip
        assert main(args) == 0
        written.append({p.name: p.read_bytes() for p in out.iterdir() if p.is_file()})
    assert len(written[0]) == 4  # OC and VC records and aggregates
    assert written[0] == written[1] == written[2]


def test_build_engine_columnar_without_pyarrow_names_the_extra(
    tmp_path: Path,
    key_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("gponline_sdk.reporting.weekly.available", lambda: False)
    args = _build_args(
        tmp_path, key_file, "--no-queue", "--engine", "columnar",
        "--oc-events", str(DATA / "oc_events.csv"), "--all-practices",
    )  # fmt: skip
    assert main(args) != 0
    assert "gponline-sdk[columnar]" in capsys.readouterr().err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.json"))
