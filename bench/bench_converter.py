"""Benchmark the SDK's wire format against the JSON floor and pydantic v2.

    .venv/bin/python bench/bench_converter.py [--records N] [--repeat R] [--out-dir DIR]

Generates N realistic `OcRecord` JSON objects from a fixed seed, writes them
once as a JSON array and once as JSON lines, then runs every task in a fresh
subprocess so each task's peak memory is its own. Prints a markdown table and
writes `converter-<date>.json` and `converter-<date>.md` into `--out-dir`
(default `bench/results`). Not part of the test run; see `bench/README.md`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEED = 20261116
SCHEMA = 1

# name -> (library, what, input file, description)
TASKS: dict[str, tuple[str, str, str, str]] = {
    "json_loads": ("floor", "parse", "array", "json.loads(array bytes)"),
    "orjson_loads": ("floor", "parse", "array", "orjson.loads(array bytes)"),
    "sdk_batch": ("sdk", "parse", "array", "orjson.loads + structure(tuple[OcRecord, ...])"),
    "pydantic_batch": ("pydantic", "parse", "array", "TypeAdapter(list[M]).validate_json"),
    "sdk_records": ("sdk", "records", "array", "orjson.loads + structure(d, OcRecord) each"),
    "pydantic_records": ("pydantic", "records", "array", "orjson.loads + M.model_validate(d) each"),
    "orjson_loads_lines": ("floor", "stream", "lines", "orjson.loads per JSON line"),
    "sdk_stream": ("sdk", "stream", "lines", "per JSON line: orjson.loads + structure(OcRecord)"),
    "pydantic_stream": ("pydantic", "stream", "lines", "per JSON line: M.model_validate_json"),
    "sdk_dump": ("sdk", "dump", "array", "orjson.dumps(unstructure(records))"),
    "pydantic_dump": ("pydantic", "dump", "array", "TypeAdapter(list[M]).dump_json"),
    "msgspec_batch": ("msgspec", "parse", "array", "msgspec.json.decode(type=list[S])"),
    "msgspec_records": ("msgspec", "records", "array", "orjson.loads + msgspec.convert(d, S)"),
    "msgspec_stream": ("msgspec", "stream", "lines", "per JSON line: Decoder(S).decode"),
    "msgspec_dump": ("msgspec", "dump", "array", "msgspec.json.encode(records)"),
}
# The strict peer beside pydantic: (sdk task, msgspec task) per comparison.
MSGSPEC = {
    "parse": ("sdk_batch", "msgspec_batch"),
    "records": ("sdk_records", "msgspec_records"),
    "stream": ("sdk_stream", "msgspec_stream"),
    "dump": ("sdk_dump", "msgspec_dump"),
}
# The comparisons the README reports: (sdk task, pydantic task, floor task).
COMPARISONS = {
    "parse": ("sdk_batch", "pydantic_batch", "orjson_loads"),
    "records": ("sdk_records", "pydantic_records", "orjson_loads"),
    "stream": ("sdk_stream", "pydantic_stream", "orjson_loads_lines"),
    "dump": ("sdk_dump", "pydantic_dump", None),
}

CATEGORIES = [
    ("seek_health_advice", 22),
    ("describe_symptoms", 30),
    ("ask_question", 10),
    ("follow_up", 8),
    ("clinical_request", 10),
    ("administrative_request", 15),
    (None, 5),
]
TYPE_OF = {
    "seek_health_advice": "clinical",
    "describe_symptoms": "clinical",
    "clinical_request": "clinical",
    "administrative_request": "administrative",
    "ask_question": "other",
    "follow_up": "other",
}
ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def generate(n: int, seed: int = SEED) -> list[dict[str, Any]]:
    """N OcRecord wire dicts: ~600 practices, one week, mostly in core hours."""
    rng = random.Random(seed)
    practices = [f"{rng.choice('ABCDEFGHJKLMNPY')}{rng.randrange(10**5):05d}" for _ in range(600)]
    week = dt.datetime(2026, 11, 16, tzinfo=dt.timezone.utc)
    cats, weights = zip(*CATEGORIES, strict=True)
    out = []
    for _ in range(n):
        day = rng.randrange(7)
        # Two thirds in 08:00-18:30, the rest spread over the whole day.
        secs = rng.randrange(8 * 3600, 18 * 3600 + 1800) if rng.random() < 0.67 else None
        secs = rng.randrange(86400) if secs is None else secs
        category = rng.choices(cats, weights)[0]
        kind = TYPE_OF[category] if category else rng.choice(("clinical", "administrative"))
        at = week + dt.timedelta(days=day, seconds=secs)
        out.append(
            {
                "record_id": "".join(rng.choices(ID_ALPHABET, k=22)),
                "practice_code": rng.choice(practices),
                "submitted_at": at.isoformat().replace("+00:00", "Z"),
                "request_type": kind,
                "category": category,
                "requester_role": "proxy" if rng.random() < 0.08 else "patient",
                "has_attachments": rng.random() < 0.15,
            }
        )
    return out


# ---------------------------------------------------------------- child side


def _task_fn(name: str, path: Path) -> Callable[[], int]:
    """Prepare task `name` (outside the timing) and return the timed callable."""
    import orjson
    from _peers import OcRecordFromDict, OcRecordModel, oc_records_adapter

    from gponline_sdk.models import OcRecord
    from gponline_sdk.serde import structure, unstructure

    data = path.read_bytes() if TASKS[name][2] == "array" else b""
    adapter = oc_records_adapter()
    # Warm both libraries on every path first: cattrs builds its functions on first
    # use, pydantic at class creation; neither belongs in a small run's timing.
    sample = generate(3)
    sample_bytes = orjson.dumps(sample)
    orjson.dumps(unstructure(structure(sample, tuple[OcRecord, ...])))
    structure(sample[0], OcRecord)
    adapter.dump_json(adapter.validate_json(sample_bytes))
    OcRecordModel.model_validate_json(orjson.dumps(sample[0]))
    OcRecordFromDict.model_validate(sample[0])
    if name == "json_loads":
        return lambda: len(json.loads(data))
    if name == "orjson_loads":
        return lambda: len(orjson.loads(data))
    if name == "sdk_batch":
        return lambda: len(structure(orjson.loads(data), tuple[OcRecord, ...]))
    if name == "pydantic_batch":
        return lambda: len(adapter.validate_json(data))
    if name == "sdk_records":
        return lambda: len([structure(d, OcRecord) for d in orjson.loads(data)])
    if name == "pydantic_records":
        return lambda: len([OcRecordFromDict.model_validate(d) for d in orjson.loads(data)])
    if name == "sdk_dump":
        sdk_objs = structure(orjson.loads(data), tuple[OcRecord, ...])
        return lambda: _same(orjson.dumps(unstructure(sdk_objs)), data, len(sdk_objs))
    if name == "pydantic_dump":
        pyd_objs = adapter.validate_json(data)
        return lambda: _same(adapter.dump_json(pyd_objs), data, len(pyd_objs))
    if name.startswith("msgspec"):
        return _msgspec_fn(name, path, data)

    def stream(parse: Callable[[bytes], object]) -> Callable[[], int]:
        # Streaming keeps nothing: each record is checked, counted and dropped.
        def run() -> int:
            count = 0
            with path.open("rb") as lines:
                for line in lines:
                    parse(line)
                    count += 1
            return count

        return run

    if name == "orjson_loads_lines":
        return stream(orjson.loads)
    if name == "sdk_stream":
        return stream(lambda line: structure(orjson.loads(line), OcRecord))
    if name == "pydantic_stream":
        return stream(OcRecordModel.model_validate_json)
    raise SystemExit(f"unknown task {name!r}")


def _msgspec_fn(name: str, path: Path, data: bytes) -> Callable[[], int]:
    import msgspec
    import orjson
    from _peers import OcRecordStruct

    many = msgspec.json.Decoder(list[OcRecordStruct])
    one = msgspec.json.Decoder(OcRecordStruct)
    many.decode(orjson.dumps(generate(3)))  # warm
    if name == "msgspec_batch":
        return lambda: len(many.decode(data))
    if name == "msgspec_records":
        return lambda: len(
            [msgspec.convert(d, OcRecordStruct, strict=False) for d in orjson.loads(data)]
        )
    if name == "msgspec_dump":
        objs = many.decode(data)
        return lambda: _same(msgspec.json.encode(objs), data, len(objs))

    def run() -> int:
        count = 0
        with path.open("rb") as lines:
            for line in lines:
                one.decode(line)
                count += 1
        return count

    return run


def _same(out: bytes, expected: bytes, count: int) -> int:
    # A dump that does not give back the input bytes is a bug, not a result.
    if out != expected:
        raise SystemExit("dump did not reproduce the input bytes")
    return count


def _proc_status(field: str) -> float | None:
    """A `kB` field of /proc/self/status in MB, or None off Linux."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return None


def _reset_peak() -> float | None:
    """Restart this process's peak-RSS count from its current RSS; return that RSS in MB.

    Preparing a task (reading the input, structuring the records a dump task
    writes) has its own transient peak, which must not hide the task's.
    """
    try:
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
    except OSError:
        return None
    return _proc_status("VmRSS")


def _peak_mb() -> float:
    """Peak resident memory of this process, in MB.

    On Linux `ru_maxrss` survives `exec`: a child starts with its parent's peak
    (here, the parent holding every generated record), so it would hide any
    smaller peak. `VmHWM` is the peak of this process's own memory.
    """
    hwm = _proc_status("VmHWM")
    if hwm is not None:
        return hwm
    import resource

    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / (1024 * 1024) if sys.platform == "darwin" else kb / 1024


def run_child(name: str, path: Path, repeat: int, trace: bool) -> dict[str, Any]:
    """Time task `name` `repeat` times in this process; report best time and peak memory."""
    import gc

    fn = _task_fn(name, path)
    gc.collect()
    # The baseline: interpreter, imports, input and prepared objects, as an idle child holds them.
    reset = _reset_peak()
    before = _peak_mb() if reset is None else reset
    cpu, wall, count = [], [], 0
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        count = fn()
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start)
        gc.collect()
    result = {
        "records": count,
        "cpu_seconds": cpu,
        "wall_seconds": wall,
        "baseline_mb": round(before, 1),
        "peak_mb": round(_peak_mb() - before, 1),
    }
    if trace:
        import tracemalloc

        tracemalloc.start()
        fn()
        result["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    return result


# ---------------------------------------------------------------- parent side


def machine() -> dict[str, Any]:
    """Facts about where the numbers came from."""
    versions: dict[str, str | None] = {}
    for dist in ("gponline-sdk", "attrs", "cattrs", "orjson", "pydantic", "pydantic-core"):
        try:
            versions[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            versions[dist] = None
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor() or None,
        "cpu_count": os.cpu_count(),
        "versions": versions,
    }


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def summarise(tasks: dict[str, dict[str, Any]]) -> dict[str, dict[str, float | None]]:
    """Throughput ratios: sdk/pydantic and sdk/floor for each comparison (>1: sdk faster)."""
    rate = {name: t["records_per_second"] for name, t in tasks.items()}
    return {
        what: {
            "sdk_over_pydantic": _ratio(rate.get(sdk), rate.get(pyd)),
            "sdk_over_floor": _ratio(rate.get(sdk), rate.get(floor)) if floor else None,
            "pydantic_over_floor": _ratio(rate.get(pyd), rate.get(floor)) if floor else None,
        }
        for what, (sdk, pyd, floor) in COMPARISONS.items()
    } | {
        f"{what}_msgspec": {"sdk_over_msgspec": _ratio(rate.get(sdk), rate.get(ms))}
        for what, (sdk, ms) in MSGSPEC.items()
    }


def markdown(result: dict[str, Any]) -> str:
    """The results as markdown: one row per task, then the ratios."""
    p, m = result["params"], result["machine"]
    lines = [
        f"# Converter benchmark, {result['date']}",
        "",
        (
            f"{p['records']:,} OcRecords ({result['input_mb']['array']} MB as a JSON array), "
            f"best of {p['repeat']}; Python {m['python']}, {m['cpu_count']} CPUs, "
            f"{m['machine']}; cattrs {m['versions']['cattrs']}, "
            f"pydantic {m['versions']['pydantic']}, orjson {m['versions']['orjson']}."
        ),
        "",
        "| task | library | what | records/s | best CPU s | best wall s | peak MB |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for name, t in result["tasks"].items():
        lines.append(
            f"| `{name}` | {t['library']} | {t['description']} | "
            f"{t['records_per_second']:,.0f} | {t['best_seconds']:.3f} | "
            f"{t['best_wall_seconds']:.3f} | {t['peak_mb']:.1f} |"
        )
    lines += [
        "",
        "| comparison | sdk / pydantic | sdk / floor | pydantic / floor |",
        "|---|---:|---:|---:|",
    ]

    def fmt(x: float | None) -> str:
        return "-" if x is None else f"{x:.2f}"

    for what, r in result["ratios"].items():
        if "sdk_over_pydantic" in r:
            lines.append(
                f"| {what} | {fmt(r['sdk_over_pydantic'])} | {fmt(r['sdk_over_floor'])} | "
                f"{fmt(r['pydantic_over_floor'])} |"
            )
    lines += ["", "| comparison | sdk / msgspec (strict) |", "|---|---:|"]
    for what, r in result["ratios"].items():
        if "sdk_over_msgspec" in r:
            lines.append(f"| {what.removesuffix('_msgspec')} | {fmt(r['sdk_over_msgspec'])} |")
    lines += [
        "",
        "Records per second are from the best CPU time of each task's own process. Ratios",
        "are of records per second: above 1 the SDK is faster. Peak MB is the task's peak",
        "resident memory above its process's idle baseline (interpreter, imports, input).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or, with `--child`, one task of it)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3, help="rounds; best of these")
    ap.add_argument("--out-dir", type=Path, default=HERE / "results")
    ap.add_argument("--tasks", default=",".join(TASKS), help="comma-separated subset")
    ap.add_argument("--tracemalloc", action="store_true", help="one more traced run per task")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(run_child(args.child, args.input, args.repeat, args.tracemalloc)))
        return 0

    names = [t for t in args.tasks.split(",") if t]
    unknown = sorted(set(names) - set(TASKS))
    if unknown or args.records < 1 or args.repeat < 1:
        ap.error(f"unknown tasks {unknown}" if unknown else "--records and --repeat must be >= 1")
    import orjson

    records = generate(args.records)
    tasks: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="gponline-bench-") as tmp:
        inputs = {"array": Path(tmp, "records.json"), "lines": Path(tmp, "records.jsonl")}
        inputs["array"].write_bytes(orjson.dumps(records))
        inputs["lines"].write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
        del records
        sizes = {k: round(p.stat().st_size / 2**20, 1) for k, p in inputs.items()}
        # Rounds, each task once per round in its own process: a change in the
        # machine's load then touches every task alike rather than a few.
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
        for round_no in range(args.repeat):
            for name in names:
                runs[name].append(_run_task(name, inputs[TASKS[name][2]], args.tracemalloc))
                rate = runs[name][-1]["records"] / runs[name][-1]["cpu_seconds"][0]
                print(f"round {round_no + 1}, {name}: {rate:,.0f} records/s", file=sys.stderr)
        for name in names:
            tasks[name] = _task_result(name, runs[name])

    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    result = {
        "schema": SCHEMA,
        "date": today,
        "machine": machine(),
        "params": {"records": args.records, "repeat": args.repeat, "seed": SEED},
        "input_mb": sizes,
        "tasks": tasks,
        "ratios": summarise(tasks),
    }
    args.out_dir.mkdir(parents=True, exist_ok=True)
    text = markdown(result)
    _atomic_write(args.out_dir / f"converter-{today}.json", json.dumps(result, indent=2) + "\n")
    _atomic_write(args.out_dir / f"converter-{today}.md", text)
    print(text)
    return 0


def _run_task(name: str, source: Path, trace: bool) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", name]
    cmd += ["--input", str(source), "--repeat", "1"] + (["--tracemalloc"] if trace else [])
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"task {name} failed (exit {done.returncode})")
    child: dict[str, Any] = json.loads(done.stdout)
    return child


def _task_result(name: str, runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One task's runs: best CPU time (it moves far less than wall time), worst peak."""
    library, what, _, description = TASKS[name]
    cpu = [r["cpu_seconds"][0] for r in runs]
    wall = [r["wall_seconds"][0] for r in runs]
    counts = {r["records"] for r in runs}
    if len(counts) != 1:
        raise SystemExit(f"task {name} saw {sorted(counts)} records in different rounds")
    result = {
        "library": library,
        "what": what,
        "description": description,
        "records": counts.pop(),
        "best_seconds": round(min(cpu), 4),
        "best_wall_seconds": round(min(wall), 4),
        "cpu_seconds": [round(x, 4) for x in cpu],
        "wall_seconds": [round(x, 4) for x in wall],
        "peak_mb": max(r["peak_mb"] for r in runs),
        "baseline_mb": max(r["baseline_mb"] for r in runs),
    }
    result["records_per_second"] = round(result["records"] / min(cpu), 1)
    traced = [r["tracemalloc_peak_mb"] for r in runs if "tracemalloc_peak_mb" in r]
    if traced:
        result["tracemalloc_peak_mb"] = max(traced)
    return result


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


if __name__ == "__main__":
    raise SystemExit(main())
