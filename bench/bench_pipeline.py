"""Benchmark building a week of OC records from CSV events: the SDK's two engines and peers.

    .venv/bin/python bench/bench_pipeline.py [--records 1000000,5000000] [--rounds R]
        [--tasks sdk,sdk_columnar,pandas,polars,duckdb,floor] [--out-dir DIR]
        [--profile] [--stages]

For each size N, writes N realistic OC events (`_events.py`: identifiers,
free text, 2% outside the week) and a participation list naming 95% of the
practices, then runs every task once per round, each in a fresh subprocess (so
its peak memory is its own), in interleaved rounds (the order rotates): each
ratio is taken within a round, pairing runs made close together on the same
shared machine, and the median over rounds is reported with its range.

- `sdk`: the row engine, `build_week(oc_events=read_events(csv, OcEvent,
  skip_identifiers=True), ...)`: read and type every event, keep the week,
  anonymise (HMAC record IDs), filter by the list, scan for identifiers,
  aggregate, check each record with the national rules on its way to the
  writer, write the record and aggregate files atomically.
- `sdk_columnar`: `build_week(oc_events=csv_path, engine="columnar")`, as
  `gponline report build` runs when pyarrow is installed: the same work and
  the same files, byte for byte, in Arrow batches.
- `pandas`, `polars`, `duckdb`: the same transform as an analyst would write it
  in each (`_pipeline_peers.py`): filters, keyed pseudonyms, aggregates and
  output files; no type checks, no identifier scan, no national rules.
- `floor`: read the CSV and write the used columns back with pyarrow: no logic.

Every task but the floor reports its record and aggregate counts and an
order-free checksum of the record IDs, which must agree. Time is the CPU time
of the task's own process (all its threads). Prints a markdown table and writes
`pipeline-<date>.json` and `.md` into `--out-dir` (default `bench/results`).
Not part of the test run; see `bench/README.md`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _events
import _pipeline_peers as peers

HERE = Path(__file__).resolve().parent
SCHEMA = 2
SUPPLIER = peers.SUPPLIER
KEY = peers.KEY
GOAL_PEAK_MB = 150
SUBJECT = "sdk_columnar"
TASKS = {
    "sdk": "row engine: build_week(read_events(csv, skip_identifiers)), JSON, rules in-stream",
    "sdk_columnar": "columnar engine: build_week(oc_events=csv, engine='columnar'), same files",
    "pandas": "read_csv, masks, hmac per row (apply), groupby, to_json",
    "polars": "lazy scan_csv, expressions, hmac per row (map_elements), group_by, NDJSON",
    "duckdb": "SQL over read_csv, hmac per row (Python UDF), GROUP BY, COPY to NDJSON",
    "floor": "pyarrow: read the CSV, write the used columns back; no logic",
}
CHECKED = ("records", "aggregate_rows", "outside_period", "excluded", "id_checksum")


# ---------------------------------------------------------------- measuring


def maxrss_mb() -> float:
    """Peak resident memory of this process since exec, in MB (`VmHWM`, else ru_maxrss)."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        status = ""
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / (1024 * 1024) if sys.platform == "darwin" else kb / 1024


def machine(dists: tuple[str, ...]) -> dict[str, Any]:
    """Facts about where the numbers came from."""
    versions: dict[str, str | None] = {}
    for dist in dists:
        try:
            versions[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            versions[dist] = None
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "versions": versions,
    }


def atomic_write(path: Path, text: str) -> None:
    """Write text to `path` through a temp file and a rename."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def run_child(script: Path, args: list[str]) -> dict[str, Any]:
    """Run `script --child ...` in a fresh interpreter; return the JSON it prints."""
    cmd = [sys.executable, str(script), "--child", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"child {args[0]} failed (exit {done.returncode})")
    if done.stderr:
        sys.stderr.write(done.stderr)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


# ---------------------------------------------------------------- the tasks (child side)


def _id_checksum(ids: Any) -> str:
    """Order-free checksum of record IDs: the sum of their first 64 bits, mod 2**64."""
    total = 0
    for record_id in ids:
        total += int(record_id[:16], 16)
    return f"{total % 2**64:016x}"


def _sdk_ids(path: Path) -> Any:
    import orjson

    with path.open("rb") as lines:
        for line in lines:
            if line.startswith(b'{"record_id"'):
                yield orjson.loads(line.rstrip(b",\r\n"))["record_id"]


def sdk_task(events: Path, participation: Path, out: Path) -> dict[str, Any]:
    """The SDK pipeline, as a supplier's weekly job runs it."""
    from gponline_sdk.models.schedule import ReportingPeriod
    from gponline_sdk.reporting.anonymise import Anonymiser
    from gponline_sdk.reporting.event_io import read_events
    from gponline_sdk.reporting.events import OcEvent
    from gponline_sdk.reporting.participation import ParticipationList
    from gponline_sdk.reporting.weekly import build_week

    build = build_week(
        supplier_id=SUPPLIER,
        period=ReportingPeriod.from_iso_week(_events.WEEK),
        anonymiser=Anonymiser(KEY, SUPPLIER),
        participation=ParticipationList.load(participation),
        out_dir=out,
        oc_events=read_events(events, OcEvent, skip_identifiers=True),
        generated_at=dt.datetime(2026, 11, 23, 6, 0, tzinfo=dt.timezone.utc),
    )
    files = {f.data_type.value: f for f in build.files}
    records, aggregates = files["oc_record"], files["oc_aggregate"]
    return {
        "records": records.records,
        "aggregate_rows": aggregates.records,
        "outside_period": build.outside_period,
        "excluded": build.excluded_records(),
        "clean": build.clean,
        "accepted": records.validation.records_accepted,
        "output_mb": round((records.size + aggregates.size) / 2**20, 1),
        "_ids": records.path,
    }


def sdk_columnar_task(events: Path, participation: Path, out: Path) -> dict[str, Any]:
    """The SDK's columnar engine: the file's path in, the same files out."""
    from gponline_sdk.models.schedule import ReportingPeriod
    from gponline_sdk.reporting.anonymise import Anonymiser
    from gponline_sdk.reporting.participation import ParticipationList
    from gponline_sdk.reporting.weekly import build_week

    build = build_week(
        supplier_id=SUPPLIER,
        period=ReportingPeriod.from_iso_week(_events.WEEK),
        anonymiser=Anonymiser(KEY, SUPPLIER),
        participation=ParticipationList.load(participation),
        out_dir=out,
        oc_events=events,
        engine="columnar",
        generated_at=dt.datetime(2026, 11, 23, 6, 0, tzinfo=dt.timezone.utc),
    )
    files = {f.data_type.value: f for f in build.files}
    records, aggregates = files["oc_record"], files["oc_aggregate"]
    return {
        "records": records.records,
        "aggregate_rows": aggregates.records,
        "outside_period": build.outside_period,
        "excluded": build.excluded_records(),
        "clean": build.clean,
        "accepted": records.validation.records_accepted,
        "output_mb": round((records.size + aggregates.size) / 2**20, 1),
        "_ids": records.path,
    }


RUNNERS = {
    "sdk": sdk_task,
    "sdk_columnar": sdk_columnar_task,
    "pandas": peers.pandas_task,
    "polars": peers.polars_task,
    "duckdb": peers.duckdb_task,
    "floor": peers.floor_task,
}
IMPORTS = {
    "sdk": ("gponline_sdk.reporting.weekly",),
    # The columnar engine's pyarrow is imported inside the build: it counts, as it
    # does for a supplier's weekly job (`report build` imports it only to build).
    "sdk_columnar": ("gponline_sdk.reporting.weekly",),
    "pandas": ("pandas",),
    "polars": ("polars",),
    "duckdb": ("duckdb",),
    "floor": (),
}


def sdk_stages(events: Path, participation: Path, out: Path) -> dict[str, float]:
    """CPU seconds of ever longer prefixes of the SDK pipeline, each streamed to the end.

    The difference between two prefixes is what the added stage costs.
    """
    from gponline_sdk.models.schedule import ReportingPeriod
    from gponline_sdk.models.usage import DataType, SubmissionHeader
    from gponline_sdk.reporting.aggregate import OcAggregator, local_date
    from gponline_sdk.reporting.anonymise import Anonymiser
    from gponline_sdk.reporting.event_io import read_events
    from gponline_sdk.reporting.events import OcEvent
    from gponline_sdk.reporting.formats import write_json
    from gponline_sdk.reporting.participation import ParticipationList
    from gponline_sdk.reporting.scanner import IdentifierScanner

    period = ReportingPeriod.from_iso_week(_events.WEEK)
    anonymiser = Anonymiser(KEY, SUPPLIER)
    listed = ParticipationList.load(participation)
    header = SubmissionHeader(
        supplier_id=SUPPLIER,
        data_type=DataType.OC_RECORD,
        period=period,
        generated_at=dt.datetime(2026, 11, 23, 6, 0, tzinfo=dt.timezone.utc),
    )

    def read() -> Any:
        return read_events(events, OcEvent, skip_identifiers=True)

    def anonymised() -> Any:
        in_week = (e for e in read() if period.contains(local_date(e.submitted_at)))
        return anonymiser.oc_records(in_week)

    def checked() -> Any:
        return IdentifierScanner().check(listed.filter(anonymised())[0])

    def aggregated() -> Any:
        return OcAggregator().observe(checked())

    def drain(items: Any) -> None:
        for _ in items:
            pass

    steps = {
        "read and type events (CSV)": lambda: drain(read()),
        "week filter, anonymise (HMAC)": lambda: drain(anonymised()),
        "participation filter, identifier scan": lambda: drain(checked()),
        "aggregate": lambda: drain(aggregated()),
        "write records JSON (atomic)": lambda: write_json(out / "r.json", header, aggregated()),
        "build_week: + national rules, aggregate file, staging": lambda: sdk_task(
            events, participation, out
        ),
    }
    cumulative: dict[str, float] = {}
    for name, step in steps.items():
        start = time.process_time()
        step()
        cumulative[name] = time.process_time() - start
    return cumulative


class _NoPandas:
    """A meta path finder that makes `import pandas` fail, as where it is not installed."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> None:
        del path, target
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)


def child(task: str, events: Path, participation: Path, profile: bool) -> dict[str, Any]:
    """Run one task once in this process: CPU and wall time, peak memory, cross-checks."""
    import gc
    import importlib

    if task == "stages":
        with tempfile.TemporaryDirectory(prefix="gponline-bench-out-") as tmp:
            return {"cumulative_cpu_seconds": sdk_stages(events, participation, Path(tmp))}
    if task == "sdk_columnar":
        # As a supplier installs it: the `columnar` extra brings no pandas, but pyarrow
        # imports pandas, when it can, on its first Python-to-Arrow conversion (+44 MB
        # of RSS in this environment, where the peers need it). See bench/README.md.
        sys.meta_path.insert(0, _NoPandas())
    for module in IMPORTS[task]:
        importlib.import_module(module)
    gc.collect()
    baseline = maxrss_mb()
    with tempfile.TemporaryDirectory(prefix="gponline-bench-out-") as tmp:
        fn = RUNNERS[task]
        start, start_cpu = time.perf_counter(), time.process_time()
        if profile:
            import cProfile
            import pstats

            prof = cProfile.Profile(time.process_time)  # CPU time, as the figures
            result = prof.runcall(fn, events, participation, Path(tmp))
            stats = pstats.Stats(prof, stream=sys.stderr)
            stats.sort_stats("tottime").print_stats(30)
        else:
            result = fn(events, participation, Path(tmp))
        cpu = time.process_time() - start_cpu
        wall = time.perf_counter() - start
        peak = maxrss_mb()
        # Outside the timing: every task must have made the same pseudonyms.
        ids = result.pop("_ids", None)
        if ids is not None:
            result["id_checksum"] = _id_checksum(_sdk_ids(ids) if task.startswith("sdk") else ids)
        del ids
    return {
        **result,
        "cpu_seconds": round(cpu, 3),
        "wall_seconds": round(wall, 3),
        "baseline_mb": round(baseline, 1),
        "peak_rss_mb": round(peak, 1),
        "peak_above_baseline_mb": round(peak - baseline, 1),
    }


# ---------------------------------------------------------------- parent side


def _spread(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
    }


def _paired(rounds: list[dict[str, Any]], peer: str) -> dict[str, float] | None:
    """The peer's CPU time over the SDK's columnar engine's, round by round (>1: SDK faster)."""
    ratios = [
        r[peer]["cpu_seconds"] / r[SUBJECT]["cpu_seconds"]
        for r in rounds
        if peer in r and SUBJECT in r and r[SUBJECT]["cpu_seconds"]
    ]
    return _spread(ratios) if ratios else None


def summarise(count: int, rounds: list[dict[str, Any]], input_mb: float) -> dict[str, Any]:
    """One size: per task the CPU spread and peak memory, the paired ratios, agreement."""
    names = [n for n in TASKS if any(n in r for r in rounds)]
    tasks: dict[str, Any] = {}
    for name in names:
        runs = [r[name] for r in rounds if name in r]
        cpu = [run["cpu_seconds"] for run in runs]
        last = runs[-1]
        tasks[name] = {
            # The last run's counts and checks first; the figures over all rounds win.
            **{k: v for k, v in last.items() if k not in {"cpu_seconds", "wall_seconds"}},
            "description": TASKS[name],
            "cpu_seconds": cpu,
            "wall_seconds": [run["wall_seconds"] for run in runs],
            "cpu": _spread(cpu),
            "events_per_second": round(count / statistics.median(cpu), 1),
            "peak_rss_mb": max(run["peak_rss_mb"] for run in runs),
            "peak_above_baseline_mb": max(run["peak_above_baseline_mb"] for run in runs),
        }
    checked = {n: tuple(t.get(k) for k in CHECKED) for n, t in tasks.items() if n != "floor"}
    return {
        "events": count,
        "input_mb": input_mb,
        "rounds": len(rounds),
        "tasks": tasks,
        "outputs_agree": len(set(checked.values())) <= 1,
        "speed_vs_columnar": {n: _paired(rounds, n) for n in names if n != SUBJECT},
    }


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def goals(sizes: list[dict[str, Any]]) -> dict[str, str]:
    """The issue's goals for the columnar engine, as plain words with the numbers."""
    subject = [(s["events"], s["tasks"][SUBJECT], s["speed_vs_columnar"]) for s in sizes
               if SUBJECT in s["tasks"]]  # fmt: skip
    if not subject:
        return {}
    out: dict[str, str] = {}
    first_size = subject[0]
    for peer, need in (("polars", 1.0), ("pandas", 2.0)):
        ratio = first_size[2].get(peer)
        if ratio is None:
            out[peer] = "not run"
        else:
            verdict = "met" if ratio["median"] >= need else "not met"
            out[peer] = (
                f"{verdict}: {peer} CPU / columnar CPU = {ratio['median']:.2f} at "
                f"{first_size[0]:,} (goal >= {need:.0f})"
            )
    peaks = [(n, t["peak_rss_mb"]) for n, t, _ in subject]
    worst = max(p for _, p in peaks)
    out["peak"] = f"{'met' if worst < GOAL_PEAK_MB else 'not met'} ({worst:.0f} MB, goal < 150)"
    if len(peaks) > 1:
        (n0, p0), (n1, p1) = peaks[0], peaks[-1]
        flat = p1 <= p0 * 1.1 + 10
        out["flat"] = f"{'yes' if flat else 'no'} ({p0:.0f} MB at {n0:,}, {p1:.0f} MB at {n1:,})"
    return out


def markdown(result: dict[str, Any]) -> str:
    """The results as markdown: per size and task the CPU and memory, then the paired ratios."""
    p, m = result["params"], result["machine"]
    v = m["versions"]
    lines = [
        f"# Pipeline benchmark, {result['date']}",
        "",
        (
            f"OC events from CSV to a week of records and aggregates; {p['rounds']} interleaved "
            f"round(s), each task in a fresh process; Python {m['python']}, {m['cpu_count']} "
            f"CPUs, {m['machine']}; "
            + ", ".join(f"{k} {v.get(k)}" for k in ("pyarrow", "pandas", "polars", "duckdb"))
            + "."
        ),
        "",
        (
            "| events | task | events/s (CPU) | CPU s median (min-max) | peak RSS MB "
            "| above idle MB | records | agg rows |"
        ),
        "|---:|---|---:|---|---:|---:|---:|---:|",
    ]
    for size in result["sizes"]:
        for name, t in size["tasks"].items():
            c = t["cpu"]
            lines.append(
                f"| {size['events']:,} | {name} | {t['events_per_second']:,.0f} | "
                f"{c['median']:.2f} ({c['min']:.2f}-{c['max']:.2f}) | {t['peak_rss_mb']:.0f} | "
                f"{t['peak_above_baseline_mb']:.0f} | {t['records']:,} | {t['aggregate_rows']:,} |"
            )
    lines += [
        "",
        (
            "Paired within each round: the task's CPU time over the columnar SDK's "
            "(above 1: the SDK is faster), median (min-max)."
        ),
        "",
        "| events | task | ratio | outputs agree |",
        "|---:|---|---|---|",
    ]
    for size in result["sizes"]:
        for name, r in size["speed_vs_columnar"].items():
            shown = "-" if r is None else f"{r['median']:.2f} ({r['min']:.2f}-{r['max']:.2f})"
            lines.append(f"| {size['events']:,} | {name} | {shown} | {size['outputs_agree']} |")
    for size in result["sizes"]:
        stages = size.get("sdk_stages_us_per_event")
        if stages:
            lines += ["", f"Row engine stages at {size['events']:,} events (µs per event):", ""]
            lines += ["| stage | µs per event |", "|---|---:|"]
            lines += [f"| {name} | {us:.1f} |" for name, us in stages.items()]
    lines += ["", "Goals (columnar SDK):", ""]
    lines += [f"- {k}: {text}" for k, text in result["goals"].items()]
    lines += [
        "",
        "Events/s are input rows per CPU second of the task's own process (2% of rows fall",
        "outside the week and 5% of practices are not on the list, so fewer records are",
        "written). Peak RSS is the process's high-water mark (`VmHWM`), interpreter and",
        "imports included; 'above idle' subtracts the RSS after the task's imports (the",
        "columnar engine imports pyarrow inside the build, so its figure includes it).",
        "",
    ]
    return "\n".join(lines)


def _stage_costs(cumulative: dict[str, float], events: int) -> dict[str, float]:
    """Microseconds per input event that each stage adds to the one before."""
    out, before = {}, 0.0
    for name, seconds in cumulative.items():
        out[name] = round(max(seconds - before, 0.0) / events * 1e6, 2)
        before = seconds
    out["total"] = round(before / events * 1e6, 2)
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or, with `--child`, one task of it)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", default="1000000,5000000", help="comma-separated sizes")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds per size")
    ap.add_argument("--tasks", default=",".join(TASKS), help="comma-separated subset")
    ap.add_argument("--out-dir", type=Path, default=HERE / "results")
    ap.add_argument("--profile", action="store_true", help="cProfile (CPU) each task, stderr")
    ap.add_argument("--stages", action="store_true", help="row engine stages at the first size")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--events", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--participation", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.events, args.participation, args.profile)))
        return 0

    names = [t for t in args.tasks.split(",") if t]
    counts = [int(n) for n in args.records.split(",") if n]
    unknown = sorted(set(names) - set(TASKS))
    if unknown or not counts or min(counts) < 1 or args.rounds < 1:
        ap.error(f"unknown tasks {unknown}" if unknown else "sizes and --rounds must be >= 1")
    sizes = []
    with tempfile.TemporaryDirectory(prefix="gponline-bench-") as tmp:
        participation = Path(tmp, "participation.csv")
        _events.write_participation(participation)
        for count in counts:
            events = Path(tmp, f"events-{count}.csv")
            size_bytes = _events.write_events(events, count)
            rounds: list[dict[str, Any]] = []
            for r in range(args.rounds):
                order = names[r % len(names) :] + names[: r % len(names)]  # rotate
                got: dict[str, Any] = {}
                for name in order:
                    child_args = [name, "--events", str(events)]
                    child_args += ["--participation", str(participation)]
                    child_args += ["--profile"] if args.profile else []
                    got[name] = run_child(Path(__file__).resolve(), child_args)
                    print(
                        f"{count:,} round {r + 1} {name}: {got[name]['cpu_seconds']:.2f} CPU s, "
                        f"peak {got[name]['peak_rss_mb']:.0f} MB",
                        file=sys.stderr,
                    )
                rounds.append(got)
            size = summarise(count, rounds, round(size_bytes / 2**20, 1))
            if args.stages and not sizes:
                got_stages = run_child(
                    Path(__file__).resolve(),
                    ["stages", "--events", str(events), "--participation", str(participation)],
                )
                size["sdk_stages_us_per_event"] = _stage_costs(
                    got_stages["cumulative_cpu_seconds"], count
                )
            events.unlink()
            sizes.append(size)

    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    dists = ("gponline-sdk", "attrs", "cattrs", "orjson", "numpy", "pyarrow", "pandas")
    result = {
        "schema": SCHEMA,
        "date": today,
        "machine": machine((*dists, "polars", "duckdb")),
        "params": {"records": counts, "rounds": args.rounds, "seed": _events.SEED},
        "sizes": sizes,
        "goals": goals(sizes),
    }
    args.out_dir.mkdir(parents=True, exist_ok=True)
    text = markdown(result)
    atomic_write(args.out_dir / f"pipeline-{today}.json", json.dumps(result, indent=2) + "\n")
    atomic_write(args.out_dir / f"pipeline-{today}.md", text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
