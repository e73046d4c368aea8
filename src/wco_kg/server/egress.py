"""The one way out for SERVICE calls: a forwarding proxy in the server that connects only to allowed hosts and ports.

Each query worker hands the server, over a Unix socket pair, listening sockets that live
inside the worker's network namespace, one per allowed destination (``sandbox.py``). The
server accepts on them here and carries each accepted connection's bytes to that
socket's destination, and only that one: the destination is fixed when the socket is
received, checked against the allow-list again, and never read from the connection. So
whatever a query makes the engine ask for, the bytes can only reach an allowed host and
port. Each carried connection is bounded in time (``lifetime``) and the number open at
once is bounded (``max_connections``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket

from .sandbox import destinations


class Egress:
    """Accepts on the workers' doors and forwards to allowed destinations only."""

    def __init__(self, allowed: frozenset[str], lifetime: float = 60.0, max_connections: int = 32):
        self.allowed = set(destinations(allowed))
        self.lifetime, self.max_connections = lifetime, max_connections
        self.open = 0
        self.forwarded = 0
        self.refused = 0
        self._servers: dict[object, list[asyncio.AbstractServer]] = {}

    async def attach(self, owner: object, chan: socket.socket) -> None:
        """Take the doors a worker sent on ``chan`` and serve them until ``detach(owner)``."""
        chan.setblocking(False)
        try:
            msg, fds, _flags, _addr = socket.recv_fds(chan, 1 << 16, 256)
        except (BlockingIOError, OSError):
            return  # the worker sent no doors (no hosts allowed, or no isolation)
        finally:
            chan.close()
        try:
            described = json.loads(msg.decode() or "[]")
        except ValueError:
            described = []
        servers = []
        for fd, dest in zip(fds, described + [None] * len(fds)):
            sock = socket.socket(fileno=fd)
            target = (str(dest[0]), int(dest[1])) if isinstance(dest, list) and len(dest) == 2 else None
            if target not in self.allowed:  # never trust the worker's description beyond the allow-list
                sock.close()
                continue
            sock.setblocking(False)
            servers.append(await asyncio.start_server(
                lambda r, w, t=target: self._carry(r, w, t), sock=sock))
        self._servers[owner] = servers

    def detach(self, owner: object) -> None:
        for server in self._servers.pop(owner, []):
            server.close()

    async def _carry(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                     target: tuple[str, int]) -> None:
        if self.open >= self.max_connections:
            self.refused += 1
            writer.close()
            return
        self.open += 1
        try:
            try:
                up_r, up_w = await asyncio.wait_for(asyncio.open_connection(*target), 10)
            except (OSError, asyncio.TimeoutError):
                return
            self.forwarded += 1

            async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
                with contextlib.suppress(OSError, ConnectionError):
                    while data := await src.read(65536):
                        dst.write(data)
                        await dst.drain()
                with contextlib.suppress(OSError, ConnectionError, RuntimeError):
                    dst.write_eof()

            try:
                await asyncio.wait_for(asyncio.gather(pipe(reader, up_w), pipe(up_r, writer)), self.lifetime)
            except asyncio.TimeoutError:
                pass
            finally:
                up_w.close()
        finally:
            self.open -= 1
            writer.close()

    def close(self) -> None:
        for owner in list(self._servers):
            self.detach(owner)
