"""`pytest --gponline-target URL`: the conformance checks as pytest items (the pytest11 plugin).

Each test runs pytest in a child process, in an empty folder, as a vendor's CI
would, against the reference tool on loopback: clean, and with a fault mode.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from gponline_sdk.conformance.core import CHECKS
from gponline_sdk.reference.tool import serve_in_thread


def _pytest(url: str, cwd: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--gponline-target", url, "-p", "no:cacheprovider",
         "-p", "no:xdist", "-p", "no:randomly", "-rfE", *extra],
        cwd=cwd, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


def test_every_check_is_an_item_and_the_clean_tool_passes(tmp_path: Path) -> None:
    with serve_in_thread() as url:
        done = _pytest(url, tmp_path, "--junitxml", "junit.xml", "-q")
    assert done.returncode == 0, done.stdout[-3000:]
    cases = ET.parse(tmp_path / "junit.xml").getroot().iter("testcase")
    import gponline_sdk.conformance.checks  # noqa: F401 - registers every check

    assert {c.get("name") for c in cases} == set(CHECKS)


def test_a_fault_fails_its_checks_with_their_message(tmp_path: Path) -> None:
    with serve_in_thread(fault="redirects-to-111") as url:
        done = _pytest(url, tmp_path, "-q")
    assert done.returncode == 1
    failed = {line.split()[1] for line in done.stdout.splitlines() if line.startswith("FAILED ")}
    assert {f.rsplit("::", 1)[-1] for f in failed} == {
        "availability.no-111-redirect",
        "availability.no-111-any-script",
        "availability.no-111-anywhere",
        "requests.medication-queries",
    }
    assert "AV-111-01" in done.stdout
    assert "Traceback" not in done.stdout


def test_requirement_marks_select_checks(tmp_path: Path) -> None:
    import gponline_sdk.conformance.checks  # noqa: F401 - registers every check

    wanted = {c.id for c in CHECKS.values() if "OC-ACK-01" in c.requirements}
    with serve_in_thread() as url:
        done = _pytest(url, tmp_path, "-m", "OC_ACK_01", "--strict-markers", "-v")
    assert done.returncode == 0, done.stdout[-3000:]
    ran = {
        line.split("::")[-1].split()[0] for line in done.stdout.splitlines() if " PASSED" in line
    }
    assert ran == wanted


def test_without_the_option_the_plugin_adds_nothing(tmp_path: Path) -> None:
    (tmp_path / "test_own.py").write_text("def test_own():\n    assert True\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0
    assert "1 passed" in done.stdout
