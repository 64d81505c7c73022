"""Hypothesis entry point: makes `st.from_type(Model)` build valid SDK models."""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    # Imported lazily: hypothesis loads every plugin at import, and users who
    # never ask for our types should not pay for building the strategies.
    from gponline_sdk.testing import strategies  # noqa: PLC0415

    strategies.register_type_strategies()
