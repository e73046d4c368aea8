"""Fixtures for the triple-store tests: real Virtuoso 7 and Oxigraph servers on loopback.

Started once per session by scripts/triplestores.py (fresh databases in temporary folders,
free ports) and stopped at the end. Registered by tests/conftest.py. A missing Virtuoso is a
failure, not a skip: `make test` installs it (`make system-deps`) when it runs as root.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import triplestores  # noqa: E402

from wco_kg.results import canonical  # noqa: E402


def _start(kind: str, tmp_path_factory):
    try:
        return triplestores.STARTERS[kind](tmp_path_factory.mktemp(kind))
    except triplestores.StoreStartError as e:
        pytest.fail(f"{kind}: {e}")


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    t = _start("virtuoso", tmp_path_factory)
    yield t
    t.stop()


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory):
    t = _start("oxigraph", tmp_path_factory)
    yield t
    t.stop()


@pytest.fixture
def fresh_oxigraph(tmp_path):
    """An empty Oxigraph of its own, for a test that changes what the store holds."""
    t = triplestores.start_oxigraph(tmp_path / "oxigraph")
    yield t
    t.stop()


def comparable(triples) -> "rdflib.Graph":  # noqa: F821
    """An rdflib graph in which literals are written as the stores write them back:
    numbers in their shortest form, language tags in lower case (Virtuoso normalises both)."""
    from rdflib import Graph, Literal, URIRef

    g = Graph()
    for t in triples:
        o = t.object
        if isinstance(o, ox.Literal):
            key = canonical(o)
            if key[0] == "number":
                o = Literal(format(key[1], "f"), datatype=URIRef(o.datatype.value))
            elif key[0] == "lang":
                o = Literal(o.value, lang=o.language.lower())
            else:
                o = Literal(o.value, datatype=URIRef(o.datatype.value))
        else:
            o = URIRef(o.value)
        g.add((URIRef(t.subject.value), URIRef(t.predicate.value), o))
    return g


WIKIDATA_EXTRACT = ROOT / "tests" / "data" / "wikidata-extract.ttl"
WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"


@pytest.fixture(scope="session")
def wikidata(tmp_path_factory):
    """A local stand-in for Wikidata's query service: `oxigraph serve` holding
    tests/data/wikidata-extract.ttl (not Wikidata data: see its header). Its query URL."""
    t = _start("oxigraph", tmp_path_factory)
    load_turtle(t, WIKIDATA_EXTRACT.read_bytes())
    yield t.query_url
    t.stop()


def load_turtle(t, data: bytes, graph: str = "http://www.wikidata.org/") -> str:
    """Put Turtle ``data`` into ``graph`` of the store ``t`` (Graph Store Protocol); its query URL."""
    from wco_kg.push import GraphStore

    gs = GraphStore(t.store_url, t.user, t.password)
    try:
        gs.put(graph, data)
    finally:
        gs.close()
    return t.query_url


@pytest.fixture(scope="session")
def bind(request):
    """``bind(question, values=None)``: the question's text, with a federated question's calls
    to Wikidata sent to the local stand-in (started when first needed): no test reaches the internet."""
    def bound(q, values=None):
        if not q.federated:
            return q.bind(values)
        unknown = set(q.services) - {WIKIDATA_SPARQL}
        if unknown:
            pytest.fail(f"{q.path}: no local stand-in for SERVICE {sorted(unknown)}")
        return q.bind(values, services={WIKIDATA_SPARQL: request.getfixturevalue("wikidata")})
    return bound
