"""gponline_sdk.reference."""
