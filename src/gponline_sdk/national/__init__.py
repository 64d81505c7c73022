"""The national collection's facts, as one versioned profile shipped as data.

Code that needs a name, a workflow ID, a mailbox, a rejection rule or the
submission report's layout reads it from `active_profile()`, never from a
literal. See `profile.py` for the file's shape and how a supplier swaps in
their own.
"""

from gponline_sdk.national.profile import (
    DEFAULT_PROFILE_PATH,
    PROFILE_ENV,
    Fact,
    NationalProfile,
    active_profile,
    default_profile,
    load_profile,
)

__all__ = [
    "DEFAULT_PROFILE_PATH",
    "PROFILE_ENV",
    "Fact",
    "NationalProfile",
    "active_profile",
    "default_profile",
    "load_profile",
]
