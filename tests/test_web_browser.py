"""The workbench in a real browser: Debian's headless Chromium driven by Selenium through
chromium-driver, against `triglot review` started as a user starts it.  Merge two units,
dismiss a flag (by mouse and by keyboard), approve a term; then the TMX, the TBX and the
next `triglot run` must each reflect the decision."""
from __future__ import annotations

import shutil
import time

import pytest

from align.pipeline import run
from support.review import DOC, Server, check_report, run_config, tmx_units

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
webdriver = pytest.importorskip("selenium.webdriver")

pytestmark = [
    pytest.mark.browser, pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None or DRIVER is None,
                       reason="headless Chromium and its driver not installed (apt-get install chromium chromium-driver)"),
]


@pytest.fixture
def browser(tmp_path):
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--window-size=1400,1000", f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def wait_for(condition, timeout=60.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if condition():
                return True
        except Exception:  # the page is reloading: its elements went stale
            pass
        time.sleep(0.1)
    return False


def test_merge_dismiss_and_approve_reach_the_exports_and_the_next_run(tmp_path, browser):
    from selenium.webdriver.common.by import By

    out = tmp_path / "out"
    assert run(run_config(out)).ok
    units = len(check_report(out)["units"])
    flags = check_report(out)["flags"]
    server = Server(out)
    try:
        browser.get(server.address)
        assert DOC in browser.find_element(By.ID, "docs").text
        browser.get(f"{server.base}/doc/{DOC}")
        browser.save_screenshot(str(tmp_path / "document.png"))

        # dismiss the first flag with the mouse, with a comment
        first = browser.find_element(By.CSS_SELECTOR, f'li.flag[data-key="{flags[0]["key"]}"]')
        comment = first.find_element(By.CSS_SELECTOR, "input.comment")
        comment.send_keys("a style choice")
        first.find_element(By.CSS_SELECTOR, "button[data-status=dismissed]").click()
        assert wait_for(lambda: first.get_attribute("data-status") == "dismissed")

        # confirm the next open flag from the keyboard: j goes to it, c confirms
        body = browser.find_element(By.TAG_NAME, "body")
        body.send_keys("j")
        current = browser.find_element(By.CSS_SELECTOR, "li.flag.current")
        body.send_keys("c")
        assert wait_for(lambda: current.get_attribute("data-status") == "confirmed")

        # merge unit 3 with unit 4: the page reloads with one unit fewer
        browser.find_element(By.CSS_SELECTOR, "#unit-3 button.merge").click()
        assert wait_for(lambda: len(browser.find_elements(By.CSS_SELECTOR, "tr.unit")) == units - 1)
        assert tmx_units(out) == units - 1

        # approve the most confident term
        browser.get(f"{server.base}/terms")
        row = browser.find_element(By.CSS_SELECTOR, "tr.term")
        entry = row.get_attribute("data-id")
        term = row.find_element(By.CSS_SELECTOR, 'input.form[data-lang="zh"]').get_attribute("value")
        row.find_element(By.CSS_SELECTOR, "button.approve").click()
        assert wait_for(lambda: row.get_attribute("data-status") == "approved")
        browser.save_screenshot(str(tmp_path / "terms.png"))
        tbx = (out / "glossary.tbx").read_text(encoding="utf-8")
        concept = tbx[tbx.index(f'<conceptEntry id="{entry}"'):]
        concept = concept[:concept.index("</conceptEntry>")]
        assert f"<term>{term}</term>" in concept and "preferredTerm-admn-sts" in concept

    finally:
        server.stop()

    report = run(run_config(out))
    (doc,) = report.documents
    assert doc.ok and doc.units == units - 1 and tmx_units(out) == units - 1
    after = {f["key"]: f for f in check_report(out)["flags"]}
    assert after[flags[0]["key"]]["status"] == "dismissed" and after[flags[0]["key"]]["comment"] == "a style choice"
    assert "preferredTerm-admn-sts" in (out / "glossary.tbx").read_text(encoding="utf-8")


def test_a_stale_tab_gets_a_conflict_message(tmp_path, browser):
    from selenium.webdriver.common.by import By

    out = tmp_path / "out"
    assert run(run_config(out)).ok
    server = Server(out)
    try:
        browser.get(server.address)
        browser.get(f"{server.base}/doc/{DOC}")
        browser.execute_script("window.open(arguments[0]);", f"{server.base}/doc/{DOC}")
        first, second = browser.window_handles
        browser.switch_to.window(second)
        browser.find_element(By.CSS_SELECTOR, "#unit-1 button.merge").click()
        assert wait_for(lambda: browser.find_element(By.ID, "doc").get_attribute("data-revision") == "1")
        browser.switch_to.window(first)
        units = len(browser.find_elements(By.CSS_SELECTOR, "tr.unit"))
        browser.find_element(By.CSS_SELECTOR, "#unit-5 button.merge").click()
        banner = browser.find_element(By.ID, "banner")
        assert wait_for(lambda: "changed since this page was loaded" in banner.text)
        # reloaded, the tab sees the other tab's merge, and can undo it
        browser.refresh()
        assert len(browser.find_elements(By.CSS_SELECTOR, "tr.unit")) == units - 1
        browser.execute_script("window.scrollTo(0, 0)")  # the reload kept the scroll of unit 5
        browser.find_element(By.ID, "undo").click()
        assert wait_for(lambda: browser.find_element(By.ID, "doc").get_attribute("data-revision") == "2")
        assert len(browser.find_elements(By.CSS_SELECTOR, "tr.unit")) == units
        assert "last edit undone" in browser.find_element(By.ID, "banner").text
    finally:
        server.stop()


def test_keyboard_goes_on_from_a_flag_dismissed_under_the_cursor(tmp_path, browser):
    from selenium.webdriver.common.by import By

    out = tmp_path / "out"
    assert run(run_config(out)).ok
    keys = [f["key"] for f in check_report(out)["flags"]]
    assert len(keys) >= 3
    server = Server(out)
    try:
        browser.get(server.address)
        browser.get(f"{server.base}/doc/{DOC}")
        body = browser.find_element(By.TAG_NAME, "body")
        body.send_keys("j")
        body.send_keys("j")
        second = browser.find_element(By.CSS_SELECTOR, "li.flag.current")
        assert second.get_attribute("data-key") == keys[1]
        body.send_keys("d")
        assert wait_for(lambda: not second.is_displayed())  # dismissed: the filters hide it
        body.send_keys("j")
        assert browser.find_element(By.CSS_SELECTOR, "li.flag.current").get_attribute("data-key") == keys[2]
    finally:
        server.stop()
