"""The pool's pipelining (``pool.py``): a client's next query waits in the pipe of a worker
running one of its queries, never behind another client's; every answer reaches its own
caller, in order; a query queued behind one that is stopped (its deadline, a crash) is sent
again and answered; and the worker's pipe to the server holds a large answer whole."""

from __future__ import annotations

import asyncio
import json
import os

import pytest
from test_forkserver import EXPENSIVE, _request, nquads  # noqa: F401 (the fixture)

from wco_kg.server import worker as worker_module
from wco_kg.server.forkserver import ForkServer
from wco_kg.server.pool import DEPTH, QueryTimeout, WorkerFailed, WorkerPool


def _number(answer: tuple) -> int:
    """The one value of a one-row answer (the query's own number, sent back)."""
    assert answer[0] == "ok", answer
    return int(json.loads(answer[3])["results"]["bindings"][0]["n"]["value"])


def _with_pool(nquads, size: int, body) -> None:
    """Run ``body(pool)`` on a started pool of ``size`` workers forked from ``nquads``."""
    async def run() -> None:
        forks = ForkServer(str(nquads), workers=size)
        pool = WorkerPool(str(nquads), size, forks=forks)
        try:
            await pool.start()
            await body(pool)
        finally:
            await pool.close()
            forks.close()

    asyncio.run(run())


#: 50^3 rows to count: some 50 ms, past ``PIPELINE_WITHIN`` (the tests raise the pool's own).
MEDIUM = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?x { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } }"


def test_each_answer_reaches_its_own_caller_in_order(nquads):
    """10 distinct queries, each run once (so their times are known), then 100 at once from one
    client on two workers: each gets its own answer (the number it asked for, computed by the
    engine), and the workers did hold a second query in their pipes (else nothing here was
    pipelined)."""
    async def body(pool: WorkerPool) -> None:
        deepest = 0
        text = "SELECT (({} * 3 + 1) AS ?n) WHERE {{}}"
        for i in range(10):
            assert _number(await pool.run(_request(text.format(i)), 30)) == i * 3 + 1

        async def one(i: int) -> int:
            nonlocal deepest
            task = asyncio.ensure_future(pool.run(_request(text.format(i % 10)), 30))
            await asyncio.sleep(0)
            deepest = max([deepest, *(len(w.calls) for w in pool._all)])
            return await task

        answers = await asyncio.gather(*(one(i) for i in range(100)))
        assert [_number(a) for a in answers] == [i % 10 * 3 + 1 for i in range(100)]
        assert deepest == DEPTH
        assert pool.restarts == 0

    _with_pool(nquads, 2, body)


@pytest.mark.parametrize("stop", ["deadline", "crash"])
def test_a_query_queued_behind_a_stopped_one_is_sent_again(nquads, stop):
    """One worker: a query whose time is known (run once), and one of the same client's queued in
    the pipe behind it. The first is stopped by its deadline (503 upstream) or by the worker's
    death (killed from outside: 500); the worker is replaced, and the second, which had not
    begun, is sent again to the new one and answered."""
    async def body(pool: WorkerPool) -> None:
        pool.pipeline_within = 5.0
        assert _number(await pool.run(_request(MEDIUM), timeout=30)) == 50 ** 3
        slow = asyncio.ensure_future(pool.run(_request(MEDIUM), timeout=0.005 if stop == "deadline" else 30,
                                              client="a"))
        await asyncio.sleep(0)
        quick = asyncio.ensure_future(pool.run(_request("SELECT (7 AS ?n) WHERE {}"), timeout=30, client="a"))
        await asyncio.sleep(0)
        (w,) = pool._all
        assert len(w.calls) == 2  # queued in the busy worker's pipe, behind its client's own query
        if stop == "crash":
            w.kill()
        with pytest.raises(QueryTimeout if stop == "deadline" else WorkerFailed):
            await slow
        assert _number(await quick) == 7
        assert pool.restarts == 1 and w not in pool._all

    _with_pool(nquads, 1, body)


def test_no_query_waits_behind_another_clients(nquads):
    """One worker running client a's query (its time known): client b's query waits in the
    pool's fair queue, not in that worker's pipe; and while b waits, a's next query does not go
    into the pipe either. b's is answered first: it held no worker."""
    async def body(pool: WorkerPool) -> None:
        pool.pipeline_within = 5.0
        await pool.run(_request(MEDIUM), timeout=30, client="a")
        running = asyncio.ensure_future(pool.run(_request(MEDIUM), timeout=30, client="a"))
        await asyncio.sleep(0)
        other = asyncio.ensure_future(pool.run(_request("SELECT (5 AS ?n) WHERE {}"), timeout=30, client="b"))
        await asyncio.sleep(0)
        again = asyncio.ensure_future(pool.run(_request("SELECT (6 AS ?n) WHERE {}"), timeout=30, client="a"))
        await asyncio.sleep(0)
        (w,) = pool._all
        assert [c.client for c in w.calls] == ["a"]
        assert [c.client for c in pool._waiting] == ["b", "a"]
        assert _number(await running) == 50 ** 3
        first, _ = await asyncio.wait({other, again}, return_when=asyncio.FIRST_COMPLETED)
        assert first == {other}
        assert _number(await other) == 5 and _number(await again) == 6

    _with_pool(nquads, 1, body)


def test_nothing_waits_behind_a_query_not_known_to_be_quick(nquads):
    """A query never seen before, or one that took longer than ``PIPELINE_WITHIN`` the last time:
    the same client's next query waits for whichever worker comes free, not in that one's pipe."""
    async def body(pool: WorkerPool) -> None:
        for known in (False, True):
            if known:
                await pool.run(_request(MEDIUM), timeout=30)  # some 50 ms: over the pool's 20 ms
            running = asyncio.ensure_future(pool.run(_request(MEDIUM), timeout=30, client="a"))
            await asyncio.sleep(0)
            quick = asyncio.ensure_future(pool.run(_request("SELECT (8 AS ?n) WHERE {}"), timeout=30, client="a"))
            await asyncio.sleep(0)
            (w,) = pool._all
            assert len(w.calls) == 1 and len(pool._waiting) == 1
            assert _number(await running) == 50 ** 3 and _number(await quick) == 8

    _with_pool(nquads, 1, body)


def test_the_workers_pipe_holds_a_large_answer_whole():
    """``roomy_pipe`` makes a pipe hold 1 MiB where the system allows it (else a quarter, else
    as it was): a 374 kB answer is written in one go."""
    read, write = os.pipe()
    try:
        with os.fdopen(write, "wb", closefd=False) as out:
            size = worker_module.roomy_pipe(out)
        import fcntl

        assert size == fcntl.fcntl(read, fcntl.F_GETPIPE_SZ)
        allowed = int(open("/proc/sys/fs/pipe-max-size").read())
        assert size >= min(1 << 20, allowed) or size >= (1 << 20) // 4
        os.set_blocking(write, False)
        assert os.write(write, b"x" * min(size, 374_000)) == min(size, 374_000)  # no partial write
    finally:
        os.close(read)
        os.close(write)
    import io

    assert worker_module.roomy_pipe(io.BytesIO()) == 0  # not a pipe: nothing changes
