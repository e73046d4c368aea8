"""Benchmark: `wco-kg serve` (answer cache on, and off) against `oxigraph serve-read-only` and
Virtuoso 7, on the same machine, in the same run, over the same build.

Builds the graph once, then starts four servers on loopback over the same N-Quads:

- `wco-kg serve --no-build` (its answer cache on: the default),
- `wco-kg serve --no-build --cache-mb 0` (every question runs in a query worker),
- `oxigraph serve-read-only --union-default-graph` (the build's N-Quads loaded with `oxigraph load`),
- Virtuoso 7 (scripts/triplestores.py starts it; loaded with `wco-kg push`; every question sent
  with the build's graphs as its dataset, `default-graph-uri` and `named-graph-uri`, as a POST
  form: see ``Server.request``).

Before timing anything it checks that every question gives the same answer on all four as on
the embedded store (results.same_results: rows as values, in order where the question orders).

Then, in R interleaved rounds (default 2), each server gets the question cycle: GET
/sparql?query=... cycling through the competency questions (queries/, checks and federated
questions left out) for S seconds (default 5) at concurrency C (default 8) over keep-alive
connections. Each figure: requests/s, p50, p99, and the server's CPU per request (user +
system seconds of the server's process and its children, from /proc, over the requests it
answered); medians over the rounds, and each as a ratio to Oxigraph's in the same round.
The resource pages (`/id/wco` as HTML and as Turtle, and its 303 redirect) are timed the
same way on ours, and the same description on the stores (`DESCRIBE`, as Turtle).
Start-up: `serve --no-build` and `oxigraph serve-read-only` to their first answer, and a
cold `wco-kg query` against a bare `python -c "import pyoxigraph"`.

The load generator is `wrk` (Debian's package; one thread, C connections, a Lua script that
cycles the paths): a C event loop that needs a fraction of a core at these rates, so the
server, not the client, is what is measured (its CPU is recorded too). Without wrk, a small
asyncio client of this file is used instead and the results say so.

    make bench                                             # writes bench/results/serve.json and .md
    .venv/bin/python bench/serve_bench.py --seconds 2 --rounds 1 --servers ours,ours-nocache,oxigraph

Only loopback addresses are used; every load is bounded in time and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from wco_kg.builder import build  # noqa: E402
from wco_kg.project import Project  # noqa: E402
from wco_kg.queries import parse_question, questions  # noqa: E402

ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
#: The command as people run it (the console script: no ``python -m`` machinery).
WCO_KG = str(Path(sys.executable).parent / "wco-kg")
SERVERS = ("ours", "ours-nocache", "oxigraph", "virtuoso")
LABELS = {"ours": "`wco-kg serve` (answer cache on)", "ours-nocache": "`wco-kg serve --cache-mb 0`",
          "oxigraph": "`oxigraph serve-read-only`", "virtuoso": "Virtuoso 7"}


def competency_questions(folder: str | None) -> tuple[str, list]:
    if folder:
        qs = [parse_question(p) for p in sorted(Path(folder).glob("*.rq"))]
        source = folder
    else:
        qs = [q for q in questions(Project(ROOT)).values() if not q.is_check]
        source = "queries/"
    return source, [q for q in qs if not q.is_check and not q.federated]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen | None = None, timeout: float = 120, poll: float = 0.002) -> float:
    """Seconds until ``url`` answers 200 (polling every ``poll`` s)."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"{proc.args[0]} exited with {proc.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                r.read()
                if r.status == 200:
                    return time.perf_counter() - t0
        except OSError:
            time.sleep(poll)
    raise SystemExit(f"{url} did not answer within {timeout:.0f} s")


# ---------------------------------------------------------------------- CPU of a process tree

_TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu(pid: int, children: bool = True) -> float:
    """User + system seconds of ``pid`` and every live descendant (and the dead ones it reaped);
    of ``pid`` alone without ``children``."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(x) for x in fields[11:15 if children else 13]) / _TICK  # utime stime cutime cstime
            if not children:
                break
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


# ---------------------------------------------------------------------- the load generators

WRK_SCRIPT = """
local reqs = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
  local path, body = line:match("^([^\t]*)\t(.*)$")
  if path then reqs[#reqs + 1] = {path, body} else reqs[#reqs + 1] = {line, nil} end
end
local accept = os.getenv("BENCH_ACCEPT")
local i = 0
request = function()
  i = i + 1
  local r = reqs[(i % #reqs) + 1]
  if r[2] then
    return wrk.format("POST", r[1], {["Accept"] = accept,
                      ["Content-Type"] = "application/x-www-form-urlencoded"}, r[2])
  end
  return wrk.format("GET", r[1], {["Accept"] = accept})
end
done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def run_wrk(port: int, paths: list[str], accept: str, seconds: float, connections: int, work: Path) -> dict:
    script, listing = work / "cycle.lua", work / "paths.txt"
    script.write_text(WRK_SCRIPT)
    listing.write_text("\n".join(paths) + "\n")
    env = dict(os.environ, BENCH_PATHS=str(listing), BENCH_ACCEPT=accept)
    proc = subprocess.Popen(["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "30s", "-s", str(script),
                             f"http://127.0.0.1:{port}"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env=env, text=True)
    out, _ = proc.communicate(timeout=seconds + 60)
    line = next((x for x in out.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise SystemExit(f"wrk failed: {out[-500:]}")
    n, dur_us, p50, p99, bad_status, socket_errors = (int(x) for x in line.split()[1:])
    return {"requests": n, "seconds": dur_us / 1e6, "p50_ms": p50 / 1000, "p99_ms": p99 / 1000,
            "errors": bad_status + socket_errors}


async def _asyncio_load(port: int, paths: list[str], accept: str, seconds: float, connections: int) -> dict:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        i = 0
        try:
            while time.perf_counter() < deadline:
                path, _, body = paths[i % len(paths)].partition("\t")
                i += 1
                t0 = time.perf_counter()
                if body:
                    writer.write(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: {accept}\r\n"
                                 "Content-Type: application/x-www-form-urlencoded\r\n"
                                 f"Content-Length: {len(body)}\r\n\r\n{body}".encode())
                else:
                    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: {accept}\r\n\r\n".encode())
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines[1:] if h)}
                if "content-length" in headers:
                    await reader.readexactly(int(headers["content-length"]))
                else:  # chunked
                    while True:
                        size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
                        await reader.readexactly(size + 2)
                        if size == 0:
                            break
                latencies.append(time.perf_counter() - t0)
                if int(lines[0].split()[1]) >= 400:
                    errors += 1
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    wall = time.perf_counter() - t0
    q = statistics.quantiles(sorted(latencies), n=100, method="inclusive")
    return {"requests": len(latencies), "seconds": wall, "p50_ms": q[49] * 1000, "p99_ms": q[98] * 1000,
            "errors": errors}


def settle(pid: int, limit: float = 60.0) -> float:
    """Wait until the server is idle (under 5% of a core over 0.2 s; at most ``limit`` s): a server
    may go on with the queries it was running when its round ended, which would slow the next."""
    t0 = time.perf_counter()
    last = tree_cpu(pid)
    while time.perf_counter() - t0 < limit:
        time.sleep(0.2)
        now = tree_cpu(pid)
        if now - last < 0.01:
            break
        last = now
    return time.perf_counter() - t0


def measure(port: int, pid: int, paths: list[str], accept: str, args, work: Path) -> dict:
    cpu0, main0 = tree_cpu(pid), tree_cpu(pid, children=False)
    t0 = os.times()
    if args.client == "wrk":
        r = run_wrk(port, paths, accept, args.seconds, args.concurrency, work)
    else:
        r = asyncio.run(_asyncio_load(port, paths, accept, args.seconds, args.concurrency))
    t1 = os.times()
    cpu, main = tree_cpu(pid) - cpu0, tree_cpu(pid, children=False) - main0
    settle(pid)  # (what it still runs is not counted, and does not slow the next measurement)
    client_cpu = (t1.children_user - t0.children_user + t1.children_system - t0.children_system) \
        if args.client == "wrk" else (t1.user - t0.user + t1.system - t0.system)
    n = max(1, r["requests"])
    return {"rps": round(r["requests"] / r["seconds"], 1), "p50_ms": round(r["p50_ms"], 2),
            "p99_ms": round(r["p99_ms"], 2), "cpu_ms_per_request": round(cpu * 1000 / n, 3),
            "main_process_cpu_ms_per_request": round(main * 1000 / n, 3),
            "server_cores_busy": round(cpu / r["seconds"], 2),
            "client_cores_busy": round(client_cpu / r["seconds"], 2),
            "requests": r["requests"], "errors": r["errors"]}


# ---------------------------------------------------------------------- the servers

class Server:
    def __init__(self, name: str, port: int, proc: subprocess.Popen, prefix: str, extra: str = "",
                 stop=None):
        self.name, self.port, self.proc, self.prefix, self.extra = name, port, proc, prefix, extra
        self._stop = stop

    def request(self, query: str) -> str:
        """The request for ``query``: a GET path, or (the dataset's parameters given) ``PATH\tFORM``
        for a POST: Virtuoso's GET request line is limited to about 10 kB, past which it drops the
        last parameters (here: named graphs) without a word, and a question with the 36 graph
        parameters can pass it."""
        if self.extra:
            return f"{self.prefix}\t{urlencode([('query', query)])}{self.extra}"
        return f"{self.prefix}?query={quote(query)}"

    def paths(self, qs) -> list[str]:
        return [self.request(q.bind()) for q in qs]

    def stop(self) -> None:
        if self._stop is not None:
            self._stop()
        elif self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def start_ours(name: str, dist: Path, extra: list[str]) -> tuple[Server, float]:
    port = free_port()
    proc = subprocess.Popen([WCO_KG, "--project", str(ROOT), "serve", "--no-build",
                             "--out", str(dist), "--port", str(port), "-q", *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = wait_http(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", proc)
    return Server(name, port, proc, "/sparql"), started


def oxigraph_exe() -> str:
    return shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph") or "oxigraph"


def start_oxigraph(location: Path) -> tuple[Server, float]:
    port = free_port()
    proc = subprocess.Popen([oxigraph_exe(), "serve-read-only", "--location", str(location), "--bind",
                             f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = wait_http(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", proc)
    return Server("oxigraph", port, proc, "/query"), started


def start_virtuoso(work: Path, dist: Path, graphs: list[str]) -> tuple[Server, float]:
    import triplestores

    t0 = time.perf_counter()
    t = triplestores.start_virtuoso(work / "virtuoso")
    started = time.perf_counter() - t0
    r = subprocess.run([sys.executable, "-m", "wco_kg", "--project", str(ROOT), "push", "--no-build",
                        "--out", str(dist), "--store", t.store_url, "--user", t.user],
                       env=dict(os.environ, WCO_KG_STORE_PASSWORD=t.password), capture_output=True, text=True)
    if r.returncode != 0:
        t.stop()
        raise SystemExit(f"wco-kg push to Virtuoso failed: {r.stderr.strip()[-500:]}")
    port = int(t.query_url.split(":")[2].split("/")[0])
    extra = "&" + urlencode([("default-graph-uri", g) for g in graphs] + [("named-graph-uri", g) for g in graphs])
    return Server("virtuoso", port, t.proc, "/sparql", extra, stop=t.stop), started


#: The resource description timed on every server: ours dereferences the IRI; the stores answer
#: DESCRIBE (what their users would send for the same thing), in Turtle.
DESCRIPTION = "/id/wco as Turtle"


def page_paths(s: Server) -> dict[str, tuple[str, list[str]]]:
    """What to time besides the questions: label -> (Accept, paths)."""
    if s.name.startswith("ours"):
        return {"/id/wco as HTML": ("text/html", ["/id/wco.html"]),
                DESCRIPTION: ("text/turtle", ["/id/wco.ttl"]),
                "/id/wco, its 303": ("text/html", ["/id/wco"])}
    return {DESCRIPTION: ("text/turtle", [s.request("DESCRIBE <https://w3id.org/wco-kg/id/wco>")])}


# ---------------------------------------------------------------------- same answers everywhere

def check_answers(servers: list[Server], qs, store) -> tuple[list, dict[str, str]]:
    """The questions every server answers as the embedded store does, and why each other one
    is left out of the timed cycle (for all the servers alike: they all get the same cycle)."""
    from wco_kg.results import from_sparql_json, same_results
    from wco_kg.store import LocalStore

    local = LocalStore(store)
    kept, left_out = [], {}
    for q in qs:
        expected = local.query(q.bind(), source=q.name)
        for s in servers:
            path, _, form = s.paths([q])[0].partition("\t")
            req = urllib.request.Request(f"http://127.0.0.1:{s.port}{path}", data=form.encode() or None,
                                         headers={"Accept": "application/sparql-results+json"})
            try:
                with urllib.request.urlopen(req, timeout=60) as r:
                    got = from_sparql_json(r.read())
            except urllib.error.HTTPError as e:
                left_out[q.name] = f"{s.name} refuses it: HTTP {e.code} {' '.join(e.read()[:160].decode(errors='replace').split())}"
                break
            if not same_results(expected, got, ordered=q.ordered):
                left_out[q.name] = f"{s.name} answers differently from the embedded store"
                break
        else:
            kept.append(q)
    return kept, left_out


# ---------------------------------------------------------------------- start-up

def cold_commands(runs: int) -> dict:
    """Median wall seconds of a cold `wco-kg query headquarters` (its answer kept from the run
    before, and with --fresh: the engine runs) and of a bare import, interleaved."""
    py = sys.executable
    query = [WCO_KG, "--project", str(ROOT), "query", "headquarters"]
    cmds = {"query": query, "fresh": [*query, "--fresh"], "import": [py, "-c", "import pyoxigraph"]}
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for k, c in cmds.items():  # warm the disk cache and the dataset cache once
        subprocess.run(c, stdout=subprocess.DEVNULL, check=True)
    for _ in range(runs):
        for k, c in cmds.items():
            t0 = time.perf_counter()
            subprocess.run(c, stdout=subprocess.DEVNULL, check=True)
            times[k].append(time.perf_counter() - t0)
    q, f, i = (statistics.median(times[k]) for k in ("query", "fresh", "import"))
    return {"query_s": round(q, 4), "import_pyoxigraph_s": round(i, 4), "ratio": round(q / i, 2),
            "fresh_s": round(f, 4), "fresh_ratio": round(f / i, 2)}


def startup(dist: Path, location: Path, runs: int) -> dict:
    ours, ox = [], []
    for _ in range(runs):
        s, t = start_ours("ours", dist, [])
        s.stop()
        ours.append(t)
        s, t = start_oxigraph(location)
        s.stop()
        ox.append(t)
    return {"ours_serve_no_build_s": round(statistics.median(ours), 3),
            "oxigraph_serve_read_only_s": round(statistics.median(ox), 3)}


# ---------------------------------------------------------------------- the run

def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seconds", type=float, default=5, help="seconds of load per server and round (default 5)")
    p.add_argument("--rounds", type=int, default=2, help="interleaved rounds (default 2; medians are kept)")
    p.add_argument("--concurrency", type=int, default=8)
    p.add_argument("--servers", default=",".join(SERVERS), help=f"comma-separated, of: {', '.join(SERVERS)}")
    p.add_argument("--client", choices=("wrk", "asyncio"), default="wrk" if shutil.which("wrk") else "asyncio")
    p.add_argument("--startup-runs", type=int, default=5)
    p.add_argument("--queries", help="folder of .rq questions (default: queries/)")
    p.add_argument("--out", default=str(ROOT / "bench" / "results" / "serve.json"))
    args = p.parse_args()
    names = [n for n in args.servers.split(",") if n]
    if unknown := set(names) - set(SERVERS):
        p.error(f"unknown servers: {', '.join(sorted(unknown))}")

    source, qs = competency_questions(args.queries)
    loads = [load_average()]
    print(f"{len(qs)} questions from {source}; {args.rounds} rounds of {args.seconds:g} s at concurrency "
          f"{args.concurrency}; client {args.client}; {os.cpu_count()} cores; load average {loads[0]}", flush=True)
    work = Path(tempfile.mkdtemp(prefix="wco-kg-bench-"))
    servers: list[Server] = []
    try:
        import pyoxigraph as ox

        build(work / "dist", Project(ROOT))
        dist = work / "dist"
        store = ox.Store()
        store.bulk_load(path=str(dist / "wco-kg.nq"), format=ox.RdfFormat.N_QUADS)
        graphs = sorted(g.value for g in store.named_graphs())
        subprocess.run([oxigraph_exe(), "load", "--location", str(work / "ox"), "--file", str(dist / "wco-kg.nq")],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started: dict[str, float] = {}
        for name in names:
            if name == "ours":
                s, started[name] = start_ours(name, dist, [])
            elif name == "ours-nocache":
                s, started[name] = start_ours(name, dist, ["--cache-mb", "0"])
            elif name == "oxigraph":
                s, started[name] = start_oxigraph(work / "ox")
            else:
                s, started[name] = start_virtuoso(work, dist, graphs)
            servers.append(s)
        qs, left_out = check_answers(servers, qs, store)
        print(f"every one of the {len(qs)} questions timed gives the same answer on {', '.join(names)} "
              "and the embedded store", flush=True)
        for name, why in left_out.items():
            print(f"left out: {name}: {why}", flush=True)
        if not qs:
            raise SystemExit("no question is answered the same everywhere")

        warm = argparse.Namespace(**{**vars(args), "seconds": 1})
        for s in servers:  # warm-up, not recorded: fills caches, starts connections
            measure(s.port, s.proc.pid, s.paths(qs), ACCEPT, warm, work)
            for accept, paths in page_paths(s).values():
                measure(s.port, s.proc.pid, paths, accept, warm, work)
        rounds: list[dict] = []
        for r in range(args.rounds):
            loads.append(load_average())
            row: dict = {"load_average": loads[-1], "questions": {}, "pages": {}}
            for s in servers:
                row["questions"][s.name] = m = measure(s.port, s.proc.pid, s.paths(qs), ACCEPT, args, work)
                print(f"round {r + 1}  {s.name:13s} questions  {m['rps']:9.1f} req/s  p50 {m['p50_ms']:6.2f} ms  "
                      f"p99 {m['p99_ms']:7.2f} ms  cpu {m['cpu_ms_per_request']:6.3f} ms/req  "
                      f"errors {m['errors']}", flush=True)
            for s in servers:
                for label, (accept, paths) in page_paths(s).items():
                    row["pages"].setdefault(s.name, {})[label] = m = measure(s.port, s.proc.pid, paths, accept,
                                                                             args, work)
                    print(f"round {r + 1}  {s.name:13s} {label:14s} {m['rps']:9.1f} req/s  p50 {m['p50_ms']:6.2f} ms"
                          f"  p99 {m['p99_ms']:7.2f} ms  cpu {m['cpu_ms_per_request']:6.3f} ms/req", flush=True)
            if "oxigraph" in row["questions"]:
                base = row["questions"]["oxigraph"]["rps"]
                for m in row["questions"].values():
                    m["rps_vs_oxigraph"] = round(m["rps"] / base, 2)
                base = row["pages"]["oxigraph"][DESCRIPTION]["rps"]
                for pages in row["pages"].values():
                    pages[DESCRIPTION]["rps_vs_oxigraph"] = round(pages[DESCRIPTION]["rps"] / base, 2)
            rounds.append(row)
        for s in servers:
            s.stop()
        servers = []
        start = startup(dist, work / "ox", args.startup_runs)
        start.update({f"{k}_first_answer_s": round(v, 3) for k, v in started.items() if k == "virtuoso"})
        cold = cold_commands(9)
        loads.append(load_average())
    finally:
        for s in servers:
            s.stop()
        shutil.rmtree(work, ignore_errors=True)

    def med(values: list[float]) -> float:
        return round(statistics.median(values), 3)

    summary: dict = {"questions": {}, "pages": {}}
    for name in names:
        ms = [row["questions"][name] for row in rounds]
        summary["questions"][name] = {k: med([m[k] for m in ms]) for k in
                                      ("rps", "p50_ms", "p99_ms", "cpu_ms_per_request",
                                       "main_process_cpu_ms_per_request", "server_cores_busy",
                                       "client_cores_busy") + (("rps_vs_oxigraph",) if "oxigraph" in names else ())}
        summary["questions"][name]["errors"] = sum(m["errors"] for m in ms)
        keys = ("rps", "p50_ms", "p99_ms", "cpu_ms_per_request")
        summary["pages"][name] = {label: {k: med([row["pages"][name][label][k] for row in rounds])
                                          for k in keys + (("rps_vs_oxigraph",) if "oxigraph" in names
                                                           and label == DESCRIPTION else ())}
                                  for label in rounds[0]["pages"][name]}
    report = {"date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), "machine": platform.platform(),
              "cores": os.cpu_count(), "python": platform.python_version(), "client": args.client,
              "load_averages": loads, "questions": [q.name for q in qs], "questions_from": source,
              "left_out": left_out,
              "seconds": args.seconds, "rounds": args.rounds, "concurrency": args.concurrency,
              "summary": summary, "startup": start, "cold_query": cold, "per_round": rounds}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    md = markdown(report)
    out.with_suffix(".md").write_text(md)
    print("\n" + md + f"\nwrote {out} and {out.with_suffix('.md')}")
    return 0 if not any(v["errors"] for v in summary["questions"].values()) else 1


def markdown(report: dict) -> str:
    s = report["summary"]
    left = "".join(f" Left out: `{n}` ({why[:110]}…)." for n, why in report.get("left_out", {}).items())
    lines = [f"{report['date']}; {len(report['questions'])} questions answered alike everywhere;{left} "
             f"{report['rounds']} interleaved rounds of "
             f"{report['seconds']:g} s at concurrency {report['concurrency']} ({report['client']}); "
             f"{report['cores']} cores; load averages {' / '.join(report['load_averages'])}.", "",
             "| server | requests/s | vs Oxigraph | p50 ms | p99 ms | CPU ms per request | of which the main process |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, m in s["questions"].items():
        ratio = f"{m['rps_vs_oxigraph']:.2f}x" if "rps_vs_oxigraph" in m else "–"
        main = f"{m['main_process_cpu_ms_per_request']:.3f}" if name == "ours-nocache" else "–"
        lines.append(f"| {LABELS[name]} | {m['rps']:,.0f} | {ratio} | {m['p50_ms']:.2f} | {m['p99_ms']:.2f} | "
                     f"{m['cpu_ms_per_request']:.3f} | {main} |")
    lines += ["", "| resource | server | requests/s | vs Oxigraph | p50 ms | p99 ms | CPU ms per request |",
              "|---|---|---:|---:|---:|---:|---:|"]
    for name, pages in s["pages"].items():
        for label, m in pages.items():
            what = label if name.startswith("ours") else f"{label} (`DESCRIBE`)"
            ratio = f"{m['rps_vs_oxigraph']:.2f}x" if "rps_vs_oxigraph" in m else "–"
            lines.append(f"| {what} | {LABELS[name]} | {m['rps']:,.0f} | {ratio} | {m['p50_ms']:.2f} | "
                         f"{m['p99_ms']:.2f} | {m['cpu_ms_per_request']:.3f} |")
    st, cold = report["startup"], report["cold_query"]
    lines += ["", "| start-up | seconds |", "|---|---:|",
              f"| `wco-kg serve --no-build` to its first answer | {st['ours_serve_no_build_s']:.3f} |",
              f"| `oxigraph serve-read-only` to its first answer | {st['oxigraph_serve_read_only_s']:.3f} |"]
    if "virtuoso_first_answer_s" in st:
        lines.append(f"| Virtuoso 7, a new database to its first answer | {st['virtuoso_first_answer_s']:.3f} |")
    lines += [f"| `wco-kg query headquarters`, cold (its answer kept) | {cold['query_s']:.3f} "
              f"({cold['ratio']:.1f}x the import) |",
              f"| `wco-kg query headquarters --fresh`, cold (the engine runs) | {cold['fresh_s']:.3f} "
              f"({cold['fresh_ratio']:.1f}x the import) |",
              f"| `python -c \"import pyoxigraph\"` | {cold['import_pyoxigraph_s']:.3f} |"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
