"""Evaluate a shapes graph on a pyoxigraph store: SHACL Core and SHACL-SPARQL, pySHACL's results.

The data graph is the union of every graph in the store (what ``validate.run_pyshacl`` gives
pySHACL), without inference. Targets, paths and constraints are evaluated in Python over the
store's indexes: for a shape with many focus nodes, the values of a predicate are read in one
scan of the store and grouped by subject (``Data.index``), so a constraint costs one pass
however many nodes it checks; for a few focus nodes, each node is looked up. SHACL-SPARQL
constraints run on Oxigraph: once for all focus nodes when the query is a plain join on
``$this`` (the rows are then kept for the focus nodes only), else once per focus node with
``$this`` pre-bound (Oxigraph's substitutions, SEP-0007).
"""

from __future__ import annotations

import re
from typing import Iterable

import pyoxigraph as ox

from ..namespaces import SH
from . import literals
from .shapes import RDF_TYPE, RDFS_SUBCLASS, XSD, Shape, ShapesGraph, Term

#: Above this many focus nodes, a predicate's values are read in one scan of the store.
BULK = 256
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDFS_LITERAL = "http://www.w3.org/2000/01/rdf-schema#Literal"
RDFS_DATATYPE = "http://www.w3.org/2000/01/rdf-schema#Datatype"
THIS = ox.Variable("this")

# (focus, path text, value, component local name, shape, severity, message)
Result = tuple


class Data:
    """The union of the store's graphs, read through memoised per-predicate indexes."""

    def __init__(self, store: ox.Store):
        self.store = store
        self._fwd: dict[ox.NamedNode, dict[Term, list]] = {}
        self._inv: dict[ox.NamedNode, dict[Term, list]] = {}
        self._sub: dict[Term, frozenset] = {}
        self._super: dict[Term, frozenset] = {}

    def index(self, p: ox.NamedNode, inverse: bool = False) -> dict[Term, list]:
        cache = self._inv if inverse else self._fwd
        got = cache.get(p)
        if got is None:
            acc: dict[Term, dict] = {}
            for q in self.store.quads_for_pattern(None, p, None, None):
                if inverse:
                    acc.setdefault(q.object, {})[q.subject] = None
                else:
                    acc.setdefault(q.subject, {})[q.object] = None
            got = {k: list(v) for k, v in acc.items()}
            cache[p] = got
        return got

    def objects(self, s: Term, p: ox.NamedNode) -> list:
        idx = self._fwd.get(p)
        if idx is not None:
            return idx.get(s, [])
        if isinstance(s, ox.Literal):
            return []
        return list(dict.fromkeys(q.object for q in self.store.quads_for_pattern(s, p, None, None)))

    def subjects(self, p: ox.NamedNode, o: Term) -> list:
        idx = self._inv.get(p)
        if idx is not None:
            return idx.get(o, [])
        return list(dict.fromkeys(q.subject for q in self.store.quads_for_pattern(None, p, o, None)))

    def predicate_objects(self, s: Term) -> list[tuple]:
        if isinstance(s, ox.Literal):
            return []
        return list(dict.fromkeys((q.predicate, q.object) for q in self.store.quads_for_pattern(s, None, None, None)))

    def subclasses(self, cls: Term) -> frozenset:
        """``cls`` and everything ``rdfs:subClassOf*`` it."""
        got = self._sub.get(cls)
        if got is None:
            seen, todo = {cls}, [cls]
            while todo:
                for s in self.subjects(RDFS_SUBCLASS, todo.pop()):
                    if s not in seen:
                        seen.add(s)
                        todo.append(s)
            got = self._sub[cls] = frozenset(seen)
        return got

    def superclasses(self, cls: Term) -> frozenset:
        got = self._super.get(cls)
        if got is None:
            seen, todo = {cls}, [cls]
            while todo:
                for o in self.objects(todo.pop(), RDFS_SUBCLASS):
                    if o not in seen:
                        seen.add(o)
                        todo.append(o)
            got = self._super[cls] = frozenset(seen)
        return got

    def instance_of(self, node: Term, cls: Term) -> bool:
        if isinstance(node, ox.Literal):
            return False
        return any(cls in self.superclasses(t) for t in self.objects(node, RDF_TYPE))

    def instances(self, cls: Term) -> list:
        out: dict = {}
        for c in self.subclasses(cls):
            for s in self.subjects(RDF_TYPE, c):
                out[s] = None
        return list(out)

    # ------------------------------------------------------------ paths

    def values(self, path, focus: Term) -> list:
        if isinstance(path, ox.NamedNode):
            return self.objects(focus, path)
        kind, inner = path
        if kind == "inverse":
            if isinstance(inner, ox.NamedNode):
                return self.subjects(inner, focus)
            return self._inverse_values(inner, focus)
        if kind == "sequence":
            current = [focus]
            for step in inner:
                nxt: dict = {}
                for n in current:
                    for v in self.values(step, n):
                        nxt[v] = None
                current = list(nxt)
            return current
        if kind == "alternative":
            out: dict = {}
            for step in inner:
                for v in self.values(step, focus):
                    out[v] = None
            return list(out)
        if kind == "zeroOrOne":
            return list(dict.fromkeys([focus] + self.values(inner, focus)))
        # zeroOrMore / oneOrMore
        seen: dict = {focus: None} if kind == "zeroOrMore" else {}
        todo = [focus]
        visited = set()
        while todo:
            n = todo.pop()
            if n in visited:
                continue
            visited.add(n)
            for v in self.values(inner, n):
                if v not in seen:
                    seen[v] = None
                todo.append(v)
        return list(seen)

    def _inverse_values(self, path, focus: Term) -> list:
        """Values of ``^path``: the nodes from which ``path`` reaches ``focus``."""
        if isinstance(path, ox.NamedNode):
            return self.subjects(path, focus)
        kind, inner = path
        if kind == "inverse":
            return self.values(inner, focus)
        if kind == "sequence":
            return self.values(("sequence", [("inverse", step) for step in reversed(inner)]), focus)
        if kind == "alternative":
            return self.values(("alternative", [("inverse", step) for step in inner]), focus)
        return self.values((kind, ("inverse", inner)), focus)


def path_text(path) -> str:
    """A path as text: its IRI, or SPARQL property-path syntax for a complex path."""
    if isinstance(path, ox.NamedNode):
        return path.value
    kind, inner = path
    if kind == "inverse":
        return "^" + _p(inner)
    if kind == "sequence":
        return "/".join(_p(p) for p in inner)
    if kind == "alternative":
        return "|".join(_p(p) for p in inner)
    return _p(inner) + {"zeroOrMore": "*", "oneOrMore": "+", "zeroOrOne": "?"}[kind]


def _p(path) -> str:
    return f"<{path.value}>" if isinstance(path, ox.NamedNode) else f"({path_text(path)})"


def term_text(t) -> str | None:
    """A term as the report keeps it: an IRI, or a literal in N-Triples as rdflib writes it."""
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return t.value
    if isinstance(t, ox.BlankNode):
        return t.value
    v = t.value
    if "\n" in v:
        enc = v.replace("\\", "\\\\")
        if '"""' in v:
            enc = enc.replace('"""', '\\"""')
        if enc.endswith('"') and not enc.endswith('\\"'):
            enc = enc[:-1] + '\\"'
        quoted = '"""%s"""' % enc.replace("\r", "\\r")
    else:
        quoted = '"%s"' % v.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
    if t.language:
        return f"{quoted}@{t.language}"
    if t.datatype.value == XSD + "string":
        return quoted
    return f"{quoted}^^<{t.datatype.value}>"


class Validator:
    def __init__(self, data: Data, shapes: ShapesGraph):
        self.data = data
        self.shapes = shapes
        self._conforms: dict[tuple, bool] = {}

    # ------------------------------------------------------------ targets

    def focus_nodes(self, shape: Shape) -> list:
        out: dict = {}
        d = self.data
        for kind, t in shape.targets:
            if kind == "targetNode":
                out[t] = None
            elif kind == "targetClass":
                for n in d.instances(t):
                    out[n] = None
            elif kind == "targetSubjectsOf":
                for n in d.index(t):
                    out[n] = None
            elif kind == "targetObjectsOf":
                for n in d.index(t, inverse=True):
                    out[n] = None
        return list(out)

    # ------------------------------------------------------------ shapes

    def conforms(self, shape_node: Term, node: Term) -> bool:
        key = (shape_node, node)
        got = self._conforms.get(key)
        if got is None:
            got = not self.validate(self.shapes.shape(shape_node), [node], first=True)
            self._conforms[key] = got
        return got

    def validate(self, shape: Shape, focus: list, first: bool = False) -> list[Result]:
        """Results of ``shape`` on the focus nodes (with ``first``, stop at the first one)."""
        if shape.deactivated or not focus:
            return []
        d = self.data
        if shape.is_property:
            path = shape.path
            if isinstance(path, ox.NamedNode) and len(focus) > BULK:
                idx = d.index(path)
                fv = [(f, idx.get(f, [])) for f in focus]
            else:
                fv = [(f, d.values(path, f)) for f in focus]
        else:
            fv = [(f, [f]) for f in focus]
        results: list[Result] = []
        ptext = path_text(shape.path) if shape.is_property else None

        def report(f, component, value=None, path=ptext, message=None):
            results.append((f, path, value, component, shape.node, shape.severity,
                            message if message is not None else (shape.messages[0] if shape.messages else "")))

        siblings = None
        for param, arg in shape.constraints:
            if param == "qualifiedValueShape" and shape.qualified_disjoint and siblings is None:
                siblings = self._sibling_qualified(shape)
            self._constraint(param, arg, shape, fv, report, siblings or [])
            if first and results:
                return results
        if shape.properties:
            for f, vs in fv:
                for prop in shape.properties:
                    results.extend(self.validate(self.shapes.shape(prop), vs, first))
                    if first and results:
                        return results
        if shape.sparql:
            results.extend(self._sparql(shape, [f for f, _ in fv], ptext))
        return results

    def _sibling_qualified(self, shape: Shape) -> list:
        """The other qualified value shapes of the shapes that have ``shape`` as a property."""
        out = []
        for parent in self.shapes.subjects(ox.NamedNode(SH + "property"), shape.node):
            for prop in self.shapes.objects(parent, ox.NamedNode(SH + "property")):
                if prop == shape.node:
                    continue
                for q in self.shapes.objects(prop, ox.NamedNode(SH + "qualifiedValueShape")):
                    out.append(q)
        return out

    def _constraint(self, param: str, arg, shape: Shape, fv, report, siblings) -> None:  # noqa: C901
        d = self.data
        if param == "class":
            for f, vs in fv:
                for v in vs:
                    if not d.instance_of(v, arg):
                        report(f, "ClassConstraintComponent", v)
        elif param == "datatype":
            for f, vs in fv:
                for v in vs:
                    if not _has_datatype(v, arg.value):
                        report(f, "DatatypeConstraintComponent", v)
        elif param == "nodeKind":
            kind = arg.value[len(SH):]
            for f, vs in fv:
                for v in vs:
                    if not _node_kind(v, kind):
                        report(f, "NodeKindConstraintComponent", v)
        elif param == "minCount":
            n = int(arg.value)
            for f, vs in fv:
                if len(vs) < n:
                    report(f, "MinCountConstraintComponent")
        elif param == "maxCount":
            n = int(arg.value)
            for f, vs in fv:
                if len(vs) > n:
                    report(f, "MaxCountConstraintComponent")
        elif param in ("minExclusive", "minInclusive", "maxExclusive", "maxInclusive"):
            ok = {"minExclusive": (1,), "minInclusive": (0, 1), "maxExclusive": (-1,), "maxInclusive": (-1, 0)}[param]
            component = param[0].upper() + param[1:] + "ConstraintComponent"
            for f, vs in fv:
                for v in vs:
                    if literals.compare(v, arg) not in ok:
                        report(f, component, v)
        elif param in ("minLength", "maxLength"):
            n = int(arg.value)
            component = param[0].upper() + param[1:] + "ConstraintComponent"
            for f, vs in fv:
                for v in vs:
                    if isinstance(v, ox.BlankNode) or (len(v.value) < n if param == "minLength" else len(v.value) > n):
                        report(f, component, v)
        elif param == "pattern":
            regex = re.compile(arg.value, _flags(shape.flags))
            for f, vs in fv:
                for v in vs:
                    if isinstance(v, ox.BlankNode) or not regex.search(v.value):
                        report(f, "PatternConstraintComponent", v)
        elif param == "languageIn":
            ranges = [r.value.lower() for r in arg]
            for f, vs in fv:
                for v in vs:
                    lang = v.language.lower() if isinstance(v, ox.Literal) and v.language else None
                    if not lang or not any(_lang_matches(lang, r) for r in ranges):
                        report(f, "LanguageInConstraintComponent", v)
        elif param == "uniqueLang":
            if arg.value != "true":  # only true activates it (W3C test uniqueLang-002)
                return
            for f, vs in fv:
                seen, dup = set(), []
                for v in vs:
                    if isinstance(v, ox.Literal) and v.language:
                        lang = v.language.lower()
                        if lang in seen and lang not in dup:
                            dup.append(lang)
                        seen.add(lang)
                for _ in dup:
                    report(f, "UniqueLangConstraintComponent")
        elif param in ("equals", "disjoint", "lessThan", "lessThanOrEquals"):
            component = param[0].upper() + param[1:] + "ConstraintComponent"
            for f, vs in fv:
                others = d.objects(f, arg)
                if param == "equals":
                    for v in vs:
                        if v not in others:
                            report(f, component, v)
                    for o in others:
                        if o not in vs:
                            report(f, component, o)
                elif param == "disjoint":
                    for v in vs:
                        if v in others:
                            report(f, component, v)
                else:
                    ok = (-1,) if param == "lessThan" else (-1, 0)
                    for v in vs:
                        for o in others:
                            if literals.compare(v, o) not in ok:
                                report(f, component, v)
        elif param == "in":
            allowed = set(arg)
            for f, vs in fv:
                for v in vs:
                    if v not in allowed:
                        report(f, "InConstraintComponent", v)
        elif param == "hasValue":
            for f, vs in fv:
                if arg not in vs:
                    report(f, "HasValueConstraintComponent")
        elif param == "node":
            for f, vs in fv:
                for v in vs:
                    if not self.conforms(arg, v):
                        report(f, "NodeConstraintComponent", v)
        elif param == "not":
            for f, vs in fv:
                for v in vs:
                    if self.conforms(arg, v):
                        report(f, "NotConstraintComponent", v)
        elif param in ("and", "or", "xone"):
            component = param[0].upper() + param[1:] + "ConstraintComponent"
            for f, vs in fv:
                for v in vs:
                    if param == "and":
                        bad = not all(self.conforms(s, v) for s in arg)
                    elif param == "or":
                        bad = not any(self.conforms(s, v) for s in arg)
                    else:
                        bad = sum(1 for s in arg if self.conforms(s, v)) != 1
                    if bad:
                        report(f, component, v)
        elif param == "qualifiedValueShape":
            for f, vs in fv:
                n = sum(1 for v in vs if self.conforms(arg, v)
                        and not any(self.conforms(s, v) for s in siblings))
                if shape.qualified_min is not None and n < shape.qualified_min:
                    report(f, "QualifiedMinCountConstraintComponent")
                if shape.qualified_max is not None and n > shape.qualified_max:
                    report(f, "QualifiedMaxCountConstraintComponent")
        elif param == "closed":
            if arg.value not in ("true", "1"):
                return
            allowed = {p for prop in shape.properties
                       for p in [self.shapes.shape(prop).path] if isinstance(p, ox.NamedNode)}
            for c, ignored in shape.constraints:
                if c == "ignoredProperties":
                    allowed.update(ignored)
            for f, vs in fv:
                for v in vs:
                    for p, o in d.predicate_objects(v):
                        if p not in allowed:
                            report(f, "ClosedConstraintComponent", o, path=p.value)

    # ------------------------------------------------------------ SHACL-SPARQL

    def _sparql(self, shape: Shape, focus: list, ptext: str | None) -> list[Result]:
        results = []
        store = self.data.store
        for c in shape.sparql:
            if c.deactivated:
                continue
            query = c.select
            if shape.is_property:
                query = query.replace("$PATH", _sparql_path(shape.path))
            rows: list[tuple] = []
            if len(focus) > BULK and _bulk_safe(query):
                wanted = set(focus)
                bulk = re.sub(r"\$this\b", "?this", query)
                for row in store.query(bulk, use_default_graph_as_union=True):
                    if row["this"] in wanted:
                        rows.append((row["this"], row))
            else:
                for f in focus:
                    for row in store.query(query, use_default_graph_as_union=True, substitutions={THIS: f}):
                        rows.append((f, row))
            messages = c.messages or shape.messages
            for f, row in rows:
                value = _get(row, "value")
                path = _get(row, "path")
                if value is None and not shape.is_property:
                    value = f
                message = _fill(messages[0], row) if messages else ""
                results.append((f, path.value if path is not None else ptext, value,
                                "SPARQLConstraintComponent", shape.node, shape.severity, message))
        return results


def _get(row, name):
    try:
        return row[name]
    except (KeyError, IndexError):
        return None


def _fill(message: str, row) -> str:
    def sub(m):
        t = _get(row, m.group(1))
        return "" if t is None else (t.value if not isinstance(t, ox.Literal) else t.value)
    return re.sub(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}", sub, message)


_UNSAFE = re.compile(r"\b(UNION|MINUS|OPTIONAL|VALUES|SERVICE|GRAPH)\b|\{\s*SELECT\b", re.IGNORECASE)


def _bulk_safe(query: str) -> bool:
    """A query whose answer with ``$this`` left free, kept for the focus nodes, is its pre-bound answer.

    True for a single group of triple patterns and filters that binds ``$this`` and projects it:
    no UNION, OPTIONAL, MINUS, VALUES, subquery or nested group where an unbound ``$this`` would
    mean something else than the focus node.
    """
    if _UNSAFE.search(query):
        return False
    head = query.split("{", 1)[0]
    if "$this" not in head and "*" not in head:
        return False
    body = query[query.index("{"):] if "{" in query else ""
    # $this must be bound by a triple pattern of the outer group (first token of a pattern)
    return bool(re.search(r"[{.]\s*\$this\s+[^\s]", body))


def _sparql_path(path) -> str:
    return path_text(path) if not isinstance(path, ox.NamedNode) else f"<{path.value}>"


def _flags(flags: str) -> int:
    out = 0
    for ch in flags:
        out |= {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}.get(ch, 0)
    return out


def _lang_matches(lang: str, rng: str) -> bool:
    return rng == "*" or lang == rng or lang.startswith(rng + "-")


def _has_datatype(v, dtype: str) -> bool:
    if not isinstance(v, ox.Literal):
        return False
    actual = v.datatype.value
    if dtype == RDF_LANGSTRING:
        return bool(v.language)
    if v.language:
        return dtype in (RDFS_LITERAL,)
    if actual == dtype:
        return literals.well_formed(v)
    return dtype == RDFS_LITERAL or (dtype == RDFS_DATATYPE and actual != XSD + "string")


def _node_kind(v, kind: str) -> bool:
    if isinstance(v, ox.NamedNode):
        return kind in ("IRI", "BlankNodeOrIRI", "IRIOrLiteral")
    if isinstance(v, ox.BlankNode):
        return kind in ("BlankNode", "BlankNodeOrIRI", "BlankNodeOrLiteral")
    return kind in ("Literal", "BlankNodeOrLiteral", "IRIOrLiteral")


def validate_shapes(store: ox.Store, shapes: ShapesGraph) -> list[Result]:
    """Every result of every shape with a target, in the order found (two constraints of a shape
    that fail on the same value give two results, as in the W3C test suite)."""
    validator = Validator(Data(store), shapes)
    results: list[Result] = []
    for node in shapes.shape_nodes():
        shape = shapes.shape(node)
        results.extend(validator.validate(shape, validator.focus_nodes(shape)))
    return results


def iter_results(results: Iterable[Result]):
    for focus, path, value, component, shape, severity, message in results:
        yield (term_text(focus), path, term_text(value), SH + component, term_text(shape),
               severity.value.rsplit("#", 1)[-1], message)
