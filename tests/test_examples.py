"""Every example runs, as a user would run it, and shows what it promises."""

import http.server
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from gponline_sdk.cli.sandbox import write_supplier_settings
from gponline_sdk.reference.local_stack import LocalCollection
from gponline_sdk.reference.tool import serve_in_thread

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


@pytest.mark.sandbox
def test_weekly_job_builds_again_when_inputs_were_added(tmp_path: Path) -> None:
    """A week built for OC alone, run again with VC and installations, is not left without them."""
    data = EXAMPLES / "data"
    with LocalCollection(work_dir=tmp_path / "nhse", poll_interval=0.2) as stack:
        settings = write_supplier_settings(stack, tmp_path)
        args = [
            "weekly_job.py", "--config", str(settings), "--week", "2026-W47",
            "--oc-events", str(data / "oc_events.csv"),
            "--participation", str(data / "participation.csv"),
        ]  # fmt: skip
        first = _run(*args)
        assert "built and queued 2 file(s) for 2026-W47" in first
        more = ["--vc-events", str(data / "vc_events.jsonl")]
        more += ["--installations", str(data / "installations.csv")]
        second = _run(*args, *more)
        assert "built before without oc_practice, vc_aggregate, vc_practice, vc_record" in second
        assert "built and queued 6 file(s) for 2026-W47" in second
        third = _run(*args, *more)
        assert "built" not in third  # nothing missing now: not built a third time


def _run_code(name: str, *args: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / name), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def test_vendor_ci_example_passes_the_reference_tool_and_fails_a_broken_one(
    tmp_path: Path,
) -> None:
    with serve_in_thread() as url:
        code, out = _run_code(
            "vendor_conformance_ci.py", "--target", url, "--report-dir", str(tmp_path / "ok")
        )
    assert code == 0, out
    assert "CONFORMANT" in out
    assert (tmp_path / "ok" / "junit.xml").is_file()
    with serve_in_thread(fault="caps-requests-at-20") as url:
        code, out = _run_code(
            "vendor_conformance_ci.py", "--target", url, "--report-dir", str(tmp_path / "bad")
        )
    assert code == 1, out
    assert "NOT CONFORMANT" in out.upper()


PRACTICE_PAGE = b"""<!doctype html><html><head><title>Riverside Surgery</title></head><body>
<p><a href="https://oc.example-supplier.invalid/A81001">Contact us online</a>:
use our online consultation form for non-urgent requests. We will reply by the end of the
next working day. Do not use the form for urgent problems: call 999 in an emergency.</p>
<p>Not sure? Check your symptoms with <a href="https://111.nhs.uk/">NHS 111 online</a>.</p>
</body></html>"""


def test_practice_check_example_reports_on_a_practice_page(tmp_path: Path) -> None:
    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PRACTICE_PAGE)))
            self.end_headers()
            self.wfile.write(PRACTICE_PAGE)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        code, out = _run_code("practice_check.py", url, "--report-dir", str(tmp_path))
    finally:
        server.shutdown()
        server.server_close()
    # Every website check passes; the Yes/No questions are unanswered, so not all clear.
    assert code == 1, out
    for title in (
        "Link to your online consultation tool",
        "Link to NHS 111 online",
        "Warning not to use the form for urgent problems",
        "When patients can expect a response",
    ):
        assert f"pass  {title}" in out
    assert "not_applicable  Online consultation tool open in core hours" in out
    assert (tmp_path / "practice-report.html").is_file()
    assert (tmp_path / "practice-report.json").is_file()
