"""Exit codes of the `gponline` command, the same for every subcommand."""

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
