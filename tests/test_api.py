"""The library's public API: every name in ``wco_kg.__all__`` is importable and called here,
``KnowledgeGraph``'s methods give what an independent route gives, README's session runs.

Independent routes: pyoxigraph's own ``Store.query`` and parsers on the same store (not
our query path), the planted facts of a project copy, a real Oxigraph server for ``push``.
"""

from __future__ import annotations

import doctest
import importlib
import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

import wco_kg
from wco_kg.namespaces import ID, PREFIXES, WCO, sparql_prologue

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def kg():
    return wco_kg.load(ROOT)


def oxigraph_rows(store: ox.Store, text: str) -> list[tuple]:
    """The answer straight from pyoxigraph (no wco_kg code in between)."""
    answer = store.query(sparql_prologue() + text, use_default_graph_as_union=True)
    return [tuple(sol[v] for v in answer.variables) for sol in answer]


# ---------------------------------------------------------------------- README

def test_readme_python_session_runs():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^## From Python\n.*?```python\n(.*?)```", text, re.S | re.M)
    assert block, "README has no 'From Python' section with a python block"
    test = doctest.DocTestParser().get_doctest(block.group(1), {}, "README From Python", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.summarize(verbose=False).attempted >= 10
    assert runner.failures == 0


# ---------------------------------------------------------------------- every public name

def test_every_public_name_is_importable_and_documented():
    for name in wco_kg.__all__:
        value = getattr(wco_kg, name)
        exec(f"from wco_kg import {name}", {})
        if name != "__version__":
            assert callable(value), name
            assert (value.__doc__ or "").strip(), f"{name} has no docstring"
    assert re.fullmatch(r"\d+\.\d+\.\d+", wco_kg.__version__)


def _public_methods(cls) -> list[str]:
    return [n for n, v in vars(cls).items() if callable(v) and not n.startswith("_")]


def test_every_public_function_and_method_has_an_example():
    """Each has a docstring example, which tests/test_doctests.py runs (errors: their family's)."""
    errors = {"WcoKgError", "DataError", "QueryError", "EndpointError", "UsageError", "ValidationFailed"}
    for name in set(wco_kg.__all__) - {"__version__"} - errors:
        assert ">>>" in (getattr(wco_kg, name).__doc__ or ""), name
    for cls in (wco_kg.KnowledgeGraph,):
        for name in _public_methods(cls):
            assert ">>>" in (getattr(cls, name).__doc__ or ""), f"{cls.__name__}.{name}"
    assert ">>>" in wco_kg.WcoKgError.__doc__ and ">>>" in wco_kg.ValidationFailed.__doc__


def test_functions_are_functions_even_after_every_module_is_imported():
    """The issue's symptom: ``wco_kg.build`` became the module once it had been imported."""
    for module in ("builder", "loader", "validation", "queries", "store", "card", "knowledge_graph"):
        importlib.import_module(f"wco_kg.{module}")
    assert callable(wco_kg.build) and wco_kg.build.__module__ == "wco_kg.builder"
    assert callable(wco_kg.load) and wco_kg.load.__module__ == "wco_kg.knowledge_graph"
    assert callable(wco_kg.validate) and wco_kg.validate(ROOT and None).passes()


def test_load_and_load_graph(kg):
    assert isinstance(kg, wco_kg.KnowledgeGraph)
    store = wco_kg.load_graph(wco_kg.Project.locate(ROOT))
    assert set(store) == set(kg.store)
    assert len(kg) == len(kg.store) > 10_000
    again = wco_kg.KnowledgeGraph(store, wco_kg.Project(ROOT))
    assert again.query("ASK { id:wco ?p ?o }").boolean


def test_build_writes_every_export(tmp_path):
    result = wco_kg.build(tmp_path / "dist")
    assert isinstance(result, wco_kg.BuildResult)
    names = {p.name for p in result.files}
    assert {"wco-kg.ttl", "wco-kg.nq", "card.jsonld", "void.ttl"} <= names
    written = ox.Store()
    written.bulk_load(path=str(tmp_path / "dist" / "wco-kg.nq"), format=ox.RdfFormat.N_QUADS)
    assert len(written) == result.quads


def test_local_and_remote_store_give_the_same_answer(kg, oxigraph):
    """LocalStore on our store, RemoteStore on a real Oxigraph server loaded with the same N-Quads."""
    import httpx

    nquads = ox.serialize(kg.store, format=ox.RdfFormat.N_QUADS)
    r = httpx.post(oxigraph.store_url, content=nquads, headers={"Content-Type": "application/n-quads"}, timeout=60)
    assert r.status_code in (200, 201, 204), r.text
    text = sparql_prologue() + "SELECT ?name WHERE { GRAPH ?g { id:wco wkg:name ?name } } ORDER BY ?name"
    local = wco_kg.LocalStore(kg.store).query(text)
    remote = wco_kg.RemoteStore(oxigraph.query_url, named_graphs=[]).query(text)
    assert local == remote and len(local) >= 2


def test_result_questions_resolve_and_partner_card(kg):
    r = wco_kg.Result.select(["x"], [(ox.Literal("a"),)])
    assert r.kind == "select" and len(r) == 1
    qs = wco_kg.questions(kg.project)
    assert isinstance(qs["headquarters"], wco_kg.Question)
    assert wco_kg.resolve("headquarters", kg.project) == qs["headquarters"]
    card = wco_kg.partner_card(kg.store)
    [(name,)] = oxigraph_rows(kg.store, f"SELECT ?n WHERE {{ <{WCO}> wkg:name ?n FILTER(lang(?n) = 'en') }}")
    assert card["name"] == name.value


def test_errors_are_one_line_with_their_exit_codes():
    assert wco_kg.DataError("bad\nthing", "f.trig", 3, 4).message == "f.trig:3:4: bad thing"
    assert wco_kg.QueryError("q").exit_code == wco_kg.UsageError("u").exit_code == 2
    assert "HTTP 500" in str(wco_kg.EndpointError("http://x/", "down", 500))
    assert issubclass(wco_kg.EndpointError, wco_kg.WcoKgError)

    class Report:
        def verdict(self, strict):
            return "1 violation(s)"
    assert wco_kg.ValidationFailed(Report()).exit_code == 1


# ---------------------------------------------------------------------- the KnowledgeGraph

def test_query_by_name_matches_pyoxigraph_on_the_same_text(kg):
    q = kg.question("members-joined-after")
    ours = kg.query("members-joined-after", year=2010)
    theirs = oxigraph_rows(kg.store, q.bind({"year": "2010"}))
    assert ours.rows == theirs and 0 < len(ours) < len(kg.query("members-joined-after", year=1990))


def test_query_text_with_bound_variables(kg):
    wco = ox.NamedNode(WCO)
    r = kg.query("SELECT ?org ?n WHERE { ?org wkg:name ?n }", org=wco)
    expected = oxigraph_rows(kg.store, f"SELECT ?org ?n WHERE {{ VALUES ?org {{ <{WCO}> }} ?org wkg:name ?n }}")
    assert sorted(map(str, r.rows)) == sorted(map(str, expected)) and r.rows
    # A Python str is a plain literal: it finds the plain notation, not the "ECP"@en it is not.
    [(concept, _n)] = kg.query("SELECT ?c ?n WHERE { ?c skos:notation ?n }", n="ECP").rows
    assert concept == ox.NamedNode(ID + "package-ecp")


def test_query_errors_say_what_and_where(kg, tmp_path):
    with pytest.raises(wco_kg.QueryError, match=r"^query:2:\d+: "):
        kg.query("SELECT ?x WHERE {\n  ?x wkg:name }")
    with pytest.raises(wco_kg.UsageError, match="unknown question 'headquarter'; known questions: activities"):
        kg.query("headquarter")
    with pytest.raises(wco_kg.UsageError, match="year"):
        kg.query("members-joined-after", year="next year")
    with pytest.raises(wco_kg.UsageError, match="unknown parameter"):
        kg.query("headquarters", city="Paris")
    with pytest.raises(wco_kg.UsageError, match="not an RDF term"):
        kg.query("SELECT ?x WHERE { ?x ?p ?o }", x=object())
    with pytest.raises(wco_kg.UsageError, match="no such query file"):
        kg.query(str(tmp_path / "missing.rq"))
    rq = tmp_path / "mine.rq"
    rq.write_text("# title: mine\nASK { id:wco ?p ?o }\n", encoding="utf-8")
    assert kg.query(str(rq)).boolean is True


HOSTILE = {
    # Each of the first four ended the process (a segmentation fault: pyoxigraph's parser
    # overflowed the stack) before the query path refused them.
    "nested groups": "ASK { " + "{" * 10_000 + " ?s ?p ?o " + "}" * 10_000 + " }",
    "nested parentheses": "ASK { FILTER" + "(" * 100_000 + "true" + ")" * 100_000 + " }",
    "UNION chain": "SELECT * WHERE { {<x:s> <x:p> ?o} " + "UNION {<x:s> <x:p> ?o} " * 8_000 + "} LIMIT 1",
    "FILTER chain": "SELECT * WHERE { ?s ?p ?o " + "FILTER(true) " * 20_000 + "} LIMIT 1",
    "huge but flat": "SELECT * WHERE { ?s ?p ?o } LIMIT 1 " + "# padding\n" * 100_000,
    "escaped quote, unclosed": 'SELECT * WHERE { ?s ?p "\\" } " }',
    "encoded braces": "SELECT * WHERE { ?s <http://a/%7B%7D> ?o } LIMIT 1",
    "encoded twice": "SELECT * WHERE { ?s <http://a/%257B> ?o } LIMIT 1",
    "a NUL": "SELECT * WHERE { ?s ?p ?o } \x00",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_query_text_is_answered_or_refused_in_one_line(kg, name):
    try:
        result = kg.query(HOSTILE[name])
    except wco_kg.QueryError as e:
        assert "\n" not in str(e) and str(e).startswith("query:")
        if name in ("nested groups", "nested parentheses", "UNION chain", "FILTER chain"):
            assert "the limit is" in str(e)
    else:
        assert result.kind in ("select", "ask")
        assert name not in ("nested groups", "nested parentheses", "UNION chain", "FILTER chain")


def test_validate_finds_a_planted_violation(tmp_path):
    for d in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(ROOT / d, tmp_path / d)
    (tmp_path / "data" / "zz-planted.trig").write_text(
        f"@prefix id: <{ID}> .\n@prefix graph: <{PREFIXES['graph']}> .\n"
        f"GRAPH graph:nowhere {{ id:api-planted <{PREFIXES['wkg']}name> \"planted\"@en . }}\n", encoding="utf-8")
    report = wco_kg.load(tmp_path).validate()
    assert not report.passes()
    assert PREFIXES["graph"] + "nowhere" in {f.focus for f in report.violations}
    assert wco_kg.load().validate().passes()


def test_export_bytes_and_files_hold_the_store(kg, tmp_path):
    triples = {q.triple for q in kg.store}
    for name, fmt in (("turtle", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES),
                      ("rdfxml", ox.RdfFormat.RDF_XML), ("jsonld", ox.RdfFormat.JSON_LD)):
        assert {q.triple for q in ox.parse(kg.export(name), format=fmt)} == triples, name
    quads = set(ox.parse(kg.export("trig"), format=ox.RdfFormat.TRIG))
    assert quads == set(kg.store)
    out = kg.export("ttl", tmp_path / "g.txt")
    assert out == tmp_path / "g.txt" and out.read_bytes() == kg.export("turtle")
    by_extension = kg.export(path=tmp_path / "g.nq")
    assert set(ox.parse(path=str(by_extension), format=ox.RdfFormat.N_QUADS)) == set(kg.store)
    assert kg.export() == kg.export("turtle")
    with pytest.raises(wco_kg.UsageError, match="unknown RDF format 'xls'"):
        kg.export("xls")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.nq", "g.txt"]  # no temporary left over


def test_card_in_both_languages(kg):
    fr = kg.card(lang="fr")
    [(name,)] = oxigraph_rows(kg.store, f"SELECT ?n WHERE {{ <{WCO}> wkg:name ?n FILTER(lang(?n) = 'fr') }}")
    assert fr["name"] == name.value and fr["@id"] == WCO
    assert kg.card()["name"] != fr["name"]
    with pytest.raises(wco_kg.UsageError, match="language"):
        kg.card(lang="de")
    json.dumps(fr)  # plain JSON


def test_push_loads_the_graph_into_a_real_store(kg, fresh_oxigraph):
    result = kg.push(fresh_oxigraph.store_url, timeout=30)
    assert result.triples == sum(n for _g, n in result.graphs) > 10_000
    back = wco_kg.RemoteStore(fresh_oxigraph.query_url).query(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(back.rows[0][0].value) == len(kg.store)


def test_push_to_nothing_is_an_endpoint_error(kg):
    with pytest.raises(wco_kg.EndpointError, match=r"^http://127\.0\.0\.1:9/store.*no response"):
        kg.push("http://127.0.0.1:9/store", timeout=2)


def test_questions_lists_the_queries_folder(kg):
    names = {p.stem for p in (ROOT / "queries").glob("*.rq")}
    assert set(kg.questions(checks=True)) == names
    assert set(kg.questions()) == {n for n in names if not n.endswith("-violation")}


def test_the_disk_cache_is_opt_in(tmp_path, monkeypatch):
    monkeypatch.setenv("WCO_KG_CACHE", str(tmp_path / "cache"))
    wco_kg.load(ROOT)
    assert not (tmp_path / "cache").exists()
    first = wco_kg.load(ROOT, cache=True)
    assert len(list((tmp_path / "cache").glob("dataset-*.nq"))) == 1
    said: list[str] = []
    again = wco_kg.load(ROOT, cache=True, progress=said.append)
    assert any("from the cache" in s for s in said) and set(again.store) == set(first.store)


def test_load_refuses_what_is_not_a_project(tmp_path):
    with pytest.raises(wco_kg.UsageError, match="not a wco-kg project"):
        wco_kg.load(tmp_path)
    bad = tmp_path / "bad.trig"
    bad.write_text("GRAPH <x:g> { <x:s> <x:p> . }\n", encoding="utf-8")
    with pytest.raises(wco_kg.DataError, match=r"bad\.trig:1:"):
        wco_kg.load(ROOT, [bad])


def test_formats_carry_pyoxigraphs_own():
    """Each format names the pyoxigraph format that reads and writes it, and they agree on the
    extension and (but for pyoxigraph's charset parameter) the media type."""
    from wco_kg.formats import DATA_FORMATS, RDF_FORMATS, RESULT_FORMATS, of_content_type

    for f in (*RDF_FORMATS, *RESULT_FORMATS):
        assert f.ox is not None, f.name
        assert f.ox.file_extension == f.extension, f.name
        assert f.ox.media_type.split(";")[0] == f.media_type, f.name
    assert ox.RdfFormat.from_extension("ttl") is not None
    assert {f.extension for f in DATA_FORMATS} == {"ttl", "trig", "nq"}
    assert of_content_type("application/rdf+xml; charset=utf-8").ox == ox.RdfFormat.RDF_XML
    assert of_content_type(None).ox == ox.RdfFormat.N_TRIPLES
