"""``serve()``: prepare the build, bind the address, start the workers, print the URL, serve until stopped.

The listening socket is bound here, before the server starts, so a taken port is a
one-line error and ``--port 0`` (any free port) prints the port it got. With the build
already there (``--no-build``) the workers' fork server starts first and the port is bound
next, before the server's imports: see ``serve``'s comments for the order of start-up.
"""

from __future__ import annotations

import contextlib
import gc
import signal
import socket
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..background import Background
from ..errors import ServerError
from .config import ServerConfig
from .own_folder import sweep

if TYPE_CHECKING:
    from ..project import Project


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
    # Start-up from a build allocates much and frees little: no cyclic collection until it is
    # done (the imports alone cost about 70 of them, 12 ms). The application freezes what
    # start-up made (a few hundred unreachable objects among them) before they start again.
    # (Not while a build is made: loading and validating run long and make garbage.)
    paused = gc.isenabled() and not build
    if paused:
        gc.disable()
    try:
        _serve(project, config, build, out_dir, progress, announce, paused)
    finally:
        if paused:
            gc.enable()


def _serve(project: Project | None, config: ServerConfig, build: bool, out_dir: str | Path,
           progress: Callable[[str], None], announce: Callable[[str], None], gc_paused: bool) -> None:
    from .served_build import prepare, start_workers

    # The workers' store loads in the fork server, started first (when the build is there),
    # while this process reads the build (and opens its store) on a thread and imports the
    # server on this one: the store's opening waits more than it computes.
    started = None if build else start_workers(out_dir, config)
    sock = None
    if started is not None and started.forks is not None:
        # Bound now (with a build there; else the missing build is the error to say): a client
        # that connects while the server starts waits in the kernel's queue, not refused.
        try:
            sock = bind(config.host, config.port)
        except BaseException:
            started.close()
            raise
    reading = Background(lambda: prepare(project, out_dir, build, progress, config, started))
    try:
        import uvicorn

        from .app import create_app
        from .limits import guarded_protocol
    finally:
        reading.wait()
    try:
        served = reading.result()  # (a prepare that fails cleans up after itself)
    except BaseException:
        if sock is not None:
            sock.close()
        raise
    if sock is None:
        try:
            sock = bind(config.host, config.port)
        except BaseException:
            served.close()
            raise
    url = url_of(sock)

    def ready(server) -> None:
        if gc_paused:
            gc.enable()  # (after the application's gc.freeze())
        isolation = server.pool.isolation
        progress(f"{server.pool.size} query worker(s); network: {isolation}; timeout {config.timeout:g} s")
        if not server.pool.isolated:  # always said, even with -q: the operator must know
            announce(f"warning: the query workers could not be isolated from the network ({isolation}); "
                     "every query that mentions SERVICE is refused")
        announce(f"wco-kg serving at {url} (SPARQL endpoint: {url}sparql); Ctrl+C to stop")
        # The folders of servers killed outright (own_folder.py), removed once this one answers.
        threading.Thread(target=sweep, name="sweep", daemon=True).start()

    app = create_app(served, config, on_ready=ready)
    with contextlib.suppress(ValueError):  # (not the main thread: the caller handles signals)
        # uvicorn raises the SIGTERM it handled again once it has shut down: make that a normal
        # stop too, so the server's own files (dataset.ServedGraph) are removed.
        signal.signal(signal.SIGTERM, _stopped)
    protocol = guarded_protocol(config.max_header_bytes, config.max_headers, config.max_request_bytes + 4096,
                                config.read_timeout)
    uv = uvicorn.Config(app, loop="uvloop", http=protocol, lifespan="on", access_log=False,
                        log_level="error", timeout_graceful_shutdown=5, server_header=False)
    try:
        uvicorn.Server(uv).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl+C it handled: a normal stop
        pass
    finally:
        sock.close()
        served.close()
    progress("stopped")
