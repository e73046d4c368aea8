"""bench/generate.py: deterministic, and its planted violations are exactly what both SHACL
engines find, on a small network and on one of more than 1,000 focus nodes per shape (the
benchmark's correctness, checked at ~130k triples and not timed; 1M is bench/validation_bench.py's)."""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest

from wco_kg.namespaces import ID, PREFIXES
from wco_kg.shacl_engines import findings_of, rdflib_graph, run_pyshacl, run_turbo
from wco_kg.validation import load_shapes

ROOT = Path(__file__).resolve().parents[1]
SH = PREFIXES["sh"]


@pytest.fixture(scope="module")
def generate():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def shapes(project):
    return load_shapes(project)


def planted(findings) -> set:
    return {(f.focus, f.path, f.component, f.shape, f.severity) for f in findings if "/id/bench-" in f.focus}


def expected(manifest) -> set:
    return {(r["focus"], r["path"], r["component"], r["shape"], r["severity"]) for r in manifest["expected_results"]}


def test_same_seed_same_bytes(generate):
    a, ma = generate.generate(10_000, seed=7)
    b, mb = generate.generate(10_000, seed=7)
    assert a == b and ma == mb
    assert 9_000 < ma["triples"] < 25_000  # about the size asked, at least the real build
    c, _ = generate.generate(10_000, seed=8)
    assert c != a


def test_planted_violations_are_found_by_both_engines(generate, project, shapes):
    # one unit per kind of planted violation, so every kind is checked
    kinds = len(generate.PLANTS)
    base = len(generate.load(project))
    data, manifest = generate.generate(base + 1500 + kinds * generate.TRIPLES_PER_UNIT, seed=3, plant_every=1)
    assert manifest["units"] == kinds and all(n == 1 for n in manifest["planted"].values())
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.TRIG)
    turbo = run_turbo(store, shapes)
    # the real build's own findings (warnings) are not the generator's
    assert planted(turbo) == expected(manifest)
    assert set(turbo) == set(run_pyshacl(store, shapes))


# ---------------------------------------------------------------------- more than 1,000 focus nodes per shape

UNITS = 1_010
_SHARED: dict = {}


def _pyshacl_part(use_shapes: list[str]) -> list:
    """pySHACL on the network, for these shapes only (a worker of the pool below)."""
    from pyshacl import validate

    from wco_kg.shacl_engines import _parse_sparql_once

    with _parse_sparql_once():
        _c, report, _t = validate(_SHARED["graph"], shacl_graph=_SHARED["shapes"].graph(), inference="none",
                                  allow_warnings=True, allow_infos=True, use_shapes=use_shapes)
    return findings_of(report)


def pyshacl_in_parallel(store: ox.Store, shapes) -> set:
    """pySHACL's results, computed over a partition of the shapes that have targets in one
    process per core (at most 4): the union over the parts is the whole report. Every part
    names all the shapes without a target too (property shapes, helpers), which act only
    through a shape with one: pySHACL's ``use_shapes`` runs only the shapes it names, and
    its ``focus_nodes`` leaves out the property shapes' results."""
    def named(query: str) -> set[str]:
        return {r["s"].value for r in shapes.store.query(f"SELECT DISTINCT ?s WHERE {{ {query} }}")}

    targeted = sorted(named(f"?s ?t ?o VALUES ?t {{ <{SH}targetClass> <{SH}targetSubjectsOf> <{SH}targetNode> <{SH}targetObjectsOf> }}"))
    helpers = sorted(named(f"{{ ?s a <{SH}NodeShape> }} UNION {{ ?s a <{SH}PropertyShape> }} UNION {{ ?x <{SH}property> ?s }}")
                     - set(targeted))
    _SHARED.update(graph=rdflib_graph(store), shapes=shapes)
    shapes.graph()
    workers = min(os.cpu_count() or 1, 4)
    parts = [targeted[i::workers * 3] + helpers for i in range(workers * 3)]
    if workers == 1 or "fork" not in multiprocessing.get_all_start_methods():
        return {f for part in parts for f in _pyshacl_part(part)}
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return {f for found in pool.map(_pyshacl_part, parts) for f in found}


def focus_counts(store: ox.Store, shapes) -> dict[str, tuple[int, int]]:
    """Each node shape with a target -> (its focus nodes, how many of them are generated)."""
    focus: dict[str, set] = {}
    for row in shapes.store.query(f"""SELECT ?shape ?kind ?t WHERE {{
            ?shape ?kind ?t VALUES ?kind {{ <{SH}targetClass> <{SH}targetSubjectsOf> }} }}"""):
        kind, t = row["kind"].value, row["t"]
        pattern = (f"?s <{PREFIXES['rdf']}type>/<{PREFIXES['rdfs']}subClassOf>* {t}" if kind.endswith("targetClass")
                   else f"?s {t} ?o")
        focus.setdefault(row["shape"].value, set()).update(
            r["s"].value for r in store.query(f"SELECT DISTINCT ?s WHERE {{ {pattern} }}", use_default_graph_as_union=True))
    return {s: (len(f), sum(x.startswith(ID + "bench-") for x in f)) for s, f in focus.items()}


@pytest.mark.timeout(900)
def test_a_network_of_more_than_1000_focus_nodes_per_shape(generate, project, shapes):
    """About 130k triples: every shape that reaches the generated units has more than 1,000
    focus nodes; pyshacl-turbo finds exactly the ~50 planted violations, and exactly pySHACL's
    results (pySHACL: about a minute of CPU, hence the pool)."""
    base = len(generate.load(project))
    data, manifest = generate.generate(base + 1500 + UNITS * generate.TRIPLES_PER_UNIT, seed=11, shared_nodes=UNITS)
    assert manifest["units"] >= 1_001 and sum(manifest["planted"].values()) >= 40
    assert all(n > 0 for n in manifest["planted"].values())
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.TRIG)
    counts = focus_counts(store, shapes)
    reached = {s: n for s, (n, generated) in counts.items() if generated}
    assert len(reached) >= 8, counts
    assert {s: n for s, n in reached.items() if n <= 1_000} == {}
    turbo = run_turbo(store, shapes)
    assert planted(turbo) == expected(manifest)
    assert set(turbo) == pyshacl_in_parallel(store, shapes)
