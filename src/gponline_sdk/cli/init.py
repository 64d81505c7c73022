"""`gponline init supplier|vendor|practice`: a commented settings file to start from.

Each template names every setting its command reads, commented out where there
is no safe default, with what it means. Paths in it are relative to the file
(the rule for every config file the SDK reads). Secrets are never written
into a template: it says which environment variable carries each one.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from gponline_sdk.cli import _exit
from gponline_sdk.conformance.practice.attest import load_questions
from gponline_sdk.errors import ConfigError

DEFAULT_NAMES = {
    "supplier": "supplier.toml",
    "vendor": "gponline-conformance.toml",
    "practice": "practice-answers.toml",
}

SUPPLIER = """\
# gponline settings for a supplier's weekly submission (gponline report ... --config THIS_FILE).
# Paths are relative to this file. Secrets never go here: see [mesh] below.

[supplier]
# Your supplier ID in the national collection (letters, digits, hyphens), from onboarding.
# id = "ACME-OC"
# The pseudonym key: make it once with `gponline report keygen --out pseudonym.key`,
# keep it secret and keep it for ever (a new key gives every patient new pseudonyms).
key_file = "pseudonym.key"
# The product names your files may carry; any other value is refused before sending.
# products = ["Acme Consult", "Acme Video"]

[paths]
outbox = "gponline-out/outbox.sqlite"   # the durable record of every file to send
out_dir = "gponline-out"                # where the weekly files are written

[bulk]
# dir = "gponline-out/bulk"             # historic catch-up files (gponline report bulk ...)
# live_mailbox = "X26XXXX"              # the collection's LIVE bulk mailbox, from onboarding

[mesh]
# Your MESH mailbox, from NHS England's onboarding. Set the secrets in the environment:
#   GPONLINE_MESH_PASSWORD and GPONLINE_MESH_SHARED_KEY
# url = "https://msg.intspineservices.nhs.uk"
# mailbox = "X26ABC1"
# recipient = "X26XXXX"                 # NHS England's collection mailbox
# client_cert = "certs/client.pem"      # live MESH needs a TLS client certificate
# client_key = "certs/client.key"
# ca_bundle = "certs/nhs-ca.pem"
"""

VENDOR = """\
# gponline conformance settings (gponline conformance run --config THIS_FILE).
# Paths are relative to this file. Give the token in the environment:
#   GPONLINE_TARGET_TOKEN   (never write it here if this file is committed)

[conformance]
# Your tool's test environment: the base URL of the tool contract.
# target_url = "https://oc-test.example.com/gponline-test/"
report_dir = "conformance-report"       # report.html, report.json
junit = "conformance-report/junit.xml"  # for your CI's test view
# Known failures you accept for now, each with a reason (see docs/vendor.md).
# expected_failures = "waivers.json"
# Run part of the suite only:
# only = ["availability.open-in-core-hours"]
# group = ["requests"]
# level = ["MUST"]
# seed = 20251001                        # the run's fixed seed: same seed, same requests
# connect_timeout = 5
# read_timeout = 10
"""


def practice_template() -> str:
    """The answers file: every Yes/No question, commented out (not answered yet)."""
    lines = [
        "# Answers for gponline practice check --answers THIS_FILE.",
        '# For each question, remove the "# " and write yes or no.',
        "# A question left commented out is reported as not answered.",
        "",
    ]
    for q in load_questions():
        # Neither answer is written in: a template that says "yes" invites a yes.
        lines += [f"# {q.question}", f'# {q.id} = "yes/no"', ""]
    return "\n".join(lines)


def register(sub: Any) -> None:
    """Add the `init` command."""
    cmd = sub.add_parser(
        "init",
        help="write a commented settings file to start from",
        description=(
            "Write a commented settings template for a supplier (the weekly submission), a "
            "vendor (the conformance suite) or a practice (the Yes/No answers). Never "
            "overwrites a file. For a supplier, then: gponline report keygen --out pseudonym.key."
        ),
    )
    cmd.add_argument("who", choices=sorted(DEFAULT_NAMES), help="whose settings")
    cmd.add_argument("--out", type=Path, metavar="FILE", help="default: supplier.toml, ...")
    cmd.set_defaults(handler=_init)


def template(who: str) -> str:
    """The template text for `who` (supplier, vendor or practice)."""
    if who == "practice":
        return practice_template()
    return SUPPLIER if who == "supplier" else VENDOR


def _init(args: argparse.Namespace) -> int:
    out: Path = args.out or Path(DEFAULT_NAMES[args.who])
    try:
        # O_EXCL: never overwrite a settings file someone has filled in.
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ConfigError(f"{out} exists: not overwritten (give --out another name)") from None
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(template(args.who))
    print(f"wrote {out}: edit it; docs/{args.who}.md explains each setting")
    return _exit.OK
