"""`Reject`: an answer other than success, raised from inside a reference-tool handler."""

from __future__ import annotations

from gponline_sdk.conformance.contract import ErrorBody, ErrorProblem
from gponline_sdk.errors import Problem

__all__ = ["Reject"]


class Reject(Exception):
    """An answer other than success, raised from inside a handler: status and `ErrorBody`."""

    def __init__(self, status: int, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.body = ErrorBody(
            message=message,
            problems=tuple(ErrorProblem(location=p.location, message=p.message) for p in problems),
        )
