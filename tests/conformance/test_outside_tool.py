"""The suite against a tool written outside this repo, from the published contract and docs alone.

`tests/conformance/outside_tool/` was written by an engineer who read only what a vendor can
read (README, `docs/`, `conformance/*.json`) and ran only the CLI, never `src/` or these tests
(`outside_tool/GAPS.md` lists what they had to guess). It closes idle keep-alive connections
the way a proxy or load balancer does. `outside_tool/variants.py` holds their single-fault
variants: defects a real vendor might ship, each breaking a MUST of the catalogue.

Held here, over real HTTP on loopback through the `gponline` command as a vendor's CI runs it:
- the clean tool is conformant (exit 0);
- every variant is caught (exit 1, verdict not conformant), except the few in `KNOWN_MISSES`,
  each with the reason; a known miss that starts being caught fails too, so the list stays true;
- the known misses are at most 5% of the MUST-breaking variants.

`outside_tool/variants_heldout.py` holds a second, held-out set, written by another outside
engineer after the suite had been tuned on the first. Its misses are listed in
`HELDOUT_MISSES` with what the suite would need to see them; the same two-way rule holds, and
the note of each session reports the held-out catch rate rather than hiding it behind a bound.

`outside_tool/variants_blind3.py` is a third set, written blind by a third outside engineer and
measured once before any fix (`results_blind3_blind.json`: 37 of 66 MUST-breaking variants
caught); the suite was then widened class by class (`results_blind3.json`: 65 of 66, the one
left allowed by contract 1.2.0). `BLIND3_PASSES` lists the variants the suite passes, with why.

`outside_tool/variants_blind4.py` is the fourth set, written the same way by a fourth
engineer and measured before any fix (`results_blind4_blind.json`: 54 of 68 caught); after
the round-4 widening, `results_blind4.json`: 68 of 68. `BLIND4_PASSES` lists what the suite
passes: the SHOULD-only controls, which warn, and one variant that contract 2.0.0 allows
(a `redirect_url` shown while requests are still taken).

`outside_tool/variants_blind5.py` is the fifth set, written the same way by a fifth engineer
and measured before any fix (`results_blind5_blind.json`: 46 of 66 caught); round 5 widened
the suite by class, and `results_blind5.json` holds the re-measurement. `BLIND5_PASSES` lists
what the suite passes, with why.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from outside_tool import tool
from outside_tool.variants import SHOULD_ONLY, VARIANTS
from outside_tool.variants_blind3 import BLIND3, BLIND3_BORDERLINE, BLIND3_SHOULD_ONLY
from outside_tool.variants_blind4 import BLIND4, BLIND4_BORDERLINE, BLIND4_SHOULD_ONLY
from outside_tool.variants_blind5 import BLIND5, BLIND5_BORDERLINE, BLIND5_SHOULD_ONLY
from outside_tool.variants_blind6 import BLIND6, BLIND6_BORDERLINE, BLIND6_SHOULD_ONLY
from outside_tool.variants_blind7 import BLIND7, BLIND7_BORDERLINE, BLIND7_SHOULD_ONLY
from outside_tool.variants_blind8 import BLIND8, BLIND8_BORDERLINE, BLIND8_SHOULD_ONLY
from outside_tool.variants_blind9 import BLIND9, BLIND9_BORDERLINE, BLIND9_SHOULD_ONLY
from outside_tool.variants_blind10 import BLIND10, BLIND10_BORDERLINE, BLIND10_SHOULD_ONLY
from outside_tool.variants_blind11 import BLIND11, BLIND11_BORDERLINE, BLIND11_SHOULD_ONLY
from outside_tool.variants_blind12 import BLIND12, BLIND12_BORDERLINE, BLIND12_SHOULD_ONLY
from outside_tool.variants_blind13 import BLIND13, BLIND13_BORDERLINE, BLIND13_SHOULD_ONLY
from outside_tool.variants_blind14 import BLIND14, BLIND14_BORDERLINE, BLIND14_SHOULD_ONLY
from outside_tool.variants_blind15 import BLIND15, BLIND15_BORDERLINE, BLIND15_SHOULD_ONLY
from outside_tool.variants_blind16 import BLIND16, BLIND16_BORDERLINE, BLIND16_SHOULD_ONLY
from outside_tool.variants_blind17 import BLIND17, BLIND17_BORDERLINE, BLIND17_SHOULD_ONLY
from outside_tool.variants_heldout import HELDOUT, HELDOUT_INERT, HELDOUT_SHOULD_ONLY

from gponline_sdk.cli.main import main

KNOWN_MISSES: dict[str, str] = {
    "500-on-ill-typed-field": (
        "the tool refuses the bad body, only with a 500: accepting forbidden data breaks the "
        "operation's MUST, but how a tool refuses (4xx naming the field, never 5xx) is "
        "ROB-4XX-01, a SHOULD, so the run warns and exits 0"
    ),
    "respond-by-end-of-day-utc": (
        "respond_by 18:30 UTC is 19:30 in London in summer: still the same London day, which "
        "is what the rule asks (patients know on the day); the contract does not say 18:30"
    ),
}
"""Variant -> why the suite passes it (a defect the contract allows, or one no check can see)."""


def _run(variant: str | None, report_dir: Path) -> tuple[int, dict[str, Any]]:
    server = tool.serve(variant, idle_timeout=0.2)
    try:
        code = main(["conformance", "run", "--target", server.url, "--report-dir", str(report_dir)])
    finally:
        server.stop()
    return code, json.loads((report_dir / "report.json").read_text(encoding="utf-8"))


def _failing(report: dict[str, Any]) -> list[str]:
    return sorted(c["id"] for c in report["checks"] if c["status"] in ("fail", "error", "warn"))


def test_the_outside_tool_is_conformant_while_it_closes_idle_connections(tmp_path: Path) -> None:
    code, report = _run(None, tmp_path)
    assert (code, _failing(report)) == (0, [])
    assert report["verdict"] == "conformant"


ALL_SETS = os.environ.get("GPONLINE_OUTSIDE_ALL") == "1"
"""Each variant is a whole suite run (10 to 55 s by the machine's load), so CI takes a fixed
sample: every sixteenth variant (by name) of the newest set, every twenty-fourth of the one
before, every forty-eighth of the two before that and of the original and held-out sets,
and one (every ninety-sixth) of each of the third to thirteenth, which the suite has caught
for rounds. Round 17 cut the sample from 40 runs to 23: with the self-test's fault modes
they took CI past its 90 minutes on a two-core machine; each class an older set stands for
has a reference fault mode the self-test runs. GPONLINE_OUTSIDE_ALL=1 runs them all
(`GPONLINE_OUTSIDE_ALL=1 python -m pytest -n 2 tests/conformance/test_outside_tool.py`)."""


def _sample(names: list[str], every: int = 48) -> list[str]:
    return names if ALL_SETS else names[::every]


@pytest.mark.parametrize("variant", _sample(sorted(VARIANTS)))
def test_each_outside_variant_is_caught_unless_a_known_miss(variant: str, tmp_path: Path) -> None:
    code, report = _run(variant, tmp_path)
    if variant in KNOWN_MISSES or variant in SHOULD_ONLY:
        assert code == 0, f"{variant} is now caught by {_failing(report)}: update KNOWN_MISSES"
    else:
        assert code == 1, f"{variant} ({VARIANTS[variant]}) was not caught"
        assert report["verdict"] == "not_conformant"


SIGNPOST_ALLOWED = (
    "allowed since contract 2.0.0 (issue 9): a redirect_url shown as a signpost beside a "
    "form that still takes every request is allowed in core hours; this variant's POST "
    "still accepts, so it no longer breaks AV-111-01"
)
"""Why a variant that only shows redirect_url while still taking requests now passes."""

HELDOUT_MISSES: dict[str, str] = {
    "hx-follow-up-other-patient-refused": (
        "allowed: contract 1.1.0 lets a tool refuse a follow-up naming another patient's "
        "request (400 or 404 naming $.follows_up); the suite sends none"
    ),
    "hx-follow-up-of-follow-up-refused": (
        "a SHOULD since catalogue 2.0.0 (issue 9): follow-ups (OC-CAT-04) come from NHS "
        "England's guidance, not the regulation, so refusing one warns and exits 0"
    ),
    "hx-redirect-url-when-busy": SIGNPOST_ALLOWED,
    "hx-safeguard-sends-all-medical-to-111": (
        "needs a judgement of the safeguard's wording ('any medical problem' instead of "
        "'urgent'): no automated rule states it; a practice attestation is the honest check"
    ),
}
"""Held-out variant -> what the suite would need to see it (a gap to close next)."""


@pytest.mark.parametrize("variant", _sample(sorted(set(HELDOUT) - set(HELDOUT_INERT))))
def test_each_held_out_variant_is_caught_unless_listed(variant: str, tmp_path: Path) -> None:
    code, report = _run(variant, tmp_path)
    if variant in HELDOUT_MISSES or variant in HELDOUT_SHOULD_ONLY:
        assert code == 0, f"{variant} is now caught by {_failing(report)}: update HELDOUT_MISSES"
    else:
        assert code == 1, f"{variant} ({HELDOUT[variant]}) was not caught"
        assert report["verdict"] == "not_conformant"


def test_known_misses_are_at_most_five_percent_of_the_must_variants() -> None:
    musts = set(VARIANTS) - set(SHOULD_ONLY)
    assert set(KNOWN_MISSES) <= musts
    assert len(KNOWN_MISSES) <= 0.05 * len(musts)


BLIND3_PASSES: dict[str, str] = {
    # Every SHOULD-only control (an http:// symptom checker link too: since a broken SHOULD
    # field is read as absent, it warns only; found by the whole-set run of round 11).
    **dict.fromkeys(BLIND3_SHOULD_ONLY, "a SHOULD-only control: the run warns and exits 0"),
    "b3-nhs-number-stored-digits-only": (
        "allowed: contract 1.2.0 lets a tool read an NHS number back as its ten digits (the "
        "same number; the SDK's own NhsNumber model keeps the digits)"
    ),
    "b3-message-unknown-reply-400": (
        "borderline, allowed: a 400 naming $.in_reply_to is still a refusal; how a tool refuses "
        "is ROB-4XX-01, a SHOULD"
    ),
    "b3-no-safeguard": "a SHOULD-only control: the run warns and exits 0",
    "b3-500-on-non-json-content-type": (
        "a SHOULD-only control the suite does not see: robustness.malformed-input never sends "
        "a body with a wrong Content-Type (a gap in a SHOULD check, left for a later round)"
    ),
}
"""Third-set variants the suite passes (exit 0), each with why; every other one is caught."""


BLIND4_PASSES: dict[str, str] = {
    **dict.fromkeys(BLIND4_SHOULD_ONLY, "a SHOULD-only control: the run warns and exits 0"),
    "b4-redirect-url-last-30-min": SIGNPOST_ALLOWED,
}
"""Fourth-set variants the suite passes (exit 0), each with why; every other one is caught."""


BLIND5_PASSES: dict[str, str] = {
    **dict.fromkeys(BLIND5_SHOULD_ONLY, "a SHOULD-only control: the run warns and exits 0"),
    "b5-redirect-url-cleared-at-0900": SIGNPOST_ALLOWED,
}
"""Fifth-set variants the suite passes (exit 0), each with why; every other one is caught."""


BLIND6_PASSES: dict[str, str] = {
    **dict.fromkeys(BLIND6_SHOULD_ONLY, "a SHOULD-only control: the run warns and exits 0"),
    **BLIND6_BORDERLINE,  # each allowed by the published text (contract 2.1.0 says so)
}
"""Sixth-set variants the suite passes (exit 0), each with why; every other one is caught."""


BLIND7_PASSES: dict[str, str] = {
    **dict.fromkeys(BLIND7_SHOULD_ONLY, "a SHOULD-only control: the run warns and exits 0"),
    "b7-outcome-first-recorded-wins": (
        "contract 2.2.0 makes 'a second outcome replaces the first' a SHOULD, not checked "
        "(announced as a MUST for the next major release)"
    ),
}
"""Seventh-set variants the suite passes (exit 0), each with why; every other one is caught.
The other borderline variant, a leap second read as the next minute, is caught: contract 2.2.0
writes that the instant pattern governs (seconds 00 to 59)."""


BLIND8_PASSES: dict[str, str] = dict.fromkeys(
    BLIND8_SHOULD_ONLY, "a SHOULD-only control: the run warns and exits 0"
)
"""Eighth-set variants the suite passes (exit 0), each with why; every other one is caught.
Both borderline variants are caught: contract 2.3.0 writes that a video session read after its
booked end answers 200 as booked, and that the usage header's generated_at follows the test
clock."""

BLIND9_PASSES: dict[str, str] = {
    **dict.fromkeys(BLIND9_SHOULD_ONLY, "a SHOULD-only control: the run warns and exits 0"),
}
"""Ninth-set variants the suite passes (exit 0), each with why; every other one is caught."""

BLIND10_PASSES: dict[str, str] = {
    **dict.fromkeys(BLIND10_SHOULD_ONLY, "a SHOULD-only control: the run warns and exits 0"),
    "b10-video-huge-duration-500": (
        "a SHOULD by the published contract: a 5xx to a body the schema forbids is ROB-4XX-01 "
        "(robustness.malformed-input warns since round 11, which sends 10**12 and 2**64)"
    ),
    "b10-video-join-window-ends-at-booked-end": (
        "borderline, allowed: contract 2.5.0 leaves the join window's end to the tool"
    ),
}
"""Tenth-set variants the suite passes (exit 0), each with why; every other one is caught
(52 of 54 MUST variants after round 11, measured whole: results_blind10.json)."""

BLIND11_PASSES: dict[str, str] = {
    **dict.fromkeys(BLIND11_SHOULD_ONLY, "a SHOULD-only control: the run warns and exits 0"),
    "b11-contact-updates-closed-out-of-hours": (
        "borderline, allowed: the docs tie core hours to the online consultation form and say "
        "nothing of the hours of the contact details facility"
    ),
}
"""Eleventh-set variants the suite passes (exit 0), each with why; every other one is caught
(47 of 50 MUST variants before round 12, measured whole against 2.6.0:
results_blind11_blind.json; 50 of 50 after it, measured whole: results_blind11.json)."""

_B12_ACTED = "missed at the blind measurement and left in round 13: the defect acts, undetected"
_B12_NEVER = "missed at the blind measurement and left in round 13: the suite cannot set it off"
BLIND12_PASSES: dict[str, str] = {
    **dict.fromkeys(BLIND12_SHOULD_ONLY, "a SHOULD-only control: the run warns and exits 0"),
    "b12-body-limit-32-kib": (
        "borderline: the body limit is the vendor's (a SHOULD of at least 64 KiB); never acted"
    ),
    "b12-message-requester-default-object-when-absent": (
        _B12_ACTED + " (arguably allowed: a requester of role patient means the same as none)"
    ),
    # The tool's references are random: whether the filter lets an unknown one through
    # varies run to run, so this one is kept out of the CI sample (every 24th).
    "b12-message-reply-bloom-filter-false-positive": _B12_NEVER,
}
"""Twelfth-set variants the suite passes (exit 0), each with why: 41 of 50 MUST variants
caught at the blind measurement against 2.7.0 (results_blind12_blind.json); round 13 (2.8.0)
catches seven of the nine misses (results_blind12_round13_only.json). Left: a default requester
object (arguably allowed) and the Bloom filter's random false positive."""


BLIND13_PASSES: dict[str, str] = {
    **dict.fromkeys(BLIND13_SHOULD_ONLY, "a SHOULD-only control: the run warns and exits 0"),
    "b13-closed-message-welsh-default-locale": (
        "borderline: a closed message in Welsh when no language is asked for (acted)"
    ),
}
"""Thirteenth-set variants the suite passes (exit 0), each with why: 26 of 50 MUST variants
caught at the blind measurement against 2.8.0 (results_blind13_blind.json); round 14 (2.9.0)
catches the photo hand-over (results_blind13_round14_only.json), its second part (2.10.0)
the other 23 (results_blind13_round14b_only.json and, for the record-ID cache,
results_blind13_round14c_only.json)."""

BLIND14_PASSES: dict[str, str] = {
    **dict.fromkeys(BLIND14_SHOULD_ONLY, "a SHOULD-only control: the run warns and exits 0"),
    "b14-ack-time-12-hour-percent-i": (
        "borderline: a 12-hour clock time without am/pm (acted); the contract lists '4:00' as "
        "a spelling of 16:00"
    ),
    "b14-body-limit-exactly-64-kib": (
        "borderline: bodies over 64 KiB refused, the contract's SHOULD floor (a 10,000-emoji "
        "description escaped as surrogate pairs is about 120 KB)"
    ),
}
"""Fourteenth-set variants the suite passes (exit 0), each with why: 17 of 40 MUST variants
caught at the blind measurement against 2.10.0 (results_blind14_blind.json, the suite frozen
at e12ca82); round 15 (2.11.0) catches the other 23 (results_blind14_round15_only.json):
left, the SHOULD controls and two borderline variants."""


BLIND15_PASSES: dict[str, str] = {
    **dict.fromkeys(BLIND15_SHOULD_ONLY, "a SHOULD-only control: the run warns and exits 0"),
    **dict.fromkeys(BLIND15_BORDERLINE, "borderline: arguably allowed (see variants_blind15)"),
}
"""Fifteenth-set variants the suite passes (exit 0), each with why: 23 of 40 MUST variants
caught at the blind measurement against 2.11.0 (results_blind15_blind.json, the suite frozen
at e0368f1); round 16 (2.12.0) catches the other 17 (results_blind15_round16_only.json):
left, the SHOULD controls and the three borderline variants."""


BLIND16_PASSES: dict[str, str] = {
    **dict.fromkeys(BLIND16_SHOULD_ONLY, "a SHOULD-only control: the run warns and exits 0"),
    "b16-ack-safety-net-abbreviation-full-stops": "borderline: a safety net with 'e.g.' (see "
    "variants_blind16); passes since 2.12.0 reads it as one sentence",
    "b16-record-id-uuid7": "borderline: UUIDv7 record IDs (see variants_blind16)",
}
"""Sixteenth-set variants the suite passes (exit 0), each with why: 36 of 40 MUST variants
caught at the blind measurement against 2.12.0 (results_blind16_blind.json, the suite frozen
at 5f6b637); round 17 (2.13.0) catches the other 4 (results_blind16_round17_only.json).
The third borderline variant (statuses kept exactly 90 days) is caught: the suite reads a
status 91 days on."""


BLIND17_PASSES: dict[str, str] = {
    **dict.fromkeys(BLIND17_SHOULD_ONLY, "a SHOULD-only control: the run warns and exits 0"),
    "b17-status-times-in-london-offset": "borderline: the status's instants in London's offset "
    "(see variants_blind17): the same instants, other strings",
    "b17-outcome-video-auto-books-session": "borderline: a session the tool books itself is "
    "one more VC record (see variants_blind17)",
    "b17-usage-children-under-13-suppressed": "missed at the blind measurement (round 18): "
    "the defect acted, undetected",
}
"""Seventeenth-set variants the suite passes (exit 0), each with why: 35 of 36 MUST variants
caught at the blind measurement against 2.13.0 (results_blind17_blind.json, the suite frozen
at 30a8f1f): 97%. The one miss (a usage export that leaves out children under 13) is the
next round's."""


_BLIND_SETS: dict[
    str, tuple[dict[str, str], dict[str, str], frozenset[str], dict[str, str], int]
] = {
    # name: (variants, those the suite passes, SHOULD-only, borderline, CI samples every n-th)
    # The third set, written blind: 37 of 66 caught before this round, 65 after.
    "blind3": (BLIND3, BLIND3_PASSES, frozenset(BLIND3_SHOULD_ONLY), BLIND3_BORDERLINE, 96),
    # The fourth set, written blind: 54 of 68 caught before round 4, 68 of 68 after.
    "blind4": (BLIND4, BLIND4_PASSES, frozenset(BLIND4_SHOULD_ONLY), BLIND4_BORDERLINE, 96),
    # The fifth set, written blind: 46 of 66 caught before round 5 (results_blind5_blind.json).
    "blind5": (BLIND5, BLIND5_PASSES, frozenset(BLIND5_SHOULD_ONLY), BLIND5_BORDERLINE, 96),
    # The sixth set, written blind: 38 of 62 caught before round 6 (results_blind6_blind.json),
    # 62 of 62 after it (results_blind6.json).
    "blind6": (BLIND6, BLIND6_PASSES, frozenset(BLIND6_SHOULD_ONLY), BLIND6_BORDERLINE, 96),
    # The seventh set, written blind: 44 of 60 caught before round 7 (results_blind7_blind.json),
    # all after it (results_blind7.json).
    "blind7": (BLIND7, BLIND7_PASSES, frozenset(BLIND7_SHOULD_ONLY), BLIND7_BORDERLINE, 96),
    # The eighth set, written blind: 38 of 60 caught before round 8 (results_blind8_blind.json).
    "blind8": (BLIND8, BLIND8_PASSES, frozenset(BLIND8_SHOULD_ONLY), BLIND8_BORDERLINE, 96),
    # The ninth set, written blind: 41 of 61 caught before round 8 (results_blind9_blind.json);
    # after round 9 every sampled MUST variant is caught (measured with `--only`, not whole).
    "blind9": (BLIND9, BLIND9_PASSES, frozenset(BLIND9_SHOULD_ONLY), BLIND9_BORDERLINE, 96),
    # The tenth set, written blind: 43 of 54 caught before round 11
    # (results_blind10_blind.json), 52 of 54 after it (results_blind10.json).
    "blind10": (BLIND10, BLIND10_PASSES, frozenset(BLIND10_SHOULD_ONLY), BLIND10_BORDERLINE, 96),
    # The eleventh set, written blind: 47 of 50 caught before round 12
    # (results_blind11_blind.json).
    "blind11": (BLIND11, BLIND11_PASSES, frozenset(BLIND11_SHOULD_ONLY), BLIND11_BORDERLINE, 96),
    # The twelfth set, written blind: 41 of 50 caught before round 13
    # (results_blind12_blind.json).
    "blind12": (BLIND12, BLIND12_PASSES, frozenset(BLIND12_SHOULD_ONLY), BLIND12_BORDERLINE, 96),
    # Every 24th: three caught since round 14 (results_blind13_blind.json).
    "blind13": (BLIND13, BLIND13_PASSES, frozenset(BLIND13_SHOULD_ONLY), BLIND13_BORDERLINE, 96),
    # The fourteenth set, written blind: 17 of 40 caught before round 15
    # (results_blind14_blind.json), all 40 after it (results_blind14_round15_only.json).
    "blind14": (BLIND14, BLIND14_PASSES, frozenset(BLIND14_SHOULD_ONLY), BLIND14_BORDERLINE, 48),
    # The fifteenth set, written blind: 23 of 40 caught before round 16
    # (results_blind15_blind.json), all 40 after it (results_blind15_round16_only.json).
    "blind15": (BLIND15, BLIND15_PASSES, frozenset(BLIND15_SHOULD_ONLY), BLIND15_BORDERLINE, 48),
    # The sixteenth set, written blind: 36 of 40 caught (results_blind16_blind.json), all 40
    # after round 17 (results_blind16_round17_only.json).
    "blind16": (BLIND16, BLIND16_PASSES, frozenset(BLIND16_SHOULD_ONLY), BLIND16_BORDERLINE, 24),
    # The seventeenth set, written blind: 35 of 36 caught (results_blind17_blind.json). Every
    # 16th.
    "blind17": (BLIND17, BLIND17_PASSES, frozenset(BLIND17_SHOULD_ONLY), BLIND17_BORDERLINE, 16),
}
"""The blind sets, each written by an outside engineer and measured before its round."""


@pytest.mark.parametrize(
    ("vset", "variant"),
    [
        (name, v)
        for name, (vs, *_, every) in _BLIND_SETS.items()
        for v in _sample(sorted(vs), every)
    ],
)
def test_each_blind_variant_is_caught_unless_listed(
    vset: str, variant: str, tmp_path: Path
) -> None:
    variants, passes = _BLIND_SETS[vset][:2]
    code, report = _run(variant, tmp_path)
    if variant in passes:
        assert code == 0, f"{variant} is now caught by {_failing(report)}: update {vset} passes"
    else:
        assert code == 1, f"{variant} ({variants[variant]}) was not caught"
        assert report["verdict"] == "not_conformant"


@pytest.mark.parametrize("vset", sorted(_BLIND_SETS))
def test_blind_lists_are_consistent(vset: str) -> None:
    variants, passes, should_only, borderline, _ = _BLIND_SETS[vset]
    assert set(passes) <= set(variants)
    assert set(should_only) <= set(variants)
    assert set(borderline) <= set(variants)
