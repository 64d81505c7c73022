"""`gponline report profile`: show, copy or check the national profile.

    gponline report profile                 # every fact, provisional ones flagged
    gponline report profile --provisional   # only what the SDK assumed
    gponline report profile --write mine.json
    gponline report profile --check mine.json

The profile in use is the shipped one unless `GPONLINE_NATIONAL_PROFILE` names
a file (see `gponline_sdk.national`).
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from gponline_sdk.cli import _exit
from gponline_sdk.errors import ConfigError
from gponline_sdk.national import (
    DEFAULT_PROFILE_PATH,
    PROFILE_ENV,
    NationalProfile,
    active_profile,
    load_profile,
)


def register_profile(cmds: Any) -> None:
    """Add `report profile` to the `report` subcommands."""
    cmd = cmds.add_parser(
        "profile", help="show the national collection's facts the SDK uses (confirmed or not)"
    )
    cmd.add_argument("--provisional", action="store_true", help="only the SDK's assumptions")
    cmd.add_argument("--json", action="store_true", help="print the profile file as JSON")
    cmd.add_argument("--write", type=Path, metavar="FILE", help="copy the profile to edit")
    cmd.add_argument("--check", type=Path, metavar="FILE", help="check a profile file")
    cmd.set_defaults(handler=_profile)


def _profile(args: argparse.Namespace) -> int:
    if args.check is not None:
        checked = load_profile(args.check)  # ConfigError -> exit 2, naming the JSON path
        print(f"{args.check}: profile {checked.name} {checked.version} is usable")
        print(f"{len(checked.provisional())} of {len(checked.facts)} facts are provisional")
        return _exit.OK
    profile = active_profile()
    if args.write is not None:
        if args.write.exists():
            raise ConfigError(f"--write: {args.write} exists; not overwriting it")
        args.write.write_bytes(profile.path.read_bytes())
        print(f"wrote {args.write}: edit it, then set {PROFILE_ENV}={args.write}")
        return _exit.OK
    if args.json:
        print(profile.path.read_text(encoding="utf-8"), end="")
        return _exit.OK
    print_profile(profile, only_provisional=args.provisional)
    return _exit.OK


def print_profile(profile: NationalProfile, *, only_provisional: bool = False) -> None:
    """Print the facts, one per line, provisional ones marked, sources named."""
    shipped = profile.path.resolve() == DEFAULT_PROFILE_PATH.resolve()
    origin = "shipped with the SDK" if shipped else f"from {PROFILE_ENV}"
    print(f"national profile {profile.name} {profile.version} ({origin}: {profile.path})")
    provisional = profile.provisional()
    print(
        f"{len(profile.facts) - len(provisional)} confirmed, {len(provisional)} provisional "
        "(PROVISIONAL = the SDK's assumption, not published by NHS England)"
    )
    for name, fact in sorted(profile.facts.items()):
        if only_provisional and fact.confirmed:
            continue
        mark = "confirmed  " if fact.confirmed else "PROVISIONAL"
        print(f"  {mark} {name} = {_short(fact.value)}")
        if fact.confirmed and fact.source:
            print(f"      source: {profile.sources.get(fact.source, fact.source)}")
        if fact.note:
            print(f"      {fact.note}")
    if os.environ.get(PROFILE_ENV) and shipped:
        print(f"note: {PROFILE_ENV} names the shipped file")


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 100 else text[:97] + "..."
