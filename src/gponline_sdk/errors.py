"""One exception tree for the whole SDK.

Every exception the SDK raises on purpose derives from `GponlineError`, and
each also subclasses the matching builtin, so callers who already catch
`ValueError` or `OSError` keep working::

    GponlineError
    ├── ValidationError (ValueError)          bad data: every problem with where and what
    │   └── InputFileError                    ... read from a file (file, line, column/path)
    ├── ConfigError (ValueError)              bad settings: names the field and its source
    ├── PrivacyError (ValueError)             output would carry an identifier-shaped value
    ├── SubmissionError                       a weekly submission cannot proceed
    │   └── OutboxError                       the durable outbox refuses a state change
    ├── TransportError (OSError)              the network side failed
    │   ├── MeshError                         MESH answered, or could not be reached
    │   │   ├── MeshAuthError                 403/401: permanent, never retried
    │   │   ├── MeshOutcomeUnknown            the create call's result cannot be known
    │   │   └── MeshDeadlineExceeded          retries ran out of time
    │   └── TargetUnreachable (ConnectionError)  a conformance target stopped answering
    └── ConformanceError                      the suite itself cannot run (bad catalogue, ...)

Messages never hold a secret or a patient identifier: values are quoted only
when they are known not to be identifiers (an ODS code, a date, a category).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

__all__ = [
    "ConfigError",
    "ConformanceError",
    "GponlineError",
    "InputFileError",
    "MeshAuthError",
    "MeshDeadlineExceeded",
    "MeshError",
    "MeshOutcomeUnknown",
    "OutboxError",
    "PrivacyError",
    "Problem",
    "SubmissionError",
    "TargetUnreachable",
    "TransportError",
    "ValidationError",
]


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with some input: where it is and what was expected.

    `location` is a JSON path (`$.records[3].practice_code`), or a file
    location (`events.csv:14:practice_code`); `message` says what was expected.
    """

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class GponlineError(Exception):
    """Base of every exception the SDK raises on purpose."""


class ValidationError(GponlineError, ValueError):
    r"""Data that breaks the SDK's rules; lists every problem found, not just the first.

    >>> err = ValidationError([Problem(location="$.practice_code", message="not an ODS code")])
    >>> str(err)
    '1 problem:\\n  $.practice_code: not an ODS code'
    """

    def __init__(self, problems: Iterable[Problem], *, subject: str = "") -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.subject = subject
        super().__init__(self._render())

    def _render(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''}"
        if self.subject:
            head += f" in {self.subject}"
        return head + ":\n" + "\n".join(f"  {p}" for p in self.problems)

    def at(self, prefix: str) -> ValidationError:
        """Return the same problems with their paths placed under `prefix` (`$.records[3]`)."""
        moved = [attrs.evolve(p, location=_join(prefix, p.location)) for p in self.problems]
        return type(self)(moved, subject=self.subject)


def _join(prefix: str, location: str) -> str:
    if location == "$":
        return prefix
    if location.startswith("$"):
        return prefix + location[1:]
    return f"{prefix}.{location}"


class InputFileError(ValidationError):
    """A file that cannot be read as the SDK expects; problems name file and line."""

    def __init__(self, path: str, problems: Sequence[Problem]) -> None:
        self.path = path
        super().__init__(problems, subject=path)


class ConfigError(GponlineError, ValueError):
    """A setting is missing or wrong; the message names the field and where it came from."""


class PrivacyError(GponlineError, ValueError):
    """Output would hold something shaped like a patient identifier; nothing was written.

    The message says which field and which kind of identifier, never the value.
    """


class SubmissionError(GponlineError):
    """A weekly submission cannot go ahead as asked."""


class OutboxError(SubmissionError):
    """The durable outbox refused a state change (for example a blind resend)."""


class TransportError(GponlineError, OSError):
    """A network exchange failed."""


class MeshError(TransportError):
    """MESH refused a request or could not be reached."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        self.status = status
        super().__init__(message)


class MeshAuthError(MeshError):
    """MESH refused our credentials (401/403): permanent, never retried."""


class MeshOutcomeUnknown(MeshError):
    """The create call may or may not have delivered; reconcile, never resend blindly."""


class MeshDeadlineExceeded(MeshError):
    """Retrying what is safe to retry ran past the overall deadline."""


class TargetUnreachable(TransportError, ConnectionError):
    """A conformance target stopped answering within the configured timeouts.

    `harness` is True when the operation was one of the contract's test-harness
    operations (``/test/...``: the test clock, the test environment), whose
    failure means the suite cannot proceed rather than that the tool broke a rule.
    """

    def __init__(self, message: str, *, harness: bool = False) -> None:
        self.harness = harness
        super().__init__(message)


class ConformanceError(GponlineError):
    """The conformance suite itself cannot run (bad catalogue, bad expected-failures file)."""
