"""`gponline models ...`: the typed models' published schemas, and the tool contract's bodies."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import orjson

from gponline_sdk.cli import _exit
from gponline_sdk.conformance.contract import contract_models, openapi_document
from gponline_sdk.serde.schema import SCHEMA_DIALECT, json_schema, schema_bundle, schema_models


def register(sub: Any) -> None:
    """Add the `models` subcommands."""
    parser = sub.add_parser("models", help="the typed models and their JSON Schemas")
    models_sub = parser.add_subparsers(dest="models_command", metavar="COMMAND", required=True)
    schema = models_sub.add_parser(
        "schema",
        help="print the JSON Schema of every model (or one), generated from the models",
    )
    schema.add_argument("model", nargs="?", help="one model's class name, e.g. OcRecord")
    schema.add_argument(
        "--contract",
        action="store_true",
        help="the tool contract's bodies instead: every request and response body of "
        "conformance/tool-contract.openapi.json, as one JSON Schema bundle",
    )
    schema.add_argument(
        "--out-dir", type=Path, help="write one <Model>.json file per model into this folder"
    )
    schema.set_defaults(handler=_schema)


def contract_bundle() -> dict[str, Any]:
    """Every body of the tool contract as one JSON Schema document: its components, as `$defs`.

    The same schemas as `components/schemas` of the OpenAPI document, with references
    pointing at `$defs`, so any JSON Schema validator can use it alone.
    """
    schemas = openapi_document()["components"]["schemas"]
    text = orjson.dumps(schemas).decode().replace('"#/components/schemas/', '"#/$defs/')
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": "https://gponline-sdk.invalid/schema/tool-contract.json",
        "title": "gponline-sdk tool contract: every request and response body",
        "$defs": orjson.loads(text),
    }


def _schema(args: argparse.Namespace) -> int:
    known = contract_models() if args.contract else schema_models()
    if args.model is not None and args.model not in known:
        where = "contract body" if args.contract else "model"
        print(
            f"gponline: unknown {where} {args.model!r}; known: {', '.join(known)}", file=sys.stderr
        )
        return _exit.USAGE
    if args.out_dir is not None:
        chosen = [args.model] if args.model else list(known)
        _write_schemas(args.out_dir, {n: json_schema(known[n]) for n in chosen})
        print(f"wrote {len(chosen)} schema file(s) to {args.out_dir}")
        return _exit.OK
    if args.model:
        doc = json_schema(known[args.model])
    else:
        doc = contract_bundle() if args.contract else schema_bundle()
    sys.stdout.write(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode() + "\n")
    return _exit.OK


def _write_schemas(out_dir: Path, schemas: dict[str, Any]) -> None:
    """Write every schema or none: staged in a temporary folder, then moved into place."""
    created = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out_dir, prefix=".schemas."))
    try:
        for name, schema in schemas.items():
            (staging / f"{name}.json").write_bytes(orjson.dumps(schema, option=orjson.OPT_INDENT_2))
        # Renames within one folder do not fail for want of space: a half-written
        # set of schemas, which would look complete, cannot be left behind.
        for name in schemas:
            (staging / f"{name}.json").replace(out_dir / f"{name}.json")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created and not any(out_dir.iterdir()):
            out_dir.rmdir()
