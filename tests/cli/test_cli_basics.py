"""The `gponline` command's shared behaviour: version, help, usage errors, demo."""

from pathlib import Path

import pytest

from gponline_sdk import __version__
from gponline_sdk.cli.main import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"gponline {__version__}"


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: gponline" in capsys.readouterr().err


def test_unknown_option_is_a_usage_error() -> None:
    assert main(["models", "schema", "--no-such-flag"]) == 2


def test_demo_writes_a_request_and_reads_it_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--out-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert (tmp_path / "request.json").is_file()
    assert "read it back unchanged" in out
    assert "$.practice_code: 'A8100' is not a GP practice ODS code" in out
    # The demo patient's NHS number is in the tool's own file, never on the console.
    assert "9990000018" not in out
