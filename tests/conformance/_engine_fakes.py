"""A tiny fake target and hand-made checks for testing the engine without the real checks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone

from gponline_sdk.conformance.catalogue import Catalogue, parse_catalogue
from gponline_sdk.conformance.core import Check, CheckContext, Exchange
from gponline_sdk.errors import TargetUnreachable

HOSTILE = '<script>alert("x")</script>'
CANARY_NAME = "Zebedee-Qvxlkj"
NHS = "9434765919"  # valid check digit
TOKEN = "tok-SECRET-123456"


def mini_catalogue() -> Catalogue:
    """Four requirements: two MUSTs, a SHOULD, a MAY, plus an attestation MUST."""
    reqs = [
        ("TS-MUST-01", "MUST", "automated", None),
        ("TS-MUST-02", "MUST", "automated", None),
        ("TS-SHLD-01", "SHOULD", "automated", None),
        ("TS-MAY-01", "MAY", "automated", None),
        ("TS-ATT-01", "MUST", "attestation", "a person must say so"),
    ]
    return parse_catalogue(
        {
            "catalogue_version": "9.9.9",
            "title": "test catalogue",
            "sources": {"src": "a source"},
            "groups": {"alpha": "group a", "beta": "group b"},
            "requirements": [
                {
                    "id": rid,
                    "title": f"title {rid}",
                    "level": level,
                    "sources": ["src"],
                    "group": "alpha" if rid.endswith("01") else "beta",
                    "verification": how,
                    "description": f"description of {rid}",
                    **({"rationale": why} if why else {}),
                }
                for rid, level, how, why in reqs
            ],
        }
    )


class FakeTarget:
    """Records an exchange per call through `on_exchange`, like the real targets do."""

    def __init__(self, *, down_after: int | None = None) -> None:
        self.on_exchange: Callable[[Exchange], None] | None = None
        self.calls = 0
        self.down_after = down_after

    def call(self, path: str, body: str | None = None, response: str | None = None) -> None:
        self.calls += 1
        if self.down_after is not None and self.calls > self.down_after:
            raise TargetUnreachable(f"could not connect to 127.0.0.1 (GET {path})")
        if self.on_exchange is not None:
            self.on_exchange(
                Exchange(
                    method="POST",
                    url=f"http://127.0.0.1/{path}",
                    request_headers={"Authorization": f"Bearer {TOKEN}"},
                    request_body=body,
                    status=200,
                    response_body=response,
                )
            )


def make_check(
    check_id: str,
    requirements: Iterable[str],
    fn: Callable[[CheckContext], None],
    *,
    group: str = "alpha",
) -> Check:
    """A check that is not registered in the global CHECKS."""
    return Check(
        id=check_id,
        title=f"title {check_id}",
        requirements=tuple(requirements),
        group=group,
        run=fn,
    )


def passing(ctx: CheckContext) -> None:
    ctx.target.call("ok")


def fixed_clock() -> Callable[[], datetime]:
    """A clock that moves one second per reading, so runs are reproducible."""
    start = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
    state = {"n": 0}

    def now() -> datetime:
        state["n"] += 1
        return start + timedelta(seconds=state["n"])

    return now
