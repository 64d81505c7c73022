"""The converter benchmark runs end to end and its results hold together.

Checks shape and correctness only, never speed: timing is for `bench/`, not tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "bench_converter.py"
RECORDS = 2000


def test_bench_converter_smoke(tmp_path: Path) -> None:
    args = ["--records", str(RECORDS), "--repeat", "1", "--out-dir", str(tmp_path)]
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr

    [result_file] = tmp_path.glob("converter-*.json")
    [summary] = tmp_path.glob("converter-*.md")
    assert summary.stem == result_file.stem
    result = json.loads(result_file.read_text(encoding="utf-8"))

    assert set(result) >= {"schema", "date", "machine", "params", "input_mb", "tasks", "ratios"}
    assert result["params"]["records"] == RECORDS
    assert result["params"]["repeat"] == 1
    assert result["machine"]["cpu_count"] >= 1
    assert result["machine"]["python"] == ".".join(map(str, sys.version_info[:3]))

    tasks = result["tasks"]
    sdk = {n for n, t in tasks.items() if t["library"] == "sdk"}
    pydantic = {n for n, t in tasks.items() if t["library"] == "pydantic"}
    assert sdk == {"sdk_batch", "sdk_records", "sdk_stream", "sdk_dump"}
    assert pydantic == {"pydantic_batch", "pydantic_records", "pydantic_stream", "pydantic_dump"}
    for name, task in tasks.items():
        assert {"records_per_second", "best_seconds", "peak_mb", "records"} <= set(task), name
        assert task["records_per_second"] > 0, name
        assert len(task["cpu_seconds"]) == 1, name
        # Every task, SDK, pydantic and floor alike, saw every generated record.
        assert task["records"] == RECORDS, name

    for what in ("parse", "records", "stream", "dump"):
        assert result["ratios"][what]["sdk_over_pydantic"] > 0, what
    # The markdown table printed to stdout is the one written next to the JSON.
    assert summary.read_text(encoding="utf-8").strip() in done.stdout
    assert "| `sdk_batch` | sdk |" in done.stdout
