"""The fast SHACL engine (``wco_kg.shacl``): pySHACL's results on the real build, the W3C SHACL
Core test cases, and commands that never import rdflib or pySHACL.

The fixtures of tests/shapes/invalid/ are compared engine against engine in
tests/test_shapes.py (``test_fast_engine_reports_what_pyshacl_reports``), which reads every
shapes file in shapes/, so shapes added later are covered without a change here.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from wco_kg.shacl import load_shapes, validate_shapes
from wco_kg.shacl.engine import iter_results
from wco_kg.shacl.literals import compare, well_formed
from wco_kg.shacl.shapes import ShapesGraph
from wco_kg.validate import run_fast, run_pyshacl, validate_store

W3C = Path(__file__).parent / "data" / "w3c-shacl-core"
SH = "http://www.w3.org/ns/shacl#"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD = "http://www.w3.org/2001/XMLSchema#"

# ---------------------------------------------------------------------- the project's graph


def test_fast_engine_reports_what_pyshacl_reports_on_the_build(store, project):
    fast, reference = run_fast(store, project), run_pyshacl(store, project)
    assert set(fast) == set(reference)


def test_fast_engine_finds_what_pyshacl_finds_in_a_broken_graph(store, project):
    """A graph with many faults at once (every fixture's kind of fault is tested on its own
    in test_shapes.py): an organization with no name, a text homepage, a claim dated by text."""
    data = ox.Store()
    data.extend(list(store))
    data.update("""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX foaf: <http://xmlns.com/foaf/0.1/>
        PREFIX wkg: <https://w3id.org/wco-kg/ontology#>
        DELETE { GRAPH ?g { ?o skos:prefLabel ?l } } WHERE { GRAPH ?g { ?o a wkg:IntergovernmentalOrganization ; skos:prefLabel ?l } } ;
        INSERT DATA { GRAPH <https://w3id.org/wco-kg/graph/editorial> {
            <https://w3id.org/wco-kg/id/wco> foaf:homepage "https://www.wcoomd.org/" .
            <https://w3id.org/wco-kg/id/claim-wco-customs-administrations-2022> wkg:statedOn "2022" } }""")
    fast, reference = run_fast(data, project), run_pyshacl(data, project)
    assert len(fast) >= 3
    assert set(fast) == set(reference)


def test_engine_choice(store, project):
    assert validate_store(store, project).engine == "fast"
    assert validate_store(store, project, "pyshacl").engine == "pyshacl"


def test_fast_path_imports_neither_rdflib_nor_pyshacl():
    """`query` and `validate` (fast engine) run without importing rdflib or pySHACL (not timed)."""
    code = ("import sys\nfrom wco_kg.cli import main\n"
            "codes = [main(['query', 'headquarters']), main(['validate'])]\n"
            "print(codes, sorted(m for m in ('rdflib', 'pyshacl', 'owlrl') if m in sys.modules), file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip().splitlines()[-1] == "[0, 0] []"


# ---------------------------------------------------------------------- literals


@pytest.mark.parametrize("lexical,datatype,ok", [
    ("1952", "gYear", True), ("52", "gYear", False), ("2021-12", "gYearMonth", True),
    ("2021-13", "gYearMonth", False), ("2021-02-30", "date", False), ("2021-02-28", "date", True),
    ("184", "integer", True), ("1.5", "integer", False), ("98.0", "decimal", True),
    ("true", "boolean", True), ("yes", "boolean", False), ("300", "byte", False),
    ("-1", "nonNegativeInteger", False), ("1e3", "double", True),
])
def test_well_formed(lexical, datatype, ok):
    assert well_formed(ox.Literal(lexical, datatype=ox.NamedNode(XSD + datatype))) is ok


def test_compare():
    i = lambda v: ox.Literal(v, datatype=ox.NamedNode(XSD + "integer"))  # noqa: E731
    assert compare(i("2"), i("10")) == -1
    assert compare(i("2"), ox.Literal("2.0", datatype=ox.NamedNode(XSD + "decimal"))) == 0
    assert compare(i("2"), ox.Literal("2")) is None  # a number and a string do not compare
    assert compare(ox.Literal("a"), ox.Literal("b")) == -1


# ---------------------------------------------------------------------- W3C SHACL Core tests


def _cases() -> list[tuple[str, Path]]:
    cases = []
    for manifest in sorted(W3C.glob("*/manifest.ttl")):
        for t in ox.parse(path=str(manifest), format=ox.RdfFormat.TURTLE, base_iri=manifest.as_uri()):
            if t.predicate.value == MF + "include":
                path = Path(t.object.value.removeprefix("file://"))
                cases.append((f"{manifest.parent.name}/{path.stem}", path))
    return cases


def _term(t) -> str:
    return "_:" if isinstance(t, ox.BlankNode) else str(t)


def _expected(store: ox.Store) -> tuple[bool, Counter]:
    conforms = None
    results: Counter = Counter()
    for q in store.quads_for_pattern(None, ox.NamedNode(SH + "conforms"), None, None):
        conforms = q.object.value == "true"
    for q in store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(SH + "ValidationResult"), None):
        r = q.subject

        def one(p):
            got = [x.object for x in store.quads_for_pattern(r, ox.NamedNode(SH + p), None, None)]
            return got[0] if got else None
        results[(_term(one("focusNode")), None if one("resultPath") is None else _term(one("resultPath")),
                 _term(one("sourceConstraintComponent")), _term(one("resultSeverity")),
                 _term(one("sourceShape")), None if one("value") is None else _term(one("value")))] += 1
    return bool(conforms), results


def _resolve(node, base: Path) -> Path:
    return Path(node.value.removeprefix("file://")) if node.value.startswith("file://") else base


def _run_case(path: Path) -> list[str]:
    """The differences between the engine's report and the expected one (empty: the case passes)."""
    base = path.as_uri()
    case = ox.Store()
    case.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=base)
    action = next(case.quads_for_pattern(None, ox.NamedNode(MF + "action"), None, None)).object
    data_file = next(case.quads_for_pattern(action, ox.NamedNode(SHT + "dataGraph"), None, None)).object
    shapes_file = next(case.quads_for_pattern(action, ox.NamedNode(SHT + "shapesGraph"), None, None)).object
    data = ox.Store()
    data.bulk_load(path=str(_resolve(data_file, path)), format=ox.RdfFormat.TURTLE, base_iri=data_file.value)
    shapes = ShapesGraph(ox.parse(path=str(_resolve(shapes_file, path)), format=ox.RdfFormat.TURTLE,
                                  base_iri=shapes_file.value))
    if _resolve(data_file, path) == path:
        # the expected report sits in the same file: blank nodes must be the data's own
        shapes = ShapesGraph(q.triple for q in data)
    expected_conforms, expected = _expected(case)
    got: Counter = Counter()
    for focus, p, value, component, shape, severity, _msg in validate_shapes(data, shapes):
        # a complex path is a blank node in both reports: compared as "a blank node"
        path_term = None if p is None else ("_:" if "<" in p else f"<{p}>")
        got[(_term(focus), path_term, f"<{SH}{component}>", _term(severity), _term(shape),
             None if value is None else _term(value))] += 1
    problems = []
    conforms = not got
    if conforms != expected_conforms:
        problems.append(f"conforms {conforms}, expected {expected_conforms}")
    if got != expected:
        problems.append(f"extra {dict(got - expected)}; missing {dict(expected - got)}")
    return problems


@pytest.mark.parametrize("name,path", _cases(), ids=[c[0] for c in _cases()])
def test_w3c_shacl_core_case(name, path):
    """Every case of the W3C SHACL Core suite: none is left out."""
    assert _run_case(path) == []
