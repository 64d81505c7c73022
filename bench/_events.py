"""A fast, deterministic generator of realistic OC event CSV files for the benchmarks.

    .venv/bin/python bench/_events.py OUT.csv --records N [--seed S]

Rows look like `examples/data/oc_events.csv`: a tool reference, a practice
from a pool of 600, an instant in the benchmark week (with about 2% in the
weeks either side, which the builder must leave out), a category, and the
identifiers a supplier's database holds: a synthetic NHS number (the 999
range, valid check digit), a name, the patient's own words, an email address
and a phone number from the ranges Ofcom keeps for drama (07700 900xxx).

Rows are made and written in chunks of `CHUNK` rows, so memory stays flat
however many are asked for (5,000,000 rows is about 1 GB of CSV). The same
seed and count always give the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

SEED = 20261116
CHUNK = 20_000
PRACTICES = 600
# The benchmark week: ISO 2026-W47, Monday 16 to Sunday 22 November 2026 (GMT, so UTC = local).
WEEK = "2026-W47"
WEEK_START = dt.datetime(2026, 11, 16, tzinfo=dt.timezone.utc)
OUTSIDE_WEEK = 0.02
HEADER = (
    "event_id,practice_code,submitted_at,category,requester_role,nhs_number,patient_name,"
    "description,contact_email,contact_phone,attachment_count,coded_request_type\n"
)

# (category, weight): online consultations are mostly symptoms and admin.
CATEGORIES = (
    ("seek_health_advice", 22),
    ("describe_symptoms", 30),
    ("ask_question", 10),
    ("follow_up", 8),
    ("clinical_request", 10),
    ("administrative_request", 20),
)
FIRST = ("Sam", "Alex", "Priya", "Jo", "Chris", "Aisha", "Tom", "Mei", "Olu", "Kate", "Ravi", "Zoe")
LAST = ("Jones", "Wilson", "Khan", "Brown", "Smith", "Patel", "Evans", "Taylor", "Okafor", "Li")
WORDS = (
    "Is the surgery doing flu jabs on Saturday?",
    "Repeat prescription for my inhaler please",
    "Please send a copy of my vaccination record",
    "Sore throat and a temperature for three days",
    "Rash on my arm, photo attached",
    "Follow up on my blood test results",
    "Can I change my appointment to next week?",
    "Fit note needed for work, still off with back pain",
    "My son has had a cough for two weeks, should he be seen?",
    'Question about my medication dose, "twice daily" or once?',
)


def practice_codes(seed: int = SEED) -> list[str]:
    """The pool of practice ODS codes the events are spread over (distinct, sorted)."""
    rng = random.Random(seed ^ 0x5EED)
    codes: set[str] = set()
    while len(codes) < PRACTICES:
        codes.add(f"{rng.choice('ABCDEFGHJKLMNPY')}{rng.randrange(80000, 90000):05d}")
    return sorted(codes)


def participating_codes(seed: int = SEED, share: float = 0.95) -> list[str]:
    """The practices on the benchmark's participation list: `share` of the pool."""
    codes = practice_codes(seed)
    rng = random.Random(seed ^ 0x115)
    return sorted(rng.sample(codes, round(len(codes) * share)))


def write_participation(path: Path, seed: int = SEED) -> int:
    """Write the participation list CSV; return how many practices it names."""
    codes = participating_codes(seed)
    lines = ["practice_code,practice_name,approved_from"]
    lines += [f"{code},Practice {code},2026-01-05" for code in codes]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(codes)


def _check_digit(first_nine: str) -> int | None:
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    return 0 if check == 11 else None if check == 10 else check


def _nhs_numbers(rng: random.Random, count: int) -> list[str]:
    out: list[str] = []
    while len(out) < count:
        nine = f"999{rng.randrange(10**6):06d}"
        check = _check_digit(nine)
        if check is not None:
            out.append(f"{nine}{check}")
    return out


def write_events(path: Path, records: int, seed: int = SEED) -> int:
    """Write `records` OC event rows (and a header) to `path`; return the bytes written."""
    rng = random.Random(seed)
    codes = practice_codes(seed)
    nhs = _nhs_numbers(rng, 5000)
    names = [f"{f} {surname}" for f in FIRST for surname in LAST]
    emails = [f"{n.lower().replace(' ', '.')}{i}@example.org" for i, n in enumerate(names)]
    phones = [f"07700 900{i:03d}" for i in range(1000)]
    cats, weights = zip(*CATEGORIES, strict=True)
    roles = ("patient",) * 23 + ("proxy", "proxy")
    # Instants as text, precomputed per minute of the week (and the days either side).
    base = WEEK_START - dt.timedelta(days=2)
    minutes = 11 * 24 * 60
    stamp = [
        (base + dt.timedelta(minutes=m)).isoformat() for m in range(minutes)
    ]  # 11 days of minutes
    in_week_lo, in_week_hi = 2 * 24 * 60, 9 * 24 * 60
    size = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        size += out.write(HEADER)
        done = 0
        while done < records:
            n = min(CHUNK, records - done)
            rows = []
            for i in range(done, done + n):
                if rng.random() < OUTSIDE_WEEK:
                    minute = rng.choice(
                        (rng.randrange(in_week_lo), rng.randrange(in_week_hi, minutes))
                    )
                elif rng.random() < 0.75:
                    # Three quarters in core hours on a weekday, the rest any time.
                    day = rng.randrange(5)
                    minute = in_week_lo + day * 1440 + rng.randrange(8 * 60, 18 * 60 + 30)
                else:
                    minute = rng.randrange(in_week_lo, in_week_hi)
                person = rng.randrange(len(names))
                has_id = rng.random() < 0.9
                coded = rng.random()
                rows.append(
                    ",".join(
                        (
                            f"REQ-{i:08d}",
                            codes[rng.randrange(PRACTICES)],
                            stamp[minute],
                            rng.choices(cats, weights)[0],
                            roles[rng.randrange(25)],
                            nhs[rng.randrange(5000)] if has_id else "",
                            names[person],
                            _quoted(WORDS[rng.randrange(len(WORDS))]),
                            emails[person] if rng.random() < 0.8 else "",
                            phones[rng.randrange(1000)] if rng.random() < 0.7 else "",
                            "1" if rng.random() < 0.15 else "0",
                            "clinical"
                            if coded < 0.05
                            else "administrative"
                            if coded < 0.08
                            else "",
                        )
                    )
                )
            rows.append("")
            size += out.write("\n".join(rows))
            done += n
    return size


def _quoted(text: str) -> str:
    if any(c in text for c in ',"\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def main(argv: list[str] | None = None) -> int:
    """Write an events file (and, with --participation, the list) from the command line."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--participation", type=Path, help="also write the participation list here")
    args = ap.parse_args(argv)
    write_events(args.out, args.records, args.seed)
    if args.participation:
        write_participation(args.participation, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
