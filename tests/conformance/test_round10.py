"""Round 10: photos at every POST of the core-hours sweep, video sessions at the clock changes.

The ninth outside set's last misses: photos refused 12:00-12:15 on working days, a start in
the autumn change's repeated hour stored as its first time, a join window by UTC date. The
fault functions are tested as functions; the checks are tested against photo pauses drawn
uniformly over core hours (one weekday, or every working day), not only the windows the
reference tool's fault modes name.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import orjson
import pytest

from gponline_sdk.conformance.catalogue import load_catalogue
from gponline_sdk.conformance.checks._hours import POST_GAP, sweep_plan
from gponline_sdk.conformance.contract import RequestSubmission
from gponline_sdk.conformance.core import CHECKS, Status
from gponline_sdk.conformance.runner import run_checks
from gponline_sdk.conformance.target import InProcessTarget
from gponline_sdk.models import CORE_HOURS, RequestCategory
from gponline_sdk.reference.tool.app import ReferenceTool
from gponline_sdk.reference.tool.faults import FAULTS, round10
from gponline_sdk.serde import from_json

_UTC = timezone.utc
_CORE = "availability.open-in-core-hours"
_VIDEO = "channels.video-sessions-as-booked"


def _london(d: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(d, time(hour, minute), tzinfo=CORE_HOURS.zone)


def _request(photo: bool) -> RequestSubmission:
    body = {
        "practice_code": "A12345",
        "category": RequestCategory.ADMINISTRATIVE_REQUEST.value,
        "patient": {"given_name": "Ann", "family_name": "Lee", "date_of_birth": "1980-01-02"},
        "requester": {"role": "patient"},
        "contact": {"email": "ann@example.org"},
        "description": "A fit note, please.",
        "attachments": (
            [{"media_type": "image/jpeg", "size_bytes": 100, "sha256": "a" * 64}] if photo else []
        ),
    }
    return from_json(orjson.dumps(body), RequestSubmission)


def test_every_round10_fault_is_listed() -> None:
    assert set(FAULTS) >= round10.ROUND10_FAULTS


@pytest.mark.parametrize(
    ("fault", "at", "refused"),
    [
        ("photos-paused-1600-1615", _london(date(2026, 6, 9), 16, 0), True),
        ("photos-paused-1600-1615", _london(date(2026, 6, 9), 16, 14), True),
        ("photos-paused-1600-1615", _london(date(2026, 6, 9), 16, 15), False),
        ("photos-paused-1600-1615", _london(date(2026, 6, 9), 15, 59), False),
        ("photos-paused-1600-1615", _london(date(2026, 12, 25), 16, 5), False),  # bank holiday
        ("photos-paused-wednesday-1035-1100", _london(date(2026, 6, 10), 10, 35), True),
        ("photos-paused-wednesday-1035-1100", _london(date(2026, 6, 10), 10, 59), True),
        ("photos-paused-wednesday-1035-1100", _london(date(2026, 6, 11), 10, 40), False),
        (None, _london(date(2026, 6, 9), 16, 5), False),
    ],
)
def test_photo_pauses_refuse_photos_only_in_their_window(
    fault: str | None, at: datetime, refused: bool
) -> None:
    assert (round10.photo_pause(fault, _request(photo=True), at) is not None) is refused
    assert round10.photo_pause(fault, _request(photo=False), at) is None


def test_fold_faults_move_one_instant_of_the_repeated_hour_by_an_hour() -> None:
    first = datetime(2026, 10, 25, 0, 30, tzinfo=_UTC)  # 01:30 BST
    second = datetime(2026, 10, 25, 1, 30, tzinfo=_UTC)  # 01:30 GMT
    assert round10.stored_start("video-fold-kept-as-first", second) == first
    assert round10.stored_start("video-fold-kept-as-first", first) == first
    assert round10.stored_start("video-fold-kept-as-second", first) == second
    assert round10.stored_start("video-fold-kept-as-second", second) == second
    for other in (
        datetime(2026, 10, 25, 2, 30, tzinfo=_UTC),  # after the repeated hour
        datetime(2027, 3, 28, 1, 0, tzinfo=_UTC),  # the spring change: no repeated hour
        datetime(2026, 6, 9, 0, 30, tzinfo=_UTC),
    ):
        for fault in ("video-fold-kept-as-first", "video-fold-kept-as-second", None):
            assert round10.stored_start(fault, other) == other


def test_join_window_faults_refuse_only_across_midnight_bst() -> None:
    start = datetime(2027, 4, 13, 23, 20, tzinfo=_UTC)  # 00:20 BST on the 14th
    for fault in ("video-join-window-utc-today", "video-join-window-utc-start-date"):
        assert round10.join_refusal(fault, start, start) is not None
        noon = datetime(2027, 4, 14, 11, 0, tzinfo=_UTC)
        assert round10.join_refusal(fault, noon, noon) is None
        winter = datetime(2026, 12, 1, 0, 20, tzinfo=_UTC)  # GMT: the dates agree
        assert round10.join_refusal(fault, winter, winter) is None
    assert round10.join_refusal(None, start, start) is None


class _Recording:
    """The reference tool, remembering whether each POST /requests carried a photo."""

    def __init__(self, tool: ReferenceTool) -> None:
        self.tool = tool
        self.photos: list[bool] = []

    def handle(self, method: str, path: str, body: bytes | None) -> tuple[int, bytes]:
        if method == "POST" and path == "/requests" and body:
            self.photos.append(bool(orjson.loads(body).get("attachments")))
        return self.tool.handle(method, path, body)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tool, name)


def _run(tool: Any, check_id: str, seed: int = 11) -> tuple[Status, str]:
    result = run_checks(
        [CHECKS[check_id]],
        target=InProcessTarget(tool),
        catalogue=load_catalogue(),
        target_description="t",
        seed=seed,
    )
    (only,) = result.results
    return only.status, only.message or ""


def test_a_session_lookup_folding_lookalikes_finds_the_session_for_them() -> None:
    known = {"VC-AB12-000010"}
    fold = "video-lookup-lookalikes-folded"
    assert round10.session_reference(fold, "VC-AB12-OOOO1O", known) == "VC-AB12-000010"
    assert round10.session_reference(fold, "vc-ab12-0000i0", known) == "VC-AB12-000010"
    assert round10.session_reference(fold, "VC-AB12-000011", known) == "VC-AB12-000011"
    assert round10.session_reference(None, "VC-AB12-OOOO1O", known) == "VC-AB12-OOOO1O"


def test_the_sweep_sends_a_photo_with_each_of_its_requests_and_the_rest_go_without() -> None:
    tool = _Recording(ReferenceTool())
    status, _ = _run(tool, _CORE, seed=11)
    assert status is Status.PASS
    posts = sum(p.submit for p in sweep_plan(random.Random("11:core-hours")))
    assert tool.photos[:posts] == [True] * posts
    assert tool.photos[posts:]
    assert not any(tool.photos[posts:])


def test_every_quarter_hour_of_every_weekday_has_a_sweep_request_at_any_seed() -> None:
    # The claim the vendor guide makes for photos: a pause of 15 minutes starting on a
    # quarter hour, on any weekday, meets a request of the sweep (which carries a photo).
    for seed in range(40):
        posts = [
            p.instant.astimezone(CORE_HOURS.zone)
            for p in sweep_plan(random.Random(seed))
            if p.submit
        ]
        for weekday in range(5):
            quarters = {(t.hour * 60 + t.minute) // 15 for t in posts if t.weekday() == weekday}
            assert quarters >= set(range(8 * 4, 18 * 4 + 2)), (seed, weekday)


def _windows() -> list[tuple[int | None, time, time]]:
    """Photo pauses drawn uniformly: one weekday for POST_GAP, every day for a quarter hour.

    A pause on one weekday only as long as the longest gap between the sweep's requests on
    that weekday; a pause of 15 minutes on every working day starting on a quarter hour (an
    upload service's job runs at a round time). Starts uniform over core hours, seconds too.
    """
    rng = random.Random(20261128)
    day = datetime.combine(date(2026, 1, 1), CORE_HOURS.start)
    span = datetime.combine(date(2026, 1, 1), CORE_HOURS.end) - day
    out: list[tuple[int | None, time, time]] = []
    for weekday in range(5):
        start = day + timedelta(seconds=rng.randrange(int((span - POST_GAP).total_seconds())))
        out.append((weekday, start.time(), (start + POST_GAP).time()))
    for _ in range(3):
        start = day + timedelta(minutes=15 * rng.randrange(span // timedelta(minutes=15)))
        out.append((None, start.time(), (start + timedelta(minutes=15)).time()))
    return out


@pytest.mark.parametrize("window", _windows(), ids=lambda w: f"{w[0]}-{w[1]:%H%M%S}")
def test_a_photo_pause_anywhere_in_core_hours_fails_core_hours(
    window: tuple[int | None, time, time], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(round10._PAUSES, "photos-paused-1600-1615", window)
    status, message = _run(ReferenceTool("photos-paused-1600-1615"), _CORE, seed=5)
    assert status is Status.FAIL
    assert "with a photo" in message


class _PhotoInvalidAt:
    """The reference tool, answering 400 to a request with a photo while `paused(now)`."""

    def __init__(self, paused: Any) -> None:
        self.tool = ReferenceTool()
        self.paused = paused

    def handle(self, method: str, path: str, body: bytes | None) -> tuple[int, bytes]:
        if method == "POST" and path == "/requests" and body:
            sent = orjson.loads(body)
            if sent.get("attachments") and self.paused(self.tool._now(), sent["category"]):
                problem = {"location": "$.attachments", "message": "uploads are unavailable"}
                return 400, orjson.dumps({"message": "not valid", "problems": [problem]})
        return self.tool.handle(method, path, body)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tool, name)


def test_a_photo_pause_answered_as_invalid_is_still_a_closure() -> None:
    def paused(now: datetime, category: str) -> bool:
        return time(12, 0) <= now.astimezone(CORE_HOURS.zone).time() < time(12, 15)

    status, message = _run(_PhotoInvalidAt(paused), _CORE, seed=5)
    assert status is Status.FAIL
    assert "with a photo" in message
    assert "taken (201) at other instants" in message


def test_a_category_that_never_takes_a_photo_is_not_a_closure() -> None:
    # Refused at every instant: OC-PHOTO-01's concern (requests.photos-every-category),
    # not the form's hours; the sweep sends that request again without the photo.
    refused: list[datetime] = []

    def never(now: datetime, category: str) -> bool:
        if category == "ask_question":
            refused.append(now)
        return category == "ask_question"

    status, message = _run(_PhotoInvalidAt(never), _CORE, seed=5)
    assert status is Status.PASS, message
    assert len(refused) > 20  # the sweep did send that category with a photo, in turn


@pytest.mark.parametrize(
    "fault",
    [
        "video-fold-kept-as-first",
        "video-fold-kept-as-second",
        "video-join-window-utc-today",
        "video-join-window-utc-start-date",
    ],
)
def test_video_clock_change_faults_fail_the_sessions_check_naming_the_session(fault: str) -> None:
    status, message = _run(ReferenceTool(fault), _VIDEO)
    assert status is Status.FAIL
    assert "2026-10-25" in message or "2027-04-13T23:20" in message
