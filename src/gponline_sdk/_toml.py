"""Read TOML settings, with errors that name the file (one reader for the whole SDK)."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

from gponline_sdk.errors import ConfigError

__all__ = ["read_toml", "toml_module"]


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
        with Path(path).open("rb") as fh:
            data: dict[str, Any] = tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read settings file ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    return data
