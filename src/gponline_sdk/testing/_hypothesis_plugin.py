"""Hypothesis entry point: makes `st.from_type(Model)` build valid SDK models."""

from __future__ import annotations

from typing import Any


def _resolve(cls: type[Any]) -> Any:
    # Looked up when a strategy is first asked for, not when hypothesis starts:
    # a user who imports `strategies` first makes hypothesis start (and run this
    # plugin) while `strategies` is still half imported, so reaching into it
    # from the hook itself would fail.
    from gponline_sdk.testing.strategies import instances  # noqa: PLC0415

    return instances(cls)


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st  # noqa: PLC0415

    from gponline_sdk.models import NhsNumber, OdsCode, SupplierId  # noqa: PLC0415
    from gponline_sdk.serde.schema import schema_models  # noqa: PLC0415

    classes: list[type[Any]] = [*schema_models().values(), NhsNumber, OdsCode, SupplierId]
    for cls in classes:
        st.register_type_strategy(cls, _resolve)
