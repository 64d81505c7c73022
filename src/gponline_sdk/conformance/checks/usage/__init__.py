"""Checks of the weekly usage data the tool would send to NHS England (group `usage-data`).

`counts`: every request and session is counted, field by field, out-of-hours
and bank-holiday requests included; `weeks`: video sessions fall in the week
they are held, cut at midnight London time; `privacy`: no identifiers, and
record IDs that are keyed pseudonyms (`pseudonyms` recognises the unkeyed ones);
`rereads`: a week read again on later days keeps its records and IDs, with
statuses as they stand; `proxies`: every proxy is reported as a proxy;
`volume`: a week of over a thousand requests is counted exactly; `lifecycle`:
every request is counted whatever its triage outcome or what followed it.
"""

from gponline_sdk.conformance.checks.usage import (
    counts,
    lifecycle,
    privacy,
    proxies,
    rereads,
    volume,
    weeks,
)

__all__ = ["counts", "lifecycle", "privacy", "proxies", "rereads", "volume", "weeks"]
