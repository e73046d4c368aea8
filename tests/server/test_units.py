"""The server's pure parts on their own: Accept parsing and the SPARQL lexer's SERVICE finding."""

from __future__ import annotations

import pytest

from wco_kg.formats import DOCUMENT_FORMATS, RDF_FORMATS, RESULT_FORMATS
from wco_kg.server.conneg import from_param, negotiate
from wco_kg.sparql_text import analyse, host_allowed


@pytest.mark.parametrize("accept, table, expected", [
    ("", RESULT_FORMATS, "json"),
    ("text/turtle;q=0.8, application/ld+json", RDF_FORMATS, "jsonld"),
    ("text/turtle, application/ld+json", RDF_FORMATS, "turtle"),          # tie: server's order
    ("application/ld+json, text/turtle", RDF_FORMATS, "turtle"),          # tie: server's order
    ("application/*;q=0.5, text/turtle;q=0.4", RDF_FORMATS, "jsonld"),
    ("TEXT/CSV", RESULT_FORMATS, "csv"),
    ("text/csv; charset=utf-8; q=0.7, */*; q=0.1", RESULT_FORMATS, "csv"),
    ("garbage, text/csv", RESULT_FORMATS, "csv"),
    ("text/html;q=0.9, text/turtle", DOCUMENT_FORMATS, "turtle"),
    ("*/*", DOCUMENT_FORMATS, "html"),
    ("application/rdf+xml;q=1.5", RDF_FORMATS, "rdfxml"),              # q clamped to 1
])
def test_negotiate(accept, table, expected):
    assert negotiate(accept, table).format == expected


@pytest.mark.parametrize("accept, table", [
    ("image/png", RESULT_FORMATS), ("text/turtle;q=0", RDF_FORMATS), ("*/*;q=0", RESULT_FORMATS),
    ("application/sparql-results+json;q=0, application/json;q=0, text/csv;q=0, text/tab-separated-values;q=0,"
     " application/sparql-results+xml;q=0, */*;q=0.5", RESULT_FORMATS),
])
def test_not_acceptable(accept, table):
    assert negotiate(accept, table) is None


@pytest.mark.parametrize("value, table, expected", [
    ("json", RESULT_FORMATS, "json"), ("json", RDF_FORMATS, "jsonld"), ("xml", RDF_FORMATS, "rdfxml"),
    ("n3", RDF_FORMATS, "turtle"), ("rdf+xml", RDF_FORMATS, "rdfxml"), ("json-ld", RDF_FORMATS, "jsonld"),
    ("application/sparql-results+xml", RESULT_FORMATS, "xml"), ("rdf", RDF_FORMATS, "rdfxml"),
])
def test_format_parameter(value, table, expected):
    assert from_param(value, table).format == expected


@pytest.mark.parametrize("query, form, services", [
    ("SELECT * { ?s ?p ?o }", "SELECT", []),
    ("  # a comment\nPREFIX a: <x:> base <http://b/> ConStruct WHERE {}", "CONSTRUCT", []),
    ("SELECT * { SERVICE <http://h/s> {} SERVICE <http://k/s> {} }", "SELECT", ["http://h/s", "http://k/s"]),
    ("SELECT * { ?s ?p '''SERVICE <http://h/> {}''' }", "SELECT", []),
    ("SELECT * { ?s ?p ?o } # SERVICE <http://h/>", "SELECT", []),
    ("SELECT * { ?s <http://h/#SERVICE> ?o }", "SELECT", []),
    ("SELECT * { ?s ?p ex:x\\#y SERVICE <http://h/> {} }", "SELECT", ["http://h/"]),
    ("SELECT * { ?s ?p ?o .SERVICE<http://h/>{} }", "SELECT", ["http://h/"]),
    ("SELECT * { ?s ?p ?o FILTER(?o<?p)SERVICE <http://h/> {} }", "SELECT", ["http://h/"]),
    ("SELECT * { SERVICE ex:s {} }", "SELECT", [None]),                 # undeclared prefix
    ("PREFIX ex: <http://a/> PREFIX ex: <http://b/> SELECT * { SERVICE ex:s {} }", "SELECT", [None]),
    ("SELECT * { SERVICE }", "SELECT", [None]),
    ("COPY <a:b> TO <a:c>", "UPDATE", []),
    ("WITH <a:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "UPDATE", []),
    ("NONSENSE", "", []),
])
def test_analyse(query, form, services):
    info = analyse(query)
    assert (info.form, info.services) == (form, services)


def test_predeclared_prefixes_resolve_and_query_prefixes_win():
    assert analyse("SELECT * { SERVICE wd:sparql {} }", {"wd": "http://www.wikidata.org/entity/"}).services == \
        ["http://www.wikidata.org/entity/sparql"]
    assert analyse("PREFIX wd: <http://x/> SELECT * { SERVICE wd:s {} }", {"wd": "http://y/"}).services == \
        ["http://x/s"]


@pytest.mark.parametrize("iri, allowed, ok", [
    ("http://127.0.0.1:7878/query", {"127.0.0.1:7878"}, True),
    ("http://127.0.0.1:7879/query", {"127.0.0.1:7878"}, False),
    ("http://user:pw@127.0.0.1:7878/query", {"127.0.0.1:7878"}, False),
    ("ftp://127.0.0.1:7878/", {"127.0.0.1"}, False),
    ("https://Query.Wikidata.org/sparql", {"query.wikidata.org"}, True),
    ("https://query.wikidata.org.evil.net/sparql", {"query.wikidata.org"}, False),
    ("http://localhost/", set(), False),
    (None, {"x"}, False),
])
def test_host_allowed(iri, allowed, ok):
    assert host_allowed(iri, frozenset(allowed)) is ok


@pytest.mark.parametrize("text", [
    "a." * 130_000, "ex:a" + ".a" * 120_000, "<a" * 120_000, "\'\'\'" + "\'a" * 100_000, "{" * 250_000,
    "1." * 130_000, "SERVICE " * 30_000, "PREFIX p: <http://x/> " * 10_000, "?a<" * 80_000, "a:" * 120_000,
])
def test_the_tokenizer_is_linear(text):
    """256 KiB of each shape that makes a backtracking lexer quadratic: 4 times the text, about 4 times the time."""
    import time

    def best(t: str) -> float:  # the least of three runs: a shared machine's noise is all upward
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            analyse(t)
            times.append(time.perf_counter() - t0)
        return min(times)

    quarter, whole = best(text[: len(text) // 4]), best(text)
    assert whole < 5 and whole < 8 * quarter + 0.05, (whole, quarter)  # quadratic would be 16 times


@pytest.mark.parametrize("query, services", [
    ("PREFIX ex: <http://x/> SELECT * { ?s ?p ex:. SERVICE <http://h/> {} }", ["http://h/"]),
    ("PREFIX ex: <http://x/> SELECT * { ?s ?p ex:.SERVICE <http://h/> {} }", ["http://h/"]),
    ("SELECT * { ?s ?p <http://x/\\u003E SERVICE <http://h/> {} }", ["http://h/"]),
    ('SELECT * { ?s ?p "a\\u0022 SERVICE <http://h/> {} }', ["http://h/"]),
    ("SELECT * { ?s ?p ?o } # \\u000A SERVICE <http://h/> {}", ["http://h/"]),
    ("SELECT * { \\u0053ERVICE <http://h/> {} }", ["http://h/"]),
    ("SELECT * { SERVICE <\\u0068ttp://h/> {} }", ["http://h/"]),
    ("SELECT * { FILTER(?a<?b)SERVICE?x#>\n{} }", [None]),
    ("SELECT * { FILTER(?a < ?b) } # <x> SERVICE <http://h/> {}", []),
    ("SELECT * { ?s ?p <x#> SERVICE <http://h/> {} }", ["http://h/"]),
    ("PREFIX e: <http://h/> SELECT * { SERVICE e:a\\.b {} }", ["http://h/a.b"]),
    ("PREFIX e: <http://h/> SELECT * { SERVICE e:a%2Fb {} }", ["http://h/a%2Fb"]),
    ("BASE <http://h/a/> SELECT * { SERVICE <../s> {} }", ["http://h/s"]),
    ("SELECT * { ?s a (<x:y>) SERVICE <http://h/> {} }", ["http://h/"]),
    ("SELECT * { VALUES (?x) { (<x:y>) } SERVICE <http://h/> {} }", ["http://h/"]),
])
def test_service_targets_hidden_from_a_simple_lexer(query, services):
    """The tricks that hid a SERVICE from the previous lexer, and their neighbours."""
    assert analyse(query).services == services


def test_nesting_is_measured_before_the_engine():
    from wco_kg.sparql_text import nesting_error

    assert nesting_error(analyse("SELECT * WHERE " + "{" * 64 + "}" * 64)) is None
    assert "65 levels" in nesting_error(analyse("SELECT * WHERE " + "{" * 65 + "}" * 65))
    assert "chains" in nesting_error(analyse("ASK { BIND(" + "+".join(["1"] * 1100) + " AS ?x) }"))
    assert nesting_error(analyse('ASK { ?s ?p "' + "{" * 5000 + '" }')) is None  # brackets in a string
