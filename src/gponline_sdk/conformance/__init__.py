"""gponline_sdk.conformance."""
