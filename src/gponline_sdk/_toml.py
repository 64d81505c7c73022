"""Read a TOML settings file, with errors that name the file (shared by mesh and cli)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from gponline_sdk.errors import ConfigError

__all__ = ["read_toml"]


def read_toml(path: Path) -> dict[str, Any]:
    """The file's tables as a dict.

    Raises:
        ConfigError: the file cannot be read or is not TOML; on Python 3.10,
            which has no `tomllib` (the SDK takes no `tomli` dependency), always:
            use flags and environment variables there.
    """
    try:
        # Looked up at run time: only Python 3.11+ has tomllib.
        tomllib: Any = importlib.import_module("tomllib")
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        raise ConfigError(
            f"{path}: TOML settings need Python 3.11 or newer; "
            "on 3.10 use flags and GPONLINE_* environment variables"
        ) from None
    try:
        with Path(path).open("rb") as fh:
            data: dict[str, Any] = tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read settings file ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    return data
