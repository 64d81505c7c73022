"""The client side of the tool contract: how checks talk to the tool under test.

`ToolTarget` is the protocol checks use, one typed method per contract
operation (see `gponline_sdk.conformance.contract`). Two implementations:

- `HttpTarget`: the contract over HTTP(S) on one keep-alive connection
  (`http.client`): connect and read timeouts on every call, an overall
  deadline per response, a response size cap (the body is streamed and
  reading stops past the cap), redirects followed only on the same origin,
  `Authorization: Bearer`, TLS verified; a request whose connection the far
  end closed under it is sent again once where that is safe (`target._wire`),
  and `probe()` asks on a fresh connection whether the target answers at all.
- `InProcessTarget`: for Python tools, calls an object's `handle()` directly,
  with no network, through the same parsing and evidence code.

Every exchange is recorded as `core.Exchange` evidence through `on_exchange`
(the runner points it at the running check), with credentials masked and
NHS-number-shaped values blanked. A target that cannot be reached raises
`TargetUnreachable` naming what was tried; an answer that breaks the contract
(wrong shape, too big, too slow, redirect to another host) raises `BadResponse`
naming the field, what was expected and the shape of what was received, which
the runner reports as a FAIL of the running check (an ERROR when it came from a
test-harness operation, ``/test/...``).
"""

from __future__ import annotations

from gponline_sdk.conformance.target.client import InProcessTarget, ToolApplication
from gponline_sdk.conformance.target.http import HttpTarget
from gponline_sdk.conformance.target.protocol import (
    BadResponse,
    ExchangeRecorder,
    Reply,
    ToolTarget,
    mask_text,
)

__all__ = [
    "BadResponse",
    "ExchangeRecorder",
    "HttpTarget",
    "InProcessTarget",
    "Reply",
    "ToolApplication",
    "ToolTarget",
    "mask_text",
]
