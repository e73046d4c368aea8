"""bench/generate.py: deterministic, and its planted violations are exactly what both SHACL
engines find (the benchmark's correctness, checked small and not timed)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from wco_kg.validate import run_fast, run_pyshacl

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def generate():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module
    spec.loader.exec_module(module)
    return module


def test_same_seed_same_bytes(generate):
    a, ma = generate.generate(10_000, seed=7)
    b, mb = generate.generate(10_000, seed=7)
    assert a == b and ma == mb
    assert 9_000 < ma["triples"] < 25_000  # about the size asked, at least the real build
    c, _ = generate.generate(10_000, seed=8)
    assert c != a


def test_planted_violations_are_found_by_both_engines(generate, project):
    # one unit per kind of planted violation, so every kind is checked
    kinds = len(generate.PLANTS)
    base = len(generate.load(project))
    data, manifest = generate.generate(base + 1500 + kinds * generate.TRIPLES_PER_UNIT, seed=3, plant_every=1)
    assert manifest["units"] == kinds and all(n == 1 for n in manifest["planted"].values())
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.TRIG)
    expected = {(r["focus"], r["path"], r["component"], r["shape"], r["severity"]) for r in manifest["expected_results"]}
    fast = run_fast(store, project)
    reference = run_pyshacl(store, project)  # memoises rdflib's SPARQL parses itself
    # the real build's own findings (warnings) are not the generator's
    planted = {(f.focus, f.path, f.component, f.shape, f.severity) for f in fast if "/id/bench-" in f.focus}
    assert planted == expected
    assert set(fast) == set(reference)
