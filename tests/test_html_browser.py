"""The HTML report in a real browser: headless Chromium driven by Selenium.

Needs Debian's chromium and chromium-driver (.ci/run installs them); without
them these tests skip and say why. Screenshots of the seeds report and of a
conflict report are saved under tests/artifacts/ (ignored by git).
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from consistency.model import Article, Claim, DateMention, DateValue, Finding, Report, Statement
from consistency.report import as_records
from consistency.report.html import render_html

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A headless Chromium that keeps the console log; skipped with the reason when there is none."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install '.[test]')")
    if not CHROMIUM or not CHROMEDRIVER:
        pytest.skip("Chromium not found: apt-get install chromium chromium-driver (.ci/run does)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--window-size=1280,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingOptions", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _open(browser, html: str, path: Path) -> list[dict]:
    """Load the page from a file; the console entries it logged while loading."""
    path.write_text(html, encoding="utf-8")
    browser.get_log("browser")  # drop what earlier pages logged
    browser.get(path.as_uri())
    return browser.get_log("browser")


def _screenshot(browser, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    height = browser.execute_script("return document.body.scrollHeight")
    browser.set_window_size(1280, min(max(height, 600), 4000))
    browser.save_screenshot(str(ARTIFACTS / name))
    browser.set_window_size(1280, 1000)


def _visible(browser) -> list[str]:
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('.finding')).filter(c => !c.hidden).map(c => c.dataset.verdict)")


def _click(browser, name: str, value: str) -> None:
    browser.find_element("css selector", f'input[name="{name}"][value="{value}"]').click()


def test_seeds_report_loads_clean(browser, cli, seeds_dir, tmp_path):
    """The seeds report, made by the command line, loads with no console message and shows every finding."""
    out = tmp_path / "seeds.html"
    result = cli("check", seeds_dir, "--rules", ROOT / "rules", "--quiet", "--format", "html", "-o", out)
    assert result.exit_code == 0, result.stderr
    logs = _open(browser, out.read_text(encoding="utf-8"), out)
    assert logs == []
    cards = browser.find_elements("css selector", ".finding")
    assert cards and len(_visible(browser)) == len(cards)
    assert browser.find_element("id", "shown").text == str(len(cards))
    _screenshot(browser, "seeds-report.png")


def _conflict_report(tmp_path) -> Path:
    """The seeds with one article's first-delivery date changed to 2020: a real date conflict."""
    folder = tmp_path / "articles"
    shutil.copytree(ROOT / "seeds", folder)
    seed = folder / "003_63f51ba8109d67b9.txt"
    text = seed.read_text(encoding="utf-8")
    assert "منتصف تموز/ يوليو 2019" in text
    seed.write_text(text.replace("منتصف تموز/ يوليو 2019", "منتصف تموز/ يوليو 2020"), encoding="utf-8")
    return folder


def test_conflict_report_filters_and_rtl(browser, cli, tmp_path):
    """A conflict comes first; filters by verdict, level and language hide and show cards; Arabic reads RTL."""
    out = tmp_path / "conflict.html"
    result = cli("check", _conflict_report(tmp_path), "--rules", ROOT / "rules", "--quiet", "-o", out)
    assert result.exit_code == 1, result.stderr  # the conflict fails the run; the report is written anyway
    assert _open(browser, out.read_text(encoding="utf-8"), out) == []
    verdicts = _visible(browser)
    assert verdicts[0] == "conflict" and "agree" in verdicts
    conflict = browser.find_element("css selector", '.finding[data-verdict="conflict"]')
    assert conflict.find_elements("css selector", ".timeline .tl-bar.in-conflict")
    sentence = conflict.find_element("css selector", ".sentence")
    assert browser.execute_script("return getComputedStyle(arguments[0]).direction", sentence) == "rtl"
    marks = [m.text for m in conflict.find_elements("css selector", ".sentence mark")]
    assert any("2020" in m for m in marks) and any("2019" in m for m in marks)
    _screenshot(browser, "conflict-report.png")

    _click(browser, "verdict", "conflict")
    assert "conflict" not in _visible(browser) and "agree" in _visible(browser)
    assert browser.find_element("id", "shown").text == str(len(_visible(browser)))
    _click(browser, "verdict", "conflict")
    _click(browser, "level", "suggestion")
    assert set(_visible(browser)) == {"conflict"}  # the conflict is an error; everything else a suggestion
    _click(browser, "level", "suggestion")
    _click(browser, "language", "ar")
    assert _visible(browser) == []  # every article is Arabic
    _click(browser, "language", "ar")
    _click(browser, "kind", "date")
    assert all(k != "date" for k in browser.execute_script(
        "return Array.from(document.querySelectorAll('.finding')).filter(c => !c.hidden).map(c => c.dataset.kind)"))


HOSTILE = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> قال المسؤول إن الاتفاق وقع في 2019'


def _hostile_report() -> Report:
    text = "عنوان\n" + HOSTILE + "."
    start = text.index("2019")
    article = Article("evil", "in/evil.txt", "<script>window.pwned = 3</script>", text, date(2021, 1, 1), "front-matter",
                      "ar", "e" * 64, ((0, len(text)),), outlet="<b onmouseover=x>Outlet</b>",
                      source_url="javascript:window.pwned=4")
    statement = Statement("evil", 1, text[6:], 6, len(text))
    mention = DateMention(start, start + 4, "2019", DateValue(date(2019, 1, 1), date(2019, 12, 31), "year"))
    finding = Finding("f1", None, "date", "single-source", "suggestion", "<i>one source</i>",
                      (Claim("cluster:1", "evil", 1, mention),), cluster=1)
    return Report((article,), (), (statement,), (), (finding,), {})


def test_article_markup_never_runs(browser, tmp_path):
    """Script tags, event handlers and javascript: links in article text are shown as text, never run."""
    report = _hostile_report()
    logs = _open(browser, render_html(as_records(report)), tmp_path / "hostile.html")
    assert browser.execute_script("return window.pwned === undefined")
    assert browser.find_elements("css selector", ".claim script, .claim img, .claim b, .message i") == []
    assert "<script>window.pwned = 1</script>" in browser.find_element("css selector", ".sentence").text
    assert browser.find_elements("css selector", 'a[href^="javascript"]') == []
    assert [entry for entry in logs if entry["level"] == "SEVERE"] == []


def test_page_needs_no_network(browser, tmp_path):
    """The page names no outside resource: nothing to fetch, so it opens the same offline."""
    records = as_records(replace(_hostile_report(), findings=()))
    html = render_html(records)
    assert "http://" not in html.replace('href="http', "") and "https://" not in html
    assert _open(browser, html, tmp_path / "empty.html") == []
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
