"""Each command's help: what it does, one example, and its exit codes.

Kept in one table so every leaf command has all three (a test walks the
parser and runs each example through it). A command whose module already
sets a description keeps it; the example and exit codes are added below it.
"""

from __future__ import annotations

import argparse

_CODES = {
    0: "done",
    1: "a MUST failed; or files were (or would be) rejected, or a report could not be read",
    2: "usage, configuration or input error (nothing written)",
    3: "target or endpoint unreachable",
    4: "a send's outcome is unknown (run `gponline report reconcile`)",
    5: "the SDK failed (a bug; where the trace was logged is printed)",
}

# command path -> (description, example, exit codes that apply besides 0, 2 and 5)
HELP: dict[tuple[str, ...], tuple[str, str, tuple[int, ...]]] = {
    ("demo",): (
        (
            "Run the whole local flow: models, the suite against the reference tool, and a week "
            "sent over a local MESH sandbox."
        ),
        "gponline demo --out-dir gponline-out",
        (1, 3),
    ),
    ("init",): ("", "gponline init supplier --out supplier.toml", ()),
    ("models", "schema"): (
        "Print or write the JSON Schemas of the models, or every body of the tool contract.",
        "gponline models schema --contract --out-dir schemas",
        (),
    ),
    ("conformance", "run"): (
        (
            "Run the conformance suite against a tool's test environment; write HTML, JSON and "
            "JUnit reports."
        ),
        "gponline conformance run --target https://oc-test.example.com --report-dir reports",
        (1, 3),
    ),
    ("conformance", "list"): (
        "List the requirements and every check with what it verifies.",
        "gponline conformance list",
        (),
    ),
    ("conformance", "coverage"): (
        "Show which requirements have checks; a MUST without one is a gap.",
        "gponline conformance coverage",
        (1,),
    ),
    ("practice", "check"): (
        "",
        (
            "gponline practice check --website https://www.example-surgery.nhs.uk "
            "--answers practice-answers.toml"
        ),
        (1, 3),
    ),
    ("practice", "serve"): (
        "",
        "gponline practice serve --host 127.0.0.1 --port 8000",
        (),
    ),
    ("practice", "schema"): (
        "Print the JSON Schema of the practice check's report.",
        "gponline practice schema",
        (),
    ),
    ("reference-tool", "serve"): (
        "Serve the SDK's reference tool (conformant, or broken with --fault) on loopback.",
        "gponline reference-tool serve --port 8080 --fault caps-requests-at-20",
        (),
    ),
    ("report", "build"): (
        (
            "Build a week's anonymised files from your events, check them as NHS England will, "
            "and queue them in the outbox."
        ),
        (
            "gponline report build --config supplier.toml --week 2026-W47 "
            "--oc-events oc_events.csv --participation participation.csv"
        ),
        (1,),
    ),
    ("report", "validate"): (
        "Check submission files against the national rules without sending them.",
        "gponline report validate gponline-out/ACME-OC_oc_record_2026-W47.json",
        (1,),
    ),
    ("report", "submit"): (
        "Send every queued file over MESH, from the durable outbox.",
        "gponline report submit --config supplier.toml",
        (3, 4),
    ),
    ("report", "inbox"): (
        "Read NHS England's submission reports from the MESH inbox (at most every 5 minutes).",
        "gponline report inbox --config supplier.toml",
        (1, 3),
    ),
    ("report", "status"): (
        "Show each week and data type: built, sent, accepted or rejected, and why.",
        "gponline report status --config supplier.toml",
        (1,),
    ),
    ("report", "reconcile"): (
        "Settle sends whose outcome is unknown, by MESH tracking; release one by hand.",
        "gponline report reconcile --config supplier.toml",
        (3, 4),
    ),
    ("report", "profile"): (
        "Show NHS England's facts the SDK uses (confirmed, or provisional: the SDK's own).",
        "gponline report profile --provisional",
        (1,),
    ),
    ("report", "keygen"): (
        "Write a new random pseudonym key (0600); never overwrites.",
        "gponline report keygen --out pseudonym.key",
        (),
    ),
    ("report", "bulk", "build"): (
        "Build the historic catch-up files over a range of weeks, with their manifest.",
        (
            "gponline report bulk build --config supplier.toml --from 2025-W02 --to 2026-W47 "
            "--oc-events oc_events.csv --participation participation.csv"
        ),
        (1,),
    ),
    ("report", "bulk", "send"): (
        "Send the bulk files to NHS England's TEST mailbox, or LIVE once TEST was accepted.",
        "gponline report bulk send --config supplier.toml --env test",
        (1, 3, 4),
    ),
    ("report", "bulk", "status"): (
        "Show where each bulk file stands, TEST and LIVE.",
        "gponline report bulk status --config supplier.toml",
        (),
    ),
    ("sandbox", "up"): (
        "Start a local MESH sandbox with NHS England's side (a reference collector).",
        "gponline sandbox up --detach",
        (3,),
    ),
    ("sandbox", "down"): (
        "Stop a sandbox started with `sandbox up --detach`.",
        "gponline sandbox down",
        (),
    ),
}


# group path -> (description, example): a group's help lists its commands (argparse does),
# says what they are for, shows one example and every exit code its commands can give.
GROUPS: dict[tuple[str, ...], tuple[str, str]] = {
    (): (
        (
            "gponline-sdk: send the weekly usage submission to NHS England (suppliers), test an "
            "online consultation tool against the contract (vendors), check a practice's online "
            "offer (practices). Each command has its own --help."
        ),
        (
            "gponline report build --config supplier.toml --week 2026-W47 --oc-events oc.csv "
            "--participation participation.csv"
        ),
    ),
    ("report",): (
        "Build, check and send the weekly submission over MESH, and follow its outcome.",
        "gponline report status --config supplier.toml",
    ),
    ("report", "bulk"): (
        "Build and send a historic range of weeks as one bulk CSV per data type.",
        "gponline report bulk build --config supplier.toml --from 2025-W01 --to 2026-W47 ...",
    ),
    ("sandbox",): (
        (
            "A local MESH server and a reference collector playing NHS England, to try a "
            "submission end to end before the real thing."
        ),
        "gponline sandbox up --detach",
    ),
    ("conformance",): (
        (
            "The conformance suite: run it against a tool's test environment, list what it "
            "checks, show its coverage of the requirements."
        ),
        "gponline conformance run --target https://oc-test.example.com --report-dir reports",
    ),
    ("practice",): (
        (
            "Check a practice's online offer from its website and a few questions, in a plain "
            "report for the practice manager."
        ),
        "gponline practice check --website https://www.example-surgery.nhs.uk",
    ),
    ("reference-tool",): (
        "The SDK's reference online consultation tool, conformant or with a fault on purpose.",
        "gponline reference-tool serve --port 8080",
    ),
    ("models",): (
        "The SDK's typed models and the tool contract's bodies, as JSON Schema.",
        "gponline models schema --contract --out-dir schemas",
    ),
}


def _group_epilog(path: tuple[str, ...], codes: set[int]) -> str:
    _, example = GROUPS[path]
    lines = [f"example:\n  {example}", "", "exit codes (of its commands):"]
    lines += [f"  {code}  {_CODES[code]}" for code in sorted(codes)]
    return "\n".join(lines)


def epilog(path: tuple[str, ...]) -> str:
    """The example and exit codes shown under a command's options."""
    _, example, extra = HELP[path]
    codes = sorted({0, 2, 5, *extra})
    lines = [f"example:\n  {example}", "", "exit codes:"]
    lines += [f"  {code}  {_CODES[code]}" for code in codes]
    return "\n".join(lines)


def add_help(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> set[int]:
    """Give every command its description, example and exit codes; return the codes."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    codes: set[int] = set()
    for action in subs:
        for name, child in action.choices.items():
            codes |= add_help(child, (*path, name))
    if subs:
        parser.description = GROUPS[path][0]
        parser.epilog = _group_epilog(path, codes)
    else:
        description, _, extra = HELP[path]
        if description and not parser.description:
            parser.description = description
        parser.epilog = epilog(path)
        codes = {0, 2, 5, *extra}
    parser.formatter_class = _Formatter
    return codes


class _Formatter(argparse.HelpFormatter):
    """Wraps the description as usual; keeps the epilog's lines as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.startswith("example:"):
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)
