"""The settings the `report` commands share: options, the settings file, key and week.

Used by `cli/report` and `cli/report/bulk.py` alike (here so neither imports the other).
Settings come from flags, then the environment, then a TOML file (`--config`).
"""

from __future__ import annotations

import argparse
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from gponline_sdk._toml import read_toml
from gponline_sdk.errors import ConfigError
from gponline_sdk.models import ReportingPeriod
from gponline_sdk.reporting.anonymise import Anonymiser
from gponline_sdk.reporting.participation import ParticipationList
from gponline_sdk.reporting.vetting import catalogue_setting, supplier_id_setting

__all__ = ["add_common_options", "anonymiser_of", "build_inputs", "settings_of", "week_of"]


_LONDON = ZoneInfo("Europe/London")


def add_common_options(cmd: argparse.ArgumentParser, *, builds: bool = True) -> None:
    # Options belong only to the commands they affect: sending, reading reports and
    # status need the settings file and the outbox, never the key or the build folder.
    cmd.add_argument("--config", type=Path, help="TOML settings file")
    cmd.add_argument("--outbox", type=Path, help="outbox file (default gponline-out/outbox.sqlite)")
    if builds:
        cmd.add_argument("--supplier-id", help="your supplier ID (or GPONLINE_SUPPLIER_ID)")
        cmd.add_argument("--key-file", type=Path, help="file holding the pseudonym key (hex)")
        cmd.add_argument(
            "--out-dir", type=Path, help="where files are built (default gponline-out)"
        )


KNOWN_KEYS: dict[str, frozenset[str]] = {
    "supplier": frozenset({"id", "key_file", "products"}),
    "paths": frozenset({"outbox", "out_dir"}),
    "bulk": frozenset({"dir", "test_mailbox", "live_mailbox"}),
}
"""The settings each table of a supplier's settings file may hold (`[mesh]` has its own)."""


def table_of(table: dict[str, Any], name: str, config: Path | None) -> dict[str, Any]:
    """A `[name]` table of the settings file; anything else there is a ConfigError.

    A key the SDK does not read is refused, not ignored: a mistyped `out_dri`
    would otherwise send the week's files somewhere nobody looks.
    """
    found = table.get(name, {})
    if not isinstance(found, dict):
        raise ConfigError(f"{config}: [{name}] must be a table of settings")
    unknown = sorted(set(found) - KNOWN_KEYS[name])
    if unknown:
        known = ", ".join(sorted(KNOWN_KEYS[name]))
        raise ConfigError(
            f"{config}: unknown key(s) in [{name}]: {', '.join(unknown)} (known: {known})"
        )
    return found


def settings_of(args: argparse.Namespace) -> dict[str, Any]:
    table: dict[str, Any] = {}
    if args.config is not None:
        table = read_toml(args.config)
    supplier = table_of(table, "supplier", args.config)
    paths = table_of(table, "paths", args.config)
    # The supplier ID goes into file names, headers, MESH metadata and stdout:
    # validated and scanned here, before any of those, and never echoed.
    if getattr(args, "supplier_id", None):
        supplier_id = supplier_id_setting(
            getattr(args, "supplier_id", None), source="--supplier-id"
        )
    elif os.environ.get("GPONLINE_SUPPLIER_ID"):
        supplier_id = supplier_id_setting(
            os.environ["GPONLINE_SUPPLIER_ID"], source="GPONLINE_SUPPLIER_ID"
        )
    else:
        supplier_id = supplier_id_setting(
            supplier.get("id"), source=f"{args.config}: [supplier] id"
        )
    return {
        "supplier_id": supplier_id,
        "products": catalogue_setting(
            getattr(args, "products", None), supplier.get("products"), config=args.config
        ),
        "key_file": getattr(args, "key_file", None) or in_config(args, supplier.get("key_file")),
        "outbox": Path(
            args.outbox or in_config(args, paths.get("outbox")) or "gponline-out/outbox.sqlite"
        ),
        "out_dir": Path(
            getattr(args, "out_dir", None)
            or in_config(args, paths.get("out_dir"))
            or "gponline-out"
        ),
    }


def in_config(args: argparse.Namespace, value: Any) -> Any:
    """A path read from the config file, made relative to that file's folder.

    One rule for every config file the SDK reads, so a config works from any
    current folder. Paths from the command line stay relative to the current
    folder; anything not a non-empty string is returned as it is, for the
    setting's own check.
    """
    if not isinstance(value, str) or not value or args.config is None:
        return value
    return Path(args.config).parent / Path(value).expanduser()


def anonymiser_of(settings: dict[str, Any]) -> Anonymiser:
    supplier = settings["supplier_id"]
    if not supplier:
        raise ConfigError(
            "supplier_id is missing: give --supplier-id, GPONLINE_SUPPLIER_ID or [supplier] id"
        )
    if settings["key_file"]:
        anonymiser = Anonymiser.from_key_file(settings["key_file"], supplier)
    else:
        anonymiser = Anonymiser.from_env(supplier)
    # Product names are the one free text copied into a national file: only
    # declared names (or, none declared, the strict pattern) pass. Weekly and bulk alike.
    anonymiser.products = settings["products"]
    return anonymiser


def week_of(
    text: str | None, *, flag: str = "--week", today: date | None = None
) -> ReportingPeriod:
    """The week `--week` names (an ISO week or a date in it); default: last week, London time.

    A week is built only once it has ended: NHS England keeps the latest
    submission of a week, so a part week sent today would replace a full one.

    Raises:
        ConfigError: `text` is neither a week nor a date, or the week has not ended
            (on London's calendar, `today` if given).
    """
    today = today or datetime.now(_LONDON).date()
    if text is None:
        return ReportingPeriod.containing(today).previous()
    if "-W" in text:
        period = ReportingPeriod.from_iso_week(text)
    else:
        try:
            period = ReportingPeriod.containing(date.fromisoformat(text))
        except ValueError:
            # Not echoed: a mistyped argument may be anything, an NHS number included.
            raise ConfigError(
                f"{flag}: neither an ISO week (2026-W47) nor a date (2026-11-27); value not shown"
            ) from None
    if period.end >= today:
        raise ConfigError(
            f"{flag}: week {period} has not ended yet (it ends on Sunday "
            f"{period.end:%d %B %Y}, London time); NHS England keeps the latest submission of a "
            "week, so a part week would replace the full one. Build it from the Monday after."
        )
    return period


def build_inputs(args: argparse.Namespace) -> ParticipationList | None:
    """Check a build's inputs are given; the participation list (None with --all-practices).

    Raises:
        ConfigError: no participation list (and no --all-practices), or no events at all.
    """
    if args.participation is None and not args.all_practices:
        raise ConfigError("--participation is required (or --all-practices for a local test)")
    if not (args.oc_events or args.vc_events or args.installations):
        raise ConfigError("give at least one of --oc-events, --vc-events, --installations")
    return None if args.all_practices else ParticipationList.load(args.participation)


def add_input_options(build: argparse.ArgumentParser) -> None:
    """The event, installation and participation inputs `build` and `bulk build` both take."""
    build.add_argument("--oc-events", type=Path, help="online consultation events (.csv/.jsonl)")
    build.add_argument("--vc-events", type=Path, help="video consultation events (.csv/.jsonl)")
    build.add_argument("--installations", type=Path, help="practice installations (.csv/.jsonl)")
    build.add_argument("--participation", type=Path, help="NHS England's participation list CSV")
    build.add_argument(
        "--all-practices", action="store_true", help="skip the participation filter (tests only)"
    )
