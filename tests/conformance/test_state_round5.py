"""Round 5 (issue 8): reads that go stale, and values right for most inputs only.

Unit tests of the reference tool's fault logic (`stale_faults`): the clean tool
keeps every value; each fault changes exactly the value it names. The checks
that catch the faults are proven by the self-test (selftest-expected.json).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from gponline_sdk.conformance.checks.usage.proxies import PROXY_RELATIONSHIPS
from gponline_sdk.models import MessageDirection, Requester, RequesterRole, SecureMessage
from gponline_sdk.models import VideoSessionStatus as Status
from gponline_sdk.reference.tool.faults import stale as stale_faults

_AT = datetime(2027, 3, 8, 10, 0, tzinfo=timezone.utc)


def _message(n: int, at: datetime) -> SecureMessage:
    return SecureMessage(
        reference=f"MSG-{n:03d}",
        practice_code="A81001",
        direction=MessageDirection.PATIENT_TO_PRACTICE,
        body="text",
        sent_at=at,
    )


def test_thread_faults_change_only_what_they_name() -> None:
    thread = (_message(1, _AT), _message(2, _AT), _message(3, _AT + timedelta(seconds=1)))
    assert stale_faults.thread_shown(None, {}, "MSG-001", thread) == thread
    tied = stale_faults.thread_shown("thread-ties-newest-first", {}, "MSG-001", thread)
    assert [m.reference for m in tied] == ["MSG-002", "MSG-001", "MSG-003"]
    cache: dict[str, tuple[SecureMessage, ...]] = {}
    stale_faults.thread_shown("thread-read-cached", cache, "MSG-001", thread[:1])
    assert stale_faults.thread_shown("thread-read-cached", cache, "MSG-001", thread) == thread[:1]


def test_record_ids_stay_the_same_on_another_day_unless_keyed_by_day() -> None:
    key, later = b"k" * 32, _AT + timedelta(days=3)
    same = [stale_faults.usage_pseudonym(None, key, "REF-1", t) for t in (_AT, later)]
    assert same[0] == same[1]
    daily = [
        stale_faults.usage_pseudonym("usage-ids-keyed-by-export-day", key, "REF-1", t)
        for t in (_AT, later)
    ]
    assert daily[0] != daily[1]


def test_parent_proxies_only_are_misreported_and_the_corpus_holds_them() -> None:
    fault = "usage-parent-proxy-as-patient"
    roles = {
        word: stale_faults.usage_role(
            fault,
            Requester(role=RequesterRole.PROXY, proxy_name="Sam", relationship=word),
            RequesterRole.PROXY,
        )
        for word in PROXY_RELATIONSHIPS
    }
    assert roles["mother"] is RequesterRole.PATIENT
    assert roles["carer"] is RequesterRole.PROXY
    assert stale_faults.vc_status(None, Status.IN_PROGRESS) is Status.IN_PROGRESS
    assert stale_faults.vc_status("usage-vc-status-at-booking", Status.IN_PROGRESS) is (
        Status.SCHEDULED
    )
