"""The bulk rules: how a bulk (historic catch-up) CSV file is checked, before sending and after.

A bulk file differs from a weekly one in one way: it holds many weeks, each
row naming its own Monday-to-Sunday period in its header columns. What
NHS England has published (confirmed): bulk files are CSV; a period longer
than seven days rejects the file; records of a practice not on the
participation list are rejected. Everything else here is an SDK pre-flight
rule, and says so in its message: each row's period runs Monday to Sunday,
lies among the weeks the file declares (its name, in the profile's
provisional bulk pattern), and its records are dated in it; the other
header columns are the same on every row; and every weekly record rule
(values, duplicate IDs, keys unique per week) applies unchanged.

>>> bulk_range_of("ACME_oc_record_bulk_2025-W02_2026-W47.csv").describe()
'2025-W02 to 2026-W47'
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from gponline_sdk.errors import InputFileError, ValidationError
from gponline_sdk.models.schedule import ReportingPeriod
from gponline_sdk.national import active_profile
from gponline_sdk.reporting.formats import Format, open_submission
from gponline_sdk.reporting.validate import (
    DEFAULT_DUPLICATE_MEMORY,
    Participating,
    ReasonCode,
    SubmissionValidator,
    ValidationReport,
)
from gponline_sdk.reporting.validation.rules import PREFLIGHT, BulkRange

__all__ = ["PREFLIGHT", "BulkRange", "bulk_range_of", "validate_bulk_file"]

_WEEK = r"\d{4}-W\d{2}"


@cache
def _name_pattern() -> re.Pattern[str]:
    # The profile's pattern, e.g. `{supplier_id}_{data_type}_bulk_{first_week}_{last_week}.csv`,
    # as a regular expression: literal parts escaped, weeks shaped as ISO weeks.
    pattern = str(active_profile().value("file.name.bulk"))
    out, pos = [], 0
    for match in re.finditer(r"\{([a-z_]+)\}", pattern):
        out.append(re.escape(pattern[pos : match.start()]))
        name = match[1]
        out.append(f"(?P<{name}>{_WEEK})" if name.endswith("_week") else f"(?P<{name}>.+?)")
        pos = match.end()
    out.append(re.escape(pattern[pos:]))
    return re.compile("".join(out))


def bulk_range_of(file_name: str) -> BulkRange:
    """The weeks a bulk file's name declares, by the profile's bulk file-name pattern.

    A name that does not follow the pattern declares nothing: both ends None
    (each row's week is still checked, the range is not).
    """
    match = _name_pattern().fullmatch(Path(file_name).name)
    if match is None:
        return BulkRange()
    try:
        first = ReportingPeriod.from_iso_week(match.groupdict().get("first_week") or "")
        last = ReportingPeriod.from_iso_week(match.groupdict().get("last_week") or "")
    except ValidationError:
        return BulkRange()
    return BulkRange(first=first, last=last)


def validate_bulk_file(
    path: Path,
    *,
    participating: Participating,
    weeks: BulkRange | None = None,
    duplicate_memory: int | None = DEFAULT_DUPLICATE_MEMORY,
) -> ValidationReport:
    """Read and validate a bulk file with the bulk rules, streaming.

    Args:
        path: The file.
        participating: A predicate or a set of ODS codes; None skips that rule.
        weeks: The declared weeks; None reads them from the file name.
        duplicate_memory: The cap on duplicate detection's memory.

    Returns:
        The `ValidationReport` (its `period` is None: a bulk file has many).
    """
    path = Path(path)
    weeks = bulk_range_of(path.name) if weeks is None else weeks
    with SubmissionValidator(
        participating=participating,
        source=path.name,
        duplicate_memory=duplicate_memory,
        bulk=weeks,
    ) as validator:
        try:
            with open_submission(path) as reader:
                if reader.format is not Format.CSV:
                    what = reader.format.value
                    message = f"a bulk file must be CSV (NHS England); this one is {what}"
                    validator.reject_file(ReasonCode.UNPARSEABLE, message, path.name)
                    return validator.report()
                validator.check_header(reader.header_raw)
                if reader.declared_fields is not None:
                    validator.check_declared_fields(reader.declared_fields)
                validator.check_file_name(path.name)
                for raw in reader.raw_records():
                    validator.check_record(raw)
        except InputFileError as exc:
            first = exc.problems[0]
            validator.reject_file(ReasonCode.UNPARSEABLE, first.message, first.location)
        return validator.report()
