"""`gponline practice check --batch`: the ICB's view of many practices, politely checked."""

from __future__ import annotations

import csv
import re
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
import requests

from _practice_site import Site, practice_page
from gponline_sdk.cli.main import main
from gponline_sdk.conformance.practice import Timeouts
from gponline_sdk.conformance.practice.batch import BatchRow, parse_batch_csv, run_batch
from gponline_sdk.conformance.practice.summary import FINDING_COLUMNS, write_batch
from gponline_sdk.conformance.practice.web.settings import WebSettings
from gponline_sdk.errors import InputFileError

from ._web import csrf, serve

MONDAY_10 = "2026-11-23T10:00:00Z"
HEADER = "ods_code,name,website,tool_url\n"


def ods(i: int) -> str:
    return f"A{81000 + i:05d}"


def write_csv(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["ods_code", "name", "website", "tool_url"])
        writer.writerows(rows)
    return path


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def run(*args: str) -> int:
    return main(["practice", "check", "--at", MONDAY_10, "--read-timeout", "5", *args])


@pytest.fixture
def fifty() -> Iterator[list[Site]]:
    """50 practice websites, each its own server: most in order, some not."""
    with ExitStack() as stack:
        sites = [stack.enter_context(Site()) for _ in range(50)]
        for i, site in enumerate(sites):
            site.page("/tool", "<h1>Tell us what you need</h1>")
            if i % 10 == 3:
                site.page("/", practice_page(site.url("/tool"), nhs111=False))
            elif i % 10 == 7:
                site.page("/tool", "<p>This service is temporarily unavailable.</p>")
                site.page("/", practice_page(site.url("/tool")))
            else:
                site.page("/", practice_page(site.url("/tool")))
        sites[49].page("/robots.txt", "User-agent: *\nDisallow: /\n", content_type="text/plain")
        sites[48].routes.pop("/tool")
        sites[48].page("/", "broken", status=503)
        yield sites


def test_fifty_practices_get_a_summary_page_a_csv_and_each_report(
    fifty: list[Site], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [(ods(i), f"Practice {i}", s.url("/"), s.url("/tool")) for i, s in enumerate(fifty)]
    batch = write_csv(tmp_path / "practices.csv", rows)
    out = tmp_path / "out"
    assert run("--batch", str(batch), "--out", str(out), "--concurrency", "6") == 1
    assert f"Summary: {out / 'summary.html'}" in capsys.readouterr().out

    summary = read_rows(out / "summary.csv")
    assert [r["ods_code"] for r in summary] == [ods(i) for i in range(50)]
    by_code = {r["ods_code"]: r for r in summary}
    assert by_code[ods(0)]["result"] == "pass"
    assert all(by_code[ods(0)][f] in ("pass",) for f, _ in FINDING_COLUMNS)
    assert by_code[ods(3)]["PRAC-WEB-02"] == "fail"
    assert by_code[ods(7)]["PRAC-TOOL-01"] == "fail"  # closed in core hours
    assert by_code[ods(49)]["result"] == "not_checked"
    assert "robots.txt" in by_code[ods(49)]["error"]
    assert fifty[49].requests == ["/robots.txt"]  # the page itself never read
    assert by_code[ods(48)]["result"] == "not_checked"
    assert "HTTP 503" in by_code[ods(48)]["error"]
    assert sum(r["result"] == "pass" for r in summary) == 50 - 5 - 5 - 2

    page = (out / "summary.html").read_text(encoding="utf-8")
    assert page.count("<tr><td>") == 50
    assert '<table class="sortable">' in page
    assert '<script src="sort.js" defer></script>' in page
    assert "<script>" not in page
    assert "style=" not in page
    assert (out / "sort.js").is_file()
    assert (out / "summary.css").is_file()
    links = re.findall(r'<a href="([^"]+)">Report', page)
    assert len(links) == 48
    for link in links:
        assert (out / link).is_file()
        assert link.startswith(("history/2026-", "history/20"))
    for row in summary:
        if row["report"]:
            assert (out / row["report"]).is_file()


def test_a_closure_seen_in_core_hours_stays_on_record_after_later_runs(tmp_path: Path) -> None:
    with Site() as site:
        site.page("/", practice_page(site.url("/tool")))
        site.page("/tool", "<p>We are not accepting online requests at the moment.</p>")
        batch = write_csv(
            tmp_path / "p.csv", [(ods(1), "Riverside", site.url("/"), site.url("/tool"))]
        )
        out = tmp_path / "out"
        assert run("--batch", str(batch), "--out", str(out)) == 1
        site.page("/tool", "<h1>Tell us what you need</h1>")  # reopened
        assert run("--batch", str(batch), "--out", str(out)) == 0
    history = read_rows(out / "history.csv")
    assert [r["PRAC-TOOL-01"] for r in history] == ["fail", "pass"]
    first = out / history[0]["report"]
    assert first.is_file()  # the evidence of the closure, kept
    assert "not accepting online requests" in first.read_text(encoding="utf-8")
    assert read_rows(out / "summary.csv")[0]["PRAC-TOOL-01"] == "pass"  # the latest run
    runs = sorted(p for p in (out / "history").glob("*/*") if p.is_dir())
    assert len(runs) == 2
    assert all((r / "summary.html").is_file() and (r / "summary.csv").is_file() for r in runs)


def test_one_request_at_a_time_per_host(tmp_path: Path) -> None:
    busy = [0, 0]  # in flight now, most ever
    lock = threading.Lock()

    def page(h: BaseHTTPRequestHandler) -> None:
        with lock:
            busy[0] += 1
            busy[1] = max(busy)
        time.sleep(0.02)  # widens the window two requests would overlap in; asserts no time
        body = practice_page("/tool").encode()
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
        with lock:
            busy[0] -= 1

    with Site() as shared:
        for i in range(12):
            shared.routes[f"/p{i}"] = page
        rows = [
            BatchRow(line=i + 2, ods_code=ods(i), name=f"P{i}", website=shared.url(f"/p{i}"),
                     tool_url=None)
            for i in range(12)
        ]  # fmt: skip
        entries = run_batch(rows, concurrency=6, at=datetime(2026, 11, 23, 10, tzinfo=timezone.utc))
    assert all(e.report is not None for e in entries)
    assert busy[1] == 1


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (HEADER + "A81001,Riverside,www.example.nhs.uk,\n", "line 2, column website"),
        (HEADER + "A81001,Riverside,https://a.example,\nA8100,Hill,https://b.example,\n",
         "line 3, column ods_code"),
        (HEADER + "A81001,,https://a.example,\n", "line 2, column name"),
        (HEADER + "A81001,R,https://a.example,ftp://x\n", "line 2, column tool_url"),
        (HEADER + "A81001,R,https://a.example,\nA81001,S,https://b.example,\n",
         "line 3, column ods_code"),
        ("ods_code,name\nA81001,R\n", "line 1"),
    ],
)  # fmt: skip
def test_bad_rows_are_named_by_line_and_column_and_exit_2(
    tmp_path: Path, text: str, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = tmp_path / "p.csv"
    batch.write_text(text, encoding="utf-8")
    assert run("--batch", str(batch), "--out", str(tmp_path / "out")) == 2
    assert where in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_batch_refuses_website_and_needs_out(tmp_path: Path) -> None:
    batch = tmp_path / "p.csv"
    batch.write_text(HEADER + "A81001,R,https://a.example,\n", encoding="utf-8")
    assert run("--batch", str(batch)) == 2
    assert run("--batch", str(batch), "--out", "x", "--website", "https://a.example") == 2


def test_a_spreadsheet_formula_in_a_name_is_written_as_text(tmp_path: Path) -> None:
    rows = parse_batch_csv(
        (HEADER + 'A81001,"=HYPERLINK(""http://x"")",http://127.0.0.1:9/,\n').encode(),
        source="p.csv",
    )
    entries = run_batch(rows, timeouts=_quick())
    write_batch(entries, tmp_path, started=datetime(2026, 11, 23, 10, tzinfo=timezone.utc))
    assert read_rows(tmp_path / "summary.csv")[0]["name"].startswith("'=HYPERLINK")


def test_the_parser_reports_every_problem_at_once() -> None:
    with pytest.raises(InputFileError) as caught:
        parse_batch_csv(
            (HEADER + "x,,nope,\nA81002,Good,https://a.example,\n").encode(), source="p.csv"
        )
    where = [p.location for p in caught.value.problems]
    assert where == ["line 2, column ods_code", "line 2, column name", "line 2, column website"]


def test_the_web_page_takes_the_same_file_and_shows_the_summary(tmp_path: Path) -> None:
    with Site() as a, Site() as b:
        for s in (a, b):
            s.page("/tool", "<h1>Tell us what you need</h1>")
            s.page("/", practice_page(s.url("/tool")))
        text = HEADER + "".join(
            f"{ods(i)},Practice {i},{s.url('/')},{s.url('/tool')}\n" for i, s in enumerate((a, b))
        )
        settings = WebSettings(
            allow_private_addresses=True, at=datetime(2026, 11, 23, 10, tzinfo=timezone.utc)
        )
        with serve(settings) as base:
            http = requests.Session()
            token = csrf(http, base, "/batch")
            started = http.post(
                base + "/batch", data={"csrf": token},
                files={"practices": ("p.csv", text.encode(), "text/csv")},
                allow_redirects=False, timeout=10,
            )  # fmt: skip
            assert started.status_code == 303
            location = started.headers["Location"]
            for _ in range(600):
                page = http.get(base + location, timeout=10)
                if "refresh" not in page.text:
                    break
                time.sleep(0.05)
            assert page.text.count("<tr><td>") == 2
            assert '<script src="/static/sort.js" defer></script>' in page.text
            links = re.findall(r'<a href="(/batch/[^"]+)">Report', page.text)
            assert len(links) == 2
            report = http.get(base + links[1], timeout=10)
            assert "Practice check" in report.text
            assert "Riverside Surgery" in report.text
            # A bad file: named problems, at the field.
            token = csrf(http, base, "/batch")
            bad = http.post(
                base + "/batch", data={"csrf": token},
                files={"practices": ("p.csv", b"ods_code,name,website\nZ,,x\n", "text/csv")},
                timeout=10,
            )  # fmt: skip
            assert bad.status_code == 400
            assert "line 2, column ods_code" in bad.text
            assert 'aria-describedby="practices-hint practices-error"' in bad.text


def _quick() -> Timeouts:
    return Timeouts(connect=2, read=2, total=5)


def test_a_column_given_twice_is_refused() -> None:
    with pytest.raises(InputFileError, match="column ods_code given more than once"):
        parse_batch_csv(
            b"ods_code,ods_code,name,website\nA81001,A81001,R,https://a.example\n", source="p"
        )


def test_an_unusable_out_folder_is_refused_before_any_practice_is_read(tmp_path: Path) -> None:
    with Site() as site:
        site.page("/", practice_page(site.url("/tool")))
        batch = write_csv(tmp_path / "p.csv", [(ods(1), "Riverside", site.url("/"), "")])
        blocker = tmp_path / "a-file"
        blocker.write_text("x")
        assert run("--batch", str(batch), "--out", str(blocker / "out")) == 2
        assert site.requests == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "p.csv"]
