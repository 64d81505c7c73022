"""`gponline models ...`: the typed models' published schemas."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import orjson

from gponline_sdk.cli import _exit
from gponline_sdk.serde.schema import json_schema, schema_bundle, schema_models


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
        "--out-dir", type=Path, help="write one <Model>.json file per model into this folder"
    )
    schema.set_defaults(handler=_schema)


def _schema(args: argparse.Namespace) -> int:
    known = schema_models()
    if args.model is not None and args.model not in known:
        print(f"gponline: unknown model {args.model!r}; known: {', '.join(known)}", file=sys.stderr)
        return _exit.USAGE
    if args.out_dir is not None:
        args.out_dir.mkdir(parents=True, exist_ok=True)
        chosen = [args.model] if args.model else list(known)
        for name in chosen:
            path = args.out_dir / f"{name}.json"
            path.write_bytes(orjson.dumps(json_schema(known[name]), option=orjson.OPT_INDENT_2))
        print(f"wrote {len(chosen)} schema file(s) to {args.out_dir}")
        return _exit.OK
    doc = json_schema(known[args.model]) if args.model else schema_bundle()
    sys.stdout.write(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode() + "\n")
    return _exit.OK
