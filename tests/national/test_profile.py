"""The national profile: one file of facts, each confirmed (with a source) or provisional.

Held here: the shipped profile loads and says where each confirmed fact comes from; a broken
profile is refused naming the file and JSON path; `gponline report profile` shows, copies and
checks it; and a profile with other names changes what is written, sent and read, end to end
on mesh-sandbox (in a child process, since the profile is fixed per process).
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gponline_sdk.cli.main import main
from gponline_sdk.errors import ConfigError
from gponline_sdk.national import DEFAULT_PROFILE_PATH, PROFILE_ENV, default_profile, load_profile
from gponline_sdk.reference.sandbox import MeshSandbox
from gponline_sdk.reporting.validate import validate_file

HERE = Path(__file__).resolve().parent


def _doc() -> dict[str, Any]:
    return json.loads(DEFAULT_PROFILE_PATH.read_text(encoding="utf-8"))


def _write(tmp_path: Path, doc: dict[str, Any], name: str = "profile.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_the_shipped_profile_loads_and_every_confirmed_fact_names_its_source() -> None:
    profile = default_profile()
    confirmed = [f for f in profile.facts.values() if f.confirmed]
    assert confirmed
    assert profile.provisional()
    assert all(f.source in profile.sources for f in confirmed)
    # What DOMAIN facts say is NHS England's, the profile must not call an assumption.
    for name in (
        "workflow.bulk",
        "mailbox.test",
        "rejection.file.multiple_periods",
        "rejection.file.period_too_long",
        "participation.historic",
    ):
        assert profile.facts[name].confirmed, name
    # And what is unpublished must not be called confirmed.
    for name in (
        "workflow.weekly",
        "workflow.report",
        "report.layout",
        "mailbox.live",
        "resend.latest_wins_key",
        "file.name.weekly",
        "data_type.oc_record.fields",
    ):
        assert not profile.facts[name].confirmed, name
    assert profile.bulk_types() == sorted(
        ["incident", "oc_aggregate", "oc_practice", "oc_record", "vc_aggregate", "vc_record"]
    )


def _broken(mutate: str) -> dict[str, Any]:
    doc = _doc()
    facts = doc["facts"]
    if mutate == "missing":
        del facts["workflow.bulk"]
    elif mutate == "unknown":
        facts["workflow.weeklly"] = {"value": "X", "status": "provisional"}
    elif mutate == "status":
        facts["workflow.bulk"]["status"] = "probably"
    elif mutate == "source":
        facts["workflow.weekly"]["status"] = "confirmed"
    elif mutate == "workflow":
        facts["workflow.weekly"]["value"] = "has spaces"
    elif mutate == "field-dropped":
        del facts["data_type.oc_record.fields"]["value"]["category"]
    elif mutate == "field-clash":
        facts["data_type.oc_record.fields"]["value"]["category"] = "record_id"
    elif mutate == "layout":
        del facts["report.layout"]["value"]["file_columns"]["outcome"]
    elif mutate == "mailbox":
        facts["mailbox.live"]["value"] = "X26/../"
    return doc


CASES = {
    "missing": "$.facts: missing fact 'workflow.bulk'",
    "unknown": "$.facts.workflow.weeklly: not a fact the SDK knows",
    "status": "$.facts.workflow.bulk.status",
    "source": "$.facts.workflow.weekly.source",
    "workflow": "$.facts.workflow.weekly.value: expected a workflow ID",
    "field-dropped": "$.facts.data_type.oc_record.fields.value: must name exactly",
    "field-clash": "$.facts.data_type.oc_record.fields.value: two fields share",
    "layout": "$.facts.report.layout.value: file_columns needs 'outcome'",
    "mailbox": "$.facts.mailbox.live.value",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_broken_profile_is_refused_naming_file_and_json_path(case: str, tmp_path: Path) -> None:
    path = _write(tmp_path, _broken(case))
    with pytest.raises(ConfigError) as caught:
        load_profile(path)
    assert str(path) in str(caught.value)
    assert CASES[case] in str(caught.value)


def test_a_profile_that_is_not_json_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_bytes(b"\xff{not json")
    with pytest.raises(ConfigError, match=r"\$: not JSON"):
        load_profile(path)


def test_report_profile_flags_provisional_facts_and_copies_and_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "profile", "--provisional"]) == 0
    shown = capsys.readouterr().out
    assert "PROVISIONAL workflow.weekly" in shown
    assert "confirmed" not in shown.split("\n", 2)[2]  # only provisional facts listed
    copy_path = tmp_path / "mine.json"
    assert main(["report", "profile", "--write", str(copy_path)]) == 0
    assert main(["report", "profile", "--write", str(copy_path)]) == 2  # never overwrites
    assert main(["report", "profile", "--check", str(copy_path)]) == 0
    _write(tmp_path, _broken("unknown"), "bad.json")
    assert main(["report", "profile", "--check", str(tmp_path / "bad.json")]) == 2
    assert "workflow.weeklly" in capsys.readouterr().err


def alt_profile() -> dict[str, Any]:
    """The shipped profile with other names for everything a file, a send and a read use."""
    doc = copy.deepcopy(_doc())
    facts = doc["facts"]
    doc["version"] = "test-alt"
    facts["data_type.oc_record.name"]["value"] = "ocsubmission"
    fields = facts["data_type.oc_record.fields"]["value"]
    facts["data_type.oc_record.fields"]["value"] = {k: f"oc_{v}" for k, v in fields.items()}
    facts["file.header.fields"]["value"]["supplier_id"] = "sender_org"
    facts["file.header_key"]["value"] = "metadata"
    facts["file.records_key"]["value"] = "rows"
    facts["file.xml_root"]["value"] = "ocvc_return"
    facts["file.name.weekly"]["value"] = "week_{week}_{data_type}_{supplier_id}.{ext}"
    facts["workflow.weekly"]["value"] = "OCVC_WEEKLY_ALT"
    facts["workflow.report"]["value"] = ["OCVC_REPORT_ALT"]
    return doc


def _run_child(sandbox: MeshSandbox, work: Path, fmt: str, profile: Path | None) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != PROFILE_ENV}
    if profile is not None:
        env[PROFILE_ENV] = str(profile)
    work.mkdir()
    done = subprocess.run(
        [
            sys.executable,
            str(HERE / "_alt_profile_run.py"),
            sandbox.url,
            sandbox.shared_key,
            str(work),
            fmt,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.sandbox
@pytest.mark.parametrize("fmt", ["json", "csv", "xml"])
def test_a_profile_with_other_names_changes_what_is_written_sent_and_read(
    fmt: str, tmp_path: Path, clean_mesh_sandbox: MeshSandbox
) -> None:
    alt = _write(tmp_path, alt_profile())
    got = _run_child(clean_mesh_sandbox, tmp_path / "alt", fmt, alt)
    assert got["profile"] == "test-alt"
    assert got["files"] == [
        f"week_2026-W47_oc_aggregate_ACME-OC.{fmt}",
        f"week_2026-W47_ocsubmission_ACME-OC.{fmt}",
    ]
    head = got["head"]
    assert "oc_record_id" in head
    assert "sender_org" in head
    assert "supplier_id" not in head
    if fmt == "json":
        assert '"metadata"' in head
        assert '"rows"' in head
    if fmt == "xml":
        assert "<ocvc_return" in head
        assert "<ocsubmission" in head
    assert got["sent"] == 2
    assert got["collector_saw_workflows"] == ["OCVC_WEEKLY_ALT"] * 2
    assert got["collector_outcomes"] == ["accepted"] * 2
    assert sorted(map(tuple, got["status"])) == [
        ("oc_aggregate", "accepted"),
        ("oc_record", "accepted"),
    ]
    # Read with the shipped profile, the same file is not a valid submission.
    assert validate_file(Path(got["path"]), participating=None).rejected


@pytest.mark.sandbox
def test_the_same_run_with_the_shipped_profile_uses_the_shipped_names(
    tmp_path: Path, clean_mesh_sandbox: MeshSandbox
) -> None:
    got = _run_child(clean_mesh_sandbox, tmp_path / "shipped", "json", None)
    assert got["files"] == ["ACME-OC_oc_aggregate_2026-W47.json", "ACME-OC_oc_record_2026-W47.json"]
    assert '"header"' in got["head"]
    assert '"supplier_id"' in got["head"]
    assert got["collector_saw_workflows"] == [default_profile().workflow("weekly")] * 2
    assert not validate_file(Path(got["path"]), participating=None).rejected


def test_validation_output_says_whose_rule_each_reason_is() -> None:
    from gponline_sdk.reporting.validate import ReasonCode

    published = {r for r in ReasonCode if r.rule == "NHS England rule"}
    assert published == {
        ReasonCode.MULTIPLE_PERIODS,
        ReasonCode.PERIOD_TOO_LONG,
        ReasonCode.PRACTICE_NOT_PARTICIPATING,
    }
    assert ReasonCode.HEADER_MISSING.rule == "SDK pre-flight rule"
