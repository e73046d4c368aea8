"""Benchmark: `wco-kg serve` against an Oxigraph server, same machine, same run, same data.

Builds the graph once, loads the same N-Quads export into `oxigraph serve-read-only`
(--union-default-graph, like ours) and serves it with `wco-kg serve --no-build`, then sends
each server the same bounded loopback load: N requests (default 2,000) at concurrency C
(default 8) over keep-alive connections, cycling through the competency questions
(queries/*.rq; tests/server/queries/*.rq when queries/ has none), GET /sparql?query=...
with an Accept header that both servers honour. After a warm-up, it records each request's
latency and reports requests/s, p50 and p99 per server, and the ratio of ours to Oxigraph's.

Ours runs twice: with its answer cache (the default: the graph is read-only between
builds, so repeated questions are answered from memory) and with --cache-mb 0 (every
request runs the query in a worker process), so both figures are on record.

    .venv/bin/python bench/serve_bench.py                 # writes bench/results/serve.json
    .venv/bin/python bench/serve_bench.py --requests 500 --concurrency 4

Only loopback addresses are used; every loop is bounded by the request count.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wco_kg.builder import build  # noqa: E402
from wco_kg.project import Project  # noqa: E402
from wco_kg.queries import parse_question, questions  # noqa: E402

ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


def competency_questions(folder: str | None) -> tuple[str, list[tuple[str, str]]]:
    if folder:
        qs = [parse_question(p) for p in sorted(Path(folder).glob("*.rq"))]
        source = folder
    else:
        qs = [q for q in questions(Project(ROOT)).values() if not q.is_check]
        source = "queries/"
        if not qs:
            folder = str(ROOT / "tests" / "server" / "queries")
            qs = [parse_question(p) for p in sorted(Path(folder).glob("*.rq"))]
            source = "tests/server/queries/ (queries/ has none yet)"
    return source, [(q.name, q.bind()) for q in qs if not q.is_check and not q.federated]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------- a minimal keep-alive HTTP/1.1 client

class Connection:
    def __init__(self, port: int):
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    async def get(self, path: str) -> tuple[int, int]:
        """(status, body length); reconnects when the server closes the connection."""
        if self.writer is None:
            await self.open()
        assert self.reader is not None and self.writer is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nAccept: {ACCEPT}\r\n\r\n".encode())
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                parts.append(chunk[:-2])
            body = b"".join(parts)
        else:
            body = await self.reader.read()
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close":
            self.writer.close()
            self.writer = self.reader = None
        return status, len(body)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def load(port: int, paths: list[str], requests: int, concurrency: int) -> dict:
    latencies: list[float] = []
    errors: dict[int, int] = {}
    counter = iter(range(requests))

    async def client() -> None:
        conn = Connection(port)
        try:
            for i in counter:
                t0 = time.perf_counter()
                status, _ = await conn.get(paths[i % len(paths)])
                latencies.append(time.perf_counter() - t0)
                if status != 200:
                    errors[status] = errors.get(status, 0) + 1
        finally:
            conn.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    wall = time.perf_counter() - t0
    latencies.sort()
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"requests": len(latencies), "seconds": round(wall, 3), "rps": round(len(latencies) / wall, 1),
            "p50_ms": round(q[49] * 1000, 2), "p99_ms": round(q[98] * 1000, 2),
            "mean_ms": round(statistics.fmean(latencies) * 1000, 2), "errors": errors}


def wait_http(port: int, path: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server on port {port} exited with {proc.returncode}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2).read()
            return
        except Exception:
            time.sleep(0.1)
    raise SystemExit(f"server on port {port} did not start")


def measure(name: str, port: int, prefix: str, qs: list[tuple[str, str]], args) -> dict:
    paths = [f"{prefix}?query={quote(text)}" for _, text in qs]
    asyncio.run(load(port, paths, args.warmup, args.concurrency))  # warm-up, not recorded
    result = asyncio.run(load(port, paths, args.requests, args.concurrency))
    result["server"] = name
    print(f"{name:28s} {result['rps']:8.1f} req/s   p50 {result['p50_ms']:6.2f} ms   "
          f"p99 {result['p99_ms']:6.2f} ms   errors {result['errors'] or 'none'}", flush=True)
    return result


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--requests", type=int, default=2000)
    p.add_argument("--concurrency", type=int, default=8)
    p.add_argument("--warmup", type=int, default=200)
    p.add_argument("--queries", help="folder of .rq questions (default: queries/)")
    p.add_argument("--out", default=str(ROOT / "bench" / "results" / "serve.json"))
    args = p.parse_args()

    source, qs = competency_questions(args.queries)
    if not qs:
        raise SystemExit("no questions to run")
    print(f"{len(qs)} questions from {source}; {args.requests} requests at concurrency {args.concurrency}; "
          f"{os.cpu_count()} cores", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="wco-kg-bench-"))
    procs: list[subprocess.Popen] = []
    try:
        build(tmp / "dist", Project(ROOT))
        nquads = tmp / "dist" / "wco-kg.nq"
        exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
        subprocess.run([exe, "load", "--location", str(tmp / "ox"), "--file", str(nquads)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        results = []
        ox_port = free_port()
        ox = subprocess.Popen([exe, "serve-read-only", "--location", str(tmp / "ox"), "--bind",
                               f"127.0.0.1:{ox_port}", "--union-default-graph"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(ox)
        wait_http(ox_port, "/query?query=ASK%7B%7D", ox)
        results.append(measure("oxigraph serve (baseline)", ox_port, "/query", qs, args))
        ox.terminate()
        ox.wait(10)
        for label, extra in (("wco-kg serve (cache)", []), ("wco-kg serve (no cache)", ["--cache-mb", "0"])):
            port = free_port()
            ours = subprocess.Popen([sys.executable, "-m", "wco_kg", "--project", str(ROOT), "serve", "--no-build",
                                     "--out", str(tmp / "dist"), "--port", str(port), "-q", *extra],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            procs.append(ours)
            wait_http(port, "/sparql?query=ASK%7B%7D", ours)
            results.append(measure(label, port, "/sparql", qs, args))
            ours.terminate()
            ours.wait(20)
        base = results[0]
        for r in results[1:]:
            r["rps_ratio_vs_oxigraph"] = round(r["rps"] / base["rps"], 2)
            print(f"{r['server']}: {r['rps_ratio_vs_oxigraph']:.2f}x Oxigraph's requests/s", flush=True)
        report = {"date": time.strftime("%Y-%m-%d %H:%M:%S"), "machine": platform.platform(),
                  "cores": os.cpu_count(), "python": platform.python_version(), "questions": [n for n, _ in qs],
                  "questions_from": source, "requests": args.requests, "concurrency": args.concurrency,
                  "results": results}
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, indent=2) + "\n")
        print(f"wrote {out}")
        return 0 if not any(r["errors"] for r in results) else 1
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
