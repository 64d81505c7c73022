"""No test carries a hypothesis deadline: speed is measured in bench/, never asserted."""

from __future__ import annotations

from hypothesis import settings


def test_the_loaded_profile_has_no_deadline() -> None:
    # tests/conftest.py loads the profile; a @settings(...) that names no deadline inherits it.
    assert settings().deadline is None
    assert settings(max_examples=3).deadline is None
