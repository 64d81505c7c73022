"""Bulk catch-up of historic data: build the multi-week CSV files, check them, send TEST then LIVE.

    build_bulk (one CSV per data type over the range, the weekly build reused)
      -> validate_bulk_file (the bulk rules) -> write_manifest
      -> send_bulk(TEST) -> the Excel report comes back (ReportingClient.read_reports)
      -> send_bulk(LIVE): refused until a clean TEST report for the same files;
         once made, no further bulk upload is taken

Which facts are NHS England's and which the SDK's: see each module and
docs/supplier.md, "Bulk catch-up of historic data".
"""

from gponline_sdk.reporting.bulk.build import (
    BulkBuild,
    BulkFile,
    build_bulk,
    bulk_file_name,
    bulk_types,
    bulk_weeks,
)
from gponline_sdk.reporting.bulk.plan import (
    MANIFEST_NAME,
    BulkEnvironment,
    BulkMailboxes,
    BulkManifest,
    BulkRefused,
    bulk_entries,
    bulk_status,
    check_live_allowed,
    live_flag,
    normalise_mailbox,
    queue_bulk,
    send_bulk,
    write_manifest,
)
from gponline_sdk.reporting.bulk.rules import BulkRange, bulk_range_of, validate_bulk_file

__all__ = [
    "MANIFEST_NAME",
    "BulkBuild",
    "BulkEnvironment",
    "BulkFile",
    "BulkMailboxes",
    "BulkManifest",
    "BulkRange",
    "BulkRefused",
    "build_bulk",
    "bulk_entries",
    "bulk_file_name",
    "bulk_range_of",
    "bulk_status",
    "bulk_types",
    "bulk_weeks",
    "check_live_allowed",
    "live_flag",
    "normalise_mailbox",
    "queue_bulk",
    "send_bulk",
    "validate_bulk_file",
    "write_manifest",
]
