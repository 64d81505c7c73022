"""The installed hypothesis entry point makes `st.from_type(Model)` work for users.

Each check runs in a fresh interpreter, so it sees exactly what a user's test
run sees: hypothesis loads the entry point from the installed package metadata,
with no import of `gponline_sdk.testing` beforehand.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest


def run_fresh(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_entry_point_is_installed() -> None:
    out = run_fresh(
        """
        from importlib.metadata import entry_points
        print(sorted(ep.value for ep in entry_points(group="hypothesis")))
        """
    )
    assert "gponline_sdk.testing._hypothesis_plugin:_hypothesis_setup_hook" in out


def test_from_type_builds_a_valid_oc_record_in_a_fresh_interpreter() -> None:
    out = run_fresh(
        """
        from hypothesis import strategies as st
        from gponline_sdk.models import OcRecord
        from gponline_sdk.serde import structure, unstructure
        record = st.from_type(OcRecord).example()
        assert structure(unstructure(record), OcRecord) == record
        print(type(record).__name__)
        """
    )
    assert out == "OcRecord"


def test_from_type_covers_every_model_and_identifier() -> None:
    out = run_fresh(
        """
        from hypothesis import given, settings, strategies as st
        from gponline_sdk.models import NhsNumber, OdsCode, SupplierId
        from gponline_sdk.serde.schema import schema_models

        classes = [*schema_models().values(), NhsNumber, OdsCode, SupplierId]

        @settings(max_examples=3, database=None)
        @given(st.data())
        def check(data):
            for cls in classes:
                assert type(data.draw(st.from_type(cls))) is cls

        check()
        print(len(classes))
        """
    )
    assert out == "24"


@pytest.mark.parametrize("first", ["strategies", "hypothesis"])
def test_import_order_does_not_matter(first: str) -> None:
    # Importing our strategies first makes hypothesis start (and run this very
    # plugin) while `strategies` is half imported: that must not be circular.
    imports = {
        "strategies": "import gponline_sdk.testing.strategies\nimport hypothesis",
        "hypothesis": "import hypothesis\nimport gponline_sdk.testing.strategies",
    }[first]
    out = run_fresh(
        imports
        + """
from hypothesis import strategies as st
from gponline_sdk.models import ConsultationRequest
print(type(st.from_type(ConsultationRequest).example()).__name__)
"""
    )
    assert out == "ConsultationRequest"


def test_register_type_strategies_can_be_called_explicitly() -> None:
    out = run_fresh(
        """
        from hypothesis import strategies as st
        from gponline_sdk.testing import register_type_strategies
        from gponline_sdk.models import Incident
        register_type_strategies()
        incident = st.from_type(Incident).example()
        assert incident.ended_at is None or incident.ended_at >= incident.started_at
        print("ok")
        """
    )
    assert out == "ok"
