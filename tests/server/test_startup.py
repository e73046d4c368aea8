"""Start-up: a client that connects while ``serve --no-build`` starts waits and is answered; the
build's files served are the ones the server started with, whatever dist/ becomes; a missing
build is still the error said, with nothing left behind."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest
from servers import Listener, free_port, start_server

from wco_kg.errors import DataError
from wco_kg.server import served_build
from wco_kg.server.served_build import BuildFiles, prepare, start_workers


def test_a_client_that_connects_while_the_server_starts_waits_and_is_answered(served):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "wco_kg", "--project", str(served.project), "serve",
                             "--no-build", "--out", str(served.out), "--port", str(port), "--workers", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:  # connect as early as the port takes connections
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=60)
                break
            except ConnectionRefusedError:
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.002)
        os.set_blocking(proc.stdout.fileno(), False)
        try:  # what the server had said when the connection was made
            printed_before = os.read(proc.stdout.fileno(), 65536)
        except BlockingIOError:
            printed_before = b""
        with sock:
            sock.sendall(b"GET /sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D HTTP/1.1\r\nHost: x\r\n"
                         b"Accept: application/sparql-results+json\r\nConnection: close\r\n\r\n")
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
        assert b"serving at" not in printed_before  # it connected before the server said it was up
        assert answer.startswith(b"HTTP/1.1 200 ") and answer.endswith(b'{"head":{},"boolean":true}'), answer[-300:]
        # Its fork server is a fork of it (the same command line, no new program), and its
        # workers are the fork server's forks.
        (fork_server,) = _children(proc.pid)
        assert _cmdline(fork_server) == _cmdline(proc.pid)
        assert len(_children(fork_server)) == 2
    finally:
        proc.terminate()
        proc.wait(30)


def test_workers_of_a_fork_server_forked_from_the_server_reach_allowed_hosts_only(served, listener):
    """``--no-build``: the fork server is a fork of the server; its workers' doors still lead to
    the allowed host (through the egress proxy) and nowhere else."""
    allowed = Listener()
    s = start_server(served.project, served.out, "--no-build", "--timeout", "3",
                     "--allow-service", f"localhost:{allowed.port}")
    try:
        (fork_server,) = _children(s.proc.pid)
        assert _cmdline(fork_server) == _cmdline(s.proc.pid)
        for port, seen in ((allowed.port, allowed), (listener.port, listener)):
            r = httpx.get(s.sparql, params={"query": f"SELECT * WHERE {{ SERVICE <http://localhost:{port}/q> "
                                                     "{ ?s ?p ?o } }"}, timeout=30)
            assert r.status_code in (400, 403, 500, 503), r.text
        time.sleep(0.5)
        assert allowed.connections and allowed.connections[-1].startswith(b"POST /q")
        assert listener.connections == []
    finally:
        allowed.close()
        assert s.stop() == 0, "\n".join(s.log)


def _children(pid: int) -> list[int]:
    return [int(c) for t in os.listdir(f"/proc/{pid}/task")
            for c in open(f"/proc/{pid}/task/{t}/children").read().split()]


def _cmdline(pid: int) -> bytes:
    return open(f"/proc/{pid}/cmdline", "rb").read()


def test_the_files_served_are_the_builds_the_server_started_with(tmp_path, monkeypatch):
    out, folder = tmp_path / "dist", tmp_path / "mine"
    out.mkdir()
    (out / "a.ttl").write_bytes(b"first")
    (out / "b.nt").write_bytes(b"kept")
    (out / ".hidden").write_bytes(b"never served")
    files = BuildFiles(out, folder)
    assert sorted(files) == ["a.ttl", "b.nt"] and len(files) == 2
    (tmp_path / "new").write_bytes(b"second")
    os.replace(tmp_path / "new", out / "a.ttl")  # a rebuild replaces the files
    (out / "c.jsonld").write_bytes(b"added")
    assert files["a.ttl"] == b"first" and files.get("b.nt") == b"kept"
    assert files.get("c.jsonld") is None and files.get(".hidden") is None and files.get("../a.ttl") is None
    # Where links cannot be made (another file system), each file is read at once instead.
    def no_link(*_args):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(served_build.os, "link", no_link)
    eager = BuildFiles(out, tmp_path / "other")
    os.replace(out / "b.nt", out / "gone.nt")
    assert eager["a.ttl"] == b"second" and eager["b.nt"] == b"kept" and "gone.nt" not in eager


def test_no_build_is_said_and_nothing_is_left_behind(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    started = start_workers(tmp_path / "nothing-here")
    assert started.forks is None and started.folder.is_dir()
    with pytest.raises(DataError, match="no build to serve"):
        prepare(out_dir=tmp_path / "nothing-here", build=False, started=started)
    assert list(Path(tmp_path / "tmp").iterdir()) == []
