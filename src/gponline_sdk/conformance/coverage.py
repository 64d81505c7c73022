"""Coverage: which requirements have checks, which MUSTs lack one, which are attestations.

A MUST that is meant to be tested (`verification: automated`) but has no
registered check is a gap in the suite; `gponline conformance coverage` exits
non-zero while one exists. Attestations are listed with the reason they cannot
be tested, so a reviewer can challenge the reason.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from gponline_sdk.conformance.catalogue import Catalogue
from gponline_sdk.conformance.core import CHECKS, Check, Level, Requirement, Verification

__all__ = ["Coverage", "RequirementCoverage", "compute_coverage", "render_coverage"]


@attrs.frozen(kw_only=True)
class RequirementCoverage:
    """One requirement and the IDs of the checks that verify it."""

    requirement: Requirement
    checks: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Coverage:
    """The catalogue against the registered checks."""

    requirements: tuple[RequirementCoverage, ...]
    unknown_references: tuple[tuple[str, str], ...] = ()
    """(check ID, requirement ID) pairs where a check names a requirement the catalogue lacks."""

    @property
    def uncovered_musts(self) -> tuple[Requirement, ...]:
        """Automated MUST requirements that no check verifies."""
        return tuple(r for r in self.uncovered if r.level is Level.MUST)

    @property
    def uncovered(self) -> tuple[Requirement, ...]:
        """Every automated requirement (any level) that no check verifies."""
        return tuple(
            c.requirement
            for c in self.requirements
            if c.requirement.verification is Verification.AUTOMATED and not c.checks
        )

    @property
    def attestations(self) -> tuple[Requirement, ...]:
        """Requirements answered by the practice or supplier, not tested."""
        return tuple(
            c.requirement
            for c in self.requirements
            if c.requirement.verification is Verification.ATTESTATION
        )

    @property
    def complete(self) -> bool:
        """True when every automated MUST has a check and every check names known IDs."""
        return not self.uncovered_musts and not self.unknown_references


def compute_coverage(catalogue: Catalogue, checks: Iterable[Check] | None = None) -> Coverage:
    """Match `checks` (default: every registered check) against `catalogue`."""
    pool = list(CHECKS.values() if checks is None else checks)
    rows = tuple(
        RequirementCoverage(
            requirement=req, checks=tuple(c.id for c in pool if req.id in c.requirements)
        )
        for req in catalogue
    )
    unknown = tuple((c.id, r) for c in pool for r in c.requirements if r not in catalogue)
    return Coverage(requirements=rows, unknown_references=unknown)


def render_coverage(coverage: Coverage) -> str:
    """A plain-text coverage table with the gaps and attestations spelt out."""
    width = max((len(r.requirement.id) for r in coverage.requirements), default=2)
    lines = [f"{'ID':<{width}} {'LEVEL':<6} {'HOW':<11} CHECKS"]
    for row in coverage.requirements:
        req = row.requirement
        how = req.verification.value
        if req.verification is Verification.ATTESTATION:
            shown = "(attestation)"
        else:
            shown = ", ".join(row.checks) or "-- NONE --"
        lines.append(f"{req.id:<{width}} {req.level.value:<6} {how:<11} {shown}")
    if coverage.attestations:
        lines += ["", "Attestations (answered, not tested) and why:"]
        for req in coverage.attestations:
            lines.append(f"  {req.id}: {req.rationale}")
    if coverage.unknown_references:
        lines += ["", "Checks naming requirements the catalogue does not have:"]
        lines += [f"  {check_id} -> {req_id}" for check_id, req_id in coverage.unknown_references]
    if coverage.uncovered_musts:
        lines += ["", "MUST requirements with no check:"]
        lines += [f"  {r.id}  {r.title}" for r in coverage.uncovered_musts]
    others = [r for r in coverage.uncovered if r.level is not Level.MUST]
    if others:
        lines += ["", "SHOULD/MAY requirements with no check:"]
        lines += [f"  {r.id}  {r.title}" for r in others]
    automated = [
        r for r in coverage.requirements if r.requirement.verification.value == "automated"
    ]
    covered = sum(1 for r in automated if r.checks)
    lines += ["", f"{covered} of {len(automated)} testable requirements have a check."]
    return "\n".join(lines) + "\n"
