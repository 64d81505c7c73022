"""The `gponline` command: the only place that prints or picks an exit code.

Each area adds its subcommands from its own module (`cli/models.py`,
`cli/conformance.py`, ...) through a `register(subparsers)` function; each
subcommand's handler takes the parsed arguments and returns an exit code.

Every error a handler lets out is mapped here to one bounded message on
stderr and an exit code (see `cli/_exit.py`); no traceback ever reaches the
terminal: an unexpected one is written to a private crash log instead.
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import select
import sqlite3
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from gponline_sdk import __version__
from gponline_sdk._toml import open_regular
from gponline_sdk.cli import (
    _exit,
    conformance,
    demo,
    init,
    models,
    practice,
    reference_tool,
    report,
    sandbox,
)
from gponline_sdk.cli._help import add_help
from gponline_sdk.errors import (
    ConfigError,
    GponlineError,
    InputFileError,
    MeshAuthError,
    MeshOutcomeUnknown,
    PrivacyError,
    Problem,
    TransportError,
    ValidationError,
)

# Each module registers its own subcommands; order is the order of `gponline --help`.
_AREAS = (demo, init, models, conformance, practice, reference_tool, report, sandbox)

MAX_MESSAGE_CHARS = 2000
"""The longest error message printed; the rest is cut (a 100k-column header, say)."""

# Path options that name something the command writes or keeps (not an input it
# reads); every other option of type Path is an input, so a new flag is checked.
_OUTPUT_WORDS = ("out", "dir", "write", "junit", "report")

# The optional `[sandbox]` extra: without it `demo` and `sandbox up` cannot run.
_SANDBOX_MODULES = frozenset({"mesh_sandbox", "uvicorn", "fastapi"})
# The optional `[web]` extra: without it `practice serve` cannot run (uvicorn is named
# under the sandbox extra above, which also brings it).
_WEB_MODULES = frozenset({"starlette", "multipart", "python_multipart"})


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every area's subcommands."""
    parser = argparse.ArgumentParser(
        prog="gponline",
        description="GP online consultation SDK: models, conformance suite, NHS England reporting.",
    )
    parser.add_argument("--version", action="version", version=f"gponline {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for area in _AREAS:
        area.register(sub)
    _add_verbosity(parser)
    _refuse_repeats(parser)
    add_help(parser)
    return parser


class _StoreOnce(argparse._StoreAction):
    """A single-value option given twice is a usage error, not "the last one wins"."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        seen: set[str] = getattr(namespace, "_given", set())
        if self.dest in seen:
            names = "/".join(self.option_strings)
            parser.error(f"{names} given more than once: give it once (it takes one value)")
        namespace._given = {*seen, self.dest}
        super().__call__(parser, namespace, values, option_string)


def _refuse_repeats(parser: argparse.ArgumentParser) -> None:
    """Make every single-value option of every (sub)command refuse a repeat."""
    for action in parser._actions:  # argparse has no public walk of its subcommands
        if isinstance(action, argparse._SubParsersAction):
            for child in set(action.choices.values()):
                _refuse_repeats(child)
        elif type(action) is argparse._StoreAction and action.option_strings:
            action.__class__ = _StoreOnce  # same fields: only the call differs


def _add_verbosity(parser: argparse.ArgumentParser, depth: int = 0) -> None:
    """`-v`/`-q` on every (sub)command, so they work anywhere on the line.

    argparse parses each subcommand into a namespace of its own and copies it
    over its parent's, so each level counts under its own name (`_v0`, `_v1`, ...)
    and `verbosity` adds them up.
    """
    parser.add_argument(
        "-v", "--verbose", action="count", dest=f"_v{depth}", default=argparse.SUPPRESS,
        help="more log output (-vv: debug)",
    )  # fmt: skip
    parser.add_argument(
        "-q", "--quiet", action="count", dest=f"_q{depth}", default=argparse.SUPPRESS,
        help="less output: errors and the result only (no progress lines)",
    )  # fmt: skip
    for action in parser._actions:  # argparse has no public walk of its subcommands
        if isinstance(action, argparse._SubParsersAction):
            for child in set(action.choices.values()):
                _add_verbosity(child, depth + 1)


def verbosity(args: argparse.Namespace) -> int:
    """The net verbosity of a parsed command line: each -v adds one, each -q takes one."""
    counts: dict[str, int] = {k: int(n) for k, n in vars(args).items() if k[:2] in ("_v", "_q")}
    return sum(n for k, n in counts.items() if k[:2] == "_v") - sum(
        n for k, n in counts.items() if k[:2] == "_q"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run `gponline` with `argv` (default: the process's arguments); return the exit code."""
    parser = build_parser()
    try:
        args, extras = parser.parse_known_args(argv)
        if extras:
            _unrecognised(parser, args, extras)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 for --help
        return int(exc.code or 0)
    args.verbosity = verbosity(args)
    logging.basicConfig(
        level=logging.WARNING - 10 * max(-1, min(args.verbosity, 2)),
        format="%(levelname)s %(name)s: %(message)s",
    )
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return _exit.USAGE
    code = _run(handler, args, inputs=input_paths(parser, args))
    try:
        sys.stdout.flush()  # here, not at interpreter exit, where a closed pipe would print
    except BrokenPipeError:
        return _stdout_closed()
    return code


def _unrecognised(
    parser: argparse.ArgumentParser, args: argparse.Namespace, extras: list[str]
) -> None:
    """Refuse arguments the command does not take: name the options, never echo values.

    argparse would print every extra word, and a mistyped line can hold an NHS
    number; an option's name is shown (with the nearest real one), anything else
    is counted.
    """
    import difflib  # noqa: PLC0415 - only on a usage error
    import re  # noqa: PLC0415

    chosen = _chosen(parser, args)
    known = list(chosen._option_string_actions)
    words = []
    values = 0
    for extra in extras:
        name = extra.split("=", 1)[0]
        if re.fullmatch(r"--?[A-Za-z][A-Za-z0-9-]{0,40}", name):
            near = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
            words.append(f"{name} (did you mean {near[0]}?)" if near else name)
        else:
            values += 1
    if values:
        words.append(f"{values} other argument(s), not shown")
    chosen.error(f"unrecognised: {', '.join(words)}; see {chosen.prog} --help")


def _chosen(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.ArgumentParser:
    """The deepest subcommand's parser that `args` chose."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            chosen = getattr(args, action.dest or "", None)
            if chosen in action.choices:
                return _chosen(action.choices[chosen], args)
    return parser


def input_paths(parser: argparse.ArgumentParser, args: argparse.Namespace) -> list[Path]:
    """The paths the chosen subcommand reads: its options of type `Path` that are not outputs."""
    found: list[Path] = []
    for action in parser._actions:  # argparse has no public walk of its options
        if isinstance(action, argparse._SubParsersAction):
            chosen = getattr(args, action.dest or "", None)
            if chosen in action.choices:
                found += input_paths(action.choices[chosen], args)
        elif is_input_option(action):
            value = getattr(args, action.dest, None)
            found += [v for v in (value if isinstance(value, list) else [value]) if v]
    return found


def is_input_option(action: argparse.Action) -> bool:
    """Whether an option names a file the command reads (type `Path`, not an output)."""
    return action.type is Path and not any(w in action.dest for w in _OUTPUT_WORDS)


def _check_inputs(paths: list[Path]) -> None:
    """Refuse an input that is missing or not a regular file, before any handler opens it.

    A FIFO would block the read forever, a folder or a device gives a
    confusing error deep down, and a file named on the command line that is
    not there is a mistake whether or not this command reads it.
    """
    for path in paths:
        try:
            open_regular(path).close()
        except OSError as exc:  # ENOENT, ELOOP, EACCES, ENOTDIR, a FIFO, a folder, /proc/...
            raise InputFileError(
                str(path), [Problem(location=path.name, message=f"cannot read: {exc.strerror}")]
            ) from None


def _run(  # noqa: PLR0911 - one return per kind of failure, on purpose
    handler: Callable[[argparse.Namespace], int],
    args: argparse.Namespace,
    *,
    inputs: Sequence[Path] = (),
) -> int:
    """Call a subcommand's handler, turning every error into one message and an exit code."""
    try:
        _check_inputs(list(inputs))
        return int(handler(args))
    except KeyboardInterrupt:
        print("gponline: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError as exc:
        if stdout_is_closed():
            # The reader of our stdout went away (`gponline ... | head`): nothing to say.
            return _stdout_closed()
        _say(os_error_message(exc))  # some other pipe: an error like any other
        return _exit.USAGE
    except GponlineError as exc:
        _say(str(exc))
        return _exit_code(exc)
    except OSError as exc:
        _say(os_error_message(exc))
        return _exit.USAGE
    except sqlite3.DatabaseError as exc:
        outbox = getattr(args, "outbox", None) or (
            "(from --config)"
            if getattr(args, "config", None)
            else "(default gponline-out/outbox.sqlite)"
        )
        _say(f"the outbox file {outbox} is not a usable outbox: {exc}")
        return _exit.USAGE
    except ImportError as exc:
        if (exc.name or "").split(".")[0] in _WEB_MODULES:
            _say(f"this command needs the web extra: install gponline-sdk[web] ({exc.name})")
            return _exit.USAGE
        if (exc.name or "").split(".")[0] in _SANDBOX_MODULES:
            _say(
                f"this command needs the sandbox extra: install gponline-sdk[sandbox] ({exc.name})"
            )
            return _exit.USAGE
        return _internal(exc)
    except Exception as exc:  # noqa: BLE001 - a bug of ours must not read as a verdict
        return _internal(exc)


def _say(message: str) -> None:
    print(f"gponline: {_exit.withheld(bounded(message))}", file=sys.stderr)


def bounded(message: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """`message`, cut at `limit` characters with a note saying how much was left out."""
    if len(message) <= limit:
        return message
    return f"{message[:limit]}... ({len(message) - limit} more characters not shown)"


def os_error_message(exc: OSError) -> str:
    """One line for an OS error: the path it names, and the errno's words (never contents)."""
    words = exc.strerror or (os.strerror(exc.errno) if exc.errno else type(exc).__name__)
    code = errno.errorcode.get(exc.errno or 0)
    if code:
        words += f" [{code}]"
    if exc.filename is None:
        return f"a file could not be read or written: {words}"
    where = f"{exc.filename}" + (f" -> {exc.filename2}" if exc.filename2 else "")
    hint = {
        errno.ENOSPC: "; the disk is full",
        errno.EROFS: "; that file system is read-only",
        errno.EACCES: "; check its permissions",
        errno.ENOTDIR: "; a part of that path is a file, not a folder",
        errno.EISDIR: "; expected a file",
        errno.EEXIST: "; a file is there where a folder is expected",
    }.get(exc.errno or 0, "")
    return f"cannot use {where}: {words}{hint}"


def stdout_is_closed() -> bool:
    """Whether the reading end of our standard output has gone away (a pipe's reader quit)."""
    try:
        fd = sys.stdout.fileno()
        poller = select.poll()
    except (AttributeError, ValueError, OSError):  # not a real file (tests), or no poll()
        return False
    poller.register(fd, select.POLLOUT)
    return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))


def _stdout_closed() -> int:
    # As the Python docs advise: point stdout at devnull so the flush at exit is quiet.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (tests): nothing to do
        pass
    return _exit.PIPE_CLOSED


def _internal(exc: BaseException) -> int:
    # Exit 1 means "a MUST failed": a crash of the SDK given that code would tell a
    # vendor's CI their tool is broken. Only the type and where it happened are
    # shown, never the message, which could quote a value from the input; the
    # trace goes to a private log file, never to the terminal.
    log = write_crash_log(exc)
    where = f"the full trace is in {log}" if log else "the trace could not be logged"
    print(
        f"gponline: internal error: {internal_error_summary(exc)}; {where}. This is a bug in "
        "gponline-sdk, not a verdict on your tool or data; please report it",
        file=sys.stderr,
    )
    return _exit.INTERNAL


def crash_log_dir() -> Path:
    """Where crash logs go: `$XDG_STATE_HOME/gponline`, else a per-user folder in the temp dir."""
    state = os.environ.get("XDG_STATE_HOME")
    if state:
        return Path(state) / "gponline"
    user = os.getuid() if hasattr(os, "getuid") else os.getlogin()
    return Path(tempfile.gettempdir()) / f"gponline-{user}"


def write_crash_log(exc: BaseException) -> Path | None:
    """Write `exc`'s full trace to a new file only this user can read; None if that fails.

    The trace may quote input values, so it goes to a file (mode 0600, in a
    folder of mode 0700), never to the terminal or a CI log.
    """
    folder = crash_log_dir()
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    path = folder / f"crash-{stamp}-{os.getpid()}.log"
    text = f"gponline {__version__}\n" + "".join(traceback.format_exception(exc))
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        # O_EXCL: never follow a planted symlink or append to someone else's file.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError:
        return None
    return path


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
