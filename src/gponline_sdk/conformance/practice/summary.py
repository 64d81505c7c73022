"""The batch's outputs: a summary page, a CSV for spreadsheets, reports and a dated history.

`write_batch` lays a run out as::

    OUT/summary.html, summary.csv         the latest run (links into its history folder)
    OUT/summary.css, sort.js              the page's style and optional sort script
    OUT/history/YYYY-MM-DD/HHMMSSZ/       this run: its summary.html, summary.csv and
        reports/ODS/practice-report.html  each practice's full report (and .json)
    OUT/history.csv                       every practice of every run, appended, never rewritten

so a tool seen closed in core hours stays on record, with its report as evidence, after
later runs. The page needs no script to be read: `sort.js` only adds sorting buttons.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import html
import importlib.resources
import io
import os
import tempfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from gponline_sdk.conformance._files import atomic_write_bytes
from gponline_sdk.conformance.practice import write_practice_reports
from gponline_sdk.conformance.practice.batch import BatchEntry
from gponline_sdk.conformance.practice.models import Outcome
from gponline_sdk.errors import ConfigError
from gponline_sdk.models import CORE_HOURS

__all__ = [
    "FINDING_COLUMNS",
    "batch_result",
    "prepare_folder",
    "render_summary_csv",
    "render_summary_html",
    "write_batch",
]

FINDING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("PRAC-WEB-01", "Tool link"),
    ("PRAC-WEB-02", "NHS 111 link"),
    ("PRAC-WEB-03", "Urgent warning"),
    ("PRAC-WEB-04", "Response time"),
    ("PRAC-WEB-05", "Charter link"),
    ("PRAC-TOOL-01", "Tool open"),
)
"""The automated checks, by ID, with the summary's short column headings."""
HISTORY_CSV = "history.csv"
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def batch_result(entry: BatchEntry) -> tuple[str, str]:
    """A practice's overall result: a CSS/CSV key and words."""
    if entry.report is None:
        return "not_checked", "Not checked"
    outcomes = {f.outcome for f in entry.report.findings}
    if Outcome.FAIL in outcomes:
        return "fail", "Needs attention"
    if Outcome.CHECK_BY_HAND in outcomes:
        return "check_by_hand", "Check by hand"
    return "pass", "Checks passed"


def _outcomes(entry: BatchEntry) -> dict[str, Outcome]:
    return {f.id: f.outcome for f in entry.report.findings} if entry.report else {}


def _uk(instant: datetime) -> str:
    return f"{instant.astimezone(CORE_HOURS.zone):%Y-%m-%d %H:%M}"


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def render_summary_html(
    entries: Sequence[BatchEntry],
    *,
    link: Callable[[int, BatchEntry], str | None],
    assets: str,
    title: str,
) -> str:
    """The summary page: one row per practice, one column per automated check.

    Args:
        entries: The batch's entries, in order.
        link: The address of entry `i`'s full report, or `None` when it has none.
        assets: Where `summary.css` and `sort.js` are ("" beside the page, "/static/" on
            the web).
        title: The page's heading (says when the run was).
    """
    heads = [
        "ODS code",
        "Practice",
        "Result",
        *(label for _, label in FINDING_COLUMNS),
        "Checked (UK time)",
        "Report",
    ]
    rows = []
    for i, entry in enumerate(entries):
        key, words = batch_result(entry)
        got = _outcomes(entry)
        cells = [
            f"<td>{_e(entry.row.ods_code)}</td>",
            f"<td>{_e(entry.row.name)}</td>",
            f'<td class="{key}">{_e(words)}'
            + (f'<br><span class="muted">{_e(entry.error)}</span>' if entry.error else "")
            + "</td>",
        ]
        for fid, _ in FINDING_COLUMNS:
            outcome = got.get(fid)
            cells.append(
                f'<td class="{outcome.value}">{_e(outcome.label)}</td>'
                if outcome
                else '<td class="muted">-</td>'
            )
        cells.append(f"<td>{_e(_uk(entry.checked_at))}</td>")
        target = link(i, entry)
        cells.append(
            f'<td><a href="{_e(target)}">Report<span class="visually-hidden"> for '
            f"{_e(entry.row.name)}</span></a></td>"
            if target
            else "<td>-</td>"
        )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    counts = [batch_result(e)[1] for e in entries]
    tally = "; ".join(f"{counts.count(w)} {w.lower()}" for w in dict.fromkeys(counts))
    head_html = "".join(f'<th scope="col">{_e(h)}</th>' for h in heads)
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<link rel="stylesheet" href="{_e(assets)}summary.css">
<script src="{_e(assets)}sort.js" defer></script></head><body><main>
<h1>{_e(title)}</h1>
<p>{len(entries)} practices: {_e(tally)}. Each column is one automated check of the practice&rsquo;s
website or tool; the report link gives the evidence and what to do. The questions practices
answer themselves are not part of this view.</p>
<div class="wrap" role="region" aria-labelledby="caption" tabindex="0">
<table class="sortable"><caption id="caption">Practices and their checks</caption>
<thead><tr>{head_html}</tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table></div>
</main></body></html>
"""


def _cell(value: str) -> str:
    # A spreadsheet runs a cell starting with = + - @ as a formula: quote it as text.
    return "'" + value if value.startswith(_FORMULA) else value


def render_summary_csv(
    entries: Sequence[BatchEntry], *, link: Callable[[int, BatchEntry], str | None]
) -> str:
    """The summary as CSV: one row per practice, outcomes as their JSON values (`pass`...)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "ods_code",
            "name",
            "website",
            "tool_url",
            "checked_at",
            "result",
            *(f for f, _ in FINDING_COLUMNS),
            "report",
            "error",
        ]
    )
    for i, entry in enumerate(entries):
        got = _outcomes(entry)
        writer.writerow(
            _cell(v)
            for v in (
                entry.row.ods_code,
                entry.row.name,
                entry.row.website,
                entry.row.tool_url or "",
                entry.checked_at.isoformat(),
                batch_result(entry)[0],
                *(got[f].value if f in got else "" for f, _ in FINDING_COLUMNS),
                link(i, entry) or "",
                entry.error or "",
            )
        )
    return out.getvalue()


def prepare_folder(path: str | Path, field: str) -> Path:
    """Make sure `path` is a folder this process can write in, before any work is done.

    Missing folders are created; if the place is unusable (a file, a FIFO, read-only, a
    full disk...), whatever was created is removed again and nothing is left changed.

    Raises:
        ConfigError: naming `field` and the reason.
    """
    folder = Path(path)
    missing: list[Path] = []
    here = folder
    while not here.exists() and not here.is_symlink() and here != here.parent:
        missing.append(here)
        here = here.parent
    created: list[Path] = []
    try:
        for step in reversed(missing):
            step.mkdir()
            created.append(step)
        if not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder")
        handle, probe = tempfile.mkstemp(dir=folder, prefix=".gponline-probe-")
        try:
            os.write(handle, b"x")  # a full disk shows on the first byte written
        finally:
            os.close(handle)
            Path(probe).unlink()
    except OSError as exc:
        for step in reversed(created):
            with contextlib.suppress(OSError):
                step.rmdir()
        raise ConfigError(f"{field}: cannot write in {folder} ({exc.strerror})") from None
    return folder


def asset_bytes(name: str) -> bytes:
    """One of the files in `assets/` (`summary.css`, `sort.js`, `app.css`)."""
    return (
        importlib.resources.files("gponline_sdk") / "conformance/practice/assets" / name
    ).read_bytes()


def write_batch(entries: Sequence[BatchEntry], out: str | Path, *, started: datetime) -> Path:
    """Write the run into `out` (see the module), adding to its history.

    Returns:
        The latest summary page's path.

    Raises:
        ConfigError: if the folder cannot be created or written.
    """
    folder = Path(out)
    stamp = started.astimezone(CORE_HOURS.zone)
    run_dir = Path("history") / f"{stamp:%Y-%m-%d}" / f"{stamp:%H%M%S}"
    try:
        for i in range(1, 100):  # two runs in the same second keep both
            if not (folder / run_dir).exists():
                break
            run_dir = run_dir.with_name(f"{stamp:%H%M%S}-{i}")
        (folder / run_dir).mkdir(parents=True)
        paths: dict[int, str] = {}
        for i, entry in enumerate(entries):
            if entry.report is not None:
                page, _ = write_practice_reports(
                    entry.report, folder / run_dir / "reports" / entry.row.ods_code
                )
                paths[i] = page.relative_to(folder / run_dir).as_posix()
        title = f"Practice checks, {stamp:%A} {stamp.day} {stamp:%B %Y at %H:%M} (UK time)"
        for where, prefix in ((folder / run_dir, ""), (folder, run_dir.as_posix() + "/")):

            def link(i: int, _e: BatchEntry, prefix: str = prefix) -> str | None:
                return prefix + paths[i] if i in paths else None

            atomic_write_bytes(
                where / "summary.html",
                render_summary_html(entries, link=link, assets="", title=title).encode(),
            )
            atomic_write_bytes(
                where / "summary.csv", render_summary_csv(entries, link=link).encode()
            )
            for name in ("summary.css", "sort.js"):
                atomic_write_bytes(where / name, asset_bytes(name))
        _append_history(folder / HISTORY_CSV, entries, run_dir, paths)
    except OSError as exc:
        raise ConfigError(f"out: cannot write in {folder} ({exc.strerror})") from None
    return folder / "summary.html"


def _append_history(
    path: Path, entries: Sequence[BatchEntry], run_dir: Path, paths: dict[int, str]
) -> None:
    def link(i: int, _e: BatchEntry) -> str | None:
        return f"{run_dir.as_posix()}/{paths[i]}" if i in paths else None

    rows = render_summary_csv(entries, link=link)
    header, _, body = rows.partition("\n")
    new = not path.exists()
    # Appended, never rewritten: earlier runs' rows are the record.
    with path.open("a", encoding="utf-8", newline="") as fh:
        fh.write((header + "\n" if new else "") + body)
