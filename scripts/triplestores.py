#!/usr/bin/env python3
"""Start and stop two real SPARQL triple stores on loopback: Virtuoso Open Source 7 and Oxigraph.

For people (see README, "Loading into a triple store")::

    python scripts/triplestores.py start virtuoso      # or: oxigraph, all
    # prints the query, Graph Store and update endpoints (and Virtuoso's user and password),
    # then runs until Ctrl+C, when it stops the stores and removes their temporary folders.

For the tests: ``start_virtuoso(workdir)`` and ``start_oxigraph(workdir)`` return a
``Triplestore`` (its URLs, credentials and process); ``stop()`` ends the process.

Each store gets a fresh database in its own folder and free loopback ports, so nothing else
can reach it and nothing else is in it (Virtuoso's default graph is the union of all its
graphs). Virtuoso runs from its own ``virtuoso.ini``: SQL and HTTP ports on 127.0.0.1, a
random DBA password, a user allowed to write through the Graph Store Protocol with Digest
authentication (``/sparql-graph-crud-auth``), and ``ResultSetMaxRows`` raised so no answer
is silently cut. Oxigraph serves with ``--union-default-graph``, as the embedded store does.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

VIRTUOSO_USER = "wcokg"  # the Graph Store Protocol writer; the DBA account is only used to create it
VSP_ROOT = Path("/var/lib/virtuoso-opensource-7/vsp")  # Debian's copy of Virtuoso's web root


class StoreStartError(RuntimeError):
    """A store could not be started: its program is missing or it did not answer in time."""


@dataclass
class Triplestore:
    kind: str
    query_url: str    # SPARQL 1.1 Protocol (read)
    store_url: str    # SPARQL 1.1 Graph Store Protocol (write; ?graph=IRI)
    update_url: str   # SPARQL 1.1 Update
    workdir: Path
    proc: subprocess.Popen
    user: str | None = None
    password: str | None = None
    extra: dict = field(default_factory=dict)

    def describe(self) -> str:
        lines = [f"{self.kind}:", f"  query:  {self.query_url}", f"  store:  {self.store_url}",
                 f"  update: {self.update_url}"]
        if self.user:
            lines.append(f"  user:   {self.user}  password: {self.password}")
        lines.append(f"  folder: {self.workdir}  (pid {self.proc.pid})")
        return "\n".join(lines)

    def stop(self) -> None:
        """End the process (SIGTERM, then SIGKILL after 20 s). Safe to call twice."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _program(name: str, hint: str) -> str:
    exe = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if not exe:
        raise StoreStartError(f"{name} is not installed ({hint})")
    return exe


def _wait_http(url: str, proc: subprocess.Popen, log: Path, timeout: float, what: str) -> None:
    """Poll ``url`` until it answers 200: a real query, not just an open port."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace")[-800:] if log.exists() else ""
            raise StoreStartError(f"{what} exited with status {proc.returncode} before answering: {tail}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except urllib.error.HTTPError as e:
            last = f"HTTP {e.code}"
        except OSError as e:
            last = str(getattr(e, "reason", e))
        time.sleep(0.2)
    proc.kill()
    proc.wait(10)
    raise StoreStartError(f"{what} did not answer {url} within {timeout:.0f} s ({last}); log: {log}")


# ---------------------------------------------------------------------- Virtuoso

VIRTUOSO_INI = """\
; Written by scripts/triplestores.py: a private Virtuoso on loopback, for tests and trials.
[Database]
DatabaseFile       = {d}/virtuoso.db
ErrorLogFile       = {d}/virtuoso.log
LockFile           = {d}/virtuoso.lck
TransactionFile    = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile    = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping        = 0

[Parameters]
ServerPort          = 127.0.0.1:{sql_port}
DisableUnixSocket   = 1
CheckpointInterval  = 60
CaseMode            = 2
DirsAllowed         = ., {d}
NumberOfBuffers     = 10000
MaxDirtyBuffers     = 6000
ThreadsPerQuery     = 2
MaxClientConnections = 10

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {vsp}
MaxClientConnections = 10
ServerThreads        = 10
Charset              = UTF-8
EnabledGzipContent   = 0

[SPARQL]
; Virtuoso silently truncates answers at ResultSetMaxRows: far above anything we ask.
ResultSetMaxRows           = 1000000
MaxQueryExecutionTime      = 120
MaxQueryCostEstimationTime = 400
"""


def start_virtuoso(workdir: str | os.PathLike[str] | None = None, timeout: float = 90) -> Triplestore:
    """A fresh Virtuoso 7 database in ``workdir``, serving on free loopback ports."""
    exe = _program("virtuoso-t", "Debian: apt-get install virtuoso-opensource-7; `make system-deps` does it")
    isql = _program("isql-vt", "Debian: apt-get install virtuoso-opensource-7")
    d = Path(workdir or tempfile.mkdtemp(prefix="wco-kg-virtuoso-")).resolve()
    d.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    vsp = VSP_ROOT if VSP_ROOT.is_dir() else d
    (d / "virtuoso.ini").write_text(VIRTUOSO_INI.format(d=d, sql_port=sql_port, http_port=http_port, vsp=vsp))
    log = d / "virtuoso.log"
    out = (d / "stdout.log").open("wb")
    proc = subprocess.Popen([exe, "+foreground", "+configfile", str(d / "virtuoso.ini")], cwd=d,
                            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    out.close()
    base = f"http://127.0.0.1:{http_port}"
    probe = base + "/sparql?" + urllib.parse.urlencode({"query": "ASK {}", "format": "application/sparql-results+json"})
    try:
        _wait_http(probe, proc, log, timeout, "virtuoso-t")
        dba_password, password = secrets.token_hex(12), secrets.token_hex(12)
        # The stock DBA password of a new database is "dba": replace it at once, then create
        # the writer with the SPARQL_UPDATE role (what /sparql-graph-crud-auth checks), and let
        # anonymous queries call SERVICE (federated questions; loopback only, so no risk here).
        sql = (f"DB.DBA.USER_CREATE('{VIRTUOSO_USER}', '{password}'); "
               f"GRANT SPARQL_UPDATE TO \"{VIRTUOSO_USER}\"; "
               "GRANT SELECT ON DB.DBA.SPARQL_SINV_2 TO \"SPARQL\"; "
               "GRANT EXECUTE ON DB.DBA.SPARQL_SINV_IMP TO \"SPARQL\"; "
               f"set password dba \"{dba_password}\";")
        r = subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={sql}"],
                           capture_output=True, text=True, timeout=60)
        if r.returncode != 0 or "Error" in r.stdout + r.stderr:
            raise StoreStartError(f"isql-vt could not set up users: {(r.stdout + r.stderr).strip()[:500]}")
    except BaseException:
        proc.kill()
        proc.wait(10)
        raise
    return Triplestore("virtuoso", base + "/sparql", base + "/sparql-graph-crud-auth", base + "/sparql-auth",
                       d, proc, VIRTUOSO_USER, password,
                       {"dba_password": dba_password, "sql_port": sql_port, "public_store_url": base + "/sparql-graph-crud"})


# ---------------------------------------------------------------------- Oxigraph

def start_oxigraph(workdir: str | os.PathLike[str] | None = None, timeout: float = 30) -> Triplestore:
    """``oxigraph serve --union-default-graph`` on a fresh database in ``workdir``, on a free loopback port."""
    exe = _program("oxigraph", "pip install oxigraph; `make setup` installs it")
    d = Path(workdir or tempfile.mkdtemp(prefix="wco-kg-oxigraph-")).resolve()
    d.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = d / "serve.log"
    out = log.open("wb")
    proc = subprocess.Popen([exe, "serve", "--location", str(d / "db"), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=out, stderr=subprocess.STDOUT,
                            start_new_session=True)
    out.close()
    base = f"http://127.0.0.1:{port}"
    probe = base + "/query?" + urllib.parse.urlencode({"query": "ASK {}"})
    try:
        _wait_http(probe, proc, log, timeout, "oxigraph serve")
    except BaseException:
        proc.kill()
        proc.wait(10)
        raise
    return Triplestore("oxigraph", base + "/query", base + "/store", base + "/update", d, proc)


STARTERS = {"virtuoso": start_virtuoso, "oxigraph": start_oxigraph}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Start Virtuoso 7 and/or Oxigraph on loopback with fresh "
                                            "databases; print their endpoints; stop them on Ctrl+C.")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("start", help="start stores and keep them running until Ctrl+C")
    s.add_argument("which", choices=[*STARTERS, "all"])
    s.add_argument("--keep", action="store_true", help="keep the temporary folders when stopping")
    args = p.parse_args(argv)
    kinds = list(STARTERS) if args.which == "all" else [args.which]
    running: list[Triplestore] = []
    stop = False

    def on_signal(*_):
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, on_signal)
    try:
        for kind in kinds:
            print(f"starting {kind}...", file=sys.stderr, flush=True)
            running.append(STARTERS[kind]())
            print(running[-1].describe(), flush=True)
        print("push with: wco-kg push --store STORE_URL [--user U --password P]; Ctrl+C stops", file=sys.stderr, flush=True)
        while not stop and all(t.proc.poll() is None for t in running):
            time.sleep(0.5)
    except StoreStartError as e:
        print(f"triplestores: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    finally:
        for t in running:
            t.stop()
            if not args.keep:
                shutil.rmtree(t.workdir, ignore_errors=True)
        if running:
            print("stopped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
