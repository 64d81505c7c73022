"""`gponline practice serve` and `practice check --batch`: the hosted page and the ICB view.

`serve` imports the web framework only when it runs, so the core install (without the
`web` extra) keeps every other command.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from gponline_sdk.cli import _exit
from gponline_sdk.conformance.practice.batch import BatchEntry, read_batch_csv, run_batch
from gponline_sdk.conformance.practice.models import Timeouts
from gponline_sdk.conformance.practice.summary import batch_result, prepare_folder, write_batch
from gponline_sdk.conformance.practice.web.settings import WebSettings
from gponline_sdk.errors import ConfigError


def register_serve(practice_sub: Any) -> None:
    """Add `practice serve`."""
    serve = practice_sub.add_parser(
        "serve",
        help="serve the practice check as a web page (needs the web extra)",
        description=(
            "Serve the practice check as a web page: a form for the practice website, the "
            "tool's address and the Yes/No questions, then the same report as "
            "`practice check`; and a page for an ICB to check many practices from a CSV file. "
            "See docs/practice-hosting.md before hosting it for others."
        ),
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, default=8000, help="TCP port (default 8000)")
    serve.add_argument(
        "--allow-private-addresses",
        action="store_true",
        help="also check loopback and private-network addresses (local testing only)",
    )
    serve.add_argument(
        "--keep-reports",
        type=Path,
        dest="keep_reports_dir",
        metavar="DIR",
        help="keep every report in DIR (default: none is kept after it is shown)",
    )
    serve.add_argument(
        "--trust-proxy",
        action="store_true",
        help="behind a reverse proxy: take the client address from X-Forwarded-For's last entry",
    )
    serve.add_argument(
        "--requests-per-minute", type=float, default=6.0, metavar="N",
        help="checks one client may start per minute (default 6, after a burst of 5)",
    )  # fmt: skip
    serve.set_defaults(handler=_serve)


def _serve(args: argparse.Namespace) -> int:
    # The web extra, only for this command; the app first, so a missing extra is named.
    from gponline_sdk.conformance.practice.web.app import create_app  # noqa: PLC0415

    # isort: split
    import uvicorn  # noqa: PLC0415

    if not 0 <= args.port <= 65_535:
        raise ConfigError("--port must be 0 to 65535")
    if args.requests_per_minute <= 0:
        raise ConfigError("--requests-per-minute must be more than 0")
    settings = WebSettings(
        allow_private_addresses=args.allow_private_addresses,
        keep_reports=(
            prepare_folder(args.keep_reports_dir, "--keep-reports")
            if args.keep_reports_dir is not None
            else None
        ),
        trust_proxy=args.trust_proxy,
        requests_per_minute=args.requests_per_minute,
    )
    if args.allow_private_addresses and not _is_loopback(args.host):
        print(
            "gponline: warning: --allow-private-addresses on a non-loopback address lets "
            "anyone who can reach this page make it read your private network",
            file=sys.stderr,
        )
    print(f"practice check page on http://{args.host}:{args.port}/ (Ctrl-C stops it)", flush=True)
    uvicorn.run(
        create_app(settings),
        host=args.host,
        port=args.port,
        # The client's address is ours to decide (--trust-proxy), never uvicorn's default.
        proxy_headers=False,
        server_header=False,
        log_level="info",
    )
    return _exit.OK


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def batch(args: argparse.Namespace) -> int:
    """`practice check --batch FILE --out DIR`: every practice in the file, then the summary."""
    if args.website is not None or args.tool is not None or args.answers is not None:
        raise ConfigError(
            "--batch: give the practices in the file, not --website, --tool or --answers"
        )
    if args.out_dir is None:
        raise ConfigError("--batch needs --out DIR, the folder for the summary and reports")
    if not 1 <= args.concurrency <= 32:
        raise ConfigError("--concurrency must be 1 to 32")
    from gponline_sdk.serde import structure  # noqa: PLC0415 - as `practice check` does

    at = structure(args.at, datetime, path="--at") if args.at is not None else None
    rows = read_batch_csv(str(args.batch))
    prepare_folder(args.out_dir, "--out")  # a bad place is refused before any practice is read
    timeouts = Timeouts(connect=args.connect_timeout, read=args.read_timeout)
    started = datetime.now(timezone.utc)
    print(f"Checking {len(rows)} practices, {args.concurrency} at a time ...", flush=True)

    quiet = getattr(args, "verbosity", 0) < 0  # net -v/-q, which `cli.main` sets

    def done(entry: BatchEntry) -> None:
        if not quiet:
            print(f"  {entry.row.ods_code}  {batch_result(entry)[1]}", flush=True)

    entries = run_batch(rows, concurrency=args.concurrency, at=at, timeouts=timeouts, on_done=done)
    page = write_batch(entries, args.out_dir, started=started)
    results = [batch_result(e)[0] for e in entries]
    print(
        f"{results.count('pass')} of {len(entries)} practices passed every automated check; "
        f"{len(entries) - results.count('pass')} need a look."
    )
    print(f"Summary: {page}  (spreadsheet: {page.with_suffix('.csv')})")
    return _exit.OK if all(r == "pass" for r in results) else _exit.FAILED
