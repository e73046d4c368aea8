"""The SHACL validators behind one call: pyshacl-turbo (the default) and pySHACL (the reference).

``run_engine(name, store, shapes)`` validates a pyoxigraph store against a ``Shapes`` (the
shapes graph, read once) and returns sorted ``Finding``s, the same records from either engine:

* ``turbo``: pyshacl-turbo 0.6.5, SHACL Core + SHACL-SPARQL in Rust. The store's quads go to it
  as N-Quads for its own native parser, and the shapes as N-Triples text: both sides then hold
  plain string literals alike. Its other two input paths do not (measured, and kept as tests in
  ``tests/test_validation.py``): handed a pyoxigraph ``Store``, it reads the store's strings as
  ``xsd:string``-typed, so ``"x"`` in a SPARQL constraint's query never matches them, nor do
  ``sh:in ( "x" )`` / ``sh:hasValue "x"`` unless the shapes come from a store too.
* ``pyshacl``: pySHACL on rdflib, the reference the tests compare with; slow, used by
  ``--engine pyshacl`` and the tests only.

Both engines import rdflib, so this module imports them only when one runs: ``wco-kg query``
never does.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import DataError, UsageError
from .namespaces import SH
from .report import Finding

ENGINES = ("turbo", "pyshacl")
DEFAULT_ENGINE = "turbo"


@dataclass
class Shapes:
    """A shapes graph, read once: a pyoxigraph store, and what each engine makes of it (cached)."""

    store: ox.Store
    files: tuple[Path, ...] = ()
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def parse(cls, text: str | bytes, base_iri: str | None = None) -> "Shapes":
        """Shapes from Turtle text (tests, SHACL-SHACL)."""
        store = ox.Store()
        store.load(text.encode() if isinstance(text, str) else text, format=ox.RdfFormat.TURTLE, base_iri=base_iri)
        return cls(store)

    def graph(self):
        """The shapes as one rdflib Graph (pySHACL's input)."""
        if "graph" not in self._cache:
            self._cache["graph"] = rdflib_graph(self.store)
        return self._cache["graph"]

    def program(self):
        """The shapes compiled by pyshacl-turbo, once (it parses and checks the SPARQL queries)."""
        if "program" not in self._cache:
            import pyshacl_turbo

            text = ox.serialize((q.triple for q in self.store), format=ox.RdfFormat.N_TRIPLES).decode()
            try:
                self._cache["program"] = pyshacl_turbo.compile_shapes(text, shacl_graph_format="nt")
            except (pyshacl_turbo.ValidationFailure, RuntimeError, ValueError) as e:
                raise DataError(f"the shapes cannot be used: {_one_line(e)}", _where(self.files)) from None
        return self._cache["program"]


def _one_line(e: Exception) -> str:
    return " ".join(str(e).split())[:300]


def _where(files) -> str | None:
    return ", ".join(str(f) for f in files) if files else None


def rdflib_graph(store: ox.Store):
    """The union of every graph of a store as one rdflib Graph."""
    from rdflib import Graph

    g = Graph()
    nt = ox.serialize((q.triple for q in store), format=ox.RdfFormat.N_TRIPLES)
    g.parse(data=nt.decode(), format="nt")
    return g


# ---------------------------------------------------------------------- reading a report


def _term_text(t) -> str | None:
    """rdflib term -> full IRI, N-Triples for a literal, ``_:id`` for a blank node.

    An ``xsd:string`` literal is written without its datatype: in RDF 1.1 ``"x"`` and
    ``"x"^^xsd:string`` are the same term, which rdflib keeps apart (pyshacl-turbo's reports
    carry the datatype, pySHACL's do not).
    """
    if t is None:
        return None
    from rdflib import BNode, Literal
    from rdflib.namespace import XSD

    if isinstance(t, Literal):
        if t.datatype == XSD.string and not t.language:
            return Literal(str(t)).n3()
        return t.n3()
    if isinstance(t, BNode):
        return f"_:{t}"
    return str(t)


def findings_of(report) -> list[Finding]:
    """The results of an rdflib ``sh:ValidationReport`` graph, sorted.

    Only the report's own results: a ``sh:node`` or ``sh:qualifiedValueShape`` failure also
    carries the nested results that explain it (``sh:detail``), which are not findings of their own.
    """
    from rdflib import Namespace

    shn = Namespace(SH)
    findings = []
    for r in report.objects(None, shn.result):
        def one(p):
            return report.value(r, p)
        severity = str(one(shn.resultSeverity) or shn.Violation)
        findings.append(Finding(
            severity=severity.removeprefix(SH),  # Violation, Warning, Info; any other as its IRI
            focus=_term_text(one(shn.focusNode)) or "",
            path=_term_text(one(shn.resultPath)),
            component=str(one(shn.sourceConstraintComponent)),
            shape=_term_text(one(shn.sourceShape)) or "",
            message=str(one(shn.resultMessage) or ""),
            value=_term_text(one(shn.value)),
        ))
    return sorted(findings, key=Finding.sort_key)


# ---------------------------------------------------------------------- the engines


def run_turbo(store: ox.Store, shapes: Shapes) -> list[Finding]:
    """SHACL Core + SHACL-SPARQL with pyshacl-turbo on the store's quads (no rdflib data graph).

    The quads go as an N-Quads ``Input``, the form pyshacl-turbo makes of any document it reads
    (``pyshacl_turbo.rdf.Input``, not in its ``__all__``: the version is pinned exactly and the
    tests cover this call), so its native parser reads them with no rdflib copy and the
    literals compare as in the shapes; a named graph stays one for ``GRAPH`` in SPARQL.
    """
    import pyshacl_turbo
    from pyshacl_turbo.rdf import Input

    data = Input(store.dump(format=ox.RdfFormat.N_QUADS).decode(), "nquads", None, {}, preserve_ids=True)
    try:
        _conforms, report, _text = shapes.program().validate(
            data, allow_warnings=True, allow_infos=True, abort_on_first=False)
    except (pyshacl_turbo.ValidationFailure, RuntimeError, ValueError) as e:
        raise DataError(f"SHACL validation failed: {_one_line(e)}", _where(shapes.files)) from None
    return findings_of(report)


_SPARQL_MEMO: dict = {}


@contextmanager
def _parse_sparql_once():
    """While pySHACL runs, make rdflib parse each SHACL-SPARQL query once, not once per focus node.

    pySHACL hands rdflib the same query text for every focus node (``$this`` is an initial
    binding) and rdflib parses it every time (~35 ms a parse: 30 s on the real build with its
    186 members). Memoising parse + translate by (text, base, prefixes) changes no result. The
    patch is rdflib's ``SPARQLProcessor.query``, put back when the block ends; not thread-safe
    (pySHACL runs in the command line and the tests only).
    """
    from rdflib.plugins.sparql import processor
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    original = processor.SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            prepared = _SPARQL_MEMO.get(key)
            if prepared is None:
                if len(_SPARQL_MEMO) > 1024:
                    _SPARQL_MEMO.clear()
                prepared = _SPARQL_MEMO[key] = translateQuery(parseQuery(strOrQuery), base, dict(key[2]))
            strOrQuery = prepared
        return original(self, strOrQuery, initBindings, None, base, DEBUG)

    processor.SPARQLProcessor.query = query
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original


def run_pyshacl(store: ox.Store, shapes: Shapes) -> list[Finding]:
    """SHACL Core + SHACL-SPARQL with pySHACL, the reference, on an rdflib copy of the store."""
    from pyshacl import validate

    with _parse_sparql_once():
        _conforms, report, _text = validate(
            rdflib_graph(store), shacl_graph=shapes.graph(), inference="none",
            allow_warnings=True, allow_infos=True, abort_on_first=False)
    return findings_of(report)


def run_engine(engine: str, store: ox.Store, shapes: Shapes) -> list[Finding]:
    """``engine`` (one of ``ENGINES``) on the store."""
    if engine == "turbo":
        return run_turbo(store, shapes)
    if engine == "pyshacl":
        return run_pyshacl(store, shapes)
    raise UsageError(f"unknown validation engine {engine!r} (use {' or '.join(ENGINES)})")


def shacl_shacl() -> Shapes:
    """SHACL-SHACL, the W3C's shapes for shapes graphs (SHACL 1.0, appendix C), as pyshacl-turbo ships it."""
    from importlib.resources import files

    return Shapes.parse(files("pyshacl_turbo").joinpath("assets", "shacl-shacl.ttl").read_bytes())
