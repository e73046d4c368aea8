"""SPARQL 1.1 Protocol through SPARQLWrapper, a real client, against the running server.

Every query form (SELECT, ASK, CONSTRUCT, DESCRIBE) in every result format SPARQLWrapper
asks for, by GET, POST form and POST sparql-query; default-graph-uri and named-graph-uri;
and each question's answer from the server equals the embedded store's.
"""

from __future__ import annotations

import csv
import io

import pytest
import rdflib
from SPARQLWrapper import (CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, XML, GET,
                           SPARQLWrapper)

from wco_kg.project import Project
from wco_kg.queries import questions
from wco_kg.results import same_results
from wco_kg.store import LocalStore, RemoteStore

from servers import QUERIES, ROOT, WCO

FRENCH = "Organisation mondiale des douanes"
SELECT = (QUERIES / "wco-french-name.rq").read_text()
ASK = (QUERIES / "wco-in-brussels.rq").read_text()
CONSTRUCT = (QUERIES / "wco-agreements.rq").read_text()
DESCRIBE = f"DESCRIBE <{WCO}>"
WKG = rdflib.Namespace("https://w3id.org/wco-kg/ontology#")
ID = rdflib.Namespace("https://w3id.org/wco-kg/id/")

METHODS = {"GET": (GET, None), "POST form": (POST, None), "POST sparql-query": (POST, POSTDIRECTLY)}


def client(served, query: str, fmt: str, method: str) -> SPARQLWrapper:
    sw = SPARQLWrapper(served.sparql)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    verb, request_method = METHODS[method]
    sw.setMethod(verb)
    if request_method:
        sw.setRequestMethod(request_method)
    return sw


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_select(served, fmt, method):
    response = client(served, SELECT, fmt, method).query()
    ctype = response.info()["content-type"]
    data = response.convert()
    if fmt == JSON:
        assert ctype.startswith("application/sparql-results+json")
        rows = data["results"]["bindings"]
        assert [r["name"] for r in rows] == [{"type": "literal", "value": FRENCH, "xml:lang": "fr"}]
    elif fmt == XML:
        assert ctype.startswith("application/sparql-results+xml")
        literals = data.getElementsByTagName("literal")
        assert [(lit.firstChild.data, lit.getAttribute("xml:lang")) for lit in literals] == [(FRENCH, "fr")]
    elif fmt == CSV:
        assert ctype.startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(data.decode())))
        assert [r["name"] for r in rows] == [FRENCH]
        assert rows[0]["graph"] == "https://w3id.org/wco-kg/graph/wikipedia-wco"
    else:
        assert ctype.startswith("text/tab-separated-values")
        lines = data.decode().splitlines()
        assert lines[0].split("\t") == ["?name", "?graph"]
        assert lines[1].split("\t")[0] == f'"{FRENCH}"@fr'


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_ask(served, fmt, method):
    data = client(served, ASK, fmt, method).query().convert()
    if fmt == JSON:
        assert data["boolean"] is True
    elif fmt == XML:
        assert data.getElementsByTagName("boolean")[0].firstChild.data == "true"
    else:
        assert data.decode().split()[-1] == "true"
    negative = ASK.replace("id:brussels", "id:canada")
    answer = client(served, negative, JSON, method).query().convert()
    assert answer["boolean"] is False


def _graph(data, ctype: str) -> rdflib.Graph:
    if isinstance(data, rdflib.Graph):
        return data
    fmt = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
           "application/rdf+xml": "xml"}[ctype.split(";")[0]]
    return rdflib.Graph().parse(data=data, format=fmt)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, XML, JSONLD])
@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
def test_graph_queries(served, form, fmt, method):
    query = CONSTRUCT if form == "CONSTRUCT" else DESCRIBE
    response = client(served, query, fmt, method).query()
    ctype = response.info()["content-type"]
    expected_type = {TURTLE: "text/turtle", N3: "text/turtle", RDFXML: "application/rdf+xml",
                     XML: "application/rdf+xml", JSONLD: "application/ld+json"}[fmt]
    assert ctype.startswith(expected_type)
    g = _graph(response.convert(), ctype)
    if form == "CONSTRUCT":
        assert (ID["mou-wco-uvic-2021"], WKG.party, ID.wco) in g
        assert (ID["mou-wco-uvic-2021"], WKG.party, ID["university-of-victoria"]) in g
    else:
        assert (ID.wco, WKG.name, rdflib.Literal(FRENCH, lang="fr")) in g


def test_default_graph_uri(served, local):
    graph = "https://w3id.org/wco-kg/graph/wikipedia-wco"
    sw = SPARQLWrapper(served.sparql)
    sw.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    sw.setReturnFormat(JSON)
    sw.addDefaultGraph(graph)
    n = int(sw.query().convert()["results"]["bindings"][0]["n"]["value"])
    expected = local.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows[0][0]
    assert n == int(expected.value) and n > 0
    everything = local.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    assert n < int(everything.value)


def test_from_in_the_query_names_its_dataset(served, local):
    """A query's own FROM selects its default graph, on the server and on the embedded store
    (neither falls back to the union of all graphs)."""
    graph = "https://w3id.org/wco-kg/graph/wikipedia-wco"
    query = f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}"
    sw = SPARQLWrapper(served.sparql)
    sw.setQuery(query)
    sw.setReturnFormat(JSON)
    n = int(sw.query().convert()["results"]["bindings"][0]["n"]["value"])
    expected = local.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows[0][0]
    assert n == int(expected.value) and n > 0
    assert int(local.query(query).rows[0][0].value) == n
    everything = local.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    assert n < int(everything.value)


def test_named_graph_uri(served):
    graph = "https://w3id.org/wco-kg/graph/ror"
    sw = SPARQLWrapper(served.sparql)
    sw.setQuery("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    sw.setReturnFormat(JSON)
    sw.addNamedGraph(graph)
    sw.setMethod(POST)
    rows = sw.query().convert()["results"]["bindings"]
    assert [r["g"]["value"] for r in rows] == [graph]


def _all_questions():
    # Federated questions call another endpoint, which the server refuses by default (403; see
    # test_security.py); tests/test_questions.py and tests/test_stores.py answer them with a stand-in.
    found = {q.name: q for q in questions(Project(ROOT)).values() if not q.is_check and not q.federated}
    for path in sorted(QUERIES.glob("*.rq")):
        from wco_kg.queries import parse_question

        found.setdefault(path.stem, parse_question(path))
    return list(found.values())


@pytest.mark.parametrize("question", _all_questions(), ids=lambda q: q.name)
def test_every_question_same_answer_as_embedded_store(served, local, question):
    """The project's questions (and the test questions) answer the same on the server as embedded."""
    text = question.bind()
    remote = RemoteStore(served.sparql).query(text, source=question.name)
    embedded = local.query(text, source=question.name)
    assert len(embedded) > 0
    assert same_results(remote, embedded, ordered=question.ordered)


@pytest.fixture(scope="module")
def local(store):
    return LocalStore(store)
