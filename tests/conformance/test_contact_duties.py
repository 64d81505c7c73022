"""The contact-details kinds and proxy checks fail tools the fault modes do not cover.

The self-test proves each check fails its reference-tool fault modes
(`contact-drops-ethnicity`, `contact-keeps-registered-name`, `contact-refuses-proxy`,
`proxy-requests-children-only`). Here the clean reference tool is wrapped so that
its answers break the same requirements in other ways, as real tools do: "not
stated" stored as no answer, a given name kept while the family name changes, a
contact update's sender not shown, relationships lower-cased, proxies taken only
with a relationship from a fixed list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
import pytest
from _inprocess import Context, requests_and_budget

from gponline_sdk.conformance.core import CHECKS, CheckFailed
from gponline_sdk.conformance.target import InProcessTarget
from gponline_sdk.reference.tool import ReferenceTool

_CHECKS = (
    "channels.contact-details-kinds",
    "channels.contact-details-proxy",
    "requests.proxy-requests",
)
Rewrite = Callable[[str, str, Any, Any], tuple[int, Any] | None]


class _Rewriting:
    """The clean reference tool, its answers passed through `rewrite` (None: unchanged).

    `rewrite(method, path, sent, answer)` gets the parsed bodies and may return a new
    `(status, body)`.
    """

    def __init__(self, rewrite: Rewrite) -> None:
        self._tool = ReferenceTool(None)
        self._rewrite = rewrite

    def handle(self, method: str, target: str, body: bytes | None) -> tuple[int, bytes]:
        status, payload = self._tool.handle(method, target, body)
        sent = orjson.loads(body) if body else None
        changed = self._rewrite(method, target, sent, orjson.loads(payload) if payload else None)
        if changed is None:
            return status, payload
        return changed[0], orjson.dumps(changed[1])


def _failure(check_id: str, rewrite: Rewrite) -> str:
    ctx = Context(None)
    ctx.target = InProcessTarget(_Rewriting(rewrite), on_exchange=ctx.record)
    with pytest.raises(CheckFailed) as failed:
        CHECKS[check_id].run(ctx)
    return str(failed.value)


def _contact_read(method: str, path: str) -> bool:
    return method == "GET" and path.startswith("/practice/contact-details/")


@pytest.mark.parametrize("check_id", _CHECKS)
def test_each_check_sends_what_its_budget_says(check_id: str) -> None:
    sent, budget = requests_and_budget(check_id)
    assert sent == budget


def test_not_stated_held_as_no_answer_fails_the_kinds_check() -> None:
    def not_stated_is_null(method: str, path: str, _: Any, answer: Any) -> tuple[int, Any] | None:
        if _contact_read(method, path) and answer.get("ethnicity") == "Z":
            return 200, {**answer, "ethnicity": None}  # "not stated" kept as no answer
        return None

    message = _failure("channels.contact-details-kinds", not_stated_is_null)
    assert "ethnicity code Z" in message
    assert "ethnicity: expected the code sent (Z), the practice sees none" in message


def test_a_given_name_kept_while_the_family_name_changes_fails_the_kinds_check() -> None:
    first_given: dict[str, str] = {}

    def keeps_given(method: str, path: str, _: Any, answer: Any) -> tuple[int, Any] | None:
        if not _contact_read(method, path):
            return None
        patient = answer["patient"]
        # The record's "forename" is set once, at registration; only the surname is updated.
        given = first_given.setdefault(patient["nhs_number"], patient["given_name"])
        return 200, {**answer, "patient": {**patient, "given_name": given}}

    message = _failure("channels.contact-details-kinds", keeps_given)
    assert "a hyphenated name with an apostrophe" in message
    assert "given_name: expected the" in message


def test_an_update_shown_without_its_sender_fails_the_proxy_check() -> None:
    def no_sender(method: str, path: str, _: Any, answer: Any) -> tuple[int, Any] | None:
        if _contact_read(method, path):
            return 200, {**answer, "requester": None}
        return None

    message = _failure("channels.contact-details-proxy", no_sender)
    assert "an update by a parent for a child: the requester" in message
    assert "expected a value, received none" in message


def test_relationships_lower_cased_fail_the_proxy_requests_check() -> None:
    def lower_cased(method: str, path: str, _: Any, answer: Any) -> tuple[int, Any] | None:
        if method == "GET" and path.startswith("/practice/requests/"):
            requester = answer["requester"]
            relationship = (requester.get("relationship") or "").lower() or None
            return 200, {**answer, "requester": {**requester, "relationship": relationship}}
        return None

    message = _failure("requests.proxy-requests", lower_cased)
    assert "by a proxy for a child: the requester" in message
    assert "relationship" in message


def test_relationships_from_a_fixed_list_only_fail_the_proxy_requests_check() -> None:
    allowed = {"mother", "father", "parent", "guardian", "daughter", "son", "husband", "wife"}

    def fixed_list(method: str, path: str, sent: Any, _: Any) -> tuple[int, Any] | None:
        if method != "POST" or path != "/requests" or sent["requester"]["role"] != "proxy":
            return None
        if sent["requester"]["relationship"].lower() in allowed:
            return None
        problem = {"location": "$.requester.relationship", "message": "choose from the list"}
        return 400, {"message": "the request is not valid", "problems": [problem]}

    message = _failure("requests.proxy-requests", fixed_list)
    assert "expected HTTP 201" in message
    assert "received HTTP 400" in message
    assert "$.requester.relationship" in message
