"""The project's two set-up commands, needing nothing but Python 3.10+.

    python3 scripts/dev.py demo   # the main job on local defaults
    python3 scripts/dev.py test   # lint, types, import layers and the test suite

Each creates `.venv` beside the project on first use and installs the project
into it from its own files (`pyproject.toml` extras), reinstalling when
`pyproject.toml` changes. Nothing is installed by hand.

CI also runs a third command, the dependency matrix:

    python3 scripts/dev.py matrix [pytest args...]

and, after it, the browser tests:

    python3 scripts/dev.py browser [pytest args...]

They drive the hosted practice check (`gponline practice serve`) in headless
Chromium with selenium. The command installs what they need: Debian's
`chromium` and `chromium-driver` with apt-get when missing (as root; otherwise
it says what to install), and axe-core from the npm registry into
`.browser-cache/` (gitignored). It starts the server on a free loopback port,
runs `pytest -m browser tests/browser`, and stops the server by its PID.

The matrix checks that the dependency ranges in `pyproject.toml` hold at both ends:
Python 3.10 with the lowest versions of the direct dependencies the metadata
allows (uv's `--resolution lowest-direct`), and Python 3.13 with the newest
versions. Each end gets its own venv under `.venvs/` (uv itself is installed
from PyPI into `.venvs/bootstrap` with pip), resolved afresh and synced
exactly whenever `pyproject.toml` changes, and runs `MATRIX_TESTS`: a subset
of the suite that exercises every dependency at least once, in a few minutes.
The interpreters come from pyenv (`pyenv root`/versions/3.10.*) or else
`python3.10`/`python3.13` on the PATH. Delete `.venvs/` to re-resolve.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
VENVS = ROOT / ".venvs"

#: The dependency matrix: (venv name under .venvs/, Python, uv resolution).
MATRIX = (
    ("py310-lowest", "3.10", "lowest-direct"),
    ("py313-newest", "3.13", "highest"),
)

#: What the matrix runs: every dependency at least once, not the whole suite.
MATRIX_TESTS = (
    # attrs + cattrs: the converter's errors (paths, enums, nothing echoed).
    "tests/models/test_invalid.py",
    # attrs + cattrs + hypothesis (properties over the models) + jsonschema.
    "tests/models/test_roundtrip.py",
    # orjson: the wire format byte for byte, and the weekly JSON files.
    "tests/models/test_golden.py",
    "tests/reporting/test_formats_json.py",
    # defusedxml, holidays.
    "tests/reporting/test_formats_xml.py",
    "tests/models/test_bank_holidays.py",
    # openpyxl: NHS England's Excel submission reports.
    "tests/reporting/test_xlsx_report.py",
    # The national profile, end to end (a child process per profile) on mesh-sandbox.
    "tests/national/test_profile.py",
    # requests + mesh-client against mesh-sandbox/uvicorn; responses for faults.
    "tests/mesh/test_mesh_sandbox_roundtrip.py",
    "tests/mesh/test_mesh_retries.py",
    # The conformance suite against the reference tool (the default seed: the main stage
    # runs every seed); schemathesis.
    "tests/conformance/test_selftest.py::test_clean_reference_tool_passes_every_check[20251001]",
    "tests/conformance/test_schemathesis.py",
    # The CLI, the demo's whole local flow included; tomli on 3.10.
    "tests/cli/test_cli_basics.py",
    # starlette, uvicorn and python-multipart (the web extra): the hosted practice check.
    "tests/conformance/practice/test_web_app.py",
    "tests/conformance/practice/test_practice_batch.py::test_the_web_page_takes_the_same_file_and_shows_the_summary",
    # pyarrow + numpy: the columnar weekly build held to the row path.
    "tests/reporting/test_columnar_parity.py",
    "tests/reporting/test_columnar_cases.py",
    # The bench peers: pydantic and pandas.
    "tests/bench/test_bench_smoke.py",
    "tests/bench/test_bench_pipeline_smoke.py::test_bench_pipeline_smoke",
)


def _run(*args: str | Path) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    started = time.monotonic()
    done = subprocess.run([str(a) for a in args], cwd=ROOT, check=False)
    # The step's wall time in the log, so CI's time budget can be read step by step.
    print(f"+ ({time.monotonic() - started:.0f} s)", flush=True)
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


def _bin(env: Path, name: str) -> Path:
    if os.name == "nt":
        return env / "Scripts" / f"{name}.exe"
    return env / "bin" / name


def _find_python(version: str) -> Path:
    """The newest installed Python `version` (e.g. "3.10"): pyenv's, else the PATH's."""
    candidates: list[Path] = []
    try:
        root = subprocess.run(
            ["pyenv", "root"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        root = os.environ.get("PYENV_ROOT", "")
    if root:
        for exe in Path(root).glob(f"versions/{version}.*/bin/python{version}"):
            if re.fullmatch(rf"{re.escape(version)}\.\d+", exe.parent.parent.name):
                candidates.append(exe)
    if candidates:
        return max(candidates, key=lambda exe: int(exe.parent.parent.name.rsplit(".", 1)[1]))
    on_path = shutil.which(f"python{version}")
    if on_path:
        probe = subprocess.run(
            [on_path, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            check=False,
        )
        if probe.stdout.strip() == version:
            return Path(on_path)
    sys.exit(
        f"matrix: Python {version} not found (looked in `pyenv root`/versions/{version}.* "
        f"and for python{version} on the PATH); install it, e.g. `pyenv install {version}`"
    )


def _uv() -> Path:
    """uv, installed from PyPI with pip into `.venvs/bootstrap` on first use."""
    boot = VENVS / "bootstrap"
    uv = _bin(boot, "uv")
    if not uv.exists():
        print(f"creating {boot}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(boot)
        _run(_bin(boot, "python"), "-m", "pip", "install", "--quiet", "uv")
    return uv


def _ensure_matrix_venv(name: str, version: str, resolution: str) -> Path:
    """A venv for one end of the matrix, resolved afresh when pyproject.toml changes."""
    uv = _uv()
    env = VENVS / name
    py = _bin(env, "python")
    if not py.exists():
        _run(uv, "venv", "--quiet", "--python", _find_python(version), env)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    stamp = env / f".installed-{resolution}-{digest}"
    if stamp.exists():
        return py
    pins = env / "requirements.txt"
    pins.unlink(missing_ok=True)  # an old pin file would be read as preferences
    _run(
        uv,
        "pip",
        "compile",
        "--quiet",
        "pyproject.toml",
        "--extra",
        "test",
        "--resolution",
        resolution,
        "--python",
        py,
        "--output-file",
        pins,
    )
    _run(uv, "pip", "sync", "--quiet", "--python", py, pins)
    _run(uv, "pip", "install", "--quiet", "--python", py, "--no-deps", "-e", ".")
    for old in env.glob(".installed-*"):
        old.unlink()
    stamp.touch()
    return py


def matrix(argv: list[str]) -> None:
    """Run MATRIX_TESTS on Python 3.10 at the lowest versions and 3.13 at the newest."""
    failed = []
    for name, version, resolution in MATRIX:
        print(f"== {name}: Python {version}, --resolution {resolution}", flush=True)
        py = _ensure_matrix_venv(name, version, resolution)
        _run(_bin(VENVS / "bootstrap", "uv"), "pip", "freeze", "--python", py)
        cmd = [str(py), "-m", "pytest", "-n", "2", "-p", "no:cacheprovider", *MATRIX_TESTS, *argv]
        print("+", " ".join(cmd), flush=True)
        if subprocess.run(cmd, cwd=ROOT, check=False).returncode != 0:
            failed.append(name)
    if failed:
        sys.exit(f"matrix: failed on {', '.join(failed)}")
    print(f"matrix: passed on {', '.join(name for name, _, _ in MATRIX)}", flush=True)


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
    # The browser tests need Chromium: `dev.py browser` runs them, not this.
    # --durations: the slowest tests named in the log, where CI's time goes.
    _run(PY, "-m", "pytest", "-n", "2", "-m", "not browser", "--durations=30", *argv)


#: axe-core, the accessibility audit the browser tests run (from the npm registry).
AXE_VERSION = "4.14.1"
BROWSER_CACHE = ROOT / ".browser-cache"


def _browser_tools() -> tuple[str, str, Path]:
    """Chromium, its driver and axe-core: found, else installed (apt-get as root, npm)."""
    started = time.monotonic()
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if chromium is None or driver is None:
        if os.name != "posix" or os.geteuid() != 0 or shutil.which("apt-get") is None:
            sys.exit(
                "browser: needs Debian's chromium and chromium-driver; install them "
                "(apt-get install chromium chromium-driver) or run this as root on Debian"
            )
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for cmd in (
            ["apt-get", "update", "-q"],
            ["apt-get", "install", "-y", "-q", "chromium", "chromium-driver"],
        ):
            print("+", " ".join(cmd), flush=True)
            if subprocess.run(cmd, cwd=ROOT, env=env, check=False).returncode != 0:
                sys.exit(f"browser: {' '.join(cmd)} failed")
        chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
        if chromium is None or driver is None:
            sys.exit("browser: chromium or chromedriver still missing after apt-get install")
    axe = BROWSER_CACHE / "node_modules" / "axe-core" / "axe.min.js"
    stamp = BROWSER_CACHE / f".axe-{AXE_VERSION}"
    if not (axe.exists() and stamp.exists()):
        npm = shutil.which("npm")
        if npm is None:
            sys.exit("browser: needs npm (Node.js) to fetch axe-core from the npm registry")
        BROWSER_CACHE.mkdir(exist_ok=True)
        _run(
            npm,
            "install",
            "--prefix",
            BROWSER_CACHE,
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            f"axe-core@{AXE_VERSION}",
        )
        stamp.touch()
    print(f"browser: tools ready in {time.monotonic() - started:.1f} s", flush=True)
    return chromium, driver, axe


def _wait_for_port(port: int, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            sys.exit(f"browser: the server exited with {proc.returncode} before listening")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    sys.exit("browser: the server did not start listening within 30 s")


def browser(argv: list[str]) -> None:
    """Run the browser tests against a server started here, on a free loopback port."""
    started = time.monotonic()
    _ensure_venv("test")
    chromium, driver, axe = _browser_tools()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # Practice sites in the tests are served on loopback, so the server must read them.
    server = subprocess.Popen(
        [
            str(BIN / "gponline"),
            "practice",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--allow-private-addresses",
        ],
        cwd=ROOT,
    )
    print(f"browser: server PID {server.pid} on 127.0.0.1:{port}", flush=True)
    try:
        _wait_for_port(port, server)
        env = {
            **os.environ,
            "GPONLINE_BROWSER_BASE": f"http://127.0.0.1:{port}",
            "GPONLINE_CHROMIUM": chromium,
            "GPONLINE_CHROMEDRIVER": driver,
            "GPONLINE_AXE_JS": str(axe),
        }
        cmd = [str(PY), "-m", "pytest", "-p", "no:xdist", "-m", "browser", "tests/browser", *argv]
        print("+", " ".join(cmd), flush=True)
        code = subprocess.run(cmd, cwd=ROOT, env=env, check=False).returncode
    finally:
        os.kill(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(server.pid, signal.SIGKILL)
            server.wait()
    print(f"browser: done in {time.monotonic() - started:.1f} s", flush=True)
    if code != 0:
        sys.exit(code)


def main() -> None:
    """Dispatch `demo`, `test`, `matrix` or `browser`; other arguments go to the command."""
    commands = {"demo": demo, "test": test, "matrix": matrix, "browser": browser}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(f"usage: python3 scripts/dev.py {{{'|'.join(commands)}}} [args...]")
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
