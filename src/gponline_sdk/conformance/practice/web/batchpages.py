"""The ICB's pages: upload the batch CSV, wait, read the summary and each report.

The same file `gponline practice check --batch` reads, checked by the same code
(`batch`, `summary`), with the same address guard as the single check. A batch's
results stay in memory until `keep_minutes` after it finished (its reports must stay
reachable from the summary), and on disk only with `--keep-reports`.
"""

from __future__ import annotations

import inspect
from datetime import datetime, timezone
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from gponline_sdk.conformance.practice.batch import BatchEntry, parse_batch_csv, run_batch
from gponline_sdk.conformance.practice.html import render_practice_html
from gponline_sdk.conformance.practice.summary import render_summary_html, write_batch
from gponline_sdk.conformance.practice.web import pages
from gponline_sdk.conformance.practice.web.base import WebBase
from gponline_sdk.conformance.practice.web.jobs import Job, TooBusy
from gponline_sdk.conformance.practice.web.responses import gone, message
from gponline_sdk.errors import InputFileError

__all__ = ["batch_routes"]

_UPLOAD_BYTES = 512 * 1024
# Starlette 0.40 added a per-part limit; older ones (the floor is what mesh-sandbox's FastAPI
# pin allows on Python 3.10) parse without it. Either way `guard_post` has refused any body
# over its declared length, and the server holds the body to that length, so one part can
# never outgrow the upload limit: the per-part limit is a second guard where there is one.
_PART_LIMIT: dict[str, int] = (
    {"max_part_size": _UPLOAD_BYTES}
    if "max_part_size" in inspect.signature(Request.form).parameters
    else {}
)


def batch_routes(web: WebBase) -> list[Route]:
    """The batch pages' routes, sharing `web`'s settings, jobs, CSRF and rate limit."""
    settings = web.settings

    def form_page(request: Request, errors: list[str], status: int = 200) -> Response:
        return web.page(
            request,
            lambda t: pages.batch_form_page(
                csrf=t, errors=errors, max_rows=settings.max_batch_rows, max_bytes=_UPLOAD_BYTES
            ),
            status=status,
        )

    async def show_form(request: Request) -> Response:
        return form_page(request, [])

    async def start(request: Request) -> Response:  # noqa: PLR0911 - one answer per fault
        refused = await web.guard_post(request, _UPLOAD_BYTES + 16 * 1024)
        if refused is not None:
            return refused
        form = await request.form(max_files=1, max_fields=5, **_PART_LIMIT)
        if not web.csrf_ok(request, form.get("csrf")):
            return message(403, "Form expired", "This form has expired. Open it again.")
        upload = form.get("practices")
        if not isinstance(upload, UploadFile):
            return form_page(request, ["Choose the CSV file of practices"], 400)
        raw = await upload.read(_UPLOAD_BYTES + 1)
        if len(raw) > _UPLOAD_BYTES:
            return form_page(request, [f"The file is larger than {_UPLOAD_BYTES // 1024} KB"], 400)
        try:
            rows = parse_batch_csv(raw, source="the file", max_rows=settings.max_batch_rows)
        except InputFileError as exc:
            return form_page(request, [str(p) for p in exc.problems[:20]], 400)

        def work(job: Job) -> tuple[datetime, list[BatchEntry]]:
            started = datetime.now(timezone.utc)
            job.progress[1] = len(rows)

            def done(_entry: BatchEntry) -> None:
                job.progress[0] += 1

            entries = run_batch(
                rows,
                concurrency=settings.batch_concurrency,
                at=settings.at,
                timeouts=settings.timeouts,
                session_factory=web.session,
                on_done=done,
            )
            if settings.keep_reports is not None:
                write_batch(entries, settings.keep_reports / "batches", started=started)
            return started, entries

        try:
            job = web.jobs.submit("batch", work, expected=())
        except TooBusy as exc:
            return message(503, "Busy", f"The service is busy: {exc}.")
        return RedirectResponse(f"/batch/{job.id}", status_code=303)

    async def show(request: Request) -> Response:
        job_id = request.path_params["job_id"]
        job = web.jobs.get(job_id, "batch")
        if job is None:
            return gone()
        if not job.done.is_set():
            done, total = job.progress
            return HTMLResponse(
                pages.progress_page("the practices", f"/batch/{job_id}", done=done, total=total)
            )
        if job.error is not None:
            return message(200, "The batch could not be checked", job.error)
        started, entries = job.result

        def link(i: int, entry: BatchEntry) -> str | None:
            return f"/batch/{job_id}/report/{i}" if entry.report is not None else None

        local = started.astimezone(timezone.utc)
        title = f"Practice checks, {local:%Y-%m-%d %H:%M} UTC"
        return HTMLResponse(render_summary_html(entries, link=link, assets="/static/", title=title))

    async def report(request: Request) -> Response:
        job = web.jobs.get(request.path_params["job_id"], "batch")
        if job is None or not job.done.is_set() or job.error is not None:
            return gone()
        entries: Any = job.result[1]
        index = request.path_params["index"]
        if not 0 <= index < len(entries) or entries[index].report is None:
            return gone()
        return HTMLResponse(render_practice_html(entries[index].report))

    return [
        Route("/batch", show_form, methods=["GET"]),
        Route("/batch", start, methods=["POST"]),
        Route("/batch/{job_id}", show, methods=["GET"]),
        Route("/batch/{job_id}/report/{index:int}", report, methods=["GET"]),
    ]
