"""The `gponline` command."""

from __future__ import annotations

import sys

from gponline_sdk import __version__


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `gponline` command."""
    args = sys.argv[1:] if argv is None else argv
    if args == ["--version"]:
        print(f"gponline {__version__}")
        return 0
    return 2
