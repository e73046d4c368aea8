"""A real headless browser (Debian's Chromium driven by Playwright) uses the pages.

.ci/run installs Chromium; screenshots of each page are saved under tests/artefacts/screenshots/
(ignored by git; $WCO_KG_SCREENSHOTS when set) for people to look at.
"""

from __future__ import annotations

import os
import re
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


def screenshots_folder() -> Path:
    """$WCO_KG_SCREENSHOTS, else tests/artefacts/screenshots/ (git ignores it): kept after the run."""
    return Path(os.environ.get("WCO_KG_SCREENSHOTS") or Path(__file__).resolve().parents[1] / "artefacts" / "screenshots")


def shot(page, name: str, tmp_path_factory) -> Path:
    folder = screenshots_folder()
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


# ---------------------------------------------------------------------- the map, the charts, French, the card

ROOT = Path(__file__).resolve().parents[2]


def _answer(served, name: str) -> list[dict]:
    """A question's answer from the server's /sparql, run from its file in queries/."""
    import httpx

    text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    r = httpx.get(served.sparql, params={"query": text}, headers={"Accept": "application/sparql-results+json"},
                  timeout=30)
    assert r.status_code == 200, r.text
    return [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]


def element_shot(locator, name: str, tmp_path_factory) -> Path:
    folder = screenshots_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    locator.screenshot(path=str(path))
    return path


def test_members_map(page, served, tmp_path_factory):
    import json as _json

    atlas = _json.loads((ROOT / "src/wco_kg/server/static/vendor/world-atlas/countries-110m.json").read_text())
    ids = {g["id"] for g in atlas["objects"]["countries"]["geometries"] if "id" in g} - {"010"}
    members = _answer(served, "members-on-map")
    with_shape = {m["member"] for m in members if m.get("m49") in ids}
    page.goto(served.url)
    shapes = page.locator("figure.map svg path.m")
    expect(shapes).to_have_count(len(with_shape))
    drawn = set(shapes.evaluate_all("els => els.map(e => e.dataset.member)"))
    assert drawn == with_shape
    listed = page.locator("#not-on-map li")
    expect(listed).to_have_count(len(members) - len(with_shape))
    assert set(listed.evaluate_all("els => els.map(e => e.dataset.member)")) == {m["member"] for m in members} - with_shape
    for name in ("Hong Kong, China", "Macao, China", "European Union", "Kosovo"):
        expect(page.locator("#not-on-map")).to_contain_text(name)
    # One colour per region, grey for the rest; the switch recolours by decade, CSS alone.
    fill = lambda sel: page.locator(sel).first.evaluate("e => getComputedStyle(e).fill")  # noqa: E731
    france = 'figure.map path[data-m49="250"]'
    by_region = fill(france)
    assert fill('figure.map path[data-m49="158"]') == "rgb(220, 220, 220)"  # Taiwan: not a member
    regions = {m["region"] for m in members if m["member"] in with_shape}
    colours = set(shapes.evaluate_all("els => els.map(e => getComputedStyle(e).fill)"))
    assert len(colours) == len(regions) == 6
    element_shot(page.locator(".map-box"), "map-by-region", tmp_path_factory)
    page.click("label[for=map-by-decade]")
    assert fill(france) != by_region and fill(france) == "rgb(8, 48, 107)"  # the 1950s
    undated = [m for m in members if m["member"] in with_shape and "year" not in m]
    assert fill(f'figure.map path[data-member="{undated[0]["member"]}"]').startswith("url(")  # hatched: no date
    element_shot(page.locator(".map-box"), "map-by-decade", tmp_path_factory)
    # Each country links to its page (Germany: France's shape holds French Guiana, its box is mostly sea).
    page.locator('figure.map path[data-m49="276"]').click()
    expect(page.locator("h1")).to_have_text("Germany")
    assert page.js_errors == []


def test_charts_show_their_questions_answers(page, served, tmp_path_factory):
    page.goto(served.url)
    regions = {r["region"]: int(r["members"]) for r in _answer(served, "members-per-region")}
    bars = page.locator("#chart-regions rect.b")
    expect(bars).to_have_count(len(regions))
    values = bars.evaluate_all("els => els.map(e => Number(e.dataset.value))")
    hrefs = page.locator("#chart-regions a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert [int(v) for v in values] == [regions[f"https://w3id.org/wco-kg{h.removesuffix('.html')}"] for h in hrefs]
    # The numbers written beside the bars are the same numbers.
    written = page.locator("#chart-regions text.v").evaluate_all("els => els.map(e => e.textContent)")
    assert [int(w.replace(",", "")) for w in written] == [int(v) for v in values]
    element_shot(page.locator("#chart-regions"), "chart-regions", tmp_path_factory)
    per_year = _answer(served, "members-accessions-per-year")
    points = page.locator("#chart-accessions circle.p")
    expect(points).to_have_count(len(per_year))
    got = points.evaluate_all("els => els.map(e => [Number(e.dataset.year), Number(e.dataset.value)])")
    assert got == [[int(r["year"]), int(r["total"])] for r in per_year]
    undated = {r["member"] for r in _answer(served, "members-without-date") if "year" not in r}
    assert int(page.locator("#chart-accessions-undated").get_attribute("data-value")) == len(undated)
    element_shot(page.locator("#chart-accessions"), "chart-accessions", tmp_path_factory)
    assert page.js_errors == []


def _interface_strings(lang: str) -> set[str]:
    from wco_kg.server.pages import TEXT

    def flat(d):
        for v in d.values():
            yield from (flat(v) if isinstance(v, dict) else re.split(r"\{\w+\}|\n", v))  # the text around placeholders
    return {s.strip() for s in flat(TEXT[lang]) if s.strip()}


# The page text left once the data is taken out: values of the graph (labels without a French
# version, literals, IRIs, codes), which may be English on a French page, are not interface.
_INTERFACE_TEXT = """() => {
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll('script, style, textarea, td, .lit, .iri, code, pre, .tag, .src, a[title], #not-on-map a, svg a, svg title, '
    + '.card-agreement, h1, .types, .lg, #chart-regions text, .langs, .brand, .lead, .toc a, .term h3 a').forEach(e => e.remove());
  return copy.innerText;
}"""


def test_french_pages_hold_no_english_interface_string(page, served):
    english = _interface_strings("en") - _interface_strings("fr")
    titles = {q.title for q in _questions()}
    for path in ("?lang=fr", "id/wco.html?lang=fr", "ontology.html?lang=fr", "query?question=wco-partners&lang=fr",
                 "embed/card?lang=fr", "id/territory-fra.html?lang=fr"):
        page.goto(served.url + path)
        text = page.evaluate(_INTERFACE_TEXT)
        assert len(text) > 50, path
        found = sorted(s for s in english | titles if re.search(r"(?<![\w-])" + re.escape(s) + r"(?![\w-])", text))
        assert not found, f"{path}: English interface text on a French page: {found}"
    # ...and the check does find English: the English page fails it.
    page.goto(served.url)
    text = page.evaluate(_INTERFACE_TEXT)
    assert {"Example questions", "Downloads", "Partner card"} <= {s for s in english if s in text}


def _questions():
    from wco_kg.queries import parse_question

    return [parse_question(p) for p in sorted((ROOT / "tests/server/queries").glob("*.rq"))]


def test_diagram_labels_fit_their_boxes(page, served, tmp_path_factory):
    for lang in ("en", "fr"):
        page.goto(served.url + f"?lang={lang}")
        overflow = page.locator("figure.diagram-box svg a").evaluate_all("""els => els.map(a => {
            const r = a.querySelector('rect').getBBox(), t = a.querySelector('text').getBBox();
            const label = a.querySelector('title').textContent;
            const shown = a.querySelector('text').textContent;
            return (t.x < r.x + 2 || t.x + t.width > r.x + r.width - 2 || t.y < r.y || t.y + t.height > r.y + r.height
                    || shown.includes('…')) ? label : null; }).filter(x => x)""")
        assert overflow == [], f"{lang}: labels overflow or are cut: {overflow}"
        element_shot(page.locator("figure.diagram-box"), f"diagram-{lang}", tmp_path_factory)


def _role_in_french(served) -> str:
    import httpx

    q = ("SELECT ?n WHERE { ?p a <https://w3id.org/wco-kg/ontology#Partnership> ; "
         "<http://www.w3.org/ns/org#member> <https://w3id.org/wco-kg/id/wco> ; <http://www.w3.org/ns/org#role> ?r . "
         "?r <https://w3id.org/wco-kg/ontology#name> ?n FILTER(lang(?n) = 'fr') }")
    rows = httpx.get(served.sparql, params={"query": q}, headers={"Accept": "application/sparql-results+json"},
                     timeout=30).json()["results"]["bindings"]
    assert len(rows) == 1, rows
    return rows[0]["n"]["value"]


def test_card_in_an_iframe_of_another_origin(page, served, tmp_path_factory):
    import http.server
    import threading

    folder = tmp_path_factory.mktemp("partner-site")
    snippet = (f'<iframe id="wco" src="{served.url}embed/card?lang=fr" title="WCO" width="380" height="330" '
               'style="border:0" loading="lazy"></iframe>')
    (folder / "index.html").write_text(f"<!doctype html><html><head><meta charset='utf-8'><title>Partners</title>"
                                       f"</head><body><h1>Our partners</h1>{snippet}</body></html>", encoding="utf-8")
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(folder), **k)  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        host = f"http://localhost:{httpd.server_address[1]}/"  # another host and port: another origin
        assert not host.startswith(served.url)
        page.goto(host)
        frame = page.frame_locator("#wco")
        expect(frame.locator("#card h1")).to_contain_text("Organisation mondiale des douanes")
        role = _role_in_french(served)
        expect(frame.locator("#card .role")).to_contain_text(role)
        expect(frame.locator("#card-hq")).to_contain_text("Bruxelles")
        expect(frame.locator("#card-members")).to_contain_text("186 membres au 28 novembre 2026")
        assert frame.locator("#card-link").get_attribute("href").startswith(served.url)
        inner = next(f for f in page.frames if f.url.startswith(served.url))
        import json as _json

        card = _json.loads(inner.locator("#card-jsonld").text_content())
        assert card["@type"] == "Organization" and card["name"] == "Organisation mondiale des douanes"
        box = page.locator("#wco").bounding_box()
        assert box["width"] == 380 and box["height"] == 330
        element_shot(page.locator("#wco"), "card", tmp_path_factory)
        shot(page, "card-on-another-site", tmp_path_factory)
    finally:
        httpd.shutdown()
        httpd.server_close()
