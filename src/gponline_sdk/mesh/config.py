"""MESH settings: a frozen `MeshConfig`, loaded from a TOML file and the environment.

Environment variables override the file, so a deployment can keep the
password and shared key out of files. Secrets are wrapped in `Secret`, whose
`repr` and `str` are `'***'`, so a config can be logged or put in an exception
without leaking them.
"""

from __future__ import annotations

import ipaddress
import math
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs

from gponline_sdk._toml import read_toml
from gponline_sdk.errors import ConfigError
from gponline_sdk.national import active_profile

__all__ = [
    "DEFAULT_MAX_CHUNK_SIZE",
    "DEFAULT_WORKFLOW_ID",
    "ENV_PREFIX",
    "MeshConfig",
    "Secret",
    "load_config",
]

#: Workflow ID used when none is configured. NHS England assigns the real one for
#: the OC/VC collection; set `workflow_id` (or GPONLINE_MESH_WORKFLOW_ID) to it, or
#: give it in your national profile (`workflow.weekly`).
DEFAULT_WORKFLOW_ID = active_profile().workflow("weekly")

#: 19 MiB (19,922,944 bytes) of raw data per chunk. Gzip can grow incompressible
#: data by about 0.01 %, which still leaves each request below MESH's 20 MB limit.
DEFAULT_MAX_CHUNK_SIZE = 19 * 1024 * 1024

#: Smallest chunk allowed: small chunks exist for tests, not for production.
MIN_CHUNK_SIZE = 1024

ENV_PREFIX = "GPONLINE_MESH_"

_MAILBOX = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_WORKFLOW = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
_LOOPBACK_NAMES = {"localhost"}


class Secret:
    """A string that never shows itself in `repr`, `str` or f-strings.

    >>> s = Secret("hunter2")
    >>> s, str(s), s.reveal()
    (***, '***', 'hunter2')
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """Return the secret itself; call only where it goes on the wire."""
        return self._value

    def __repr__(self) -> str:
        return "***"

    __str__ = __repr__

    def __format__(self, format_spec: str) -> str:
        return "***"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# Each check returns a problem (what was expected) or None. They are shared by
# the attrs validators (source "argument") and by `load_config` (file or env).
def _check_url(value: Any) -> str | None:
    if not isinstance(value, str) or not value:
        return "expected a URL such as https://msg.intspineservices.nhs.uk"
    parts = urlsplit(value)
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and parts.hostname and _is_loopback(parts.hostname):
        return None  # a local mesh-sandbox: plain HTTP never leaves the machine
    return "expected an https URL (http is allowed only for a loopback host)"


def _check_mailbox(value: Any) -> str | None:
    if isinstance(value, str) and _MAILBOX.match(value):
        return None
    return "expected a MESH mailbox ID (letters and digits, e.g. X26ABC1)"


def _check_workflow(value: Any) -> str | None:
    if isinstance(value, str) and _WORKFLOW.match(value):
        return None
    return "expected a workflow ID (letters, digits, '_', '-', '.')"


def _check_secret(value: Any) -> str | None:
    return None if isinstance(value, Secret) and value else "expected a non-empty value"


def _check_optional_path(value: Any) -> str | None:
    return None if value is None or isinstance(value, Path) else "expected a file path"


def _check_positive(value: Any) -> str | None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    return None if ok and math.isfinite(value) and value > 0 else "expected a number of seconds > 0"


def _check_chunk(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool)
    if ok and MIN_CHUNK_SIZE <= value <= DEFAULT_MAX_CHUNK_SIZE:
        return None
    return f"expected a byte count from {MIN_CHUNK_SIZE} to {DEFAULT_MAX_CHUNK_SIZE}"


def _check_bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "expected true or false"


_CHECKS: dict[str, Callable[[Any], str | None]] = {
    "url": _check_url,
    "mailbox": _check_mailbox,
    "password": _check_secret,
    "shared_key": _check_secret,
    "recipient": _check_mailbox,
    "workflow_id": _check_workflow,
    "client_cert": _check_optional_path,
    "client_key": _check_optional_path,
    "ca_bundle": _check_optional_path,
    "verify": _check_bool,
    "connect_timeout": _check_positive,
    "read_timeout": _check_positive,
    "deadline": _check_positive,
    "max_chunk_size": _check_chunk,
}


def _problem(field: str, source: str, message: str) -> ConfigError:
    return ConfigError(f"mesh.{field} (from {source}): {message}")


def _validate(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    problem = _CHECKS[attribute.name](value)
    if problem is not None:
        raise _problem(attribute.name, "argument", problem)


@attrs.frozen(kw_only=True)
class MeshConfig:
    """Everything needed to talk to one MESH mailbox.

    Attributes:
        url: Base URL of the MESH endpoint (https; http only for loopback hosts).
        mailbox: Our mailbox ID (the sender).
        password: The mailbox password.
        shared_key: The environment's shared key for the auth token HMAC.
        recipient: Mailbox the weekly files go to (NHS England's collection mailbox).
        workflow_id: Workflow ID put on sent messages.
        client_cert: TLS client certificate (PEM); live MESH requires one.
        client_key: Private key for `client_cert`.
        ca_bundle: CA bundle to verify the server with; `None` uses mesh-client's
            bundle for known NHS endpoints, else the system store.
        verify: Verify the server's certificate (only ever off for local tests).
        connect_timeout: Seconds to wait for a connection.
        read_timeout: Seconds to wait for each read from the server.
        max_chunk_size: Raw bytes per chunk before gzip (at most 19 MiB).
        deadline: Seconds one operation (a whole send with its retries) may take.
    """

    url: str = attrs.field(validator=_validate)
    mailbox: str = attrs.field(validator=_validate)
    password: Secret = attrs.field(validator=_validate)
    shared_key: Secret = attrs.field(validator=_validate)
    recipient: str = attrs.field(validator=_validate)
    workflow_id: str = attrs.field(default=DEFAULT_WORKFLOW_ID, validator=_validate)
    client_cert: Path | None = attrs.field(default=None, validator=_validate)
    client_key: Path | None = attrs.field(default=None, validator=_validate)
    ca_bundle: Path | None = attrs.field(default=None, validator=_validate)
    verify: bool = attrs.field(default=True, validator=_validate)
    connect_timeout: float = attrs.field(default=10.0, validator=_validate)
    read_timeout: float = attrs.field(default=120.0, validator=_validate)
    max_chunk_size: int = attrs.field(default=DEFAULT_MAX_CHUNK_SIZE, validator=_validate)
    deadline: float = attrs.field(default=900.0, validator=_validate)

    def __attrs_post_init__(self) -> None:
        if (self.client_cert is None) != (self.client_key is None):
            raise _problem(
                "client_key" if self.client_key is None else "client_cert",
                "argument",
                "client_cert and client_key must be given together",
            )

    @property
    def base_url(self) -> str:
        """The URL without a trailing slash."""
        return self.url.rstrip("/")


# name in MeshConfig -> (parser from a string, parser from a TOML value)
def _path(value: Any) -> Any:
    return Path(value) if isinstance(value, str) and value else value


def _identity(value: Any) -> Any:
    return value


def _from_env_bool(value: str) -> Any:
    low = value.strip().lower()
    if low in {"1", "true", "yes", "on"}:
        return True
    if low in {"0", "false", "no", "off"}:
        return False
    return value


def _from_env_number(value: str) -> Any:
    try:
        return int(value)
    except ValueError:
        try:
            return float(value)
        except ValueError:
            return value


_PARSERS: dict[str, Callable[[Any], Any]] = {
    "password": lambda v: Secret(v) if isinstance(v, str) else v,
    "shared_key": lambda v: Secret(v) if isinstance(v, str) else v,
    "client_cert": _path,
    "client_key": _path,
    "ca_bundle": _path,
}
_ENV_PARSERS: dict[str, Callable[[str], Any]] = {
    "verify": _from_env_bool,
    "connect_timeout": _from_env_number,
    "read_timeout": _from_env_number,
    "deadline": _from_env_number,
    "max_chunk_size": _from_env_number,
}
_REQUIRED = ("url", "mailbox", "password", "shared_key", "recipient")


def _read_toml(path: Path) -> dict[str, Any]:
    data = read_toml(path)
    table = data.get("mesh")
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: expected a [mesh] table")
    unknown = sorted(set(table) - set(_CHECKS))
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) in [mesh]: {', '.join(unknown)}")
    return table


def load_config(
    path: str | os.PathLike[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> MeshConfig:
    """Build a `MeshConfig` from a TOML file's `[mesh]` table and the environment.

    Precedence, highest first: `overrides`, environment variables
    (`GPONLINE_MESH_URL`, `..._MAILBOX`, `..._PASSWORD`, `..._SHARED_KEY`,
    `..._RECIPIENT`, `..._WORKFLOW_ID`, `..._CLIENT_CERT`, `..._CLIENT_KEY`,
    `..._CA_BUNDLE`, and for the other fields `GPONLINE_MESH_<FIELD>`), the file.

    Args:
        path: TOML file with a `[mesh]` table; `None` reads the environment only.
        env: Environment to read; defaults to `os.environ`.
        **overrides: Field values that win over both (e.g. `max_chunk_size` in tests).

    Returns:
        The validated configuration.

    Raises:
        ConfigError: A field is missing or invalid; the message names the field and
            where its value came from, never the value of a secret.

    Example::

        config = load_config("gponline.toml", max_chunk_size=64 * 1024)
    """
    environ = os.environ if env is None else env
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    if path is not None:
        file_path = Path(path)
        for name, raw in _read_toml(file_path).items():
            values[name] = _PARSERS.get(name, _identity)(raw)
            if isinstance(values[name], Path):  # relative to the file, as every config path
                values[name] = file_path.parent / values[name].expanduser()
            sources[name] = f"file {file_path}"
    for name in _CHECKS:
        var = ENV_PREFIX + name.upper()
        if var in environ:
            raw_env = environ[var]
            env_parser: Callable[[str], Any] = _ENV_PARSERS.get(name, _identity)
            parsed = env_parser(raw_env)
            values[name] = _PARSERS.get(name, _identity)(parsed)
            sources[name] = f"environment variable {var}"
    for name, raw in overrides.items():
        if name not in _CHECKS:
            raise ConfigError(f"mesh.{name} (from argument): no such setting")
        values[name] = _PARSERS.get(name, _identity)(raw)
        sources[name] = "argument"
    for name in _REQUIRED:
        if name not in values:
            where = f"{ENV_PREFIX}{name.upper()} or [mesh].{name}"
            raise ConfigError(f"mesh.{name}: missing (set {where})")
    for name, value in values.items():
        problem = _CHECKS[name](value)
        if problem is not None:
            raise _problem(name, sources[name], problem)
    return MeshConfig(**values)
