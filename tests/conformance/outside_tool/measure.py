"""Run the conformance CLI against the clean outside tool and each variant, one at a time.

    python measure.py [--set original|blind3] [--only NAME ...] [--idle-timeout 0.2] [--timeout 600]

Writes results.json next to this file (rewritten after every run, so a partial run keeps
what it has) and prints caught / missed with the catch rate. A variant is caught when the
CLI exits 1 (a MUST failed); exit 0, 2 or 3 is not caught.

`--set blind3` measures the third, blind set (`variants_blind3.BLIND3`) instead, into
results_blind3.json; `--set blind4` the fourth (`variants_blind4.BLIND4`), into
results_blind4.json (its blind measurement, before any fix, is results_blind4_blind.json);
`--set blind5` the fifth (`variants_blind5.BLIND5`), into results_blind5.json (its blind
measurement, before any fix, is results_blind5_blind.json); `--set blind6` the sixth
(`variants_blind6.BLIND6`), into results_blind6.json (its blind measurement, before any
fix, is results_blind6_blind.json); `--set blind7` the seventh (`variants_blind7.BLIND7`),
into results_blind7.json (its blind measurement, before any fix, is results_blind7_blind.json);
`--set blind8` the eighth (`variants_blind8.BLIND8`), into results_blind8.json (its blind
measurement, before round 8, is results_blind8_blind.json); `--set blind9` the ninth
(`variants_blind9.BLIND9`), into results_blind9.json (its blind measurement, against the suite
of the day it was written, before round 8, is results_blind9_blind.json; round 8 never saw it);
`--set blind10` the tenth (`variants_blind10.BLIND10`), into results_blind10.json (its blind
measurement, against the suite of 2.5.0, before anyone tuned it, is results_blind10_blind.json);
`--set blind11` the eleventh (`variants_blind11.BLIND11`), into results_blind11.json (its blind
measurement, against the suite of 2.6.0, before anyone tuned it, is results_blind11_blind.json);
`--set blind12` the twelfth (`variants_blind12.BLIND12`), into results_blind12.json (its blind
measurement, against the suite of 2.7.0, before anyone tuned it, is results_blind12_blind.json);
`--set blind13` the thirteenth (`variants_blind13.BLIND13`), into results_blind13.json (written
blind against contract 2.7.0; its first measurement, before anyone tunes the suite on it, is
the one to keep as results_blind13_blind.json); `--set blind14` the fourteenth
(`variants_blind14.BLIND14`), into results_blind14.json (written blind against contract 2.10.0;
its first measurement, before anyone tunes the suite on it, is the one to keep as
results_blind14_blind.json); `--set blind15` the fifteenth (`variants_blind15.BLIND15`), into
results_blind15.json (written blind against contract 2.11.0; its first measurement, before
anyone tunes the suite on it, is the one to keep as results_blind15_blind.json); `--set blind16`
the sixteenth (`variants_blind16.BLIND16`), into results_blind16.json (written blind against
contract 2.11.0; its first measurement, before anyone tunes the suite on it, is the one to keep
as results_blind16_blind.json); `--set blind17` the seventeenth (`variants_blind17.BLIND17`),
into results_blind17.json (written blind against contract 2.12.0; its first measurement, before
anyone tunes the suite on it, is the one to keep as results_blind17_blind.json).
Either stops before the variants unless the clean tool exits 0, and leaves the SHOULD-only
controls and the borderline variants out of the catch rate (reported apart).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import tool  # noqa: E402
from variants import SHOULD_ONLY, VARIANTS  # noqa: E402
from variants_blind3 import BLIND3, BLIND3_BORDERLINE, BLIND3_SHOULD_ONLY  # noqa: E402
from variants_blind4 import BLIND4, BLIND4_BORDERLINE, BLIND4_SHOULD_ONLY  # noqa: E402
from variants_blind5 import BLIND5, BLIND5_BORDERLINE, BLIND5_SHOULD_ONLY  # noqa: E402
from variants_blind6 import BLIND6, BLIND6_BORDERLINE, BLIND6_SHOULD_ONLY  # noqa: E402
from variants_blind7 import BLIND7, BLIND7_BORDERLINE, BLIND7_SHOULD_ONLY  # noqa: E402
from variants_blind8 import BLIND8, BLIND8_BORDERLINE, BLIND8_SHOULD_ONLY  # noqa: E402
from variants_blind9 import BLIND9, BLIND9_BORDERLINE, BLIND9_SHOULD_ONLY  # noqa: E402
from variants_blind10 import BLIND10, BLIND10_BORDERLINE, BLIND10_SHOULD_ONLY  # noqa: E402
from variants_blind11 import BLIND11, BLIND11_BORDERLINE, BLIND11_SHOULD_ONLY  # noqa: E402
from variants_blind12 import BLIND12, BLIND12_BORDERLINE, BLIND12_SHOULD_ONLY  # noqa: E402
from variants_blind13 import BLIND13, BLIND13_BORDERLINE, BLIND13_SHOULD_ONLY  # noqa: E402
from variants_blind14 import BLIND14, BLIND14_BORDERLINE, BLIND14_SHOULD_ONLY  # noqa: E402
from variants_blind15 import BLIND15, BLIND15_BORDERLINE, BLIND15_SHOULD_ONLY  # noqa: E402
from variants_blind16 import BLIND16, BLIND16_BORDERLINE, BLIND16_SHOULD_ONLY  # noqa: E402
from variants_blind17 import BLIND17, BLIND17_BORDERLINE, BLIND17_SHOULD_ONLY  # noqa: E402

CLI = Path(os.environ.get("GPONLINE_CLI", "/work/main/.venv/bin/gponline"))
RESULTS = HERE / "results.json"
SETS: dict[
    str, tuple[dict[str, str], set[str] | frozenset[str], dict[str, str] | frozenset[str], Path]
] = {
    "original": (VARIANTS, SHOULD_ONLY, {}, RESULTS),
    "blind3": (BLIND3, BLIND3_SHOULD_ONLY, BLIND3_BORDERLINE, HERE / "results_blind3.json"),
    "blind4": (BLIND4, BLIND4_SHOULD_ONLY, BLIND4_BORDERLINE, HERE / "results_blind4.json"),
    "blind5": (BLIND5, BLIND5_SHOULD_ONLY, BLIND5_BORDERLINE, HERE / "results_blind5.json"),
    "blind6": (BLIND6, BLIND6_SHOULD_ONLY, BLIND6_BORDERLINE, HERE / "results_blind6.json"),
    "blind7": (BLIND7, BLIND7_SHOULD_ONLY, BLIND7_BORDERLINE, HERE / "results_blind7.json"),
    "blind8": (BLIND8, BLIND8_SHOULD_ONLY, BLIND8_BORDERLINE, HERE / "results_blind8.json"),
    "blind9": (BLIND9, BLIND9_SHOULD_ONLY, BLIND9_BORDERLINE, HERE / "results_blind9.json"),
    "blind10": (BLIND10, BLIND10_SHOULD_ONLY, BLIND10_BORDERLINE, HERE / "results_blind10.json"),
    "blind11": (BLIND11, BLIND11_SHOULD_ONLY, BLIND11_BORDERLINE, HERE / "results_blind11.json"),
    "blind12": (BLIND12, BLIND12_SHOULD_ONLY, BLIND12_BORDERLINE, HERE / "results_blind12.json"),
    "blind13": (BLIND13, BLIND13_SHOULD_ONLY, BLIND13_BORDERLINE, HERE / "results_blind13.json"),
    "blind14": (BLIND14, BLIND14_SHOULD_ONLY, BLIND14_BORDERLINE, HERE / "results_blind14.json"),
    "blind15": (BLIND15, BLIND15_SHOULD_ONLY, BLIND15_BORDERLINE, HERE / "results_blind15.json"),
    "blind16": (BLIND16, BLIND16_SHOULD_ONLY, BLIND16_BORDERLINE, HERE / "results_blind16.json"),
    "blind17": (BLIND17, BLIND17_SHOULD_ONLY, BLIND17_BORDERLINE, HERE / "results_blind17.json"),
}
DESCRIPTIONS: dict[str, str] = {
    **VARIANTS,
    **BLIND3,
    **BLIND4,
    **BLIND5,
    **BLIND6,
    **BLIND7,
    **BLIND8,
    **BLIND9,
    **BLIND10,
    **BLIND11,
    **BLIND12,
    **BLIND13,
    **BLIND14,
    **BLIND15,
    **BLIND16,
    **BLIND17,
}


CONSISTENT = {0: ("conformant",), 1: ("not_conformant", "stale_expectations"), 3: ("unreachable",)}


def run_one(variant: str | None, idle_timeout: float, timeout: float) -> dict[str, Any]:
    """One suite run, rerun (up to 3 tries) while the exit code contradicts the report's
    verdict. Seen while the suite was being edited: exit 1 with a 'conformant' report, and
    exit 1 from a CLI that crashed on import (SyntaxError) with no report at all. Such an
    exit 1 is not a catch: `caught` needs exit 1 AND a not-conformant report."""
    anomalies: list[dict[str, Any]] = []
    for _attempt in range(3):
        r = _run_one(variant, idle_timeout, timeout)
        consistent = r["verdict"] in CONSISTENT.get(r["exit_code"], ())  # type: ignore[arg-type]
        r["caught"] = r["exit_code"] == 1 and r["verdict"] in CONSISTENT[1]
        if consistent:
            break
        anomalies.append(
            {k: r[k] for k in ("exit_code", "verdict", "failing_musts", "seconds", "output_tail")}
        )
        time.sleep(5)
    if anomalies:
        r["anomaly"] = anomalies
        r["consistent"] = consistent
    return r


def _run_one(variant: str | None, idle_timeout: float, timeout: float) -> dict[str, Any]:
    srv = tool.serve(variant, idle_timeout=idle_timeout)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GPONLINE_")}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="outside-tool-") as tmp:
        try:
            proc = subprocess.run(
                [str(CLI), "conformance", "run", "--target", srv.url, "--report-dir", tmp],
                capture_output=True,
                text=True,
                timeout=timeout,
                env=env,
                check=False,
            )
            code: int | None = proc.returncode
            tail = proc.stdout[-600:] + proc.stderr[-1500:]
        except subprocess.TimeoutExpired:
            code, tail = None, f"timed out after {timeout}s"
        finally:
            srv.stop()
        elapsed = round(time.monotonic() - started, 1)
        failing, verdict, failing_musts, statuses = [], None, [], {}
        report = Path(tmp) / "report.json"
        if report.exists():
            data = json.loads(report.read_text(encoding="utf-8"))
            verdict, failing_musts = data.get("verdict"), data.get("failing_musts", [])
            for c in data.get("checks", []):
                statuses[c["id"]] = c["status"]
                if c["status"] in ("fail", "error", "warn"):
                    failing.append(
                        {
                            "id": c["id"],
                            "status": c["status"],
                            "message": (c.get("message") or "")[:300],
                        }
                    )
    return {
        "variant": variant,
        "description": DESCRIPTIONS.get(variant or "", "the clean tool"),
        "exit_code": code,
        "caught": code == 1,
        "verdict": verdict,
        "failing_musts": failing_musts,
        "failing_checks": failing,
        "check_count": len(statuses),
        "seconds": elapsed,
        "output_tail": tail,
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--set", dest="vset", choices=sorted(SETS), default="original")
    p.add_argument("--only", nargs="*", default=None, help="variant names (default: all)")
    p.add_argument("--idle-timeout", type=float, default=0.2)
    p.add_argument("--timeout", type=float, default=600)
    a = p.parse_args()
    variants, should_only, borderline, results_path = SETS[a.vset]
    names = a.only if a.only else list(variants)
    for n in names:
        if n not in variants:
            p.error(f"unknown variant {n}")
    out: dict[str, Any] = {
        "set": a.vset,
        "started_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "cli": str(CLI),
        "idle_timeout_s": a.idle_timeout,
        "clean": None,
        "variants": [],
    }

    def save() -> None:
        tmp = results_path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
        tmp.replace(results_path)

    clean = run_one(None, a.idle_timeout, a.timeout)
    out["clean"] = clean
    print(
        f"clean tool: exit {clean['exit_code']} ({clean['verdict']}), "
        f"{clean['check_count']} checks, {clean['seconds']}s",
        flush=True,
    )
    for f in clean["failing_checks"]:
        print(f"    {f['status']:5} {f['id']}: {f['message'][:160]}")
    save()
    if a.vset != "original" and clean["exit_code"] != 0:
        print("the clean tool is not conformant: no variant measured")
        return 1
    for i, name in enumerate(names, 1):
        r = run_one(name, a.idle_timeout, a.timeout)
        out["variants"].append(r)
        save()
        ids = ",".join(f["id"] for f in r["failing_checks"] if f["status"] != "warn")
        flag = " (rerun: first run's exit code contradicted its report)" if "anomaly" in r else ""
        print(
            f"[{i}/{len(names)}] {'CAUGHT' if r['caught'] else 'missed'} "
            f"exit={r['exit_code']}{flag} "
            f"{r['seconds']:>5}s {name}  {ids}",
            flush=True,
        )
    must = [
        r
        for r in out["variants"]
        if r["variant"] not in should_only and r["variant"] not in borderline
    ]
    caught = [r["variant"] for r in must if r["caught"]]
    missed = [r["variant"] for r in must if not r["caught"]]
    times = [r["seconds"] for r in out["variants"]] + [clean["seconds"]]
    out["summary"] = {
        "clean_exit_code": clean["exit_code"],
        "must_variants": len(must),
        "caught": len(caught),
        "missed": missed,
        "catch_rate": round(len(caught) / len(must), 3) if must else None,
        "anomalies_rerun": [r["variant"] for r in out["variants"] if "anomaly" in r],
        "should_only_controls": {
            r["variant"]: r["exit_code"] for r in out["variants"] if r["variant"] in should_only
        },
        "borderline": {
            r["variant"]: "caught" if r["caught"] else "missed"
            for r in out["variants"]
            if r["variant"] in borderline
        },
        "seconds_per_run": {
            "mean": round(sum(times) / len(times), 1),
            "min": min(times),
            "max": max(times),
        },
        "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    save()
    print(
        f"\ncaught {len(caught)}/{len(must)} MUST-breaking variants "
        f"({100 * len(caught) / max(1, len(must)):.0f}%)"
    )
    print("missed:", *missed, sep="\n  ") if missed else print("missed: none")
    print(f"seconds per suite run: {out['summary']['seconds_per_run']}")
    if borderline:
        print(f"borderline (not in the rate): {out['summary']['borderline']}")
    print(f"SHOULD-only controls (exit codes): {out['summary']['should_only_controls']}")
    print(f"results: {results_path}")
    return 0 if clean["exit_code"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
