"""The query workers' fork server: one process loads the build's store once, and every worker is forked from it.

Loading the N-Quads into an in-memory store takes most of a worker's start (Python, the
imports and the parse: about 0.1 s of CPU each). So the server starts one process, the
fork server, as soon as it knows the build (before its own imports, with ``--no-build``),
which loads the store once; each worker is then a ``fork()`` of it (a few milliseconds),
sharing the loaded store's memory copy-on-write, and a worker killed at its deadline is
replaced as quickly. The fork server runs no query and opens no connection: it loads,
then waits for the server's requests.

A forked worker is the same worker as one started on its own (``worker.py``), in the same
order where it matters: it enters its own sandbox (``sandbox.enter``: new network and mount
namespaces, its doors sent to the server) before it reads its first request, says
``ready`` and answers on its stdin/stdout. Only the loading comes before the sandbox, in
the fork server, which reads one file and nothing from the network.

The server's side (``ForkServer``) talks to the fork server over a Unix socket pair: for
each worker it sends the worker's ends of three new channels (its stdin, its stdout, its
egress socket) as ``SCM_RIGHTS``, and reads back the worker's process id, which it opens as
a pidfd (to signal it and see it end, although the worker is the fork server's child). If
the fork server is gone, the pool starts workers as processes of their own again.

The fork server is a fork of the server's process, made before it starts any thread (else
it is run as ``python -m wco_kg.server.forkserver NQUADS_FILE CONTROL_FD [--isolate]
[--allow HOST[:PORT]]...``); it ends when the server closes its end.
"""

from __future__ import annotations

import collections
import os
import signal
import socket
import struct
import sys

_PID = struct.Struct(">I")


class ForkServerGone(Exception):
    """The fork server has ended (or cannot fork): start the worker some other way."""


class Forked:
    """A worker forked by the fork server, with what the pool uses of ``asyncio.subprocess.Process``
    (``stdin``, ``stdout``, ``kill()``, ``wait()``). Its exit status is the fork server's to
    collect, so ``wait()`` gives None."""

    def __init__(self, pid: int, pidfd: int, stdin, stdout):
        self.pid, self._pidfd = pid, pidfd
        self.stdin, self.stdout = stdin, stdout
        self.returncode: int | None = None

    def kill(self) -> None:
        if self._pidfd < 0:
            return
        signal.pidfd_send_signal(self._pidfd, signal.SIGKILL)  # ProcessLookupError once it has ended

    async def wait(self) -> None:
        """Wait until the worker has ended (its pidfd reads), then close its pipes."""
        import asyncio

        if self._pidfd >= 0:
            loop = asyncio.get_running_loop()
            ended = loop.create_future()
            loop.add_reader(self._pidfd, lambda: ended.done() or ended.set_result(None))
            try:
                await ended
            finally:
                loop.remove_reader(self._pidfd)
                os.close(self._pidfd)
                self._pidfd = -1
        self.stdin.close()


class ForkServer:
    """The server's side: starts the fork server on the N-Quads at ``path`` (now, without
    waiting for it) and asks it at once for ``workers`` workers, which it forks as soon as
    the store is loaded; ``spawn()`` collects one of those, or asks for a new one."""

    def __init__(self, path: str, allowed: frozenset[str] = frozenset(), isolate: bool = True, workers: int = 0):
        import threading

        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            # A fork of this process, which has Python and much of what it imports up already
            # (a new process takes a third longer to get to loading); safe while this process
            # runs one thread only, else a new process.
            single = threading.active_count() == 1
            self.proc = (_fork_self if single else _exec_server)(ours, theirs, path, sorted(allowed), isolate)
        except OSError:
            ours.close()
            raise
        finally:
            theirs.close()
        self._control = ours
        self._lock = None  # an asyncio.Lock, made in the event loop that first spawns
        #: The requests sent whose worker is not collected yet (its stdin, its stdout, the
        #: egress channel), in the order of the replies.
        self._sent: collections.deque[tuple[int, int, socket.socket]] = collections.deque()
        for _ in range(workers):
            self._request()

    def _request(self) -> None:
        """Ask for one worker: send the fork server the worker's ends of its three channels."""
        stdin_r, stdin_w = os.pipe()
        stdout_r, stdout_w = os.pipe()
        egress, egress_theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            socket.send_fds(self._control, [b"fork"], [stdin_r, stdout_w, egress_theirs.fileno()])
        except OSError as e:
            os.close(stdin_w)
            os.close(stdout_r)
            egress.close()
            raise ForkServerGone(f"the fork server has ended ({e})") from None
        finally:
            os.close(stdin_r)
            os.close(stdout_w)
            egress_theirs.close()
        self._sent.append((stdin_w, stdout_r, egress))

    async def spawn(self) -> tuple[Forked, socket.socket]:
        """A new worker and the server's end of its egress channel; ForkServerGone if there is
        no fork server any more. The worker says ``ready`` on its stdout, as one started alone."""
        import asyncio

        loop = asyncio.get_running_loop()
        if self._lock is None:
            self._lock = asyncio.Lock()
            self._control.setblocking(False)
        async with self._lock:  # one at a time: the replies come in the order of the requests
            if not self._sent:
                self._request()
            stdin_w, stdout_r, egress = self._sent.popleft()
            try:
                reply = b""
                while len(reply) < _PID.size:
                    chunk = await loop.sock_recv(self._control, _PID.size - len(reply))
                    if not chunk:
                        raise ForkServerGone("the fork server has ended")
                    reply += chunk
                (pid,) = _PID.unpack(reply)
                if pid == 0:
                    raise ForkServerGone("the fork server could not fork")
                try:
                    pidfd = os.pidfd_open(pid)
                except ProcessLookupError:  # ended (and collected) already: its stdout says so
                    pidfd = -1
            except BaseException as e:
                os.close(stdin_w)
                os.close(stdout_r)
                egress.close()
                if isinstance(e, OSError):
                    raise ForkServerGone(f"the fork server has ended ({e})") from None
                raise
        reader = asyncio.StreamReader(loop=loop)
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader, loop=loop),
                                     os.fdopen(stdout_r, "rb", 0))
        transport, protocol = await loop.connect_write_pipe(asyncio.streams.FlowControlMixin,
                                                            os.fdopen(stdin_w, "wb", 0))
        writer = asyncio.StreamWriter(transport, protocol, None, loop)
        return Forked(pid, pidfd, writer, reader), egress

    def close(self) -> None:
        """End the fork server (it holds nothing to clean up; its workers end when the server
        closes their stdin, or when the pool kills them)."""
        while self._sent:  # workers never collected: their stdin closes, so they end
            stdin_w, stdout_r, egress = self._sent.popleft()
            os.close(stdin_w)
            os.close(stdout_r)
            egress.close()
        self._control.close()
        self.proc.kill()
        self.proc.wait()


class _Child:
    """The fork server's process when it is a fork of the server's (``subprocess.Popen``'s
    ``pid``, ``returncode``, ``poll()``, ``wait()`` and ``kill()``)."""

    def __init__(self, pid: int):
        self.pid, self.returncode = pid, None

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self) -> int:
        if self.returncode is None:
            self.returncode = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None:
            os.kill(self.pid, signal.SIGKILL)  # (not yet collected: the pid is still this child's)


def _fork_self(ours: socket.socket, theirs: socket.socket, path: str, allow: list[str], isolate: bool) -> _Child:
    """The fork server as a fork of this (single-threaded) process."""
    sys.stdout.flush()
    sys.stderr.flush()  # (nothing written before the fork is written twice)
    pid = os.fork()
    if pid:
        return _Child(pid)
    code = 1
    try:  # the fork server, in the child: never returns to the server's code
        ours.close()
        keep = theirs.fileno()  # and stderr; nothing else of the server's (as subprocess closes them)
        os.closerange(3, keep)
        os.closerange(keep + 1, os.sysconf("SC_OPEN_MAX"))
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 0)
        os.dup2(null, 1)
        if null > 2:
            os.close(null)
        code = serve_forks(path, keep, allow, isolate)
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        sys.stderr.flush()
        os._exit(code)


def _exec_server(_ours: socket.socket, theirs: socket.socket, path: str, allow: list[str], isolate: bool):
    """The fork server as a new process (``python -m wco_kg.server.forkserver``)."""
    import subprocess

    args = [sys.executable, "-m", "wco_kg.server.forkserver", path, str(theirs.fileno())]
    if isolate:
        args.append("--isolate")
    for host in allow:
        args += ["--allow", host]
    return subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, pass_fds=(theirs.fileno(),))


# ---------------------------------------------------------------------- the fork server itself

def _reap() -> None:
    """Collect the workers that have ended (they stay zombies until then, so their pids are not reused)."""
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _worker(store, quads: int, build_id: str, egress_fd: int, allow: list[str], isolate: bool) -> int:
    """In the forked child, fds 0 and 1 already its own: isolate, say ready, answer (``worker.py``)."""
    from . import worker

    isolation = worker.isolate(allow, egress_fd, isolate)  # before it reads any request
    inp, out = os.fdopen(0, "rb"), os.fdopen(1, "wb")
    return worker.answer_queries(store, inp, out, isolation, allow, ("ready", quads, isolation, build_id))


def serve_forks(path: str, control_fd: int, allow: list[str], isolate: bool) -> int:
    """Load the store, then fork one worker for each request on ``control_fd`` until it closes."""
    import gc

    from . import worker

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the server, which then closes our end
    sys.stdout = sys.stderr  # fd 1 is each worker's protocol stream, never written by this process
    store, build_id = worker.load(path)
    quads = len(store)
    # One query before any fork: what the query path makes on first use (compiled expressions,
    # the engine's and the writers' set-up) is made once here, not on each worker's first request.
    worker.execute(store, {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "formats": {"results": "json"}})
    gc.freeze()  # what is loaded stays shared with the workers: their collections never write to it
    control = socket.socket(fileno=control_fd)
    while True:
        try:
            msg, fds, _flags, _addr = socket.recv_fds(control, 16, 3)
        except OSError:
            return 0
        if not msg:
            for fd in fds:
                os.close(fd)
            return 0
        _reap()
        if msg != b"fork" or len(fds) != 3:
            for fd in fds:
                os.close(fd)
            control.sendall(_PID.pack(0))
            continue
        try:
            pid = os.fork()
        except OSError:
            pid = -1
        if pid == 0:
            code = 1
            try:
                control.close()
                signal.signal(signal.SIGINT, signal.default_int_handler)  # as a worker started alone
                gc.enable()  # (the server pauses collections while it starts)
                os.dup2(fds[0], 0)
                os.dup2(fds[1], 1)
                os.close(fds[0])
                os.close(fds[1])
                code = _worker(store, quads, build_id, fds[2], allow, isolate)
            except BaseException:
                import traceback

                traceback.print_exc()
            finally:
                sys.stderr.flush()
                os._exit(code)
        for fd in fds:
            os.close(fd)
        control.sendall(_PID.pack(max(pid, 0)))  # 0: no worker


def main(argv: list[str] | None = None) -> int:
    import argparse

    p = argparse.ArgumentParser(prog="wco_kg.server.forkserver")
    p.add_argument("path")
    p.add_argument("control_fd", type=int)
    p.add_argument("--isolate", action="store_true")
    p.add_argument("--allow", action="append", default=[])
    args = p.parse_args(sys.argv[1:] if argv is None else argv)
    return serve_forks(args.path, args.control_fd, args.allow, args.isolate)


if __name__ == "__main__":
    sys.exit(main())
