"""gponline_sdk.serde."""
