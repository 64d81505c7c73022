"""What makes the page safe to host: headers, a CSRF token and a per-client rate limit.

Kept free of the web framework (plain ASGI and the standard library), so each piece is
small and tested on its own.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from gponline_sdk.conformance.practice.html import style_sha256

__all__ = [
    "CSRF_COOKIE",
    "CsrfTokens",
    "RateLimiter",
    "SecurityHeaders",
    "client_address",
    "content_security_policy",
]

CSRF_COOKIE = "gp_csrf"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def content_security_policy() -> str:
    """The one policy every response carries.

    Nothing inline runs: scripts and styles come from this server's own files, except the
    report's single style block, allowed by its hash so the report is byte for byte the
    one the command line writes.
    """
    return "; ".join(
        (
            "default-src 'none'",
            f"style-src 'self' {style_sha256()}",
            "script-src 'self'",
            "img-src 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        )
    )


_HEADERS = (
    (b"content-security-policy", content_security_policy().encode("ascii")),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


class SecurityHeaders:
    """ASGI middleware: the security headers on every HTTP response, errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the headers to the response start, then pass everything through."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in _HEADERS}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] = [*kept, *_HEADERS]
                if scope.get("path", "").startswith(("/check/", "/batch/")):
                    # Results are for one person's eyes: never kept by a shared cache.
                    message["headers"].append((b"cache-control", b"no-store"))
            await send(message)

        await self.app(scope, receive, send_with_headers)


class CsrfTokens:
    """Double-submit tokens: a random cookie, and the form carries its HMAC.

    A page on another site cannot read the cookie, so it cannot forge the form field; the
    HMAC (keyed by a secret made at start-up) means the field alone is worth nothing.
    """

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    @staticmethod
    def new_cookie() -> str:
        """A fresh random cookie value."""
        return secrets.token_urlsafe(32)

    def token_for(self, cookie: str) -> str:
        """The form token that goes with `cookie`."""
        return hmac.new(self._secret, cookie.encode("utf-8"), hashlib.sha256).hexdigest()

    def valid(self, cookie: str | None, token: str | None) -> bool:
        """Whether a submitted form's token matches its cookie."""
        if not cookie or not token:
            return False
        return hmac.compare_digest(self.token_for(cookie), token)


class RateLimiter:
    """An in-memory token bucket per client address.

    Each client may start `burst` checks at once, then one every `60 / per_minute`
    seconds. At most `max_clients` buckets are kept (the least recently seen are dropped),
    so a flood of addresses cannot grow memory without bound.
    """

    def __init__(
        self,
        *,
        per_minute: float,
        burst: int,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._rate = per_minute / 60.0
        self._burst = float(burst)
        self._max = max_clients
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, client: str) -> int:
        """Take one token for `client`.

        Returns:
            0 if allowed; otherwise the whole seconds to wait (for `Retry-After`).
        """
        now = self._clock()
        with self._lock:
            tokens, seen = self._buckets.pop(client, (self._burst, now))
            tokens = min(self._burst, tokens + (now - seen) * self._rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                wait = 0
            else:
                self._buckets[client] = (tokens, now)
                wait = max(1, math.ceil((1.0 - tokens) / self._rate)) if self._rate else 3600
            while len(self._buckets) > self._max:
                self._buckets.popitem(last=False)
        return wait


def client_address(peer: str | None, forwarded_for: str | None, *, trust_proxy: bool) -> str:
    """The client's address for the rate limit.

    Behind a reverse proxy every request comes from the proxy, so with `trust_proxy` the
    last `X-Forwarded-For` entry is used: the one the proxy itself added. Earlier entries
    are whatever the client sent and are never believed. Without `trust_proxy` the header
    is ignored, since any client can send it.
    """
    if trust_proxy and forwarded_for:
        last = forwarded_for.split(",")[-1].strip()
        if last:
            return last
    return peer or "unknown"
