"""`gponline practice check`: exit codes, answers files, prompts, reports on disk."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import orjson
import pytest

from _practice_site import Site, practice_page
from gponline_sdk.cli.main import main
from gponline_sdk.conformance.practice import load_questions
from gponline_sdk.reference.sandbox import free_port

MONDAY_10 = "2026-11-23T10:00:00Z"
SUNDAY = "2026-11-22T10:00:00+00:00"
IDS = [q.id for q in load_questions()]


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as s:
        s.page("/tool", "<h1>Tell us what you need</h1>")
        yield s


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def all_yes(tmp_path: Path) -> Path:
    return write(tmp_path / "answers.json", orjson.dumps(dict.fromkeys(IDS, "yes")).decode())


def run(site: Site, tmp_path: Path, *extra: str) -> int:
    return main(
        [
            "practice", "check", "--website", site.url("/"), "--tool", site.url("/tool"),
            "--report-dir", str(tmp_path / "report"), "--read-timeout", "2", "--no-prompt",
            *extra,
        ]
    )  # fmt: skip


def report_json(tmp_path: Path) -> dict[str, object]:
    data = orjson.loads((tmp_path / "report" / "practice-report.json").read_bytes())
    assert isinstance(data, dict)
    return data


def test_everything_in_order_exits_0(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.page("/", practice_page(site.url("/tool")))
    assert run(site, tmp_path, "--answers", str(all_yes(tmp_path)), "--at", MONDAY_10) == 0
    out = capsys.readouterr().out
    assert "Result: all clear." in out
    assert f"{len(IDS)} Yes, 0 No, 0 not answered" in out
    assert (tmp_path / "report" / "practice-report.html").is_file()
    assert report_json(tmp_path)["summary"]["all_clear"] is True  # type: ignore[index]


def test_a_failed_check_exits_1(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.page("/", practice_page(site.url("/tool"), nhs111=False))
    assert run(site, tmp_path, "--answers", str(all_yes(tmp_path)), "--at", MONDAY_10) == 1
    out = capsys.readouterr().out
    assert "  No                  Link to NHS 111 online" in out
    assert "needs your attention" in out


def test_tool_closed_in_core_hours_exits_1(site: Site, tmp_path: Path) -> None:
    site.page("/", practice_page(site.url("/tool")))
    site.page("/tool", "<p>This service is temporarily unavailable.</p>")
    assert run(site, tmp_path, "--answers", str(all_yes(tmp_path)), "--at", MONDAY_10) == 1
    assert report_json(tmp_path)["findings"][-1]["outcome"] == "fail"  # type: ignore[index]


def test_outside_core_hours_the_tool_check_does_not_stop_exit_0(site: Site, tmp_path: Path) -> None:
    site.page("/", practice_page(site.url("/tool")))
    site.page("/tool", "<p>We are currently closed.</p>")  # closed, but it is Sunday
    assert run(site, tmp_path, "--answers", str(all_yes(tmp_path)), "--at", SUNDAY) == 0
    assert report_json(tmp_path)["findings"][-1]["outcome"] == "not_applicable"  # type: ignore[index]


def test_an_answer_no_exits_1(site: Site, tmp_path: Path) -> None:
    site.page("/", practice_page(site.url("/tool")))
    answers = dict.fromkeys(IDS, True) | {"PRAC-ATT-04": False}
    path = write(tmp_path / "answers.json", orjson.dumps(answers).decode())
    assert run(site, tmp_path, "--answers", str(path), "--at", SUNDAY) == 1
    answered = {a["id"]: a["answer"] for a in report_json(tmp_path)["attestations"]}  # type: ignore[attr-defined]
    assert answered["PRAC-ATT-04"] == "no"


def test_unanswered_questions_exit_1(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.page("/", practice_page(site.url("/tool")))
    assert run(site, tmp_path, "--at", SUNDAY) == 1
    assert f"0 Yes, 0 No, {len(IDS)} not answered" in capsys.readouterr().out


def test_toml_answers(site: Site, tmp_path: Path) -> None:
    site.page("/", practice_page(site.url("/tool")))
    lines = [f'{qid} = "Yes"' for qid in IDS[:-1]] + [f"{IDS[-1]} = true"]
    path = write(tmp_path / "answers.toml", "\n".join(lines) + "\n")
    assert run(site, tmp_path, "--answers", str(path), "--at", SUNDAY) == 0


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.json", '{"PRAC-ATT-99": "yes"}', "$.PRAC-ATT-99: PRAC-ATT-99 is not a question ID"),
        ("a.json", '{"PRAC-ATT-03": "maybe"}', "$.PRAC-ATT-03: expected yes or no, got other text"),
        ("a.json", '{"PRAC-ATT-03": 1}', "$.PRAC-ATT-03: expected yes or no, got a number"),
        ("a.json", '["yes"]', "$: expected an object of question ID: yes/no"),
        ("a.json", '{"PRAC-ATT-01": "yes",', "line 1 column"),
        ("a.toml", 'PRAC-ATT-02 = "perhaps"', "$.PRAC-ATT-02: expected yes or no"),
        ("a.toml", "PRAC-ATT-02 = ", "invalid TOML"),
    ],
)
def test_malformed_answers_file_exits_2_naming_file_and_question(
    site: Site,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str,
    expected: str,
) -> None:
    site.page("/", practice_page(site.url("/tool")))
    path = write(tmp_path / name, content)
    assert run(site, tmp_path, "--answers", str(path), "--at", SUNDAY) == 2
    err = capsys.readouterr().err
    assert str(path) in err
    assert expected in err
    assert not (tmp_path / "report").exists()  # nothing written
    assert site.requests == []  # refused before any request


def test_missing_answers_file_exits_2(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(site, tmp_path, "--answers", str(tmp_path / "nope.json")) == 2
    assert "nope.json" in capsys.readouterr().err


def test_unreachable_website_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    code = main(
        ["practice", "check", "--website", url, "--no-prompt", "--report-dir", str(tmp_path / "r")]
    )
    assert code == 3
    err = capsys.readouterr().err
    assert "could not read the practice website" in err
    assert "could not connect to 127.0.0.1" in err
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--website", "ftp://example.org"], "website: expected an http"),
        (["--website", "https://example.org", "--at", "2026-11-23T10:00:00"], "--at:"),
        (["--website", "https://example.org", "--read-timeout", "0"], "timeouts.read"),
        (["--tool", "https://example.org"], "--website"),  # required
    ],
)
def test_usage_errors_exit_2(
    args: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["practice", "check", "--no-prompt", *args]) == 2
    assert expected in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "option", "fix"),
    [
        (["--website", "SITE", "--tool", "example.com/oc"], "--tool", "https://example.com/oc"),
        (["--website", "www.riverside.example"], "--website", "https://www.riverside.example"),
        (["--website", "SITE", "--tool", "tool.example:8443/p/A81001"], "--tool",
         "https://tool.example:8443/p/A81001"),
        # A password typed into the address is not repeated in the fix.
        (["--website", "SITE", "--tool", "me:s3cret-pw@example.com/oc"], "--tool",
         "https://example.com/oc"),
    ],
)  # fmt: skip
def test_an_address_without_https_is_a_usage_error_before_anything_is_fetched(
    site: Site,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    option: str,
    fix: str,
) -> None:
    site.page("/", practice_page(site.url("/tool")))
    argv = [a.replace("SITE", site.url("/")) for a in args]
    code = main(
        ["practice", "check", *argv, "--answers", str(all_yes(tmp_path)), "--at", MONDAY_10,
         "--no-prompt", "--report-dir", str(tmp_path / "report")]
    )  # fmt: skip
    assert code == 2
    captured = capsys.readouterr()
    assert f"{option}: " in captured.err
    assert f"for example {option} {fix}" in captured.err
    assert "s3cret-pw" not in captured.err + captured.out
    assert "Checking" not in captured.out  # stopped before the check began
    assert site.requests == []  # nothing fetched, neither the website nor the tool
    assert not (tmp_path / "report").exists()


def test_the_library_refuses_an_address_without_https_too() -> None:
    from gponline_sdk.conformance.practice import check_practice
    from gponline_sdk.errors import ConfigError

    with pytest.raises(ConfigError, match=r"^tool: example\.com/oc has no https://"):
        check_practice("https://example.org/", tool_url="example.com/oc")


def test_terminal_says_yes_no_and_check_by_hand_as_the_report_does(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # No NHS 111 link (No), a vague urgent line (Check by hand), the rest Yes; one answer No.
    page = practice_page(site.url("/tool"), nhs111=False, safeguard=False).replace(
        "Book appointments", "If it is urgent, think carefully about how you contact us. Book"
    )
    site.page("/", page)
    answers = dict.fromkeys(IDS, "yes") | {"PRAC-ATT-04": "no"}
    path = write(tmp_path / "answers.json", orjson.dumps(answers).decode())
    assert run(site, tmp_path, "--answers", str(path), "--at", MONDAY_10) == 1
    out = capsys.readouterr().out
    data = report_json(tmp_path)
    labels = {"pass": "Yes", "fail": "No", "check_by_hand": "Check by hand",
              "not_applicable": "Not applicable now"}  # fmt: skip
    html = (tmp_path / "report" / "practice-report.html").read_text(encoding="utf-8")
    for finding in data["findings"]:  # type: ignore[attr-defined]
        label = labels[finding["outcome"]]
        line = next(x for x in out.splitlines() if x.rstrip().endswith(finding["title"]))
        assert line.split()[0 : len(label.split())] == label.split(), line
        assert f'<span class="badge {finding["outcome"]}">{label}</span>' in html
    assert {f["outcome"] for f in data["findings"]} >= {"pass", "fail", "check_by_hand"}  # type: ignore[attr-defined]
    question = next(a["question"] for a in data["attestations"] if a["id"] == "PRAC-ATT-04")  # type: ignore[attr-defined]
    assert any(x.split()[:1] == ["No"] and x.endswith(question) for x in out.splitlines())
    for old in ("PASS", "FAIL", "CHECK", "N/A"):
        assert old not in out.split()
    assert "Practice check: Riverside Surgery  (name from the website's page title)" in out


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_prompts_on_a_terminal(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site.page("/", practice_page(site.url("/tool")))
    # Yes; then an unclear reply, asked again, No; then skipped; then the input ends.
    monkeypatch.setattr(sys, "stdin", _Tty("y\nmaybe\nn\n\n"))
    code = main(
        ["practice", "check", "--website", site.url("/"), "--at", SUNDAY,
         "--report-dir", str(tmp_path / "report")]
    )  # fmt: skip
    assert code == 1
    answered = [a["answer"] for a in report_json(tmp_path)["attestations"]]  # type: ignore[attr-defined]
    assert answered[:4] == ["yes", "no", "not_answered", "not_answered"]
    out = capsys.readouterr().out
    assert "Please answer y or n" in out
    assert "PRAC-ATT-01:" in out


def test_no_prompt_on_a_terminal_asks_nothing(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.page("/", practice_page(site.url("/tool")))
    stdin = _Tty("y\ny\n")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert run(site, tmp_path, "--at", SUNDAY) == 1
    assert stdin.read() == "y\ny\n"  # untouched


def test_password_in_an_address_is_never_printed_or_written(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.page("/", practice_page(site.url("/tool")))
    secret_site = site.url("/").replace("http://", "http://manager:s3cret-pw@")
    secret_tool = site.url("/tool").replace("http://", "http://manager:s3cret-pw@")
    code = main(
        ["practice", "check", "--website", secret_site, "--tool", secret_tool,
         "--at", MONDAY_10, "--no-prompt", "--report-dir", str(tmp_path / "report")]
    )  # fmt: skip
    assert code == 1
    captured = capsys.readouterr()
    written = b"".join(p.read_bytes() for p in (tmp_path / "report").iterdir())
    for text in (captured.out, captured.err, written.decode()):
        assert "s3cret-pw" not in text
        assert "manager" not in text
    assert report_json(tmp_path)["website"]["requested_url"] == site.url("/")  # type: ignore[index]


def test_schema_command_describes_the_json_report(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site.page("/", practice_page(site.url("/tool")))
    assert run(site, tmp_path, "--at", SUNDAY) == 1
    capsys.readouterr()
    assert main(["practice", "schema"]) == 0
    schema = orjson.loads(capsys.readouterr().out)
    assert schema["title"] == "PracticeReport"
    jsonschema.validate(report_json(tmp_path), schema)
    broken = report_json(tmp_path) | {"surprise": 1}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
