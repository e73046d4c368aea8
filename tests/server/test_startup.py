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
    """The child processes of ``pid``, by its threads. A thread may end between the listing and
    the read (the server's short-lived ones: the sweep of old folders, the store's): it has
    none then."""
    found = []
    for t in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{t}/children") as f:
                found += [int(c) for c in f.read().split()]
        except FileNotFoundError:
            continue
    return found


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


def test_the_server_imports_uvicorn_without_its_command_line_and_the_package_completes_itself():
    """``run.uvicorn_server`` leaves out ``uvicorn.main`` (click, the reloaders), and the package
    is whole again, ``uvicorn.run`` and all, as soon as anything else of it is asked for."""
    code = ("import sys\n"
            "from wco_kg.server.run import uvicorn_server\n"
            "Config, Server = uvicorn_server()\n"
            "from uvicorn.config import Config as C\nfrom uvicorn.server import Server as S\n"
            "from uvicorn import Config as C2\n"  # what uvicorn.lifespan.on imports
            "before = sorted(m for m in ('uvicorn.main', 'click', 'uvicorn.supervisors') if m in sys.modules)\n"
            "import uvicorn\n"
            "run, version = uvicorn.run, uvicorn.__version__\n"
            "after = sorted(m for m in ('uvicorn.main', 'click') if m in sys.modules)\n"
            "print(before, after, Config is C is C2, Server is S is uvicorn.Server is sys.modules['uvicorn.main'].Server, "
            "callable(run), isinstance(version, str))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["[]", "['click',", "'uvicorn.main']", "True", "True", "True", "True"]
    # Where uvicorn is imported already, it is used as it is.
    code = ("import uvicorn, sys\nfrom wco_kg.server.run import uvicorn_server\n"
            "print(uvicorn_server() == (uvicorn.Config, uvicorn.Server), 'uvicorn.main' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True"]


def test_the_command_line_starts_a_server_without_collections_and_hands_them_to_serve(served):
    """Run as the program, ``wco-kg serve --no-build`` starts with the cyclic collector paused
    and says so to ``serve`` (which resumes it once the server is up); with a build to make, the
    collector runs. (``serve`` replaced by a probe: what it is given is what is checked.)"""
    code = ("import gc, sys\nimport wco_kg.server.run as run\nfrom wco_kg import cli\n"
            "seen, (project, out) = [], sys.argv[1:3]\n"
            "run.serve = lambda *a, collections_paused=False, **k: seen.append((gc.isenabled(), collections_paused))\n"
            "for extra in (['--no-build'], []):\n"
            "    gc.enable()\n"
            "    sys.argv = ['wco-kg', '--project', project, 'serve', '--out', out, *extra]\n"
            "    assert cli.main() == 0\n"
            "print(seen)\n")
    out = subprocess.run([sys.executable, "-c", code, str(served.project), str(served.out)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[(False, True), (True, False)]"


def test_the_servers_n_quads_are_its_own_link_to_the_builds_else_a_copy(served, tmp_path, monkeypatch):
    """``start_workers`` links the build's N-Quads into the server's folder (no 4 MB copy before
    the fork server starts); a rebuild's new file leaves the server's as it was; where links
    cannot be made, it copies."""
    out = tmp_path / "dist"
    out.mkdir()
    built = (served.out / served_build.NQUADS).read_bytes()
    (out / served_build.NQUADS).write_bytes(built)
    for linked in (True, False):
        if not linked:
            def no_link(*_args):
                raise OSError(18, "Invalid cross-device link")

            monkeypatch.setattr(served_build.os, "link", no_link)
        started = start_workers(out)
        try:
            mine = started.folder / served_build.NQUADS
            assert os.path.samefile(mine, out / served_build.NQUADS) is linked
            (tmp_path / "new.nq").write_bytes(b"")
            os.replace(tmp_path / "new.nq", out / served_build.NQUADS)  # a rebuild replaces the file
            assert mine.read_bytes() == built
            (out / served_build.NQUADS).write_bytes(built)
        finally:
            started.close()
        assert not started.folder.exists()
