"""`gponline practice serve`: the practice check as a web page, and the ICB's batch view.

A small Starlette application served by uvicorn (the `web` extra). A practice manager
fills in a form (the practice website, the tool's address and the Yes/No questions),
waits on a page that refreshes itself (no JavaScript needed) and gets the same HTML
report `gponline practice check` writes. An ICB uploads the batch CSV and gets the
summary. Safe to host on the internet: see `netguard` (which addresses are fetched),
`security` (headers, CSRF, rate limit) and `docs/practice-hosting.md`.

Only `app` imports the web framework; this package's `__init__` imports nothing, so
`netguard` and `settings` work without the extra installed.
"""

from __future__ import annotations

__all__: list[str] = []
