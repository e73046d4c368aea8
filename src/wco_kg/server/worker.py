"""A query worker: a child process that holds the store and answers one query at a time.

Why a process: pyoxigraph's ``Store.query`` has no timeout and cannot be interrupted from
another thread, so the only sound way to stop a runaway query is to end the process that
runs it. The server (``pool.py``) keeps a few workers, gives each query a deadline, kills a
worker that misses it and starts a fresh one.

Why it cannot fetch: before it loads anything, a worker moves itself into a network
namespace of its own with loopback only (``sandbox.py``): a SERVICE call, whatever the
query text looks like, reaches nothing but the doors to the hosts the operator allowed,
which the server's egress proxy carries to those hosts only. Where it cannot isolate
itself it says so, and then refuses every query that mentions SERVICE.

Why it cannot crash on a query: each query is checked first (``sparql_text``: its form,
its SERVICE targets, how deeply it nests) and runs on a thread with a large stack, so the
engine's recursive parser and evaluator have room far beyond the nesting limit.

Protocol, on the child's stdin/stdout: frames of a 4-byte big-endian length and a pickled
value. The child first sends ``("ready", quads, isolation)``; then, for each request dict
(see ``execute``), one answer tuple.

Run as ``python -m wco_kg.server.worker NQUADS_FILE [--isolate] [--egress-fd N] [--allow HOST[:PORT]]...``.
"""

from __future__ import annotations

import pickle
import struct
import sys

import pyoxigraph as ox

from ..namespaces import PREFIXES
from ..sparql_text import MAX_DEPTH, analyse, host_allowed, mentions_service, nesting_error
from ..store import execute as run_query

_HEADER = struct.Struct(">I")
#: The query thread's stack: the engine recurses on a query's nesting; the nesting limit
#: (``check``) keeps queries far below what this much stack holds.
STACK_BYTES = 512 * 1024 * 1024


def check(query: str, *, allowed: frozenset[str] = frozenset(), isolated: bool = True,
          max_depth: int = MAX_DEPTH, info=None) -> tuple | None:
    """Refuse a query before the engine sees it: ``("error", code, message)``, or None to run it.

    Codes: ``update`` (read-only), ``service`` (a SERVICE this worker may not call),
    ``nesting`` (over the limits, ``sparql_text.nesting_error``).
    """
    info = info or analyse(query, PREFIXES)
    too_deep = nesting_error(info, max_depth)
    if too_deep:
        return ("error", "nesting", too_deep)
    if info.form == "UPDATE":
        return ("error", "update", "SPARQL Update")
    if not isolated and mentions_service(query):
        return ("error", "service", "this server could not isolate its query workers from the network, so it "
                                    "refuses every query that mentions SERVICE")
    for target in info.services:
        if not host_allowed(target, allowed):
            shown = f"<{target}>" if target else "a variable or unreadable endpoint"
            return ("error", "service", f"SERVICE {shown} is refused: this server calls no other endpoint unless "
                                        "its operator allows the host (wco-kg serve --allow-service HOST)")
    return None


# ---------------------------------------------------------------------- executing one query

def execute(store: ox.Store, req: dict) -> tuple:
    """Run one query and serialise its answer.

    ``req``: ``query`` (text), ``default_graphs`` and ``named_graphs`` (IRIs; none = the
    union of all graphs as default graph, all graphs as named graphs), ``formats``
    (``{"results": name|None, "graph": name|None}``: the negotiated format for each kind of
    answer, None when the client accepts none) and ``max_rows``.

    Returns ``("ok", kind, format_name, body, rows)`` or ``("error", code, message)`` with
    code ``syntax``, ``rows``, ``not-acceptable`` or ``engine``.
    """
    from ..results import Result

    info = analyse(req["query"], PREFIXES)
    refused = check(req["query"], allowed=req.get("allowed", frozenset()), isolated=req.get("isolated", False),
                    max_depth=req.get("max_depth") or MAX_DEPTH, info=info)
    if refused is not None:
        return refused
    if info.kind and req["formats"].get(info.kind) is None:
        return ("error", "not-acceptable", info.kind)
    max_rows = req.get("max_rows") or 0
    try:
        answer = run_query(store, req["query"], default_graphs=req.get("default_graphs"),
                           named_graphs=req.get("named_graphs"))
        if isinstance(answer, ox.QueryBoolean):
            kind, result = "results", Result.ask(bool(answer))
        elif isinstance(answer, ox.QuerySolutions):
            kind = "results"
            variables = [v.value for v in answer.variables]
            rows = []
            for sol in answer:
                rows.append(tuple(sol[v] for v in variables))
                if max_rows and len(rows) > max_rows:
                    return ("error", "rows", f"the answer has more than {max_rows} rows, this server's limit; "
                                             "add a LIMIT (and OFFSET to page through it)")
            result = Result.select(variables, rows)
        else:
            kind = "graph"
            triples = []
            for t in answer:
                triples.append(t)
                if max_rows and len(triples) > max_rows:
                    return ("error", "rows", f"the answer has more than {max_rows} triples, this server's limit; "
                                             "add a LIMIT")
            result = Result.graph(triples)
    except SyntaxError as e:
        return ("error", "syntax", syntax_message(e))
    except (ValueError, TypeError) as e:
        return ("error", "syntax", " ".join(str(e).split()))
    except Exception as e:  # OSError from the store, a SERVICE that failed, an engine panic
        return ("error", "engine", f"{type(e).__name__}: {' '.join(str(e).split())}"[:500])
    fmt = req["formats"].get(kind)
    if fmt is None:
        return ("error", "not-acceptable", kind)
    body = result.serialize(fmt)
    return ("ok", kind, fmt, body, len(result))


def syntax_message(e: SyntaxError) -> str:
    """``line L, column C: message`` from pyoxigraph's ``error at L:C: message``."""
    import re

    msg = " ".join(str(getattr(e, "msg", e)).split())
    m = re.match(r"error at (\d+):(\d+): (.*)", msg)
    if m:
        return f"line {m.group(1)}, column {m.group(2)}: {m.group(3)}"
    return msg


# ---------------------------------------------------------------------- the child's loop

def _read_frame(stream) -> object | None:
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        return None
    (n,) = _HEADER.unpack(head)
    return pickle.loads(stream.read(n))


def _write_frame(stream, value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def main(argv: list[str] | None = None) -> int:
    import argparse
    import threading

    p = argparse.ArgumentParser(prog="wco_kg.server.worker")
    p.add_argument("path")
    p.add_argument("--isolate", action="store_true")
    p.add_argument("--egress-fd", type=int)
    p.add_argument("--allow", action="append", default=[])
    args = p.parse_args(sys.argv[1:] if argv is None else argv)
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but frames on the protocol stream
    from .sandbox import enter

    isolation = enter(args.allow, args.egress_fd) if args.isolate else "off"
    isolated = isolation.startswith("netns")
    allowed = frozenset(args.allow) if isolated else frozenset()
    store = ox.Store()
    store.bulk_load(path=args.path, format=ox.RdfFormat.N_QUADS)
    _write_frame(out, ("ready", len(store), isolation))

    def serve() -> None:
        while True:
            req = _read_frame(inp)
            if req is None:
                return
            req = {**req, "allowed": allowed, "isolated": isolated}
            try:
                answer = execute(store, req)
            except BaseException as e:  # never die on a query: answer instead
                answer = ("error", "engine", f"{type(e).__name__}: {e}"[:500])
            _write_frame(out, answer)

    for size in (STACK_BYTES, STACK_BYTES // 8):  # a smaller stack where address space is capped (ulimit -v)
        try:
            threading.stack_size(size)
            thread = threading.Thread(target=serve, name="queries")
            thread.start()
            break
        except (RuntimeError, ValueError, MemoryError):
            continue
    else:
        serve()  # the main thread's stack; the nesting limit still keeps the engine far from its end
        return 0
    thread.join()
    return 0


if __name__ == "__main__":
    sys.exit(main())
