"""The questions as RDF, in the sparql-examples convention of SIB (sib-swiss/sparql-examples).

Each question of ``queries/`` (checks and federated questions included: they are examples
too) becomes one resource ``<https://w3id.org/wco-kg/.well-known/sparql-examples/NAME>``:

- ``a sh:SPARQLExecutable`` and ``sh:SPARQLSelectExecutable`` (``…AskExecutable``,
  ``…ConstructExecutable``; DESCRIBE has no SHACL class, so ``spex:DescribeExecutable``);
- ``rdfs:label`` (the title) and ``rdfs:comment`` (the description), ``@en`` and ``@fr``
  (the ``# title@fr:`` / ``# description@fr:`` headers);
- the query text in ``sh:select`` / ``sh:ask`` / ``sh:construct`` / ``spex:describe``,
  and ``sh:prefixes`` pointing to the declarations of the prefixes the endpoint
  predeclares (``sh:declare [ sh:prefix ; sh:namespace ]``, as the convention imports them);
- ``schema:target`` the endpoint (``https://w3id.org/wco-kg/sparql``), ``schema:keywords``
  the words of its name, ``schema:url`` its API (``/questions/NAME``);
- each ``# param:`` as ``sh:parameter`` (a node with ``sh:path``, ``sh:name``,
  ``sh:datatype`` or ``sh:nodeKind sh:IRI``, ``sh:defaultValue``, ``sh:description``),
  as SHACL's own SPARQL-based functions declare theirs.

Every node has an IRI (no blank nodes), so the file is byte-stable. ``wco-kg build`` writes
it as ``dist/sparql-examples.ttl``; ``wco-kg serve`` serves it at
``/.well-known/sparql-examples``; ``shapes/sparql-examples/examples-shape.ttl`` (sib-swiss's
shape, adapted) validates it in the tests.
"""

from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox

from .namespaces import ENDPOINT, PREFIXES, RDF_TYPE, RDFS, SCHEMA, SH, SPARQL_EXAMPLES, SPEX, XSD
from .queries import Question
from .sparql_text import analyse

_FORMS = {"SELECT": ("SPARQLSelectExecutable", SH + "select"), "ASK": ("SPARQLAskExecutable", SH + "ask"),
          "CONSTRUCT": ("SPARQLConstructExecutable", SH + "construct"),
          "DESCRIBE": (None, SPEX + "describe")}
_STOP = {"a", "an", "the", "of", "in", "as", "by", "with", "without", "per", "and", "or", "not", "to"}


def examples_quads(questions: Iterable[Question], endpoint: str = ENDPOINT) -> list[ox.Quad]:
    """The triples (in the default graph) describing every question, sorted."""
    n, lit = ox.NamedNode, ox.Literal
    prefixes = n(SPARQL_EXAMPLES + "prefixes")
    out: list[ox.Triple] = []
    for p, ns in sorted(PREFIXES.items()):
        decl = n(SPARQL_EXAMPLES + "prefixes#" + p)
        out += [ox.Triple(prefixes, n(SH + "declare"), decl),
                ox.Triple(decl, n(SH + "prefix"), lit(p)),
                ox.Triple(decl, n(SH + "namespace"), lit(ns, datatype=n(XSD + "anyURI")))]
    for q in questions:
        ex = n(SPARQL_EXAMPLES + q.name)
        form = analyse(q.text, PREFIXES).form or "SELECT"
        cls, prop = _FORMS.get(form, _FORMS["SELECT"])
        out.append(ox.Triple(ex, n(RDF_TYPE), n(SH + "SPARQLExecutable")))
        out.append(ox.Triple(ex, n(RDF_TYPE), n(SH + cls) if cls else n(SPEX + "DescribeExecutable")))
        title_fr, description_fr = q.title_fr, q.description_fr  # ``# title@fr:``, ``# description@fr:``
        out.append(ox.Triple(ex, n(RDFS + "label"), lit(q.title or q.name, language="en")))
        if title_fr:
            out.append(ox.Triple(ex, n(RDFS + "label"), lit(title_fr, language="fr")))
        out.append(ox.Triple(ex, n(RDFS + "comment"), lit(q.description or q.title or q.name, language="en")))
        if description_fr:
            out.append(ox.Triple(ex, n(RDFS + "comment"), lit(description_fr, language="fr")))
        out.append(ox.Triple(ex, n(prop), lit(q.text)))
        out.append(ox.Triple(ex, n(SH + "prefixes"), prefixes))
        out.append(ox.Triple(ex, n(SCHEMA + "target"), n(endpoint)))
        out.append(ox.Triple(ex, n(SCHEMA + "url"), n(endpoint.rsplit("/", 1)[0] + "/questions/" + q.name)))
        for word in q.name.split("-"):
            if word not in _STOP:
                out.append(ox.Triple(ex, n(SCHEMA + "keywords"), lit(word)))
        for p in q.params:
            param = n(f"{SPARQL_EXAMPLES}{q.name}#param-{p.name}")
            out += [ox.Triple(ex, n(SH + "parameter"), param),
                    ox.Triple(param, n(SH + "path"), n(f"{SPARQL_EXAMPLES}param#{p.name}")),
                    ox.Triple(param, n(SH + "name"), lit(p.name))]
            out.append(ox.Triple(param, n(SH + "nodeKind"), n(SH + "IRI")) if p.datatype == "iri" else
                       ox.Triple(param, n(SH + "datatype"), n(XSD + p.datatype)))
            out.append(ox.Triple(param, n(SH + "defaultValue"), p.term(p.default)))
            if p.description:
                out.append(ox.Triple(param, n(SH + "description"), lit(p.description, language="en")))
    out.sort(key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return [ox.Quad(t.subject, t.predicate, t.object) for t in out]


def examples_turtle(questions: Iterable[Question], endpoint: str = ENDPOINT) -> bytes:
    """``examples_quads`` as Turtle with the project's prefixes (what ``dist/sparql-examples.ttl`` holds)."""
    from .export import serialize_quads

    return serialize_quads(examples_quads(questions, endpoint), "turtle")
