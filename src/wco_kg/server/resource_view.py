"""What the graph says about one resource: for RDF answers and for its web page.

The description of a resource (what its IRI dereferences to) is its outgoing triples, the
labels of what it links to, and its incoming links. The page view groups the same facts
by property, keeps the named graph (the source) of each, and folds away the standard
superproperty and superclass triples that the build writes (``wkg:name`` is also written
as ``rdfs:label``, ``skos:prefLabel`` and ``schema:name``), naming them instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from ..namespaces import (DCTERMS, FOAF, GRAPH, ONTOLOGY_GRAPH, OWL, RDF, RDF_TYPE, RDFS, SCHEMA, SKOS, WKG,
                          shorten)
from ..store import execute

RDFS_LABEL = ox.NamedNode(RDFS + "label")
_LABEL_PREDICATES = [ox.NamedNode(p) for p in (
    WKG.name, RDFS + "label", SKOS + "prefLabel", SCHEMA + "name", DCTERMS + "title",
    FOAF + "name")]
_TYPE = ox.NamedNode(RDF_TYPE)


def _lang_rank(lit: ox.Literal, lang: str) -> int:
    if lit.language == lang:
        return 0
    if lit.language == "en":
        return 1
    if not lit.language:
        return 2
    return 3


class Labels:
    """Labels of IRIs in a language (falling back to English, then any), cached per build."""

    def __init__(self, store: ox.Store):
        self.store = store
        self._cache: dict[tuple[str, str], str] = {}

    def find(self, iri: str, lang: str = "en") -> str | None:
        key = (iri, lang)
        if key not in self._cache:
            node = ox.NamedNode(iri)
            best: ox.Literal | None = None
            for pred in _LABEL_PREDICATES:
                for q in self.store.quads_for_pattern(node, pred, None, None):
                    o = q.object
                    if isinstance(o, ox.Literal) and (best is None or _lang_rank(o, lang) < _lang_rank(best, lang)):
                        best = o
                if best is not None and _lang_rank(best, lang) == 0:
                    break
            self._cache[key] = best.value if best is not None else ""
        return self._cache[key] or None

    def get(self, iri: str, lang: str = "en") -> str:
        """The label, or the IRI as a prefixed name."""
        return self.find(iri, lang) or shorten(iri).strip("<>")

    def literal(self, iri: str, predicate: str, lang: str = "en") -> str | None:
        """The best-language value of one literal property."""
        best = None
        for q in self.store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(predicate), None, None):
            if isinstance(q.object, ox.Literal) and (best is None or _lang_rank(q.object, lang) < _lang_rank(best, lang)):
                best = q.object
        return best.value if best is not None else None


def exists(store: ox.Store, iri: str) -> bool:
    """True when the IRI is a subject, object, predicate or graph name anywhere in the store."""
    node = ox.NamedNode(iri)
    for pattern in ((node, None, None, None), (None, None, node, None), (None, node, None, None),
                    (None, None, None, node)):
        for _ in store.quads_for_pattern(*pattern):
            return True
    return False


def description(store: ox.Store, iri: str) -> list[ox.Quad]:
    """Outgoing quads, incoming quads, and the ``rdfs:label`` quads of every neighbour."""
    node = ox.NamedNode(iri)
    out = list(store.quads_for_pattern(node, None, None, None))
    inc = list(store.quads_for_pattern(None, None, node, None))
    neighbours = {q.object for q in out if isinstance(q.object, ox.NamedNode) and q.object != node}
    neighbours |= {q.subject for q in inc if q.subject != node}
    labels = [q for n in sorted(neighbours, key=str) for q in store.quads_for_pattern(n, RDFS_LABEL, None, None)]
    return out + inc + labels


# ---------------------------------------------------------------------- entailment folding

class Superterms:
    """Each minted term's standard superterms, read from the ontology graph once."""

    def __init__(self, store: ox.Store):
        self.props: dict[str, set[str]] = {}
        self.classes: dict[str, set[str]] = {}
        for axiom, table in (("subPropertyOf", self.props), ("subClassOf", self.classes)):
            q = (f"SELECT ?sub ?sup WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> "
                 f"{{ ?sub <{RDFS}{axiom}>+ ?sup }} }}")
            for row in execute(store, q):
                table.setdefault(row["sub"].value, set()).add(row["sup"].value)


@dataclass
class Value:
    term: ox.NamedNode | ox.BlankNode | ox.Literal
    graphs: list[str]
    also: list[str] = field(default_factory=list)  # superproperties stating the same value


@dataclass
class Row:
    predicate: str
    values: list[Value]


@dataclass
class ResourceView:
    iri: str
    types: list[Value]
    properties: list[Row]
    incoming: list[Row]  # values are the subjects linking here


def _group(quads, key) -> dict[tuple, set[str]]:
    grouped: dict[tuple, set[str]] = {}
    for q in quads:
        g = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        grouped.setdefault(key(q), set()).add(g)
    return grouped


def resource_view(store: ox.Store, iri: str, supers: Superterms) -> ResourceView:
    node = ox.NamedNode(iri)
    out = _group(store.quads_for_pattern(node, None, None, None), lambda q: (q.predicate.value, q.object))
    types = {o.value for (p, o) in out if p == RDF_TYPE and isinstance(o, ox.NamedNode)}
    entailed_types = set().union(*(supers.classes.get(t, set()) for t in types)) if types else set()
    type_values = [Value(ox.NamedNode(t), sorted(out[(RDF_TYPE, ox.NamedNode(t))]),
                         sorted(supers.classes.get(t, set()) & types))
                   for t in sorted(types - entailed_types)]
    values_by_pred: dict[str, list[Value]] = {}
    for (p, o), graphs in out.items():
        if p == RDF_TYPE:
            continue
        stated_by_sub = any(p in supers.props.get(p2, ()) for (p2, o2) in out if o2 == o and p2 != p)
        if stated_by_sub:
            continue
        also = sorted(sp for sp in supers.props.get(p, ()) if (sp, o) in out)
        values_by_pred.setdefault(p, []).append(Value(o, sorted(graphs), also))
    props = [Row(p, sorted(vs, key=_value_key)) for p, vs in values_by_pred.items()]
    props.sort(key=lambda r: (r.predicate != WKG.name, shorten(r.predicate)))
    inc = _group(store.quads_for_pattern(None, None, node, None), lambda q: (q.predicate.value, q.subject))
    in_by_pred: dict[str, list[Value]] = {}
    for (p, s), graphs in inc.items():
        if any(p in supers.props.get(p2, ()) for (p2, s2) in inc if s2 == s and p2 != p):
            continue
        in_by_pred.setdefault(p, []).append(Value(s, sorted(graphs)))
    incoming = sorted((Row(p, sorted(vs, key=_value_key)) for p, vs in in_by_pred.items()),
                      key=lambda r: shorten(r.predicate))
    return ResourceView(iri, type_values, props, incoming)


def _value_key(v: Value) -> tuple:
    t = v.term
    if isinstance(t, ox.Literal):
        return (1, t.language or "", t.value)
    return (0, "", str(t))


# ---------------------------------------------------------------------- sources

def graph_sources(store: ox.Store) -> dict[str, list[tuple[str, str]]]:
    """Each named graph's source documents: ``{graph IRI: [(document IRI, title), ...]}``."""
    q = f"""SELECT ?g ?doc ?title WHERE {{
      GRAPH <{GRAPH}sources> {{ ?g <{DCTERMS}source> ?doc OPTIONAL {{ ?doc <{DCTERMS}title> ?title }} }}
    }} ORDER BY ?g ?doc"""
    found: dict[str, list[tuple[str, str]]] = {}
    for row in execute(store, q):
        title = row["title"].value if row["title"] is not None else shorten(row["doc"].value)
        found.setdefault(row["g"].value, []).append((row["doc"].value, title))
    return found


# ---------------------------------------------------------------------- the ontology

@dataclass
class Term:
    iri: str
    kind: str  # class, object property, datatype property, annotation property
    labels: dict[str, str]
    definitions: dict[str, str]
    notes: list[str]
    parents: list[str]
    domain: list[str]
    range: list[str]

    @property
    def local(self) -> str:
        return self.iri.rsplit("#", 1)[-1]


_KINDS = {OWL + "Class": "class", OWL + "ObjectProperty": "object property",
          OWL + "DatatypeProperty": "datatype property", OWL + "AnnotationProperty": "annotation property",
          RDFS + "Class": "class", RDF + "Property": "property"}


def ontology_terms(store: ox.Store) -> list[Term]:
    """The ontology's own terms (defined by it), classes first, each with labels and definitions by language."""
    g = ox.NamedNode(ONTOLOGY_GRAPH)
    terms: dict[str, Term] = {}
    for q in store.quads_for_pattern(None, _TYPE, None, g):
        kind = _KINDS.get(q.object.value)
        s = q.subject
        if kind and isinstance(s, ox.NamedNode) and s.value.startswith(str(WKG)):
            terms.setdefault(s.value, Term(s.value, kind, {}, {}, [], [], [], []))
    for iri, term in terms.items():
        for q in store.quads_for_pattern(ox.NamedNode(iri), None, None, g):
            p, o = q.predicate.value, q.object
            if p == RDFS + "label" and isinstance(o, ox.Literal):
                term.labels[o.language or ""] = o.value
            elif p == SKOS + "definition" and isinstance(o, ox.Literal):
                term.definitions[o.language or ""] = o.value
            elif p == SKOS + "scopeNote" and isinstance(o, ox.Literal):
                term.notes.append(o.value)
            elif p in (RDFS + "subClassOf", RDFS + "subPropertyOf"):
                term.parents.append(o.value)
            elif p == RDFS + "domain":
                term.domain.append(o.value)
            elif p == RDFS + "range":
                term.range.append(o.value)
    order = {"class": 0}
    return sorted(terms.values(), key=lambda t: (order.get(t.kind, 1), t.local.lower()))
