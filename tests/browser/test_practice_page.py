"""The hosted practice check in a real browser: as a practice manager would use it."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from _practice_site import Site, practice_page
from gponline_sdk.conformance.practice import load_questions

pytestmark = pytest.mark.browser

QUESTIONS = load_questions()
WAIT = 120  # seconds; a ceiling, never a measured time


def audit(driver: webdriver.Chrome, axe_js: str) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.0/2.1 A and AA rules on the current page; serious or critical only."""
    driver.execute_script(axe_js)
    result = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag',
                           values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
           .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,
                                                     nodes: v.nodes.length,
                                                     help: v.help}))))
           .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e)}]));
        """
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def csp_errors(driver: webdriver.Chrome) -> list[str]:
    """Console messages about the Content-Security-Policy since the last call."""
    return [
        e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]
    ]


def no_sideways_scroll(driver: webdriver.Chrome) -> None:
    width = driver.execute_script("return window.innerWidth")
    assert width <= 390
    scroll = driver.execute_script("return document.documentElement.scrollWidth")
    assert scroll <= width, f"page is {scroll} px wide in a {width} px window"


def narrow(driver: webdriver.Chrome) -> None:
    driver.set_window_size(390, 844)
    # Headless windows may not shrink below a minimum: emulate the phone's viewport too.
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True},
    )


def wide(driver: webdriver.Chrome) -> None:
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.set_window_size(1280, 900)


def fill_form(driver: webdriver.Chrome, base_url: str, site: Site) -> None:
    driver.get(base_url + "/")
    driver.find_element(By.ID, "website").send_keys(site.url("/"))
    driver.find_element(By.ID, "tool").send_keys(site.url("/tool"))
    for i, q in enumerate(QUESTIONS):
        choice = "no" if i == 1 else "yes"
        # A manager clicks the label, as they would with a mouse.
        driver.find_element(By.CSS_SELECTOR, f'label[for="{q.id}-{choice}"]').click()
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()


def test_a_practice_manager_fills_the_form_and_gets_the_report(
    driver: webdriver.Chrome, base_url: str, axe_js: str, practice: Site, tmp_path: Path
) -> None:
    wide(driver)
    driver.get(base_url + "/")
    driver.get_log("browser")  # start the console afresh
    assert audit(driver, axe_js) == []
    fill_form(driver, base_url, practice)
    WebDriverWait(driver, WAIT).until(lambda d: d.title.startswith("Practice check:"))
    assert "/check/" in driver.current_url
    assert driver.find_element(By.TAG_NAME, "h1").text == "Riverside Surgery"
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "Online consultation: practice check" in body
    assert "1 question answered No" in body
    assert f"You answered Yes to {len(QUESTIONS) - 1} of {len(QUESTIONS)} questions" in body
    for fid in ("PRAC-WEB-01", "PRAC-WEB-02", "PRAC-WEB-03", "PRAC-WEB-04", "PRAC-WEB-05"):
        section = driver.find_element(By.ID, fid)
        assert "Yes" in section.find_element(By.CLASS_NAME, "badge").text
    assert (
        driver.find_element(By.ID, QUESTIONS[1].id).find_element(By.CLASS_NAME, "badge").text
        == "No"
    )
    # The report's one inline style is allowed by its hash: styled, and no CSP complaint.
    border = driver.execute_script(
        "return getComputedStyle(document.querySelector('.summary')).borderTopStyle"
    )
    assert border == "solid"
    assert csp_errors(driver) == []
    assert audit(driver, axe_js) == []

    # Saved as PDF, as the browser's Print does: A4, at least one page.
    pdf = base64.b64decode(
        driver.execute_cdp_cmd(
            "Page.printToPDF",
            {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True},
        )["data"]
    )
    assert pdf.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    assert pages >= 1
    (tmp_path / "report.pdf").write_bytes(pdf)

    # At 390 px, nothing scrolls sideways.
    narrow(driver)
    try:
        driver.refresh()  # shown once: the page is gone now
        assert "no longer here" in driver.find_element(By.TAG_NAME, "h1").text
        no_sideways_scroll(driver)
    finally:
        wide(driver)


def test_the_report_reads_at_390_px(
    driver: webdriver.Chrome, base_url: str, practice: Site
) -> None:
    # A long unbroken address on the page must wrap, not widen it.
    practice.page("/", practice_page(practice.url("/tool") + "?" + "x" * 300))
    narrow(driver)
    try:
        fill_form(driver, base_url, practice)
        WebDriverWait(driver, WAIT).until(lambda d: d.title.startswith("Practice check:"))
        no_sideways_scroll(driver)
        driver.get(base_url + "/")
        no_sideways_scroll(driver)
    finally:
        wide(driver)


def test_errors_are_announced_and_tied_to_their_fields(
    driver: webdriver.Chrome, base_url: str, axe_js: str
) -> None:
    wide(driver)
    driver.get(base_url + "/")
    driver.find_element(By.ID, "tool").send_keys("oc.example.com/A81001")
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(driver, WAIT).until(lambda d: d.title.startswith("Error:"))
    summary = driver.find_element(By.CSS_SELECTOR, ".error-summary")
    assert summary.get_attribute("role") == "alert"
    link = summary.find_element(By.CSS_SELECTOR, 'a[href="#website"]')
    link.click()
    assert driver.switch_to.active_element.get_attribute("id") == "website"
    described = driver.find_element(By.ID, "tool").get_attribute("aria-describedby") or ""
    assert "tool-error" in described.split()
    assert "https://oc.example.com/A81001" in driver.find_element(By.ID, "tool-error").text
    # Focus is visible: the focused field gets the yellow outline.
    outline = driver.execute_script("return getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    assert audit(driver, axe_js) == []


def test_the_icb_uploads_the_batch_file_and_sorts_the_summary(
    driver: webdriver.Chrome, base_url: str, axe_js: str, practice: Site, tmp_path: Path
) -> None:
    wide(driver)
    with Site() as other:
        other.page("/", practice_page(other.url("/tool"), nhs111=False))
        batch = tmp_path / "practices.csv"
        batch.write_text(
            "ods_code,name,website,tool_url\n"
            f"B81002,Zeta Practice,{other.url('/')},\n"
            f"A81001,Alpha Surgery,{practice.url('/')},{practice.url('/tool')}\n",
            encoding="utf-8",
        )
        driver.get(base_url + "/batch")
        assert audit(driver, axe_js) == []
        driver.find_element(By.ID, "practices").send_keys(str(batch))
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        WebDriverWait(driver, WAIT).until(lambda d: d.title.startswith("Practice checks"))
    driver.get_log("browser")
    rows = driver.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert [r.find_element(By.TAG_NAME, "td").text for r in rows] == ["B81002", "A81001"]
    # sort.js (an external file the CSP allows) turned the headings into buttons.
    driver.find_element(By.CSS_SELECTOR, "thead th:first-child button").click()
    rows = driver.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert [r.find_element(By.TAG_NAME, "td").text for r in rows] == ["A81001", "B81002"]
    assert (
        driver.find_element(By.CSS_SELECTOR, "thead th:first-child").get_attribute("aria-sort")
        == "ascending"
    )
    assert csp_errors(driver) == []
    assert audit(driver, axe_js) == []


def test_the_audit_does_find_a_violation_when_there_is_one(
    driver: webdriver.Chrome, axe_js: str
) -> None:
    # So an empty list above means "none found", not "the audit did not run".
    driver.get("data:text/html,<html lang=en><title>t</title><img src=x.png><input id=a>")
    found = {v["id"] for v in audit(driver, axe_js)}
    assert {"image-alt", "label"} <= found
