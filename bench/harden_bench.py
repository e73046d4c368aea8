"""Benchmark: what hardening costs. The same load against `wco-kg serve` from a baseline checkout
(before this work) and from this one, same machine, same run, same build.

Builds the graph once here; each server serves that build with --no-build (its own code:
the baseline runs with its checkout's `src/` first on PYTHONPATH). Then the bounded loopback
load of bench/serve_bench.py (its client and its questions): N requests (default 10,000) at
concurrency C (default 8), after a warm-up, first with each server's answer cache (the
default) and then with --cache-mb 0 (every request runs in a worker). The two servers run
alternately, twice each, and the better run of each is kept, which evens out a shared machine.

    git worktree add /tmp/base main                  # the code before
    .venv/bin/python bench/harden_bench.py --baseline /tmp/base   # writes bench/results/harden.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from serve_bench import competency_questions, free_port, measure, wait_http  # noqa: E402

from wco_kg.builder import build  # noqa: E402
from wco_kg.project import Project  # noqa: E402


def run_server(checkout: Path, out: Path, extra: list[str]) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(checkout / "src"))
    proc = subprocess.Popen([sys.executable, "-m", "wco_kg", "--project", str(ROOT), "serve", "--no-build",
                             "--out", str(out), "--port", str(port), "-q", *extra],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_http(port, "/sparql?query=ASK%7B%7D", proc)
    return proc, port


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--baseline", required=True, help="a checkout of the code before (e.g. a worktree of main)")
    p.add_argument("--requests", type=int, default=10_000)
    p.add_argument("--concurrency", type=int, default=8)
    p.add_argument("--warmup", type=int, default=500)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--only", choices=["cached", "uncached"], help="run one of the two loads")
    p.add_argument("--out", default=str(ROOT / "bench" / "results" / "harden.json"))
    args = p.parse_args()
    source, qs = competency_questions(None)
    results: dict = {"requests": args.requests, "concurrency": args.concurrency, "questions_from": source,
                     "note": "shared machine (2 cores, other work running): compare the ratios"}
    with tempfile.TemporaryDirectory(prefix="wco-kg-bench-") as tmp:
        out = Path(tmp) / "dist"
        build(out, Project(ROOT))
        for label, extra in (("cached", []), ("uncached", ["--cache-mb", "0"])):
            if args.only and label != args.only:
                continue
            best: dict[str, dict] = {}
            for _ in range(args.rounds):
                for name, checkout in (("before", Path(args.baseline)), ("after", ROOT)):
                    proc, port = run_server(checkout, out, extra)
                    try:
                        r = measure(f"{label} {name}", port, "/sparql", qs, args)
                    finally:
                        proc.terminate()
                        proc.wait(20)
                    if name not in best or r["rps"] > best[name]["rps"]:
                        best[name] = r
            b, a = best["before"], best["after"]
            results[label] = {"before": b, "after": a, "rps_ratio": round(a["rps"] / b["rps"], 3),
                              "p99_ratio": round(a["p99_ms"] / b["p99_ms"], 3)}
            print(f"{label}: requests/s after/before {results[label]['rps_ratio']}, p99 after/before "
                  f"{results[label]['p99_ratio']}", flush=True)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
