"""The core install works without the `web` extra; only `practice serve` needs it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

# Each web framework module made unimportable, as on an install without the extra.
_BLOCK = """
import sys
for name in ("starlette", "uvicorn", "multipart", "python_multipart"):
    sys.modules[name] = None
"""


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _BLOCK + textwrap.dedent(code)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_the_practice_check_and_batch_import_without_the_web_framework() -> None:
    done = _python(
        """
        from gponline_sdk.cli.main import build_parser
        build_parser()
        import gponline_sdk.conformance.practice.batch
        import gponline_sdk.conformance.practice.summary
        import gponline_sdk.conformance.practice.web.netguard
        import gponline_sdk.conformance.practice.web.settings
        print("ok")
        """
    )
    assert done.stdout.strip() == "ok", done.stderr


def test_serve_without_the_extra_says_which_extra_to_install() -> None:
    done = _python(
        """
        from gponline_sdk.cli.main import main
        raise SystemExit(main(["practice", "serve", "--port", "0"]))
        """
    )
    assert done.returncode == 2
    assert "needs the web extra: install gponline-sdk[web]" in done.stderr
    assert "Traceback" not in done.stderr
