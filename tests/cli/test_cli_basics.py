"""The `gponline` command's shared behaviour: version, help, usage errors, demo."""

import argparse
from pathlib import Path

import pytest

from gponline_sdk import __version__
from gponline_sdk.cli.main import _run, build_parser, main, verbosity


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"gponline {__version__}"


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: gponline" in capsys.readouterr().err


def test_unknown_option_is_a_usage_error() -> None:
    assert main(["models", "schema", "--no-such-flag"]) == 2


@pytest.mark.sandbox
def test_demo_runs_the_whole_local_flow(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--out-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    # 1. models
    assert (tmp_path / "request.json").is_file()
    assert "read it back unchanged" in out
    assert "$.practice_code: 'A8100' is not a GP practice ODS code" in out
    # 2. the suite against the reference tool, with its reports
    assert "Verdict:   CONFORMANT" in out
    for name in ("report.json", "report.html", "junit.xml"):
        assert (tmp_path / "conformance" / name).is_file()
    # 3. a week sent over MESH and answered by the collector
    assert "6 of 6 files accepted" in out
    assert len(list((tmp_path / "reporting" / "files").glob("*.json"))) == 6
    # The sample patients' identifiers never reach the console.
    for value in ("9990000018", "9999072356", "Sam Jones", "sam.jones@example.org"):
        assert value not in out


def test_a_crash_of_the_sdk_exits_5_without_its_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def broken(_args: argparse.Namespace) -> int:
        raise RuntimeError("patient Qzkvbrhmxa 9991234561 broke it")

    assert _run(broken, argparse.Namespace()) == 5
    err = capsys.readouterr().err
    assert "internal error: RuntimeError at test_cli_basics.py:" in err
    assert "not a verdict" in err
    assert "Qzkvbrhmxa" not in err
    assert "9991234561" not in err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["report", "status"], 0),
        (["-v", "report", "status"], 1),
        (["report", "-v", "status"], 1),
        (["report", "status", "-vv"], 2),
        (["-v", "report", "status", "-v"], 2),
        (["report", "status", "-q"], -1),
        (["-q", "conformance", "list", "--quiet"], -2),
        (["-v", "models", "schema", "-q"], 0),
    ],
)
def test_verbosity_counts_wherever_it_is_given(argv: list[str], expected: int) -> None:
    assert verbosity(build_parser().parse_args(argv)) == expected


def test_quiet_conformance_run_prints_no_line_per_passing_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gponline_sdk.reference.tool import serve_in_thread

    with serve_in_thread() as url:
        code = main(["conformance", "run", "--target", url, "--report-dir", str(tmp_path), "-q"])
    out = capsys.readouterr().out
    assert code == 0
    assert "PASS " not in out
    assert "CONFORMANT" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["conformance", "run", "--reference", "--reference-fault", "a", "--reference-fault", "b"],
        ["report", "status", "--outbox", "a.sqlite", "--outbox=b.sqlite"],
        ["init", "vendor", "--out", "a.toml", "--out", "b.toml"],
    ],
)
def test_a_single_value_option_given_twice_is_a_usage_error(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert "given more than once" in capsys.readouterr().err


def test_options_that_collect_still_collect() -> None:
    args = build_parser().parse_args(["conformance", "run", "--only", "a", "--only", "b"])
    assert args.only == ["a", "b"]


def _leaves(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return [(path, parser)]
    return [
        leaf
        for a in subs
        for name, child in a.choices.items()
        for leaf in _leaves(child, (*path, name))
    ]


def test_every_command_has_a_description_an_example_that_parses_and_its_exit_codes() -> None:
    import shlex

    parser = build_parser()
    leaves = _leaves(parser)
    assert len(leaves) >= 20
    for path, leaf in leaves:
        name = " ".join(path)
        assert leaf.description, name
        text = leaf.format_help()
        assert "example:" in text, name
        assert "exit codes:" in text, name
        assert "  0  done" in text, name
        example = text.split("example:\n", 1)[1].splitlines()[0].strip()
        words = shlex.split(example)
        assert words[0] == "gponline", name
        assert tuple(words[1 : 1 + len(path)]) == path, name
        parser.parse_args(words[1:])  # the example is a valid command line


def _groups(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return []
    return [(path, parser)] + [
        group
        for a in subs
        for name, child in a.choices.items()
        for group in _groups(child, (*path, name))
    ]


def test_every_command_group_says_what_it_is_for_with_an_example_and_exit_codes() -> None:
    import shlex

    parser = build_parser()
    groups = _groups(parser)
    assert {p for p, _ in groups} >= {(), ("report",), ("sandbox",), ("conformance",)}
    for path, group in groups:
        name = " ".join(path) or "gponline"
        assert group.description, name
        text = group.format_help()
        assert "exit codes (of its commands):" in text, name
        # A group lists exactly the codes its commands can give.
        leaf_codes = [_codes(leaf.format_help(), "exit codes:") for _, leaf in _leaves(group, path)]
        assert _codes(text, "exit codes (of its commands):") == set().union(*leaf_codes), name
        example = text.split("example:\n", 1)[1].splitlines()[0].strip()
        words = shlex.split(example)
        assert words[0] == "gponline", name
        assert tuple(words[1 : 1 + len(path)]) == path, name


def _codes(help_text: str, heading: str) -> set[int]:
    """The exit codes listed under `heading` (the help's last section)."""
    lines = help_text.split(heading + "\n", 1)[1].splitlines()
    return {int(line.split()[0]) for line in lines if line.strip()}
