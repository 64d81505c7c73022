"""Generic fixtures shared by every test area: free ports and a MESH sandbox server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import settings

from gponline_sdk.reference.sandbox import MeshSandbox, free_port

# Speed is measured in bench/, never asserted: a hypothesis deadline on a noisy,
# shared machine only makes a test flaky (one did fail a fresh run). Every
# @settings in the tests inherits this profile's deadline unless it says otherwise.
settings.register_profile("gponline", deadline=None)
settings.load_profile("gponline")


@pytest.fixture
def no_local_constants(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hypothesis draws without the constants of the local modules loaded so far.

    Hypothesis 6.131 and later mixes into its draws constants found in every local module
    in `sys.modules`, so a derandomized draw changes with which test files ran before it in
    the same worker (under xdist: with the order). A test that looks at what a strategy draws
    uses this to look at the strategy alone. The names are private; older versions (the
    lowest the project allows, 6.108) have no `providers` module and no local constants.
    """
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:
        return
    if hasattr(providers, "_get_local_constants"):
        empty = providers.Constants()
        monkeypatch.setattr(providers, "_get_local_constants", lambda: empty)
        providers.CONSTANTS_CACHE.cache.clear()


@pytest.fixture
def free_tcp_port() -> int:
    """A TCP port free on 127.0.0.1."""
    return free_port()


@pytest.fixture(scope="session")
def mesh_sandbox() -> Iterator[MeshSandbox]:
    """A real mesh-sandbox (memory store, full auth) for the whole session.

    mesh-sandbox is a test dependency: if it is missing, this fails, it does not skip.
    """
    with MeshSandbox() as sandbox:
        yield sandbox


@pytest.fixture
def clean_mesh_sandbox(mesh_sandbox: MeshSandbox) -> MeshSandbox:
    """The session's mesh-sandbox with every mailbox emptied first."""
    mesh_sandbox.reset()
    return mesh_sandbox
