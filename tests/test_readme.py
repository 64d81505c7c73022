"""The README stays true: its code runs and CI calls its test command."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_python_snippets_run() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})


def test_ci_runs_the_readme_test_command() -> None:
    commands = re.findall(r"^(python3 scripts/dev\.py \w+)", README, re.M)
    assert commands == ["python3 scripts/dev.py demo", "python3 scripts/dev.py test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 scripts/dev.py test" in ci


def test_the_readme_puts_gponline_on_the_path() -> None:
    """Follow the README literally: its activation line, then `gponline` by name."""
    lines = re.findall(r"^(\. \.venv/bin/activate)\b", README, re.M)
    assert lines == [". .venv/bin/activate"]
    # The venv these tests run in is the README's `.venv` under `dev.py test`; in
    # another venv, its own activate script is the same mechanism.
    venv = Path(sys.prefix)
    line = lines[0] if venv == ROOT / ".venv" else f". {venv / 'bin' / 'activate'}"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(Path.home())}
    done = subprocess.run(
        ["bash", "-c", f"{line} && gponline --version"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("gponline ")
