"""Validation benchmark: pyshacl-turbo (the default engine) beside pySHACL, same shapes, same data, same run.

    make bench-validation                                  # the real build, 100k and 1M triples
    .venv/bin/python bench/validation_bench.py --sizes 100000 --cap 120 --rounds 1

For the real build and each generated network (bench/generate.py, cached in bench/data/; the
planted violations listed in its manifest), each engine runs in a child process of its own,
so its peak memory (peak RSS: the interpreter, the loaded store and the validation) is its
own: pyoxigraph parses the data, then ``wco_kg.shacl_engines.run_turbo`` or ``run_pyshacl``
validates it against the declared shapes (the time of that call alone is the figure). pyshacl-turbo
runs ``--rounds`` times (the median is reported), pySHACL once, cut at ``--cap`` seconds (then
its time and ratio are lower bounds). Each row says whether the planted violations were found
exactly and whether both engines gave the same results. Writes bench/results/validation.json
and validation.md. Targets: 1M triples validated in at most 30 s and 2 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(BENCH))

TARGET_SECONDS, TARGET_MIB = 30.0, 2048.0


class Capped(Exception):
    pass


def child(engine: str, source: str, cap: float, findings_out: str) -> dict:
    """One engine on one dataset (``real`` or a TriG file), in this process."""
    import pyoxigraph as ox

    from wco_kg.loader import load_graph
    from wco_kg.project import Project
    from wco_kg.shacl_engines import run_engine
    from wco_kg.validation import load_shapes

    project = Project(ROOT)
    t = time.perf_counter()
    if source == "real":
        store = load_graph(project, cache=False)
    else:
        store = ox.Store()
        store.bulk_load(path=source, format=ox.RdfFormat.TRIG)
    parse = time.perf_counter() - t
    shapes = load_shapes(project)

    def alarm(_sig, _frame):
        raise Capped()

    signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, cap)
    t = time.perf_counter()
    try:
        found = run_engine(engine, store, shapes)
        seconds = time.perf_counter() - t
    except Capped:
        found, seconds = None, None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    Path(findings_out).write_text(json.dumps(None if found is None else [
        [f.severity, f.focus, f.path, f.component, f.shape, f.message, f.value] for f in found]))
    return {"engine": engine, "quads": len(store), "parse": parse, "validate": seconds,
            "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def run_child(engine: str, source: str, cap: float) -> tuple[dict, set | None]:
    out = RESULTS / "tmp" / f"findings-{engine}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    # the hard limit beyond the cap: a child stuck in native code that ignores SIGALRM
    proc = subprocess.run([sys.executable, __file__, "--child", engine, source, "--cap", str(cap),
                           "--findings", str(out)], capture_output=True, text=True, timeout=cap + 600)
    if proc.returncode != 0:
        raise SystemExit(f"{engine} on {source} failed:\n{proc.stderr[-2000:]}")
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    keys = json.loads(out.read_text())
    out.unlink()
    return got, None if keys is None else {tuple(k) for k in keys}


def measure(label: str, source: str, manifest: dict | None, cap: float, rounds: int) -> dict:
    turbo_runs, turbo_keys = [], None
    for _ in range(rounds):
        got, keys = run_child("turbo", source, cap)
        turbo_runs.append(got)
        assert turbo_keys is None or keys == turbo_keys, "pyshacl-turbo gave different results in two rounds"
        turbo_keys = keys
    reference, reference_keys = run_child("pyshacl", source, cap)
    entry = {"dataset": label, "quads": turbo_runs[0]["quads"],
             "turbo": {"validate": statistics.median(r["validate"] for r in turbo_runs),
                       "validate_rounds": [r["validate"] for r in turbo_runs],
                       "peak_mib": max(r["peak_mib"] for r in turbo_runs), "parse": turbo_runs[0]["parse"]},
             "pyshacl": {"validate": reference["validate"], "cut_at": None if reference["validate"] else cap,
                         "peak_mib": reference["peak_mib"]},
             "results": len(turbo_keys) if turbo_keys is not None else None,
             "same_results_as_pyshacl": None if reference_keys is None else turbo_keys == reference_keys}
    if manifest is not None:
        expected = {(r["severity"], r["focus"], r["path"], r["component"], r["shape"]) for r in manifest["expected_results"]}
        got = {(k[0], k[1], k[2], k[3], k[4]) for k in turbo_keys if "/id/bench-" in k[1]}
        entry.update(triples=manifest["triples"], planted=len(expected), planted_found_exactly=got == expected)
    return entry


def machine() -> dict:
    import os
    import platform
    from importlib import metadata

    versions = {p: metadata.version(p) for p in ("pyshacl-turbo", "pyshacl", "pyoxigraph", "rdflib")}
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown")
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(), "versions": versions,
            "load_average_at_start": os.getloadavg(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def fmt(s: float | None) -> str:
    return "–" if s is None else (f"{s:.2f}" if s < 10 else f"{s:.1f}")


def markdown(report: dict) -> str:
    m = report["machine"]
    lines = [f"Machine: {m['cpu']}, {m['cores']} cores; Python {m['python']}; "
             + ", ".join(f"{k} {v}" for k, v in m["versions"].items())
             + f"; load average at start {m['load_average_at_start'][0]:.1f} (shared machine); {m['date']}. "
             f"pyshacl-turbo: median of {report['rounds']}; pySHACL: one run, cut at {report['cap_seconds']:.0f} s.",
             "", "| data | quads | pyshacl-turbo (s) | pySHACL (s) | ratio | peak MiB turbo | peak MiB pySHACL | "
                 "planted found exactly | same results as pySHACL |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
    for e in report["datasets"]:
        t, p = e["turbo"], e["pyshacl"]
        ref = p["validate"] if p["validate"] is not None else p["cut_at"]
        cut = ">" if p["validate"] is None else ""
        same = {True: "yes", False: "NO", None: "pySHACL cut"}[e["same_results_as_pyshacl"]]
        planted = "–" if "planted" not in e else f"{'yes' if e['planted_found_exactly'] else 'NO'} ({e['planted']})"
        lines.append(f"| {e['dataset']} | {e['quads']:,} | {fmt(t['validate'])} | {cut}{fmt(ref)} | "
                     f"{cut}{ref / t['validate']:.0f}x | {t['peak_mib']:,.0f} | {p['peak_mib']:,.0f} | {planted} | {same} |")
    big = max(report["datasets"], key=lambda e: e["quads"])
    ok = big["turbo"]["validate"] <= TARGET_SECONDS and big["turbo"]["peak_mib"] <= TARGET_MIB
    lines += ["", f"Target at {big['quads']:,} quads (at most {TARGET_SECONDS:.0f} s and {TARGET_MIB:,.0f} MiB): "
                  f"{'met' if ok else 'NOT met'} ({fmt(big['turbo']['validate'])} s, {big['turbo']['peak_mib']:,.0f} MiB)."]
    return "\n".join(lines) + "\n"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--cap", type=float, default=300.0, help="seconds pySHACL may take per dataset (default 300)")
    p.add_argument("--rounds", type=int, default=2, help="pyshacl-turbo runs per dataset (default 2)")
    p.add_argument("--no-real", action="store_true", help="leave out the real build")
    p.add_argument("--child", nargs=2, metavar=("ENGINE", "SOURCE"), help=argparse.SUPPRESS)
    p.add_argument("--findings", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], args.child[1], args.cap, args.findings)))
        return 0
    from run import dataset

    report = {"machine": machine(), "cap_seconds": args.cap, "rounds": args.rounds, "datasets": []}
    jobs = ([] if args.no_real else [("real build", "real", None)])
    for n in args.sizes:
        path, manifest = dataset(n, args.seed)
        jobs.append((f"{manifest['triples']:,} triples", str(path), manifest))
    for label, source, manifest in jobs:
        print(f"== {label}", file=sys.stderr, flush=True)
        report["datasets"].append(measure(label, source, manifest, args.cap, args.rounds))
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "validation.json").write_text(json.dumps(report, indent=2) + "\n")
        (RESULTS / "validation.md").write_text(markdown(report))
    sys.stdout.write(markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
