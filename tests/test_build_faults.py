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

from wco_kg.builder import publish, remove_stale

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
    """Kill builds while they publish (the moment their temporary folder appears) and earlier,
    by SIGTERM and SIGKILL: dist/ is always one whole build, and nothing else is left once the
    next build has started (it removes what a SIGKILL left)."""
    p = tmp_path / "p"
    project_copy(p)
    out = tmp_path / "dist"
    assert cli("--project", str(p), "build", "--out", str(out), "-q").returncode == 0
    before = {f.name: f.read_bytes() for f in out.iterdir()}
    sources = p / "data" / "sources.trig"  # the builds that get killed have other data: every file differs
    sources.write_text(sources.read_text().replace("The profile text carries no date", "The profile text has no date", 1))
    other = tmp_path / "other"
    assert cli("--project", str(p), "build", "--out", str(other), "-q").returncode == 0
    after = {f.name: f.read_bytes() for f in other.iterdir()}
    shutil.rmtree(other)
    assert all(before[name] != after[name] for name in before if name.startswith("wco-kg."))
    publishing_seen = 0
    for sig, when in ((signal.SIGKILL, "publishing"), (signal.SIGTERM, "publishing"), (signal.SIGKILL, 1.0)):
        proc = subprocess.Popen([sys.executable, "-m", "wco_kg", "--project", str(p), "build", "--out", str(out), "-q"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        if when == "publishing":
            while not list(tmp_path.glob(".wco-kg-new-*")) and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.002)
            publishing_seen += bool(list(tmp_path.glob(".wco-kg-new-*")))
        else:
            time.sleep(when)
        proc.send_signal(sig)
        proc.wait(30)
        now = {f.name: f.read_bytes() for f in out.iterdir()}
        assert now == before or now == after  # one whole build, never a mix
        remove_stale(out)
        assert sorted(x.name for x in tmp_path.iterdir()) == ["dist", "p"], list(tmp_path.iterdir())
    assert publishing_seen >= 1  # at least one kill landed while the build was publishing


def test_a_password_in_the_store_url_is_never_printed(tmp_path):
    r = cli("push", "--store", "http://admin:s3cr3t-pw@127.0.0.1:9/store", "--no-build", "--out", str(tmp_path), "-q")
    line = one_line(r)
    assert "s3cr3t-pw" not in r.stderr + r.stdout and "127.0.0.1:9/store" in line


@pytest.mark.parametrize("url", ["ftp://u:s3cr3t-pw@example.org/x"])
def test_a_password_in_a_refused_url_is_never_printed(url):
    r = cli("push", "--store", url, "--no-build", "-q")
    assert "s3cr3t-pw" not in r.stderr + r.stdout and r.returncode == 2


def test_a_deeply_nested_query_on_the_command_line_is_one_line(tmp_path):
    """Without the check, 5,000 nested braces crash the engine's parser (a segmentation fault)."""
    for text in ("SELECT * WHERE " + "{" * 5000 + "}" * 5000, "ASK { FILTER(" + "STR(" * 1000 + "1" + ")" * 1000 + ") }"):
        q = tmp_path / "deep.rq"
        q.write_text(text)
        line = one_line(cli("query", str(q)))
        assert "the query nests" in line and "limit is 64" in line
