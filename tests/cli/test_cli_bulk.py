"""`gponline report bulk`: build the historic files, send TEST, then LIVE once, on mesh-sandbox."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from gponline_sdk.cli.main import main
from gponline_sdk.mesh import MeshTransport, Outbox
from gponline_sdk.national import active_profile
from gponline_sdk.reference.collector import Collector
from gponline_sdk.reference.sandbox import SANDBOX_PASSWORD, MeshSandbox
from gponline_sdk.reporting.bulk import MANIFEST_NAME
from gponline_sdk.reporting.client import ReportingClient

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
IDENTIFIERS = ("9999072356", "Sam Jones", "sam.jones@example.org", "07700 900721", "flu jabs")


@pytest.fixture
def base(tmp_path: Path) -> list[str]:
    key = tmp_path / "key.hex"
    key.write_text(secrets.token_hex(32))
    key.chmod(0o600)
    return [
        "--supplier-id", "ACME-OC", "--key-file", str(key),
        "--out-dir", str(tmp_path / "out"), "--outbox", str(tmp_path / "outbox.sqlite"),
    ]  # fmt: skip


def _build(base: list[str]) -> int:
    return main([
        "report", "bulk", "build", "--from", "2026-W46", "--to", "2026-11-22", *base,
        "--oc-events", str(DATA / "oc_events.csv"), "--vc-events", str(DATA / "vc_events.jsonl"),
        "--installations", str(DATA / "installations.csv"),
        "--participation", str(DATA / "participation.csv"),
    ])  # fmt: skip


def test_build_writes_one_csv_per_bulk_type_and_a_manifest(
    tmp_path: Path, base: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _build(base) == 0
    out = capsys.readouterr().out
    bulk = tmp_path / "out" / "bulk"
    names = sorted(p.name for p in bulk.glob("*.csv"))
    assert names == sorted(
        f"ACME-OC_{t}_bulk_2026-W46_2026-W47.csv"
        for t in ("oc_record", "oc_aggregate", "oc_practice", "vc_record", "vc_aggregate")
    )
    assert (bulk / MANIFEST_NAME).is_file()
    assert "vc_practice row(s) not sent" in out
    assert "send --env test" in out
    written = "".join((bulk / n).read_text() for n in names)
    for value in IDENTIFIERS:
        assert value not in written
        assert value not in out


def test_live_without_a_live_mailbox_is_a_configuration_error(
    base: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _build(base) == 0
    assert main(["report", "bulk", "send", "--env", "live", *base]) == 2
    assert "assigned at onboarding" in capsys.readouterr().err


def test_send_before_build_is_a_configuration_error(
    base: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "bulk", "send", "--env", "test", *base]) == 2
    assert "no bulk manifest" in capsys.readouterr().err


@pytest.mark.sandbox
def test_bulk_send_test_then_live_once(
    tmp_path: Path,
    base: list[str],
    clean_mesh_sandbox: MeshSandbox,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sandbox = clean_mesh_sandbox
    settings = tmp_path / "gponline.toml"
    settings.write_text(
        f'[mesh]\nurl = "{sandbox.url}"\nmailbox = "X26ABC1"\npassword = "{SANDBOX_PASSWORD}"\n'
        f'shared_key = "{sandbox.shared_key}"\nrecipient = "X26ABC1"\n'
        '[bulk]\ntest_mailbox = "X26ABC2"\nlive_mailbox = "X26ABC3"\n'
    )
    cli = [*base, "--config", str(settings)]
    assert _build(base) == 0
    assert main(["report", "bulk", "send", "--env", "live", *cli]) == 1
    assert "not sent to TEST" in capsys.readouterr().err
    assert main(["report", "bulk", "send", "--env", "test", *cli]) == 0
    assert "TEST (X26ABC2): queued 5 bulk file(s)" in capsys.readouterr().out

    bulk = {active_profile().workflow("bulk")}
    for mailbox in ("X26ABC2", "X26ABC3"):
        transport = MeshTransport(sandbox.config(mailbox, recipient="X26ABC1"))
        collector = Collector(
            transport,
            tmp_path / f"{mailbox}.sqlite",
            work_dir=tmp_path / mailbox,
            participating=frozenset({"A81001", "B82002", "C83003"}),  # the example list
            workflows=bulk,
        )
        processed = collector.process_inbox()
        collector.close()
        transport.close()
        assert len(processed) == (5 if mailbox == "X26ABC2" else 0)
    config = sandbox.config("X26ABC1", recipient="X26ABC1")
    with Outbox(tmp_path / "outbox.sqlite") as outbox, ReportingClient(config, outbox) as client:
        assert len(client.read_reports(force=True)) == 5

    assert main(["report", "bulk", "status", *cli]) == 0
    assert "LIVE: allowed" in capsys.readouterr().out
    assert main(["report", "bulk", "send", "--env", "live", *cli]) == 0
    assert "LIVE (X26ABC3): queued 5" in capsys.readouterr().out
    assert main(["report", "bulk", "send", "--env", "live", *cli]) == 1
    assert "already made" in capsys.readouterr().err
