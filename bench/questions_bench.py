"""Benchmark: the engine time of every question in queries/ on the embedded pyoxigraph store.

Loads the dataset once (``load_graph``), then runs each question with its default parameters
through ``LocalStore.query`` (the one query path: parse, plan, evaluate, read every row),
R times (default 5), and keeps the median. With ``--baseline REF`` the same questions as
they were at git revision REF (e.g. ``main``) are timed in the same run, just after, and
their answers checked equal (``same_results``), so the table gives before, after and the
ratio. The federated question (SERVICE to Wikidata) is left out: its time is the network's.

    make bench-questions                      # writes bench/results/questions.md
    .venv/bin/python bench/questions_bench.py --baseline main --rounds 9 --out -
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wco_kg.loader import load_graph  # noqa: E402
from wco_kg.project import Project  # noqa: E402
from wco_kg.queries import parse_question, questions  # noqa: E402
from wco_kg.results import same_results  # noqa: E402
from wco_kg.store import LocalStore  # noqa: E402


def timed(store: LocalStore, text: str, name: str):
    """(seconds, Result) of one run, every row read."""
    t0 = time.perf_counter()
    result = store.query(text, source=name)
    return time.perf_counter() - t0, result


def baseline_text(ref: str, name: str) -> str | None:
    """queries/NAME.rq as it was at git revision REF, or None if it did not exist there."""
    out = subprocess.run(["git", "-C", str(ROOT), "show", f"{ref}:queries/{name}.rq"],
                         capture_output=True, text=True)
    return out.stdout if out.returncode == 0 else None


def ms(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds * 1000:.1f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="only these questions (default: all)")
    ap.add_argument("--rounds", type=int, default=5, help="runs of each question (median kept)")
    ap.add_argument("--baseline", metavar="REF", help="also time queries/ as at this git revision")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "questions.md"),
                    help="Markdown table to write ('-' for standard output)")
    args = ap.parse_args(argv)

    project = Project.locate(ROOT)
    store = LocalStore(load_graph(project))
    rows = []
    for name, q in questions(project).items():
        if q.federated or (args.names and name not in args.names):
            continue
        now = q.bind()
        old = None
        if args.baseline:
            text = baseline_text(args.baseline, name)
            old = parse_question(q.path, text).bind() if text is not None else None
        # Each version's rounds in a block: interleaved with a slow baseline, a fast query
        # measured up to twice its own time (caches and allocator left in the other's state).
        after = [timed(store, now, name) for _ in range(args.rounds)]
        before = [timed(store, old, name) for _ in range(args.rounds)] if old is not None else []
        if before and not same_results(before[0][1], after[0][1], ordered=q.ordered):
            raise SystemExit(f"{name}: the answer differs from {args.baseline}'s")
        after, before = [t for t, _ in after], [t for t, _ in before]
        rows.append((name, statistics.median(before) if before else None, statistics.median(after)))
        print(f"{name:45} {ms(rows[-1][1]):>9} {ms(rows[-1][2]):>9} ms", file=sys.stderr)

    ref = args.baseline and subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", args.baseline],
                                           capture_output=True, text=True).stdout.strip()
    lines = [f"# Question engine time on the embedded store (median of {args.rounds}, ms)", "",
             f"`bench/questions_bench.py{' --baseline ' + args.baseline if args.baseline else ''}`"
             f" on {len(store)} quads; the machine was shared, so figures are approximate.", ""]
    if args.baseline:
        lines += [f"| question | before ({args.baseline}, {ref}) | after | before/after |", "|---|---:|---:|---:|"]
        lines += [f"| {n} | {ms(b)} | {ms(a)} | {b / a:.1f}x |" if b is not None else
                  f"| {n} | | {ms(a)} | |" for n, b, a in rows]
        lines += ["", f"Total: {ms(sum(b or 0 for _, b, _ in rows))} ms before, "
                      f"{ms(sum(a for _, _, a in rows))} ms after."]
    else:
        lines += ["| question | ms |", "|---|---:|"] + [f"| {n} | {ms(a)} |" for n, _, a in rows]
    text = "\n".join(lines) + "\n"
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
