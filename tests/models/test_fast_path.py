"""The converter's fast path keeps its contract with the detailed converter, for every model.

`serde/_fast.py` generates a structure function per class that skips cattrs'
error bookkeeping; `structure` tries it first and falls back to the detailed
converter on any exception. That is only safe if the fast path never accepts
what the detailed converter refuses, and builds the same object when both
accept. These properties check exactly that, on valid values and on the
deliberately broken ones of `invalid_wire_data`.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gponline_sdk.serde import unstructure
from gponline_sdk.serde.converter import _fast, converter
from gponline_sdk.serde.schema import schema_models
from gponline_sdk.testing import invalid_wire_data

MODELS = schema_models()
SETTINGS = settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])


def _detailed(data: Any, cls: type[Any]) -> tuple[bool, Any]:
    try:
        return True, converter.structure(data, cls)
    except Exception:  # noqa: BLE001 - any refusal counts as a refusal
        return False, None


def _fast_path(data: Any, cls: type[Any]) -> tuple[bool, Any]:
    try:
        return True, _fast.structure(data, cls)
    except Exception:  # noqa: BLE001
        return False, None


@pytest.mark.parametrize("name", sorted(MODELS))
@SETTINGS
@given(data=st.data())
def test_on_valid_data_both_paths_build_the_same_object(name: str, data: st.DataObject) -> None:
    cls = MODELS[name]
    value = data.draw(st.from_type(cls))
    raw = unstructure(value)
    fast_ok, fast = _fast_path(raw, cls)
    assert fast_ok, "the fast path refused a valid value (correct, but slow: a missed fast path)"
    assert fast == value
    assert _detailed(raw, cls) == (True, value)


@pytest.mark.parametrize("name", sorted(MODELS))
@SETTINGS
@given(data=st.data())
def test_the_fast_path_refuses_whatever_the_detailed_converter_refuses(
    name: str, data: st.DataObject
) -> None:
    cls = MODELS[name]
    broken, _paths = data.draw(invalid_wire_data(cls))
    detailed_ok, detailed = _detailed(broken, cls)
    fast_ok, fast = _fast_path(broken, cls)
    if not detailed_ok:
        assert not fast_ok, f"the fast path accepted {name} data the detailed converter refuses"
    elif fast_ok:
        assert fast == detailed
