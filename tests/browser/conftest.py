"""Headless Chromium, driven by selenium, against the server `dev.py browser` started.

`python3 scripts/dev.py browser` installs Chromium, its driver and axe-core, starts
`gponline practice serve` on a free loopback port and passes everything here through
the environment. Run any other way, these tests fail saying so (they never skip).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from _practice_site import Site, practice_page


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run the browser tests with python3 scripts/dev.py browser")
    return value


@pytest.fixture(scope="session")
def base_url() -> str:
    """The server under test, e.g. http://127.0.0.1:41234 (no trailing slash)."""
    return _env("GPONLINE_BROWSER_BASE")


@pytest.fixture(scope="session")
def axe_js() -> str:
    """axe-core's source, to inject into a page."""
    return Path(_env("GPONLINE_AXE_JS")).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def driver() -> Iterator[webdriver.Chrome]:
    """One headless Chromium for the session (its driver given, so nothing is downloaded)."""
    options = webdriver.ChromeOptions()
    options.binary_location = _env("GPONLINE_CHROMIUM")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--disable-gpu",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    chrome = webdriver.Chrome(service=Service(_env("GPONLINE_CHROMEDRIVER")), options=options)
    try:
        yield chrome
    finally:
        chrome.quit()


@pytest.fixture
def practice() -> Iterator[Site]:
    """A practice website and its tool, on loopback."""
    with Site() as site:
        site.page("/", practice_page(site.url("/tool")))
        site.page("/tool", "<h1>Tell us what you need</h1>")
        yield site
