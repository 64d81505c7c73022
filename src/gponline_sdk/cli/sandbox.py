"""`gponline sandbox up`: a local MESH sandbox and NHS England's side, for trying the flow.

Starts mesh-sandbox on a free loopback port and the reference collector
(which validates what arrives, keeps the latest and sends a submission
report back), writes a settings file for the supplier's side, prints what
a client needs, and runs until interrupted (Ctrl-C or SIGTERM), then stops
both cleanly. With `--detach` it runs in the background (its output in
`<out-dir>/sandbox.log`, its PID in `<out-dir>/sandbox.pid`) and returns once
it is ready; `gponline sandbox down` stops it.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from gponline_sdk.cli import _exit
from gponline_sdk.errors import ConfigError
from gponline_sdk.reference.local_stack import (
    COLLECTOR_MAILBOX,
    SUPPLIER_MAILBOX,
    LocalCollection,
)
from gponline_sdk.reporting.participation import ParticipationList

SANDBOX_SUPPLIER_ID = "SANDBOX-SUPPLIER"
SANDBOX_MODULES = ("mesh_sandbox", "uvicorn")
"""What the `[sandbox]` extra installs and the local stack runs."""


def require_sandbox_extra() -> None:
    """Fail early, with the fix, when the optional `[sandbox]` extra is not installed.

    Raises:
        ConfigError: mesh-sandbox or uvicorn cannot be imported.
    """
    # The sandbox runs as a child process: without this check its start-up
    # failure would surface as a confusing error after files were written.
    missing = [m for m in SANDBOX_MODULES if importlib.util.find_spec(m) is None]
    if missing:
        raise ConfigError(
            f"this command needs the sandbox extra ({', '.join(missing)} not installed): "
            "pip install 'gponline-sdk[sandbox]'"
        )


def register(sub: Any) -> None:
    """Add the `sandbox` subcommands."""
    parser = sub.add_parser("sandbox", help="a local MESH sandbox with NHS England's side")
    cmds = parser.add_subparsers(dest="sandbox_command", metavar="COMMAND", required=True)
    up = cmds.add_parser("up", help="start mesh-sandbox and the reference collector")
    up.add_argument(
        "--out-dir",
        type=Path,
        default=Path("gponline-out/sandbox"),
        help="its config, mailboxes, log and PID (default: gponline-out/sandbox, from here)",
    )
    up.add_argument("--participation", type=Path, help="list the collector applies (default all)")
    up.add_argument(
        "--detach", action="store_true", help="run in the background; `sandbox down` stops it"
    )
    up.set_defaults(handler=_up)
    down = cmds.add_parser("down", help="stop a sandbox started with `up --detach`")
    down.add_argument(
        "--out-dir",
        type=Path,
        default=Path("gponline-out/sandbox"),
        help="the folder `sandbox up --detach` used (default: gponline-out/sandbox)",
    )
    down.set_defaults(handler=_down)


def write_supplier_settings(stack: LocalCollection, out_dir: Path) -> Path:
    """Write `sandbox.toml` (MESH, supplier ID, a fresh pseudonym key file) for this stack."""
    key_file = out_dir / "pseudonym.key"
    key_file.touch(mode=0o600, exist_ok=True)
    key_file.write_text(secrets.token_hex(32) + "\n")
    settings = out_dir / "sandbox.toml"
    settings.write_text(
        stack.settings_toml()
        # Paths relative to this file (the rule for every config file): the
        # settings work from any current folder.
        + f'\n[supplier]\nid = "{SANDBOX_SUPPLIER_ID}"\nkey_file = "{key_file.name}"\n'
        + '\n[paths]\noutbox = "outbox.sqlite"\nout_dir = "files"\n'
    )
    settings.chmod(0o600)
    return settings


def _up(args: argparse.Namespace) -> int:
    require_sandbox_extra()
    if args.detach:
        return _detach(args)
    print(f"starting mesh-sandbox and the reference collector in {args.out_dir} ...", flush=True)
    participating = None
    if args.participation is not None:
        participating = ParticipationList.load(args.participation).__contains__
    stopped = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopped.set())
    with LocalCollection(work_dir=args.out_dir, participating=participating) as stack:
        settings = write_supplier_settings(stack, args.out_dir)
        print(f"mesh-sandbox: {stack.sandbox.url} (pid {stack.sandbox.pid})")
        print(f"supplier mailbox {SUPPLIER_MAILBOX} -> collector mailbox {COLLECTOR_MAILBOX}")
        print(f"settings for the supplier's side: {settings}")
        print(f"  gponline report build --config {settings} --all-practices --oc-events FILE")
        print(f"  gponline report submit --config {settings}")
        print(f"  gponline report inbox --config {settings} --force")
        print("ready; Ctrl-C stops", flush=True)
        stopped.wait()
        print("stopping", flush=True)
    return _exit.OK


# How long `up --detach` waits for the background sandbox to say it is ready.
READY_TIMEOUT_S = 120.0


def _detach(args: argparse.Namespace) -> int:
    out_dir: Path = args.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    pid_file, log_file = out_dir / "sandbox.pid", out_dir / "sandbox.log"
    if _running(pid_file) is not None:
        raise ConfigError(f"a sandbox is already running from {out_dir}: `gponline sandbox down`")
    command = [sys.executable, "-m", "gponline_sdk.cli", "sandbox", "up", "--out-dir", str(out_dir)]
    if args.participation is not None:
        command += ["--participation", str(args.participation)]
    print(f"starting mesh-sandbox in the background (log: {log_file}) ...", flush=True)
    with log_file.open("wb") as log:
        child = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C in this terminal must not stop it
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    pid_file.write_text(f"{child.pid}\n", encoding="ascii")
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        text = log_file.read_text(encoding="utf-8", errors="replace")
        if "ready; Ctrl-C stops" in text:
            for line in text.splitlines():
                if not line.startswith(("starting", "ready")):
                    print(line)
            print(f"ready in the background (pid {child.pid}); `gponline sandbox down` stops it")
            return _exit.OK
        if child.poll() is not None:
            pid_file.unlink(missing_ok=True)
            tail = "\n".join(text.splitlines()[-5:])
            raise ConfigError(f"the sandbox stopped while starting (see {log_file}):\n{tail}")
        time.sleep(0.2)
    _stop(child.pid)
    pid_file.unlink(missing_ok=True)
    print(f"the sandbox did not start in {READY_TIMEOUT_S:.0f}s (see {log_file})", file=sys.stderr)
    return _exit.UNREACHABLE


def _down(args: argparse.Namespace) -> int:
    pid_file = args.out_dir / "sandbox.pid"
    pid = _running(pid_file)
    if pid is None:
        pid_file.unlink(missing_ok=True)
        raise ConfigError(f"no sandbox is running from {args.out_dir}")
    _stop(pid)
    pid_file.unlink(missing_ok=True)
    print(f"stopped the sandbox (pid {pid})")
    return _exit.OK


def _running(pid_file: Path) -> int | None:
    """The PID in `pid_file` if that process is alive and is a `gponline sandbox up`."""
    try:
        pid = int(pid_file.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None  # gone (or not Linux: then `down` cannot check, and says so)
    return pid if b"sandbox\0up" in cmdline else None


def _stop(pid: int) -> None:
    """SIGTERM (the sandbox stops its children cleanly), then SIGKILL after 20 s."""
    try:
        os.kill(pid, signal.SIGTERM)
        for _ in range(200):
            os.kill(pid, 0)
            time.sleep(0.1)
            _reap(pid)
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return


def _reap(pid: int) -> None:
    # The child of this very process (`up --detach` giving up) must be reaped, or
    # it stays a zombie that `kill(pid, 0)` still finds.
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
