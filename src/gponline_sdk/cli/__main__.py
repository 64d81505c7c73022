"""`python -m gponline_sdk.cli` runs the `gponline` command."""

import sys

from gponline_sdk.cli.main import main

sys.exit(main())
