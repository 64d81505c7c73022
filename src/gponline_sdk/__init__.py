"""gponline-sdk: models, conformance suite and reporting client for GP online consultation."""

from gponline_sdk._version import __version__

__all__ = ["__version__"]
