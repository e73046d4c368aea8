"""Every export re-parses to the same graph; JSON-LD reads the same in a second processor."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from wco_kg.export import context_document, jsonld_document, serialize_store
from wco_kg.formats import RDF_FORMATS

RDFLIB_NAMES = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig",
                "rdfxml": "xml", "jsonld": "json-ld"}


def union_graph(store) -> Graph:
    g = Graph()
    g.parse(data=ox.serialize((q.triple for q in store), format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    return g


@pytest.fixture(scope="module")
def expected(store) -> Graph:
    return union_graph(store)


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
def test_export_reparses_isomorphic(store, expected, fmt):
    data = serialize_store(store, fmt)
    if fmt.datasets:
        ds = Dataset()
        ds.parse(data=data, format=RDFLIB_NAMES[fmt.name])
        merged = Graph()
        for s, p, o, _g in ds.quads((None, None, None, None)):
            merged.add((s, p, o))
        assert isomorphic(merged, expected)
    else:
        g = Graph()
        g.parse(data=data, format=RDFLIB_NAMES[fmt.name])
        assert len(g) == len(expected)
        assert isomorphic(g, expected)


@pytest.mark.parametrize("name", ["nquads", "trig"])
def test_dataset_formats_keep_every_source_graph(store, name):
    """Each quad comes back in its own named graph (pyoxigraph re-parses the export)."""
    parsed = set(ox.parse(serialize_store(store, name), format=getattr(ox.RdfFormat, "N_QUADS" if name == "nquads" else "TRIG")))
    assert parsed == set(store)
    graphs = {q.graph_name.value for q in parsed}
    assert "https://w3id.org/wco-kg/graph/big-partner-profile" in graphs
    assert all(not isinstance(q.graph_name, ox.DefaultGraph) for q in parsed)


def test_jsonld_expands_the_same_in_pyld(store, expected):
    """A second JSON-LD processor (pyld) reads our compact JSON-LD as the same triples."""
    from pyld import jsonld

    doc = json.loads(serialize_store(store, "jsonld"))
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads"})
    g = Graph()
    g.parse(data=nquads, format="nquads")
    assert isomorphic(g, expected)


def test_jsonld_with_referenced_context_reads_the_same(store, expected):
    """The published context, referenced by IRI, gives the same triples (loaded from our file)."""
    from pyld import jsonld

    triples = [q.triple for q in store]
    doc = jsonld_document(triples, context_iri="https://w3id.org/wco-kg/context.jsonld")
    published = context_document()

    def loader(url, options=None):
        assert url == "https://w3id.org/wco-kg/context.jsonld", url
        return {"contextUrl": None, "documentUrl": url, "document": published}

    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": loader})
    g = Graph()
    g.parse(data=nquads, format="nquads")
    assert isomorphic(g, expected)


@pytest.mark.parametrize("referenced", [False, True], ids=["inline context", "referenced context"])
def test_jsonld_reads_the_same_in_a_json_ld_1_0_processor(store, expected, referenced):
    """pyld in JSON-LD 1.0 mode (as 1.0 readers, e.g. Debian's Jena, are) reads the same triples:
    the context declares no @version 1.1, which a 1.0 processor refuses (pyld: "processing mode
    conflict"), and uses no 1.1 feature."""
    from pyld import jsonld

    published = context_document()
    assert "@version" not in published["@context"]
    if referenced:
        doc = jsonld_document([q.triple for q in store], context_iri="https://w3id.org/wco-kg/context.jsonld")
    else:
        doc = json.loads(serialize_store(store, "jsonld"))

    def loader(url, options=None):
        assert url == "https://w3id.org/wco-kg/context.jsonld", url
        return {"contextUrl": None, "documentUrl": url, "document": published}

    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "processingMode": "json-ld-1.0",
                                 "documentLoader": loader})
    g = Graph()
    g.parse(data=nquads, format="nquads")
    assert isomorphic(g, expected)


def test_a_json_ld_1_0_processor_refuses_a_1_1_context():
    """The check above can fail: the same processor refuses the context the project used to publish."""
    from pyld import jsonld

    old = {"@context": dict(context_document()["@context"], **{"@version": 1.1}),
           "@id": "https://w3id.org/wco-kg/id/wco", "schema:name": "World Customs Organization"}
    with pytest.raises(jsonld.JsonLdError):
        jsonld.to_rdf(old, {"format": "application/n-quads", "processingMode": "json-ld-1.0"})


def test_jsonld_is_compact_for_people(store):
    doc = json.loads(serialize_store(store, "jsonld"))
    wco = next(n for n in doc["@graph"] if n["@id"] == "wco")
    assert "wkg:IntergovernmentalOrganization" in wco["@type"]
    assert {"@value": "World Customs Organization", "@language": "en"} in wco["schema:name"]
    assert wco["foaf:homepage"] == {"@id": "https://www.wcoomd.org/"}
    assert doc["@context"]["@base"] == "https://w3id.org/wco-kg/id/"


def test_context_does_not_redefine_id(store):
    """schema.org's context aliases `id` to `@id`; ours must not fight it."""
    ctx = context_document()["@context"]
    assert "id" not in ctx and ctx["schema"] == "https://schema.org/"
