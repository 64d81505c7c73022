"""The project's two set-up commands, needing nothing but Python 3.10+.

    python3 scripts/dev.py demo   # the main job on local defaults
    python3 scripts/dev.py test   # lint, types, import layers and the test suite

Each creates `.venv` beside the project on first use and installs the project
into it from its own files (`pyproject.toml` extras), reinstalling when
`pyproject.toml` changes. Nothing is installed by hand.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def _run(*args: str | Path) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    done = subprocess.run([str(a) for a in args], cwd=ROOT, check=False)
    if done.returncode != 0:
        sys.exit(done.returncode)


def _ensure_venv(extras: str) -> None:
    if not PY.exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    stamp = VENV / f".installed-{extras}-{digest}"
    if stamp.exists():
        return
    _run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    _run(PY, "-m", "pip", "install", "--quiet", "-e", f".[{extras}]")
    for old in VENV.glob(".installed-*"):
        old.unlink()
    stamp.touch()


def demo(argv: list[str]) -> None:
    """Run the main job: the whole local flow on default settings."""
    _ensure_venv("sandbox")
    _run(BIN / "gponline", "demo", *argv)


def test(argv: list[str]) -> None:
    """Run every check CI runs: ruff, mypy --strict, import layers, pytest."""
    _ensure_venv("test")
    code = [d for d in ("src", "tests", "examples", "bench", "scripts") if (ROOT / d).is_dir()]
    _run(BIN / "ruff", "check", *code)
    _run(BIN / "ruff", "format", "--check", *code)
    _run(BIN / "mypy", "--strict", "src")
    _run(BIN / "lint-imports")
    _run(PY, "-m", "pytest", "-n", "2", *argv)


def main() -> None:
    """Dispatch `demo` or `test`; other arguments go to the command."""
    commands = {"demo": demo, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(f"usage: python3 scripts/dev.py {{{'|'.join(commands)}}} [args...]")
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
