"""The ICB's view: check many practices from one CSV file, politely.

The file has a header row and the columns `ods_code`, `name`, `website` and `tool_url`
(`tool_url` may be empty; other columns are ignored). A bad file is refused whole, each
problem named by line and column. Practices are checked `concurrency` at a time; a host
(name and port) is never sent two requests at once, since many practices share one
supplier's tool and small practice websites share hosting; and a practice website whose
`robots.txt` disallows our user agent is not read. Only the automated checks run: the
Yes/No questions are each practice's own to answer.

Writing the results (summary page, CSV, reports, history) is `summary`'s job.
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from datetime import datetime, timezone
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import attrs
import requests

from gponline_sdk.conformance.practice import DEFAULT_TIMEOUTS, check_practice
from gponline_sdk.conformance.practice.fetch import USER_AGENT, fetch_page, normalise_input_url
from gponline_sdk.conformance.practice.models import PracticeReport, Timeouts
from gponline_sdk.errors import ConfigError, GponlineError, InputFileError, Problem
from gponline_sdk.models import OdsCode

__all__ = ["COLUMNS", "BatchEntry", "BatchRow", "parse_batch_csv", "read_batch_csv", "run_batch"]

COLUMNS = ("ods_code", "name", "website", "tool_url")
"""The batch file's columns, in the order the documentation lists them."""
_REQUIRED = ("ods_code", "name", "website")
_MAX_NAME = 200


@attrs.frozen(kw_only=True)
class BatchRow:
    """One practice from the batch file, checked; `line` is its line in the file."""

    line: int
    ods_code: str
    name: str
    website: str
    tool_url: str | None


@attrs.frozen(kw_only=True)
class BatchEntry:
    """A practice's outcome: its report, or why it was not checked (`error`)."""

    row: BatchRow
    checked_at: datetime
    report: PracticeReport | None = None
    error: str | None = None


def read_batch_csv(path: str, *, max_rows: int = 5000) -> tuple[BatchRow, ...]:
    """Read and check a batch file (UTF-8, a BOM allowed) from disk.

    Raises:
        InputFileError: naming the file and every problem by line and column.
    """
    try:
        with open(path, "rb") as fh:  # noqa: PTH123 - one read, then parsed as text
            raw = fh.read(64 * 1024 * 1024 + 1)
    except OSError as exc:
        raise InputFileError(
            path, [Problem(location=path, message=f"cannot read ({exc.strerror})")]
        ) from None
    return parse_batch_csv(raw, source=path, max_rows=max_rows)


def parse_batch_csv(raw: bytes, *, source: str, max_rows: int = 5000) -> tuple[BatchRow, ...]:
    """Check a batch file's bytes; every problem is named (line N, column NAME).

    Raises:
        InputFileError: if the file is not UTF-8 CSV with the columns, or any row is bad.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError(source, [Problem(location="file", message="not UTF-8 text")]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise InputFileError(
            source, [Problem(location="line 1", message="the file is empty")]
        ) from None
    except csv.Error as exc:
        raise InputFileError(
            source, [Problem(location="line 1", message=f"not CSV ({exc})")]
        ) from None
    twice = sorted({c for c in header if c in COLUMNS and header.count(c) > 1})
    if twice:
        raise InputFileError(
            source,
            [Problem(location="line 1", message=f"column {c} given more than once") for c in twice],
        )
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        raise InputFileError(
            source,
            [
                Problem(location="line 1", message=f"no column {c} in the header row")
                for c in missing
            ],
        )
    where = {c: header.index(c) for c in COLUMNS if c in header}
    rows: list[BatchRow] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) + len(problems) >= max_rows:
                problems.append(
                    Problem(location=f"line {line}", message=f"more than {max_rows} practices")
                )
                break
            row = _row(record, line, where, seen, problems)
            if row is not None:
                rows.append(row)
    except csv.Error as exc:
        problems.append(Problem(location=f"line {reader.line_num}", message=f"not CSV ({exc})"))
    if problems:
        raise InputFileError(source, problems)
    if not rows:
        raise InputFileError(source, [Problem(location="line 2", message="no practices listed")])
    return tuple(rows)


def _row(
    record: list[str],
    line: int,
    where: dict[str, int],
    seen: dict[str, int],
    problems: list[Problem],
) -> BatchRow | None:
    def cell(column: str) -> str:
        index = where.get(column)
        return record[index].strip() if index is not None and index < len(record) else ""

    before = len(problems)

    def bad(column: str, words: str) -> None:
        problems.append(Problem(location=f"line {line}, column {column}", message=words))

    ods = cell("ods_code").upper()
    try:
        OdsCode(ods)
    except ValueError:
        bad("ods_code", "not a GP practice ODS code (a letter and 5 digits)")
    if ods in seen:
        bad("ods_code", f"the same practice as line {seen[ods]}")
    seen.setdefault(ods, line)
    name = cell("name")
    if not name or len(name) > _MAX_NAME or not name.isprintable():
        bad("name", f"expected the practice's name (1 to {_MAX_NAME} characters)")
    addresses: dict[str, str | None] = {}
    for column in ("website", "tool_url"):
        value = cell(column)
        if not value:
            if column == "website":
                bad(column, "empty; give the practice website's full address")
            addresses[column] = None
            continue
        try:
            addresses[column] = normalise_input_url(value, column)
        except ConfigError as exc:
            bad(column, str(exc).removeprefix(f"{column}: "))
    if len(problems) > before:
        return None
    website = addresses["website"]
    assert website is not None
    return BatchRow(
        line=line, ods_code=ods, name=name, website=website, tool_url=addresses["tool_url"]
    )


class HostLocks:
    """One lock per host (name and port): a host never gets two requests at once."""

    def __init__(self) -> None:
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    @contextmanager
    def holding(self, urls: Sequence[str]) -> Iterator[None]:
        """Hold the locks of every host in `urls`, taken in sorted order (so no deadlock)."""
        hosts = sorted({_host_key(u) for u in urls})
        with self._guard:
            locks = [self._locks.setdefault(h, threading.Lock()) for h in hosts]
        with ExitStack() as stack:
            for lock in locks:
                stack.enter_context(lock)
            yield


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{(parts.hostname or '').lower()}:{port}"


def robots_allows(website: str, *, session: requests.Session, timeouts: Timeouts) -> bool:
    """Whether the website's `robots.txt` lets our user agent read the page.

    As `urllib.robotparser` reads it: 401 or 403 disallows everything, any other failure
    (404, no answer) allows everything.
    """
    parts = urlsplit(website)
    robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
    parser = RobotFileParser(robots_url)
    try:
        fetched = fetch_page(robots_url, session=session, timeouts=timeouts, what="robots.txt")
    except (GponlineError, OSError):
        return True
    if fetched.status in (401, 403):
        return False
    if not 200 <= fetched.status < 300:
        return True
    parser.parse(fetched.text.splitlines())
    return parser.can_fetch(USER_AGENT, website)


def run_batch(
    rows: Sequence[BatchRow],
    *,
    concurrency: int = 4,
    at: datetime | None = None,
    timeouts: Timeouts = DEFAULT_TIMEOUTS,
    session_factory: Callable[[], requests.Session] = requests.Session,
    errors: tuple[type[Exception], ...] = (),
    on_done: Callable[[BatchEntry], None] | None = None,
) -> list[BatchEntry]:
    """Check every practice, `concurrency` at a time, one request at a time per host.

    Args:
        rows: The practices, from `read_batch_csv`.
        concurrency: Practices checked at the same time (at least 1).
        at: The instant core hours are judged at (default: when each check starts).
        timeouts: Limits on every request.
        session_factory: Makes each practice's session (the web page passes a guarded one).
        errors: More exceptions that end one practice's check with its message (the web
            page's address refusals); an unreachable website always does.
        on_done: Called with each entry as it finishes (progress).

    Returns:
        One entry per row, in the file's order.
    """
    locks = HostLocks()
    ends: tuple[type[Exception], ...] = (GponlineError, *errors)

    def one(row: BatchRow) -> BatchEntry:
        when = at or datetime.now(timezone.utc)
        urls = [row.website] + ([row.tool_url] if row.tool_url else [])
        with locks.holding(urls), session_factory() as session:
            try:
                if not robots_allows(row.website, session=session, timeouts=timeouts):
                    entry = BatchEntry(
                        row=row,
                        checked_at=when,
                        error="not checked: the website's robots.txt asks tools like this one "
                        "not to read the page",
                    )
                else:
                    report = check_practice(
                        row.website,
                        tool_url=row.tool_url,
                        at=when,
                        session=session,
                        timeouts=timeouts,
                    )
                    entry = BatchEntry(row=row, checked_at=report.checked_at, report=report)
            except ends as exc:
                entry = BatchEntry(row=row, checked_at=when, error=f"not checked: {exc}")
        if on_done is not None:
            on_done(entry)
        return entry

    with ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="batch") as pool:
        return list(pool.map(one, rows))
