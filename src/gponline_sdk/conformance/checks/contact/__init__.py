"""Contact details updates (groups `channels` and `requests`).

- `values`: every realistic shape of each value (landlines, flats, long names...);
- `duties`: the five kinds of contact detail, and updates sent by a proxy.

Importing the package registers their checks.
"""

from gponline_sdk.conformance.checks.contact import duties, values

__all__ = ["duties", "values"]
