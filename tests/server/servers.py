"""The server tests' helpers and fixtures: a real ``wco-kg serve`` process on loopback, a silent listener.

The shared server serves a project tree made of the checkout's ontology/, data/ and
shapes/ and the test questions in tests/server/queries/ (the project's own queries/
belong to others). The fixtures are registered by tests/conftest.py (a second conftest.py
here would shadow that one's module name).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
QUERIES = Path(__file__).resolve().parent / "queries"
WCO = "https://w3id.org/wco-kg/id/wco"


def make_project(where: Path, data: Path | None = None) -> Path:
    """A project tree: links to the checkout's folders, the test questions, optionally other data."""
    where.mkdir(parents=True, exist_ok=True)
    for name in ("ontology", "shapes"):
        (where / name).symlink_to(ROOT / name)
    (where / "data").symlink_to(data or ROOT / "data")
    (where / "queries").symlink_to(QUERIES)
    return where


@dataclass
class Served:
    url: str
    proc: subprocess.Popen
    log: list[str] = field(default_factory=list)
    project: Path | None = None
    out: Path | None = None

    @property
    def sparql(self) -> str:
        return self.url + "sparql"

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1].strip("/"))

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        return self.proc.returncode


def start_server(project: Path, out: Path, *args: str, timeout: float = 90, env: dict | None = None) -> Served:
    """Start ``wco-kg serve --port 0`` (with ``env`` added to the environment) and wait for the URL it prints."""
    cmd = [sys.executable, "-m", "wco_kg", "--project", str(project), "serve", "--port", "0",
           "--out", str(out), *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=dict(os.environ, PYTHONUNBUFFERED="1", **(env or {})))
    log: list[str] = []
    found: list[str] = []

    def reader() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            log.append(line.rstrip())
            m = re.search(r"serving at (http://\S+/) ", line)
            if m and not found:
                found.append(m.group(1))

    threading.Thread(target=reader, daemon=True).start()
    deadline = time.monotonic() + timeout
    while not found:
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("wco-kg serve did not start:\n" + "\n".join(log))
        time.sleep(0.05)
    return Served(found[0], proc, log, project, out)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Listener:
    """A TCP listener that records every connection made to it (and answers nothing)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections: list[bytes] = []
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                self.connections.append(conn.recv(4096) or b"(connected)")
            except OSError:
                self.connections.append(b"(connected)")
            conn.close()

    def close(self) -> None:
        self._stop = True
        self._thread.join(2)
        self.sock.close()


# ---------------------------------------------------------------------- fixtures (imported by tests/conftest.py)

@pytest.fixture(scope="session")
def served(tmp_path_factory) -> Served:
    """One real server for the session: the test questions, a 3 s timeout, small limits."""
    base = tmp_path_factory.mktemp("served")
    project = make_project(base / "project")
    s = start_server(project, base / "dist", "--timeout", "3", "--max-request-bytes", "65536",
                     "--max-rows", "5000")
    yield s
    assert s.stop() == 0, "\n".join(s.log)


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()
