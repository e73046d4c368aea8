"""The server's side of the query workers (``worker.py``): start them, lend them out, enforce deadlines.

Each query borrows an idle worker, sends it one frame and awaits one frame back, all
within the query's deadline (waiting for a free worker counts too). A worker that misses
the deadline, dies, or whose caller gives up is killed and replaced in the background, so
a runaway query costs one process start (~0.2 s), never the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import pickle
import struct
import subprocess
import sys
from dataclasses import dataclass

_HEADER = struct.Struct(">I")


class QueryTimeout(Exception):
    """The query (or the wait for a free worker) ran past its deadline."""


class WorkerFailed(Exception):
    """A worker died while answering (it is replaced)."""


@dataclass(eq=False)
class _Worker:
    proc: asyncio.subprocess.Process

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


def _worker_args(path: str, isolate: bool) -> list[str]:
    return [sys.executable, "-m", "wco_kg.server.worker", path] + (["--isolate"] if isolate else [])


def prestart(path: str, size: int, isolate: bool = True) -> list[subprocess.Popen]:
    """Start ``size`` workers over ``path`` now, before the server is ready for them (they load
    the store while it imports and reads the build); hand them to ``WorkerPool(prestarted=)``."""
    return [subprocess.Popen(_worker_args(path, isolate), stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            for _ in range(max(1, size))]


class _Adopted:
    """A worker started with ``prestart`` (``subprocess.Popen``), with the asyncio streams and
    the methods of the ``asyncio.subprocess.Process`` that ``_Worker`` uses."""

    def __init__(self, popen: subprocess.Popen):
        self.popen, self.pid = popen, popen.pid
        self.stdin: asyncio.StreamWriter | None = None
        self.stdout: asyncio.StreamReader | None = None

    async def connect(self) -> "_Adopted":
        loop = asyncio.get_running_loop()
        self.stdout = asyncio.StreamReader(limit=2 ** 16)
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(self.stdout), self.popen.stdout)
        transport, protocol = await loop.connect_write_pipe(asyncio.streams.FlowControlMixin, self.popen.stdin)
        self.stdin = asyncio.StreamWriter(transport, protocol, None, loop)
        return self

    def kill(self) -> None:
        self.popen.kill()

    async def wait(self) -> int:
        return await asyncio.get_running_loop().run_in_executor(None, self.popen.wait)


class WorkerPool:
    """``size`` workers over the N-Quads file at ``path``; ``isolate`` puts them in their own network
    namespace. ``prestarted`` workers (see ``prestart``) are taken first, each only if it holds
    the build ``build_id`` (else it is ended and a fresh one started over ``path``)."""

    def __init__(self, path: str, size: int = 2, isolate: bool = True,
                 prestarted: list[subprocess.Popen] | None = None, build_id: str | None = None):
        self.path, self.size, self.isolate = path, max(1, size), isolate
        self.isolation = "not started"
        self.restarts = 0
        self._prestarted, self._build_id = list(prestarted or []), build_id
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task] = set()
        self._closed = False

    async def _spawn(self, popen: subprocess.Popen | None = None) -> _Worker:
        if popen is not None:
            proc = await _Adopted(popen).connect()
        else:
            proc = await asyncio.create_subprocess_exec(
                *_worker_args(self.path, self.isolate), stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE, stderr=None)
        worker = _Worker(proc)  # type: ignore[arg-type]
        try:
            hello = await asyncio.wait_for(worker.read(), 60)
        except (asyncio.IncompleteReadError, asyncio.TimeoutError):
            worker.kill()
            if popen is not None:
                return await self._spawn()
            raise WorkerFailed("a query worker failed to start (see the messages above)") from None
        assert isinstance(hello, tuple) and hello[0] == "ready"
        if popen is not None and self._build_id and hello[3:4] != (self._build_id,):
            worker.kill()  # it read another build than the server's (dist/ changed meanwhile)
            return await self._spawn()
        self.isolation = hello[2]
        self._all.add(worker)
        return worker

    async def start(self) -> None:
        """Ready once the prestarted workers are (all ``size`` when none were): the others then
        start in the background, so they do not compete with the server for the cores while it
        comes up, and join the pool as they are ready."""
        early, self._prestarted = self._prestarted[:self.size], []
        if not early:
            workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        else:
            workers = await asyncio.gather(*(self._spawn(p) for p in early))
            for _ in range(self.size - len(early)):
                self._background(self._spawn())
        for w in workers:
            self._idle.put_nowait(w)

    def _background(self, spawning) -> None:
        async def join() -> None:
            worker = await spawning
            if self._closed:
                worker.kill()
            else:
                self._idle.put_nowait(worker)

        task = asyncio.get_running_loop().create_task(join())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker and start its replacement in the background."""
        worker.kill()
        self._all.discard(worker)
        if self._closed:
            return
        self.restarts += 1

        async def replace() -> None:
            with contextlib.suppress(Exception):
                await worker.proc.wait()
            if not self._closed:
                self._idle.put_nowait(await self._spawn())

        task = asyncio.get_running_loop().create_task(replace())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def run(self, request: dict, timeout: float) -> tuple:
        """Send ``request`` to a worker; its answer, or QueryTimeout / WorkerFailed."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        payload = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout)
        except asyncio.TimeoutError:
            raise QueryTimeout("no query worker became free") from None
        try:
            answer = await asyncio.wait_for(worker.call(payload), max(0.001, deadline - loop.time()))
        except asyncio.TimeoutError:
            self._retire(worker)
            raise QueryTimeout("the query ran past its deadline") from None
        except (asyncio.IncompleteReadError, ConnectionError, BrokenPipeError):
            self._retire(worker)
            raise WorkerFailed("the query worker died while answering") from None
        except BaseException:  # cancelled (client gone): the worker is mid-answer, so retire it
            self._retire(worker)
            raise
        self._idle.put_nowait(worker)
        return answer  # type: ignore[return-value]

    async def close(self) -> None:
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._all):
            worker.kill()
            with contextlib.suppress(Exception):
                await worker.proc.wait()
        self._all.clear()
