"""Reports kept on disk for a person: not understood, or matching no outbox entry.

Nothing that arrives in the inbox is acknowledged and dropped. A report the SDK
cannot read, or that answers no entry of the outbox, is saved in a `reports/`
folder next to the outbox file and recorded in `reports/index.json` before the
message is acknowledged. It stays "unresolved" (listed by every
`gponline report inbox` and `status`) until a person moves or deletes the
saved file, or, for a report not understood, until every week it answers has
had a report the SDK did understand since it arrived.
"""

from __future__ import annotations

import enum
import json
import os
import re
from datetime import datetime
from pathlib import Path

import attrs

from gponline_sdk.errors import OutboxError
from gponline_sdk.mesh import Outbox, OutboxState

__all__ = ["KeptKind", "KeptReport", "ReportStore"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class KeptKind(enum.Enum):
    """Why a report was kept."""

    NOT_UNDERSTOOD = "not_understood"
    """The SDK could not read it by the profile's layout."""
    UNMATCHED = "unmatched"
    """It answers no entry of the outbox (or one that cannot take a report now)."""


@attrs.frozen(kw_only=True)
class KeptReport:
    """One kept report.

    Attributes:
        message_id: MESH's ID of the report message.
        file_name: The report's file name (`mex-FileName`), if any.
        saved: Where it is on disk.
        kind: Why it was kept.
        detail: What the SDK found (a reason; never a cell value).
        local_ids: The outbox entries it was linked to, if any.
        received_at: When it was taken from the inbox (ISO 8601).
    """

    message_id: str
    file_name: str
    saved: str
    kind: KeptKind
    detail: str
    local_ids: tuple[str, ...] = ()
    received_at: str = ""

    def to_dict(self) -> dict[str, object]:
        """The index's JSON object."""
        data = attrs.asdict(self)
        data["kind"] = self.kind.value
        data["local_ids"] = list(self.local_ids)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> KeptReport:
        """Read an index object."""
        return cls(
            message_id=str(data["message_id"]),
            file_name=str(data.get("file_name") or ""),
            saved=str(data["saved"]),
            kind=KeptKind(data["kind"]),
            detail=str(data.get("detail") or ""),
            local_ids=tuple(str(x) for x in data.get("local_ids") or ()),  # type: ignore[attr-defined]
            received_at=str(data.get("received_at") or ""),
        )


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync on Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class ReportStore:
    """The `reports/` folder next to an outbox file and its index.

    Args:
        folder: The folder (created when the first report is kept).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.index = self.folder / "index.json"

    @classmethod
    def for_outbox(cls, outbox: Outbox) -> ReportStore:
        """The store of an outbox: `reports/` next to its file."""
        return cls(Path(outbox.path).resolve().parent / "reports")

    def path_for(self, message_id: str, file_name: str) -> Path:
        """Where a report message is saved: message ID and file name, sanitised."""
        name = _UNSAFE.sub("_", f"{message_id}_{Path(file_name or 'report').name}")
        return self.folder / name.lstrip("._")[:150]

    def make_room(self) -> None:
        """Create the folder."""
        self.folder.mkdir(parents=True, exist_ok=True)

    @staticmethod
    def sync(path: Path) -> None:
        """Flush a saved file and its folder to disk."""
        with path.open("rb") as fh:
            os.fsync(fh.fileno())
        _fsync_dir(path.parent)

    def kept(self) -> list[KeptReport]:
        """Every report kept, oldest first."""
        try:
            rows = json.loads(self.index.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            raise OSError(f"{self.index}: cannot read the kept-report index ({exc})") from None
        return [KeptReport.from_dict(r) for r in rows]

    def keep(self, report: KeptReport) -> None:
        """Record a kept report (replacing an earlier record of the same message), durably."""
        self.make_room()
        rows = [r for r in self.kept() if r.message_id != report.message_id]
        rows.append(report)
        tmp = self.index.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump([r.to_dict() for r in rows], fh, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(self.index)
        _fsync_dir(self.folder)

    def unresolved(self, outbox: Outbox) -> list[KeptReport]:
        """Kept reports still needing a person (see the module docstring)."""
        out = []
        for report in self.kept():
            if not Path(report.saved).exists():
                continue  # a person moved or deleted it: resolved
            if report.kind is KeptKind.NOT_UNDERSTOOD and report.local_ids:
                waiting = [i for i in report.local_ids if _awaits_report(outbox, i, report)]
                if not waiting:
                    continue  # every week it answers has an understood report since
            out.append(report)
        return out

    def not_understood_for(self, outbox: Outbox) -> dict[str, KeptReport]:
        """Local ID -> the unresolved not-understood report linked to it."""
        found: dict[str, KeptReport] = {}
        for report in self.unresolved(outbox):
            if report.kind is KeptKind.NOT_UNDERSTOOD:
                for local_id in report.local_ids:
                    if _awaits_report(outbox, local_id, report):
                        found[local_id] = report
        return found


def _awaits_report(outbox: Outbox, local_id: str, kept: KeptReport) -> bool:
    """True while the entry has had no report the SDK understood since `kept` arrived."""
    try:
        entry = outbox.get(local_id)
    except OutboxError:  # an entry gone from the outbox waits for nothing
        return False
    if entry.state is not OutboxState.REPORTED or entry.reported_at is None:
        return entry.state in (OutboxState.SENT, OutboxState.UNKNOWN)
    try:
        arrived = datetime.fromisoformat(kept.received_at)
    except ValueError:
        return False
    return entry.reported_at < arrived
