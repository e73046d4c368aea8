"""A query worker: a child process that holds the store and answers one query at a time.

Why a process: pyoxigraph's ``Store.query`` has no timeout and cannot be interrupted from
another thread, so the only sound way to stop a runaway query is to end the process that
runs it. The server (``pool.py``) keeps a few workers, gives each query a deadline, kills a
worker that misses it and starts a fresh one.

Why it cannot fetch: before it reads its first request, a worker moves itself into a
network namespace of its own with loopback only (``sandbox.py``; a worker started alone
does it before it loads anything, one forked from the fork server, ``forkserver.py``, right
after the fork): a SERVICE call, whatever the query text looks like, reaches nothing but
the doors to the hosts the operator allowed, which the server's egress proxy carries to
those hosts only. Where it cannot isolate
itself it says so, and then refuses every query that mentions SERVICE.

Why it cannot crash on a query: each query is checked first (``sparql_text``: its form,
its SERVICE targets, how deeply it nests) and runs on a thread with a large stack, so the
engine's recursive parser and evaluator have room far beyond the nesting limit.

Answers are written by pyoxigraph's own writers (SPARQL JSON, XML, CSV, TSV; Turtle,
N-Triples, JSON-LD, RDF/XML... for graphs) straight from the engine's lazy results into a
buffer that refuses to grow past ``--max-answer-bytes``: no Python object per term, no
Python encoder, and an oversized answer stops the query where it crosses the limit.

Protocol, on the child's stdin/stdout: frames of a 4-byte big-endian length and a pickled
value. The child first sends ``("ready", quads, isolation, build_id)``; then, for each request dict
(see ``execute``), one answer tuple.

Run as ``python -m wco_kg.server.worker NQUADS_FILE [--isolate] [--egress-fd N] [--allow HOST[:PORT]]...``
(the server forks its workers from the fork server, and starts them this way where it is gone).
"""

from __future__ import annotations

import contextlib
import pickle
import struct
import sys

import pyoxigraph as ox

from ..export import OUTPUT_PREFIXES
from ..namespaces import PREFIXES
from ..sparql_text import MAX_DEPTH, QueryText, analyse, host_allowed, mentions_service, nesting_error
from ..store import execute as run_query
from .cache import Memo

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


def _read(query: str) -> QueryText:
    """What the checks need of a query's text (``analyse`` without its tokens, so a few words)."""
    info = analyse(query, PREFIXES)
    info.tokens = []
    return info


#: The text's reading by its exact text, bounded in bytes (``cache.Memo``): the same question
#: sent again is not tokenized again (about 0.3 ms of a 3 kB question); the checks themselves,
#: which depend on the request too, and the engine run every time.
reading = Memo(_read, max_bytes=4 * 1024 * 1024, cost=1024)


# ---------------------------------------------------------------------- executing one query

#: pyoxigraph's writers for each answer format of ``formats.RESULT_FORMATS`` / ``RDF_FORMATS``.
_RESULT_WRITERS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                   "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
_GRAPH_WRITERS = {"turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
                  "ntriples": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
                  "trig": ox.RdfFormat.TRIG, "rdfxml": ox.RdfFormat.RDF_XML}
#: Formats whose writer takes prefixes (the others are line-based or expanded).
_WITH_PREFIXES = {"turtle", "rdfxml"}
#: Bytes of which each solution (or triple) writes at least one, in each format: their count
#: is an upper bound of the rows, found at C speed (``bytes.count``), so only an answer whose
#: bound passes ``max_rows`` is read back and counted exactly. JSON: each solution is an
#: object; CSV, TSV, N-Triples, N-Quads: a line each; XML: a ``<result`` element (``<`` is
#: escaped in text and attributes); Turtle and TriG: each triple ends with ``.``, ``;`` or
#: ``,``; RDF/XML: a property element each; JSON-LD: a value object each.
_ROW_MARKS = {"json": (b"{",), "csv": (b"\n",), "tsv": (b"\n",), "xml": (b"<result",),
              "ntriples": (b"\n",), "nquads": (b"\n",), "turtle": (b".", b";", b","),
              "trig": (b".", b";", b","), "rdfxml": (b"<",), "jsonld": (b"{",)}


def rows_at_most(body: bytes, fmt: str) -> int:
    """An upper bound of the solutions or triples in ``body`` (see ``_ROW_MARKS``)."""
    return sum(body.count(mark) for mark in _ROW_MARKS[fmt])


class AnswerTooLarge(Exception):
    """Raised by ``CappedBuffer.write`` when the answer crosses its byte limit."""


class CappedBuffer:
    """The file pyoxigraph's writers write into: keeps the chunks, refuses past ``limit`` bytes.

    The writers pull solutions from the (lazy) query as they write, so raising here stops
    the query too: an answer over the limit costs the limit, never the whole answer.
    """

    def __init__(self, limit: int = 0):
        self.limit, self.size, self.chunks = limit, 0, []

    def write(self, data) -> int:
        n = len(data)
        self.size += n
        if self.limit and self.size > self.limit:
            raise AnswerTooLarge
        self.chunks.append(bytes(data))
        return n

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return self.chunks[0] if len(self.chunks) == 1 else b"".join(self.chunks)


def count_rows(body: bytes, kind: str, fmt: str) -> int:
    """Solutions (or triples) in an answer, read back with a real parser (pyoxigraph's, or
    Python's C ``csv`` reader for CSV, which pyoxigraph does not read)."""
    if kind == "graph":
        return sum(1 for _ in ox.parse(body, format=_GRAPH_WRITERS[fmt]))
    if fmt == "csv":
        import csv
        import io

        return max(0, sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8"), newline=""))) - 1)
    return sum(1 for _ in ox.parse_query_results(body, format=_RESULT_WRITERS[fmt]))


def execute(store: ox.Store, req: dict) -> tuple:
    """Run one query and write its answer with pyoxigraph's own writers.

    ``req``: ``query`` (text), ``default_graphs`` and ``named_graphs`` (IRIs; none = the
    union of all graphs as default graph, all graphs as named graphs), ``formats``
    (``{"results": name|None, "graph": name|None}``: the negotiated format for each kind of
    answer, None when the client accepts none), ``max_rows`` and ``max_bytes`` (0: no limit),
    and optionally ``dataset_clause`` (does the query have FROM or FROM NAMED; read when absent).

    Returns ``("ok", kind, format_name, body, rows)`` (``rows`` is None when the answer
    cannot hold more than ``max_rows``, so it was not counted) or ``("error", code, message)``
    with code ``syntax``, ``rows``, ``bytes``, ``not-acceptable`` or ``engine``.
    """
    info = reading(req["query"])
    refused = check(req["query"], allowed=req.get("allowed", frozenset()), isolated=req.get("isolated", False),
                    max_depth=req.get("max_depth") or MAX_DEPTH, info=info)
    if refused is not None:
        return refused
    if info.kind and req["formats"].get(info.kind) is None:
        return ("error", "not-acceptable", info.kind)
    max_rows, max_bytes = req.get("max_rows") or 0, req.get("max_bytes") or 0
    out = CappedBuffer(max_bytes)
    try:
        # (a query's own FROM names its dataset; the server says whether there is one)
        answer = run_query(store, req["query"], default_graphs=req.get("default_graphs"),
                           named_graphs=req.get("named_graphs"), dataset_clause=req.get("dataset_clause"))
        kind = "graph" if isinstance(answer, ox.QueryTriples) else "results"
        fmt = req["formats"].get(kind)
        if fmt is None:
            return ("error", "not-acceptable", kind)
        if kind == "results":
            answer.serialize(out, format=_RESULT_WRITERS[fmt])
        elif fmt in _WITH_PREFIXES:
            ox.serialize(answer, out, _GRAPH_WRITERS[fmt], prefixes=OUTPUT_PREFIXES)
        else:
            answer.serialize(out, format=_GRAPH_WRITERS[fmt])
    except AnswerTooLarge:
        return ("error", "bytes", f"the answer is over {max_bytes} bytes, this server's limit "
                                  "(--max-answer-bytes); add a LIMIT, or select fewer or shorter values")
    except SyntaxError as e:
        return ("error", "syntax", syntax_message(e))
    except (ValueError, TypeError) as e:
        return ("error", "syntax", " ".join(str(e).split()))
    except Exception as e:  # OSError from the store, a SERVICE that failed, an engine panic
        return ("error", "engine", f"{type(e).__name__}: {' '.join(str(e).split())}"[:500])
    body = out.getvalue()
    rows = None
    if max_rows and not isinstance(answer, ox.QueryBoolean) and rows_at_most(body, fmt) > max_rows:
        rows = count_rows(body, kind, fmt)
        if rows > max_rows:
            what = "triples" if kind == "graph" else "rows"
            return ("error", "rows", f"the answer has more than {max_rows} {what}, this server's limit; "
                                     "add a LIMIT" + (" (and OFFSET to page through it)" if kind == "results" else ""))
    return ("ok", kind, fmt, body, rows)


def syntax_message(e: SyntaxError) -> str:
    """The engine's own message, on one line; the server explains it (``query_errors.explain``)
    with the query text, as the command line does."""
    return " ".join(str(getattr(e, "msg", e)).split())


# ---------------------------------------------------------------------- the child's loop

#: The query thread's niceness (``batch_priority``).
NICENESS = 10


def batch_priority() -> None:
    """Run the calling thread as CPU-bound batch work: Linux ``SCHED_BATCH``, so that, woken by
    the server's frame, it does not preempt the server's event loop in the middle of that
    write, and ``NICENESS``, so that the event loop, which every query passes through twice,
    never waits for a CPU behind a worker's query (the workers still use every CPU the server
    leaves; a worker's is a smaller share only beside other busy processes). The niceness took
    the uncached p99 from 19.8-21.1 to 18.3-19.7 ms in four interleaved pairs of runs. Where
    either is not to be had (another system, or refused), nothing changes."""
    import os

    with contextlib.suppress(AttributeError, OSError):
        os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))
    with contextlib.suppress(AttributeError, OSError):  # (Linux's niceness is the thread's own)
        os.setpriority(os.PRIO_PROCESS, 0, max(NICENESS, os.getpriority(os.PRIO_PROCESS, 0)))


def roomy_pipe(stream, size: int = 1 << 20) -> int:
    """Let the pipe to the server hold a large answer whole (Linux ``F_SETPIPE_SZ``; 1 MiB is
    what ``/proc/sys/fs/pipe-max-size`` allows a user by default): written in one go, instead
    of 64 KiB at a time, each waiting for the server to read the last. The pipe's size, as
    set (or as it was, where it cannot be changed: not a pipe, another system)."""
    import fcntl

    for want in (size, size // 4):
        with contextlib.suppress(AttributeError, OSError, ValueError):
            return fcntl.fcntl(stream.fileno(), fcntl.F_SETPIPE_SZ, want)
    with contextlib.suppress(AttributeError, OSError, ValueError):
        return fcntl.fcntl(stream.fileno(), fcntl.F_GETPIPE_SZ)
    return 0


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


def load(path: str) -> tuple[ox.Store, str]:
    """The build's N-Quads at ``path`` in an in-memory store (queries run about twice as fast as
    on the on-disk one), and the build's id, named as ``served_build.prepare`` names it (the
    server can check it loaded the same build).

    Parsed leniently (without checking each IRI again: a third less time): these are the
    server's own copy of a build that the server reads strictly itself (``builder.load_build``:
    a build it cannot read is not served, and its workers are stopped)."""
    import hashlib

    with open(path, "rb") as f:
        nquads = f.read()
    store = ox.Store()
    store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS, lenient=True)
    return store, hashlib.sha256(nquads).hexdigest()[:16]


def isolate(allow: list[str], egress_fd: int | None, enabled: bool = True) -> str:
    """Enter the sandbox (``sandbox.enter``); the isolation's one-line description."""
    from .sandbox import enter

    return enter(allow, egress_fd) if enabled else "off"


def answer_queries(store: ox.Store, inp, out, isolation: str, allow: list[str], ready: tuple) -> int:
    """Send the ``ready`` frame, then answer each request frame on ``inp`` until it closes."""
    import threading

    isolated = isolation.startswith("netns")
    allowed = frozenset(allow) if isolated else frozenset()
    roomy_pipe(out)
    _write_frame(out, ready)

    def serve() -> None:
        batch_priority()
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


def main(argv: list[str] | None = None) -> int:
    """A worker started on its own (the server forks its workers from ``forkserver.py`` and
    starts them this way when the fork server is gone): isolate, load, answer."""
    import argparse

    p = argparse.ArgumentParser(prog="wco_kg.server.worker")
    p.add_argument("path")
    p.add_argument("--isolate", action="store_true")
    p.add_argument("--egress-fd", type=int)
    p.add_argument("--allow", action="append", default=[])
    args = p.parse_args(sys.argv[1:] if argv is None else argv)
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but frames on the protocol stream
    isolation = isolate(args.allow, args.egress_fd, args.isolate)  # before it loads anything
    store, build_id = load(args.path)
    return answer_queries(store, inp, out, isolation, args.allow, ("ready", len(store), isolation, build_id))


if __name__ == "__main__":
    sys.exit(main())
