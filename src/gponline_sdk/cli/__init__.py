"""gponline_sdk.cli."""
