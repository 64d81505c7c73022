"""The practice check's report: typed values, written to JSON by the SDK's converter.

The JSON report is `gponline_sdk.serde.to_json(report)`; its JSON Schema is
`gponline_sdk.serde.schema.json_schema(PracticeReport)` (both are derived from
these classes, so they cannot drift apart). Strings quoted from a practice's
web pages are kept as found (trimmed, control characters removed) and must be
escaped by whatever shows them; `render_practice_html` does.
"""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from gponline_sdk.conformance.core import Level
from gponline_sdk.errors import ConfigError
from gponline_sdk.models._validators import aware_datetime

__all__ = [
    "Answer",
    "Attestation",
    "AttestationQuestion",
    "Finding",
    "Outcome",
    "PageSummary",
    "PracticeReport",
    "ReportSummary",
    "Timeouts",
]


class Outcome(enum.Enum):
    """How one automated practice check ended."""

    PASS = "pass"  # noqa: S105 - an outcome, not a password
    FAIL = "fail"
    CHECK_BY_HAND = "check_by_hand"
    """The heuristics could not tell: a person should look at the page."""
    NOT_APPLICABLE = "not_applicable"
    """The check does not apply now (outside core hours, or no tool address given)."""

    @property
    def label(self) -> str:
        """Plain-English label, the same in the HTML report and on the terminal."""
        return _LABELS[self]


_LABELS = {
    Outcome.PASS: "Yes",
    Outcome.FAIL: "No",
    Outcome.CHECK_BY_HAND: "Check by hand",
    Outcome.NOT_APPLICABLE: "Not applicable now",
}


class Answer(enum.Enum):
    """A practice's answer to one attestation question."""

    YES = "yes"
    NO = "no"
    NOT_ANSWERED = "not_answered"

    @property
    def label(self) -> str:
        """Plain-English label, the same in the HTML report and on the terminal."""
        return _ANSWER_LABELS[self]


_ANSWER_LABELS = {Answer.YES: "Yes", Answer.NO: "No", Answer.NOT_ANSWERED: "Not answered"}


@attrs.frozen(kw_only=True)
class Timeouts:
    """Limits on every request the practice check makes.

    Attributes:
        connect: Seconds to wait for a connection.
        read: Seconds to wait between bytes of the answer.
        total: Seconds a whole page may take, so a server that drips bytes cannot
            hold the check for ever (`read` alone restarts with every byte).
        max_bytes: Largest page read; a bigger one is refused, not cut short,
            because links at the foot of a cut page would be missed silently.
        max_redirects: Redirects followed (http and https only).
    """

    connect: float = 5.0
    read: float = 10.0
    total: float = 30.0
    max_bytes: int = 2 * 1024 * 1024
    max_redirects: int = 5

    def __attrs_post_init__(self) -> None:
        for name in ("connect", "read", "total"):
            if not getattr(self, name) > 0:
                raise ConfigError(f"timeouts.{name} must be more than 0 seconds")
        if self.max_bytes < 1 or self.max_redirects < 0:
            raise ConfigError("timeouts.max_bytes must be positive and max_redirects not negative")


@attrs.frozen(kw_only=True)
class AttestationQuestion:
    """A Yes/No question a practice answers for what cannot be checked automatically.

    Attributes:
        id: Stable ID, e.g. `PRAC-ATT-01`; answers files use it.
        question: The question in plain English; Yes is the compliant answer.
        why: Why it matters, in a sentence or two.
        source: Where the rule comes from (contract or NHS England guidance).
        requirements: IDs of the requirements in the suite's catalogue it answers for.
        advice: What to do next if the answer is No (see `attest.no_advice`).
    """

    id: str
    question: str
    why: str
    source: str
    requirements: tuple[str, ...] = ()
    advice: str = ""


@attrs.frozen(kw_only=True)
class Attestation:
    """One question with the practice's answer, and what to do if it is No."""

    id: str
    question: str
    why: str
    source: str
    answer: Answer
    requirements: tuple[str, ...] = ()
    advice: str = ""


@attrs.frozen(kw_only=True)
class Finding:
    """The result of one automated check of the practice's pages or tool.

    Attributes:
        id: Stable ID, e.g. `PRAC-WEB-01`.
        title: What was checked, as a question-free heading.
        level: How strongly the rule binds (MUST, SHOULD).
        source: Where the rule comes from.
        outcome: How the check ended.
        summary: One plain-English sentence for the practice manager.
        advice: What to do about it; empty when nothing needs doing.
        evidence: What was seen on the page (quoted text, link addresses), as found.
        requirements: IDs of the requirements in the suite's catalogue it bears on.
    """

    id: str
    title: str
    level: Level
    source: str
    outcome: Outcome
    summary: str
    advice: str = ""
    evidence: tuple[str, ...] = ()
    requirements: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class PageSummary:
    """The practice web page as fetched.

    Attributes:
        requested_url: The address asked for (any user:password part removed).
        final_url: Where redirects ended.
        redirects: Each address redirected to, in order.
        status: The final HTTP status.
        title: The page's title, as found.
        links: How many links the page holds.
        bytes: Size of the page read.
    """

    requested_url: str
    final_url: str
    redirects: tuple[str, ...] = ()
    status: int
    title: str = ""
    links: int = 0
    bytes: int = 0


@attrs.frozen(kw_only=True)
class ReportSummary:
    """Counts over a report, and whether everything is confirmed.

    `all_clear` holds when every automated check passed (or does not apply now)
    and every attestation is answered Yes; it is what the command's exit code 0 means.
    """

    passed: int
    failed: int
    check_by_hand: int
    not_applicable: int
    yes: int
    no: int
    not_answered: int
    all_clear: bool

    @classmethod
    def of(
        cls, findings: tuple[Finding, ...], attestations: tuple[Attestation, ...]
    ) -> ReportSummary:
        """Count the outcomes and answers of a report."""
        outcomes = [f.outcome for f in findings]
        answers = [a.answer for a in attestations]
        counts = {o: outcomes.count(o) for o in Outcome}
        said = {a: answers.count(a) for a in Answer}
        return cls(
            passed=counts[Outcome.PASS],
            failed=counts[Outcome.FAIL],
            check_by_hand=counts[Outcome.CHECK_BY_HAND],
            not_applicable=counts[Outcome.NOT_APPLICABLE],
            yes=said[Answer.YES],
            no=said[Answer.NO],
            not_answered=said[Answer.NOT_ANSWERED],
            all_clear=(
                counts[Outcome.FAIL] == counts[Outcome.CHECK_BY_HAND] == 0
                and said[Answer.YES] == len(answers)
            ),
        )


def _summary_of(report: PracticeReport) -> ReportSummary:
    return ReportSummary.of(report.findings, report.attestations)


@attrs.frozen(kw_only=True)
class PracticeReport:
    """Everything the practice check found, ready for the HTML and JSON reports.

    Attributes:
        report_version: Shape of this report; bumped on an incompatible change.
        sdk_version: The gponline-sdk version that made it.
        checked_at: The instant the check counts as made at (core hours are judged then).
        website: The practice web page as fetched.
        tool_url: The online consultation tool's address, if given.
        findings: The automated checks, in a fixed order.
        attestations: Every attestation question with its answer.
        summary: Counts, computed from the findings and attestations.
    """

    report_version: int = 1
    sdk_version: str
    checked_at: datetime = attrs.field(validator=aware_datetime)
    website: PageSummary
    tool_url: str | None = None
    findings: tuple[Finding, ...]
    attestations: tuple[Attestation, ...]
    summary: ReportSummary = attrs.field(default=attrs.Factory(_summary_of, takes_self=True))

    def __attrs_post_init__(self) -> None:
        # A summary read back from a file must agree with what it summarises.
        if self.summary != _summary_of(self):
            raise ValueError("summary does not match the findings and attestations")

    def with_answers(self, answers: dict[str, Answer]) -> PracticeReport:
        """Return a copy with some attestations answered (IDs not in `answers` kept).

        Raises:
            ConfigError: if an ID is not one of the report's questions.
        """
        known = {a.id for a in self.attestations}
        unknown = sorted(set(answers) - known)
        if unknown:
            raise ConfigError(f"unknown attestation question ID(s): {', '.join(unknown)}")
        updated = tuple(
            attrs.evolve(a, answer=answers.get(a.id, a.answer)) for a in self.attestations
        )
        return attrs.evolve(
            self, attestations=updated, summary=ReportSummary.of(self.findings, updated)
        )
