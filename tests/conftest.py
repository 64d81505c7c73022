"""Generic fixtures shared by every test area: free ports and a MESH sandbox server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gponline_sdk.reference.sandbox import MeshSandbox, free_port


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
