"""Validate the dataset: the SHACL shapes in shapes/ and the ``*-violation.rq`` checks in queries/.

Returns a ``Report`` (never exits): findings with severity, focus node, path, value,
constraint component, source shape and the shape's message. People read ``report.text()``;
machines read ``report.to_json()`` or the ``sh:ValidationReport`` in ``report.to_turtle()``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import DataError
from .namespaces import PREFIXES, SH, shorten
from .project import Project

SEVERITIES = ("Violation", "Warning", "Info")
CHECK_COMPONENT = PREFIXES["wkgsh"] + "ViolationQuery"


@dataclass(frozen=True, order=True)
class Finding:
    """One validation result, in full IRIs (``shorten`` them for display)."""

    severity: str
    focus: str
    path: str | None
    component: str
    shape: str
    message: str = ""
    value: str | None = None

    def sort_key(self) -> tuple[str, ...]:
        """Orders findings with optional fields unset (None sorts as "")."""
        return tuple("" if v is None else v for v in (self.severity, self.focus, self.path, self.component,
                                                       self.shape, self.message, self.value))

    def key(self) -> tuple[str, str | None, str]:
        """What a fixture asserts: (focus node, path, constraint component)."""
        return (self.focus, self.path, self.component)


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    engine: str = "pyshacl"

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def summary(self) -> str:
        state = "conforms" if self.conforms else "does not conform"
        return f"validation: {state}: {len(self.violations)} violation(s), {len(self.warnings)} warning(s)"

    def text(self) -> str:
        """Grouped by focus node: each finding's severity, message, path and offending value."""
        lines = [self.summary()]
        by_focus: dict[str, list[Finding]] = {}
        for f in sorted(self.findings, key=lambda f: (SEVERITIES.index(f.severity) if f.severity in SEVERITIES else 9, f.focus)):
            by_focus.setdefault(f.focus, []).append(f)
        for focus, items in by_focus.items():
            lines.append("")
            lines.append(shorten(focus))
            for f in items:
                where = f" [{shorten(f.path)}]" if f.path else ""
                value = f" (value: {_show(f.value)})" if f.value else ""
                lines.append(f"  {f.severity.upper()}{where}: {f.message or shorten(f.component)}{value}")
                lines.append(f"    shape {shorten(f.shape)}, {shorten(f.component)}")
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        return json.dumps({"conforms": self.conforms, "engine": self.engine,
                           "violations": len(self.violations), "warnings": len(self.warnings),
                           "results": [asdict(f) for f in sorted(self.findings, key=Finding.sort_key)]},
                          ensure_ascii=False, indent=2) + "\n"

    def to_turtle(self) -> str:
        """The report as a SHACL ``sh:ValidationReport`` in Turtle."""
        from .export import serialize_triples

        sh = lambda n: ox.NamedNode(SH + n)  # noqa: E731
        report = ox.BlankNode("report")
        triples = [ox.Triple(report, ox.NamedNode(PREFIXES["rdf"] + "type"), sh("ValidationReport")),
                   ox.Triple(report, sh("conforms"), ox.Literal("true" if self.conforms else "false",
                                                                  datatype=ox.NamedNode(PREFIXES["xsd"] + "boolean")))]
        for i, f in enumerate(sorted(self.findings, key=Finding.sort_key)):
            r = ox.BlankNode(f"r{i}")
            triples += [ox.Triple(report, sh("result"), r),
                        ox.Triple(r, ox.NamedNode(PREFIXES["rdf"] + "type"), sh("ValidationResult")),
                        ox.Triple(r, sh("resultSeverity"), sh(f.severity)),
                        ox.Triple(r, sh("focusNode"), _term(f.focus)),
                        ox.Triple(r, sh("sourceConstraintComponent"), ox.NamedNode(f.component)),
                        ox.Triple(r, sh("sourceShape"), ox.NamedNode(f.shape))]
            if f.path:
                triples.append(ox.Triple(r, sh("resultPath"), ox.NamedNode(f.path)))
            if f.message:
                triples.append(ox.Triple(r, sh("resultMessage"), ox.Literal(f.message, language="en")))
            if f.value:
                triples.append(ox.Triple(r, sh("value"), _term(f.value)))
        return serialize_triples(triples, "turtle").decode()


def _show(value: str) -> str:
    return value if value.startswith('"') else shorten(value)


def _term(text: str):
    """A term from its stored form: an IRI, or an N-Triples literal (``"x"@en``)."""
    if text.startswith('"'):
        t = next(iter(ox.parse(f"<x:s> <x:p> {text} .".encode(), format=ox.RdfFormat.N_TRIPLES)))
        return t.object
    return ox.NamedNode(text)


def _term_text(t) -> str | None:
    """rdflib term -> full IRI, or N-Triples for a literal."""
    if t is None:
        return None
    from rdflib import Literal as RLiteral
    from rdflib import URIRef

    if isinstance(t, URIRef):
        return str(t)
    if isinstance(t, RLiteral):
        return t.n3()
    return str(t)


# ---------------------------------------------------------------------- engines

def shapes_graph(project: Project):
    """All shapes/*.ttl in one rdflib Graph (pySHACL's input)."""
    from rdflib import Graph

    g = Graph()
    for path in project.shape_files():
        try:
            g.parse(path, format="turtle")
        except Exception as e:  # rdflib raises BadSyntax and others
            raise DataError(f"cannot read shapes: {' '.join(str(e).split())[:300]}", str(path)) from None
    return g


def data_graph(store: ox.Store):
    """The union of every graph of the store as one rdflib Graph."""
    from rdflib import Graph

    g = Graph()
    nt = ox.serialize((q.triple for q in store), format=ox.RdfFormat.N_TRIPLES)
    g.parse(data=nt.decode(), format="nt")
    return g


_SPARQL_MEMO: dict = {}
_MEMO_INSTALLED: list[bool] = []


def _parse_sparql_once() -> None:
    """Make rdflib parse each SHACL-SPARQL query once, not once per focus node.

    pySHACL hands rdflib the same query text for every focus node (``$this`` is an initial
    binding) and rdflib parses it every time (~35 ms a parse, most of a validation run: 30 s
    with the 186 members). Memoising parse + translate by (text, base, prefixes) changes no
    result. Installed once per process; idempotent.
    """
    if _MEMO_INSTALLED:
        return
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
    _MEMO_INSTALLED.append(True)


def run_pyshacl(store: ox.Store, project: Project, shapes=None) -> list[Finding]:
    """SHACL Core + SHACL-SPARQL with pySHACL, the reference engine.

    ``shapes`` is an already parsed ``shapes_graph(project)`` (callers that validate many
    graphs parse the shapes once); by default the project's shapes/ are read.
    """
    from pyshacl import validate as pyshacl_validate
    from rdflib import Graph, Namespace

    _parse_sparql_once()

    _conforms, report, _text = pyshacl_validate(
        data_graph(store), shacl_graph=shapes if shapes is not None else shapes_graph(project),
        inference="none", allow_warnings=True, allow_infos=True, abort_on_first=False)
    SHN = Namespace(SH)
    assert isinstance(report, Graph)
    findings = []
    # Only the report's own results: a sh:node / sh:qualifiedValueShape failure also carries
    # the nested results that explain it (sh:detail), which are not findings of their own.
    for r in report.objects(None, SHN.result):
        def one(p):
            return report.value(r, p)
        severity = str(one(SHN.resultSeverity) or SHN.Violation).rsplit("#", 1)[-1]
        findings.append(Finding(
            severity=severity,
            focus=_term_text(one(SHN.focusNode)) or "",
            path=_term_text(one(SHN.resultPath)),
            component=str(one(SHN.sourceConstraintComponent)),
            shape=_term_text(one(SHN.sourceShape)) or "",
            message=str(one(SHN.resultMessage) or ""),
            value=_term_text(one(SHN.value)),
        ))
    return sorted(findings, key=Finding.sort_key)


def run_fast(store: ox.Store, project: Project, shapes=None) -> list[Finding]:
    """SHACL Core + SHACL-SPARQL with our own engine on the store (``wco_kg.shacl``): no rdflib.

    ``shapes`` is an already read ``wco_kg.shacl.load_shapes(project.shape_files())``.
    """
    from .shacl import load_shapes, validate_shapes
    from .shacl.engine import iter_results

    shapes = shapes if shapes is not None else load_shapes(project.shape_files())
    found = {Finding(severity=sev, focus=focus or "", path=path, component=comp, shape=shape or "",
                     message=message, value=value)
             for focus, path, value, comp, shape, sev, message in iter_results(validate_shapes(store, shapes))}
    return sorted(found)


ENGINES = ("fast", "pyshacl")


def run_checks(store: ox.Store, project: Project) -> list[Finding]:
    """Every ``*-violation.rq``: each row it returns is a violation, focused on its first column."""
    from .queries import questions
    from .store import LocalStore

    local = LocalStore(store)
    findings = []
    for q in questions(project).values():
        if not q.is_check:
            continue
        result = local.query(q.bind(), source=str(q.path))
        for row in result.rows:
            focus = row[0]
            value = row[1] if len(row) > 1 else None
            findings.append(Finding(
                "Violation",
                focus.value if isinstance(focus, ox.NamedNode) else str(focus),
                None, CHECK_COMPONENT, PREFIXES["wkgsh"] + q.name,
                q.title, None if value is None else (value.value if isinstance(value, ox.NamedNode) else str(value))))
    return sorted(findings, key=Finding.sort_key)


def validate_store(store: ox.Store, project: Project | None = None, engine: str = "fast") -> Report:
    """Validate a loaded dataset (see ``build.load_graph``) against shapes/ and the checks.

    ``engine``: ``fast`` (our SHACL engine on the store, the default) or ``pyshacl`` (the reference).
    """
    project = project or Project.locate()
    if engine not in ENGINES:
        from .errors import UsageError
        raise UsageError(f"unknown validation engine {engine!r} (use {' or '.join(ENGINES)})")
    shacl = run_fast(store, project) if engine == "fast" else run_pyshacl(store, project)
    return Report(shacl + run_checks(store, project), engine=engine)


def validate(project: Project | None = None, data_files: list[str | Path] | None = None,
             engine: str = "fast") -> Report:
    """Load the project's data (or ``data_files``) and validate it."""
    from .loader import load_graph

    project = project or Project.locate()
    return validate_store(load_graph(project, data_files), project, engine)
