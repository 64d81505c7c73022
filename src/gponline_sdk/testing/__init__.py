"""gponline_sdk.testing."""
