"""What `gponline report` prints: a build, the exclusions, week status and kept reports.

Counts, codes and file names only: no identifier is printed, and reasons that come
from outside (NHS England's or MESH's words) are shown through `_exit.withheld`.
"""

from __future__ import annotations

from gponline_sdk.cli import _exit
from gponline_sdk.models import DataType
from gponline_sdk.reporting.client import WeekStatus
from gponline_sdk.reporting.participation import ExclusionReason, ExclusionReport
from gponline_sdk.reporting.reports import KeptKind, KeptReport
from gponline_sdk.reporting.weekly import WeekBuild


def print_build(build: WeekBuild, *, detail: bool = False) -> None:
    """Print what a build wrote and left out (no identifiers: counts and codes only).

    Records left out are grouped by reason, with the first few practices
    named (`detail`, from `-v`: all of them): a list of 31 lines hid the files.
    """
    print(f"week {build.period}, supplier {build.supplier_id}")
    for f in build.files:
        verdict = (
            "ok" if f.clean else f"{f.validation.records_rejected} record(s) would be rejected"
        )
        print(f"  {f.path}  {f.records} records  {verdict}")
    if build.empty:
        names = ", ".join(t.value for t in build.empty)
        print(f"  no records this week for {names}: no file written (CSV cannot say 'none')")
    if build.outside_period:
        print(f"  left out {build.outside_period} event(s) dated outside the week")
    for line in exclusion_summary(build.exclusions, detail=detail):
        print(f"  left out: {line}")


def exclusion_summary(reports: list[ExclusionReport], *, detail: bool = False) -> list[str]:
    """One line per reason: records, practices, and the practices with most left out."""
    by_reason: dict[ExclusionReason, dict[str, int]] = {}
    for report in reports:
        for (practice, reason), count in report.excluded.items():
            counts = by_reason.setdefault(reason, {})
            counts[str(practice)] = counts.get(str(practice), 0) + count
    lines = []
    for reason, counts in sorted(by_reason.items(), key=lambda kv: kv[0].name):
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        shown = ranked if detail else ranked[:5]
        named = ", ".join(f"{p} ({n})" for p, n in shown)
        more = "" if len(shown) == len(ranked) else f" and {len(ranked) - len(shown)} more (-v)"
        total = sum(counts.values())
        lines.append(
            f"{total} record(s) of {len(counts)} practice(s), {reason.value}: {named}{more}"
        )
    return lines


def print_kept(kept: list[KeptReport]) -> None:
    """List the reports kept on disk that still need a person."""
    if not kept:
        return
    print(f"{len(kept)} report(s) kept and unresolved (read them; move or delete when done):")
    for report in kept:
        what = "not understood" if report.kind is KeptKind.NOT_UNDERSTOOD else "matches no entry"
        print(f"  {report.saved}: {what}: {_exit.withheld(report.detail)}")


def print_status(rows: list[WeekStatus], *, kept: list[KeptReport] | None = None) -> None:
    """Print one line per week and data type, with the reasons under it, then kept reports."""
    if not rows:
        print("nothing built or sent yet")
    for row in rows:
        print(f"{row.week}  {row.data_type:<13} {row.state:<9} {row.file_name}")
        for reason in row.reasons:
            print(f"    {reason_shown(reason)}")
    for week, missing in missing_types(rows).items():
        print(
            f"{week}  no {', '.join(missing)} file built: each week needs every data type of "
            "the tools you supply (the practice files come from --installations)"
        )
    print_kept(kept or [])


_FAMILIES = tuple(
    tuple(t.value for t in family)
    for family in (
        (DataType.OC_RECORD, DataType.OC_AGGREGATE, DataType.OC_PRACTICE),
        (DataType.VC_RECORD, DataType.VC_AGGREGATE, DataType.VC_PRACTICE),
    )
)


def missing_types(rows: list[WeekStatus]) -> dict[str, list[str]]:
    """Per week, the data types of a tool family (OC, VC) some but not all of whose files exist.

    A supplier of OC sends oc_record, oc_aggregate and oc_practice every week (VC
    likewise); a week holding only some of a family's files was built without an input.
    """
    built: dict[str, set[str]] = {}
    for row in rows:
        built.setdefault(row.week, set()).add(row.data_type)
    out: dict[str, list[str]] = {}
    for week, types in built.items():
        missing = [
            t for family in _FAMILIES if types & set(family) for t in family if t not in types
        ]
        if missing:
            out[week] = missing
    return out


def reason_shown(reason: str) -> str:
    """A reason as shown: words from outside shaped like an identifier are withheld."""
    # Reasons are NHS England's or MESH's words, from outside: a word shaped like an
    # identifier is withheld. The SDK's own line naming a kept file is shown whole.
    if reason.startswith("report received, not understood: "):
        return reason
    return _exit.withheld(reason)
