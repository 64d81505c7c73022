"""gponline_sdk.mesh."""
