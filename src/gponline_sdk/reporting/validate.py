"""The validation API under its first name: `gponline_sdk.reporting.validation` is its home.

Kept so code written against `gponline_sdk.reporting.validate` (the guides' examples,
suppliers' jobs) goes on working; new code may import either.
"""

from gponline_sdk.reporting import validation as _validation
from gponline_sdk.reporting.validation import *  # noqa: F403 - the same public names

__all__ = list(_validation.__all__)
