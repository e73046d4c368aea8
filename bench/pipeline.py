"""One benchmark pipeline on one TriG file, in its own process (bench/run.py starts it).

    python bench/pipeline.py ours|baseline FILE --cap SECONDS --findings OUT.json

ours:     pyoxigraph parse -> pyshacl-turbo validate (wco_kg.shacl_engines) -> Turtle + JSON-LD export (wco_kg.export)
          -> every competency question on the embedded store.
baseline: rdflib parse (Dataset) -> pySHACL (inference none, the union graph, as validate.py's
          reference path) -> rdflib Turtle + JSON-LD -> every question with rdflib's SPARQL.

Prints one JSON object: seconds per stage (``null`` when a stage passed ``--cap``), the rows
of each question, the number of SHACL results, and the peak resident memory of this process.
The SHACL results themselves go to ``--findings`` so the two engines can be compared.
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


class Capped(Exception):
    pass


def _alarm(_sig, _frame):
    raise Capped()


def timed(stages: dict, name: str, cap: float, fn):
    """Run ``fn``; record its seconds under ``name`` (None past the cap); return its value."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, cap)
    t = time.perf_counter()
    try:
        value = fn()
        stages[name] = time.perf_counter() - t
        return value
    except Capped:
        stages[name] = None
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def questions():
    from wco_kg.project import Project
    from wco_kg.queries import questions as all_questions

    return [q for q in all_questions(Project(ROOT)).values() if not q.is_check and not q.federated]


def ours(path: str, cap: float, qcap: float) -> tuple[dict, dict, list]:
    import pyoxigraph as ox

    from wco_kg.export import serialize_store
    from wco_kg.project import Project
    from wco_kg.store import LocalStore
    from wco_kg.shacl_engines import run_turbo
    from wco_kg.validation import load_shapes

    stages: dict = {}
    store = ox.Store()
    timed(stages, "parse", cap, lambda: store.bulk_load(path=path, format=ox.RdfFormat.TRIG))
    findings = timed(stages, "validate", cap, lambda: run_turbo(store, load_shapes(Project(ROOT))))
    timed(stages, "export_turtle", cap, lambda: serialize_store(store, "turtle"))
    timed(stages, "export_jsonld", cap, lambda: serialize_store(store, "jsonld"))
    local = LocalStore(store)
    rows = {}
    for q in questions():
        result = timed(stages, f"q:{q.name}", qcap, lambda q=q: local.query(q.bind(), source=q.name))
        rows[q.name] = None if result is None else len(result.rows)
    keys = None if findings is None else [[f.focus, f.path, f.component, f.shape, f.severity, f.value]
                                          for f in findings]
    return stages, rows, keys


def baseline(path: str, cap: float, qcap: float) -> tuple[dict, dict, list]:
    from rdflib import Dataset, Graph

    stages: dict = {}
    ds = Dataset(default_union=True)
    got = timed(stages, "parse", cap, lambda: ds.parse(path, format="trig"))
    if got is None:
        return stages, {}, None

    def shacl():
        from pyshacl import validate

        from wco_kg.project import Project
        from wco_kg.shacl_engines import findings_of
        from wco_kg.validation import load_shapes

        g = Graph()
        for t in ds.triples((None, None, None)):
            g.add(t)
        _c, report, _t = validate(g, shacl_graph=load_shapes(Project(ROOT)).graph(), inference="none",
                                  allow_warnings=True, allow_infos=True)
        return [[f.focus, f.path, f.component, f.shape, f.severity, f.value] for f in findings_of(report)]

    keys = timed(stages, "validate", cap, shacl)

    def merged() -> Graph:
        g = Graph()
        for t in ds.triples((None, None, None)):
            g.add(t)
        return g

    timed(stages, "export_turtle", cap, lambda: merged().serialize(format="turtle"))
    timed(stages, "export_jsonld", cap, lambda: merged().serialize(format="json-ld"))
    from wco_kg.namespaces import PREFIXES

    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    rows = {}
    for q in questions():
        text = q.bind()
        result = timed(stages, f"q:{q.name}", qcap, lambda text=text: list(ds.query(prologue + text)))
        rows[q.name] = None if result is None else len(result)
    return stages, rows, keys


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("pipeline", choices=["ours", "baseline"])
    p.add_argument("file")
    p.add_argument("--cap", type=float, default=300.0, help="seconds per stage before it is cut")
    p.add_argument("--qcap", type=float, default=30.0, help="seconds per competency question before it is cut")
    p.add_argument("--findings", help="write the SHACL results here (JSON)")
    args = p.parse_args()
    t = time.perf_counter()
    stages, rows, keys = (ours if args.pipeline == "ours" else baseline)(args.file, args.cap, args.qcap)
    if args.findings:
        Path(args.findings).write_text(json.dumps(keys))
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"pipeline": args.pipeline, "stages": stages, "rows": rows,
                      "results": None if keys is None else len({tuple(k) for k in keys}),
                      "peak_mib": round(peak_kb / 1024, 1), "wall": time.perf_counter() - t}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
