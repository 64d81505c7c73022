"""The built wheel works on its own: installed in a fresh venv, outside the checkout.

Builds the wheel with pip (hatchling from the registry), installs it with its
runtime dependencies into a new virtual environment, and runs the console
script from a directory that holds no source, so nothing is imported from src/.
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def _run(*args: str | Path, cwd: Path) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("wheel")
    _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", work / "dist", ROOT, cwd=work
    )
    (wheel,) = (work / "dist").glob("gponline_sdk-*.whl")
    env = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    bindir = env / "bin"
    _run(bindir / "python", "-m", "pip", "install", "-q", wheel, cwd=work)
    return wheel, bindir


def test_wheel_ships_typing_marker_and_suite_data(installed: tuple[Path, Path]) -> None:
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "gponline_sdk/py.typed" in names
    assert "gponline_sdk/_conformance_data/catalogue.json" in names
    assert "gponline_sdk/_sample_data/oc_events.csv" in names
    assert not any(n.startswith(("tests/", "examples/")) for n in names)


def test_installed_console_script_prints_version(installed: tuple[Path, Path]) -> None:
    _, bindir = installed
    out = _run(bindir / "gponline", "--version", cwd=bindir)
    assert out.startswith("gponline ")


def test_installed_console_script_prints_schemas(installed: tuple[Path, Path]) -> None:
    _, bindir = installed
    doc = json.loads(_run(bindir / "gponline", "models", "schema", cwd=bindir))
    assert {"OcRecord", "ConsultationRequest", "SubmissionHeader"} <= set(doc["$defs"])
    where = _run(
        bindir / "python", "-c", "import gponline_sdk; print(gponline_sdk.__file__)", cwd=bindir
    )
    assert str(ROOT / "src") not in where


def test_installed_sdk_lists_the_conformance_suite(installed: tuple[Path, Path]) -> None:
    _, bindir = installed
    out = _run(bindir / "gponline", "conformance", "list", cwd=bindir)
    assert "OC-CAT-01" in out
