"""Public hypothesis strategies for every SDK model, valid and deliberately invalid."""

from __future__ import annotations


def register_type_strategies() -> None:
    """Register a strategy for each SDK model with `st.register_type_strategy`."""
