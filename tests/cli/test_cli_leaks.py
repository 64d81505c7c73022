"""The leaks of issue 11, closed: what a supplier types never comes back out where it should not.

Each test plants a value that could be a patient's (a name, a date of birth,
an NHS number) in one place a careless supplier could, and checks the command
refuses with the place named and the value nowhere: not in stdout, stderr or
any file written.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
from pathlib import Path

import pytest

from gponline_sdk.cli.main import main
from gponline_sdk.reporting.anonymise import PseudonymKey

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
NAME, DOB = "Jo Bloggs", "12.03.1957"


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "key.hex"
    path.write_text(secrets.token_hex(32))
    return path


def _build(tmp_path: Path, key_file: Path, *extra: str, supplier: str = "ACME-OC") -> list[str]:
    return [
        "report", "build", "--week", "2026-W47", "--supplier-id", supplier,
        "--key-file", str(key_file), "--out-dir", str(tmp_path / "out"),
        "--outbox", str(tmp_path / "outbox.sqlite"), "--all-practices", *extra,
    ]  # fmt: skip


def _written(tmp_path: Path) -> str:
    """Every byte the command left under tmp_path, as text (inputs excluded)."""
    out = []
    for path in sorted(tmp_path.rglob("*")):
        if path.is_file() and path.suffix not in (".csv", ".hex", ".txt", ".toml"):
            out.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(out)


def _installations(tmp_path: Path, product_name: str) -> Path:
    lines = (DATA / "installations.csv").read_text().splitlines()
    lines[1] = lines[1].replace("Acme Consult", product_name)
    path = tmp_path / "installations.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("typed", [f"{NAME} {DOB}", f"{NAME} DOB 12-03-1957", "Mrs Bloggs"])
def test_a_name_and_date_of_birth_in_product_name_is_refused_unshown(
    tmp_path: Path, key_file: Path, typed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _installations(tmp_path, typed)
    code = main(_build(tmp_path, key_file, "--installations", str(source)))
    out, err = capsys.readouterr()
    assert code == 2
    assert "product_name" in err
    assert "withheld" in err
    assert "A81001" in err  # where: the practice of the installation
    for part in (*typed.split(), DOB):
        if len(part) > 3:
            assert part not in out + err + _written(tmp_path)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.json"))


def test_a_bare_name_passes_the_pattern_but_not_a_declared_catalogue(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # No pattern tells a person's name from a product's: declare the products.
    source = _installations(tmp_path, NAME)
    products = tmp_path / "products.txt"
    products.write_text("# our products\nAcme Consult\nAcme Video\n")
    code = main(
        _build(tmp_path, key_file, "--installations", str(source), "--products", str(products))
    )
    out, err = capsys.readouterr()
    assert code == 2
    assert "product_name is not one of the 2 product name(s) declared" in err
    assert "Bloggs" not in out + err + _written(tmp_path)


def test_declared_products_from_the_settings_file(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "settings.toml"
    config.write_text('[supplier]\nproducts = ["Acme Consult", "Acme Video"]\n')
    args = _build(tmp_path, key_file, "--installations", str(DATA / "installations.csv"))
    assert main([*args, "--config", str(config), "--no-queue"]) == 0
    capsys.readouterr()
    config.write_text('[supplier]\nproducts = ["Acme Consult", "Jo Bloggs 12/03/1957"]\n')
    assert main([*args, "--config", str(config), "--no-queue"]) == 2
    err = capsys.readouterr().err
    assert "[supplier] products: product name 2" in err
    assert "1957" not in err


@pytest.mark.parametrize("supplier", ["9434765919", "943-476-5919", "07700900123"])
@pytest.mark.parametrize("where", ["flag", "env", "config"])
def test_a_supplier_id_shaped_like_a_patient_identifier_is_refused_unshown(
    tmp_path: Path,
    key_file: Path,
    supplier: str,
    where: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args = _build(tmp_path, key_file, "--oc-events", str(DATA / "oc_events.csv"), supplier=supplier)
    monkeypatch.delenv("GPONLINE_SUPPLIER_ID", raising=False)
    if where != "flag":
        at = args.index("--supplier-id")
        del args[at : at + 2]
    if where == "env":
        monkeypatch.setenv("GPONLINE_SUPPLIER_ID", supplier)
    if where == "config":
        config = tmp_path / "settings.toml"
        config.write_text(f'[supplier]\nid = "{supplier}"\n')
        args += ["--config", str(config)]
    code = main(args)
    out, err = capsys.readouterr()
    assert code == 2
    assert "supplier identifier looks like" in err
    digits = supplier.replace("-", "")
    assert supplier not in out + err
    assert digits not in out + err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    assert not (tmp_path / "outbox.sqlite").exists()


def test_week_that_is_not_a_week_is_not_echoed(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = _build(tmp_path, key_file, "--oc-events", str(DATA / "oc_events.csv"))
    args[args.index("--week") + 1] = "943 476 5919"
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert "--week" in err
    assert "5919" not in out + err


@pytest.mark.parametrize(
    "extra",
    [
        ["--confg", "943 476 5919"],
        ["--confg=9434765919"],
        ["9434765919"],
        ["--nhs", "sam.jones@example.org", "--bogus"],
    ],
)
def test_arguments_a_command_does_not_take_are_named_never_echoed(
    capsys: pytest.CaptureFixture[str], extra: list[str]
) -> None:
    # argparse prints every unknown word; a mistyped line can hold an NHS number or email.
    assert main(["report", "status", *extra]) == 2
    out, err = capsys.readouterr()
    for secret in ("9434765919", "943 476 5919", "5919", "sam.jones", "example.org"):
        assert secret not in out + err
    assert "see gponline report status --help" in err
    if extra[0].startswith("--confg"):
        assert "--confg (did you mean --config?)" in err


def test_validate_does_not_echo_unknown_key_names(
    tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = _build(tmp_path, key_file, "--oc-events", str(DATA / "oc_events.csv"), "--no-queue")
    assert main(args) == 0
    capsys.readouterr()
    built = next((tmp_path / "out").glob("*_oc_record_*.json"))
    doc = json.loads(built.read_text())
    doc["records"][3]["Jo Bloggs 9434765919"] = 1
    doc["records"][4]["practise_code"] = "A81001"
    built.write_text(json.dumps(doc))
    main(["report", "validate", str(built)])
    out, err = capsys.readouterr()
    assert "Bloggs" not in out + err
    assert "9434765919" not in out + err
    assert "$.records[3]" in out
    assert "not shown" in out
    # A near-miss of a field's name is safe to show, and helps.
    assert "practise_code" in out
    assert "practice_code" in out


def test_keygen_writes_a_private_key_that_is_accepted_and_never_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "new.key"
    assert main(["report", "keygen", "--out", str(target)]) == 0
    out, err = capsys.readouterr()
    text = target.read_text().strip()
    assert len(text) == 64
    assert text not in out + err
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    PseudonymKey.from_file(target)  # accepted: strong enough
    # Never overwritten: a new key would give every record a new ID.
    assert main(["report", "keygen", "--out", str(target)]) == 2
    assert "not overwriting" in capsys.readouterr().err
    assert target.read_text().strip() == text


@pytest.mark.parametrize("weak", ["00" * 32, "ab" * 32, "0102" * 16, bytes(range(32)).hex()])
def test_build_refuses_a_weak_key_with_advice(
    tmp_path: Path, weak: str, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "weak.hex"
    key.write_text(weak)
    assert main(_build(tmp_path, key, "--oc-events", str(DATA / "oc_events.csv"))) == 2
    err = capsys.readouterr().err
    assert "too weak" in err
    assert "gponline report keygen" in err
    assert weak not in err
