"""The vendor-facing docs agree with the suite: check table, changelog, exit codes, MUST/SHOULD.

`docs/contract-changes.md` carries a table of every check, generated from the
registry; run this file as a script with ``--write`` to regenerate it:

    .venv/bin/python tests/conformance/test_vendor_docs.py --write
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import gponline_sdk.conformance.checks  # noqa: F401 - registers every check
from gponline_sdk.cli import _exit
from gponline_sdk.conformance.catalogue import load_catalogue
from gponline_sdk.conformance.contract import CONTRACT_VERSION, openapi_document
from gponline_sdk.conformance.core import CHECKS

ROOT = Path(__file__).resolve().parents[2]
CHANGES = ROOT / "docs" / "contract-changes.md"
VENDOR = ROOT / "docs" / "vendor.md"
START, END = "<!-- check-table:start -->", "<!-- check-table:end -->"
_INVALID_INPUT = "robustness.invalid-input."


def check_table() -> str:
    """The markdown table of every registered check: ID, requirements (level), group, summary."""
    catalogue = load_catalogue()
    rows = [
        "| check ID | verifies | group | what it shows |",
        "|---|---|---|---|",
    ]
    for check in sorted(CHECKS.values(), key=lambda c: c.id):
        reqs = ", ".join(
            f"{r} ({catalogue[r].level.value})" if r in catalogue else r for r in check.requirements
        )
        title = check.title.replace("|", "\\|")
        rows.append(f"| `{check.id}` | {reqs} | {check.group} | {title} |")
    return "\n".join(rows)


def _with_table(text: str, table: str) -> str:
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{table}\n{END}{tail}"


def _table_in_doc() -> str:
    text = CHANGES.read_text(encoding="utf-8")
    return text.split(START, 1)[1].split(END, 1)[0].strip()


def test_check_table_matches_the_registry() -> None:
    assert _table_in_doc() == check_table(), (
        "docs/contract-changes.md's check table differs from the registry; regenerate it with "
        "`.venv/bin/python tests/conformance/test_vendor_docs.py --write`, and list any new, "
        "renamed or split check in the changelog above it"
    )


def _check_ids_named(text: str) -> set[str]:
    """Backticked tokens shaped like a check ID (`group.name`) in `text`."""
    groups = {c.group for c in CHECKS.values()}
    tokens = set(re.findall(r"`([a-z][a-z0-9-]*\.[A-Za-z0-9_.{}-]+)`", text))
    return {t for t in tokens if t.split(".", 1)[0] in groups}


def test_every_check_is_announced_in_the_changelog() -> None:
    # A check ID a vendor may put in an expected-failures file must be listed in a release
    # entry (outside the generated table), and the entries name no check the suite lacks.
    changelog = CHANGES.read_text(encoding="utf-8").split(START, 1)[0]
    named = _check_ids_named(changelog)
    assert set(CHECKS) - named == set(), "checks not announced in docs/contract-changes.md"
    assert named - set(CHECKS) == set(), "the changelog names checks the suite does not have"


def test_changelog_has_an_entry_for_the_contract_version() -> None:
    assert openapi_document()["info"]["version"] == CONTRACT_VERSION
    text = CHANGES.read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(CONTRACT_VERSION)} \(", text, re.MULTILINE), (
        f"docs/contract-changes.md has no '## {CONTRACT_VERSION} (date)' entry"
    )
    assert "docs/contract-changes.md" in openapi_document()["info"]["description"]


def test_must_and_should_for_bad_input_agree_with_the_registry() -> None:
    # Accepting a forbidden body breaks the operation's MUST (robustness.invalid-input.*);
    # how it is refused is ROB-4XX-01, a SHOULD. The catalogue, the contract and
    # vendor.md name the same MUST requirements as the registry's checks verify.
    musts = {r for c in CHECKS.values() if c.id.startswith(_INVALID_INPUT) for r in c.requirements}
    assert musts
    catalogue = load_catalogue()
    assert catalogue["ROB-4XX-01"].level.value == "SHOULD"
    assert {catalogue[r].level.value for r in musts} == {"MUST"}
    rationale = catalogue["ROB-4XX-01"].rationale or ""
    conventions = openapi_document()["info"]["description"]
    vendor = VENDOR.read_text(encoding="utf-8")
    for where, text in (("catalogue", rationale), ("contract", conventions), ("vendor", vendor)):
        missing = {r for r in musts if r not in text}
        assert not missing, f"{where} does not name {sorted(missing)} as MUSTs for bad input"
        assert "ROB-4XX-01" in text or where == "catalogue", where


def _exit_rows(text: str) -> dict[int, str]:
    return {int(m[1]): m[2] for m in re.finditer(r"^\| (\d) \| (.+) \|$", text, re.MULTILINE)}


def test_vendor_exit_code_table_covers_every_code_the_run_can_give() -> None:
    rows = _exit_rows(VENDOR.read_text(encoding="utf-8"))
    codes = {_exit.OK, _exit.FAILED, _exit.USAGE, _exit.UNREACHABLE, _exit.INTERNAL}
    assert codes <= set(rows)
    assert "bug" in rows[_exit.INTERNAL]
    assert "never read it as non-conformant" in rows[_exit.INTERNAL]


def test_docs_point_nowhere_outside_the_repo() -> None:
    # Self-contained: only placeholder hosts (example.com, localhost) appear as URLs.
    allowed = re.compile(r"https?://(127\.0\.0\.1|localhost|[a-z.]*example\.com)\b")
    for path in (CHANGES, VENDOR):
        for url in re.findall(r"https?://[^\s)`'\"]+", path.read_text(encoding="utf-8")):
            assert allowed.match(url), f"{path.name} points outside the repo: {url}"


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: test_vendor_docs.py --write   (regenerates docs/contract-changes.md)")
    CHANGES.write_text(
        _with_table(CHANGES.read_text(encoding="utf-8"), check_table()), encoding="utf-8"
    )
    print(f"wrote {len(CHECKS)} checks to {CHANGES.relative_to(ROOT)}")
