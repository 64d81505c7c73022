"""Send a bulk catch-up the way NHS England takes it: TEST first, then LIVE, once.

Confirmed (NHS England's bulk guidance, the national profile): bulk files go
with workflow `BULK_UPLOAD` (`workflow.bulk`), first to the collection's TEST
mailbox (`mailbox.test`, X26OT213; published as "X260T213", accepted and
read as X26OT213), and an Excel report comes back; then to LIVE, after which
a flag is set and no further bulk upload is taken. The LIVE mailbox is
assigned at onboarding (`mailbox.live` is null in the shipped profile): it
must be configured.

The gate is kept in the durable outbox, not in memory, so it survives a
restart: entries are keyed `bulk-test:<first>..<last>/<type>` and
`bulk-live:...` and carry their workflow and recipient.

- LIVE is refused until every file to send (same SHA-256 as the manifest)
  has a TEST entry whose submission report said accepted with no reasons
  (no record rejected): `report_outcome`/`report_reasons` in the outbox.
- Once any LIVE entry has left `pending` (sending, sent, unknown, reported),
  the LIVE flag is set: every further bulk upload is refused. LIVE entries
  still pending (MESH unreachable) are sent again, not queued twice.

The build writes a manifest (`bulk-manifest.json`) next to the files; the
send step reads it, and refuses files that changed since the build.
"""

from __future__ import annotations

import enum
import json
import re
from pathlib import Path

import attrs

from gponline_sdk.errors import ConfigError, SubmissionError
from gponline_sdk.mesh import DeliveryResult, Outbox, OutboxEntry, OutboxState, ReportOutcome
from gponline_sdk.mesh.outbox import file_digest
from gponline_sdk.mesh.sender import Transport, deliver_pending
from gponline_sdk.national import active_profile
from gponline_sdk.reporting.bulk.build import MANIFEST_NAME, write_manifest

__all__ = [
    "MANIFEST_NAME",
    "BulkEnvironment",
    "BulkMailboxes",
    "BulkManifest",
    "BulkRefused",
    "bulk_entries",
    "bulk_status",
    "check_live_allowed",
    "live_flag",
    "normalise_mailbox",
    "queue_bulk",
    "send_bulk",
    "write_manifest",
]

"""The file the build writes next to the bulk files, read by the send step."""
_MAILBOX = re.compile(r"[A-Z0-9]{4,20}")
_MISSPELT = {"X260T213": "X26OT213"}  # the TEST mailbox as published (a zero for the letter O)


class BulkEnvironment(enum.Enum):
    """The collection's two bulk environments."""

    TEST = "test"
    LIVE = "live"


class BulkRefused(SubmissionError):
    """A bulk send the rules do not allow (LIVE before a clean TEST report, a second LIVE)."""


def normalise_mailbox(text: str) -> str:
    """A mailbox ID as configured, upper-cased, with the published TEST misspelling corrected.

    >>> normalise_mailbox("x260t213")
    'X26OT213'
    """
    upper = text.strip().upper()
    return _MISSPELT.get(upper, upper)


@attrs.frozen(kw_only=True)
class BulkMailboxes:
    """The collection's TEST and LIVE mailboxes for bulk upload."""

    test: str
    live: str | None = None

    @classmethod
    def resolve(cls, *, test: str | None = None, live: str | None = None) -> BulkMailboxes:
        """Settings first, else the national profile's `mailbox.test` / `mailbox.live`."""
        profile = active_profile()
        chosen_test = test or profile.mailbox("test")
        if not chosen_test:
            raise ConfigError("bulk: no TEST mailbox (set [bulk] test_mailbox or the profile's)")
        chosen_live = live or profile.mailbox("live")
        found = cls(
            test=normalise_mailbox(chosen_test),
            live=normalise_mailbox(chosen_live) if chosen_live else None,
        )
        for env, mailbox in (("test", found.test), ("live", found.live)):
            if mailbox is not None and not _MAILBOX.fullmatch(mailbox):
                raise ConfigError(
                    f"bulk: {env} mailbox: expected a MESH mailbox ID (letters, digits)"
                )
        return found

    def for_environment(self, env: BulkEnvironment) -> str:
        """The mailbox of `env`.

        Raises:
            ConfigError: LIVE with no LIVE mailbox configured (it is assigned at onboarding).
        """
        if env is BulkEnvironment.TEST:
            return self.test
        if self.live is None:
            raise ConfigError(
                "bulk: the LIVE mailbox is assigned at onboarding and not published: set "
                "[bulk] live_mailbox, --live-mailbox or GPONLINE_BULK_LIVE_MAILBOX "
                "(or `mailbox.live` in your national profile)"
            )
        return self.live


@attrs.frozen(kw_only=True)
class ManifestFile:
    """One bulk file as built: its data type, name, digest and whether it is clean."""

    data_type: str
    name: str
    sha256: str
    size: int
    records: int
    clean: bool


@attrs.frozen(kw_only=True)
class BulkManifest:
    """What a bulk build wrote: the range, the supplier and each file."""

    directory: Path
    supplier_id: str
    first_week: str
    last_week: str
    files: tuple[ManifestFile, ...]

    @property
    def label(self) -> str:
        """`2025-W02..2026-W47`, the range in outbox keys."""
        return f"{self.first_week}..{self.last_week}"

    @classmethod
    def read(cls, directory: Path) -> BulkManifest:
        """Read the manifest in `directory`.

        Raises:
            ConfigError: no manifest (run the build first) or an unreadable one.
        """
        path = Path(directory) / MANIFEST_NAME
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            files = tuple(ManifestFile(**f) for f in doc["files"])
            return cls(
                directory=Path(directory),
                supplier_id=str(doc["supplier_id"]),
                first_week=str(doc["first_week"]),
                last_week=str(doc["last_week"]),
                files=files,
            )
        except FileNotFoundError:
            raise ConfigError(
                f"{path}: no bulk manifest: run `gponline report bulk build`"
            ) from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"{path}: unreadable bulk manifest ({type(exc).__name__})") from None


def _prefix(env: BulkEnvironment) -> str:
    return f"bulk-{env.value}:"


def bulk_entries(outbox: Outbox, env: BulkEnvironment) -> list[OutboxEntry]:
    """The outbox entries of bulk sends to `env`, oldest first."""
    workflow = active_profile().workflow("bulk")
    return [
        e
        for e in outbox.entries()
        if e.key.startswith(_prefix(env)) and (e.workflow_id in (None, workflow))
    ]


def live_flag(outbox: Outbox) -> OutboxEntry | None:
    """The first LIVE bulk entry that left `pending`, if any: then no more bulk uploads."""
    for entry in bulk_entries(outbox, BulkEnvironment.LIVE):
        if entry.state is not OutboxState.PENDING:
            return entry
    return None


def _test_verdict(outbox: Outbox, file: ManifestFile) -> str | None:
    """Why `file` has no clean TEST report, or None when it has one."""
    sent = [e for e in bulk_entries(outbox, BulkEnvironment.TEST) if e.sha256 == file.sha256]
    if not sent:
        return "not sent to TEST"
    for entry in reversed(sent):  # any clean answer for these very bytes will do
        if entry.report_outcome is ReportOutcome.ACCEPTED and not entry.report_reasons:
            return None
    last = sent[-1]
    if last.state is not OutboxState.REPORTED:
        return f"TEST report not back yet (entry {last.local_id} is {last.state.value})"
    reasons = "; ".join(str(r) for r in last.report_reasons) or "no reason given"
    outcome = last.report_outcome.value if last.report_outcome else "unknown"
    return f"TEST report {outcome} with rejections: {reasons}"


def bulk_status(outbox: Outbox, manifest: BulkManifest) -> list[tuple[str, str, str]]:
    """Per built file: its name, its TEST standing and its LIVE standing, in words."""
    live = {e.sha256: e for e in bulk_entries(outbox, BulkEnvironment.LIVE)}
    rows = []
    for f in manifest.files:
        test = _test_verdict(outbox, f) or "clean TEST report"
        entry = live.get(f.sha256)
        rows.append((f.name, test, "not sent" if entry is None else _word(entry)))
    return rows


def _word(entry: OutboxEntry) -> str:
    if entry.state is OutboxState.REPORTED and entry.report_outcome is not None:
        return entry.report_outcome.value
    return entry.state.value


def check_live_allowed(outbox: Outbox, manifest: BulkManifest) -> None:
    """Refuse LIVE unless every file has a clean TEST report and no LIVE upload was made.

    Raises:
        BulkRefused: naming each file and what is missing.
    """
    flag = live_flag(outbox)
    if flag is not None:
        raise BulkRefused(
            f"a LIVE bulk upload was already made (entry {flag.local_id}, {flag.state.value}); "
            "NHS England takes one LIVE bulk upload and no further one"
        )
    problems = [f"{f.name}: {why}" for f in manifest.files if (why := _test_verdict(outbox, f))]
    if problems:
        raise BulkRefused(
            "LIVE refused until a clean TEST report is recorded for the same files: "
            + "; ".join(problems)
        )


def _verify_files(manifest: BulkManifest, allow_record_rejections: bool) -> list[Path]:
    if not manifest.files:
        raise BulkRefused(f"{manifest.directory}: the bulk build wrote no file; nothing to send")
    paths = []
    for f in manifest.files:
        path = manifest.directory / f.name
        if not path.is_file():
            raise ConfigError(f"{path}: missing; build again")
        if file_digest(path)[0] != f.sha256:
            raise ConfigError(f"{path}: changed since it was built; build again")
        if not f.clean and not allow_record_rejections:
            raise BulkRefused(f"{f.name}: records would be rejected; fix the data and build again")
        paths.append(path)
    return paths


def queue_bulk(
    outbox: Outbox,
    manifest: BulkManifest,
    env: BulkEnvironment,
    mailboxes: BulkMailboxes,
    *,
    allow_record_rejections: bool = False,
) -> list[OutboxEntry]:
    """Record the bulk files in the outbox for `env`, after the gate's checks.

    LIVE entries still pending from an earlier run for the same files are
    returned as they are (the send resumes) instead of being queued again.

    Raises:
        BulkRefused: LIVE before a clean TEST report, any upload after LIVE, dirty files.
        ConfigError: no LIVE mailbox, or files missing or changed since the build.
    """
    recipient = mailboxes.for_environment(env)
    paths = _verify_files(manifest, allow_record_rejections)
    flag = live_flag(outbox)
    if flag is not None:
        raise BulkRefused(
            f"a LIVE bulk upload was already made (entry {flag.local_id}); "
            "NHS England takes no further bulk upload"
        )
    if env is BulkEnvironment.LIVE:
        waiting = [e for e in bulk_entries(outbox, env) if e.superseded_by is None]
        if waiting:
            if {e.sha256 for e in waiting} == {f.sha256 for f in manifest.files}:
                return waiting  # queued before and never sent: resume, do not queue twice
            raise BulkRefused("LIVE bulk entries for other files are already queued")
        check_live_allowed(outbox, manifest)
    workflow = active_profile().workflow("bulk")
    return [
        outbox.add(
            f"{_prefix(env)}{manifest.label}/{f.data_type}",
            path,
            workflow_id=workflow,
            recipient=recipient,
        )
        for f, path in zip(manifest.files, paths, strict=True)
    ]


def send_bulk(
    outbox: Outbox,
    transport: Transport,
    manifest: BulkManifest,
    env: BulkEnvironment,
    mailboxes: BulkMailboxes,
    *,
    allow_record_rejections: bool = False,
) -> tuple[list[OutboxEntry], DeliveryResult]:
    """Queue (`queue_bulk`) then deliver: the entries queued and what became of them.

    Delivery is the outbox's (`deliver_pending`): it sends every pending
    entry, so weekly files queued and not yet sent go in the same run.
    """
    entries = queue_bulk(
        outbox, manifest, env, mailboxes, allow_record_rejections=allow_record_rejections
    )
    return entries, deliver_pending(outbox, transport)
