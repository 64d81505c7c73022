"""Every example runs, as a user would run it, and shows what it promises."""

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _run(name: str) -> str:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / name)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_models_quickstart_round_trips_and_shows_precise_errors() -> None:
    out = _run("models_quickstart.py")
    assert "round trip: equal" in out
    assert "$[1].practice_code: 'A8100' is not a GP practice ODS code" in out
    assert "$[1].submitted_at: date-time has no UTC offset" in out
    assert "follows_up: a follow-up must name" in out
    assert "reporting week: 2026-W47 (2026-11-16 to 2026-11-22)" in out
    # The synthetic NHS number is in the JSON (the tool's own data) but never in a repr.
    assert "NhsNumber('***')" in out
