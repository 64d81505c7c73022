"""MeshConfig loading, validation, and secrets that never leak."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

import pytest

from gponline_sdk.errors import ConfigError, MeshAuthError
from gponline_sdk.mesh import (
    DEFAULT_MAX_CHUNK_SIZE,
    MeshConfig,
    MeshTransport,
    Secret,
    load_config,
)
from gponline_sdk.reference.sandbox import MeshSandbox

PASSWORD = "pa55-" + "x" * 8
SHARED = "shared-" + "y" * 8

ENV = {
    "GPONLINE_MESH_URL": "https://msg.intspineservices.nhs.uk",
    "GPONLINE_MESH_MAILBOX": "X26ABC1",
    "GPONLINE_MESH_PASSWORD": PASSWORD,
    "GPONLINE_MESH_SHARED_KEY": SHARED,
    "GPONLINE_MESH_RECIPIENT": "X26ABC2",
}


def _toml(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "gponline.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_env_only(tmp_path: Path) -> None:
    config = load_config(env=ENV)
    assert config.mailbox == "X26ABC1"
    assert config.password.reveal() == PASSWORD
    assert config.max_chunk_size == DEFAULT_MAX_CHUNK_SIZE < 20_000_000
    assert config.workflow_id == "GPONLINE_OCVC"


def test_env_overrides_file(tmp_path: Path) -> None:
    path = _toml(
        tmp_path,
        '[mesh]\nurl = "https://example.nhs.uk"\nmailbox = "FILEBOX"\nrecipient = "R1"\n'
        'workflow_id = "FROM_FILE"\nmax_chunk_size = 65536\nclient_cert = "c.pem"\n'
        'client_key = "k.pem"\n',
    )
    config = load_config(path, env={**ENV, "GPONLINE_MESH_WORKFLOW_ID": "FROM_ENV"})
    assert config.mailbox == "X26ABC1"
    assert config.workflow_id == "FROM_ENV"
    assert config.max_chunk_size == 65536
    # A path in the file is relative to the file (the rule for every config file).
    assert config.client_cert == tmp_path / "c.pem"


def test_missing_field_is_named(tmp_path: Path) -> None:
    env = {k: v for k, v in ENV.items() if k != "GPONLINE_MESH_RECIPIENT"}
    with pytest.raises(ConfigError, match=r"mesh\.recipient: missing.*GPONLINE_MESH_RECIPIENT"):
        load_config(env=env)


def test_invalid_field_names_field_and_source(tmp_path: Path) -> None:
    path = _toml(tmp_path, "[mesh]\nmax_chunk_size = 25000000\n")
    with pytest.raises(ConfigError, match=r"mesh\.max_chunk_size \(from file .*gponline\.toml\)"):
        load_config(path, env=ENV)
    with pytest.raises(ConfigError, match=r"mesh\.connect_timeout \(from environment variable"):
        load_config(env={**ENV, "GPONLINE_MESH_CONNECT_TIMEOUT": "soon"})


def test_http_only_for_loopback() -> None:
    with pytest.raises(ConfigError, match=r"mesh\.url"):
        load_config(env={**ENV, "GPONLINE_MESH_URL": "http://mesh.example.com"})
    assert load_config(env={**ENV, "GPONLINE_MESH_URL": "http://127.0.0.1:8700"}).url


def test_cert_needs_key() -> None:
    with pytest.raises(ConfigError, match="client_key"):
        load_config(env={**ENV, "GPONLINE_MESH_CLIENT_CERT": "/etc/cert.pem"})


def test_bad_toml_and_unknown_keys(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(_toml(tmp_path, "[mesh\n"), env=ENV)
    with pytest.raises(ConfigError, match="unknown key"):
        load_config(_toml(tmp_path, '[mesh]\npasword = "x"\n'), env=ENV)


def test_secret_hides_itself() -> None:
    secret = Secret(PASSWORD)
    assert repr(secret) == str(secret) == f"{secret}" == "***"
    config = load_config(env=ENV)
    for text in (repr(config), str(config)):
        assert PASSWORD not in text
        assert SHARED not in text


def test_secret_not_in_config_errors() -> None:
    with pytest.raises(ConfigError) as info:
        MeshConfig(
            url="ftp://x",
            mailbox="X26ABC1",
            password=Secret(PASSWORD),
            shared_key=Secret(SHARED),
            recipient="X26ABC2",
        )
    assert PASSWORD not in str(info.value)
    assert SHARED not in str(info.value)


@pytest.mark.sandbox
def test_secrets_not_in_logs_or_auth_errors(
    clean_mesh_sandbox: MeshSandbox, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    payload = b"CONTENT-MARKER-" + uuid.uuid4().hex.encode()
    src = tmp_path / "f.txt"
    src.write_bytes(payload)
    good = clean_mesh_sandbox.config("X26ABC1", recipient="X26ABC2", max_chunk_size=1024)
    with MeshTransport(good) as sender:
        message_id = sender.send(src, filename="f.txt", local_id="L", subject="s")
    with MeshTransport(clean_mesh_sandbox.config("X26ABC2", recipient="X26ABC1")) as receiver:
        assert receiver.download(message_id) == payload
        receiver.acknowledge(message_id)

    wrong = MeshConfig(
        url=clean_mesh_sandbox.url,
        mailbox="X26ABC1",
        password=Secret(PASSWORD),
        shared_key=Secret(SHARED),
        recipient="X26ABC2",
    )
    with MeshTransport(wrong) as bad, pytest.raises(MeshAuthError) as info:
        bad.handshake()
    assert "X26ABC1" in str(info.value)

    logged = caplog.text + "\n".join(str(r.args) for r in caplog.records)
    assert caplog.records  # the transport and urllib3 did log
    for text in (logged, str(info.value), repr(info.value)):
        assert PASSWORD not in text
        assert SHARED not in text
        assert clean_mesh_sandbox.shared_key not in text
        assert "NHSMESH" not in text
    assert payload.decode() not in logged
