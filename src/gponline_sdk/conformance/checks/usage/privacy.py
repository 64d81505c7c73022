"""Usage data holds no identifiers, and its record IDs are keyed pseudonyms (REP-OC-02).

A record ID must let a resend replace the same record (stable) and must not
let anyone who holds the tool's own reference for a request (the patient, from
the acknowledgement; staff; a log) find that request's record. An unkeyed hash
or an encoding of the reference fails the second: anyone can compute it. Only
a keyed derivation (an HMAC, or a random ID kept in a lookup table) meets both.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from datetime import date

from gponline_sdk.conformance.checks._support import Canaries, clock_at, london, require, target_of
from gponline_sdk.conformance.checks.usage._common import oc_row, read_oc, read_vc, vc_row
from gponline_sdk.conformance.checks.usage.counts import oc_submissions
from gponline_sdk.conformance.contract import VideoSessionRequest
from gponline_sdk.conformance.core import CheckContext, check
from gponline_sdk.models import ReportingPeriod

__all__ = ["KEYED_PSEUDONYM", "unkeyed_forms"]

_PRIVACY_WEEK = ReportingPeriod.containing(date(2026, 12, 15))
_PSEUDONYM_WEEK = ReportingPeriod.containing(date(2027, 1, 19))
_HASHES = (
    "md5",
    "sha1",
    "sha224",
    "sha256",
    "sha384",
    "sha512",
    "sha3_256",
    "sha3_512",
    "blake2b",
    "blake2s",
)
KEYED_PSEUDONYM = (
    "a record ID must be a keyed pseudonym: derived from the request with a secret key only "
    "the supplier holds (for example HMAC-SHA256 of the reference), or random and kept in a "
    "lookup table, so that nobody holding the tool's reference can compute or reverse it, "
    "and the same for every read of the week so that a resend replaces the same record"
)


def _b64(raw: bytes) -> tuple[str, str, str]:
    return (
        base64.b64encode(raw).decode().rstrip("="),
        base64.urlsafe_b64encode(raw).decode().rstrip("="),
        base64.b32encode(raw).decode().rstrip("="),
    )


def unkeyed_forms(reference: str) -> dict[str, str]:
    """What anyone could compute from a reference without a key, by how it is computed."""
    forms: dict[str, str] = {}
    variants = {
        "": reference,
        " lower-cased": reference.lower(),
        " upper-cased": reference.upper(),
        " without separators": re.sub(r"[^A-Za-z0-9]", "", reference),
    }
    for how, text in variants.items():
        raw = text.encode()
        forms[f"the reference{how}"] = text
        forms[f"the reference{how}, reversed"] = text[::-1]
        forms[f"hex of the reference{how}"] = raw.hex()
        for name, value in zip(("base64", "base64url", "base32"), _b64(raw), strict=True):
            forms[f"{name} of the reference{how}"] = value
        for algo in _HASHES:
            digest = hashlib.new(algo, raw).digest()
            forms[f"unkeyed {algo} of the reference{how} (hex)"] = digest.hex()
            for name, value in zip(("base64", "base64url", "base32"), _b64(digest), strict=True):
                forms[f"unkeyed {algo} of the reference{how} ({name})"] = value
    return forms


def _derivation(record_id: str, references: Iterable[str]) -> str | None:
    """How `record_id` was computed from one of `references` without a key, if it was."""
    rid = record_id.casefold()
    # The whole ID, and its long parts (an ID may be `oc_` followed by a truncated hash).
    parts = {rid} | {p for p in re.split(r"[-_]", rid) if len(p) >= 12}
    for reference in references:
        for how, form in unkeyed_forms(reference).items():
            f = form.casefold()
            # Whole, truncated (a prefix or suffix), or a long enough slice; or the form inside
            # the ID. Short slices are not matched: a keyed ID could hold them by chance.
            if (len(f) >= 8 and f in rid) or any(
                f.startswith(p) or f.endswith(p) or (len(p) >= 16 and p in f) for p in parts
            ):
                return how
    return None


@check(
    "usage-data.keyed-pseudonyms",
    title="Usage record IDs are keyed pseudonyms, not the tool's reference hashed or encoded",
    requirements=["REP-OC-02"],
    group="usage-data",
)
def keyed_pseudonyms(ctx: CheckContext) -> None:
    """No record ID is a common unkeyed transform of a reference; IDs are stable across reads."""
    target = target_of(ctx)
    canaries = Canaries(ctx, "pseudonyms")
    references: list[str] = []
    with clock_at(ctx, london(date(2027, 1, 19), 10, 0)):
        for sub in oc_submissions(canaries)[:3]:
            ack = require(target.submit_request(sub), "submitting", status=201)
            references.append(ack.reference)
        session = VideoSessionRequest(
            practice_code=canaries.environment.practice_code,
            scheduled_start=london(date(2027, 1, 20), 15, 0),
            duration_minutes=15,
        )
        video = require(target.schedule_video(session), "scheduling a video session", status=201)
        references.append(video.reference)
        oc = [read_oc(ctx, _PSEUDONYM_WEEK) for _ in range(2)]
        vc = [read_vc(ctx, _PSEUDONYM_WEEK) for _ in range(2)]
    ctx.note("budget: 11 requests (environment, 2 clock, 3 submissions, 1 session, 4 reads)")
    oc_reads = [{r.record_id: oc_row(r) for r in read.records} for read in oc]
    vc_reads = [{r.record_id: vc_row(r) for r in read.records} for read in vc]
    for name, reads in (("usage", oc_reads), ("video usage", vc_reads)):
        for record_id in reads[1]:
            how = _derivation(record_id, references)
            ctx.expect(
                how is None,
                f"records[?].record_id in the {name} data is {how} ([masked]); {KEYED_PSEUDONYM}",
            )
        ctx.expect(
            reads[0] == reads[1],
            f"records[].record_id in the {name} data for {_PSEUDONYM_WEEK.iso_week} differ "
            f"between two reads ([masked]); {KEYED_PSEUDONYM}",
        )


@check(
    "usage-data.no-identifiers",
    title="The weekly usage data holds none of the identifiers the suite sent",
    requirements=["REP-OC-02"],
    group="usage-data",
)
def no_identifiers(ctx: CheckContext) -> None:
    """Scan the raw usage answer for every canary: names, NHS numbers, contact, text, references."""
    target = target_of(ctx)
    canaries = Canaries(ctx, "privacy")
    week = _PRIVACY_WEEK.iso_week
    references: list[str] = []
    with clock_at(ctx, london(date(2026, 12, 15), 10, 0)):
        for sub in oc_submissions(canaries)[:3]:
            full = canaries.submission(sub.category, patient=sub.patient, full_contact=True)
            ack = require(target.submit_request(full), "submitting", status=201)
            references.append(ack.reference)
            canaries.issue(full.patient.date_of_birth.isoformat())
        reply = target.oc_usage(week)
    require(reply, f"reading usage for {week}")
    ctx.note("budget: 7 requests (environment, 2 clock, 3 submissions, 1 usage read)")
    text = reply.text.casefold()
    leaked = 0
    for value in canaries.issued:
        forms = {value.casefold()}
        if value.isdigit() and len(value) == 10:
            forms |= {
                f"{value[:3]} {value[3:6]} {value[6:]}",
                f"{value[:3]}-{value[3:6]}-{value[6:]}",
            }
        leaked += any(form in text for form in forms)
    ctx.expect(
        leaked == 0,
        f"records[]: {leaked} of the suite's identifiers (names, NHS numbers, contact details, "
        "free text) appear in the usage data for " + week + " ([masked]); expected none",
    )
    ctx.expect(
        not any(ref.casefold() in text for ref in references),
        "records[?].record_id: the usage data uses the tool's own request references as "
        "record IDs ([masked]); " + KEYED_PSEUDONYM,
    )
