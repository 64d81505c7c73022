"""Secure messaging (group `channels`): messages both ways, replies and threads.

- `exchange`: messages each way at the contract's lengths, replies, threads oldest first;
- `duties`: the practice replies to a request in writing; messages sent for someone else;
- `ties`: messages sent at one instant keep the order the tool accepted them;
- `repeats`: bodies of every length to maxLength; the same words sent twice, exact sent_at.
- `_common`: what they share (sending a message and comparing the tool's copy with it).

Importing the package registers their checks.
"""

from gponline_sdk.conformance.checks.messaging import duties, exchange, repeats, ties

__all__ = ["duties", "exchange", "repeats", "ties"]
