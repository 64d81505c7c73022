"""Read TOML settings, with errors that name the file (one reader for the whole SDK).

Also the SDK's one safe opener for any input file, `open_regular`: it lives
here, at the bottom of the package, so settings (read by `mesh`) and data
files (read by `reporting`) share it without breaking the import layers.
"""

from __future__ import annotations

import importlib
import os
import stat
from pathlib import Path
from types import ModuleType
from typing import IO, Any

from gponline_sdk.errors import ConfigError

__all__ = ["open_regular", "read_toml", "toml_module"]

# Kernel pseudo-filesystems: their files claim to be regular (size 0) but reading
# them blocks, fails (`/proc/self/mem`: EIO) or never ends.
_PSEUDO_ROOTS = frozenset({"proc", "sys", "dev"})


def toml_module() -> ModuleType:
    """`tomllib` (Python 3.11+) or its backport `tomli` (a dependency on 3.10 only)."""
    try:
        return importlib.import_module("tomllib")
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        return importlib.import_module("tomli")


def read_toml(path: Path) -> dict[str, Any]:
    """The file's tables as a dict.

    Raises:
        ConfigError: the file cannot be read or is not TOML.
    """
    tomllib: Any = toml_module()
    try:
        # A FIFO or a folder given as --config must fail at once, never block.
        with open_regular(Path(path)) as fh:
            data: dict[str, Any] = tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read settings file ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message says what and where (line, column), never the value.
        raise ConfigError(f"{path}: not valid TOML ({_bounded(str(exc))})") from None
    except UnicodeDecodeError as exc:
        where = f"byte {exc.start + 1}"
        raise ConfigError(f"{path}: not UTF-8 text at {where}: a binary file?") from None
    return data


def _bounded(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def open_regular(path: Path) -> IO[bytes]:
    """Open `path` for binary reading if it is a regular file, without ever blocking.

    The file is opened non-blocking (a FIFO would otherwise wait for a writer
    forever) and checked on the open descriptor, so nothing can swap it in
    between. Folders, FIFOs, sockets, devices and kernel pseudo-files (under
    /proc, /sys or /dev, which claim to be regular but cannot be read as data)
    are refused.

    Raises:
        OSError: the file cannot be opened, or is not a regular file (its
            `strerror` says which kind it is, its `filename` is `path`).
    """
    real = Path(os.path.realpath(path))
    if len(real.parts) > 1 and real.parts[1] in _PSEUDO_ROOTS:
        raise OSError(0, "a system pseudo-file (/proc, /sys, /dev), not a data file", str(path))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(0, f"{_kind(mode)}, not a regular file", str(path))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
