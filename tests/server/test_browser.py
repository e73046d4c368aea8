"""A real headless browser (Debian's Chromium driven by Playwright) uses the pages.

.ci/run installs Chromium; screenshots of each page are saved under the test's temporary
folder (and under $WCO_KG_SCREENSHOTS when set) for people to look at.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run .ci/run (apt-get install -y chromium)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
        pg.js_errors = errors
        yield pg
        context.close()


def shot(page, name: str, tmp_path_factory) -> Path:
    folder = Path(os.environ.get("WCO_KG_SCREENSHOTS") or tmp_path_factory.getbasetemp() / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def test_home_page(page, served, tmp_path_factory):
    seen = []
    page.on("request", lambda r: seen.append(r.url))
    page.goto(served.url)
    expect(page.locator("h1")).to_contain_text("World Customs Organization")
    expect(page.locator(".facts")).to_contain_text("triples")
    expect(page.locator(".facts")).to_contain_text("CC BY 4.0")
    svg = page.locator("figure.diagram-box svg")
    expect(svg).to_be_visible()
    for name in ("Borders in Globalization", "Memorandum of Understanding", "Capacity building", "Revenue Package"):
        expect(svg).to_contain_text(name)
    expect(page.locator("ul.questions li")).to_have_count(4)
    assert all(u.startswith(served.url) for u in seen), [u for u in seen if not u.startswith(served.url)]
    assert page.js_errors == []
    shot(page, "home", tmp_path_factory)


def test_run_an_example_question_and_follow_a_link(page, served, tmp_path_factory):
    page.goto(served.url + "query")
    page.select_option("#example", "wco-partners")
    assert "org:member id:wco" in page.locator("#query").input_value()
    page.click("#run")
    table = page.locator("#results")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("Borders in Globalization")
    expect(table).to_contain_text("Policy Partner")
    expect(page.locator(".chips")).to_contain_text("CSV")
    shot(page, "query", tmp_path_factory)
    # From the example list on the home page, in French, to the WCO's page.
    page.goto(served.url + "?lang=fr")
    # (the questions' titles are in the page's language: `# title@fr:`)
    page.get_by_role("link", name="Comment l'Organisation mondiale des douanes s'appelle-t-elle en français ?").click()
    expect(page.locator("#results")).to_contain_text("Organisation mondiale des douanes")
    page.goto(served.url + "query?question=wco-partners")
    page.click("#results a:has-text('Ricardo')")
    expect(page.locator("h1")).to_have_text("Ricardo Treviño Chapa")
    page.get_by_role("link", name="Deputy Secretary General of the WCO").first.click()
    page.locator("table.props").get_by_role("link", name="World Customs Organization").first.click()
    expect(page.locator("h1")).to_have_text("World Customs Organization")
    page.get_by_role("link", name="Français").click()
    expect(page.locator("h1")).to_have_text("Organisation mondiale des douanes")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("table.props").first).to_contain_text("big-partner-profile")  # the source of each fact
    shot(page, "wco-fr", tmp_path_factory)
    page.click("#open-query")
    expect(page.locator("#results")).to_contain_text("Organisation mondiale des douanes")
    assert page.js_errors == []


def test_ontology_page(page, served, tmp_path_factory):
    page.goto(served.url + "ontology")
    expect(page.locator("#Partnership")).to_contain_text("partenariat")
    expect(page.locator("#Partnership")).to_contain_text("An organization's listing")
    shot(page, "ontology", tmp_path_factory)
