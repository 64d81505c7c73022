"""Running one export through both weekly-build engines, for the columnar parity tests.

`both(export)` writes the export's bytes to a file (`oc_events.csv`,
`vc_events.jsonl`...), builds the week with `engine="row"` and then with
`engine="columnar"` (at the export's block size), and returns both outcomes:
the files (name, bytes, counts, digest, validation report), the exclusion
reports and counts, or the error (type, text, problems); and the debug lines in
which the columnar engine handed the file back to the row engine.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from _columnar_exports import LISTED

from gponline_sdk.errors import ConfigError, InputFileError, PrivacyError
from gponline_sdk.models.schedule import ReportingPeriod
from gponline_sdk.reporting.anonymise import Anonymiser
from gponline_sdk.reporting.columnar import _build as columnar_build
from gponline_sdk.reporting.formats import Format
from gponline_sdk.reporting.participation import ParticipationList
from gponline_sdk.reporting.weekly import build_week

__all__ = ["GENERATED", "KEY", "SUPPLIER", "both"]

KEY = hashlib.sha256(b"columnar parity").digest()
SUPPLIER = "ACME-OC"
GENERATED = datetime(2026, 11, 23, 6, 0, tzinfo=timezone.utc)


class _Reasons(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _outcome(engine: str, events: Path, export: dict[str, Any], out: Path) -> tuple[Any, ...]:
    participation = ParticipationList.of(LISTED) if export["listed"] else None
    try:
        build = build_week(
            supplier_id=SUPPLIER,
            period=ReportingPeriod.from_iso_week(export["week"]),
            anonymiser=Anonymiser(KEY, SUPPLIER),
            participation=participation,
            out_dir=out,
            fmt=export.get("fmt", Format.JSON),
            **{f"{export.get('kind', 'oc')}_events": events},
            generated_at=GENERATED,
            engine=engine,  # type: ignore[arg-type]
        )
    except (InputFileError, PrivacyError, ConfigError) as exc:
        # ConfigError: every event is dated in another week; both engines must refuse.
        problems = [(p.location, p.message) for p in getattr(exc, "problems", [])]
        return ("error", type(exc).__name__, str(exc), problems)
    files = [
        (f.path.name, f.path.read_bytes(), f.records, f.sha256, f.size, f.validation)
        for f in build.files
    ]
    exclusions = [(list(r.excluded.items()), r.kept, r.complete) for r in build.exclusions]
    return ("built", files, exclusions, build.outside_period, build.empty, build.clean)


def both(export: dict[str, Any]) -> tuple[tuple[Any, ...], tuple[Any, ...], list[str]]:
    """The row and the columnar outcome for one export, and the columnar run's debug lines."""
    handler = _Reasons()
    logger = logging.getLogger("gponline_sdk.reporting.weekly")
    with tempfile.TemporaryDirectory() as tmp:
        events = Path(tmp, f"{export.get('kind', 'oc')}_events{export.get('suffix', '.csv')}")
        events.write_bytes(export["data"])
        row = _outcome("row", events, export, Path(tmp, "row"))
        level = logger.level
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        block = columnar_build.DEFAULT_BLOCK_BYTES
        columnar_build.DEFAULT_BLOCK_BYTES = export.get("block", block)
        try:
            columnar = _outcome("columnar", events, export, Path(tmp, "columnar"))
        finally:
            columnar_build.DEFAULT_BLOCK_BYTES = block
            logger.removeHandler(handler)
            logger.setLevel(level)
    return row, columnar, [m for m in handler.messages if "row path" in m]
