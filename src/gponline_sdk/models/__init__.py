"""gponline_sdk.models."""
