"""gponline_sdk.reporting."""
