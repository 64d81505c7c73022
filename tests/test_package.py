import subprocess
import sys

import gponline_sdk


def test_version_is_exposed_and_printed_by_the_cli() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "gponline_sdk.cli", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == f"gponline {gponline_sdk.__version__}"
