"""MESH transport and the durable outbox.

`MeshTransport` talks to one MESH mailbox (send in gzipped chunks, receive,
acknowledge, track); `Outbox` records every file before any network call;
`deliver_pending` and `reconcile` move outbox entries through MESH without
losing or blindly duplicating them. See `docs/mesh.md`.
"""

from gponline_sdk.mesh._retry import RetryPolicy
from gponline_sdk.mesh.config import (
    DEFAULT_MAX_CHUNK_SIZE,
    DEFAULT_WORKFLOW_ID,
    MeshConfig,
    Secret,
    load_config,
)
from gponline_sdk.mesh.outbox import Outbox, OutboxEntry, OutboxState, ReportOutcome
from gponline_sdk.mesh.sender import (
    DeliveryResult,
    deliver_pending,
    reconcile,
    recover_interrupted,
)
from gponline_sdk.mesh.transport import MeshTransport, TrackingInfo

__all__ = [
    "DEFAULT_MAX_CHUNK_SIZE",
    "DEFAULT_WORKFLOW_ID",
    "DeliveryResult",
    "MeshConfig",
    "MeshTransport",
    "Outbox",
    "OutboxEntry",
    "OutboxState",
    "ReportOutcome",
    "RetryPolicy",
    "Secret",
    "TrackingInfo",
    "deliver_pending",
    "load_config",
    "reconcile",
    "recover_interrupted",
]
