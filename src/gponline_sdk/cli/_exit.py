"""Exit codes of the `gponline` command, the same for every subcommand.

No code comes with a traceback: every error is one line on stderr; for an
internal error (5) that line says where the full trace was written (a file
of mode 0600 under `$XDG_STATE_HOME/gponline/`, else `<temp dir>/gponline-<uid>/`).
"""

OK = 0
"""Success; for the conformance suite, the tool is conformant."""
FAILED = 1
"""A MUST requirement failed, or a submission was rejected."""
USAGE = 2
"""Usage, configuration or input error: nothing was done (or written)."""
UNREACHABLE = 3
"""The target or endpoint did not answer within the configured timeouts."""
UNKNOWN_OUTCOME = 4
"""A send's outcome cannot be known; run `gponline report reconcile`."""
INTERNAL = 5
"""The SDK itself failed (a bug in gponline-sdk): no verdict; never read it as a failure."""
PIPE_CLOSED = 141
"""Whoever read the standard output stopped reading (`gponline ... | head`); like SIGPIPE."""


def withheld(text: str) -> str:
    """`text` with every word or path part shaped like an identifier replaced by `<withheld>`.

    What the CLI prints about a failure names files: a file named after a
    patient's NHS number must not put that number in a terminal or a CI log.
    Words are split at spaces, path separators, colons and quotes; the SDK's
    identifier scanner decides (NHS numbers, emails, phone numbers, postcodes).
    """
    import re  # noqa: PLC0415 - only when there is something to print

    from gponline_sdk.reporting.scanner import find_identifiers  # noqa: PLC0415

    parts = re.split(r"([\s/\\:'\"()\[\],]+)", text)
    return "".join(
        "<withheld>" if i % 2 == 0 and part and find_identifiers(part) else part
        for i, part in enumerate(parts)
    )
