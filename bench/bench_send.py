"""Benchmark sending a weekly submission over MESH: the SDK against plain mesh-client.

    .venv/bin/python bench/bench_send.py [--sizes-mb 50,200] [--repeat R]
        [--tasks sdk,mesh_client_bytes,mesh_client_file] [--store memory|file] [--out-dir DIR]

For each size, writes a valid JSON submission of OC records of about that
many MB (typed `OcRecord`s through the SDK's own writer), starts a local
mesh-sandbox (`MeshSandbox`: loopback, full auth; memory store, or a file
store in a temp folder with `--store file`), and sends the file from
X26ABC1 to X26ABC2, each task in a fresh subprocess so that its peak memory
is its own:

- `sdk`: `MeshTransport.send(path)`, default 19 MiB chunks, each gzipped.
- `mesh_client_bytes`: `MeshClient.send_message(recipient, path.read_bytes())`,
  as mesh-client's docs show it, with the same chunk size and gzip
  (`transparent_compress=True`: mesh-client gzips at level 9; the SDK at 6).
- `mesh_client_file`: the same with the open file instead of bytes
  (mesh-client's `SplitStream` also takes a file object).

After each send the parent downloads the message from X26ABC2, checks its
SHA-256 against the file, acknowledges it and resets the sandbox. Prints a
markdown table and writes `send-<date>.json` and `.md` into `--out-dir`
(default `bench/results`). Not part of the test run; see `bench/README.md`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_pipeline import atomic_write, machine, maxrss_mb, run_child

HERE = Path(__file__).resolve().parent
SCHEMA = 1
SEED = 20261123
SENDER, RECIPIENT = "X26ABC1", "X26ABC2"
CHUNK = 19 * 1024 * 1024  # the SDK's default (MeshConfig.max_chunk_size)
TASKS = {
    "sdk": "MeshTransport.send(path): 19 MiB chunks read one at a time, gzip each",
    "mesh_client_bytes": "MeshClient.send_message(path.read_bytes()), 19 MiB, gzip",
    "mesh_client_file": "MeshClient.send_message(open file), 19 MiB, gzip",
}


# ---------------------------------------------------------------- the submission


def write_submission_file(path: Path, megabytes: float, seed: int = SEED) -> int:
    """Write a valid JSON OC record submission of about `megabytes` MB; return its record count."""
    from gponline_sdk.models import OcRecord, RequestCategory, RequesterRole
    from gponline_sdk.models.schedule import ReportingPeriod
    from gponline_sdk.models.usage import DataType, SubmissionHeader
    from gponline_sdk.reporting.formats import write_json

    rng = random.Random(seed)
    period = ReportingPeriod.from_iso_week("2026-W47")
    header = SubmissionHeader(
        supplier_id="ACME-OC",
        data_type=DataType.OC_RECORD,
        period=period,
        generated_at=dt.datetime(2026, 11, 23, 6, 0, tzinfo=dt.timezone.utc),
    )
    practices = [
        f"{rng.choice('ABCDEFGHJKLMNPY')}{rng.randrange(80000, 90000):05d}" for _ in range(600)
    ]
    categories = list(RequestCategory)
    roles = [RequesterRole.PATIENT] * 12 + [RequesterRole.PROXY]
    week = dt.datetime(2026, 11, 16, tzinfo=dt.timezone.utc)
    # A record is about 221 bytes on its line in this layout.
    count = int(megabytes * 2**20 / 221)

    def records() -> Any:
        for _ in range(count):
            category = rng.choice(categories)
            yield OcRecord(
                record_id=f"{rng.getrandbits(128):032x}",
                practice_code=rng.choice(practices),
                submitted_at=week + dt.timedelta(seconds=rng.randrange(7 * 86400)),
                request_type=category.request_type,
                category=category,
                requester_role=rng.choice(roles),
                has_attachments=rng.random() < 0.15,
            )

    return write_json(path, header, records()).records


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------- the tasks (child side)


def send_sdk(url: str, key: str, path: Path, local_id: str) -> str:
    """Send with the SDK's transport, as `ReportingClient` does."""
    from gponline_sdk.mesh import MeshConfig, MeshTransport
    from gponline_sdk.mesh.config import Secret

    config = MeshConfig(
        url=url,
        mailbox=SENDER,
        password=Secret("password"),
        shared_key=Secret(key),
        recipient=RECIPIENT,
    )
    with MeshTransport(config) as mesh:
        return mesh.send(path, filename=path.name, local_id=local_id, subject="bench")


def send_mesh_client(url: str, key: str, path: Path, local_id: str, *, as_bytes: bool) -> str:
    """Send with plain mesh-client, its documented way."""
    from mesh_client import MeshClient

    from gponline_sdk.mesh import DEFAULT_WORKFLOW_ID

    with MeshClient(
        url,
        SENDER,
        "password",
        shared_key=key.encode(),
        max_chunk_size=CHUNK,
        transparent_compress=True,
    ) as client:
        if as_bytes:
            data: Any = path.read_bytes()
            return str(
                client.send_message(
                    RECIPIENT, data, **_headers(path, local_id, DEFAULT_WORKFLOW_ID)
                )
            )
        with path.open("rb") as fh:
            return str(
                client.send_message(RECIPIENT, fh, **_headers(path, local_id, DEFAULT_WORKFLOW_ID))
            )


def _headers(path: Path, local_id: str, workflow_id: str) -> dict[str, str]:
    # The same mex- headers as the SDK's send: workflow, file name, local ID, subject.
    return {
        "workflow_id": workflow_id,
        "filename": path.name,
        "local_id": local_id,
        "subject": "bench",
    }


def child(task: str, url: str, key: str, path: Path) -> dict[str, Any]:
    """Send `path` once with `task`; time, CPU and peak memory of this process."""
    import gc

    import mesh_client  # noqa: F401 - imports are not the send's cost
    import requests  # noqa: F401

    import gponline_sdk.mesh  # noqa: F401

    gc.collect()
    baseline = maxrss_mb()
    local_id = f"bench-{task}-{time.time_ns()}"
    start, start_cpu = time.perf_counter(), time.process_time()
    if task == "sdk":
        message_id = send_sdk(url, key, path, local_id)
    else:
        message_id = send_mesh_client(
            url, key, path, local_id, as_bytes=task == "mesh_client_bytes"
        )
    cpu = time.process_time() - start_cpu
    wall = time.perf_counter() - start
    peak = maxrss_mb()
    return {
        "message_id": message_id,
        "cpu_seconds": round(cpu, 3),
        "wall_seconds": round(wall, 3),
        "baseline_mb": round(baseline, 1),
        "peak_rss_mb": round(peak, 1),
        "peak_above_baseline_mb": round(peak - baseline, 1),
    }


# ---------------------------------------------------------------- parent side


def received_sha256(sandbox: Any, message_id: str, folder: Path) -> str:
    """Download a message at the recipient, acknowledge it, return its SHA-256."""
    from gponline_sdk.mesh import MeshTransport

    with MeshTransport(sandbox.config(RECIPIENT, recipient=SENDER)) as inbox:
        target = folder / "received.bin"
        inbox.download_to(message_id, target)
        inbox.acknowledge(message_id)
    digest = sha256_of(target)
    target.unlink()
    return digest


def markdown(result: dict[str, Any]) -> str:
    """The results as markdown: one row per size and task, then the ratios."""
    p, m = result["params"], result["machine"]
    lines = [
        f"# MESH send benchmark, {result['date']}",
        "",
        (
            f"A JSON OC record submission sent to a local mesh-sandbox ({p['store']} store, "
            f"loopback) in {p['chunk_mib']} MiB gzipped chunks; best of {p['repeat']} by wall "
            f"time; Python {m['python']}, {m['cpu_count']} CPUs; mesh-client "
            f"{m['versions'].get('mesh-client')}, mesh-sandbox {m['versions'].get('mesh-sandbox')}."
        ),
        "",
        "| file MB | task | wall s | MB/s | CPU s | peak RSS MB | above idle MB | arrived intact |",
        "|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for size in result["sizes"]:
        for name, t in size["tasks"].items():
            lines.append(
                f"| {size['file_mb']} | {name} | {t['wall_seconds']:.2f} | "
                f"{size['file_mb'] / t['wall_seconds']:.1f} | {t['cpu_seconds']:.2f} | "
                f"{t['peak_rss_mb']:.0f} | {t['peak_above_baseline_mb']:.0f} | {t['intact']} |"
            )
    lines += [
        "",
        (
            "| file MB | SDK / mesh-client (bytes) time | SDK / mesh-client (bytes) peak "
            "| SDK / mesh-client (file) time | SDK / mesh-client (file) peak |"
        ),
        "|---:|---:|---:|---:|---:|",
    ]
    for size in result["sizes"]:
        r = size["ratios"]
        lines.append(
            f"| {size['file_mb']} | {_fmt(r.get('time_sdk_over_mesh_client_bytes'))} | "
            f"{_fmt(r.get('peak_sdk_over_mesh_client_bytes'))} | "
            f"{_fmt(r.get('time_sdk_over_mesh_client_file'))} | "
            f"{_fmt(r.get('peak_sdk_over_mesh_client_file'))} |"
        )
    lines += [
        "",
        "Time ratios below 1: the SDK is faster. Peak RSS is the sending process's",
        "high-water mark (`VmHWM`); 'above idle' subtracts its RSS after imports. The",
        "sandbox runs on the same machine, so wall time includes its work too.",
        "",
    ]
    return "\n".join(lines)


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or, with `--child`, one send)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes-mb", default="50,200", help="comma-separated file sizes in MB")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--tasks", default=",".join(TASKS), help="comma-separated subset")
    ap.add_argument("--store", choices=("memory", "file"), default="memory")
    ap.add_argument("--out-dir", type=Path, default=HERE / "results")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--url", help=argparse.SUPPRESS)
    ap.add_argument("--key", help=argparse.SUPPRESS)
    ap.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.url, args.key, args.file)))
        return 0

    from gponline_sdk.reference.sandbox import MeshSandbox

    names = [t for t in args.tasks.split(",") if t]
    sizes_mb = [float(s) for s in args.sizes_mb.split(",") if s]
    unknown = sorted(set(names) - set(TASKS))
    if unknown or not sizes_mb or min(sizes_mb) <= 0 or args.repeat < 1:
        ap.error(f"unknown tasks {unknown}" if unknown else "sizes and --repeat must be > 0")
    sizes = []
    script = Path(__file__).resolve()
    with tempfile.TemporaryDirectory(prefix="gponline-bench-send-") as tmp:
        store = Path(tmp, "store") if args.store == "file" else None
        if store is not None:
            store.mkdir()
        with MeshSandbox(store_dir=store) as sandbox:
            for megabytes in sizes_mb:
                path = Path(tmp, f"ACME-OC_oc_record_2026-W47-{megabytes:g}MB.json")
                records = write_submission_file(path, megabytes)
                expected = sha256_of(path)
                tasks: dict[str, dict[str, Any]] = {}
                for name in names:
                    runs = []
                    for _ in range(args.repeat):
                        got = run_child(
                            script,
                            [
                                name,
                                "--url",
                                sandbox.url,
                                "--key",
                                sandbox.shared_key,
                                "--file",
                                str(path),
                            ],
                        )
                        got["intact"] = received_sha256(sandbox, got.pop("message_id"), Path(tmp))
                        got["intact"] = got["intact"] == expected
                        sandbox.reset()
                        runs.append(got)
                    best = min(runs, key=lambda r: r["wall_seconds"])
                    tasks[name] = {
                        "description": TASKS[name],
                        **best,
                        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
                        "peak_above_baseline_mb": max(r["peak_above_baseline_mb"] for r in runs),
                        "intact": all(r["intact"] for r in runs),
                        "runs": runs,
                    }
                    print(
                        f"{megabytes:g} MB {name}: {best['wall_seconds']:.2f} s, "
                        f"peak {tasks[name]['peak_rss_mb']:.0f} MB",
                        file=sys.stderr,
                    )
                file_mb = round(path.stat().st_size / 2**20, 1)
                path.unlink()
                sdk = tasks.get("sdk", {})
                ratios: dict[str, float | None] = {}
                for peer in ("mesh_client_bytes", "mesh_client_file"):
                    other = tasks.get(peer, {})
                    ratios[f"time_sdk_over_{peer}"] = _ratio(
                        sdk.get("wall_seconds"), other.get("wall_seconds")
                    )
                    ratios[f"peak_sdk_over_{peer}"] = _ratio(
                        sdk.get("peak_rss_mb"), other.get("peak_rss_mb")
                    )
                sizes.append(
                    {"file_mb": file_mb, "records": records, "tasks": tasks, "ratios": ratios}
                )

    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    result = {
        "schema": SCHEMA,
        "date": today,
        "machine": machine(("gponline-sdk", "mesh-client", "mesh-sandbox", "requests")),
        "params": {
            "sizes_mb": sizes_mb,
            "repeat": args.repeat,
            "store": args.store,
            "chunk_mib": CHUNK / 2**20,
            "seed": SEED,
        },
        "sizes": sizes,
    }
    args.out_dir.mkdir(parents=True, exist_ok=True)
    text = markdown(result)
    atomic_write(args.out_dir / f"send-{today}.json", json.dumps(result, indent=2) + "\n")
    atomic_write(args.out_dir / f"send-{today}.md", text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
