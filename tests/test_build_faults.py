"""Build and push faults: special files in data/, an oversized literal, dist/ replaced as one
set, killed builds leaving no temporary folders, a password in --store's URL never printed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wco_kg.build import publish, remove_stale

ROOT = Path(__file__).resolve().parents[1]


def project_copy(where: Path) -> Path:
    where.mkdir()
    for name in ("ontology", "shapes", "queries"):
        (where / name).symlink_to(ROOT / name)
    shutil.copytree(ROOT / "data", where / "data", symlinks=True)
    return where


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wco_kg", *args], capture_output=True, text=True, timeout=timeout)


def one_line(r: subprocess.CompletedProcess) -> str:
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    return lines[0]


def test_special_files_in_data_are_refused(tmp_path):
    p = project_copy(tmp_path / "p")
    os.mkfifo(p / "data" / "zz-fifo.trig")
    t0 = time.monotonic()
    line = one_line(cli("--project", str(p), "build", "--out", str(tmp_path / "dist"), timeout=60))
    assert "zz-fifo.trig" in line and "FIFO" in line and time.monotonic() - t0 < 60
    os.unlink(p / "data" / "zz-fifo.trig")
    (p / "data" / "zz-dev.trig").symlink_to("/dev/zero")
    question = ROOT / "tests" / "server" / "queries" / "wco-in-brussels.rq"
    line = one_line(cli("--project", str(p), "query", str(question), timeout=60))
    assert "zz-dev.trig" in line and "device" in line
    assert not (tmp_path / "dist").exists()


def test_an_oversized_literal_is_one_line_with_file_and_line(tmp_path):
    p = project_copy(tmp_path / "p")
    (p / "data" / "zz-big.trig").write_text(
        "@prefix id: <https://w3id.org/wco-kg/id/> .\n@prefix graph: <https://w3id.org/wco-kg/graph/> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n\nGRAPH graph:sources {\n"
        "id:source-big-partner-profile skos:note \"" + "x" * (17 * 1024 * 1024) + "\"@en .\n}\n")
    line = one_line(cli("--project", str(p), "build", "--out", str(tmp_path / "dist")))
    assert line.startswith(f"wco-kg: error: {p / 'data' / 'zz-big.trig'}:6: ") and "16 MiB" in line


def test_dist_changes_as_one_set(tmp_path):
    out = tmp_path / "dist"
    publish({"a.ttl": b"1", "b.ttl": b"1"}, out)
    publish({"a.ttl": b"2", "c.ttl": b"2"}, out)
    assert sorted(p.name for p in out.iterdir()) == ["a.ttl", "c.ttl"]  # exactly the second build
    assert (out / "a.ttl").read_bytes() == b"2"
    assert [p.name for p in tmp_path.iterdir()] == ["dist"]  # nothing left beside it


def test_a_killed_build_leaves_no_temporary_folders(tmp_path):
    """Kill builds at many moments (SIGTERM and SIGKILL): dist/ is always one whole build or the
    previous one, and the next build removes what a SIGKILL left."""
    p = tmp_path / "p"
    project_copy(p)
    out = tmp_path / "dist"
    assert cli("--project", str(p), "build", "--out", str(out), "-q").returncode == 0
    reference = {f.name: f.read_bytes() for f in out.iterdir()}
    for i, delay in enumerate([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]):
        proc = subprocess.Popen([sys.executable, "-m", "wco_kg", "--project", str(p), "build", "--out", str(out), "-q"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL if i % 2 else signal.SIGTERM)
        proc.wait(30)
        remove_stale(out)
        assert {f.name: f.read_bytes() for f in out.iterdir()} == reference  # one whole build (same data)
        assert sorted(x.name for x in tmp_path.iterdir()) == ["dist", "p"], list(tmp_path.iterdir())


def test_a_password_in_the_store_url_is_never_printed(tmp_path):
    r = cli("push", "--store", "http://admin:s3cr3t-pw@127.0.0.1:9/store", "--no-build", "--out", str(tmp_path), "-q")
    line = one_line(r)
    assert "s3cr3t-pw" not in r.stderr + r.stdout and "127.0.0.1:9/store" in line


@pytest.mark.parametrize("url", ["ftp://u:s3cr3t-pw@example.org/x"])
def test_a_password_in_a_refused_url_is_never_printed(url):
    r = cli("push", "--store", url, "--no-build", "-q")
    assert "s3cr3t-pw" not in r.stderr + r.stdout and r.returncode == 2
