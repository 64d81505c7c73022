"""The CI recipes vendors copy (GitHub composite action, GitLab template) stay true.

They are YAML a vendor's CI runs, not code this suite can run here (no GitHub or
GitLab runner): so each is parsed, its `gponline` command is parsed by the CLI's
own parser, and the place it installs from is checked to be this repository.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

from gponline_sdk.cli.main import build_parser

ROOT = Path(__file__).resolve().parent.parent
ACTION = ROOT / ".github" / "actions" / "gponline-conformance" / "action.yml"
GITLAB = ROOT / "ci" / "gitlab" / "gponline-conformance.gitlab-ci.yml"


def _gponline_args(command: str) -> list[str]:
    """The arguments after `gponline` in a shell line, with CI variables filled in."""
    command = re.sub(r"\$\{\{[^}]*\}\}", "X", command)  # ${{ inputs.x }}
    command = re.sub(r"\$\{WAIVERS:\+([^}]*)\}", r"\1", command)  # the optional part, on
    command = re.sub(r"\$\{?([A-Z_]+)\}?", "X", command)
    words = shlex.split(command)
    return words[words.index("gponline") + 1 :]


def test_the_github_action_installs_this_repository_and_runs_a_real_command() -> None:
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    install = next(s["run"] for s in steps if "pip install" in s.get("run", ""))
    relative = install.split('"')[1].replace("${{ github.action_path }}", str(ACTION.parent))
    assert (Path(relative).resolve() / "pyproject.toml").is_file()
    assert Path(relative).resolve() == ROOT
    run = next(s["run"] for s in steps if "gponline conformance" in s.get("run", ""))
    args = build_parser().parse_args(_gponline_args(run))
    assert args.junit is not None
    assert args.expected_failures is not None
    upload = next(s for s in steps if "upload-artifact" in s.get("uses", ""))
    assert upload["if"] == "always()"
    assert set(action["inputs"]) >= {"target-url", "token", "expected-failures", "report-dir"}


def test_the_gitlab_template_installs_from_the_repository_and_keeps_junit() -> None:
    job = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))[".gponline-conformance"]
    assert any(
        "git clone" in line and "$GPONLINE_SDK_REPO" in line for line in job["before_script"]
    )
    assert any("pip install" in line for line in job["before_script"])
    args = build_parser().parse_args(_gponline_args(job["script"][0]))
    assert str(args.junit) == job["artifacts"]["reports"]["junit"]
    assert f"{args.report_dir}/" in job["artifacts"]["paths"]
    assert args.expected_failures is not None  # a waivers file can be given
    assert "GPONLINE_EXPECTED_FAILURES" in job["variables"]
    assert job["artifacts"]["when"] == "always"
    assert job["artifacts"]["reports"]["junit"] == "conformance-report/junit.xml"
