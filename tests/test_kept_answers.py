"""`wco-kg query NAME` keeps its answer, prints it again without the engine, and never keeps a stale one.

The second derivation of every kept answer is the engine's own: ``--fresh`` runs the query
again and must print the same bytes. Whether the engine ran is read from the process itself
(``python -X importtime`` lists every module it imported: pyoxigraph or not).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wco_kg import dataset_cache
from wco_kg.kept_answers import _code_files, _path, answer_key, keep, keepable, kept

ROOT = Path(__file__).resolve().parents[1]


def query(tree: Path, cache: Path, *args: str, importtime: bool = False):
    env = dict(os.environ, WCO_KG_CACHE=str(cache))
    cmd = [sys.executable, *(["-X", "importtime"] if importtime else []), "-m", "wco_kg", "--project", str(tree),
           "query", *args]
    r = subprocess.run(cmd, capture_output=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr.decode()[-2000:]
    return r.stdout, "\tpyoxigraph" in r.stderr.decode() or " pyoxigraph\n" in r.stderr.decode()


@pytest.fixture
def tree(tmp_path) -> Path:
    """A copy of the project to change."""
    for folder in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(ROOT / folder, tmp_path / "tree" / folder)
    return tmp_path / "tree"


def entries(cache: Path) -> list[str]:
    folder = cache / "answers"
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) if folder.is_dir() else []


def test_the_second_run_prints_the_kept_answer_without_the_engine(tree, tmp_path):
    cache = tmp_path / "cache"
    first, engine = query(tree, cache, "headquarters", importtime=True)
    assert engine and b"headquarters site" in first
    assert len(entries(cache)) == 1
    again, engine = query(tree, cache, "headquarters", importtime=True)
    assert again == first and not engine
    fresh, engine = query(tree, cache, "headquarters", "--fresh", importtime=True)
    assert fresh == first and engine
    as_csv, _ = query(tree, cache, "headquarters", "-f", "csv")  # a format is part of the key
    assert as_csv.startswith(b"fact,value,") and len(entries(cache)) == 2


def test_a_fresh_run_neither_prints_nor_keeps_a_kept_answer(tree, tmp_path):
    cache = tmp_path / "cache"
    fresh, engine = query(tree, cache, "headquarters", "--fresh", importtime=True)
    assert engine and b"headquarters site" in fresh and entries(cache) == []
    kept_one, _ = query(tree, cache, "headquarters")
    (entry,) = entries(cache)
    path = cache / "answers" / entry
    before = path.stat().st_mtime_ns
    again, engine = query(tree, cache, "headquarters", "--fresh", importtime=True)
    assert engine and again == fresh == kept_one and path.stat().st_mtime_ns == before


def test_a_changed_data_file_or_question_is_a_new_answer(tree, tmp_path):
    cache = tmp_path / "cache"
    before, _ = query(tree, cache, "headquarters")
    data = tree / "data" / "wco.trig"
    data.write_text(data.read_text(encoding="utf-8").replace('"WCO headquarters"@en', '"WCO seat"@en'),
                    encoding="utf-8")
    after, engine = query(tree, cache, "headquarters", importtime=True)
    assert engine and b"WCO seat" in after and b"WCO headquarters" not in after
    rq = tree / "queries" / "headquarters.rq"
    rq.write_text(rq.read_text(encoding="utf-8").replace('BIND ("headquarters site"', 'BIND ("main site"'),
                  encoding="utf-8")
    changed, engine = query(tree, cache, "headquarters", importtime=True)
    assert engine and b"main site" in changed and before != after != changed


def test_a_file_changed_in_place_with_its_old_size_and_time_is_read_again(tmp_path, monkeypatch):
    """The status includes the change time, which no program can set back (git's racy-clean case)."""
    monkeypatch.setenv("WCO_KG_CACHE", str(tmp_path / "cache"))
    f = tmp_path / "a.ttl"
    f.write_text("aaaa")
    old = time.time() - 60
    os.utime(f, (old, old))
    monkeypatch.setattr(dataset_cache, "SETTLED_S", 0.0)
    sha = lambda: dataset_cache.sha256_of([f])  # noqa: E731
    first = dataset_cache.digest("t", [f], sha)
    assert dataset_cache.digest("t", [f], lambda: "never computed") == first  # remembered
    time.sleep(0.01)
    f.write_text("bbbb")  # same size
    os.utime(f, (old, old))  # same modification time
    assert dataset_cache.digest("t", [f], sha) == dataset_cache.sha256_of([f]) != first


def test_a_digest_of_files_changed_just_now_is_not_remembered(tmp_path, monkeypatch):
    monkeypatch.setenv("WCO_KG_CACHE", str(tmp_path / "cache"))
    f = tmp_path / "a.ttl"
    f.write_text("x")
    calls = []
    compute = lambda: calls.append(1) or "d"  # noqa: E731
    dataset_cache.digest("t", [f], compute)
    dataset_cache.digest("t", [f], compute)
    assert len(calls) == 2  # newer than SETTLED_S: computed each time


@pytest.mark.parametrize("query_text, ok", [
    ("SELECT ?s { ?s ?p ?o }", True),
    ('SELECT ?s { ?s ?p "uuid() now() rand()" } # STRUUID()', True),  # in a string and a comment: not calls
    ("SELECT (STRUUID() AS ?u) {}", False),
    ("SELECT (bnode() AS ?b) {}", False),
    (r"SELECT (N\u004fW() AS ?t) {}", False),  # escaped: the tokenizer decodes it as the engine does
    ("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", False),
    (r"SELECT * { SERV\u0049CE <http://example.org/sparql> { ?s ?p ?o } }", False),
    ('SELECT * { ?s ?p "unterminated }', False),  # unreadable: not kept
])
def test_what_may_be_kept(query_text, ok):
    assert keepable(query_text) is ok


def test_volatile_questions_and_parameters_are_never_kept(tree, tmp_path):
    cache = tmp_path / "cache"
    (tree / "queries" / "clock.rq").write_text("# title: The time\nSELECT (NOW() AS ?t) {}\n", encoding="utf-8")
    query(tree, cache, "clock")
    query(tree, cache, "members-joined-after", "--param", "year=2010")
    query(tree, cache, str(tree / "queries" / "headquarters.rq"))  # a file, not a name
    assert entries(cache) == []


def hostile(tmp_path, monkeypatch):
    monkeypatch.setenv("WCO_KG_CACHE", str(tmp_path / "cache"))
    data = sorted((ROOT / "data").glob("*.trig"))
    key = answer_key(sorted((ROOT / "ontology").glob("*.ttl")), data, ROOT / "queries" / "headquarters.rq", None)
    assert key is not None
    path = _path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    return key, path


def test_a_kept_answer_cut_short_or_foreign_is_not_printed(tmp_path, monkeypatch):
    key, path = hostile(tmp_path, monkeypatch)
    keep(key, b"0123456789")
    assert kept(key) == b"0123456789"
    path.write_bytes(path.read_bytes()[:-1])  # cut short
    assert kept(key) is None
    path.write_bytes(b"0123456789")  # no header
    assert kept(key) is None
    keep(key, b"0123456789")
    path.write_bytes(path.read_bytes() + b"more")  # longer than its header says
    assert kept(key) is None
    other = tmp_path / "elsewhere"
    other.write_bytes(f"wco-kg answer {key} 2\nhi".encode())
    path.unlink()
    path.symlink_to(other)  # a link is never followed
    assert kept(key) is None


def test_a_fifo_or_folder_in_the_cache_never_blocks(tmp_path, monkeypatch):
    key, path = hostile(tmp_path, monkeypatch)
    os.mkfifo(path)
    t0 = time.monotonic()
    assert kept(key) is None
    keep(key, b"answer")  # replaces the FIFO by a file, atomically
    assert kept(key) == b"answer" and time.monotonic() - t0 < 5
    path.unlink()
    path.mkdir()
    keep(key, b"answer")  # cannot replace a folder: skipped, no error
    assert kept(key) is None


def test_a_fifo_planted_as_a_digest_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setenv("WCO_KG_CACHE", str(tmp_path / "cache"))
    f = tmp_path / "a.ttl"
    f.write_text("x")
    status, _ = dataset_cache._status([f])
    entry = dataset_cache._entry("t", status)
    entry.parent.mkdir(parents=True)
    os.mkfifo(entry)
    assert dataset_cache.digest("t", [f], lambda: "computed") == "computed"


def test_the_key_covers_wco_kg_and_the_engine():
    names = {p.name for p in _code_files()}
    assert {"cli.py", "results.py", "store.py", "worker.py"} <= names
    assert any(n.startswith("pyoxigraph") and n.endswith(".so") for n in names), sorted(names)[-5:]


def test_the_kept_path_is_faster_than_the_engine(tree, tmp_path):
    """The reason it exists, shown as a ratio measured in the same run (the bench has the figures)."""
    cache = tmp_path / "cache"
    query(tree, cache, "headquarters")

    def timed(*extra):
        t0 = time.perf_counter()
        query(tree, cache, "headquarters", *extra)
        return time.perf_counter() - t0

    kept_s = min(timed() for _ in range(3))
    fresh_s = min(timed("--fresh") for _ in range(3))
    assert kept_s < fresh_s


def test_a_fifo_among_the_data_files_is_an_error_not_a_hang(tmp_path):
    """Keying the answer reads the files' status only: a FIFO is refused before anything reads it."""
    fifo = tmp_path / "data.trig"
    os.mkfifo(fifo)
    env = dict(os.environ, WCO_KG_CACHE=str(tmp_path / "cache"))
    r = subprocess.run([sys.executable, "-m", "wco_kg", "query", "headquarters", "--data", str(fifo)],
                       capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 2 and "FIFO" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_a_file_named_like_a_question_is_read_as_a_file(tree, tmp_path):
    """`query headquarters` in a folder holding a file called `headquarters` runs that file (as
    `resolve` reads it), so neither prints nor keeps the question's answer."""
    cache = tmp_path / "cache"
    kept_first, _ = query(tree, cache, "headquarters")
    work = tmp_path / "work"
    work.mkdir()
    (work / "headquarters").write_text("SELECT ?x WHERE { VALUES ?x { 42 } }\n", encoding="utf-8")
    env = dict(os.environ, WCO_KG_CACHE=str(cache))
    r = subprocess.run([sys.executable, "-m", "wco_kg", "--project", str(tree), "query", "headquarters"],
                       capture_output=True, env=env, cwd=work, timeout=120)
    assert r.returncode == 0 and b"42" in r.stdout and r.stdout != kept_first
    assert len(entries(cache)) == 1


def test_a_cold_query_imports_nothing_it_does_not_use(tree, tmp_path):
    """What made a cold ``query --fresh`` slow stays out of it: dataclasses (8 ms), typing
    (3.6 ms), tempfile and shutil (argparse's own width reading: 3 ms)."""
    env = dict(os.environ, WCO_KG_CACHE=str(tmp_path / "cache"))
    cmd = [sys.executable, "-X", "importtime", "-m", "wco_kg", "--project", str(tree), "query", "headquarters"]
    subprocess.run(cmd, capture_output=True, env=env, timeout=120, check=True)  # the dataset is kept
    r = subprocess.run([*cmd, "--fresh"], capture_output=True, env=env, timeout=120, check=True)
    imported = {line.rsplit("|", 1)[-1].strip() for line in r.stderr.decode().splitlines() if "|" in line}
    assert {"pyoxigraph", "wco_kg.queries", "wco_kg.store", "argparse"} <= imported
    assert not imported & {"dataclasses", "typing", "tempfile", "shutil", "inspect"}, imported
