"""The fork server: workers forked from one loaded store answer, isolated, as workers started
alone do; a killed one is replaced by a fork; without the fork server the pool starts workers
as processes of their own; malformed requests fork nothing; it ends with the server."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import pickle
import socket
import struct
import time

import pytest

from wco_kg.server.forkserver import Forked, ForkServer, ForkServerGone
from wco_kg.server.pool import QueryTimeout, WorkerPool

QUADS = "".join(f"<https://w3id.org/wco-kg/id/s{i}> <https://w3id.org/wco-kg/id/p> \"{i}\" "
                f"<https://w3id.org/wco-kg/graph/g> .\n" for i in range(50))
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
HEADER = struct.Struct(">I")


@pytest.fixture
def nquads(tmp_path):
    path = tmp_path / "build.nq"
    path.write_text(QUADS)
    return path


def _request(query: str) -> dict:
    return {"query": query, "default_graphs": [], "named_graphs": [], "max_rows": 0, "max_bytes": 0,
            "formats": {"results": "json", "graph": "ntriples"}}


async def _read(reader: asyncio.StreamReader) -> object:
    (n,) = HEADER.unpack(await reader.readexactly(HEADER.size))
    return pickle.loads(await reader.readexactly(n))


async def _ask(proc, query: str) -> object:
    payload = pickle.dumps(_request(query))
    proc.stdin.write(HEADER.pack(len(payload)) + payload)
    await proc.stdin.drain()
    return await asyncio.wait_for(_read(proc.stdout), 30)


def _parent(pid: int) -> int:
    return int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1])


@pytest.mark.parametrize("threads", [False, True])
def test_forked_workers_hold_the_build_are_isolated_and_answer(nquads, threads):
    """The fork server is a fork of this process, or (another thread running here, which a fork
    would not carry) a new process: the same workers either way. (Whether pytest runs other
    threads depends on the tests run before; ``test_startup`` sees the fork in a real server.)"""
    import subprocess
    import threading

    async def run() -> None:
        stop = threading.Event()
        other = threading.Thread(target=stop.wait) if threads else None
        if other is not None:
            other.start()
        try:
            alone = threading.active_count() == 1
            forks = ForkServer(str(nquads), workers=2)
        finally:
            stop.set()
        assert isinstance(forks.proc, subprocess.Popen) == (not alone)
        assert _parent(forks.proc.pid) == os.getpid()
        try:
            (a, _ea), (b, _eb) = await forks.spawn(), await forks.spawn()
            for w in (a, b):
                ready = await asyncio.wait_for(_read(w.stdout), 60)
                # The same build as the N-Quads on disk (the id ``served_build`` gives it: a second
                # derivation, from the file), all of it, and a sandbox of its own.
                assert ready == ("ready", 50, ready[2], hashlib.sha256(nquads.read_bytes()).hexdigest()[:16])
                assert ready[2].startswith("netns"), ready
                assert isinstance(w, Forked) and _parent(w.pid) == forks.proc.pid  # a fork, not a new process
            ns = {os.readlink(f"/proc/{w.pid}/ns/net") for w in (a, b)}
            assert len(ns) == 2 and os.readlink("/proc/self/ns/net") not in ns  # one network namespace each
            answer = await _ask(a, 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(?o != "7") }')
            assert answer[0] == "ok", answer
            assert json.loads(answer[3])["results"]["bindings"][0]["n"]["value"] == "49"
            a.kill()
            await asyncio.wait_for(a.wait(), 10)
            assert (await _ask(b, "ASK { ?s ?p \"49\" }"))[3] == b'{"head":{},"boolean":true}'
            b.stdin.close()  # as when the server goes: the worker sees its stdin end and leaves
            await asyncio.wait_for(b.wait(), 10)
        finally:
            forks.close()
        assert forks.proc.returncode is not None

    asyncio.run(run())


def test_the_pool_replaces_a_killed_worker_with_a_fork_and_falls_back_to_processes(nquads):
    async def run() -> None:
        forks = ForkServer(str(nquads), workers=1)
        pool = WorkerPool(str(nquads), 1, forks=forks)
        try:
            await pool.start()
            with pytest.raises(QueryTimeout):
                await pool.run(_request(EXPENSIVE), timeout=0.5)
            answer = await pool.run(_request("ASK { ?s ?p \"3\" }"), timeout=30)  # waits for the replacement
            assert answer[3] == b'{"head":{},"boolean":true}'
            (worker,) = pool._all
            assert pool.restarts == 1 and _parent(worker.proc.pid) == forks.proc.pid
            forks.proc.kill()  # the fork server gone, a replaced worker is a process of the server's own
            forks.proc.wait()
            with pytest.raises(QueryTimeout):
                await pool.run(_request(EXPENSIVE), timeout=0.5)
            answer = await pool.run(_request("ASK { ?s ?p \"3\" }"), timeout=60)
            assert answer[3] == b'{"head":{},"boolean":true}'
            (worker,) = pool._all
            assert pool.forks is None and _parent(worker.proc.pid) == os.getpid()
            with pytest.raises(ForkServerGone):
                await forks.spawn()
        finally:
            await pool.close()
            forks.close()

    asyncio.run(run())


def test_malformed_requests_fork_nothing_and_the_fork_server_ends_with_its_channel(nquads):
    """The control channel's other end is the server's own; still, a request without its three
    channels, or any other message, forks nothing (reply 0), and the fork server goes on."""
    import subprocess
    import sys

    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    proc = subprocess.Popen([sys.executable, "-m", "wco_kg.server.forkserver", str(nquads), str(theirs.fileno())],
                            pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    theirs.close()
    ours.settimeout(60)
    try:
        r, w = os.pipe()
        for msg, fds in [(b"fork", [r]), (b"fork", []), (b"exec", [r, w, r]), (b"\x00" * 16, [r, w, r])]:
            socket.send_fds(ours, [msg], fds)
            assert ours.recv(4) == struct.pack(">I", 0), msg
        ours.sendall(b"x" * 992)  # junk: read 16 bytes at a time, each refused
        replies = b""
        while len(replies) < 4 * 62:
            replies += ours.recv(4096)
        assert replies == struct.pack(">I", 0) * 62
        ours.settimeout(0.5)
        with pytest.raises(TimeoutError):
            ours.recv(4)
        ours.settimeout(60)
        assert proc.poll() is None
        os.close(r)
        os.close(w)
        # and a well-formed request still gets a worker
        in_r, in_w = os.pipe()
        out_r, out_w = os.pipe()
        egress, egress_theirs = socket.socketpair()
        socket.send_fds(ours, [b"fork"], [in_r, out_w, egress_theirs.fileno()])
        for fd in (in_r, out_w):
            os.close(fd)
        egress_theirs.close()
        pid = struct.unpack(">I", ours.recv(4))[0]
        assert pid > 0 and _parent(pid) == proc.pid
        with os.fdopen(out_r, "rb") as out:
            (n,) = HEADER.unpack(out.read(4))
            assert pickle.loads(out.read(n))[0] == "ready"
            os.close(in_w)  # the worker's stdin ends: it leaves
            assert out.read() == b""
        egress.close()
    finally:
        ours.close()  # the fork server's channel ends: so does the fork server
        t0 = time.monotonic()
        assert proc.wait(timeout=30) == 0
        assert time.monotonic() - t0 < 30
