"""Benchmark: pushing the build into Virtuoso 7 and Oxigraph, and answering every question there,
against the embedded store, same machine, same run, same data.

Starts both stores on loopback with fresh databases (scripts/triplestores.py), then, R times
each (default 5; the median is kept):

- push: `wco-kg push`'s library call (read each graph, replace it in one PUT) with the build;
- questions: every competency question of queries/ (checks excluded; the federated one calls
  a local stand-in for Wikidata, tests/data/wikidata-extract.ttl), one after the other, through RemoteStore (SPARQLWrapper over loopback HTTP); and the same on the embedded store
  (pyoxigraph in process), so each store's time is also given as a ratio to the embedded one.

Every answer is checked against the embedded store's before it is timed (same_results).

    make bench-stores                                # writes bench/results/stores.json
    .venv/bin/python bench/stores_bench.py --rounds 9
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import triplestores  # noqa: E402
from wco_kg.loader import load_graph  # noqa: E402
from wco_kg.project import Project  # noqa: E402
from wco_kg.push import GraphStore, push  # noqa: E402
from wco_kg.queries import questions  # noqa: E402
from wco_kg.results import same_results  # noqa: E402
from wco_kg.store import LocalStore, RemoteStore  # noqa: E402


def timed(fn, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--out", default=str(ROOT / "bench" / "results" / "stores.json"))
    args = p.parse_args()

    project = Project(ROOT)
    store = load_graph(project)
    local = LocalStore(store)
    graphs = sorted(g.value for g in store.named_graphs())
    work = Path(tempfile.mkdtemp(prefix="wco-kg-stores-bench-"))
    started = []
    # Federated questions call a local stand-in for Wikidata (as in the tests), never the internet.
    standin = triplestores.start_oxigraph(work / "wikidata")
    started.append(standin)
    gs = GraphStore(standin.store_url)
    gs.put("http://www.wikidata.org/", (ROOT / "tests" / "data" / "wikidata-extract.ttl").read_bytes())
    gs.close()
    services = {"https://query.wikidata.org/sparql": standin.query_url}
    qs = [(q.name, q.bind(services={k: v for k, v in services.items() if k in q.services}), q.ordered)
          for q in questions(project).values() if not q.is_check]
    results: dict = {"quads": len(store), "graphs": len(graphs), "questions": len(qs), "rounds": args.rounds,
                     "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                 "platform": platform.platform()},
                     "stores": {}}
    try:
        answers = {name: local.query(text) for name, text, _ in qs}
        embedded = timed(lambda: [local.query(text) for _, text, _ in qs], args.rounds)
        results["embedded"] = {"questions_s": statistics.median(embedded), "runs": embedded}
        for kind in ("virtuoso", "oxigraph"):
            t = triplestores.STARTERS[kind](work / kind)
            started.append(t)
            pushes = timed(lambda: push(store, t.store_url, user=t.user, password=t.password), args.rounds)
            remote = (RemoteStore(t.query_url, timeout=120, default_graphs=graphs, named_graphs=graphs)
                      if kind == "virtuoso" else RemoteStore(t.query_url, timeout=120))
            for name, text, ordered in qs:
                if not same_results(answers[name], remote.query(text), ordered=ordered):
                    raise SystemExit(f"{name}: {kind} answers differently from the embedded store")
            runs = timed(lambda: [remote.query(text) for _, text, _ in qs], args.rounds)
            results["stores"][kind] = {
                "push_s": statistics.median(pushes), "push_runs": pushes,
                "questions_s": statistics.median(runs), "question_runs": runs,
                "questions_vs_embedded": statistics.median(runs) / results["embedded"]["questions_s"],
            }
            t.stop()
    finally:
        for t in started:
            t.stop()
        shutil.rmtree(work, ignore_errors=True)

    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n")
    n = results["questions"]
    print(f"{results['quads']} quads in {results['graphs']} graphs; {n} questions; median of {args.rounds}\n")
    print(f"| store | push (s) | all {n} questions (s) | questions vs embedded |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| embedded (pyoxigraph) | – | {results['embedded']['questions_s']:.3f} | 1.0× |")
    for kind, r in results["stores"].items():
        print(f"| {kind} | {r['push_s']:.3f} | {r['questions_s']:.3f} | {r['questions_vs_embedded']:.1f}× |")
    print(f"\nwritten to {os.path.relpath(args.out, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
