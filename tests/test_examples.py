"""Every example runs, as a user would run it, and shows what it promises."""

import subprocess
import sys
import time
from pathlib import Path

import pytest

from gponline_sdk.cli.sandbox import write_supplier_settings
from gponline_sdk.reference.local_stack import LocalCollection

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _run(name: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / name), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_models_quickstart_round_trips_and_shows_precise_errors() -> None:
    out = _run("models_quickstart.py")
    assert "round trip: equal" in out
    assert "$[1].practice_code: 'A8100' is not a GP practice ODS code" in out
    assert "$[1].submitted_at: date-time has no UTC offset" in out
    assert "follows_up: a follow-up must name" in out
    assert "reporting week: 2026-W47 (2026-11-16 to 2026-11-22)" in out
    # The synthetic NHS number is in the JSON (the tool's own data) but never in a repr.
    assert "NhsNumber('***')" in out


@pytest.mark.sandbox
def test_weekly_job_sends_a_week_and_follows_it_up(tmp_path: Path) -> None:
    data = EXAMPLES / "data"
    with LocalCollection(work_dir=tmp_path / "nhse", poll_interval=0.2) as stack:
        settings = write_supplier_settings(stack, tmp_path)
        args = [
            "weekly_job.py", "--config", str(settings), "--week", "2026-W47",
            "--oc-events", str(data / "oc_events.csv"),
            "--vc-events", str(data / "vc_events.jsonl"),
            "--installations", str(data / "installations.csv"),
            "--participation", str(data / "participation.csv"),
        ]  # fmt: skip
        first = _run(*args)
        assert "built and queued 6 file(s) for 2026-W47" in first
        assert "sent 6 file(s)" in first
        later, deadline = "", time.monotonic() + 60
        while later.count("report: ") < 6 and time.monotonic() < deadline:
            time.sleep(0.5)  # the collector answers within a poll or two; run the job again
            later += _run(*args, "--poll-now")
        assert "built and queued" not in later  # the week is not built twice
        assert later.count("report: ") == 6
        status = later.rsplit("sent 0 file(s)", 1)[-1].splitlines()
        assert (
            sum(line.startswith("2026-W47") and line.endswith("accepted") for line in status) == 6
        )
        for value in ("9999072356", "Sam Jones", "sam.jones@example.org"):
            assert value not in first + later
