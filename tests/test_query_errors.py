"""Errors that teach: malformed queries (query_errors.py), on the command line and from an endpoint.

Each case is a query written by hand with its mistake at a known place; the expected line
and column are counted here from the text (the index of the mistake), not copied from a run.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from wco_kg.namespaces import PREFIXES
from wco_kg.query_errors import explain


def problem(query: str):
    try:
        ox.Store().query(query, prefixes=PREFIXES)
    except SyntaxError as e:
        return explain(query, e.msg, PREFIXES)
    raise AssertionError("the engine accepted the query")


def where(query: str, mark: str) -> tuple[int, int]:
    """1-based line and column of the first ``mark`` in ``query``."""
    i = query.index(mark)
    return query.count("\n", 0, i) + 1, i - (query.rfind("\n", 0, i) + 1) + 1


def test_an_error_on_line_3_is_on_line_3_with_a_caret():
    q = "PREFIX ex: <http://example.org/>\nSELECT ?s\nWHERE { ?s ex:p ?o ) }\n"
    p = problem(q)
    assert (p.line, p.column) == where(q, ")") == (3, 20)
    assert p.message == "unexpected ')': expected '}' (the end of the group) or more of the pattern"
    line, caret = p.excerpt().splitlines()
    assert line.endswith("WHERE { ?s ex:p ?o ) }") and caret.index("^") == line.index(")")
    assert p.one_line("q.rq") == f"q.rq:3:20: {p.message}"


def test_unknown_prefix_names_it_and_lists_the_declared_ones():
    q = 'PREFIX ex: <http://example.org/>\nSELECT * WHERE {\n  ?s ex:p "foo:bar" .\n  ?s foo:name ?o }'
    p = problem(q)
    assert (p.line, p.column) == where(q, "foo:name")
    assert p.message.startswith("unknown prefix 'foo:' in foo:name; declared prefixes: ")
    assert "ex:" in p.message and "wkg:" in p.message and "(add PREFIX foo: <…>)" in p.message
    assert "['" not in p.message  # no character classes


@pytest.mark.parametrize("query, words", [
    ("INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }", "INSERT is SPARQL Update, and this endpoint is read-only"),
    ("PREFIX a: <http://a/>\nDELETE WHERE { ?s ?p ?o }", "DELETE is SPARQL Update"),
    ("", "the query is empty"),
    ("   \n# only a comment\n", "the query is empty"),
    ("SELEC * WHERE { ?s ?p ?o }", "unknown word 'SELEC' (did you mean SELECT?)"),
    ("SELECT * WHERE { ?s ?p ?o } LIMT 3", "unknown word 'LIMT' (did you mean LIMIT?)"),
    ("SELECT ?x WHERE { ?s ?p ?o ", "the query ends too early: expected '}'"),
    ('SELECT * WHERE { ?s ?p "abc }', "the query ends inside a string"),
])
def test_what_was_expected_in_words(query, words):
    p = problem(query)
    assert words in p.message, p.message
    assert "['" not in p.message and "\\u{" not in p.message


@pytest.mark.parametrize("query, mark, words", [
    ("SELECT ?s\nWHERE {\n  ?s ?p ?o . FILTER(?o = )\n}", "= )", "unexpected '=': expected ')'"),
    ("SELECT * WHERE { BIND(1 ?x) }", "?x)", "unexpected '?x': expected AS"),
    ("SELECT * WHERE {\n  OPTIONAL { ?s } }", "} }", "unexpected '}'"),
    ("SELECT * WHERE { ?s ?p }", "}", "expected a variable, an IRI or a literal"),
    ("SELECT * WHERE { ?s ?p ?o }\nLIMIT x", "x", "expected a whole number"),
    ("SELECT * WHERE { ?s ?p ?o . GRAPH ?g {\n ?s ?p ?o ) } }", ")", "unexpected ')'"),
])
def test_a_mistake_inside_a_pattern_is_found_inside_it(query, mark, words):
    """Where the grammar backtracked out of a pattern, the spot is inside it, not at its start."""
    p = problem(query)
    assert (p.line, p.column) == where(query, mark) and words in p.message, p.one_line()


def test_update_is_pointed_at_its_keyword():
    q = "PREFIX a: <http://a/>\n\nDELETE WHERE { ?s ?p ?o }"
    assert (problem(q).line, problem(q).column) == where(q, "DELETE")


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { " + "{ " * 2000 + "?s ?p ?o" + " }" * 1999,  # nested, one brace short
    "SELECT * WHERE { ?s ?p ?o . " + "?s ?p ?o . " * 20000 + ")",  # huge
    "SELECT * WHERE { ?s ?p \x00 }",  # a NUL
    "SELECT * WHERE { ?s ?p %22%7D }",  # URL-encoded text pasted as a query
    "SELECT * WHERE { ?s ?p ?o } \\u0029",
    "\ufeffSELECT * WHERE { ?s ?p ?o ",
])
def test_hostile_queries_get_a_message_not_a_crash(query):
    p = problem(query)
    assert p.message and "\n" not in p.message and len(p.one_line()) < 2000


# ---------------------------------------------------------------------- the command line

def test_cli_prints_the_line_and_the_caret(cli):
    q = "PREFIX ex: <http://example.org/>\nSELECT ?s\nWHERE { ?s ex:p ?o ) }\n"
    r = cli("query", "-", input=q)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    first, line, caret = r.stderr.splitlines()
    assert first.startswith("wco-kg: error: <stdin>:3:20: unexpected ')'")
    assert caret.index("^") == line.index(")")


@pytest.mark.parametrize("args, words", [
    (("query", "headquarter"), "unknown question 'headquarter'; did you mean: headquarters?"),
    (("query", "members-per-regio"), "did you mean: members-per-region"),
    (("query", "zzzzzz"), "no question has a similar name"),
    (("query", "headquarters", "--format", "yaml"), "query: argument --format/-f: invalid choice: 'yaml'"),
    (("card", "--lang", "de"), "card: argument --lang: invalid choice: 'de'"),
    (("query", "members-joined-after", "--param", "year=abc"), "parameter year: 'abc' is not a valid gYear"),
])
def test_usage_errors_are_one_line(cli, args, words):
    r = cli(*args)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and words in r.stderr and "usage:" not in r.stderr, r.stderr
    assert len(r.stderr) < 300


def test_export_to_an_unknown_extension_is_an_error_and_writes_nothing(cli, tmp_path):
    out = tmp_path / "x.foo"
    r = cli("export", "-o", str(out), "-q")
    assert r.returncode == 2 and not out.exists()
    assert "unknown extension '.foo'; use one of .ttl, .jsonld, .nt, .nq, .trig, .rdf" in r.stderr


# ---------------------------------------------------------------------- a remote endpoint (a real server)

@pytest.mark.parametrize("query, words", [
    ("INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }", "HTTP 403: Forbidden: SPARQL Update is refused: this endpoint is read-only"),
    ("SELECT * WHERE { ?s ?p ?o }", "HTTP 400: Bad Request: answer too large: the answer has more than 5000 rows"),
    ("SELECT * WHERE { ?s ?p ?o ) }", "HTTP 400: Bad Request: malformed query: line 1, column 27: unexpected ')'"),
    # SPARQLWrapper cannot tell this query's type and warns ("not detected query type"): not shown.
    ("# only words\nfoo bar", "HTTP 400: Bad Request: malformed query: line 2, column 1: unexpected 'foo'"),
])
def test_endpoint_errors_carry_the_servers_message(cli, served, query, words):
    if ")" in query:
        assert "column %d:" % where(query, ")")[1] in words
    r = cli("query", "-", "--endpoint", served.sparql, input=query)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1, r.stderr  # no library warning before it
    assert words in r.stderr, r.stderr
    assert "badly formed" not in r.stderr and "Warning" not in r.stderr
