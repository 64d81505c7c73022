"""The `gponline` command: the only place that prints or picks an exit code.

Each area adds its subcommands from its own module (`cli/models.py`,
`cli/conformance.py`, ...) through a `register(subparsers)` function; each
subcommand's handler takes the parsed arguments and returns an exit code.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Callable, Sequence

from gponline_sdk import __version__
from gponline_sdk.cli import (
    _exit,
    conformance,
    demo,
    models,
    practice,
    reference_tool,
    report,
    sandbox,
)
from gponline_sdk.errors import (
    ConfigError,
    GponlineError,
    MeshAuthError,
    MeshOutcomeUnknown,
    PrivacyError,
    TransportError,
    ValidationError,
)

# Each module registers its own subcommands; order is the order of `gponline --help`.
_AREAS = (demo, models, conformance, practice, reference_tool, report, sandbox)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every area's subcommands."""
    parser = argparse.ArgumentParser(
        prog="gponline",
        description="GP online consultation SDK: models, conformance suite, NHS England reporting.",
    )
    parser.add_argument("--version", action="version", version=f"gponline {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for area in _AREAS:
        area.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `gponline` with `argv` (default: the process's arguments); return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 for --help
        return int(exc.code or 0)
    logging.basicConfig(
        level=logging.WARNING - 10 * min(args.verbose, 2),
        format="%(levelname)s %(name)s: %(message)s",
    )
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return _exit.USAGE
    return _run(handler, args)


def _run(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Call a subcommand's handler, turning the SDK's errors into messages and exit codes."""
    try:
        return int(handler(args))
    except KeyboardInterrupt:
        print("gponline: interrupted", file=sys.stderr)
        return 130
    except GponlineError as exc:
        print(f"gponline: {exc}", file=sys.stderr)
        return _exit_code(exc)
    except Exception as exc:  # noqa: BLE001 - a bug of ours must not read as a verdict
        # Exit 1 means "a MUST failed": a crash of the SDK given that code would tell a
        # vendor's CI their tool is broken. Only the type and where it happened are
        # shown, never the message, which could quote a value from the input.
        print(f"gponline: internal error: {internal_error_summary(exc)}", file=sys.stderr)
        print(
            "gponline: this is a bug in gponline-sdk, not a verdict on your tool or data; "
            "please report it with the line above",
            file=sys.stderr,
        )
        return _exit.INTERNAL


def internal_error_summary(exc: BaseException) -> str:
    """The exception's type and the innermost frame it came from, without its message."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}{where}"


def _exit_code(exc: GponlineError) -> int:
    """The exit code that says what kind of failure `exc` is (see `cli/_exit.py`)."""
    # Bad input, bad settings, refused credentials and identifier-shaped output are
    # all things the user must fix before trying again: "usage or input error".
    if isinstance(exc, (ValidationError, ConfigError, PrivacyError, MeshAuthError)):
        return _exit.USAGE
    if isinstance(exc, MeshOutcomeUnknown):
        return _exit.UNKNOWN_OUTCOME
    if isinstance(exc, TransportError):
        return _exit.UNREACHABLE
    return _exit.FAILED
