"""`gponline report keygen`: make a new random pseudonym key, in a file only you can read.

    gponline report keygen --out ~/.config/gponline/pseudonym.key

The key (32 random bytes, as 64 hex characters) is written to a new file with
permissions 0600 and never printed; an existing file is never overwritten (a
new key gives every record a new ID, so replacing one by accident would break
corrected resubmissions). Point `--key-file` or `[supplier] key_file` at it.
"""

from __future__ import annotations

import argparse
import os
import secrets
from pathlib import Path
from typing import Any

from gponline_sdk.cli import _exit
from gponline_sdk.errors import ConfigError
from gponline_sdk.reporting.anonymise import MIN_KEY_BYTES, key_weakness

__all__ = ["register_keygen", "write_new_key"]


def register_keygen(cmds: Any) -> None:
    """Add `report keygen` to the `report` subcommands."""
    cmd = cmds.add_parser("keygen", help="write a new random pseudonym key to a file (0600)")
    cmd.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help="the new key file (must not exist)"
    )
    cmd.set_defaults(handler=_keygen)


def write_new_key(path: Path) -> None:
    """Write a new random key as hex to `path`, created 0600; never overwrites.

    Raises:
        ConfigError: if `path` exists or cannot be created.
    """
    secret = secrets.token_bytes(MIN_KEY_BYTES)
    while key_weakness(secret) is not None:  # pragma: no cover - about 1 in 1e9
        secret = secrets.token_bytes(MIN_KEY_BYTES)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        # O_EXCL: created here or not at all, never an existing file or a symlink's target;
        # the mode is set at creation, so the key is never readable by others.
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        raise ConfigError(f"--out: {path} exists; not overwriting a key") from None
    except OSError as exc:
        raise ConfigError(f"--out: cannot create {path} ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secret.hex() + "\n")
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise ConfigError(f"--out: cannot write {path} ({exc.strerror})") from None


def _keygen(args: argparse.Namespace) -> int:
    write_new_key(args.out)
    print(f"wrote a new pseudonym key to {args.out} (mode 0600; the key is not shown)")
    print(f"use it with --key-file {args.out} or `[supplier] key_file` in your settings;")
    print("keep it, and a backup, for as long as resubmissions may happen")
    return _exit.OK
