"""Before any check runs: does the target accept the token at all?

A wrong or missing token makes every check fail, and a report of "20 required
items not met" hides the one thing to fix. So the CLI first asks for
``GET /test/environment`` and ``GET /capabilities`` (two requests, counted in
no check); HTTP 401 or 403 to either is a configuration error (exit 2) and no
check runs. A target that does not answer is left to the run, which probes
it, reports what was tried and writes the reports (exit 3).
"""

from __future__ import annotations

from typing import Any

from gponline_sdk.conformance.target.protocol import BadResponse
from gponline_sdk.errors import ConfigError, TargetUnreachable

__all__ = ["PREFLIGHT_PATHS", "TokenRefused", "preflight"]

PREFLIGHT_PATHS = ("/test/environment", "/capabilities")


class TokenRefused(ConfigError):
    """The target answered 401 or 403 before any check: a configuration error (exit 2)."""


def preflight(target: Any) -> None:
    """Ask the target for its environment and capabilities; refuse to run on 401/403.

    Args:
        target: A `ToolTarget` (anything with ``send_raw``; others are not asked).

    Raises:
        TokenRefused: naming the operation and the status, never the token.
    """
    send = getattr(target, "send_raw", None)
    if send is None:
        return
    for path in PREFLIGHT_PATHS:
        try:
            status = send("GET", path).status
        except BadResponse:
            continue  # an answer, though a bad one: the checks will judge it
        except TargetUnreachable:
            # Left to the run: its first check probes the target again, stops
            # the run if it is down (exit 3) and still writes the reports.
            return
        if status in (401, 403):
            raise TokenRefused(
                f"the target refused the token: GET {path} answered HTTP {status} before any "
                "check ran; give the test environment's token with --token or "
                "$GPONLINE_TARGET_TOKEN (no check was run)"
            )
