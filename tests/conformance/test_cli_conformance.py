"""`gponline conformance run | list | coverage`: exit codes, config precedence, reports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from defusedxml import ElementTree as SafeET

from gponline_sdk.cli.conformance import EXIT_CODES, Settings, resolve_settings
from gponline_sdk.cli.main import build_parser, main
from gponline_sdk.conformance.core import CHECKS, Level
from gponline_sdk.conformance.results import Verdict
from gponline_sdk.reference.sandbox import free_port

TOKEN = "cli-token-SECRET-987654"


def _dead_url() -> str:
    return f"http://127.0.0.1:{free_port()}"


def _settings(argv: list[str], env: dict[str, str] | None = None) -> Settings:
    args = build_parser().parse_args(["conformance", "run", *argv])
    return resolve_settings(args, env or {})


def test_run_against_the_reference_tool_is_conformant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junit = tmp_path / "ci" / "extra-junit.xml"
    code = main(
        [
            "conformance",
            "run",
            "--reference",
            "--report-dir",
            str(tmp_path / "r"),
            "--junit",
            str(junit),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Verdict:   CONFORMANT" in out
    report = json.loads((tmp_path / "r" / "report.json").read_text())
    assert report["verdict"] == "conformant"
    assert report["failing_musts"] == []
    assert (tmp_path / "r" / "report.html").is_file()
    root = SafeET.parse(str(junit)).getroot()
    assert root.get("failures") == "0"
    assert int(root.get("tests")) == len(CHECKS)


def test_a_broken_reference_tool_fails_with_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["conformance", "run", "--reference", "--reference-fault", "redirects-to-111"]
    code = main([*argv, "--report-dir", str(tmp_path), "--level", "MUST"])
    out = capsys.readouterr().out
    assert code == 1
    assert "AV-111-01" in out.split("Required (MUST) items not met:")[1]
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["selection"] == ["--level MUST"]
    assert report["partial"] is True


def test_an_expected_failure_keeps_the_run_green_and_a_stale_one_fails_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ef = tmp_path / "ef.json"
    ef.write_text(json.dumps({"expected_failures": [{"id": "AV-CAP-01", "reason": "ticket 1"}]}))
    base = ["conformance", "run", "--reference", "--only", "AV-CAP-01,OC-CAT-01"]
    broken = [*base, "--reference-fault", "caps-requests-at-20"]
    assert main([*broken, "--report-dir", str(tmp_path / "a"), "--expected-failures", str(ef)]) == 0
    assert "Expected failures (waived):\n  AV-CAP-01" in capsys.readouterr().out
    assert main([*base, "--report-dir", str(tmp_path / "b"), "--expected-failures", str(ef)]) == 1
    assert "Stale expected failures" in capsys.readouterr().out
    report = json.loads((tmp_path / "b" / "report.json").read_text())
    assert report["verdict"] == "stale_expectations"


def test_unreachable_target_exits_3_and_never_shows_the_token(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["conformance", "run", "--target", _dead_url(), "--token", TOKEN]
    code = main([*argv, "--connect-timeout", "1", "--report-dir", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 3
    # What was tried: the first call, whichever it is, with its method and URL.
    assert re.search(r"target unreachable: (GET|PUT|POST) http://127\.0\.0\.1:", captured.err)
    assert "check(s) were not run" in captured.out
    assert "Required (MUST) items not met" not in captured.out  # no noise: nothing was judged
    report = (tmp_path / "report.json").read_text()
    assert json.loads(report)["verdict"] == "unreachable"
    for text in (captured.out, captured.err, report, (tmp_path / "report.html").read_text()):
        assert TOKEN not in text


def test_environment_supplies_the_target_and_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GPONLINE_TARGET_URL", _dead_url())
    monkeypatch.setenv("GPONLINE_TARGET_TOKEN", TOKEN)
    code = main(["conformance", "run", "--only", "OC-CAT-01", "--report-dir", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 3
    assert TOKEN not in captured.out + captured.err


def test_flags_win_over_environment_and_environment_over_file(tmp_path: Path) -> None:
    cfg = tmp_path / "suite.toml"
    cfg.write_text(
        "[conformance]\n"
        'target_url = "http://file.invalid"\n'
        "read_timeout = 7\nconnect_timeout = 2\nseed = 11\n"
        'level = ["must"]\nreport_dir = "out"\nexpected_failures = "ef.json"\n'
    )
    s = _settings(["--config", str(cfg)], {"GPONLINE_TARGET_URL": "http://env.invalid"})
    assert s.target_url == "http://env.invalid"
    assert (s.read_timeout, s.connect_timeout, s.seed) == (7.0, 2.0, 11)
    assert s.level == (Level.MUST,)
    assert s.report_dir == tmp_path / "out"  # relative to the config file
    assert s.expected_failures == tmp_path / "ef.json"
    s = _settings(
        ["--config", str(cfg), "--target", "http://flag.invalid", "--read-timeout", "3"],
        {"GPONLINE_TARGET_URL": "http://env.invalid"},
    )
    assert s.target_url == "http://flag.invalid"
    assert s.read_timeout == 3.0
    assert "token" not in repr(_settings(["--target", "http://x.invalid", "--token", TOKEN]))


@pytest.mark.parametrize(
    ("argv", "config", "words"),
    [
        ([], None, "target_url: give --target URL"),
        (["--target", "http://x.invalid", "--connect-timeout", "0"], None, "--connect-timeout"),
        (["--target", "http://x.invalid", "--level", "OUGHT"], None, "'OUGHT' is not MUST"),
        (["--target", "http://x.invalid", "--only", "NOPE-01"], None, "--only: unknown"),
        (["--target", "http://x.invalid", "--group", "nope"], None, "--group: unknown group"),
        (["--target", "ftp://x.invalid"], None, "--target: expected an address starting http"),
        (["--target", "127.0.0.1:8099"], None, "--target: expected an address starting http"),
        ([], "[conformance]\ntarget_url = 'x.invalid'\n", "conformance.target_url: expected"),
        (["--target", "http://x.invalid", "--reference-fault", "x"], None, "--reference-fault"),
        (["--reference", "--reference-fault", "no-such-fault"], None, "unknown 'no-such-fault'"),
        (["--reference"], "[conformance]\ncolour = 1\n", "conformance.colour: unknown setting"),
        (["--reference"], "[conformance]\nread_timeout = 'slow'\n", "read_timeout: wrong type"),
        (["--reference"], "[conformance]\nread_timeout = -1\n", "conformance.read_timeout: must"),
        (["--reference"], "[conformance\n", "not valid TOML"),
    ],
)
def test_bad_settings_exit_2_naming_the_field(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    config: str | None,
    words: str,
) -> None:
    if config is not None:
        cfg = tmp_path / "bad.toml"
        cfg.write_text(config)
        argv = [*argv, "--config", str(cfg)]
    code = main(["conformance", "run", *argv, "--report-dir", str(tmp_path / "r")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert words in err
    if config is not None:
        assert "bad.toml" in err
    assert not (tmp_path / "r").exists()  # nothing written


def test_the_file_init_vendor_writes_is_read_from_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "vendor"]) == 0
    (tmp_path / "gponline-conformance.toml").write_text("[conformance]\nread_timeout = -1\n")
    capsys.readouterr()
    code = main(["conformance", "run", "--reference", "--report-dir", str(tmp_path / "r")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "settings from gponline-conformance.toml" in err
    assert "gponline-conformance.toml: conformance.read_timeout: must" in err


def test_bad_expected_failures_file_exits_2_naming_file_and_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ef = tmp_path / "ef.json"
    ef.write_text(json.dumps({"expected_failures": [{"id": "OC-TYPO-99", "reason": "r"}]}))
    code = main(["conformance", "run", "--reference", "--expected-failures", str(ef)])
    err = capsys.readouterr().err
    assert code == 2
    assert "ef.json" in err
    assert "$.expected_failures[0].id" in err


def test_list_shows_requirements_and_checks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["conformance", "list"]) == 0
    out = capsys.readouterr().out
    assert "OC-CAT-01    MUST" in out
    assert f"{len(CHECKS)} checks:" in out


def test_coverage_is_complete_and_exits_1_when_a_must_loses_its_check(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["conformance", "coverage"]) == 0
    assert "MUST requirements with no check" not in capsys.readouterr().out
    # Put back in place, not at the dict's end (monkeypatch.delitem would move them there).
    registered = dict(CHECKS)
    try:
        for check_id in [c.id for c in registered.values() if "AV-111-01" in c.requirements]:
            del CHECKS[check_id]
        assert main(["conformance", "coverage"]) == 1
    finally:
        CHECKS.clear()
        CHECKS.update(registered)
    assert "MUST requirements with no check:\n  AV-111-01" in capsys.readouterr().out


def test_report_dir_that_cannot_be_created_exits_2_before_running(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code = main(["conformance", "run", "--reference", "--report-dir", str(blocker / "reports")])
    captured = capsys.readouterr()
    assert code == 2
    assert "--report-dir: cannot create" in captured.err
    assert "checks against" not in captured.out  # nothing ran


def test_every_verdict_has_the_documented_exit_code() -> None:
    assert EXIT_CODES == {
        Verdict.CONFORMANT: 0,
        Verdict.NOT_CONFORMANT: 1,
        Verdict.STALE_EXPECTATIONS: 1,
        Verdict.UNREACHABLE: 3,
    }


@pytest.mark.parametrize("status", [401, 403])
def test_a_refused_token_exits_2_before_any_check_runs(
    status: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen: list[str] = []

    class Refuses(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            body = b'{"message": "bad token"}'
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_PUT = do_DELETE = do_GET  # noqa: N815

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Refuses)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/api"
        code = main(["conformance", "run", "--target", url, "--token", TOKEN,
                     "--report-dir", str(tmp_path / "r")])  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    captured = capsys.readouterr()
    assert code == 2
    assert "the target refused the token" in captured.err
    assert f"HTTP {status}" in captured.err
    assert seen == ["/api/test/environment"]  # the pre-flight, and nothing else
    assert "checks against" not in captured.out
    assert TOKEN not in captured.out + captured.err
