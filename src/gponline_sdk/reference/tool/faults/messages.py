"""The reference tool's fault modes for replies to requests and proxies' secure messages.

Each function answers, for a tool with fault `fault`, what the clean tool never
does: a proxy's message refused, a practice reply's link to its request dropped,
a proxy's message shown as the patient's, a reply to a request that does not
exist taken. The clean tool gets None (or the message as sent) from each.
"""

from __future__ import annotations

from collections.abc import Container

import attrs

from gponline_sdk.conformance.contract import MessageSubmission
from gponline_sdk.errors import Problem
from gponline_sdk.models import MessageDirection, Requester, RequesterRole, SecureMessage

__all__ = ["message_proxy_refusal", "message_shown", "message_stored", "unknown_request_refusal"]


def message_proxy_refusal(fault: str | None, sub: MessageSubmission) -> Problem | None:
    """The problem a tool taking messages from the patient only finds in a proxy's message."""
    proxied = sub.requester is not None and sub.requester.role is RequesterRole.PROXY
    if fault == "messages-refuse-proxy" and proxied:
        return Problem(location="$.requester", message="only the patient can send messages")
    return None


def unknown_request_refusal(
    fault: str | None, sub: MessageSubmission, requests: Container[str]
) -> Problem | None:
    """The problem in an about_request naming no request (None: none, or the fault takes it)."""
    if sub.about_request is None or sub.about_request in requests:
        return None
    if fault == "reply-to-any-request":
        return None  # a free-text "regarding" field: nothing looks the reference up
    return Problem(location="$.about_request", message="no request has this reference")


def message_stored(fault: str | None, message: SecureMessage) -> SecureMessage:
    """The message as a tool with fault `fault` keeps it (the clean tool: as sent)."""
    if fault == "reply-drops-request-link" and message.direction is (
        MessageDirection.PRACTICE_TO_PATIENT
    ):
        # The reply is filed in the messages table, which has no column for the request.
        return attrs.evolve(message, about_request=None)
    return message


def message_shown(fault: str | None, message: SecureMessage) -> SecureMessage:
    """One message of a thread as a tool with fault `fault` shows it."""
    if fault == "proxy-message-loses-requester" and message.requester is not None:
        # The thread names the account's patient as sender, whoever wrote.
        return attrs.evolve(message, requester=Requester(role=RequesterRole.PATIENT))
    return message
