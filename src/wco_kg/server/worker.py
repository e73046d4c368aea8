"""A query worker: a child process that holds the store and answers one query at a time.

Why a process: pyoxigraph's ``Store.query`` has no timeout and cannot be interrupted from
another thread, so the only sound way to stop a runaway query is to end the process that
runs it. The server (``pool.py``) keeps a few workers, gives each query a deadline, kills a
worker that misses it and starts a fresh one.

Why it cannot fetch: before it loads anything, a worker moves itself into a network
namespace of its own (``unshare(CLONE_NEWNET)``, or with a user namespace when not root),
where no interface is up: a SERVICE call, whatever the query text looks like, fails
without a packet leaving. (Skipped when the operator allows SERVICE hosts.)

Protocol, on the child's stdin/stdout: frames of a 4-byte big-endian length and a pickled
value. The child first sends ``("ready", quads, isolation)``; then, for each request dict
(see ``execute``), one answer tuple.

Run as ``python -m wco_kg.server.worker NQUADS_FILE [--isolate]``.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import struct
import sys

import pyoxigraph as ox

from ..store import execute as run_query

_HEADER = struct.Struct(">I")
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


def isolate_network() -> str:
    """Leave the host's network: ``"netns"`` on success, else why not (then SERVICE guards stay lexical)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError as e:  # pragma: no cover - not Linux
        return f"unavailable: {e}"
    for flags, name in ((CLONE_NEWNET, "netns"), (CLONE_NEWUSER | CLONE_NEWNET, "netns (user namespace)")):
        if libc.unshare(flags) == 0:
            return name
    err = ctypes.get_errno()
    return f"unavailable: unshare: {os.strerror(err)}"


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
    argv = sys.argv[1:] if argv is None else argv
    path, isolate = argv[0], "--isolate" in argv
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but frames on the protocol stream
    isolation = isolate_network() if isolate else "off (SERVICE hosts allowed)"
    store = ox.Store()
    store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)
    _write_frame(out, ("ready", len(store), isolation))
    while True:
        req = _read_frame(inp)
        if req is None:
            return 0
        try:
            answer = execute(store, req)
        except BaseException as e:  # never die on a query: answer instead
            answer = ("error", "engine", f"{type(e).__name__}: {e}"[:500])
        _write_frame(out, answer)


if __name__ == "__main__":
    sys.exit(main())
