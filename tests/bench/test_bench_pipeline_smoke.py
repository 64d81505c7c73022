"""The pipeline and send benchmarks run end to end at tiny sizes and their results agree.

Checks shape and correctness only, never speed: timing is for `bench/`, not tests.
Also holds the checks of the optimisations the pipeline benchmark led to (same
bytes and same answers as the straightforward code they replaced).
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
import random
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from gponline_sdk.errors import InputFileError, ValidationError
from gponline_sdk.models import OcRecord
from gponline_sdk.models.identifiers import NhsNumber
from gponline_sdk.reporting import anonymise
from gponline_sdk.reporting.event_io import read_events
from gponline_sdk.reporting.events import OcEvent

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))
import _events  # noqa: E402 - the benchmark's own generator, from bench/

EVENTS = 3000


def _run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done


def _result(folder: Path, prefix: str, stdout: str) -> dict[str, Any]:
    [result_file] = folder.glob(f"{prefix}-*.json")
    [summary] = folder.glob(f"{prefix}-*.md")
    assert summary.stem == result_file.stem
    # The markdown printed is the one written next to the JSON.
    assert summary.read_text(encoding="utf-8").strip() in stdout
    result: dict[str, Any] = json.loads(result_file.read_text(encoding="utf-8"))
    return result


def _oracle(events: Path, listed: set[str]) -> tuple[int, int, int]:
    """(records, outside the week, not listed), counted the plain way with `csv`."""
    start, end = date(2026, 11, 16), date(2026, 11, 22)
    kept = outside = excluded = 0
    with events.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            # The generator writes UTC instants in November: UTC date = London date.
            day = datetime.fromisoformat(row["submitted_at"]).date()
            if not start <= day <= end:
                outside += 1
            elif row["practice_code"] not in listed:
                excluded += 1
            else:
                kept += 1
    return kept, outside, excluded


def test_generated_events_are_realistic_deterministic_and_all_readable(tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    _events.write_events(first, 500)
    _events.write_events(second, 500)
    assert first.read_bytes() == second.read_bytes()
    events = list(read_events(first, OcEvent, max_problems=1))
    assert len(events) == 500
    numbers = [e.nhs_number for e in events if e.nhs_number is not None]
    assert numbers
    assert all(n.is_synthetic for n in numbers)
    assert any(e.contact_email for e in events)
    assert all(e.description for e in events)
    assert len({e.practice_code for e in events}) > 100


@pytest.mark.parametrize("tasks", ["sdk", "sdk,sdk_columnar,pandas,polars,duckdb,floor"])
def test_bench_pipeline_smoke(tmp_path: Path, tasks: str) -> None:
    sizes = f"{EVENTS},{2 * EVENTS}"
    done = _run(
        "bench_pipeline.py", "--records", sizes, "--tasks", tasks, "--rounds", "1",
        "--out-dir", str(tmp_path),
    )  # fmt: skip
    result = _result(tmp_path, "pipeline", done.stdout)
    assert set(result) >= {"schema", "date", "machine", "params", "sizes", "goals"}
    assert result["params"]["records"] == [EVENTS, 2 * EVENTS]

    listed = set(_events.participating_codes())
    for size in result["sizes"]:
        count = size["events"]
        _events.write_events(tmp_path / "events.csv", count)
        kept, outside, excluded = _oracle(tmp_path / "events.csv", listed)
        assert outside > 0
        assert excluded > 0
        assert set(size["tasks"]) == set(tasks.split(","))
        for name, task in size["tasks"].items():
            if name == "floor":  # no logic: every row read and written back
                assert task["records"] == count
                continue
            assert (task["records"], task["outside_period"], task["excluded"]) == (
                kept,
                outside,
                excluded,
            ), name
            assert task["aggregate_rows"] > 0, name
            assert task["peak_rss_mb"] > 0, name
            assert task["events_per_second"] > 0, name
        sdk = size["tasks"]["sdk"]
        assert sdk["clean"] is True
        assert sdk["accepted"] == kept
        assert size["outputs_agree"] is True
        if "pandas" in tasks:
            # Same record IDs (by checksum) and the same aggregate rows from every task.
            for peer in ("sdk_columnar", "pandas", "polars", "duckdb"):
                assert sdk["id_checksum"] == size["tasks"][peer]["id_checksum"], peer
                assert size["speed_vs_columnar"][peer if peer != "sdk_columnar" else "sdk"]
            assert size["tasks"]["sdk_columnar"]["clean"] is True


def test_bench_send_smoke(tmp_path: Path) -> None:
    done = _run("bench_send.py", "--sizes-mb", "0.3", "--out-dir", str(tmp_path))
    result = _result(tmp_path, "send", done.stdout)
    [size] = result["sizes"]
    assert size["records"] > 1000
    assert set(size["tasks"]) == {"sdk", "mesh_client_bytes", "mesh_client_file"}
    for name, task in size["tasks"].items():
        # The recipient downloaded exactly the bytes of the file that was sent.
        assert task["intact"] is True, name
        assert task["wall_seconds"] > 0, name
        assert task["peak_rss_mb"] > 0, name
    assert size["ratios"]["time_sdk_over_mesh_client_bytes"] > 0


# -- the optimisations hold the old answers ---------------------------------------------------


@pytest.mark.parametrize("key_bytes", [32, 63, 64, 65, 200])
def test_pseudonym_key_digest_is_hmac_sha256_for_any_key_length(key_bytes: int) -> None:
    rng = random.Random(key_bytes)
    key = rng.randbytes(key_bytes)
    fast = anonymise.PseudonymKey(key)
    for length in (0, 1, 30, 64, 65, 300):
        message = rng.randbytes(length)
        assert fast.digest(message) == hmac.new(key, message, hashlib.sha256).hexdigest()


def test_raw_digests_are_hmac_sha256() -> None:
    key = random.Random(7).randbytes(32) + b"x"
    fast = anonymise.PseudonymKey(key)
    messages = [random.Random(n).randbytes(n) for n in (0, 1, 30, 64, 65, 300)]
    assert fast.raw_digests(messages) == [
        hmac.new(key, m, hashlib.sha256).digest() for m in messages
    ]


def test_oc_record_from_a_valid_event_equals_the_validating_constructor(tmp_path: Path) -> None:
    assert anonymise._OC_FAST  # the fast path is live for the current OcRecord
    _events.write_events(tmp_path / "e.csv", 400)
    anon = anonymise.Anonymiser(hashlib.sha256(b"bench smoke").digest(), "ACME-OC")
    for event in read_events(tmp_path / "e.csv", OcEvent):
        fast = anon.oc_record(event)
        slow = OcRecord(**{name: getattr(fast, name) for name in anonymise._OC_FIELDS})
        assert fast == slow
        assert hash(fast) == hash(slow)
        assert repr(fast) == repr(slow)


def _is_nhs_number(cell: str) -> bool:
    try:
        NhsNumber(cell)
    except ValidationError:
        return False
    return True


def test_nhs_number_cells_are_judged_as_the_model_judges_them(tmp_path: Path) -> None:
    rng = random.Random(7)
    cells = [f"{rng.randrange(10**10):010d}" for _ in range(3000)]
    cells += ["943 476 5919", "943-476-5919", "9434765918", "94347659190", "abcdefghij"]
    path = tmp_path / "nhs.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["event_id", "practice_code", "submitted_at", "category", "nhs_number"])
        for i, cell in enumerate(cells):
            out.writerow([f"R{i}", "A81001", "2026-11-16T09:00:00Z", "follow_up", cell])
    good = [c for c in cells if _is_nhs_number(c)]
    assert 100 < len(good) < len(cells)
    kept: list[NhsNumber | None] = []
    # The reader yields the good rows, then raises once for all the bad ones.
    with pytest.raises(InputFileError) as caught:
        kept.extend(e.nhs_number for e in read_events(path, OcEvent, max_problems=10_000))
    bad_lines = {p.location.split(":")[1] for p in caught.value.problems}
    assert bad_lines == {str(i + 2) for i, c in enumerate(cells) if not _is_nhs_number(c)}
    assert kept == [NhsNumber(c) for c in good]
    assert all(type(n) is NhsNumber and repr(n) == "NhsNumber('***')" for n in kept)
