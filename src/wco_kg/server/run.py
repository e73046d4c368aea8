"""``serve()``: prepare the build, bind the address, start the workers, print the URL, serve until stopped.

The listening socket is bound here, before the server starts, so a taken port is a
one-line error and ``--port 0`` (any free port) prints the port it got.
"""

from __future__ import annotations

import contextlib
import signal
import socket
from pathlib import Path
from typing import Callable

from ..background import Background
from ..errors import ServerError
from ..project import Project
from .config import ServerConfig
from .dataset import NQUADS, prepare
from .pool import prestart


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port``; ServerError if it cannot be had."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as e:
        raise ServerError(f"cannot listen on {host}:{port}: {e.strerror}") from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(1024)
    except OSError as e:
        sock.close()
        raise ServerError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def _stopped(signum, frame) -> None:
    raise KeyboardInterrupt


def serve(project: Project | None = None, config: ServerConfig | None = None, *, build: bool = True,
          out_dir: str | Path = "dist", progress: Callable[[str], None] = lambda _m: None,
          announce: Callable[[str], None] = lambda m: print(m, flush=True)) -> None:
    """Build (or take the last build), validate, and serve it until interrupted."""
    config = config or ServerConfig()
    early = []
    if not build and (Path(out_dir) / NQUADS).is_file():
        # A query worker loads the build while this process imports the server and reads it (it
        # proves it read the same build; see pool.WorkerPool), so the first answer comes sooner;
        # the other workers start once the server is up.
        early = prestart(str(Path(out_dir) / NQUADS), 1, isolate=not config.allow_service)
    try:
        # Read the build (and open its store) on a thread while this one imports the server:
        # the store's opening waits more than it computes, and lets the imports run meanwhile.
        reading = Background(lambda: prepare(project, out_dir, build, progress))
        try:
            import uvicorn

            from .app import create_app
        finally:
            reading.wait()
        served = reading.result()
        try:
            sock = bind(config.host, config.port)
        except BaseException:
            served.close()
            raise
    except BaseException:
        for proc in early:
            proc.kill()
            proc.wait()
        raise
    url = url_of(sock)

    def ready(server) -> None:
        isolation = server.pool.isolation
        progress(f"{server.pool.size} query worker(s); network: {isolation}; timeout {config.timeout:g} s")
        if isolation.startswith("unavailable") and not config.allow_service:
            progress("warning: query workers could not leave the network; SERVICE is still refused "
                     "by reading each query")
        announce(f"wco-kg serving at {url} (SPARQL endpoint: {url}sparql); Ctrl+C to stop")

    app = create_app(served, config, on_ready=ready, prestarted=early)
    with contextlib.suppress(ValueError):  # (not the main thread: the caller handles signals)
        # uvicorn raises the SIGTERM it handled again once it has shut down: make that a normal
        # stop too, so the server's own files (dataset.ServedGraph) are removed.
        signal.signal(signal.SIGTERM, _stopped)
    uv = uvicorn.Config(app, loop="uvloop", http="httptools", lifespan="on", access_log=False,
                        log_level="warning", timeout_graceful_shutdown=5, server_header=False)
    try:
        uvicorn.Server(uv).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl+C it handled: a normal stop
        pass
    finally:
        sock.close()
        served.close()
    progress("stopped")
