"""What crawlers, portals and other sites get from a real server: the schema.org Dataset, the sitemap,
robots.txt, /.well-known/void (checked against the dumps it describes and the DCAT-AP shapes), the
favicon, the embeddable card's headers, the map and chart routes, grouped incoming links, the
language of a page; and hostile values on each new parameter."""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
SHAPES = ROOT / "tests" / "data" / "dcat-ap-3.0.0-shacl"


@pytest.fixture(scope="module")
def http(served):
    with httpx.Client(base_url=served.url, timeout=30, follow_redirects=False) as c:
        yield c


def _jsonld(html: str, element_id: str) -> dict:
    m = re.search(r'<script type="application/ld\+json" id="%s">(.*?)</script>' % element_id, html, re.S)
    assert m, f"no JSON-LD block #{element_id}"
    return json.loads(m.group(1))


# ---------------------------------------------------------------------- the dataset, for search engines

def test_home_page_carries_a_schema_org_dataset(http):
    doc = _jsonld(http.get("/").text, "dataset-jsonld")
    assert doc["@type"] == "Dataset" and doc["@context"] == "https://schema.org"
    assert doc["name"].startswith("wco-kg") and "World Customs Organization" in doc["description"]
    assert doc["license"] == "https://creativecommons.org/licenses/by/4.0/"
    for key in ("creator", "publisher"):
        assert doc[key]["@type"] == "Organization" and doc[key]["name"] == "wco-kg contributors"
    assert doc["version"] == "0.1.0" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc["dateModified"])
    downloads = doc["distribution"]
    assert {d["@type"] for d in downloads} == {"DataDownload"} and len(downloads) == 6
    assert {d["encodingFormat"] for d in downloads} >= {"text/turtle", "application/n-quads", "application/ld+json"}
    for d in downloads:  # each contentUrl is a dump this server serves (under its canonical IRI)
        path = urlsplit(d["contentUrl"]).path.removeprefix("/wco-kg")
        assert http.get(path).status_code == 200, d
    french = _jsonld(http.get("/?lang=fr").text, "dataset-jsonld")
    assert "Organisation mondiale des douanes" in french["description"]


def test_well_known_void_describes_the_dumps_truly(http):
    import rdflib

    r = http.get("/.well-known/void")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    dcat, spdx = rdflib.Namespace("http://www.w3.org/ns/dcat#"), rdflib.Namespace("http://spdx.org/rdf/terms#")
    urls = list(g.subject_objects(dcat.downloadURL))
    assert len(urls) == 6
    for dist, url in urls:
        body = http.get(urlsplit(str(url)).path.removeprefix("/wco-kg")).content  # the bytes served
        assert int(g.value(dist, dcat.byteSize)) == len(body), url
        assert str(g.value(g.value(dist, spdx.checksum), spdx.checksumValue)) == hashlib.sha256(body).hexdigest()


def test_well_known_void_passes_the_dcat_ap_shapes(http):
    import pyshacl
    import rdflib

    data = rdflib.Graph().parse(data=http.get("/.well-known/void").text, format="turtle")
    shapes = rdflib.Graph()
    for name in ("shapes.ttl", "range.ttl", "shapes_recommended.ttl"):
        shapes.parse(SHAPES / name, format="turtle")
    conforms, report, text = pyshacl.validate(data, shacl_graph=shapes, allow_warnings=True)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert conforms and not list(report.subjects(sh.resultSeverity, sh.Violation)), text


def test_sitemap_lists_every_page_with_its_french_version(http, store):
    r = http.get("/sitemap.xml")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(r.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locs = [u.find("s:loc", ns).text for u in root.findall("s:url", ns)]
    ids = {q.subject.value for q in store.quads_for_pattern(None, None, None, None)
           if q.subject.value.startswith("https://w3id.org/wco-kg/id/")}
    assert len(locs) == len(set(locs)) == len(ids) + 5
    for u in root.findall("s:url", ns)[:3] + root.findall("s:url", ns)[-3:]:
        loc = u.find("s:loc", ns).text
        alts = {a.get("hreflang"): a.get("href") for a in u.findall("x:link", ns)}
        assert alts["en"] == loc and alts["fr"].endswith("lang=fr")
        for url in (loc, alts["fr"]):
            assert http.get(urlsplit(url).path + ("?" + urlsplit(url).query if urlsplit(url).query else "")).status_code == 200


def test_robots_and_favicon(http):
    robots = http.get("/robots.txt")
    assert robots.status_code == 200 and robots.headers["content-type"].startswith("text/plain")
    assert "Disallow: /sparql" in robots.text and re.search(r"^Sitemap: http://\S+/sitemap.xml$", robots.text, re.M)
    icon = http.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    ET.fromstring(icon.content)  # a well-formed SVG
    assert '<link rel="icon" href="/static/favicon.svg"' in http.get("/").text


# ---------------------------------------------------------------------- the card, for other sites

def test_embed_card_may_be_framed_and_carries_its_json_ld(http):
    for lang, name in (("en", "World Customs Organization"), ("fr", "Organisation mondiale des douanes")):
        r = http.get("/embed/card", params={"lang": lang})
        assert r.status_code == 200
        assert "x-frame-options" not in r.headers
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors *" in csp and "script-src" not in csp and "default-src 'none'" in csp
        assert f"<h1>{name}" in r.text and 'href="/static/' not in r.text  # self-contained: no stylesheet to fetch
        card = _jsonld(r.text, "card-jsonld")
        assert card["@type"] == "Organization" and card["name"] == name
    # The count it shows is the latest stated figure, with its date (claims-as-of picks the same).
    assert re.search(r'id="card-members">186 members on November 28, 2026<', http.get("/embed/card").text)
    assert re.search(r'id="card-members">186 membres au 28 novembre 2026<', http.get("/embed/card?lang=fr").text)


# ---------------------------------------------------------------------- language

@pytest.mark.parametrize("headers, params, lang", [
    ({"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"}, {}, "fr"),
    ({"Accept-Language": "de, en;q=0.3, fr;q=0.2"}, {}, "en"),
    ({"Accept-Language": "fr"}, {"lang": "en"}, "en"),          # ?lang= beats the browser
    ({}, {"lang": "fr"}, "fr"),
    ({}, {"lang": "<script>"}, "en"),                            # hostile values fall back
    ({"Accept-Language": "fr;q=abc, ;;;,,," + "x" * 5000}, {}, "en"),  # a malformed q drops its entry
    ({"Accept-Language": "en;q=0.1, fr-FR;q=0.8, " + "fr;q=0.9," * 500}, {}, "fr"),
    ({}, {"lang": "fr%2520"}, "en"),                             # encoded twice: not a language
])
def test_language_of_a_page(http, headers, params, lang):
    r = http.get("/", headers=headers, params=params)
    assert r.status_code == 200 and f'<html lang="{lang}">' in r.text


# ---------------------------------------------------------------------- map, charts, incoming links

def test_map_svg_by_region_and_decade(http):
    for mode in ("region", "decade"):
        r = http.get("/map.svg", params={"by": mode})
        assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
        root = ET.fromstring(r.content)
        assert f"by-{mode}" in root.get("class")
    for bad in ("colour", "<svg>", "region%2500", "x" * 4000, ""):
        r = http.get("/map.svg", params={"by": bad})
        assert r.status_code == 400 and r.text.count("\n") == 1


def test_chart_of_any_answer_and_bad_queries(http):
    query = ("SELECT ?region (COUNT(?m) AS ?n) WHERE { ?x <https://w3id.org/wco-kg/ontology#region> ?region ; "
             "<http://www.w3.org/ns/org#member> ?m } GROUP BY ?region ORDER BY ?region")
    r = http.get("/chart", params={"query": query})
    assert r.status_code == 200
    values = [float(v) for v in re.findall(r'class="b"[^>]* data-value="([\d.]+)"', r.text)]
    answer = http.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}).json()
    assert values == [float(b["n"]["value"]) for b in answer["results"]["bindings"]] and sum(values) == 186
    # No number column: said, not drawn.
    r = http.get("/chart", params={"query": "SELECT ?s WHERE { ?s a <http://www.w3.org/ns/org#Site> }"})
    assert r.status_code == 200 and 'class="b"' not in r.text and "no label column and number column" in r.text
    for params, status in (({"query": "SELECT ?x WHERE { ?x"}, 400), ({"question": "no-such-question"}, 404),
                           ({}, 400), ({"query": "DELETE WHERE { ?s ?p ?o }"}, 403),
                           ({"query": "SELECT * WHERE { " + "{ " * 300 + "?s ?p ?o" + " }" * 300 + " }"}, None)):
        r = http.get("/chart", params=params)
        assert r.status_code == (status or r.status_code) and r.status_code in (200, 400, 403, 404), params
        assert "Traceback" not in r.text
    # httpx refuses URLs this long itself: the standard library's client sends one.
    conn = HTTPConnection(urlsplit(str(http.base_url)).hostname, urlsplit(str(http.base_url)).port, timeout=30)
    conn.request("GET", "/chart?query=" + "SELECT%20" + "%3Fx%20" * 9800 + "WHERE%20%7B%7D")  # about 69 kB, over the 64 KiB limit
    response = conn.getresponse()  # refused by the HTTP parser (400) or by the page's own limit (414)
    assert response.status in (400, 414) and b"Traceback" not in response.read()
    conn.close()


def test_incoming_links_are_grouped_counted_and_paged(http, store):
    import pyoxigraph as ox

    wco = ox.NamedNode("https://w3id.org/wco-kg/id/wco")
    org_organization = ox.NamedNode("http://www.w3.org/ns/org#organization")
    total = len({q.subject for q in store.quads_for_pattern(None, org_organization, wco, None)})
    page = http.get("/id/wco.html").text
    groups = re.findall(r'<div class="in-group" id="in-(\d+)">\s*<h3>.*?</h3>', page, re.S)
    assert groups, "no grouped incoming links"
    m = re.search(r'<div class="in-group" id="in-(\d+)">\s*<h3><a [^>]*title="http://www.w3.org/ns/org#organization"'
                  r'.*?<span class="count">(\d+)</span>(.*?)</div>', page, re.S)
    n, count, body = m.group(1), int(m.group(2)), m.group(3)
    assert count == total > 150
    assert body.count("<tr><td>") == 5 and 'rel="next"' in body
    seen = []
    for p in range(1, 100):
        body = re.search(r'id="in-%s">(.*?)</div>' % n, http.get("/id/wco.html", params={"in": n, "page": p}).text,
                         re.S).group(1)
        rows = re.findall(r'<tr><td><a href="([^"]+)"', body)
        seen += rows
        if 'rel="next"' not in body:
            break
    assert len(seen) == len(set(seen)) == total
    for params in ({"in": "abc"}, {"page": "-3"}, {"in": n, "page": "9" * 40}, {"in": "9" * 400},
                   {"in": "%2531", "page": "%00"}):
        r = http.get("/id/wco.html", params=params)
        assert r.status_code == 200 and "Traceback" not in r.text, params


def test_hostile_host_and_lang_on_the_new_routes(http):
    # The sitemap and robots.txt name the host the request came to: a hostile Host stays data.
    r = http.get("/sitemap.xml", headers={"Host": 'evil.example"><x a="&amp;'})
    assert r.status_code in (200, 400)
    if r.status_code == 200:
        root = ET.fromstring(r.content)  # still well-formed XML
        assert all(not el.tag.endswith("}x") for el in root.iter())
    r = http.get("/robots.txt", headers={"Host": "a.example"})
    assert r.status_code == 200 and r.text.count("Sitemap:") == 1
    for lang in ("<script>", "fr" * 3000, "%66%72", "FR", "en\r\nX: y"):
        r = http.get("/embed/card", params={"lang": lang})
        assert r.status_code == 200 and '<html lang="en">' in r.text, lang


@pytest.fixture(scope="module")
def project_server(served, tmp_path_factory):
    """The shared server's last build, served with the project's own questions (queries/)."""
    from servers import start_server

    where = tmp_path_factory.mktemp("project-questions")
    for name in ("ontology", "shapes", "data", "queries"):
        (where / name).symlink_to(ROOT / name)
    s = start_server(where, served.out, "--no-build", "--workers", "1")
    yield s
    s.stop()


def test_members_questions_pages_show_the_map_and_charts(project_server):
    with httpx.Client(base_url=project_server.url, timeout=30) as c:
        for name in ("members-per-region", "members-on-map", "members-without-date"):
            r = c.get("/query", params={"question": name, "lang": "fr"})
            assert r.status_code == 200
            assert r.text.count('class="worldmap') == 1 and 'id="chart-regions"' in r.text, name
        assert 'class="worldmap' not in c.get("/query", params={"question": "headquarters"}).text
        # The chart of a question by name, and the query page's button to it.
        page = c.get("/query", params={"question": "members-per-region"}).text
        link = re.search(r'<a class="chip primary" href="([^"]+)" id="chart-link">', page).group(1)
        chart = c.get(link.replace("&amp;", "&"))
        values = [int(float(v)) for v in re.findall(r'class="b"[^>]* data-value="([\d.]+)"', chart.text)]
        assert chart.status_code == 200 and len(values) == 6 and sum(values) == 185
