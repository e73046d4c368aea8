"""The server's side of the query workers (``worker.py``): start them, lend them out fairly, enforce deadlines.

Each query borrows an idle worker, sends it one frame and awaits one frame back, all
within the query's deadline (waiting for a free worker counts too). A worker that misses
the deadline, dies, or whose caller gives up is killed and replaced in the background, so
a runaway query costs one fork of the fork server (``forkserver.py``: a few milliseconds; a
process start, ~0.2 s, where the fork server is gone), never the server.

Fairness: a worker that comes free goes to the waiting client (its address) that holds
the fewest, the longest waiting first among equals: a fair queue, not first come first
served. And a client that holds more than its fair share of the workers (their number over
the clients that want one) while another client waits gives one back: its query that has
run longest (past ``PREEMPT_AFTER`` seconds) is stopped, answered 503, and its worker
replaced for the one waiting. So one client's long queries cannot starve the others, and a
lone client still uses every worker. ``per_client`` adds a hard cap (0: none).

Every worker starts isolated from the network (``sandbox.py``); the doors it opens to
allowed SERVICE hosts are served by the egress proxy (``egress.py``).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import pickle
import socket
import struct
import sys
from dataclasses import dataclass, field

from .egress import Egress
from .forkserver import ForkServer, ForkServerGone

_HEADER = struct.Struct(">I")


class QueryTimeout(Exception):
    """The query (or the wait for a free worker) ran past its deadline."""


class Preempted(QueryTimeout):
    """The query was stopped so that another client waiting for a worker could have it."""


class WorkerFailed(Exception):
    """A worker died while answering (it is replaced)."""


#: Seconds a query must have run before another client's wait may stop it (see module doc).
PREEMPT_AFTER = 0.5


@dataclass(eq=False)
class _Worker:
    proc: asyncio.subprocess.Process
    client: str | None = None
    since: float = 0.0
    preempted: bool = False

    async def call(self, payload: bytes) -> object:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(_HEADER.pack(len(payload)) + payload)
        await self.proc.stdin.drain()
        return await self.read()

    async def read(self) -> object:
        assert self.proc.stdout is not None
        (n,) = _HEADER.unpack(await self.proc.stdout.readexactly(_HEADER.size))
        return pickle.loads(await self.proc.stdout.readexactly(n))

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()


@dataclass(eq=False)
class _Waiter:
    client: str
    seq: int
    future: asyncio.Future = field(default_factory=lambda: asyncio.get_running_loop().create_future())


class WorkerPool:
    """``size`` workers over the N-Quads file at ``path``, isolated from the network; SERVICE
    may reach the ``allowed`` hosts through the egress proxy only. ``per_client``: most
    workers one client may hold (0: all but one when there are several). With ``forks``
    (started on the same file and allow-list), workers are forked from its loaded store."""

    def __init__(self, path: str, size: int = 2, allowed: frozenset[str] = frozenset(), per_client: int = 0,
                 egress_lifetime: float = 60.0, forks: ForkServer | None = None):
        self.path, self.size, self.allowed = path, max(1, size), allowed
        self.forks = forks
        self.per_client = per_client or self.size
        self.preemptions = 0
        self.isolation = "not started"
        self.restarts = 0
        self.egress = Egress(allowed, lifetime=egress_lifetime)
        self._idle: list[_Worker] = []
        self._waiting: collections.deque[_Waiter] = collections.deque()
        self._holding: collections.Counter[str] = collections.Counter()
        self._seq = itertools.count()
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task] = set()
        self._closed = False

    @property
    def isolated(self) -> bool:
        return self.isolation.startswith("netns")

    async def _spawn(self) -> _Worker:
        proc = None
        if self.forks is not None:
            try:
                proc, ours = await self.forks.spawn()
            except ForkServerGone:
                self.forks = None  # from now on each worker starts as a process of its own
        if proc is None:
            proc, ours = await self._start_process()
        worker = _Worker(proc)
        try:
            hello = await asyncio.wait_for(worker.read(), 60)
        except (asyncio.IncompleteReadError, asyncio.TimeoutError):
            worker.kill()
            ours.close()
            raise WorkerFailed("a query worker failed to start (see the messages above)") from None
        assert isinstance(hello, tuple) and hello[0] == "ready"
        self.isolation = hello[2]
        await self.egress.attach(worker, ours)  # the doors were sent before "ready"
        self._all.add(worker)
        return worker

    async def _start_process(self) -> tuple[asyncio.subprocess.Process, socket.socket]:
        """A worker as a process of its own (``python -m wco_kg.server.worker``), which loads the store itself."""
        args = [sys.executable, "-m", "wco_kg.server.worker", self.path, "--isolate"]
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        args += ["--egress-fd", str(theirs.fileno())]
        for host in sorted(self.allowed):
            args += ["--allow", host]
        try:
            proc = await asyncio.create_subprocess_exec(
                *args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=None,
                pass_fds=(theirs.fileno(),))
        finally:
            theirs.close()
        return proc, ours

    async def start(self) -> None:
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        for w in workers:
            self._release(w, None)

    # ------------------------------------------------------------------ the fair queue

    def _release(self, worker: _Worker | None, client: str | None) -> None:
        """Give back a worker (None: only a client's hold ends) and hand free workers to waiters."""
        if client is not None:
            self._holding[client] -= 1
            if self._holding[client] <= 0:
                del self._holding[client]
        if worker is not None:
            self._idle.append(worker)
        while self._idle and self._waiting:
            eligible = [w for w in self._waiting if not w.future.done() and self._holding[w.client] < self.per_client]
            for w in [w for w in self._waiting if w.future.done()]:
                self._waiting.remove(w)
            if not eligible:
                return
            chosen = min(eligible, key=lambda w: (self._holding[w.client], w.seq))
            self._waiting.remove(chosen)
            self._holding[chosen.client] += 1
            chosen.future.set_result(self._idle.pop())

    async def _acquire(self, client: str, timeout: float) -> _Worker:
        if self._idle and self._holding[client] < self.per_client and not self._waiting:
            self._holding[client] += 1
            return self._idle.pop()
        if len(self._waiting) >= 64 * self.size:
            raise asyncio.TimeoutError  # so many are waiting that this one would not get a worker in time
        waiter = _Waiter(client, next(self._seq))
        self._waiting.append(waiter)
        self._hand_out()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            while True:
                left = deadline - loop.time()
                if left <= 0:
                    raise asyncio.TimeoutError
                try:
                    return await asyncio.wait_for(asyncio.shield(waiter.future), min(left, PREEMPT_AFTER / 2))
                except asyncio.TimeoutError:
                    if deadline - loop.time() <= 0:
                        raise
                    self._preempt(client)
        except BaseException:
            if waiter.future.done() and not waiter.future.cancelled():
                self._release(waiter.future.result(), client)  # handed over as we gave up: give it back
            else:
                waiter.future.cancel()
                with contextlib.suppress(ValueError):
                    self._waiting.remove(waiter)
            raise

    def _hand_out(self) -> None:
        self._release(None, None)

    def _preempt(self, waiting: str) -> None:
        """Stop the longest-running query of a client over its fair share, for ``waiting``."""
        if self._holding[waiting] >= self.per_client:
            return
        clients = set(self._holding) | {w.client for w in self._waiting if not w.future.done()}
        fair = max(1, self.size // max(1, len(clients)))
        if self._holding[waiting] >= fair:
            return
        now = asyncio.get_running_loop().time()
        busy = [w for w in self._all if w.client is not None and w.client != waiting and not w.preempted
                and self._holding[w.client] > fair and now - w.since >= PREEMPT_AFTER]
        if busy:
            victim = min(busy, key=lambda w: w.since)
            victim.preempted = True
            self.preemptions += 1
            victim.kill()  # its caller sees the pipe close and answers 503; run() retires it

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker and start its replacement in the background."""
        worker.kill()
        self._all.discard(worker)
        self.egress.detach(worker)
        if self._closed:
            return
        self.restarts += 1

        async def replace() -> None:
            with contextlib.suppress(Exception):
                await worker.proc.wait()
            if not self._closed:
                self._release(await self._spawn(), None)

        task = asyncio.get_running_loop().create_task(replace())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def run(self, request: dict, timeout: float, client: str = "") -> tuple:
        """Send ``request`` to a worker; its answer, or QueryTimeout / WorkerFailed."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        payload = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            worker = await self._acquire(client, timeout)
        except asyncio.TimeoutError:
            raise QueryTimeout("no query worker became free") from None
        worker.client, worker.since = client, loop.time()
        try:
            # (a deadline on this task, not wait_for: the call runs here, without a task of its
            # own and the turns of the event loop that costs on every query)
            async with asyncio.timeout_at(max(deadline, loop.time() + 0.001)):
                answer = await worker.call(payload)
        except TimeoutError:
            self._retire(worker)
            self._release(None, client)
            raise QueryTimeout("the query ran past its deadline") from None
        except (asyncio.IncompleteReadError, ConnectionError, BrokenPipeError):
            self._retire(worker)
            self._release(None, client)
            if worker.preempted:
                raise Preempted("stopped for another client's query") from None
            raise WorkerFailed("the query worker died while answering") from None
        except BaseException:  # cancelled (client gone): the worker is mid-answer, so retire it
            self._retire(worker)
            self._release(None, client)
            raise
        worker.client = None
        self._release(worker, client)
        return answer  # type: ignore[return-value]

    async def close(self) -> None:
        self._closed = True
        self.egress.close()
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._all):
            worker.kill()
            with contextlib.suppress(Exception):
                await worker.proc.wait()
        self._all.clear()
