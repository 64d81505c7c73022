"""`gponline init`: each template is what its command reads, commented, and never overwrites."""

from __future__ import annotations

import argparse
import re
import stat
from pathlib import Path

import pytest

from gponline_sdk.cli.conformance import _from_file
from gponline_sdk.cli.main import main
from gponline_sdk.cli.report._settings import KNOWN_KEYS, settings_of
from gponline_sdk.conformance.practice.attest import load_answers, load_questions
from gponline_sdk.conformance.practice.models import Answer
from gponline_sdk.errors import InputFileError
from gponline_sdk.mesh import load_config
from gponline_sdk.mesh.config import _CHECKS as MESH_KEYS

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

# A commented setting: `# key = value`, with a comment after it or not.
_SETTING = re.compile(r"^# ([A-Za-z0-9_-]+ = .*)$", re.M)
_SECRETS = {"GPONLINE_MESH_PASSWORD": "pw", "GPONLINE_MESH_SHARED_KEY": "sk"}


def _init(tmp_path: Path, who: str) -> Path:
    out = tmp_path / f"{who}.toml"
    assert main(["init", who, "--out", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    return out


def _uncommented(path: Path) -> Path:
    """The template with every commented setting switched on."""
    text = _SETTING.sub(r"\1", path.read_text(encoding="utf-8"))
    full = path.with_name("full-" + path.name)
    full.write_text(text, encoding="utf-8")
    return full


def _settings_args(config: Path) -> argparse.Namespace:
    return argparse.Namespace(
        config=config, supplier_id=None, products=None, key_file=None, outbox=None, out_dir=None
    )


def test_the_supplier_template_holds_only_settings_the_sdk_reads(tmp_path: Path) -> None:
    template = _init(tmp_path, "supplier")
    as_written = tomllib.loads(template.read_text(encoding="utf-8"))
    assert "password" not in template.read_text(encoding="utf-8").split("[mesh]")[1].split("#")[0]
    assert not settings_of(_settings_args(template))["supplier_id"]  # until they write theirs
    full = _uncommented(template)
    data = tomllib.loads(full.read_text(encoding="utf-8"))
    for table, keys in KNOWN_KEYS.items():
        assert set(data[table]) <= keys, table
    assert set(data["mesh"]) <= set(MESH_KEYS)
    settings = settings_of(_settings_args(full))
    assert settings["supplier_id"] == "ACME-OC"
    assert settings["key_file"] == tmp_path / "pseudonym.key"  # relative to the file
    assert settings["outbox"] == tmp_path / as_written["paths"]["outbox"]
    config = load_config(full, env=_SECRETS)
    assert config.mailbox == "X26ABC1"
    assert config.client_cert == tmp_path / "certs" / "client.pem"


def test_the_vendor_template_holds_only_settings_the_suite_reads(tmp_path: Path) -> None:
    template = _init(tmp_path, "vendor")
    assert "token =" not in template.read_text(encoding="utf-8")
    settings = _from_file(_uncommented(template))
    assert settings["target_url"].startswith("https://")
    assert settings["report_dir"] == tmp_path / "conformance-report"


def test_the_practice_template_asks_every_question(tmp_path: Path) -> None:
    template = _init(tmp_path, "practice")
    questions = load_questions()
    assert load_answers(template, questions) == {}  # nothing answered yet
    # Uncommented as it stands, no line is an answer: each must be made yes or no by hand.
    with pytest.raises(InputFileError, match="expected yes or no"):
        load_answers(_uncommented(template), questions)
    answered = template.with_name("answered.toml")
    answered.write_text(_uncommented(template).read_text().replace('"yes/no"', '"no"'))
    assert load_answers(answered, questions) == {q.id: Answer.NO for q in questions}
    text = template.read_text(encoding="utf-8")
    assert all(q.question in text for q in questions)


@pytest.mark.parametrize("who", ["supplier", "vendor", "practice"])
def test_init_never_overwrites(
    tmp_path: Path, who: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "mine.toml"
    out.write_text("filled in\n", encoding="utf-8")
    assert main(["init", who, "--out", str(out)]) == 2
    assert "not overwritten" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "filled in\n"


def test_an_unknown_setting_is_refused_not_ignored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "s.toml"
    config.write_text('[supplier]\nid = "ACME-OC"\n[paths]\nout_dri = "x"\n', encoding="utf-8")
    code = main(["report", "status", "--config", str(config)])
    assert code == 2
    err = capsys.readouterr().err
    assert "unknown key(s) in [paths]" in err
    assert "out_dir" in err
