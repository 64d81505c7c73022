"""The unknown references the channel checks send are unknown, and shaped as documented."""

from __future__ import annotations

import re
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from gponline_sdk.conformance.checks.unknown_refs import unknown_references

_PATH_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
_REFS = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9_.:-]{0,40}\Z")


@settings(deadline=None, max_examples=200)
@given(issued=_REFS, other=_REFS)
def test_no_unknown_reference_is_one_the_tool_issued(issued: str, other: str) -> None:
    made = unknown_references(issued, {"another kind": other})
    refs = [ref for _, ref in made]
    assert issued not in refs
    assert all(_PATH_REF.match(ref) for ref in refs if ref != other)
    assert len(set(refs)) == len(refs) or other in refs


def test_sequence_numbers_only_grow() -> None:
    # The newest of a sequence: the digits changed or one more make a number above it (the
    # letters-changed shape keeps the number: a prefix names another kind or nothing).
    for issued in ("42", "MSG-000042", "CD-X-000123"):
        own = [r for s, r in unknown_references(issued, {}) if "digits" in s or "longer" in s]
        numbers = [int(re.sub(r"\D", "", r) or 0) for r in own]
        assert all(n > int(re.sub(r"\D", "", issued)) for n in numbers if n), (issued, own)


def test_hex_stays_hex() -> None:
    issued = "3fa2b1c9-d0e4-4f5a-8b6c-7d8e9f0a1b2c"
    changed = dict(unknown_references(issued, {}))["the tool's own shape, its letters changed"]
    assert len(changed) == len(issued)
    assert set(changed) <= set(string.hexdigits.lower() + "-")
    assert changed != issued
