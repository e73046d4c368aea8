"""The server's side of the query workers (``worker.py``): start them, lend them out fairly, enforce deadlines.

Each query is sent to a worker as one frame and awaits one frame back, all within the
query's deadline (waiting for a free worker counts too). A worker that misses the deadline,
dies, or whose caller gives up is killed and replaced in the background, so a runaway query
costs one fork of the fork server (``forkserver.py``: a few milliseconds; a process start,
~0.2 s, where the fork server is gone), never the server.

Fairness: a worker that comes free goes to the waiting client (its address) that holds
the fewest, the longest waiting first among equals: a fair queue, not first come first
served. And a client that holds more than its fair share of the workers (their number over
the clients that want one) while another client waits gives one back: its query that has
run longest (past ``PREEMPT_AFTER`` seconds) is stopped, answered 503, and its worker
replaced for the one waiting. So one client's long queries cannot starve the others, and a
lone client still uses every worker. ``per_client`` adds a hard cap (0: none).

Pipelining: while only one client waits, its next query is sent to a worker that is running
one of that client's queries (``DEPTH``: at most one queued behind it), so the worker starts
on it as soon as it has written the answer before, instead of waiting for the server's event
loop to read that answer and send the next query (a fifth of a worker's time under load).
Never behind another client's query, not while another client waits, and only behind a query
that took little time the last time it ran (``PIPELINE_WITHIN``), so no query waits behind a
long one while another worker comes free. The answers come
back in order, read by one task per worker (``_read_answers``). If the worker is stopped
for the query it is running (its deadline, its client gone, preempted, a crash), the query
queued behind it, which has not started, is sent again, to the next free worker, within its
own deadline.

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


class _Resend(Exception):
    """The worker a query was queued on was stopped for the query ahead of it: send it again."""


#: Seconds a query must have run before another client's wait may stop it (see module doc).
PREEMPT_AFTER = 0.5
#: Queries a worker holds at once: the one it runs, and the next of the same client's, already
#: in its pipe (see module doc).
DEPTH = 2
#: Seconds a query may be expected to run for another to be queued behind it: what it took the
#: last time (a query not seen yet, or running far longer than it did, has none queued behind it:
#: the next query waits for whichever worker comes free first instead).
PIPELINE_WITHIN = 0.02
#: Queries whose time is remembered (by their frame's hash), the least recent forgotten first.
REMEMBERED = 4096


@dataclass(eq=False)
class _Call:
    """One query on its way: its frame, and the future of its answer (or of its exception)."""

    client: str
    frame: bytes
    seq: int
    #: The frame's hash: what names the query's time (``WorkerPool._took``).
    key: int = 0
    future: asyncio.Future = field(default_factory=lambda: asyncio.get_running_loop().create_future())
    #: The worker it was sent to (None while it waits for one).
    worker: _Worker | None = None


@dataclass(eq=False)
class _Worker:
    proc: asyncio.subprocess.Process
    #: The client holding it (each query it holds is that client's), and when the one it runs began.
    client: str | None = None
    since: float = 0.0
    preempted: bool = False
    stopped: _Call | None = None  # the query it was preempted for
    retired: bool = False
    #: The queries sent to it and not answered yet, in order: the first is the one it runs.
    calls: collections.deque[_Call] = field(default_factory=collections.deque)
    reader: asyncio.Task | None = None

    async def read(self) -> object:
        assert self.proc.stdout is not None
        (n,) = _HEADER.unpack(await self.proc.stdout.readexactly(_HEADER.size))
        return pickle.loads(await self.proc.stdout.readexactly(n))

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()


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
        self._waiting: collections.deque[_Call] = collections.deque()
        self._holding: collections.Counter[str] = collections.Counter()
        self._seq = itertools.count()
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task] = set()
        self._closed = False
        self.pipeline_within = PIPELINE_WITHIN
        #: Seconds each query took the last time (by its frame's hash), bounded (``REMEMBERED``).
        self._took: collections.OrderedDict[int, float] = collections.OrderedDict()

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
        worker.reader = asyncio.get_running_loop().create_task(self._read_answers(worker))
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
            self._add(w)

    # ------------------------------------------------------------------ the fair queue

    def _add(self, worker: _Worker) -> None:
        """A new worker: idle, and handed to whoever waits."""
        self._idle.append(worker)
        self._dispatch()

    def _lend(self, worker: _Worker, client: str) -> None:
        self._holding[client] += 1
        worker.client = client

    def _unlend(self, worker: _Worker) -> None:
        client, worker.client = worker.client, None
        if client is not None:
            self._holding[client] -= 1
            if self._holding[client] <= 0:
                del self._holding[client]

    def _send(self, worker: _Worker, call: _Call) -> None:
        """Send ``call`` to ``worker`` now (it starts on it when it has answered those before)."""
        call.worker = worker
        worker.calls.append(call)
        if len(worker.calls) == 1:
            worker.since = asyncio.get_running_loop().time()
        assert worker.proc.stdin is not None
        try:
            worker.proc.stdin.write(call.frame)  # (the transport keeps what the pipe cannot take yet)
        except (RuntimeError, OSError):  # the worker has just ended: its reader sends the call again
            pass

    def _behind(self, client: str) -> _Worker | None:
        """A worker running ``client``'s query with room for one more of its queries behind it,
        a query expected to end soon (``PIPELINE_WITHIN``): of those, the one expected to end first."""
        now = asyncio.get_running_loop().time()
        best, best_left = None, 0.0
        for w in self._all:
            if w.client != client or len(w.calls) >= DEPTH or w.preempted or w.retired:
                continue
            took = self._took.get(w.calls[-1].key)
            if took is None or took > self.pipeline_within:
                continue
            left = took - (now - w.since)
            if left < -self.pipeline_within:
                continue  # running far longer than it did: not to be waited for
            if best is None or left < best_left:
                best, best_left = w, left
        return best

    def _remember(self, key: int, took: float) -> None:
        self._took[key] = took
        self._took.move_to_end(key)
        if len(self._took) > REMEMBERED:
            self._took.popitem(last=False)

    def _submit(self, call: _Call) -> None:
        """Send ``call`` to a worker now if one is free for it, else queue it (fairly)."""
        if not self._waiting:
            if self._idle and self._holding[call.client] < self.per_client:
                worker = self._idle.pop()
                self._lend(worker, call.client)
                self._send(worker, call)
                return
            worker = self._behind(call.client)
            if worker is not None:
                self._send(worker, call)
                return
        if len(self._waiting) >= 64 * self.size:
            raise QueryTimeout("no query worker became free")  # so many wait that this one would not get one in time
        self._waiting.append(call)
        self._dispatch()

    def _dispatch(self) -> None:
        """Hand free workers to waiting queries: to the client that holds the fewest, the longest
        waiting first; then, while one client alone waits, its queries behind its own."""
        while self._waiting:
            live = [c for c in self._waiting if not c.future.done()]
            if len(live) != len(self._waiting):
                self._waiting = collections.deque(live)
                if not live:
                    return
            if self._idle:
                eligible = [c for c in live if self._holding[c.client] < self.per_client]
                if eligible:
                    chosen = min(eligible, key=lambda c: (self._holding[c.client], c.seq))
                    self._waiting.remove(chosen)
                    worker = self._idle.pop()
                    self._lend(worker, chosen.client)
                    self._send(worker, chosen)
                    continue
            first = live[0]
            if any(c.client != first.client for c in live):
                return  # another client waits: no query goes behind another
            worker = self._behind(first.client)
            if worker is None:
                return
            self._waiting.popleft()
            self._send(worker, first)

    async def _read_answers(self, worker: _Worker) -> None:
        """The worker's answers, in the order of its queries: each to its caller (one whose caller
        has gone is dropped); a worker that ends or breaks the protocol is retired."""
        loop = asyncio.get_running_loop()
        try:
            while True:
                answer = await worker.read()
                call = worker.calls.popleft()  # (IndexError: an answer to no query)
                now = loop.time()
                self._remember(call.key, now - worker.since)
                if worker.calls:
                    worker.since = now
                elif not worker.preempted:  # (a preempted one is being killed: never lent again)
                    self._unlend(worker)
                    self._idle.append(worker)
                self._dispatch()  # the next query goes out before this answer's caller resumes
                if not call.future.done():
                    call.future.set_result(answer)
        except asyncio.CancelledError:
            raise
        except Exception:  # ended (killed, crashed), or a frame that is not an answer
            if worker.retired:
                return
            for i, call in enumerate(worker.calls):
                if call.future.done():
                    continue
                if worker.preempted:  # the query it was stopped for; any other is sent again
                    call.future.set_exception(Preempted("stopped for another client's query") if call is worker.stopped
                                              else _Resend())
                elif i:
                    call.future.set_exception(_Resend())
                else:
                    call.future.set_exception(WorkerFailed("the query worker died while answering"))
            worker.calls.clear()
            self._retire(worker)

    def _preempt(self, waiting: str) -> None:
        """Stop the longest-running query of a client over its fair share, for ``waiting``."""
        if self._holding[waiting] >= self.per_client:
            return
        clients = set(self._holding) | {c.client for c in self._waiting if not c.future.done()}
        fair = max(1, self.size // max(1, len(clients)))
        if self._holding[waiting] >= fair:
            return
        now = asyncio.get_running_loop().time()
        busy = [w for w in self._all if w.client is not None and w.client != waiting and not w.preempted
                and self._holding[w.client] > fair and now - w.since >= PREEMPT_AFTER]
        if busy:
            victim = min(busy, key=lambda w: w.since)
            victim.preempted, victim.stopped = True, victim.calls[0] if victim.calls else None
            self.preemptions += 1
            victim.kill()  # its reader sees the pipe close: 503 for its query, the one behind it sent again

    def _retire(self, worker: _Worker, cause: _Call | None = None) -> None:
        """Kill a worker and start its replacement in the background; the queries it holds but
        ``cause`` (whose caller gave up) are sent again."""
        if worker.retired:
            return
        worker.retired = True
        for call in worker.calls:
            if call is not cause and not call.future.done():
                call.future.set_exception(WorkerFailed("the server is stopping") if self._closed else _Resend())
        worker.calls.clear()
        self._unlend(worker)
        with contextlib.suppress(ValueError):
            self._idle.remove(worker)
        if worker.reader is not None and worker.reader is not asyncio.current_task():
            worker.reader.cancel()
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
                self._add(await self._spawn())

        task = asyncio.get_running_loop().create_task(replace())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _give_up(self, call: _Call) -> None:
        """The caller of ``call`` is gone (its deadline, or cancelled): out of the queue, or its
        worker retired (it is running the query, or holds it queued)."""
        if call.worker is None:
            with contextlib.suppress(ValueError):
                self._waiting.remove(call)
            call.future.cancel()
        elif not call.future.done() or call.future.cancelled():
            self._retire(call.worker, cause=call)
        else:
            call.future.exception()  # (answered or failed meanwhile: nothing to undo; marked as read)

    async def run(self, request: dict, timeout: float, client: str = "") -> tuple:
        """Send ``request`` to a worker; its answer, or QueryTimeout / WorkerFailed."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        payload = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
        frame = _HEADER.pack(len(payload)) + payload
        key = hash(frame)
        while True:
            call = _Call(client, frame, next(self._seq), key)
            self._submit(call)
            timer = None
            if call.worker is None:
                def check() -> None:  # while it waits: is another client holding more than its share?
                    nonlocal timer
                    if call.worker is None and not call.future.done():
                        self._preempt(client)
                        timer = loop.call_later(PREEMPT_AFTER / 2, check)

                timer = loop.call_later(PREEMPT_AFTER / 2, check)
            try:
                # (a deadline on this task, not wait_for: no task of its own and the turns of the
                # event loop that costs on every query)
                async with asyncio.timeout_at(max(deadline, loop.time() + 0.001)):
                    return await call.future
            except _Resend:
                continue  # its worker was stopped for the query ahead of it, before it began this one
            except (QueryTimeout, WorkerFailed):
                raise  # (from its reader: the worker is retired)
            except TimeoutError:
                if call.future.done() and not call.future.cancelled() and call.future.exception() is None:
                    return call.future.result()  # answered just as the deadline passed
                sent = call.worker is not None
                self._give_up(call)
                raise QueryTimeout("the query ran past its deadline" if sent else
                                   "no query worker became free") from None
            except BaseException:  # cancelled (client gone): the worker may be on it, so retire it
                self._give_up(call)
                raise
            finally:
                if timer is not None:
                    timer.cancel()

    async def close(self) -> None:
        self._closed = True
        self.egress.close()
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._all):
            if worker.reader is not None:
                worker.reader.cancel()
            for call in worker.calls:
                if not call.future.done():
                    call.future.set_exception(WorkerFailed("the server is stopping"))
            worker.kill()
            with contextlib.suppress(Exception):
                await worker.proc.wait()
        self._all.clear()
