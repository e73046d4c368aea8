"""Asking without writing SPARQL, on a real `wco-kg serve` of the project's own questions.

The questions' API (each answer against tests/expected/, the parameters, the guards and the
cache), the OpenAPI document (openapi-spec-validator), the questions as sparql-examples RDF
(validated by their shape with pySHACL), search (with hostile input), and, in a real
Chromium (Playwright), the editor's completion, a parameter form, a malformed query's caret,
the search box, and no request outside the page's own origin.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect, sync_playwright

from servers import ROOT, start_server
from wco_kg.queries import questions
from wco_kg.results import from_sparql_json, same_results

EXPECTED = ROOT / "tests" / "expected"
SERVED = sorted(n for n, q in questions().items() if not q.is_check and not q.federated)
WCO = "https://w3id.org/wco-kg/id/wco"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def ask(tmp_path_factory):
    """The checkout's own project (its queries/, with parameters), served once for this module."""
    base = tmp_path_factory.mktemp("ask")
    s = start_server(ROOT, base / "dist", "--timeout", "5", "--max-rows", "5000", "--max-request-bytes", "32768")
    yield s
    assert s.stop() == 0, "\n".join(s.log)


@pytest.fixture(scope="module")
def http(ask):
    with httpx.Client(base_url=ask.url, timeout=30) as client:
        yield client


def expected(name: str):
    return from_sparql_json((EXPECTED / f"{name}.srj").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------- the questions' API

def test_every_question_answers_its_expected_rows_as_srj_and_json(http):
    assert len(SERVED) >= 20
    for name in SERVED:
        want, ordered = expected(name), questions()[name].ordered
        r = http.get(f"/questions/{name}.srj")
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/sparql-results+json"), name
        assert same_results(from_sparql_json(r.content), want, ordered=ordered), name
        plain = http.get(f"/questions/{name}.json").json()
        assert plain["question"] == name and plain["variables"] == list(want.variables), name
        # The plain rows hold the same values, read back independently of the SPARQL JSON.
        got = [tuple(str(row.get(v, "")) for v in want.variables) for row in plain["rows"]]
        exp = [tuple("" if t is None else str(t.value) for t in row) for row in want.rows]
        norm = lambda rows: [tuple(c.removesuffix(".0") for c in r) for r in rows]  # noqa: E731
        assert (norm(got) if ordered else sorted(norm(got))) == (norm(exp) if ordered else sorted(norm(exp))), name


def test_a_parameter_in_the_query_string(http):
    """members-joined-after?year=2015 is the default answer (year 2000) cut at 2015, derived here
    from the expected file, not from the query."""
    base = expected("members-joined-after")
    since = list(base.variables).index("since")
    want = [row for row in base.rows if str(row[since].value)[:4] > "2015"]
    assert 0 < len(want) < len(base.rows)
    r = http.get("/questions/members-joined-after.csv", params={"year": "2015"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["since"] for row in rows] == [str(row[since].value) for row in want]
    assert http.get("/questions/members-joined-after.json", params={"year": "2015"}).json()["parameters"] == \
        {"year": "2015"}


def test_the_api_is_cached_and_guarded_like_sparql(http):
    r = http.get("/questions/headquarters.srj")
    etag = r.headers["etag"]
    assert http.get("/questions/headquarters.srj", headers={"If-None-Match": etag}).status_code == 304
    assert http.get("/questions/headquarters.srj").headers["etag"] == etag
    # The bound query and /sparql share the cache entry: the same ETag for the same answer.
    q = questions()["headquarters"].text
    same = http.get("/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+json"})
    assert same.headers["etag"] == etag


@pytest.mark.parametrize("path, status, words", [
    ("/questions/headquarter.json", 404, "did you mean: headquarters?"),
    ("/questions/members-joined-after.json?year=abc", 400, "not a valid gYear"),
    ("/questions/members-joined-after.json?year=2000%22%7D%20INSERT", 400, "not a valid gYear"),
    ("/questions/members-joined-after.json?year=2000%00", 400, "not a valid gYear"),
    ("/questions/members-joined-after.json?colour=red", 400, "unknown parameter"),
    ("/questions/names.json?entity=javascript:alert(1)%3E", 400, "not a valid iri"),
    ("/questions/headquarters.xml", 404, "answers .json, .csv and .srj"),
    ("/questions/" + "x" * 3000 + ".json", 404, "unknown question"),
])
def test_api_refusals_are_one_line(http, path, status, words):
    r = http.get(path)
    assert r.status_code == status, r.text
    assert words in r.text and r.text.count("\n") == 1 and len(r.text) < 400


def test_openapi_document_validates(http):
    from openapi_spec_validator import validate

    doc = http.get("/openapi.json").json()
    validate(doc)
    assert doc["openapi"].startswith("3.")
    assert {f"/questions/{n}.{e}" for n in SERVED for e in ("json", "csv", "srj")} == set(doc["paths"])
    year = doc["paths"]["/questions/members-joined-after.json"]["get"]["parameters"]
    assert [p["name"] for p in year] == ["year"] and year[0]["schema"]["default"] == "2000"


def test_questions_pages(http):
    page = http.get("/questions/")
    assert page.status_code == 200
    for name in SERVED:
        assert f'href="/questions/{name}"' in page.text
    one = http.get("/questions/members-joined-after")
    assert 'name="param-year"' in one.text and 'type="number"' in one.text
    assert "/questions/members-joined-after.csv?year=2000" in one.text
    date = http.get("/questions/claims-as-of").text
    assert 'name="param-asOf" value="2026-11-28"' in date and 'type="date"' in date
    choice = http.get("/questions/names").text  # an IRI: a choice among labelled resources
    assert '<select name="param-entity">' in choice
    assert '<option value="id:wco" selected>World Customs Organization</option>' in choice
    assert '<option value="id:university-of-victoria"' in choice
    # choosing another resource of the list answers for it: its names, not the WCO's
    other = http.get("/query", params={"question": "names", "param-entity": "id:university-of-victoria"})
    assert other.status_code == 200 and "University of Victoria" in other.text
    assert "Organisation mondiale des douanes" not in other.text.split('id="results"')[1].split("</table>")[0]


# ---------------------------------------------------------------------- the questions as RDF

def test_sparql_examples_are_served_and_conform_to_their_shape(http, ask):
    from pyshacl import validate
    from rdflib import Graph, Namespace, URIRef

    r = http.get("/.well-known/sparql-examples")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    sh, schema, rdfs = Namespace("http://www.w3.org/ns/shacl#"), Namespace("https://schema.org/"), \
        Namespace("http://www.w3.org/2000/01/rdf-schema#")
    examples = set(g.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), sh.SPARQLExecutable))
    assert {str(e).rsplit("/", 1)[1] for e in examples} == set(SERVED)
    hq = URIRef("https://w3id.org/wco-kg/.well-known/sparql-examples/headquarters")
    assert g.value(hq, schema.target) == URIRef("https://w3id.org/wco-kg/sparql")
    assert str(g.value(hq, sh.select)) == questions()["headquarters"].text
    assert {lbl.language for lbl in g.objects(hq, rdfs.label)} == {"en", "fr"}
    fr = {str(lbl) for lbl in g.objects(hq, rdfs.label) if lbl.language == "fr"}
    assert fr == {questions()["headquarters"].title_fr}
    shape = Graph().parse(ROOT / "shapes" / "sparql-examples" / "examples-shape.ttl")
    _conforms, report, text = validate(g, shacl_graph=shape)
    violations = list(report.subjects(sh.resultSeverity, sh.Violation))
    assert violations == [], text
    # The build writes the same file with every question (checks too) into the dumps.
    built = Graph().parse(data=(ask.out / "sparql-examples.ttl").read_text(encoding="utf-8"), format="turtle")
    assert len(set(built.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), sh.SPARQLExecutable))) \
        == len(questions())


def test_the_shape_catches_an_example_without_query(tmp_path):
    from pyshacl import validate
    from rdflib import Graph

    broken = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix schema: <https://schema.org/> .
        <https://example.org/q> a sh:SPARQLExecutable ; rdfs:label "x"@en ; rdfs:comment "x"@en ;
            schema:target <https://example.org/sparql> ; schema:keywords "x" .""", format="turtle")
    conforms, _report, text = validate(broken, shacl_graph=Graph().parse(
        ROOT / "shapes" / "sparql-examples" / "examples-shape.ttl"))
    assert not conforms and "exactly one query text" in text


# ---------------------------------------------------------------------- search

@pytest.mark.parametrize("text", ["OMD", "omd", "douanes", "DOUANES", "Organisation mondiale", "WCO",
                                  "world customs"])
def test_search_finds_the_wco(http, text):
    hits = http.get("/search", params={"q": text, "format": "json"}).json()["hits"]
    assert hits and hits[0]["iri"] == WCO, hits[:3]
    assert hits[0]["page"] == "/id/wco.html"


def test_search_ranks_exact_then_prefix_then_contains_and_folds_accents(http):
    hits = http.get("/search", params={"q": "curacao", "format": "json"}).json()["hits"]
    assert hits[0]["label"] == "Curaçao" and hits[0]["match"] == "exact"
    order = [h["match"] for h in http.get("/search", params={"q": "customs", "format": "json"}).json()["hits"]]
    ranks = [("exact", "prefix", "word", "contains").index(m) for m in order]
    assert ranks == sorted(ranks) and len(set(ranks)) > 1


@pytest.mark.parametrize("text", ['"', "*", '"OMD', "OMD*", "NEAR(OMD douanes)", "OMD OR douanes", "-OMD",
                                  "^OMD", "%", "_", "\\", "'; DROP TABLE names; --", "\x00OMD", "OMD\x00",
                                  "%254F%254D%2544", "{{ 7*7 }}", "<script>alert(1)</script>", "ⓞⓜⓓ",
                                  "a" * 200, " " * 150])
def test_search_survives_hostile_text(http, text):
    r = http.get("/search", params={"q": text, "format": "json"})
    assert r.status_code == 200, r.text
    assert isinstance(r.json()["hits"], list)
    html = http.get("/search", params={"q": text})
    assert html.status_code == 200 and "<script>alert(1)</script>" not in html.text


def test_search_refuses_huge_text(http):
    r = http.get("/search", params={"q": "x" * 5000})
    assert r.status_code == 400 and "over 200 characters" in r.text
    r = http.get("/search", params={"q": "x" * 40_000})  # over the server's request limit, as /sparql
    assert r.status_code == 414
    r = http.get("/questions/members-joined-after.json", params={"year": "2" * 40_000})
    assert r.status_code == 414


def test_search_command(cli):
    r = cli("search", "OMD")
    assert r.returncode == 0 and r.stdout.splitlines()[0].startswith("id:wco\tWorld Customs Organization\t")
    r = cli("search", "douanes", "--json")
    assert json.loads(r.stdout)[0]["iri"] == WCO
    r = cli("search", "zzqqxx")
    assert r.returncode == 1 and "nothing is named" in r.stderr
    r = cli("search", "x" * 500)
    assert r.returncode == 2 and r.stderr.count("\n") == 1


def test_terms_for_completion(http):
    doc = http.get("/query/terms.json").json()
    assert doc["prefixes"]["wkg"] == "https://w3id.org/wco-kg/ontology#"
    wco = next(t for t in doc["terms"] if t["short"] == "id:wco")
    assert wco["en"] == "World Customs Organization" and wco["fr"] == "Organisation mondiale des douanes"
    assert any(t["short"] == "wkg:TerritoryMembership" for t in doc["terms"])


# ---------------------------------------------------------------------- in a real browser

@pytest.fixture(scope="module")
def page(ask, tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run .ci/run (apt-get install -y chromium)")
    profile = tmp_path_factory.mktemp("chromium-ask")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync"]
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM, headless=True,
                                                        args=flags, viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        pg.seen, pg.errors = [], []
        pg.on("request", lambda r: pg.seen.append(r.url))
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))
        yield pg
        context.close()
    outside = [u for u in pg.seen if not u.startswith(ask.url) and not u.startswith("data:")]
    assert outside == [], outside  # every page of this module asked only its own origin


def test_editor_opens_with_an_example_and_completes_a_term_of_the_graph(page, ask):
    page.goto(ask.url + "query")
    editor = page.locator("#editor .cm-content")
    expect(editor).to_contain_text("SELECT")  # the page opens with an example
    expect(page.locator("#editor .cm-line").first).to_be_visible()
    page.evaluate("window.wcoEditor.dispatch({changes: {from: 0, to: window.wcoEditor.state.doc.length, "
                  "insert: 'SELECT * WHERE { ?m a wkg:TerritoryMem'}})")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Control+Space")
    option = page.locator(".cm-tooltip-autocomplete li", has_text="wkg:TerritoryMembership")
    expect(option.first).to_be_visible()
    page.wait_for_timeout(200)  # CodeMirror ignores Enter in the first 75 ms of a list (interactionDelay)
    page.keyboard.press("Enter")
    assert "wkg:TerritoryMembership" in page.locator("#query").input_value()
    # A label completes to its name: "douanes" (French) offers id:wco.
    page.evaluate("window.wcoEditor.dispatch({changes: {from: 0, to: window.wcoEditor.state.doc.length, "
                  "insert: 'SELECT * WHERE { douanes'}})")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Control+Space")
    expect(page.locator(".cm-tooltip-autocomplete li", has_text="id:wco").first).to_be_visible()
    assert page.errors == []


def test_parameter_form_runs_with_a_chosen_year(page, ask):
    page.goto(ask.url + "query?question=members-joined-after")
    year = page.locator("#param-year")
    expect(year).to_have_attribute("type", "number")
    year.fill("2015")
    page.click("#run")
    base = expected("members-joined-after")
    since = list(base.variables).index("since")
    names = [str(row[list(base.variables).index("name")].value) for row in base.rows
             if str(row[since].value)[:4] > "2015"]
    table = page.locator("#results")
    expect(table).to_be_visible()
    expect(page.locator("#results tbody tr")).to_have_count(len(names))
    for name in names:
        expect(table).to_contain_text(name)
    assert page.locator("#param-year").input_value() == "2015"
    # The table sorts and filters (DataTables): filter on the first name.
    page.locator(".dt-search input").fill(names[0])
    expect(page.locator("#results tbody tr")).to_have_count(1)


def test_malformed_query_shows_the_caret_at_the_spot(page, ask):
    query = "PREFIX ex: <http://example.org/>\nSELECT ?s\nWHERE { ?s ex:p ?o ) }\n"
    page.goto(ask.url + "query?" + httpx.QueryParams({"query": query}).__str__())
    error = page.locator("#error")
    expect(error).to_contain_text("line 3, column 20")
    caret = page.locator("#caret").inner_text().splitlines()
    assert caret[0].endswith("WHERE { ?s ex:p ?o ) }")
    assert caret[1].index("^") == caret[0].index(")")
    # the editor's cursor is put there too
    assert page.evaluate("window.wcoEditor.state.selection.main.head") == query.index(")")


def test_search_box_finds_the_wco(page, ask):
    for text in ("OMD", "douanes"):
        page.goto(ask.url)
        page.fill("#search", text)
        page.press("#search", "Enter")
        first = page.locator("#hits li a").first
        expect(first).to_have_text("World Customs Organization")
        first.click()
        expect(page.locator("h1")).to_contain_text("World Customs Organization")


# ---------------------------------------------------------------------- the page without JavaScript

def test_the_form_works_without_javascript(http):
    """What a browser without JavaScript sends: the question, its parameter, the unedited text."""
    text = questions()["members-joined-after"].text
    r = http.get("/query", params={"question": "members-joined-after", "param-year": "2020", "query": text})
    assert r.status_code == 200
    base = expected("members-joined-after")
    since = list(base.variables).index("since")
    want = [row for row in base.rows if str(row[since].value)[:4] > "2020"]
    assert r.text.count("<tr><td>") == len(want) > 0
    assert 'value="2020"' in r.text


def test_an_answer_over_the_page_limit_shows_its_first_rows_and_says_so(http):
    r = http.get("/query", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1500"})
    assert r.status_code == 200 and r.text.count("<tr><td>") == 1000
    assert "Showing the first 1,000 rows of 1,500" in r.text and "format=csv" in r.text
    # Over the server's row limit (5000 here): the first rows, and the whole graph to download.
    r = http.get("/query", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 200 and r.text.count("<tr><td>") == 1000
    assert "more than 5,000 rows, this server&#39;s limit" in r.text and "/dump/wco-kg.nq" in r.text
