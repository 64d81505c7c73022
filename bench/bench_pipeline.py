"""Benchmark building a week of OC records from CSV events: the SDK against a pandas script.

    .venv/bin/python bench/bench_pipeline.py [--records 1000000,5000000] [--repeat R]
        [--tasks sdk,pandas] [--out-dir DIR] [--profile]

For each size N, writes N realistic OC events (`_events.py`: identifiers,
free text, 2% outside the week) and a participation list naming 95% of the
practices, then runs each task in a fresh subprocess so its peak memory is
its own:

- `sdk`: `build_week(oc_events=read_events(csv, OcEvent, skip_identifiers=True),
  participation=...)` with JSON output, as `gponline report build` runs it:
  read and type every event (the identifier and free-text columns are left
  unread: anonymising never needs them), keep the week, anonymise (HMAC
  record IDs), filter by the list, scan for identifiers, aggregate, check
  each record with the national rules on its way to the writer, and write
  the record and aggregate files atomically.
- `pandas`: the same transform as a supplier's analyst would write it:
  `read_csv`, filter to the week and the listed practices, HMAC per row with
  `apply`, drop the identifier columns, `groupby` for the aggregates,
  `to_json`. No type checks, no identifier scan, no validation.

Both report how many records and aggregate rows they wrote and a checksum of
the record IDs, which must agree. Prints a markdown table and writes
`pipeline-<date>.json` and `.md` into `--out-dir` (default `bench/results`).
Not part of the test run; see `bench/README.md`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _events

HERE = Path(__file__).resolve().parent
SCHEMA = 1
SUPPLIER = "ACME-OC"
KEY = hashlib.sha256(b"gponline bench").digest()  # fixed: both tasks give the same IDs
GOAL_RATE = 100_000
GOAL_PEAK_MB = 150
TASKS = {
    "sdk": "build_week from read_events(csv, skip_identifiers), JSON, national rules in-stream",
    "pandas": "read_csv, filter, hmac per row (apply), groupby, to_json",
}


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


def pandas_task(events: Path, participation: Path, out: Path) -> dict[str, Any]:
    """The same week as an analyst would build it with pandas."""
    import hashlib
    import hmac

    import pandas as pd

    start = pd.Timestamp(_events.WEEK_START.date())
    end = start + pd.Timedelta(days=6)
    df = pd.read_csv(events, dtype=str, keep_default_na=False)
    submitted = pd.to_datetime(df["submitted_at"], utc=True, format="ISO8601")
    local = submitted.dt.tz_convert("Europe/London")
    day = local.dt.tz_localize(None).dt.normalize()
    in_week = (day >= start) & (day <= end)
    listed = pd.read_csv(participation, dtype=str, keep_default_na=False)
    approved = pd.to_datetime(listed["approved_from"].replace("", "1900-01-01"))
    approved_from = df["practice_code"].map(
        dict(zip(listed["practice_code"], approved, strict=True))
    )
    keep = in_week & approved_from.notna() & (day >= approved_from)
    df, submitted, local, day = df[keep], submitted[keep], local[keep], day[keep]

    request_type = df["coded_request_type"].where(
        df["coded_request_type"] != "", df["category"].map(_CATEGORY_TYPES)
    )
    prefix = f"{SUPPLIER}|oc_record|"

    def pseudonym(event_id: str) -> str:
        message = (prefix + event_id).encode()
        return hmac.new(KEY, message, hashlib.sha256).hexdigest()[:32]

    records = pd.DataFrame(
        {
            "record_id": df["event_id"].apply(pseudonym),
            "practice_code": df["practice_code"],
            "submitted_at": submitted.dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "request_type": request_type,
            "category": df["category"],
            "requester_role": df["requester_role"].replace("", "patient"),
            "has_attachments": df["attachment_count"].astype(int) > 0,
        }
    )
    # Core hours: 08:00 to 18:30, Monday to Friday (no bank holiday in the week).
    minute = local.dt.hour * 60 + local.dt.minute
    in_core = (local.dt.day_of_week < 5) & (minute >= 480) & (minute < 1110)
    grouped = (
        pd.DataFrame(
            {
                "practice_code": records["practice_code"],
                "date": day.dt.strftime("%Y-%m-%d"),
                "request_type": request_type,
                "out": ~in_core,
            }
        )
        .groupby(["practice_code", "date", "request_type"], sort=True)
        .agg(submissions=("out", "size"), submissions_out_of_core_hours=("out", "sum"))
        .reset_index()
    )
    sizes = 0
    for name, frame, data_type in (
        ("records.json", records, "oc_record"),
        ("aggregates.json", grouped, "oc_aggregate"),
    ):
        header = {
            "supplier_id": SUPPLIER,
            "data_type": data_type,
            "period": {"start": str(start.date()), "end": str(end.date())},
            "generated_at": "2026-11-23T06:00:00Z",
            "schema_version": "1.0",
        }
        path = out / name
        with path.open("w", encoding="utf-8") as fh:
            fh.write('{"header":' + json.dumps(header) + ',\n"records":')
            fh.write(frame.to_json(orient="records"))
            fh.write("}\n")
        sizes += path.stat().st_size
    return {
        "records": len(records),
        "aggregate_rows": len(grouped),
        "outside_period": int((~in_week).sum()),
        "excluded": int((in_week & ~keep).sum()),
        "output_mb": round(sizes / 2**20, 1),
        "_ids": records["record_id"],
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


_CATEGORY_TYPES = {
    "seek_health_advice": "clinical",
    "describe_symptoms": "clinical",
    "clinical_request": "clinical",
    "administrative_request": "administrative",
    "ask_question": "other",
    "follow_up": "other",
}


def child(
    task: str, events: Path, participation: Path, repeat: int, profile: bool
) -> dict[str, Any]:
    """Run one task `repeat` times in this process; best times, peak memory, cross-checks."""
    import gc

    if task == "stages":
        with tempfile.TemporaryDirectory(prefix="gponline-bench-out-") as tmp:
            return {"cumulative_cpu_seconds": sdk_stages(events, participation, Path(tmp))}
    if task == "sdk":
        import gponline_sdk.reporting.weekly  # noqa: F401 - imports are not the task's cost
    else:
        import pandas as pd  # noqa: F401 - nor are pandas's
    gc.collect()
    baseline = maxrss_mb()
    cpu, wall, result = [], [], {}
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="gponline-bench-out-") as tmp:
            fn = sdk_task if task == "sdk" else pandas_task
            start, start_cpu = time.perf_counter(), time.process_time()
            if profile:
                import cProfile
                import pstats

                prof = cProfile.Profile()
                result = prof.runcall(fn, events, participation, Path(tmp))
                stats = pstats.Stats(prof, stream=sys.stderr)
                stats.sort_stats("tottime").print_stats(25)
            else:
                result = fn(events, participation, Path(tmp))
            cpu.append(time.process_time() - start_cpu)
            wall.append(time.perf_counter() - start)
            peak = maxrss_mb()
            # Outside the timing: both tasks must have made the same pseudonyms.
            ids = result.pop("_ids")
            result["id_checksum"] = _id_checksum(_sdk_ids(ids) if task == "sdk" else ids)
            del ids
        gc.collect()
    return {
        **result,
        "cpu_seconds": [round(s, 3) for s in cpu],
        "wall_seconds": [round(s, 3) for s in wall],
        "baseline_mb": round(baseline, 1),
        "peak_rss_mb": round(peak, 1),
        "peak_above_baseline_mb": round(peak - baseline, 1),
    }


# ---------------------------------------------------------------- parent side


def markdown(result: dict[str, Any]) -> str:
    """The results as markdown: one row per size and task, then the ratios and goals."""
    p, m = result["params"], result["machine"]
    v = m["versions"]
    lines = [
        f"# Pipeline benchmark, {result['date']}",
        "",
        (
            f"OC events from CSV to a validated JSON week (records + aggregates); best of "
            f"{p['repeat']}; Python {m['python']}, {m['cpu_count']} CPUs, {m['machine']}; "
            f"pandas {v.get('pandas')}, orjson {v.get('orjson')}, cattrs {v.get('cattrs')}."
        ),
        "",
        (
            "| events | task | events/s (CPU) | CPU s | wall s | peak RSS MB | above idle MB "
            "| records | agg rows | input MB |"
        ),
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in result["sizes"]:
        for name, t in size["tasks"].items():
            lines.append(
                f"| {size['events']:,} | {name} | {t['events_per_second']:,.0f} | "
                f"{t['best_cpu_seconds']:.1f} | {t['best_wall_seconds']:.1f} | "
                f"{t['peak_rss_mb']:.0f} | {t['peak_above_baseline_mb']:.0f} | "
                f"{t['records']:,} | {t['aggregate_rows']:,} | {size['input_mb']} |"
            )
    lines += ["", "| events | SDK / pandas speed | SDK / pandas peak RSS | outputs agree |"]
    lines += ["|---:|---:|---:|---|"]
    for size in result["sizes"]:
        r = size["ratios"]
        lines.append(
            f"| {size['events']:,} | {_fmt(r['speed_sdk_over_pandas'])} | "
            f"{_fmt(r['peak_sdk_over_pandas'])} | {size['outputs_agree']} |"
        )
    for size in result["sizes"]:
        stages = size.get("sdk_stages_us_per_event")
        if stages:
            lines += [
                "",
                (
                    f"Where the SDK's CPU time goes at {size['events']:,} events "
                    "(each stage timed as the difference of two streamed runs; noisy):"
                ),
                "",
                "| stage | µs per event |",
                "|---|---:|",
            ]
            lines += [f"| {name} | {us:.1f} |" for name, us in stages.items()]
    g = result["goals"]
    lines += [
        "",
        (
            f"Goals (SDK): >= {GOAL_RATE:,} events/s: {g['rate']}; peak RSS < {GOAL_PEAK_MB} "
            f"MB: {g['peak']}; flat from smallest to largest size: {g['flat']}."
        ),
        "",
        "Events/s are input rows per CPU second of the task's own process (2% of rows fall",
        "outside the week and 5% of practices are not on the list, so fewer records are",
        "written). Peak RSS is the process's high-water mark (`VmHWM`), interpreter and",
        "imports included; 'above idle' subtracts the process's RSS after imports.",
        "Speed ratio above 1: the SDK is faster; peak ratio below 1: the SDK uses less.",
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


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def goals(sizes: list[dict[str, Any]]) -> dict[str, Any]:
    """Whether the SDK met the issue's goals, as plain words with the numbers."""
    sdk = [(s["events"], s["tasks"]["sdk"]) for s in sizes if "sdk" in s["tasks"]]
    if not sdk:
        return {"rate": "not run", "peak": "not run", "flat": "not run"}
    worst_rate = min(t["events_per_second"] for _, t in sdk)
    worst_peak = max(t["peak_rss_mb"] for _, t in sdk)
    first, last = sdk[0][1]["peak_rss_mb"], sdk[-1][1]["peak_rss_mb"]
    flat = (
        f"{'yes' if last <= first * 1.25 + 10 else 'no'} ({first:.0f} MB at {sdk[0][0]:,}, "
        f"{last:.0f} MB at {sdk[-1][0]:,})"
        if len(sdk) > 1
        else "one size only"
    )
    return {
        "rate": f"{'met' if worst_rate >= GOAL_RATE else 'not met'} ({worst_rate:,.0f})",
        "peak": f"{'met' if worst_peak < GOAL_PEAK_MB else 'not met'} ({worst_peak:.0f} MB)",
        "flat": flat,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or, with `--child`, one task of it)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", default="1000000,5000000", help="comma-separated sizes")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--tasks", default=",".join(TASKS), help="comma-separated subset")
    ap.add_argument("--out-dir", type=Path, default=HERE / "results")
    ap.add_argument("--profile", action="store_true", help="cProfile each task (stderr)")
    ap.add_argument(
        "--stages", action="store_true", help="also time the SDK's stages at the first size"
    )
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--events", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--participation", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        got = child(args.child, args.events, args.participation, args.repeat, args.profile)
        print(json.dumps(got))
        return 0

    names = [t for t in args.tasks.split(",") if t]
    counts = [int(n) for n in args.records.split(",") if n]
    unknown = sorted(set(names) - set(TASKS))
    if unknown or not counts or min(counts) < 1 or args.repeat < 1:
        ap.error(f"unknown tasks {unknown}" if unknown else "sizes and --repeat must be >= 1")
    sizes = []
    with tempfile.TemporaryDirectory(prefix="gponline-bench-") as tmp:
        participation = Path(tmp, "participation.csv")
        _events.write_participation(participation)
        for count in counts:
            events = Path(tmp, f"events-{count}.csv")
            size_bytes = _events.write_events(events, count)
            tasks: dict[str, dict[str, Any]] = {}
            for name in names:
                child_args = [name, "--events", str(events), "--participation", str(participation)]
                child_args += ["--repeat", str(args.repeat)]
                child_args += ["--profile"] if args.profile else []
                got = run_child(Path(__file__).resolve(), child_args)
                best = min(got["cpu_seconds"])
                tasks[name] = {
                    "description": TASKS[name],
                    "best_cpu_seconds": best,
                    "best_wall_seconds": min(got["wall_seconds"]),
                    "events_per_second": round(count / best, 1),
                    **got,
                }
                print(
                    f"{count:,} {name}: {count / best:,.0f} events/s, "
                    f"peak {got['peak_rss_mb']:.0f} MB",
                    file=sys.stderr,
                )
            stages = None
            if args.stages and not sizes:
                got = run_child(
                    Path(__file__).resolve(),
                    ["stages", "--events", str(events), "--participation", str(participation)],
                )
                stages = _stage_costs(got["cumulative_cpu_seconds"], count)
            events.unlink()
            keys = ("records", "aggregate_rows", "outside_period", "excluded", "id_checksum")
            agree = len({tuple(t[k] for k in keys) for t in tasks.values()}) == 1
            sdk, pd_ = tasks.get("sdk", {}), tasks.get("pandas", {})
            sizes.append(
                {
                    "events": count,
                    "input_mb": round(size_bytes / 2**20, 1),
                    "tasks": tasks,
                    "outputs_agree": agree,
                    "sdk_stages_us_per_event": stages,
                    "ratios": {
                        "speed_sdk_over_pandas": _ratio(
                            sdk.get("events_per_second"), pd_.get("events_per_second")
                        ),
                        "peak_sdk_over_pandas": _ratio(
                            sdk.get("peak_rss_mb"), pd_.get("peak_rss_mb")
                        ),
                    },
                }
            )

    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    result = {
        "schema": SCHEMA,
        "date": today,
        "machine": machine(("gponline-sdk", "attrs", "cattrs", "orjson", "pandas", "numpy")),
        "params": {"records": counts, "repeat": args.repeat, "seed": _events.SEED},
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
