"""`wco-kg push` and `wco-kg query --endpoint` against two real triple stores on loopback:
Virtuoso Open Source 7 (Digest auth on /sparql-graph-crud-auth) and `oxigraph serve`.

The build is pushed once per session into each; then every question must give its expected
answer there (tests/expected/), every check must return no rows, and each named graph read
back must be isomorphic to the build's. Failures (a dead store, wrong credentials, a rejected
payload) are one-line errors naming the URL and status, and leave the previous graphs intact.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.compare import isomorphic

from stores import comparable
from wco_kg.errors import EndpointError
from wco_kg.project import Project
from wco_kg.push import GraphStore, graph_payloads, push, push_payloads
from wco_kg.queries import questions
from wco_kg.results import from_sparql_json, same_results
from wco_kg.store import RemoteStore

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[1]
ALL = questions(Project(ROOT))
STORES = ["virtuoso", "oxigraph"]


def named_graphs(store: ox.Store) -> list[str]:
    return sorted(g.value for g in store.named_graphs())


@pytest.fixture(scope="session")
def pushed(request, store):
    """Each store with the build pushed into it (once), by name."""
    def get(name: str):
        t = request.getfixturevalue(name)
        if not t.extra.get("pushed"):
            result = push(store, t.store_url, user=t.user, password=t.password)
            assert len(result.graphs) == len(named_graphs(store))
            t.extra["pushed"] = result
        return t
    return get


def reader(t, store: ox.Store) -> RemoteStore:
    """Queries as our questions are written: on Virtuoso, whose default graph is the union of
    every graph it holds (its own system graphs too), the dataset is the build's graphs."""
    if t.kind == "virtuoso":
        gs = named_graphs(store)
        return RemoteStore(t.query_url, timeout=60, default_graphs=gs, named_graphs=gs)
    return RemoteStore(t.query_url, timeout=60)


def read_back(t, graph: str) -> list[ox.Triple]:
    gs = GraphStore(t.store_url, t.user, t.password)
    try:
        body = gs.get(graph)
    finally:
        gs.close()
    return [] if body is None else [q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]


# ---------------------------------------------------------------------- what the store holds

@pytest.mark.parametrize("name", STORES)
def test_pushed_graphs_are_isomorphic_to_the_build(pushed, store, name):
    t = pushed(name)
    for g in named_graphs(store):
        ours = [q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g))]
        assert isomorphic(comparable(read_back(t, g)), comparable(ours)), f"{name}: graph {g} differs"


@pytest.mark.parametrize("name", STORES)
def test_push_twice_changes_nothing(pushed, store, name):
    t = pushed(name)
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = reader(t, store).query(count).rows[0][0].value
    push(store, t.store_url, user=t.user, password=t.password)
    assert reader(t, store).query(count).rows[0][0].value == before == str(len(store))


# ---------------------------------------------------------------------- every question, every store

def expected(name: str):
    return from_sparql_json((ROOT / "tests" / "expected" / f"{name}.srj").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", STORES)
@pytest.mark.parametrize("question", sorted(ALL))
def test_question_gives_the_expected_answer_on_the_store(pushed, store, local, bind, name, question):
    q = ALL[question]
    t = pushed(name)
    there = reader(t, store).query(bind(q), source=str(q.path))
    if q.is_check:
        assert there.rows == [], f"{question} on {name}:\n{there.to_table()}"
        return
    want = expected(question)
    assert there.variables == want.variables
    assert same_results(want, there, ordered=q.ordered), \
        f"{question} on {name}\n--- expected:\n{want.to_table()}--- {name}:\n{there.to_table()}"


@pytest.mark.parametrize("name", STORES)
def test_query_command_reads_back(pushed, cli, name):
    t = pushed(name)
    args = ["query", "headquarters", "--endpoint", t.query_url, "--format", "json"]
    r = cli(*args, *(["--build-graphs"] if name == "virtuoso" else []))
    assert r.returncode == 0, r.stderr
    assert same_results(from_sparql_json(r.stdout), expected("headquarters"), ordered=True)


# ---------------------------------------------------------------------- the command

def test_push_command_into_one_graph(fresh_oxigraph, cli, store, tmp_path):
    """--graph puts the whole build into one named graph; progress on stderr, a summary on stdout."""
    iri = "https://example.org/graph/wco-kg"
    r = cli("push", "--store", fresh_oxigraph.store_url, "--graph", iri, "--out", str(tmp_path / "dist"))
    assert r.returncode == 0, r.stderr
    assert re.fullmatch(r"pushed 1 graph\(s\), \d+ triples to \S+ in \d+\.\d\ds\n", r.stdout)
    assert f"[1/1] {iri}: " in r.stderr
    union = {q.triple for q in store}
    assert isomorphic(comparable(read_back(fresh_oxigraph, iri)), comparable(union))


def test_push_command_with_password_from_the_environment(virtuoso, cli, tmp_path):
    r = cli("push", "--store", virtuoso.store_url, "--user", virtuoso.user, "--out", str(tmp_path / "dist"),
            "-q", env={"WCO_KG_STORE_PASSWORD": virtuoso.password})
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("pushed ")


def one_line_error(r) -> str:
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    return lines[0]


def test_wrong_credentials(pushed, cli, store, tmp_path):
    t = pushed("virtuoso")
    r = cli("push", "--store", t.store_url, "--user", t.user, "--password", "wrong",
            "--out", str(tmp_path / "dist"), "-q")
    line = one_line_error(r)
    assert line.startswith(f"wco-kg: error: {t.store_url}?graph=") and "HTTP 401" in line, line
    test_pushed_graphs_are_isomorphic_to_the_build(pushed, store, "virtuoso")


def test_dead_store(cli, tmp_path):
    from triplestores import free_port

    url = f"http://127.0.0.1:{free_port()}/store"
    line = one_line_error(cli("push", "--store", url, "--out", str(tmp_path / "dist"), "-q"))
    assert line.startswith(f"wco-kg: error: {url}?graph=") and "no response" in line, line


def test_not_a_store_url(cli):
    line = one_line_error(cli("push", "--store", "ftp://example.org/x", "--no-build", "-q"))
    assert "not an http(s)" in line


@pytest.mark.parametrize("name", STORES)
def test_rejected_payload_leaves_the_previous_graphs(pushed, store, name):
    """Graph k of the push is malformed: the store refuses it, and the graphs 1..k-1 it had
    already replaced are put back as they were (the build, here)."""
    t = pushed(name)
    payloads = graph_payloads(store)
    k = len(payloads) // 2
    changed = [(g, b"<https://example.org/s> <https://example.org/p> \"changed\" .\n", 1) for g, _, _ in payloads[:k]]
    broken = (payloads[k][0], b"<https://example.org/s> <https://example.org/p> \"unterminated .\n", 1)
    with pytest.raises(EndpointError) as e:
        push_payloads(t.store_url, [*changed, broken], user=t.user, password=t.password)
    message = str(e.value)
    assert "\n" not in message and message.startswith(f"{t.store_url}?graph={payloads[k][0]}: HTTP ")
    assert e.value.status and e.value.status >= 400
    # Graph k was refused: a 4xx did not apply it; after a 5xx (Virtuoso's answer) the store
    # may have, so it is put back too.
    sent = k + 1 if e.value.status >= 500 else k
    assert f"the previous content of {sent} graph(s) was put back" in message
    test_pushed_graphs_are_isomorphic_to_the_build(pushed, store, name)


def test_a_new_graph_is_removed_when_the_push_fails(fresh_oxigraph):
    good = ("https://example.org/g1", b"<https://example.org/s> <https://example.org/p> \"1\" .\n", 1)
    bad = ("https://example.org/g2", b"not rdf at all", 1)
    with pytest.raises(EndpointError, match="HTTP 400"):
        push_payloads(fresh_oxigraph.store_url, [good, bad])
    assert read_back(fresh_oxigraph, "https://example.org/g1") == []


def test_store_killed_during_a_push(store, tmp_path):
    """The store dies after the first graph: a one-line error; nothing is left half-done in our process."""
    import triplestores

    t = triplestores.start_oxigraph(tmp_path / "dying")
    messages = []

    def progress(msg: str) -> None:
        messages.append(msg)
        t.stop()

    with pytest.raises(EndpointError) as e:
        push(store, t.store_url, progress=progress)
    assert len(messages) == 1
    assert "no response" in str(e.value) and "\n" not in str(e.value)
    assert "restoring the previous graphs failed too" in str(e.value)


def test_password_is_not_needed_without_a_user(fresh_oxigraph, store):
    result = push(store, fresh_oxigraph.store_url)
    assert result.triples == sum(1 for _ in store)


def test_virtuoso_answers_are_not_cut(pushed, store):
    """Virtuoso cuts answers silently at ResultSetMaxRows (10,000 by default): ours is raised."""
    t = pushed("virtuoso")
    # The smallest graph whose square passes the default cap: a cross join of it with itself.
    sizes = {g: sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(g))) for g in named_graphs(store)}
    g, n = min(((g, n) for g, n in sizes.items() if n * n > 10_000), key=lambda x: x[1])
    rows = reader(t, store).query(f"SELECT ?a ?b WHERE {{ GRAPH <{g}> {{ ?a ?p ?o }} GRAPH <{g}> {{ ?b ?q ?r }} }}").rows
    assert n * n > 10_000 and len(rows) == n * n
