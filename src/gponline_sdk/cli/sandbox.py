"""`gponline sandbox up`: a local MESH sandbox and NHS England's side, for trying the flow.

Starts mesh-sandbox on a free loopback port and the reference collector
(which validates what arrives, keeps the latest and sends a submission
report back), writes a settings file for the supplier's side, prints what
a client needs, and runs until interrupted (Ctrl-C or SIGTERM), then stops
both cleanly.
"""

from __future__ import annotations

import argparse
import importlib.util
import secrets
import signal
import threading
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
    up.add_argument("--out-dir", type=Path, default=Path("gponline-out/sandbox"))
    up.add_argument("--participation", type=Path, help="list the collector applies (default all)")
    up.set_defaults(handler=_up)


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
