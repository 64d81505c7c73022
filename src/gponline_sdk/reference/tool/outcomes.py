"""The practice's triage outcomes and the patient's view of a request (AV-RESP-01).

`ReferenceTool` keeps one `Outcomes` and calls it from three places: each accepted
request's acknowledgement, ``POST /practice/requests/{reference}/outcome`` and
``GET /requests/{reference}/status``. The fault modes that break AV-RESP-01 in the
ways real tools do live here too.
"""

from __future__ import annotations

from datetime import datetime, timezone

import attrs

from gponline_sdk.conformance.contract import OutcomeSubmission, RequestStatus
from gponline_sdk.models import Acknowledgement, Outcome, OutcomeKind
from gponline_sdk.reference.tool.channels import Reject

__all__ = ["OUTCOME_FAULTS", "Outcomes"]

OUTCOME_FAULTS = frozenset(
    {
        "outcome-on-acknowledgement",
        "outcome-hidden-from-patient",
        "outcome-time-real-clock",
        "outcome-kind-flattened",
    }
)
"""The fault modes this module implements."""


@attrs.define
class _Recorded:
    """An outcome as recorded, with the words the patient is told."""

    outcome: Outcome
    message: str


class Outcomes:
    """Each accepted request's acknowledgement and the outcome the practice recorded for it.

    Kept apart from the practice's inbox on purpose: what the patient sees of a request
    must not depend on how long the inbox keeps it.
    """

    def __init__(self) -> None:
        self._acks: dict[str, Acknowledgement] = {}
        self._recorded: dict[str, _Recorded] = {}

    def acknowledged(self, fault: str | None, ack: Acknowledgement) -> None:
        """Remember the acknowledgement a request was answered with."""
        self._acks[ack.reference] = ack
        if fault == "outcome-on-acknowledgement":
            # The automated acknowledgement counted as the outcome: "handled" at submission.
            closed = Outcome(
                request_reference=ack.reference,
                kind=OutcomeKind.CLOSED_NO_ACTION,
                recorded_at=ack.received_at,
            )
            self._recorded[ack.reference] = _Recorded(outcome=closed, message=ack.message)

    def _ack(self, reference: str) -> Acknowledgement:
        ack = self._acks.get(reference)
        if ack is None:
            raise Reject(404, "no request has this reference")
        return ack

    def record(
        self, fault: str | None, reference: str, sub: OutcomeSubmission, now: datetime
    ) -> Outcome:
        """Record the practice's outcome for `reference` at the tool's `now`."""
        self._ack(reference)
        kind = OutcomeKind.ADMIN_COMPLETED if fault == "outcome-kind-flattened" else sub.kind
        # outcome-time-real-clock: a service that stamps rows with the database's clock.
        at = datetime.now(timezone.utc) if fault == "outcome-time-real-clock" else now
        outcome = Outcome(request_reference=reference, kind=kind, recorded_at=at)
        self._recorded[reference] = _Recorded(outcome=outcome, message=sub.message)
        return outcome

    def status(self, fault: str | None, reference: str) -> RequestStatus:
        """The patient's view of the request `reference`."""
        ack = self._ack(reference)
        recorded = self._recorded.get(reference)
        if fault == "outcome-hidden-from-patient":
            recorded = None  # recorded for the practice, never shown to the patient
        return RequestStatus(
            reference=reference,
            received_at=ack.received_at,
            respond_by=ack.respond_by,
            outcome=None if recorded is None else recorded.outcome,
            message=None if recorded is None else recorded.message,
        )
