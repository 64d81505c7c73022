"""What every page of `gponline practice serve` shares: state, sessions, forms and POSTs.

Here so the practice manager's pages (`app`) and the ICB's (`batchpages`) both build on
it without importing each other.
"""

from __future__ import annotations

from typing import Any

import requests
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from gponline_sdk.conformance.practice import load_questions
from gponline_sdk.conformance.practice.models import AttestationQuestion
from gponline_sdk.conformance.practice.web.jobs import JobStore
from gponline_sdk.conformance.practice.web.netguard import guarded_session
from gponline_sdk.conformance.practice.web.responses import message
from gponline_sdk.conformance.practice.web.security import (
    CSRF_COOKIE,
    CsrfTokens,
    RateLimiter,
    client_address,
)
from gponline_sdk.conformance.practice.web.settings import WebSettings

__all__ = ["WebBase"]


class WebBase:
    """The application's state and the pieces every page shares (sessions, forms, POSTs)."""

    def __init__(self, settings: WebSettings) -> None:
        self.settings = settings
        self.questions: tuple[AttestationQuestion, ...] = load_questions()
        self.csrf = CsrfTokens()
        self.limiter = RateLimiter(per_minute=settings.requests_per_minute, burst=settings.burst)
        self.jobs = JobStore(workers=settings.workers, keep_seconds=settings.keep_minutes * 60)

    def session(self) -> requests.Session:
        """A session for one check: guarded unless private addresses are allowed."""
        if self.settings.allow_private_addresses:
            plain = requests.Session()
            plain.trust_env = False  # as the guarded one: no proxy from the environment
            return plain
        return guarded_session(exempt=self.settings.exempt)

    def page(self, request: Request, render: Any, status: int = 200) -> HTMLResponse:
        """A page with a form: `render(token)` builds it; the CSRF cookie is set if new."""
        cookie = request.cookies.get(CSRF_COOKIE)
        fresh = cookie is None
        cookie = cookie or self.csrf.new_cookie()
        response = HTMLResponse(render(self.csrf.token_for(cookie)), status_code=status)
        if fresh:
            response.set_cookie(
                CSRF_COOKIE,
                cookie,
                httponly=True,
                samesite="strict",
                secure=self.is_https(request),
            )
        return response

    def is_https(self, request: Request) -> bool:
        """Whether the browser reached us over HTTPS (through a trusted proxy, as it says)."""
        if request.url.scheme == "https":
            return True
        forwarded = request.headers.get("x-forwarded-proto", "")
        return self.settings.trust_proxy and forwarded.split(",")[-1].strip() == "https"

    async def guard_post(self, request: Request, limit: int) -> Response | None:
        """The checks every POST passes first: size, rate limit. `None` when it may go on."""
        length = request.headers.get("content-length", "")
        if not length.isdigit():
            return message(411, "Length required", "The form was sent without its length.")
        if int(length) > limit:
            return message(413, "Too large", "What was sent is larger than this page accepts.")
        client = client_address(
            request.client.host if request.client else None,
            request.headers.get("x-forwarded-for"),
            trust_proxy=self.settings.trust_proxy,
        )
        wait = self.limiter.take(client)
        if wait:
            response = message(
                429,
                "Too many checks",
                f"You have started several checks in a short time. Please wait {wait} "
                "seconds and try again.",
            )
            response.headers["Retry-After"] = str(wait)
            return response
        return None

    def csrf_ok(self, request: Request, token: object) -> bool:
        """Whether the form's token matches this browser's cookie."""
        return self.csrf.valid(request.cookies.get(CSRF_COOKIE), str(token) if token else None)
