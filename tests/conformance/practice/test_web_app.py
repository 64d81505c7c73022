"""`gponline practice serve`: the form, the job page, the report, headers, CSRF, rate limit."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
import requests

from _practice_site import Site, practice_page
from gponline_sdk.conformance.practice import (
    Timeouts,
    check_practice,
    load_questions,
    render_practice_html,
)
from gponline_sdk.conformance.practice.web.security import RateLimiter, client_address
from gponline_sdk.conformance.practice.web.settings import WebSettings

from ._web import csrf, follow, serve

MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)
QUESTIONS = load_questions()
LOCAL = WebSettings(allow_private_addresses=True, at=MONDAY_10, burst=50)


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as s:
        s.page("/tool", "<h1>Tell us what you need</h1>")
        s.page("/", practice_page(s.url("/tool")))
        yield s


@pytest.fixture
def app() -> Iterator[str]:
    with serve(LOCAL) as base:
        yield base


def submit(
    base: str, fields: dict[str, str], *, http: requests.Session | None = None
) -> requests.Response:
    http = http or requests.Session()
    token = csrf(http, base)
    return http.post(
        base + "/check", data={"csrf": token, **fields}, allow_redirects=False, timeout=10
    )


def test_the_form_labels_every_field_and_asks_every_question_with_its_explanation(
    app: str,
) -> None:
    page = requests.get(app + "/", timeout=10)
    html = page.text
    assert '<label for="website">' in html
    assert '<label for="tool">' in html
    for q in QUESTIONS:
        # The questions come from the attestation file, with why each matters.
        assert f'<fieldset class="question" id="{q.id}" aria-describedby="{q.id}-why">' in html
        assert f"<legend>{_esc(q.question)}</legend>" in html
        assert f'id="{q.id}-why">Why it matters: {_esc(q.why)}' in html
        for choice in ("yes", "no", "skip"):
            assert f'<label for="{q.id}-{choice}">' in html
    assert 'name="csrf"' in html
    assert "<script" not in html  # works without JavaScript


def test_every_response_carries_the_security_headers(app: str) -> None:
    for path in ("/", "/batch", "/static/app.css", "/check/nothing-here", "/no-such-page"):
        headers = requests.get(app + path, timeout=10).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "style-src 'self' 'sha256-" in csp
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"


def test_a_manager_gets_the_same_report_the_command_line_writes(site: Site, app: str) -> None:
    http = requests.Session()
    answers = {q.id: "yes" for q in QUESTIONS}
    started = submit(
        app, {"website": site.url("/"), "tool": site.url("/tool"), **answers}, http=http
    )
    assert started.status_code == 303
    location = started.headers["Location"]
    assert re.fullmatch(r"/check/[A-Za-z0-9_-]{20,}", location)
    first = http.get(app + location, timeout=10)
    assert first.headers["Cache-Control"] == "no-store"
    # On a loaded machine the check can finish before this first read, which then is the
    # report (shown once); otherwise it is the progress page and the report follows.
    refreshing = 'http-equiv="refresh"' in first.text
    shown = follow(http, app, location) if refreshing else first.text
    expected = render_practice_html(
        check_practice(
            site.url("/"), tool_url=site.url("/tool"), answers=answers, at=MONDAY_10,
            timeouts=Timeouts(),
        )
    )  # fmt: skip
    assert shown == expected
    assert "All clear" in shown
    # Shown once, then gone.
    again = http.get(app + location, timeout=10)
    assert again.status_code == 404
    assert "no longer here" in again.text


def test_the_progress_page_refreshes_itself_without_javascript(app: str) -> None:
    with Site() as slow:
        slow.slow("/")
        started = submit(app, {"website": slow.url("/")})
        page = requests.get(app + started.headers["Location"], timeout=10)
        assert f'<meta http-equiv="refresh" content="2;url={started.headers["Location"]}">' in (
            page.text
        )
        assert 'role="status"' in page.text


def test_errors_are_summarised_and_tied_to_their_fields(app: str) -> None:
    answer = submit(app, {"website": "", "tool": "oc.example.com/A81001"})
    assert answer.status_code == 400
    html = answer.text
    assert html.count('<div class="error-summary" role="alert"') == 1
    assert '<a href="#website">' in html
    assert '<a href="#tool">' in html
    assert 'aria-describedby="website-hint website-error"' in html
    assert 'id="website-error">Error: Enter your practice website' in html
    assert 'aria-describedby="tool-hint tool-error"' in html
    assert "for example https://oc.example.com/A81001" in html
    assert 'aria-invalid="true"' in html
    assert "<title>Error: " in html
    # What was typed is kept.
    assert 'value="oc.example.com/A81001"' in html


def test_a_tampered_answer_is_an_error_on_its_question(app: str, site: Site) -> None:
    qid = QUESTIONS[0].id
    answer = submit(app, {"website": site.url("/"), qid: "maybe"})
    assert answer.status_code == 400
    assert f'<a href="#{qid}">' in answer.text
    assert f'aria-describedby="{qid}-why {qid}-error"' in answer.text


def test_a_form_without_its_csrf_token_is_refused(app: str, site: Site) -> None:
    http = requests.Session()
    csrf(http, app)
    for token in ("", "0" * 64):
        answer = http.post(
            app + "/check", data={"csrf": token, "website": site.url("/")}, timeout=10,
            allow_redirects=False,
        )  # fmt: skip
        assert answer.status_code == 403
    # A token from another browser (another cookie) is worth nothing here either.
    other = requests.Session()
    stolen = csrf(other, app)
    answer = http.post(
        app + "/check", data={"csrf": stolen, "website": site.url("/")}, timeout=10,
        allow_redirects=False,
    )  # fmt: skip
    assert answer.status_code == 403
    assert site.requests == []


def test_too_many_checks_from_one_client_get_429_with_retry_after(site: Site) -> None:
    settings = WebSettings(allow_private_addresses=True, requests_per_minute=1, burst=2)
    with serve(settings) as base:
        codes = [submit(base, {"website": site.url("/")}).status_code for _ in range(3)]
        assert codes[:2] == [303, 303]
        assert codes[2] == 429
        refused = submit(base, {"website": site.url("/")})
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["Retry-After"]) <= 60


def test_the_token_bucket_refills_at_its_rate() -> None:
    now = [0.0]
    bucket = RateLimiter(per_minute=6, burst=2, clock=lambda: now[0])
    assert [bucket.take("a"), bucket.take("a")] == [0, 0]
    assert bucket.take("a") == 10  # one token every 10 s
    assert bucket.take("b") == 0  # per client
    now[0] = 10.0
    assert bucket.take("a") == 0


def test_x_forwarded_for_counts_only_behind_a_trusted_proxy() -> None:
    assert client_address("10.0.0.5", "1.2.3.4", trust_proxy=False) == "10.0.0.5"
    # The last entry is the one the proxy added; earlier ones are the client's own claims.
    assert client_address("10.0.0.5", "6.6.6.6, 1.2.3.4", trust_proxy=True) == "1.2.3.4"
    assert client_address("10.0.0.5", None, trust_proxy=True) == "10.0.0.5"


def test_no_attestation_answer_reaches_the_logs(
    site: Site, app: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    answers = {q.id: ("no" if i % 2 else "yes") for i, q in enumerate(QUESTIONS)}
    http = requests.Session()
    started = submit(app, {"website": site.url("/"), **answers}, http=http)
    follow(http, app, started.headers["Location"])
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)
    assert "check " in logged  # the log is captured, and the check was logged...
    assert "/check" in logged  # ...with uvicorn's access log
    for q in QUESTIONS:
        assert q.id not in logged
    # An answer logged would be a form field (PRAC-ATT-01=no), a value or a repr of one;
    # the words alone are not searched for, since a library's debug line may say "no data".
    assert not re.search(r"""(?:=|'|"|: )(?:yes|no)\b""", logged, re.IGNORECASE), logged


def test_fetched_text_is_escaped_in_the_report(app: str) -> None:
    with Site() as hostile:
        hostile.page(
            "/", "<title>&lt;script&gt;alert(1)&lt;/script&gt; Surgery</title><p>Do not use</p>"
        )
        http = requests.Session()
        started = submit(app, {"website": hostile.url("/")}, http=http)
        shown = follow(http, app, started.headers["Location"])
    assert "<script>" not in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown


def test_reports_are_kept_only_when_asked(site: Site, tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    settings = WebSettings(allow_private_addresses=True, keep_reports=kept, at=MONDAY_10)
    with serve(settings) as base:
        http = requests.Session()
        started = submit(base, {"website": site.url("/")}, http=http)
        follow(http, base, started.headers["Location"])
    assert [p.name for p in sorted(kept.glob("*/*"))] == [
        "practice-report.html",
        "practice-report.json",
    ]


def test_a_website_that_cannot_be_read_says_why(app: str) -> None:
    with Site() as broken:
        broken.page("/", "gone", status=500)
        http = requests.Session()
        started = submit(app, {"website": broken.url("/")}, http=http)
        shown = follow(http, app, started.headers["Location"])
    assert "We could not check your website" in shown
    assert "HTTP 500" in shown


def test_only_the_listed_static_files_are_served(app: str) -> None:
    script = requests.get(app + "/static/sort.js", timeout=10)
    assert script.headers["Content-Type"].startswith("text/javascript")
    for path in ("/static/..%2f__init__.py", "/static/html.py", "/static/"):
        assert requests.get(app + path, timeout=10).status_code == 404


def _esc(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def test_the_csrf_cookie_is_secure_only_over_https(site: Site) -> None:
    with serve(LOCAL) as base:
        plain = requests.get(base + "/", timeout=10, headers={"X-Forwarded-Proto": "https"})
        assert "secure" not in plain.headers["Set-Cookie"].lower()  # the header is not trusted
    trusted = WebSettings(allow_private_addresses=True, trust_proxy=True)
    with serve(trusted) as base:
        proxied = requests.get(base + "/", timeout=10, headers={"X-Forwarded-Proto": "https"})
        assert "secure" in proxied.headers["Set-Cookie"].lower()
        assert "samesite=strict" in proxied.headers["Set-Cookie"].lower()
        assert "httponly" in proxied.headers["Set-Cookie"].lower()
