"""`gponline conformance ...`: run the suite, list checks, show coverage.

The vendor's flow, top to bottom: settings (TOML file, then environment, then
flags; flags win) -> catalogue -> checks selected -> target -> run -> reports
-> pre-flight (HTTP 401/403 from the target: exit 2, no check runs) -> run
-> reports -> exit code (0 conformant, 1 a MUST failed or a stale expected
failure, 2 usage or configuration error, 3 the target stopped answering).

Config file (all keys optional; relative paths are relative to the file)::

    [conformance]
    target_url = "https://tool.example/test-api"
    connect_timeout = 5
    read_timeout = 10
    seed = 20251001
    only = ["OC-CAT-01"]
    group = ["requests"]
    level = ["MUST"]
    report_dir = "conformance-reports"
    junit = "junit.xml"
    expected_failures = "expected-failures.json"

The token is read from `GPONLINE_TARGET_TOKEN` or `--token`, or `token` in the
file (discouraged: files get committed).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from gponline_sdk._toml import read_toml
from gponline_sdk.cli import _exit
from gponline_sdk.conformance.catalogue import load_catalogue
from gponline_sdk.conformance.core import CHECKS, Level
from gponline_sdk.conformance.coverage import compute_coverage, render_coverage
from gponline_sdk.conformance.expected_failures import ExpectedFailures, load_expected_failures
from gponline_sdk.conformance.masking import Masker
from gponline_sdk.conformance.preflight import preflight
from gponline_sdk.conformance.reporters import ConsoleProgress, render_summary, write_reports
from gponline_sdk.conformance.reporters.junit import write_junit
from gponline_sdk.conformance.results import Verdict
from gponline_sdk.conformance.runner import DEFAULT_SEED, run_checks, select_checks
from gponline_sdk.errors import ConfigError

__all__ = ["EXIT_CODES", "Settings", "register", "resolve_settings"]

ENV_URL = "GPONLINE_TARGET_URL"
ENV_TOKEN = "GPONLINE_TARGET_TOKEN"  # noqa: S105 - the variable's name, not a token
DEFAULT_REPORT_DIR = Path("conformance-reports")

EXIT_CODES = {
    Verdict.CONFORMANT: _exit.OK,
    Verdict.NOT_CONFORMANT: _exit.FAILED,
    Verdict.STALE_EXPECTATIONS: _exit.FAILED,
    Verdict.UNREACHABLE: _exit.UNREACHABLE,
}
"""The exit code for each verdict (see `gponline_sdk.conformance.results`)."""


@attrs.frozen(kw_only=True)
class Settings:
    """Everything a run needs, after file, environment and flags are merged."""

    target_url: str | None = None
    token: str | None = attrs.field(default=None, repr=False)
    reference: bool = False
    reference_fault: str | None = None
    only: tuple[str, ...] = ()
    group: tuple[str, ...] = ()
    level: tuple[Level, ...] = ()
    seed: int = DEFAULT_SEED
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    report_dir: Path = DEFAULT_REPORT_DIR
    junit: Path | None = None
    expected_failures: Path | None = None


DEFAULT_CONFIG = Path("gponline-conformance.toml")
"""The settings file `gponline init vendor` writes, read from the current folder."""


def _ids(values: Sequence[str] | None) -> list[str]:
    """Flatten repeated and comma-separated options: `--only A,B --only C`."""
    return [part.strip() for v in values or () for part in v.split(",") if part.strip()]


def register(sub: Any) -> None:
    """Add the `conformance` subcommands."""
    parser = sub.add_parser("conformance", help="run the conformance suite against a tool")
    cmds = parser.add_subparsers(dest="conformance_command", metavar="COMMAND", required=True)
    run = cmds.add_parser("run", help="run the suite; exit 0 conformant, 1 not, 2 usage, 3 down")
    where = run.add_mutually_exclusive_group()
    where.add_argument("--target", metavar="URL", help=f"the tool's test API (or ${ENV_URL})")
    where.add_argument("--reference", action="store_true", help="start the reference tool")
    run.add_argument("--token", help=f"bearer token for the target (or ${ENV_TOKEN})")
    run.add_argument("--reference-fault", metavar="NAME", help="run the reference tool broken")
    run.add_argument("--only", action="append", metavar="IDS", help="check or requirement IDs")
    run.add_argument("--group", action="append", metavar="G", help="requirement or check group")
    run.add_argument("--level", action="append", metavar="LEVEL", help="MUST, SHOULD or MAY")
    run.add_argument("--report-dir", type=Path, metavar="DIR", help="where reports are written")
    run.add_argument("--junit", type=Path, metavar="FILE", help="also write JUnit XML here")
    run.add_argument("--expected-failures", type=Path, metavar="FILE", help="known failures")
    run.add_argument("--connect-timeout", type=float, metavar="S", help="seconds (default 5)")
    run.add_argument("--read-timeout", type=float, metavar="S", help="seconds (default 10)")
    run.add_argument("--seed", type=int, metavar="N", help=f"fixed seed (default {DEFAULT_SEED})")
    run.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help=f"TOML settings file (default: ./{DEFAULT_CONFIG} when it exists)",
    )
    run.add_argument("--verbose-progress", action="store_true", help="show each check starting")
    run.set_defaults(handler=_run)
    lst = cmds.add_parser("list", help="list the requirements and the checks that verify them")
    lst.set_defaults(handler=_list)
    cov = cmds.add_parser("coverage", help="which requirements have checks (exit 1 on a gap)")
    cov.set_defaults(handler=_coverage)


def _read_config(path: Path) -> dict[str, Any]:
    data = read_toml(path)
    section = data.get("conformance", {})
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [conformance] must be a table")
    return section


_FILE_KEYS: dict[str, type | tuple[type, ...]] = {
    "target_url": str,
    "token": str,
    "only": list,
    "group": list,
    "level": list,
    "seed": int,
    "connect_timeout": (int, float),
    "read_timeout": (int, float),
    "report_dir": str,
    "junit": str,
    "expected_failures": str,
}


def _type_ok(value: Any, kind: type | tuple[type, ...]) -> bool:
    if isinstance(value, bool) or not isinstance(value, kind):
        return False
    return not isinstance(value, list) or all(isinstance(v, str) for v in value)


def _from_file(path: Path) -> dict[str, Any]:
    raw = _read_config(path)
    out: dict[str, Any] = {}
    for key, value in raw.items():
        kind = _FILE_KEYS.get(key)
        where = f"{path}: conformance.{key}"
        if kind is None:
            raise ConfigError(f"{where}: unknown setting; known: {', '.join(sorted(_FILE_KEYS))}")
        if not _type_ok(value, kind):
            raise ConfigError(f"{where}: wrong type ({type(value).__name__})")
        is_path = key in ("report_dir", "junit", "expected_failures")
        out[key] = path.parent / value if is_path else value
    return out


def _positive(value: Any, origin: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise ConfigError(f"{origin}: must be a positive number of seconds")
    return float(value)


def _levels(values: Sequence[str], origin: str) -> tuple[Level, ...]:
    out = []
    for v in values:
        try:
            out.append(Level(v.upper()))
        except ValueError:
            raise ConfigError(f"{origin}: {v!r} is not MUST, SHOULD or MAY") from None
    return tuple(out)


def _merge(
    args: argparse.Namespace, env: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Settings by key, and where each came from (for error messages)."""
    merged: dict[str, Any] = {}
    origin: dict[str, str] = {}
    config = args.config
    if config is None and DEFAULT_CONFIG.is_file():
        # What `gponline init vendor` writes, found where it writes it (as pytest finds
        # pytest.ini): a vendor who filled it in expects the next command to use it.
        config = DEFAULT_CONFIG
        print(f"settings from {DEFAULT_CONFIG} (--config names another file)", file=sys.stderr)
    if config is not None:
        merged = _from_file(config)
        origin = {k: f"{config}: conformance.{k}" for k in merged}
    for key, var in (("target_url", ENV_URL), ("token", ENV_TOKEN)):
        if env.get(var):
            merged[key], origin[key] = env[var], f"${var}"
    flags = {
        "target_url": args.target,
        "token": args.token,
        "seed": args.seed,
        "connect_timeout": args.connect_timeout,
        "read_timeout": args.read_timeout,
        "report_dir": args.report_dir,
        "junit": args.junit,
        "expected_failures": args.expected_failures,
    }
    for key, value in flags.items():
        if value is not None:
            merged[key], origin[key] = value, "--" + key.replace("_", "-").replace("-url", "")
    for key in ("only", "group", "level"):
        given = _ids(getattr(args, key))
        if given:
            merged[key], origin[key] = given, f"--{key}"
    return merged, origin


def resolve_settings(args: argparse.Namespace, env: Mapping[str, str]) -> Settings:
    """Merge the config file, the environment and the flags (flags win; then env; then file).

    Raises:
        ConfigError: naming the field (and the file or variable) that is wrong or missing.
    """
    merged, origin = _merge(args, env)
    if args.reference:
        merged.pop("target_url", None)
    elif not merged.get("target_url"):
        raise ConfigError(f"target_url: give --target URL, set ${ENV_URL}, or use --reference")
    elif not str(merged["target_url"]).lower().startswith(("http://", "https://")):
        # Named by where it came from (the flag, the variable or the file's field), and
        # not echoed: a URL can carry a password.
        raise ConfigError(
            f"{origin.get('target_url', 'target_url')}: expected an address starting "
            "http:// or https://, such as http://127.0.0.1:8099 (value not shown)"
        )
    if args.reference_fault and not args.reference:
        raise ConfigError("--reference-fault: only with --reference")

    def path(key: str) -> Path | None:
        return Path(merged[key]) if merged.get(key) else None

    return Settings(
        target_url=merged.get("target_url"),
        token=merged.get("token") or None,
        reference=bool(args.reference),
        reference_fault=args.reference_fault,
        only=tuple(merged.get("only", ())),
        group=tuple(merged.get("group", ())),
        level=_levels(merged.get("level", ()), origin.get("level", "level")),
        seed=int(merged.get("seed", DEFAULT_SEED)),
        connect_timeout=_positive(
            merged.get("connect_timeout", 5.0), origin.get("connect_timeout", "connect_timeout")
        ),
        read_timeout=_positive(
            merged.get("read_timeout", 10.0), origin.get("read_timeout", "read_timeout")
        ),
        report_dir=path("report_dir") or DEFAULT_REPORT_DIR,
        junit=path("junit"),
        expected_failures=path("expected_failures"),
    )


def _load_checks() -> None:
    # Imported here, not at the top: the checks depend on the tool contract, and
    # `list`/`coverage` should fail loudly if a check module is broken.
    import gponline_sdk.conformance.checks  # noqa: F401, PLC0415


@contextlib.contextmanager
def _target(settings: Settings) -> Iterator[tuple[Any, str]]:
    from gponline_sdk.conformance.target import HttpTarget  # noqa: PLC0415

    if settings.reference:
        from gponline_sdk.reference.tool import FAULTS  # noqa: PLC0415
        from gponline_sdk.reference.tool._process import serve_in_process  # noqa: PLC0415

        fault = settings.reference_fault
        if fault is not None and fault not in FAULTS:
            raise ConfigError(f"--reference-fault: unknown {fault!r}; known: {', '.join(FAULTS)}")
        # In a child process: the tool's work on the other core, not under the suite's GIL.
        with serve_in_process(fault=fault) as url:
            target = HttpTarget(
                url,
                connect_timeout=settings.connect_timeout,
                read_timeout=settings.read_timeout,
            )
            try:
                label = "reference tool" + (f" (fault {fault})" if fault else "")
                yield target, f"{label} at {url}"
            finally:
                target.close()
        return
    assert settings.target_url is not None
    target = HttpTarget(
        settings.target_url,
        token=settings.token,
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
    )
    try:
        yield target, settings.target_url
    finally:
        target.close()


def _selection_words(settings: Settings) -> list[str]:
    words = [f"--only {','.join(settings.only)}"] if settings.only else []
    words += [f"--group {','.join(settings.group)}"] if settings.group else []
    words += [f"--level {','.join(x.value for x in settings.level)}"] if settings.level else []
    return words


def _writable(flag: str, folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"{flag}: cannot create {folder} ({exc.strerror})") from None
    if not os.access(folder, os.W_OK):
        raise ConfigError(f"{flag}: {folder} is not writable")


def _run(args: argparse.Namespace) -> int:
    settings = resolve_settings(args, os.environ)
    catalogue = load_catalogue()
    _load_checks()
    checks = select_checks(
        catalogue, only=settings.only, groups=settings.group, levels=settings.level
    )
    if not checks:
        raise ConfigError("selection: no check matches --only/--group/--level")
    expected = (
        load_expected_failures(settings.expected_failures)
        if settings.expected_failures is not None
        else ExpectedFailures()
    )
    expected.check_known({*CHECKS, *catalogue.ids()})
    masker = Masker(secrets=[settings.token] if settings.token else [])
    progress = ConsoleProgress(
        sys.stdout, verbose=args.verbose_progress, quiet=getattr(args, "verbosity", 0) < 0
    )
    with _target(settings) as (target, label):
        # Fail before the run, not after it, when the reports cannot be written.
        _writable("--report-dir", settings.report_dir)
        if settings.junit is not None:
            _writable("--junit", settings.junit.parent)
        # A refused token is a configuration error, not "every requirement failed".
        preflight(target)
        print(f"gponline conformance: {len(checks)} checks against {masker.text(label)}")
        run = run_checks(
            checks,
            target=target,
            catalogue=catalogue,
            target_description=label,
            seed=settings.seed,
            expected_failures=expected,
            masker=masker,
            selection=_selection_words(settings),
            listener=progress,
        )
    sys.stdout.write(render_summary(run))
    try:
        paths = write_reports(run, settings.report_dir)
        # The report folder always holds junit.xml: a --junit naming that same file is
        # not a second report (written twice, listed twice).
        if settings.junit is not None and settings.junit.resolve() != paths["junit"].resolve():
            paths["junit (extra)"] = write_junit(run, settings.junit)
    except OSError as exc:
        raise ConfigError(f"reports: cannot write {exc.filename} ({exc.strerror})") from None
    print("Reports: " + ", ".join(f"{kind} {path}" for kind, path in paths.items()))
    if run.unreachable:
        print(f"gponline: {run.unreachable}", file=sys.stderr)
    return EXIT_CODES[run.verdict]


def _list(_: argparse.Namespace) -> int:
    catalogue = load_catalogue()
    _load_checks()
    coverage = compute_coverage(catalogue)
    print(f"Requirement catalogue {catalogue.version}: {len(catalogue)} requirements")
    for row in coverage.requirements:
        req = row.requirement
        print(f"{req.id:<12} {req.level.value:<6} {req.group:<13} {req.title}")
    print(f"\n{len(CHECKS)} checks:")
    for c in sorted(CHECKS.values(), key=lambda c: c.position):  # the run order
        print(f"{c.id:<40} {','.join(c.requirements):<24} {c.title}")
    return _exit.OK


def _coverage(_: argparse.Namespace) -> int:
    catalogue = load_catalogue()
    _load_checks()
    coverage = compute_coverage(catalogue)
    sys.stdout.write(render_coverage(coverage))
    return _exit.OK if coverage.complete else _exit.FAILED
