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


def test_each_answer_reaches_its_own_caller_in_order(nquads):
    """100 distinct queries from one client at once on two workers: each gets its own answer
    (the number it asked for, computed by the engine), and the workers did hold a second
    query in their pipes (else nothing here was pipelined)."""
    async def body(pool: WorkerPool) -> None:
        deepest = 0

        async def one(i: int) -> int:
            nonlocal deepest
            task = asyncio.ensure_future(pool.run(_request(f"SELECT (({i} * 3 + 1) AS ?n) WHERE {{}}"), 30))
            await asyncio.sleep(0)
            deepest = max([deepest, *(len(w.calls) for w in pool._all)])
            return await task

        answers = await asyncio.gather(*(one(i) for i in range(100)))
        assert [_number(a) for a in answers] == [i * 3 + 1 for i in range(100)]
        assert deepest == DEPTH
        assert pool.restarts == 0

    _with_pool(nquads, 2, body)


@pytest.mark.parametrize("stop", ["deadline", "crash"])
def test_a_query_queued_behind_a_stopped_one_is_sent_again(nquads, stop):
    """One worker: a long query, and one of the same client's queued in the pipe behind it.
    The first is stopped by its deadline (503 upstream) or by the worker's death (killed from
    outside: 500); the worker is replaced, and the second, which had not begun, is sent again
    to the new one and answered."""
    async def body(pool: WorkerPool) -> None:
        slow = asyncio.ensure_future(pool.run(_request(EXPENSIVE), timeout=0.5 if stop == "deadline" else 30,
                                              client="a"))
        await asyncio.sleep(0)
        quick = asyncio.ensure_future(pool.run(_request("SELECT (7 AS ?n) WHERE {}"), timeout=30, client="a"))
        await asyncio.sleep(0)
        (w,) = pool._all
        assert len(w.calls) == 2  # queued in the busy worker's pipe, behind its client's own query
        if stop == "crash":
            await asyncio.sleep(0.2)
            w.kill()
        with pytest.raises(QueryTimeout if stop == "deadline" else WorkerFailed):
            await slow
        assert _number(await quick) == 7
        assert pool.restarts == 1 and w not in pool._all

    _with_pool(nquads, 1, body)


def test_no_query_waits_behind_another_clients(nquads):
    """One worker running client a's query: client b's query waits in the pool's fair queue, not
    in that worker's pipe; and while b waits, a's next query does not go into the pipe either."""
    async def body(pool: WorkerPool) -> None:
        slow = asyncio.ensure_future(pool.run(_request(EXPENSIVE), timeout=1.0, client="a"))
        await asyncio.sleep(0)
        other = asyncio.ensure_future(pool.run(_request("SELECT (5 AS ?n) WHERE {}"), timeout=30, client="b"))
        await asyncio.sleep(0)
        again = asyncio.ensure_future(pool.run(_request("SELECT (6 AS ?n) WHERE {}"), timeout=30, client="a"))
        await asyncio.sleep(0)
        (w,) = pool._all
        assert [c.client for c in w.calls] == ["a"]
        assert [c.client for c in pool._waiting] == ["b", "a"]
        with pytest.raises(QueryTimeout):
            await slow
        first, _ = await asyncio.wait({other, again}, return_when=asyncio.FIRST_COMPLETED)
        assert first == {other}  # b's, first: it held no worker (and a's waits in no pipe behind it)
        assert _number(await other) == 5 and _number(await again) == 6

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
