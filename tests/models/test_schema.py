"""Published JSON Schemas and the `gponline models schema` command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from jsonschema import Draft202012Validator

from gponline_sdk.cli.main import main
from gponline_sdk.conformance.contract import contract_models, openapi_document
from gponline_sdk.serde.schema import SCHEMA_DIALECT, json_schema, schema_bundle, schema_models

MODELS = schema_models()
GPONLINE = Path(sys.executable).with_name("gponline")


@pytest.mark.parametrize("name", sorted(MODELS))
def test_each_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    schema = json_schema(MODELS[name])
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == SCHEMA_DIALECT
    assert schema["title"] == name
    assert schema["additionalProperties"] is False


def test_nested_models_are_referenced_through_defs() -> None:
    schema = json_schema(MODELS["ConsultationRequest"])
    assert schema["properties"]["patient"] == {"$ref": "#/$defs/PatientDetails"}
    assert schema["properties"]["attachments"]["items"] == {"$ref": "#/$defs/Attachment"}
    assert set(schema["$defs"]) == {"Attachment", "ContactDetails", "PatientDetails", "Requester"}


def test_bundle_holds_every_model() -> None:
    bundle = schema_bundle()
    Draft202012Validator.check_schema(bundle)
    assert set(bundle["$defs"]) == set(MODELS)


def test_cli_prints_the_bundle_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "schema"]) == 0
    out = capsys.readouterr().out
    document = orjson.loads(out)
    assert set(document["$defs"]) == set(MODELS)
    assert document == schema_bundle()


def test_cli_prints_one_model(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "schema", "OcRecord"]) == 0
    assert orjson.loads(capsys.readouterr().out) == json_schema(MODELS["OcRecord"])


def test_cli_writes_one_file_per_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "schemas"
    assert main(["models", "schema", "--out-dir", str(out_dir)]) == 0
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(f"{n}.json" for n in MODELS)
    for name, cls in MODELS.items():
        assert orjson.loads((out_dir / f"{name}.json").read_bytes()) == json_schema(cls)
    assert str(out_dir) in capsys.readouterr().out


def test_cli_refuses_an_unknown_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "none"
    assert main(["models", "schema", "NoSuchModel", "--out-dir", str(out_dir)]) == 2
    err = capsys.readouterr().err
    assert "unknown model 'NoSuchModel'" in err
    assert "OcRecord" in err
    assert not out_dir.exists(), "nothing is written on a usage error"


def test_installed_gponline_script_prints_the_bundle() -> None:
    assert GPONLINE.exists(), f"the package is not installed in {GPONLINE.parent}"
    done = subprocess.run(
        [str(GPONLINE), "models", "schema"], capture_output=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert set(orjson.loads(done.stdout)["$defs"]) == set(MODELS)
    bad = subprocess.run(
        [str(GPONLINE), "models", "schema", "Nope"], capture_output=True, check=False, timeout=60
    )
    assert bad.returncode == 2
    assert bad.stdout == b""


# --- the tool contract's bodies: `gponline models schema --contract` ---------------------------


def test_cli_prints_every_body_of_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "schema", "--contract"]) == 0
    bundle = orjson.loads(capsys.readouterr().out)
    Draft202012Validator.check_schema(bundle)
    components = openapi_document()["components"]["schemas"]
    # Every body of every operation, request and response, and every schema they nest.
    bodies: set[str] = set()
    for item in openapi_document()["paths"].values():
        for op in item.values():
            answers = [r.get("content", {}) for r in op["responses"].values()]
            for content in [op.get("requestBody", {}).get("content", {}), *answers]:
                schema = content.get("application/json", {}).get("schema", {})
                refs = [schema, *schema.get("anyOf", [])]
                bodies |= {r["$ref"].rsplit("/", 1)[1] for r in refs if "$ref" in r}
    assert bodies <= set(contract_models()) == set(bundle["$defs"]) - _NESTED
    assert set(bundle["$defs"]) == set(components)
    assert "#/components/" not in orjson.dumps(bundle).decode(), "every $ref points at $defs"
    # The six bodies only the contract has, which the plain bundle never printed.
    assert {"Availability", "ClosedResponse", "ErrorBody", "MessageThread"} <= set(bundle["$defs"])


_NESTED = {"Attachment", "ContactDetails", "ErrorProblem", "OcRecord", "PatientDetails",
           "ReportingPeriod", "Requester", "SubmissionHeader", "VcRecord"}  # fmt: skip


def test_cli_prints_one_contract_body(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "schema", "--contract", "Availability"]) == 0
    schema = orjson.loads(capsys.readouterr().out)
    assert schema == json_schema(contract_models()["Availability"])
    assert "redirect_url" in schema["properties"]
    assert "core hours" in schema["properties"]["redirect_url"]["description"]


def test_cli_refuses_an_unknown_contract_body(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "schema", "--contract", "OcAggregate"]) == 2
    assert "unknown contract body 'OcAggregate'" in capsys.readouterr().err


def test_cli_writes_one_file_per_contract_body(tmp_path: Path) -> None:
    assert main(["models", "schema", "--contract", "--out-dir", str(tmp_path)]) == 0
    assert sorted(p.stem for p in tmp_path.iterdir()) == sorted(contract_models())
