"""Scale benchmark: our pipeline beside the rdflib + pySHACL baseline, same data, same run.

    make bench-scale                       # 10k, 100k and 1M triples
    .venv/bin/python bench/run.py --sizes 10000 100000 --cap 240

For each size, bench/generate.py writes the network (cached in bench/data/), then each
pipeline (bench/pipeline.py) runs in a child process of its own: parse, SHACL validation,
Turtle and JSON-LD export, every competency question; its peak memory is that process's
peak RSS. A baseline stage that passes ``--cap`` seconds is cut and reported as ``>cap``
(the ratio is then a lower bound). Writes bench/results/scale.md and scale.json: seconds
per stage and ratios, peak memory, whether both engines found the same SHACL results (and the
planted ones), the questions whose row counts differ, and the growth per triple from the
smallest to the largest size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
DATA = BENCH / "data"
RESULTS = BENCH / "results"


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                          if line.startswith("MemTotal")))
    except OSError:
        mem_kb = 0
    versions = {}
    for pkg in ("pyoxigraph", "rdflib", "pyshacl"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem_kb / 1024 / 1024, 1),
            "python": platform.python_version(), "os": platform.platform(),
            "load_average_at_start": os.getloadavg(), "versions": versions,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def dataset(triples: int, seed: int) -> tuple[Path, dict]:
    path = DATA / f"network-{triples}-s{seed}.trig"
    manifest = path.with_suffix(".manifest.json")
    if not path.exists() or not manifest.exists():
        subprocess.run([sys.executable, str(BENCH / "generate.py"), "--triples", str(triples),
                        "--seed", str(seed), "-o", str(path)], check=True)
    return path, json.loads(manifest.read_text())


def pipeline(kind: str, path: Path, cap: float, qcap: float) -> tuple[dict, list | None]:
    findings = path.with_suffix(f".{kind}.findings.json")
    out = subprocess.run([sys.executable, str(BENCH / "pipeline.py"), kind, str(path), "--cap", str(cap),
                          "--qcap", str(qcap), "--findings", str(findings)], check=True, capture_output=True, text=True)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    keys = json.loads(findings.read_text())
    findings.unlink()
    return got, keys


def total(stages: dict, names) -> tuple[float, bool]:
    """Sum of the stages; True if one was cut (the sum is then a lower bound)."""
    s, cut = 0.0, False
    for n in names:
        v = stages.get(n)
        if v is None:
            cut = True
        else:
            s += v
    return s, cut


def run(sizes: list[int], seed: int, cap: float, qcap: float) -> dict:
    report = {"machine": machine(), "cap_seconds": cap, "question_cap_seconds": qcap, "sizes": []}
    for n in sizes:
        path, manifest = dataset(n, seed)
        print(f"== {manifest['triples']} triples ({path.name})", file=sys.stderr, flush=True)
        ours, our_keys = pipeline("ours", path, cap, qcap)
        print(f"   ours: {ours['wall']:.1f}s, {ours['peak_mib']} MiB", file=sys.stderr, flush=True)
        base, base_keys = pipeline("baseline", path, cap, qcap)
        print(f"   baseline: {base['wall']:.1f}s, {base['peak_mib']} MiB", file=sys.stderr, flush=True)
        expected = {(r["focus"], r["path"], r["component"], r["shape"], r["severity"])
                    for r in manifest["expected_results"]}
        ours_set = {tuple(k) for k in our_keys} if our_keys is not None else None
        base_set = {tuple(k) for k in base_keys} if base_keys is not None else None
        entry = {"triples": manifest["triples"], "quads": manifest["quads"], "file": path.name,
                 "planted": sum(manifest["planted"].values()),
                 "ours": ours, "baseline": base,
                 # the generated part's results (IRIs id:bench-...) are exactly the planted ones;
                 # the real build inside every dataset keeps its own (the member count warning)
                 "planted_found_by_ours": ours_set is not None
                 and {k[:5] for k in ours_set if "/id/bench-" in k[0]} == expected,
                 "other_results_ours": None if ours_set is None
                 else len({k for k in ours_set if "/id/bench-" not in k[0]}),
                 "same_results_as_pyshacl": None if base_set is None or ours_set is None else ours_set == base_set,
                 "questions_with_other_rows": sorted(q for q, r in ours["rows"].items()
                                                     if base["rows"].get(q) is not None and base["rows"][q] != r)}
        report["sizes"].append(entry)
        write(report)
    return report


BUILD = ("parse", "validate", "export_turtle", "export_jsonld")


def fmt(seconds: float | None, cut: bool = False) -> str:
    if seconds is None:
        return "–"
    return (">" if cut else "") + (f"{seconds:.2f}" if seconds < 10 else f"{seconds:.1f}")


def markdown(report: dict) -> str:
    m = report["machine"]
    lines = [f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; Python {m['python']}; "
             + ", ".join(f"{k} {v}" for k, v in m["versions"].items())
             + f"; load average at start {m['load_average_at_start'][0]:.1f} (shared machine); {m['date']}. "
             f"Baseline stages cut at {report['cap_seconds']:.0f} s, questions at "
             f"{report['question_cap_seconds']:.0f} s (then shown as >, counting the cap).",
             "",
             "| triples | stage | ours (s) | rdflib + pySHACL (s) | ratio |",
             "| ---: | --- | ---: | ---: | ---: |"]
    for e in report["sizes"]:
        o, b = e["ours"]["stages"], e["baseline"]["stages"]
        cap = report["cap_seconds"]
        rows = [(s, [s]) for s in BUILD] + [("build (parse + validate + export)", list(BUILD))]
        qnames = [k for k in o if k.startswith("q:")]
        rows.append((f"{len(qnames)} competency questions", qnames))
        for label, names in rows:
            os_, _ = total(o, names)
            bs, cut = total(b, names)
            if cut:
                bs += sum((report["question_cap_seconds"] if n.startswith("q:") else cap)
                          for n in names if b.get(n) is None)
            ratio = f"{'>' if cut else ''}{bs / os_:.0f}x" if os_ > 0 else "–"
            lines.append(f"| {e['triples']:,} | {label} | {fmt(os_)} | {fmt(bs, cut)} | {ratio} |")
        lines.append(f"| {e['triples']:,} | peak memory (MiB) | {e['ours']['peak_mib']:,.0f} | "
                     f"{e['baseline']['peak_mib']:,.0f} | {e['baseline']['peak_mib'] / e['ours']['peak_mib']:.1f}x |")
    lines += ["", "| triples | planted violations | found exactly by ours | results on the real part (its own warnings) | same results as pySHACL | questions with other row counts (rdflib) |",
              "| ---: | ---: | --- | ---: | --- | --- |"]
    for e in report["sizes"]:
        same = {True: "yes", False: "NO", None: "pySHACL cut"}[e["same_results_as_pyshacl"]]
        lines.append(f"| {e['triples']:,} | {e['planted']} | {'yes' if e['planted_found_by_ours'] else 'NO'} | "
                     f"{e.get('other_results_ours', '–')} | {same} | "
                     f"{', '.join(e['questions_with_other_rows']) or 'none'} |")
    if len(report["sizes"]) >= 2:
        a, z = report["sizes"][0], report["sizes"][-1]
        ta = total(a["ours"]["stages"], BUILD)[0] / a["triples"] * 1e6
        tz = total(z["ours"]["stages"], BUILD)[0] / z["triples"] * 1e6
        ma = a["ours"]["peak_mib"] * 1024 / a["triples"]
        mz = z["ours"]["peak_mib"] * 1024 / z["triples"]
        lines += ["", f"Growth, ours, {a['triples']:,} -> {z['triples']:,} triples: build {ta:.1f} -> {tz:.1f} µs per triple; "
                  f"peak memory {ma:.2f} -> {mz:.2f} KiB per triple."]
    return "\n".join(lines) + "\n"


def write(report: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "scale.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / "scale.md").write_text(markdown(report))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--cap", type=float, default=240.0, help="seconds a baseline stage may take (default 240)")
    p.add_argument("--qcap", type=float, default=30.0, help="seconds a baseline question may take (default 30)")
    args = p.parse_args()
    report = run(args.sizes, args.seed, args.cap, args.qcap)
    sys.stdout.write(markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
