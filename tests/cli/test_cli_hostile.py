"""A generated catalogue of bad inputs and hostile environments, run through `gponline`.

The cases are not written by hand: the argument parser is walked (so a new
flag is covered the day it is added), and every option of type `Path` of the
`report`, `models`, `conformance` and `practice` commands gets

- as an input (see `gponline_sdk.cli.main.is_input_option`): a missing file,
  a folder, a FIFO, an empty file, binary garbage, invalid UTF-8, UTF-16 with
  a BOM, one huge line, a 100k-column header, its valid file with a key given
  twice, a file it may not read, a symlink loop, `/proc/self/mem`, and for
  TOML settings a mistyped table;
- as an output: a file where a folder belongs, a path under a file, a folder
  where a file belongs, a FIFO, a corrupt outbox, read-only places (`/proc`, `/sys`:
  read-only even for root, unlike chmod 0555), a chmod 0555 folder, and a full
  disk (RLIMIT_FSIZE 0, which every writer meets as EFBIG, for root too;
  /dev/full is not used: an atomic writer would rename its temp file over the
  device node).

Root reads and writes whatever the modes say, so when the suite runs as root
(as CI does) the two permission cases run the CLI in a child process as
`nobody`, on files that are `nobody`'s own.

Each case runs the CLI in-process with otherwise valid arguments and asserts:
the documented exit code (2 input or settings, or 3 where an endpoint is
involved), no traceback, no planted identifier echoed (an NHS number is also
planted in every file name; the name is planted in contents only, since a file
name is what the user typed and the scanner cannot know names), the case's
folders unchanged, and a bounded message.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from _hostile_catalogue import (
    ENDPOINT,
    INPUT_CASES,
    INPUTS,
    KEPT_WHEN,
    MAX_OUTPUT,
    NEEDS_STATE,
    OUTPUT_CASES,
    OUTPUTS,
    PLANTED,
    PLANTED_NHS,
    ROOT,
    SUFFIX,
    TOML_ONLY,
    UNREAD,
    Entry,
    _argv,
    _baseline,
    _gap,
    _path_options,
    make_valid_files,
)

from gponline_sdk.cli.main import main

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="session")
def valid(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A valid file for each input option (by dest), and the files the baselines need."""
    return make_valid_files(tmp_path_factory.mktemp("valid"))


NOBODY = 65534
"""The unprivileged user the permission cases run as when the suite runs as root."""


@pytest.fixture(scope="session")
def unprivileged() -> Iterator[Path]:
    """A folder `nobody` may enter and read (pytest's own temp folders are root's, 0700)."""
    base = Path(tempfile.mkdtemp(prefix="gponline-hostile-"))
    base.chmod(0o755)
    yield base
    shutil.rmtree(base, ignore_errors=True)


def _nobody_place(base: Path, name: str) -> tuple[Path, dict[str, Path]]:
    """A case folder under `base`, and valid files `nobody` can read, owned by `nobody`."""
    place = base / name
    place.mkdir(mode=0o755)
    valid = make_valid_files(_mkdir(place / "valid"))
    for path in [place, *place.rglob("*")]:
        os.chown(path, NOBODY, NOBODY)  # as a user's own files are theirs
    return place, valid


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


def _run_as_nobody(argv: list[str], home: Path) -> tuple[int, str, str]:
    """`gponline argv` in a child process running as `nobody`: (exit code, stdout, stderr)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GPONLINE_")}
    env.update(HOME=str(home), XDG_STATE_HOME=str(home / "state"))
    code = "import sys; from gponline_sdk.cli.main import main; sys.exit(main(sys.argv[1:]))"
    done = subprocess.run(
        [sys.executable, "-c", code, *argv],
        user=NOBODY,
        group=NOBODY,
        extra_groups=[],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def _snapshot(*roots: Path) -> dict[str, Entry]:
    """Every file and folder under `roots`: mode, size and (for files) modification time."""
    seen = {}
    for root in roots:
        for folder, dirs, names in os.walk(root):
            for name in [*dirs, *names]:
                st = os.lstat(Path(folder, name))
                # A folder's time changes when a temp file comes and goes: not a change.
                mtime = 0 if name in dirs else st.st_mtime_ns
                seen[str(Path(folder, name))] = (
                    st.st_mode,
                    0 if name in dirs else st.st_size,
                    mtime,
                )
    return seen


def _changes(before: dict[str, Entry], after: dict[str, Entry]) -> list[str]:
    """Files added, removed or altered, and folders removed; a new empty folder is no change."""
    files_after = [p for p, (mode, _, _) in after.items() if not stat.S_ISDIR(mode)]
    new_empty = {
        p
        for p, (mode, _, _) in after.items()
        if p not in before
        and stat.S_ISDIR(mode)
        and not any(f.startswith(p + os.sep) for f in files_after)
    }
    changed = {p for p in set(before) & set(after) if before[p] != after[p]}
    return sorted((set(before) ^ set(after)) - new_empty | changed)


def _run_cli(argv: list[str], fifos: list[Path]) -> int:
    """`main(argv)` on a thread: a FIFO that blocks fails the case instead of hanging it."""
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(main(argv)), daemon=True)
    thread.start()
    thread.join(timeout=60)
    if thread.is_alive():
        for fifo in fifos:  # open the writing end so the blocked reader gets EOF
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(timeout=10)
        pytest.fail(f"gponline {' '.join(argv[:2])} blocked on its input")
    return result[0]


def _check_outcome(
    code: int, allowed: set[int], out: str, err: str, *, paths_on_stdout: bool = False
) -> None:
    """Exit code, no traceback, nothing planted echoed, a bounded message that says why.

    With `paths_on_stdout`, stdout may name an output file the user chose (a
    run's summary says where its reports went), planted NHS number and all.
    """
    assert code in allowed, f"exit {code}, expected one of {sorted(allowed)}:\n{err[:1000]}"
    for stream in (out, err):
        assert "Traceback" not in stream
        for planted in PLANTED:
            if planted == PLANTED_NHS and paths_on_stdout and stream is out:
                continue
            assert planted not in stream, f"{planted!r} echoed:\n{stream[:1000]}"
    if code != 0:
        assert len(err) + len(out) < MAX_OUTPUT, f"{len(err) + len(out)} characters printed"
        assert (err + out).strip(), "a failure must say why"


@pytest.mark.parametrize(("command", "flag", "dest", "kind"), INPUT_CASES)
def test_bad_input_is_refused_cleanly(
    command: tuple[str, ...],
    flag: str,
    dest: str,
    kind: str,
    valid: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    unprivileged: Path,
) -> None:
    """Every input option, given a bad file: exit 2 (3 at an endpoint), nothing else."""
    # Root reads any file whatever its mode: as root, that case runs as `nobody`.
    as_nobody = kind == "unreadable" and ROOT
    if as_nobody:
        tmp_path, valid = _nobody_place(unprivileged, tmp_path.name)
    suffix = SUFFIX.get(dest, ".csv")
    inputs = tmp_path / "in"
    inputs.mkdir()
    bad = inputs / f"{PLANTED_NHS}-{kind}{suffix}"
    if kind == "proc-mem":
        bad = Path("/proc/self/mem")
    elif kind in TOML_ONLY:
        bad.write_text(TOML_ONLY[kind])
    else:
        INPUTS[kind](bad, valid.get(dest, valid["oc_events"]))
    out = tmp_path / "out"
    argv = _argv(command, _baseline(command, valid, out, flag), flag, str(bad))
    before = _snapshot(tmp_path, valid["key_file"].parent)
    if as_nobody:
        code, out_text, err_text = _run_as_nobody(argv, tmp_path)
    else:
        code = _run_cli(argv, [bad] if kind == "fifo" else [])
        captured = capsys.readouterr()
        out_text, err_text = captured.out, captured.err
    allowed = {2, 3} if command in ENDPOINT else {2}
    if dest in UNREAD.get(command, ()) and kind not in ("missing", "folder", "fifo", "proc-mem"):
        allowed |= {0}  # never read, so its content cannot matter
    _check_outcome(code, allowed, out_text, err_text)
    if code == 2:  # refused as bad input: nothing may have been written
        assert not _changes(before, _snapshot(tmp_path, valid["key_file"].parent))


@pytest.mark.parametrize(("command", "flag", "dest", "kind"), OUTPUT_CASES)
def test_hostile_output_place_is_refused_cleanly(
    command: tuple[str, ...],
    flag: str,
    dest: str,
    kind: str,
    valid: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    unprivileged: Path,
) -> None:
    """Every output option, pointed somewhere it cannot write: exit 2 (3 at an endpoint)."""
    # Root writes into a 0555 folder: as root, that case runs as `nobody`.
    as_nobody = kind == "chmod-0555" and ROOT
    if as_nobody:
        tmp_path, valid = _nobody_place(unprivileged, tmp_path.name)
    out = tmp_path / "out"
    target = OUTPUTS[kind](tmp_path / "place" / f"{PLANTED_NHS}-{dest}")
    argv = _argv(command, _baseline(command, valid, out, flag), flag, str(target))
    before = _snapshot(tmp_path, valid["key_file"].parent)
    if as_nobody:
        code, out_text, err_text = _run_as_nobody(argv, tmp_path)
    else:
        code = _run_cli(argv, [target] if kind == "a-fifo" else [])
        captured = capsys.readouterr()
        out_text, err_text = captured.out, captured.err
    allowed = {2, 3} if command in ENDPOINT else {2}
    if dest in UNREAD.get(command, ()) or (dest == "junit" and kind == "a-file"):
        allowed |= {0}  # never written, or a file that may be replaced
    _check_outcome(code, allowed, out_text, err_text, paths_on_stdout=True)
    if code == 2:  # refused: nothing may have been written
        changes = _changes(before, _snapshot(tmp_path, valid["key_file"].parent))
        if (*command, flag) in KEPT_WHEN:
            changes = [c for c in changes if not c.startswith(str(out))]
        assert not changes


WRITERS = [(c, f, d) for c, f, d in _path_options("output") if d not in UNREAD.get(c, ())]


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="no RLIMIT_FSIZE here")
@pytest.mark.parametrize(
    ("command", "flag", "dest"),
    [
        pytest.param(
            *w, id=f"{'-'.join(w[0])}:{w[1]}", marks=_gap(f"{'-'.join(w[0])}:{w[1]}|full-disk")
        )
        for w in WRITERS
    ],
)
def test_full_disk_is_refused_cleanly(
    command: tuple[str, ...],
    flag: str,
    dest: str,
    valid: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A disk that takes no more bytes (RLIMIT_FSIZE 0 gives EFBIG on every write)."""
    out = tmp_path / "out"
    target = out / f"full-{dest}"
    argv = _argv(command, _baseline(command, valid, out, flag), flag, str(target))
    before = _snapshot(tmp_path, valid["key_file"].parent)
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the kernel kills us
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, limits[1]))
    try:
        code = main(argv)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        signal.signal(signal.SIGXFSZ, handler)
    captured = capsys.readouterr()
    _check_outcome(code, {2, 3} if command in ENDPOINT else {2}, captured.out, captured.err)
    # Empty or partial files would be half-done work: nothing may be left behind.
    assert not _changes(before, _snapshot(tmp_path, valid["key_file"].parent))


# `practice serve` runs until stopped, so it has no baseline that returns: its path option
# (--keep-reports) is refused before it listens (the cases above), and the served pages are
# tested with a real server in tests/conformance/practice/.
SERVERS = {("practice", "serve")}
BASELINE_COMMANDS = sorted(
    {cmd for cmd, _, _ in _path_options("input") + _path_options("output")} - SERVERS
)


@pytest.mark.parametrize("command", BASELINE_COMMANDS, ids="-".join)
def test_each_baseline_runs(
    command: tuple[str, ...],
    valid: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The arguments every case starts from are valid: a case fails for its bad part alone."""
    assert _baseline(command, valid, tmp_path / "out"), "a command with a path option needs one"
    argv = [*command, *(p for i in _baseline(command, valid, tmp_path / "out") for p in i if p)]
    code = main(argv)
    captured = capsys.readouterr()
    good = {0, 1, 3} if command in ENDPOINT else {0, 1}
    if command in NEEDS_STATE:
        good |= {2}
    assert code in good, captured.err
    assert "Traceback" not in captured.err
