"""check_practice against real pages served on loopback: findings, tool check, bad websites."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
import requests

from _practice_site import Site, practice_page, self_signed_cert
from gponline_sdk.conformance.practice import (
    Answer,
    Outcome,
    Timeouts,
    check_practice,
    load_questions,
)
from gponline_sdk.errors import ConfigError, InputFileError, TargetUnreachable
from gponline_sdk.reference.sandbox import free_port

IN_CORE_HOURS = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)  # a Monday, 10:00 GMT
SUNDAY = datetime(2026, 11, 22, 10, 0, tzinfo=timezone.utc)
FAST = Timeouts(connect=2.0, read=0.5, total=2.0)


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as s:
        yield s


def outcomes(report: object) -> dict[str, Outcome]:
    return {f.id: f.outcome for f in report.findings}  # type: ignore[attr-defined]


def test_good_page_and_open_tool_pass_everything(site: Site) -> None:
    tool = site.url("/tool/A81001")
    site.page("/", practice_page(tool))
    site.page("/tool/A81001", "<h1>Start your request</h1><p>What do you need help with?</p>")
    answers = {q.id: Answer.YES for q in load_questions()}
    report = check_practice(
        site.url("/"), tool_url=tool, answers=answers, at=IN_CORE_HOURS, timeouts=FAST
    )
    assert outcomes(report) == {
        "PRAC-WEB-01": Outcome.PASS,
        "PRAC-WEB-02": Outcome.PASS,
        "PRAC-WEB-03": Outcome.PASS,
        "PRAC-WEB-04": Outcome.PASS,
        "PRAC-WEB-05": Outcome.PASS,
        "PRAC-TOOL-01": Outcome.PASS,
    }
    assert report.summary.all_clear
    assert report.website.title == "Riverside Surgery"
    assert report.checked_at == IN_CORE_HOURS
    # The 111 link is matched as text: no request ever leaves loopback.
    assert site.requests == ["/", "/tool/A81001"]


@pytest.mark.parametrize(
    ("missing", "finding"),
    [
        ("link", "PRAC-WEB-01"),
        ("nhs111", "PRAC-WEB-02"),
        ("safeguard", "PRAC-WEB-03"),
        ("response", "PRAC-WEB-04"),
        ("charter", "PRAC-WEB-05"),
    ],
)
def test_each_missing_element_fails_on_its_own(site: Site, missing: str, finding: str) -> None:
    tool = site.url("/tool")
    site.page("/", practice_page(tool, **{missing: False}))
    report = check_practice(site.url("/"), tool_url=tool, at=SUNDAY, timeouts=FAST)
    got = outcomes(report)
    assert got.pop(finding) is Outcome.FAIL
    assert got == {
        **{k: Outcome.PASS for k in got if k.startswith("PRAC-WEB")},
        "PRAC-TOOL-01": Outcome.NOT_APPLICABLE,
    }
    failed = next(f for f in report.findings if f.id == finding)
    assert failed.summary.startswith("Your practice website does not")
    assert failed.advice
    assert not report.summary.all_clear


def test_tool_that_says_closed_in_core_hours_fails(site: Site) -> None:
    tool = site.url("/tool")
    site.page("/", practice_page(tool))
    site.page("/tool", "<h1>Online requests</h1><p>We are currently closed to new requests.</p>")
    report = check_practice(site.url("/"), tool_url=tool, at=IN_CORE_HOURS, timeouts=FAST)
    open_check = report.findings[-1]
    assert open_check.outcome is Outcome.FAIL
    assert "closed" in open_check.summary
    assert any("currently closed" in e for e in open_check.evidence)


def test_tool_answering_an_error_in_core_hours_fails(site: Site) -> None:
    tool = site.url("/tool")
    site.page("/", practice_page(tool))
    site.page("/tool", "<p>Service Unavailable</p>", status=503)
    report = check_practice(site.url("/"), tool_url=tool, at=IN_CORE_HOURS, timeouts=FAST)
    assert report.findings[-1].outcome is Outcome.FAIL
    assert "HTTP 503" in report.findings[-1].summary


def test_unreachable_tool_in_core_hours_fails_without_stopping_the_check(site: Site) -> None:
    tool = f"http://127.0.0.1:{free_port()}/tool"
    site.page("/", practice_page(tool))
    report = check_practice(site.url("/"), tool_url=tool, at=IN_CORE_HOURS, timeouts=FAST)
    assert outcomes(report)["PRAC-WEB-01"] is Outcome.PASS
    assert report.findings[-1].outcome is Outcome.FAIL
    assert "could not connect" in report.findings[-1].evidence[0]


def test_outside_core_hours_the_tool_is_not_checked(site: Site) -> None:
    tool = site.url("/tool")
    site.page("/", practice_page(tool))
    report = check_practice(site.url("/"), tool_url=tool, at=SUNDAY, timeouts=FAST)
    finding = report.findings[-1]
    assert finding.outcome is Outcome.NOT_APPLICABLE
    assert "Monday 23 November 2026 at 08:00" in finding.summary
    assert "/tool" not in site.requests


def test_without_a_tool_address_the_open_check_does_not_apply(site: Site) -> None:
    site.page("/", practice_page("https://patchs.ai/practice/A81001"))
    report = check_practice(site.url("/"), at=IN_CORE_HOURS, timeouts=FAST)
    assert outcomes(report)["PRAC-TOOL-01"] is Outcome.NOT_APPLICABLE
    assert outcomes(report)["PRAC-WEB-01"] is Outcome.PASS  # known supplier domain
    assert report.tool_url is None


def test_redirect_within_the_site_is_followed(site: Site) -> None:
    site.redirect("/", "/home")
    site.redirect("/home", site.url("/welcome"), status=301)
    site.page("/welcome", practice_page("https://patchs.ai/x"))
    report = check_practice(site.url("/"), at=SUNDAY, timeouts=FAST)
    assert report.website.final_url == site.url("/welcome")
    assert report.website.redirects == (site.url("/home"), site.url("/welcome"))
    assert outcomes(report)["PRAC-WEB-02"] is Outcome.PASS


def test_redirect_loop_is_refused(site: Site) -> None:
    site.redirect("/a", "/b")
    site.redirect("/b", "/a")
    with pytest.raises(TargetUnreachable, match="redirects in a loop"):
        check_practice(site.url("/a"), at=SUNDAY, timeouts=FAST)


def test_too_many_redirects_are_refused(site: Site) -> None:
    for i in range(7):
        site.redirect(f"/r{i}", f"/r{i + 1}")
    with pytest.raises(TargetUnreachable, match="more than 5 times"):
        check_practice(site.url("/r0"), at=SUNDAY, timeouts=FAST)


def test_redirect_out_of_http_is_refused(site: Site) -> None:
    site.redirect("/", "ftp://127.0.0.1/page")
    with pytest.raises(TargetUnreachable, match="not a web page"):
        check_practice(site.url("/"), at=SUNDAY, timeouts=FAST)


@pytest.mark.parametrize("declare_length", [True, False])
def test_oversized_page_is_refused(site: Site, declare_length: bool) -> None:
    site.huge("/", 3 * 1024 * 1024, declare_length=declare_length)
    with pytest.raises(TargetUnreachable, match="larger than 2,097,152 bytes"):
        check_practice(site.url("/"), at=SUNDAY, timeouts=Timeouts(read=5.0))


def test_slow_page_ends_with_a_read_timeout(site: Site) -> None:
    site.slow("/")
    with pytest.raises(TargetUnreachable, match=r"no answer within 0\.5 s"):
        check_practice(site.url("/"), at=SUNDAY, timeouts=FAST)


def test_dripping_page_ends_with_the_total_timeout(site: Site) -> None:
    site.drip("/")
    with pytest.raises(TargetUnreachable, match=r"took more than 2 s"):
        check_practice(site.url("/"), at=SUNDAY, timeouts=FAST)


def test_nothing_listening_is_unreachable() -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    with pytest.raises(TargetUnreachable, match=r"could not connect to 127\.0\.0\.1"):
        check_practice(url, at=SUNDAY, timeouts=FAST)


def test_missing_page_is_reported_with_its_status(site: Site) -> None:
    with pytest.raises(TargetUnreachable, match="answered HTTP 404"):
        check_practice(site.url("/nope"), at=SUNDAY, timeouts=FAST)


def test_a_pdf_is_not_a_web_page(site: Site) -> None:
    site.page("/", b"%PDF-1.4", content_type="application/pdf")
    with pytest.raises(TargetUnreachable, match=r"not a web page \(application/pdf\)"):
        check_practice(site.url("/"), at=SUNDAY, timeouts=FAST)


def test_bad_inputs_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="website: expected an http"):
        check_practice("ftp://example.org/")
    with pytest.raises(ConfigError, match="at: a timezone is required"):
        check_practice("https://example.org/", at=datetime(2026, 11, 23, 10, 0))
    with pytest.raises(InputFileError, match=r"\$\.PRAC-ATT-99: PRAC-ATT-99 is not a question"):
        check_practice("https://example.org/", answers={"PRAC-ATT-99": True})


def test_answers_are_recorded_and_the_rest_not_answered(site: Site) -> None:
    site.page("/", practice_page(site.url("/tool")))
    report = check_practice(
        site.url("/"),
        tool_url=site.url("/tool"),
        answers={"PRAC-ATT-01": True, "PRAC-ATT-02": "No", "PRAC-ATT-03": Answer.YES},
        at=SUNDAY,
        timeouts=FAST,
    )
    got = {a.id: a.answer for a in report.attestations}
    assert got["PRAC-ATT-01"] is Answer.YES
    assert got["PRAC-ATT-02"] is Answer.NO
    assert got["PRAC-ATT-03"] is Answer.YES
    assert got["PRAC-ATT-04"] is Answer.NOT_ANSWERED
    assert report.summary.no == 1
    assert not report.summary.all_clear


def test_tls_certificate_is_verified(tmp_path: Path) -> None:
    cert, key = self_signed_cert(tmp_path)
    with Site(tls=(cert, key)) as tls_site:
        tls_site.page("/", practice_page("https://patchs.ai/x"))
        with pytest.raises(TargetUnreachable, match="could not be verified"):
            check_practice(tls_site.url("/"), at=SUNDAY, timeouts=FAST)
        # The same site passes once its certificate is trusted through the caller's session.
        with requests.Session() as session:
            # trust_env off: requests lets REQUESTS_CA_BUNDLE override a session's verify.
            session.trust_env = False
            session.verify = str(cert)
            report = check_practice(tls_site.url("/"), at=SUNDAY, timeouts=FAST, session=session)
        assert report.website.final_url.startswith("https://")
        assert tls_site.requests == ["/"]  # the refused handshake never reached the page
