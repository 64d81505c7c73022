"""The Starlette application behind `gponline practice serve` (needs the `web` extra).

Pages: `/` the practice manager's form, `POST /check` starts a check and redirects to
`/check/{id}`, which refreshes itself until the report is ready and then shows it once;
`/batch` and `/batch/{id}` are the ICB's view (see `batchpages`). `/static/...` serves
the styles and the one optional script, since the Content-Security-Policy allows
nothing inline but the report's own style block.
"""

from __future__ import annotations

import contextlib
import importlib.resources
import logging
import socket
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from gponline_sdk.conformance.practice import check_practice
from gponline_sdk.conformance.practice import write_practice_reports as _write_reports
from gponline_sdk.conformance.practice.fetch import normalise_input_url
from gponline_sdk.conformance.practice.html import render_practice_html
from gponline_sdk.conformance.practice.web import pages
from gponline_sdk.conformance.practice.web.base import WebBase
from gponline_sdk.conformance.practice.web.batchpages import batch_routes
from gponline_sdk.conformance.practice.web.jobs import Job, TooBusy
from gponline_sdk.conformance.practice.web.netguard import (
    AddressRefused,
    check_url,
)
from gponline_sdk.conformance.practice.web.responses import gone, message
from gponline_sdk.conformance.practice.web.security import (
    SecurityHeaders,
)
from gponline_sdk.conformance.practice.web.settings import WebSettings
from gponline_sdk.errors import ConfigError, InputFileError, TargetUnreachable

__all__ = ["WebApp", "create_app"]

_log = logging.getLogger(__name__)
_FORM_BYTES = 64 * 1024
_ASSETS = {"app.css": "text/css", "summary.css": "text/css", "sort.js": "text/javascript"}
_CHOICES = ("", "yes", "no")


class WebApp(WebBase):
    """The practice manager's pages; `create_app` wires them and the ICB's to routes."""

    async def address_error(self, value: str, field: str, *, required: bool) -> str | None:
        """What is wrong with a typed address, in words for the form; `None` if it is fine."""
        if not value:
            return "Enter your practice website's full address" if required else None
        try:
            url = normalise_input_url(value, field)
        except ConfigError as exc:
            return str(exc).removeprefix(f"{field}: ")
        if self.settings.allow_private_addresses:
            return None
        try:
            await run_in_threadpool(check_url, url, exempt=self.settings.exempt)
        except AddressRefused as exc:
            return f"We cannot check this address: {exc}"
        except (socket.gaierror, UnicodeError):
            host = urlsplit(url).hostname or url
            return f"We could not find {host}: check the address is typed correctly"
        return None

    # -- the practice manager's check ----------------------------------------------------

    async def form(self, request: Request) -> Response:
        """GET /: the empty form."""
        return self.page(request, lambda t: pages.check_form_page(self.questions, csrf=t))

    async def start_check(self, request: Request) -> Response:
        """POST /check: check the form, start the check, redirect to its page."""
        refused = await self.guard_post(request, _FORM_BYTES)
        if refused is not None:
            return refused
        form = await request.form(max_files=0, max_fields=100)
        if not self.csrf_ok(request, form.get("csrf")):
            return message(403, "Form expired", "This form has expired. Open it again.")
        values = {k: str(v) for k, v in form.items() if isinstance(v, str) and len(v) < 4000}
        website, tool = values.get("website", "").strip(), values.get("tool", "").strip()
        errors: dict[str, str] = {}
        for field, value, required in (("website", website, True), ("tool", tool, False)):
            problem = await self.address_error(value, field, required=required)
            if problem:
                errors[field] = problem
        answers = {q.id: values.get(q.id, "") for q in self.questions}
        for qid, chosen in answers.items():
            if chosen not in _CHOICES:
                errors[qid] = "Choose Yes, No or Not sure"
        if errors:
            return self.page(
                request,
                lambda t: pages.check_form_page(
                    self.questions, csrf=t, values=values, errors=errors
                ),
                status=400,
            )
        given = {k: v for k, v in answers.items() if v}
        try:
            job = self.jobs.submit(
                "check",
                lambda _job: self._run_check(website, tool or None, given),
                expected=(TargetUnreachable, AddressRefused, ConfigError, InputFileError),
            )
        except TooBusy as exc:
            return message(503, "Busy", f"The service is busy: {exc}.")
        _log.info("check %s started", job.id[:6])
        return RedirectResponse(f"/check/{job.id}", status_code=303)

    def _run_check(self, website: str, tool: str | None, answers: dict[str, str]) -> Any:
        with contextlib.closing(self.session()) as session:
            report = check_practice(
                website,
                tool_url=tool,
                answers=answers,
                at=self.settings.at,
                session=session,
                timeouts=self.settings.timeouts,
                questions=self.questions,
            )
        if self.settings.keep_reports is not None:
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
            _write_reports(report, self.settings.keep_reports / stamp)
        return report

    async def show_check(self, request: Request) -> Response:
        """GET /check/{id}: progress until done, then the report, once."""
        job_id = request.path_params["job_id"]
        job = self.jobs.get(job_id, "check")
        if job is None:
            return gone()
        if not job.done.is_set():
            return HTMLResponse(pages.progress_page("your practice", f"/check/{job_id}"))
        taken: Job | None = self.jobs.take(job_id, "check")
        if taken is None:
            return gone()
        if taken.error is not None:
            return message(
                200,
                "We could not check your website",
                f"The check could not read your practice website: {taken.error}. Check the "
                "address in a browser, then try again.",
            )
        return HTMLResponse(render_practice_html(taken.result))

    async def asset(self, request: Request) -> Response:
        """GET /static/{name}: the styles and the sort script (a fixed list)."""
        name = request.path_params["name"]
        if name not in _ASSETS:
            return message(404, "Page not found", "There is no such page.")
        data = importlib.resources.files("gponline_sdk") / f"conformance/practice/assets/{name}"
        return Response(
            data.read_bytes(),
            media_type=_ASSETS[name],
            headers={"Cache-Control": "public, max-age=3600"},
        )


def create_app(settings: WebSettings | None = None) -> Any:
    """The ASGI application (security headers on every response), ready for uvicorn."""
    web = WebApp(settings or WebSettings())

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        web.jobs.shutdown()

    routes = [
        Route("/", web.form, methods=["GET"]),
        Route("/check", web.start_check, methods=["POST"]),
        Route("/check/{job_id}", web.show_check, methods=["GET"]),
        Route("/static/{name}", web.asset, methods=["GET"]),
        *batch_routes(web),
    ]
    inner = Starlette(routes=routes, lifespan=lifespan)
    inner.state.web = web
    return SecurityHeaders(inner)
