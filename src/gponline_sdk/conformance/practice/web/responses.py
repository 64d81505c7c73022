"""The plain responses shared by the application's pages (needs the `web` extra)."""

from __future__ import annotations

from starlette.responses import HTMLResponse

from gponline_sdk.conformance.practice.web import pages

__all__ = ["gone", "message"]


def message(status: int, title: str, text: str) -> HTMLResponse:
    """A plain page with a status code."""
    return HTMLResponse(pages.message_page(title, text), status_code=status)


def gone() -> HTMLResponse:
    """The page for a result that was shown already, expired, or never existed."""
    return message(
        404,
        "This result is no longer here",
        "Each result is shown once and then deleted, and an unopened one is deleted after "
        "a while. Start the check again to see a new report.",
    )
