"""`gponline reference-tool serve`: the reference online consultation tool, on loopback."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from gponline_sdk.cli import _exit
from gponline_sdk.reference.tool import FAULTS, make_server


def register(sub: Any) -> None:
    """Add the `reference-tool` subcommands."""
    parser = sub.add_parser(
        "reference-tool", help="a reference online consultation tool implementing the contract"
    )
    tool_sub = parser.add_subparsers(
        dest="reference_tool_command", metavar="COMMAND", required=True
    )
    serve = tool_sub.add_parser(
        "serve", help="serve the reference tool on 127.0.0.1 until interrupted (Ctrl-C)"
    )
    serve.add_argument(
        "--port",
        type=int,
        default=8080,
        help="TCP port on 127.0.0.1 (default 8080; 0: any free port)",
    )
    serve.add_argument(
        "--fault", metavar="NAME", help="break one requirement on purpose (see --list-faults)"
    )
    serve.add_argument(
        "--list-faults", action="store_true", help="list the fault modes and what each breaks"
    )
    serve.set_defaults(handler=_serve)


def _serve(args: argparse.Namespace) -> int:
    if args.list_faults:
        width = max(len(name) for name in FAULTS)
        for name, what in FAULTS.items():
            print(f"{name:<{width}}  {what}")
        return _exit.OK
    if args.fault is not None and args.fault not in FAULTS:
        print(f"gponline: unknown fault mode {args.fault!r}; see --list-faults", file=sys.stderr)
        return _exit.USAGE
    if not 0 <= args.port <= 65_535:
        print("gponline: --port must be 0 to 65535", file=sys.stderr)
        return _exit.USAGE
    try:
        server = make_server(args.fault, args.port)
    except OSError as exc:
        print(f"gponline: cannot listen on 127.0.0.1:{args.port}: {exc.strerror}", file=sys.stderr)
        return _exit.USAGE
    mode = f"fault mode {args.fault}" if args.fault else "conformant"
    print(f"reference tool ({mode}) listening on {server.base_url} (Ctrl-C stops it)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return _exit.OK
