"""The shapes graph as plain Python: each shape's targets, path and constraint parameters.

Read with pyoxigraph (no rdflib). Only the parameters of SHACL Core and SHACL-SPARQL
(``sh:sparql`` with ``sh:select``, prefixes from ``sh:prefixes``/``sh:declare``) are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Union

import pyoxigraph as ox

from ..errors import DataError
from ..namespaces import SH

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal]


def sh(local: str) -> ox.NamedNode:
    return ox.NamedNode(SH + local)


RDF_TYPE = ox.NamedNode(RDF + "type")
RDF_FIRST, RDF_REST, RDF_NIL = (ox.NamedNode(RDF + n) for n in ("first", "rest", "nil"))
RDFS_CLASS = ox.NamedNode(RDFS + "Class")
RDFS_SUBCLASS = ox.NamedNode(RDFS + "subClassOf")
VIOLATION = sh("Violation")

#: Parameters whose value is a list (``sh:in``, ``sh:languageIn``, ``sh:and``, ...).
LIST_PARAMS = {"in", "languageIn", "and", "or", "xone", "ignoredProperties"}
#: Parameters that are constraints of their own (each may appear more than once, except where noted).
CONSTRAINT_PARAMS = (
    "class", "datatype", "nodeKind", "minCount", "maxCount", "minExclusive", "minInclusive",
    "maxExclusive", "maxInclusive", "minLength", "maxLength", "pattern", "languageIn", "uniqueLang",
    "equals", "disjoint", "lessThan", "lessThanOrEquals", "in", "hasValue", "node", "not", "and",
    "or", "xone", "qualifiedValueShape", "closed",
)


# A path: an IRI (predicate), or a tuple ("inverse", p) / ("sequence", [p...]) /
# ("alternative", [p...]) / ("zeroOrMore", p) / ("oneOrMore", p) / ("zeroOrOne", p).
Path_ = Union[ox.NamedNode, tuple]


@dataclass
class SparqlConstraint:
    node: Term
    select: str
    messages: list[str]
    deactivated: bool = False


@dataclass
class Shape:
    node: Term
    is_property: bool
    path: Path_ | None = None
    path_node: Term | None = None
    targets: list[tuple[str, Term]] = field(default_factory=list)
    severity: ox.NamedNode = VIOLATION
    messages: list[str] = field(default_factory=list)
    deactivated: bool = False
    #: (parameter, value) in a stable order; list parameters carry a Python list.
    constraints: list[tuple[str, object]] = field(default_factory=list)
    properties: list[Term] = field(default_factory=list)
    sparql: list[SparqlConstraint] = field(default_factory=list)
    flags: str = ""
    qualified_min: int | None = None
    qualified_max: int | None = None
    qualified_disjoint: bool = False


class ShapesGraph:
    """An index of the shapes graph's triples and the shapes read from it (memoised by node)."""

    def __init__(self, triples: Iterable[ox.Triple]):
        self.index: dict[Term, dict[ox.NamedNode, list]] = {}
        for t in triples:
            by_p = self.index.setdefault(t.subject, {})
            objs = by_p.setdefault(t.predicate, [])
            if t.object not in objs:
                objs.append(t.object)
        self._shapes: dict[Term, Shape] = {}

    # ------------------------------------------------------------ graph access

    def objects(self, s: Term, p: ox.NamedNode) -> list:
        return self.index.get(s, {}).get(p, [])

    def value(self, s: Term, p: ox.NamedNode):
        objs = self.objects(s, p)
        return objs[0] if objs else None

    def subjects(self, p: ox.NamedNode, o: Term | None = None) -> list:
        return [s for s, by_p in self.index.items() if p in by_p and (o is None or o in by_p[p])]

    def items(self, head: Term) -> list:
        """The members of an RDF list."""
        out, node, seen = [], head, set()
        while node != RDF_NIL and node not in seen:
            seen.add(node)
            first = self.value(node, RDF_FIRST)
            if first is None:
                break
            out.append(first)
            node = self.value(node, RDF_REST)
            if node is None:
                break
        return out

    # ------------------------------------------------------------ shapes

    def shape_nodes(self) -> list[Term]:
        """Every node that is a shape with a target (the shapes validation starts from)."""
        found: dict[Term, None] = {}
        targets = [sh(t) for t in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")]
        for s, by_p in self.index.items():
            types = by_p.get(RDF_TYPE, [])
            if any(t in by_p for t in targets):
                found[s] = None
            elif RDFS_CLASS in types and (sh("NodeShape") in types or sh("PropertyShape") in types):
                found[s] = None
        return sorted(found, key=str)

    def shape(self, node: Term) -> Shape:
        got = self._shapes.get(node)
        if got is None:
            got = self._read(node)
            self._shapes[node] = got
        return got

    def _read(self, node: Term) -> Shape:
        by_p = self.index.get(node, {})
        path_node = self.value(node, sh("path"))
        s = Shape(node, is_property=path_node is not None, path_node=path_node,
                  path=self._path(path_node) if path_node is not None else None)
        for kind in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"):
            for o in by_p.get(sh(kind), []):
                s.targets.append((kind, o))
        types = by_p.get(RDF_TYPE, [])
        if RDFS_CLASS in types and (sh("NodeShape") in types or sh("PropertyShape") in types):
            s.targets.append(("targetClass", node))
        s.severity = self.value(node, sh("severity")) or VIOLATION
        s.messages = [m.value for m in by_p.get(sh("message"), []) if isinstance(m, ox.Literal)]
        s.deactivated = _true(self.value(node, sh("deactivated")))
        s.flags = str(getattr(self.value(node, sh("flags")), "value", "") or "")
        for param in CONSTRAINT_PARAMS:
            for o in by_p.get(sh(param), []):
                s.constraints.append((param, self.items(o) if param in LIST_PARAMS else o))
        s.properties = list(by_p.get(sh("property"), []))
        qmin, qmax = self.value(node, sh("qualifiedMinCount")), self.value(node, sh("qualifiedMaxCount"))
        s.qualified_min = int(qmin.value) if qmin is not None else None
        s.qualified_max = int(qmax.value) if qmax is not None else None
        s.qualified_disjoint = _true(self.value(node, sh("qualifiedValueShapesDisjoint")))
        ignored = self.value(node, sh("ignoredProperties"))
        if ignored is not None:
            s.constraints.append(("ignoredProperties", self.items(ignored)))
        for c in by_p.get(sh("sparql"), []):
            select = self.value(c, sh("select"))
            if select is None:
                continue
            s.sparql.append(SparqlConstraint(
                c, self._prologue(c) + select.value,
                [m.value for m in self.objects(c, sh("message")) if isinstance(m, ox.Literal)],
                _true(self.value(c, sh("deactivated")))))
        return s

    def _path(self, node: Term) -> Path_:
        if isinstance(node, ox.NamedNode):
            return node
        if self.value(node, RDF_FIRST) is not None:
            return ("sequence", [self._path(p) for p in self.items(node)])
        for kind in ("inversePath", "zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath"):
            inner = self.value(node, sh(kind))
            if inner is not None:
                return (kind.replace("Path", "").replace("inverse", "inverse"), self._path(inner))
        alt = self.value(node, sh("alternativePath"))
        if alt is not None:
            return ("alternative", [self._path(p) for p in self.items(alt)])
        raise DataError(f"unsupported SHACL path {node}")

    def _prologue(self, constraint: Term) -> str:
        lines = []
        for ontology in self.objects(constraint, sh("prefixes")):
            for decl in self.objects(ontology, sh("declare")):
                prefix, ns = self.value(decl, sh("prefix")), self.value(decl, sh("namespace"))
                if prefix is not None and ns is not None:
                    lines.append(f"PREFIX {prefix.value}: <{ns.value}>")
        return "\n".join(lines) + "\n"


def _true(term) -> bool:
    return isinstance(term, ox.Literal) and term.value in ("true", "1")


def load_shapes(files: Iterable[Path]) -> ShapesGraph:
    """Parse Turtle shapes files into one shapes graph (blank nodes kept apart per file)."""
    triples: list[ox.Triple] = []
    for i, path in enumerate(files):
        try:
            for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
                triples.append(_rename(t, i))
        except SyntaxError as e:
            raise DataError(f"cannot read shapes: {e}", str(path)) from None
    return ShapesGraph(triples)


def _rename(t: ox.Triple, i: int) -> ox.Triple:
    s, o = t.subject, t.object
    if isinstance(s, ox.BlankNode):
        s = ox.BlankNode(f"f{i}{s.value}")
    if isinstance(o, ox.BlankNode):
        o = ox.BlankNode(f"f{i}{o.value}")
    return ox.Triple(s, t.predicate, o)
