"""HTTP behaviour with a plain HTTP client (httpx): content negotiation, 303s and extension
URLs, CORS, the Service Description, ETags and 304s, files, errors."""

from __future__ import annotations

import json
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest
from servers import WCO

SELECT = 'SELECT ?n WHERE { <https://w3id.org/wco-kg/id/wco> <https://w3id.org/wco-kg/ontology#acronym> ?n } ORDER BY ?n'
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://w3id.org/wco-kg/graph/ror> { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def http(served):
    with httpx.Client(base_url=served.url, timeout=30, follow_redirects=False) as c:
        yield c


def get(http, query: str, accept: str | None = None, **params):
    headers = {"Accept": accept} if accept is not None else {}
    return http.get("/sparql", params={"query": query, **params}, headers=headers)


# ---------------------------------------------------------------------- content negotiation

@pytest.mark.parametrize("accept, expected", [
    (None, "application/sparql-results+json"),                      # no Accept: the default
    ("*/*", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/json"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("text/tab-separated-values;q=0.2, text/*;q=0.8", "text/csv"),    # text/csv gets 0.8
    ("application/sparql-results+json;q=0, */*;q=0.1", "application/sparql-results+xml"),
    ("text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8", "application/sparql-results+json"),
])
def test_select_conneg(http, accept, expected):
    r = get(http, SELECT, accept)
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == expected
    assert "Accept" in r.headers["vary"]


@pytest.mark.parametrize("accept, expected", [
    (None, "text/turtle"),
    ("*/*", "text/turtle"),
    ("application/ld+json", "application/ld+json"),
    ("application/n-triples", "application/n-triples"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("application/n-triples;q=0.4, application/ld+json;q=0.6", "application/ld+json"),
])
def test_construct_conneg(http, accept, expected):
    r = get(http, CONSTRUCT, accept)
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == expected
    fmt = ox.RdfFormat.from_media_type(expected)
    triples = list(ox.parse(r.content, format=fmt))
    assert any(t.object == ox.NamedNode("https://ror.org/04s5mat29") for t in triples)


@pytest.mark.parametrize("param, expected", [
    ("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml"),
    ("csv", "text/csv"), ("tsv", "text/tab-separated-values"),
    ("text/tab-separated-values", "text/tab-separated-values"),
])
def test_format_parameter_beats_accept(http, param, expected):
    r = get(http, SELECT, "application/sparql-results+json", format=param)
    assert r.headers["content-type"].split(";")[0] == expected


def test_406_when_nothing_acceptable(http):
    r = get(http, SELECT, "image/png")
    assert r.status_code == 406
    assert "application/sparql-results+json" in r.text and r.text.count("\n") == 1
    r = get(http, CONSTRUCT, "text/csv")
    assert r.status_code == 406
    assert get(http, SELECT, format="turtle").status_code == 406


def test_csv_and_tsv_bodies(http):
    assert get(http, SELECT, "text/csv").text == "n\r\nCCC\r\nOMD\r\nWCO\r\n"
    assert get(http, SELECT, "text/tab-separated-values").text == '?n\n"CCC"@en\n"OMD"@fr\n"WCO"@en\n'


def test_post_forms(http):
    form = http.post("/sparql", data={"query": SELECT}, headers={"Accept": "text/csv"})
    direct = http.post("/sparql", content=SELECT.encode(), headers={"Content-Type": "application/sparql-query",
                                                                    "Accept": "text/csv"})
    assert form.status_code == direct.status_code == 200
    assert form.text == direct.text == get(http, SELECT, "text/csv").text
    wrong = http.post("/sparql", content=SELECT.encode(), headers={"Content-Type": "text/plain"})
    assert wrong.status_code == 415


def test_malformed_query_gets_400_with_position(http):
    r = get(http, "SELECT * WHERE { ?s ?p }")
    assert r.status_code == 400
    assert r.text.startswith("malformed query: line 1, column ")
    assert r.text.count("\n") == 1


def test_bad_graph_iri_and_two_queries(http):
    assert get(http, SELECT, **{"default-graph-uri": "not an iri"}).status_code == 400
    r = http.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert r.status_code == 400 and "more than one" in r.text


# ---------------------------------------------------------------------- service description

def test_service_description(http, served):
    r = http.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = [q.triple for q in ox.parse(r.content, format=ox.RdfFormat.TURTLE)]
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoint = ox.NamedNode(served.sparql)
    assert ox.Triple(endpoint, ox.NamedNode(sd + "endpoint"), endpoint) in g
    assert ox.Triple(endpoint, ox.NamedNode(sd + "supportedLanguage"), ox.NamedNode(sd + "SPARQL11Query")) in g
    formats = {t.object.value for t in g if t.predicate.value == sd + "resultFormat"}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats
    assert "http://www.w3.org/ns/formats/Turtle" in formats
    names = {t.object.value for t in g if t.predicate.value == sd + "name"}
    assert "https://w3id.org/wco-kg/graph/big-partner-profile" in names
    # ...with the VoID/DCAT description of the dataset
    void = "http://rdfs.org/ns/void#"
    assert any(t.predicate.value == void + "triples" and t.subject.value == "https://w3id.org/wco-kg/dataset"
               for t in g)
    jsonld = http.get("/sparql", headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json") and json.loads(jsonld.text)
    page = http.get("/sparql", headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html") and "<textarea" in page.text


# ---------------------------------------------------------------------- Linked Data

@pytest.mark.parametrize("accept, ext", [
    ("text/html", "html"), ("text/turtle", "ttl"), ("application/ld+json", "jsonld"),
    ("application/n-triples", "nt"), ("application/rdf+xml", "rdf"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),
])
def test_resource_303(http, accept, ext):
    r = http.get("/id/wco", headers={"Accept": accept})
    assert r.status_code == 303
    assert r.headers["location"] == f"/id/wco.{ext}"
    assert "Accept" in r.headers["vary"]


@pytest.mark.parametrize("ext, fmt", [("ttl", ox.RdfFormat.TURTLE), ("jsonld", ox.RdfFormat.JSON_LD),
                                      ("nt", ox.RdfFormat.N_TRIPLES), ("rdf", ox.RdfFormat.RDF_XML),
                                      ("nq", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG)])
def test_extension_urls_give_the_description(http, ext, fmt):
    r = http.get(f"/id/wco.{ext}")
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == fmt.media_type
    quads = list(ox.parse(r.content, format=fmt))
    wco = ox.NamedNode(WCO)
    out = [q for q in quads if q.subject == wco]
    inc = [q for q in quads if q.object == wco]
    assert any(q.predicate.value.endswith("#name") and q.object.value == "World Customs Organization" for q in out)
    assert any(q.subject.value.endswith("/id/wco-headquarters") for q in inc)  # incoming: org:siteOf
    labels = [q for q in quads if q.subject.value.endswith("/id/brussels") and q.predicate.value.endswith("#label")]
    assert labels  # the label of what it links to
    if ext in ("nq", "trig"):  # the formats that keep named graphs: the source of each fact
        assert {q.graph_name.value for q in out} >= {"https://w3id.org/wco-kg/graph/big-partner-profile",
                                                      "https://w3id.org/wco-kg/graph/wikipedia-wco"}


def test_every_minted_iri_dereferences(http, store):
    """Each IRI under the base that the graph uses answers (303 then 200), or is a served file."""
    minted = set()
    for q in store:
        for t in (q.subject, q.predicate, q.object, q.graph_name):
            if isinstance(t, ox.NamedNode) and t.value.startswith("https://w3id.org/wco-kg/"):
                minted.add(t.value.split("#")[0])
    assert len(minted) > 60
    for iri in sorted(minted):
        path = iri[len("https://w3id.org/wco-kg"):] or "/"
        r = http.get(path, headers={"Accept": "text/turtle"})
        if r.status_code == 303:
            r = http.get(r.headers["location"])
        assert r.status_code == 200, (iri, r.status_code, r.text[:200])


def test_ontology_documentation(http):
    r = http.get("/ontology", headers={"Accept": "text/html"})
    assert r.status_code == 303 and r.headers["location"] == "/ontology.html"
    page = http.get("/ontology.html").text
    for text in ('id="Partnership"', "partnership", "partenariat", "Inscription d&#39;une organisation",
                 "An organization&#39;s listing", 'id="signedOn"'):
        assert text in page
    ttl = http.get("/ontology.ttl")
    classes = [t for t in ox.parse(ttl.content, format=ox.RdfFormat.TURTLE)
               if t.object.value == "http://www.w3.org/2002/07/owl#Class"]
    assert len(classes) >= 8


def test_unknown_resource_is_404(http):
    assert http.get("/id/no-such-thing").status_code == 404
    assert http.get("/id/no-such-thing.ttl").status_code == 404
    assert http.get("/id/wco.xyz").status_code == 404


def test_dumps_and_context(http, served):
    r = http.get("/dump/wco-kg.nq")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/n-quads")
    assert len(list(ox.parse(r.content, format=ox.RdfFormat.N_QUADS))) > 1000
    assert "@context" in http.get("/context.jsonld").json()
    assert http.get("/dump/../pyproject.toml").status_code == 404


# ---------------------------------------------------------------------- CORS

def test_cors(http):
    r = get(http, SELECT, "text/csv", **{})
    r = http.get("/sparql", params={"query": SELECT}, headers={"Origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    pre = http.options("/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST",
                                            "Access-Control-Request-Headers": "content-type"})
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-origin"] == "*"
    assert "POST" in pre.headers["access-control-allow-methods"]
    assert "content-type" in pre.headers["access-control-allow-headers"].lower()
    page = http.get("/id/wco.ttl", headers={"Origin": "https://example.org"})
    assert page.headers["access-control-allow-origin"] == "*"


# ---------------------------------------------------------------------- caching

def test_etag_and_304(http):
    first = get(http, SELECT, "text/csv")
    etag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public")
    again = http.get("/sparql", params={"query": SELECT}, headers={"Accept": "text/csv", "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    other_format = http.get("/sparql", params={"query": SELECT}, headers={"Accept": "text/tab-separated-values",
                                                                          "If-None-Match": etag})
    assert other_format.status_code == 200 and other_format.headers["etag"] != etag
    page = http.get("/id/wco.html")
    assert http.get("/id/wco.html", headers={"If-None-Match": page.headers["etag"]}).status_code == 304
    fr = http.get("/id/wco.html?lang=fr")
    assert fr.headers["etag"] != page.headers["etag"]
