"""The fast paths keep the answers: pyoxigraph's writers, the answer byte cap, the row bound,
pages made once per build, the persisted stores and the validation record."""

from __future__ import annotations

import csv
import io
import pickle
import time

import httpx
import pyoxigraph as ox
import pytest
from servers import QUERIES, ROOT, WCO

from wco_kg.namespaces import PREFIXES
from wco_kg.project import Project
from wco_kg.queries import questions
from wco_kg.results import Result, from_sparql_json, same_results
from wco_kg.server import worker
from wco_kg.store import LocalStore

FORMATS = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
           "csv": "text/csv", "tsv": "text/tab-separated-values"}


def doubling(times: int, rows: int = 1) -> str:
    """A short query whose one value doubles a string ``times`` times (2**times bytes), on ``rows`` rows."""
    binds = " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(times))
    values = " ".join(str(i) for i in range(rows))
    return f'SELECT ?i ?a{times} WHERE {{ VALUES ?i {{ {values} }} BIND("x" AS ?a0) {binds} }}'


@pytest.fixture(scope="module")
def http(served):
    with httpx.Client(base_url=served.url, timeout=60) as c:
        yield c


def _request(query: str, fmt: str, max_rows: int = 0, max_bytes: int = 0) -> dict:
    return {"query": query, "default_graphs": [], "named_graphs": [], "max_rows": max_rows,
            "max_bytes": max_bytes, "formats": {"results": fmt, "graph": "ntriples"}}


def _parse(body: bytes, fmt: str) -> list[tuple]:
    """An answer read back as rows of values (CSV: plain strings, as CSV keeps no types)."""
    if fmt == "csv":
        return [tuple(r) for r in csv.reader(io.StringIO(body.decode(), newline=""))][1:]
    if fmt == "json":
        return [tuple(r) for r in from_sparql_json(body).rows]
    return [tuple(s[v] for v in s.variables) if hasattr(s, "variables") else tuple(s)
            for s in ox.parse_query_results(body, format=worker._RESULT_WRITERS[fmt])]


# ---------------------------------------------------------------------- pyoxigraph's writers

def test_every_question_in_every_format_gives_the_embedded_stores_rows(store):
    """The worker's native answers, read back, are the rows the embedded store gives (a second
    path: LocalStore iterates the solutions in Python and builds terms one by one)."""
    local = LocalStore(store)
    for q in questions(Project(ROOT)).values():
        if q.is_check or q.federated:
            continue
        expected = local.query(q.bind(), source=q.name)
        for fmt in FORMATS:
            answer = worker.execute(store, _request(q.bind(), fmt, max_rows=100_000))
            assert answer[0] == "ok", (q.name, fmt, answer)
            body = answer[3]
            if fmt == "json":
                assert same_results(from_sparql_json(body), expected, ordered=q.ordered), q.name
            elif fmt == "csv":
                plain = [tuple("" if t is None else ("_:" + t.value if isinstance(t, ox.BlankNode) else t.value)
                               for t in row) for row in expected.rows]
                assert sorted(_parse(body, fmt)) == sorted(plain), q.name
            else:
                rows = [tuple(s[v] for v in expected.variables) for s in
                        ox.parse_query_results(body, format=worker._RESULT_WRITERS[fmt])]
                assert same_results(Result.select(expected.variables, rows), expected, ordered=q.ordered), \
                    (q.name, fmt)


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_the_row_bound_is_never_below_the_rows(store, fmt):
    """``rows_at_most`` (bytes every row writes, counted) is an upper bound, also for values made
    of the very bytes it counts; ``count_rows`` (a real parser) is exact."""
    tricky = '("{" "}" "a\\nb" "<result>" "x,y" "\\"q\\"" "." ";" "\\t")'
    query = f"SELECT ?s ?v WHERE {{ VALUES ?v {{ {tricky[1:-1]} }} {{ SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT 40 }} }}"
    n = sum(1 for _ in store.query(query, use_default_graph_as_union=True))
    assert n == 9 * 40
    answer = worker.execute(store, _request(query, fmt))
    body = answer[3]
    assert worker.rows_at_most(body, fmt) >= n
    assert worker.count_rows(body, "results", fmt) == n


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "rdfxml", "jsonld", "nquads", "trig"])
def test_graph_answers_in_every_format(store, fmt):
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o FILTER(?s = <{WCO}>) }} }}"
    expected = {t for t in store.query(query)}
    req = _request(query, "json")
    req["formats"]["graph"] = fmt
    answer = worker.execute(store, req)
    assert answer[:3] == ("ok", "graph", fmt)
    body = answer[3]
    got = {q.triple for q in ox.parse(body, format=worker._GRAPH_WRITERS[fmt])}
    assert got == expected and len(expected) > 20
    assert worker.rows_at_most(body, fmt) >= len(expected)
    assert worker.count_rows(body, "graph", fmt) >= len(expected)  # a writer may repeat a triple


def test_row_limit_counts_exactly(store):
    query = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 300"
    for fmt in FORMATS:
        assert worker.execute(store, _request(query, fmt, max_rows=300))[0] == "ok"
        refused = worker.execute(store, _request(query, fmt, max_rows=299))
        assert refused[:2] == ("error", "rows") and "more than 299 rows" in refused[2]


# ---------------------------------------------------------------------- the answer byte cap

def test_byte_cap_stops_the_query_where_the_answer_crosses_it(store):
    """The writer stops at the cap: what it offered stays within the cap and a chunk or two."""
    seen = []

    class Spy(worker.CappedBuffer):
        def write(self, data):
            seen.append(self.size)
            return super().write(data)

    real = worker.CappedBuffer
    worker.CappedBuffer = Spy
    try:
        answer = worker.execute(store, _request("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "json",
                                                max_bytes=100_000))
    finally:
        worker.CappedBuffer = real
    assert answer[:2] == ("error", "bytes")
    assert "100000 bytes" in answer[2] and "--max-answer-bytes" in answer[2]
    everything = store.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")
    full = len(everything.serialize(format=ox.QueryResultsFormat.JSON))
    assert full > 10 * 100_000  # the whole answer would be far over the cap...
    # ...and writing stopped at the first chunk past it (the writer may try once more, as it ends)
    assert max(seen) <= 100_000 + 16_384 and len(seen) <= 100_000 // 8192 + 3


def test_a_short_query_cannot_make_a_huge_answer(http):
    """A 300-byte query whose one value doubles to 32 MiB gets a one-line refusal (the default cap
    is 32 MiB); one that doubles to 134 MB gets one too (the cap, or the timeout while the engine
    builds the string), never the 134 MB; and the server answers normally afterwards."""
    query = doubling(25)
    assert len(query) < 1100
    r = http.get("/sparql", params={"query": query})
    assert r.status_code == 400, r.text[:200]
    assert len(r.content) < 400 and r.text.count("\n") == 1
    assert r.text.startswith("answer too large: the answer is over 33554432 bytes") and "--max-answer-bytes" in r.text
    t0 = time.monotonic()
    r = http.get("/sparql", params={"query": doubling(27)})
    assert r.status_code in (400, 503) and len(r.content) < 400 and r.text.count("\n") == 1
    assert time.monotonic() - t0 < 3 + 5  # the test server's --timeout is 3 s
    # Many rows of 4 MiB each: refused where they cross the cap, not after all of them.
    r = http.get("/sparql", params={"query": doubling(22, rows=12)}, headers={"Accept": "text/csv"})
    assert r.status_code == 400 and "over 33554432 bytes" in r.text
    ok = http.get("/sparql", params={"query": doubling(10, rows=3)}, headers={"Accept": "text/csv"})
    assert ok.status_code == 200 and ok.text.count("\n") == 4 and len(ok.content) > 3 * 1024


def test_max_answer_bytes_is_an_option(cli):
    r = cli("serve", "--help")
    assert "--max-answer-bytes" in r.stdout
    r = cli("serve", "--max-answer-bytes", "0")
    assert r.returncode == 2 and "--max-answer-bytes must be positive" in r.stderr


# ---------------------------------------------------------------------- pages made once

def test_pages_are_made_once_and_served_the_same(http, served):
    first = http.get("/id/wco.html")
    second = http.get("/id/wco.html", headers={"Origin": "https://example.org"})
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and first.headers["etag"] == second.headers["etag"]
    for h in ("content-type", "cache-control", "vary", "x-build-id"):
        assert first.headers[h] == second.headers[h], h
    assert second.headers["access-control-allow-origin"] == "*"
    assert http.get("/id/wco.html", headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    # The language follows Accept-Language (and ?lang=), and each has its own page.
    fr = http.get("/id/wco.html", headers={"Accept-Language": "fr-CA,fr;q=0.9"})
    assert fr.headers["etag"] != first.headers["etag"] and 'lang="fr"' in fr.text
    assert http.get("/id/wco.html?lang=fr").content == fr.content
    assert http.get("/id/wco.html", headers={"Accept-Language": "fr"}).content == fr.content
    # Other query strings are not kept, but answered the same way.
    other = http.get("/id/wco.html?x=1")
    assert other.status_code == 200 and other.headers["etag"] == first.headers["etag"]
    ttl = [http.get("/id/wco.ttl") for _ in range(2)]
    assert ttl[0].content == ttl[1].content and ttl[0].headers["content-type"].startswith("text/turtle")
    quads = list(ox.parse(ttl[0].content, format=ox.RdfFormat.TURTLE))
    assert any(q.subject.value == WCO for q in quads)


def test_documents_stay_within_their_bytes():
    from starlette.requests import Request
    from starlette.responses import Response

    from wco_kg.server.cache import Documents

    docs = Documents(max_bytes=40_000)

    class App:
        class state:
            server = None

    def request(path: str, query: str = "") -> Request:
        return Request({"type": "http", "method": "GET", "path": path, "query_string": query.encode(),
                        "headers": [], "app": App})

    made = []
    for i in range(200):
        body = bytes([65 + i % 26]) * 5_000
        made.append(body)
        docs.serve(request(f"/id/r{i}.ttl"), "en",
                   lambda: Response(body, media_type="text/turtle", headers={"ETag": f'"{i}"'}))
        assert docs._bytes <= docs.max_bytes
    assert docs.get("/id/r199.ttl", "", "en")[0] == made[199]
    assert docs.get("/id/r0.ttl", "", "en") is None  # the oldest went
    docs.serve(request("/id/q.ttl", "a=" + "x" * 100), "en",
               lambda: Response(b"q", media_type="text/turtle", headers={"ETag": '"q"'}))
    assert docs.get("/id/q.ttl", "a=" + "x" * 100, "en") is None  # other query strings are not kept


# ---------------------------------------------------------------------- start-up caches

def test_the_dataset_cache_as_a_read_only_store(tmp_path, monkeypatch):
    """``load_graph(read_only=True)`` (what ``wco-kg query`` uses): the same quads as a fresh
    load, read-only, kept as an on-disk store; a damaged one is made again."""
    from wco_kg.loader import load_graph

    monkeypatch.setenv("WCO_KG_CACHE", str(tmp_path / "cache"))
    project = Project(ROOT)
    fresh = set(load_graph(project, cache=False))
    first = load_graph(project, read_only=True)  # made, then kept as a store on disk
    [kept] = (tmp_path / "cache").glob("dataset-*.store")
    said: list[str] = []
    opened = load_graph(project, read_only=True, progress=said.append)
    assert any("opened the dataset" in s for s in said)
    assert set(first) == set(opened) == fresh
    with pytest.raises((OSError, RuntimeError)):  # read-only
        opened.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c")))
    del opened
    (kept / "CURRENT").write_text("garbage\n")
    said.clear()
    assert set(load_graph(project, read_only=True, progress=said.append)) == fresh
    assert not any("opened the dataset" in s for s in said)
    assert set(load_graph(project, read_only=True)) == fresh  # made again, and opened


def test_a_store_opens_on_one_cpu_and_the_thread_gets_its_cpus_back(tmp_path):
    """RocksDB's ~180 opening threads inherit the opener's affinity (``dataset_cache._one_cpu``):
    they run on one CPU, and the thread that opened the store has all its CPUs again after."""
    import os
    import threading

    from wco_kg.dataset_cache import _one_cpu, open_persisted, persist

    allowed = os.sched_getaffinity(0)
    seen = []

    def look():  # a thread started inside the block, as RocksDB's are
        seen.append(os.sched_getaffinity(0))

    with _one_cpu():
        inside = os.sched_getaffinity(0)
        t = threading.Thread(target=look)
        t.start()
        t.join()
    assert inside == seen[0] == ({min(allowed)} if len(allowed) > 1 else allowed)
    assert os.sched_getaffinity(0) == allowed
    source = ox.Store()
    source.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c"), ox.NamedNode("http://g")))
    assert persist(source, tmp_path / "s.store")
    assert set(open_persisted(tmp_path / "s.store")) == set(source) and os.sched_getaffinity(0) == allowed


def test_a_validated_build_is_opened_from_its_store_and_a_damaged_one_is_made_again(tmp_path, monkeypatch):
    """``load_build(read_only_in=)``: a build that passed validation opens as the build's on-disk
    store (linked into the caller's folder, read-only) with the N-Quads' quads; a damaged store
    in the cache is made again; a build not validated before is parsed and validated."""
    import shutil

    from wco_kg.builder import build, load_build

    monkeypatch.setenv("WCO_KG_CACHE", str(tmp_path / "cache"))
    project = Project(ROOT)
    build(tmp_path / "dist", project)
    nquads = set(ox.parse(path=str(tmp_path / "dist" / "wco-kg.nq"), format=ox.RdfFormat.N_QUADS))
    said: list[str] = []
    store, _ = load_build(tmp_path / "dist", project, fresh=False, progress=said.append,
                          read_only_in=tmp_path / "mine")
    assert any("validated before" in s for s in said)
    assert set(store) == nquads and (tmp_path / "mine" / "store" / "CURRENT").is_file()
    with pytest.raises((OSError, RuntimeError)):  # read-only
        store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c")))
    del store
    [kept] = (tmp_path / "cache").glob("build-*.store")
    shutil.rmtree(tmp_path / "mine")
    (kept / "CURRENT").unlink()
    store, _ = load_build(tmp_path / "dist", project, fresh=False, read_only_in=tmp_path / "mine")
    assert set(store) == nquads and (kept / "CURRENT").is_file()  # made again
    with pytest.raises((OSError, RuntimeError)):
        store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c")))
    del store
    for record in (tmp_path / "cache").glob("validated-*"):
        record.unlink()
    said.clear()
    store, _ = load_build(tmp_path / "dist", project, fresh=False, progress=said.append,
                          read_only_in=tmp_path / "other")
    assert said and said[0].startswith("validation: ") and "passes" in said[0] and "before" not in said[0]
    assert set(store) == nquads
    store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c")))  # parsed: writable


def test_validation_record_follows_the_build_and_the_shapes(tmp_path, monkeypatch):
    import shutil

    from wco_kg.builder import record_validation, validated_before

    monkeypatch.setenv("WCO_KG_CACHE", str(tmp_path / "cache"))
    tree = tmp_path / "project"
    for folder in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(ROOT / folder, tree / folder)
    project = Project(tree)
    nquads = b'<http://a> <http://b> "c" <http://g> .\n'
    assert validated_before(nquads, project) is None
    record_validation(nquads, project, "validation: conforms: 0 violation(s), 0 warning(s)")
    assert validated_before(nquads, project) == "validation: conforms: 0 violation(s), 0 warning(s)"
    assert validated_before(nquads + b"<http://a> <http://b> <http://d> .\n", project) is None
    shape = sorted((tree / "shapes").glob("*.ttl"))[0]
    shape.write_text(shape.read_text() + "\n# changed\n")
    assert validated_before(nquads, project) is None
    record_validation(nquads, project, "validation: conforms: 0 violation(s), 0 warning(s)")
    (tree / "queries" / "new-violation.rq").write_text("SELECT * WHERE { ?s ?p ?o } LIMIT 0\n")
    assert validated_before(nquads, project) is None


def test_the_303_keeps_the_query_and_says_what_it_varies_on(http):
    r = http.get("/id/wco?lang=fr", headers={"Accept": "text/html", "Origin": "https://example.org"},
                 follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/id/wco.html?lang=fr"
    assert "Accept" in r.headers["vary"] and r.headers["access-control-allow-origin"] == "*"
    r = http.get("/graph/ror", headers={"Accept": "application/n-triples"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/graph/ror.nt"
    assert http.get("/id/wco", headers={"Accept": "image/png"}, follow_redirects=False).status_code == 406
    assert http.get("/id/no-such-thing", follow_redirects=False).status_code == 404


def test_a_server_stopped_by_sigterm_removes_its_own_files(served, tmp_path, monkeypatch):
    """uvicorn raises the SIGTERM it handled again after shutting down; the server treats it as a
    normal stop and removes its folder (its copy of the N-Quads, its links to the build's store)."""
    import signal

    from servers import start_server

    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setenv("TMPDIR", str(private))
    s = start_server(served.project, served.out, "--no-build")
    try:
        assert [p.name for p in private.iterdir() if p.name.startswith("wco-kg-serve-")]
        assert httpx.get(s.sparql, params={"query": "ASK {}"}).json()["boolean"] is True
    finally:
        s.proc.send_signal(signal.SIGTERM)
        assert s.proc.wait(30) == 0
    assert not [p for p in private.iterdir() if p.name.startswith("wco-kg-serve-")]
