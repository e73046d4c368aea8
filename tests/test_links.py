"""`wco-kg links check` against a real SPARQL endpoint (`oxigraph serve`) holding a small
Wikidata-shaped extract (tests/data/wikidata-extract.ttl, a stand-in: see its header), as
shipped and altered: a label that differs, an item that is missing, and a dead endpoint.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stores import load_turtle
from wco_kg.links import normalise
from wco_kg.namespaces import ID

pytestmark = pytest.mark.integration

EXTRACT = Path(__file__).resolve().parent / "data" / "wikidata-extract.ttl"


def serve(t, text: str) -> str:
    return load_turtle(t, text.encode())


def test_shipped_extract_confirms_three_links_and_reports_brussels(fresh_oxigraph, cli):
    url = serve(fresh_oxigraph, EXTRACT.read_text(encoding="utf-8"))
    r = cli("links", "check", "--endpoint", url)
    assert r.returncode == 1, r.stderr
    lines = r.stdout.splitlines()
    assert 'MISMATCH  wd:Q239 (id:brussels) @en: ours "Brussels", theirs "City of Brussels"' in lines
    for item, entity in [("Q605326", "wco"), ("Q31", "belgium"), ("Q16", "canada")]:
        assert f"ok        wd:{item} (id:{entity}): label agrees (@en)" in lines
    assert re.fullmatch(r"\d+ link\(s\) checked at \S+: 0 missing, 1 with a different label", lines[-1])


def test_all_confirmed_exits_0(fresh_oxigraph, cli):
    text = EXTRACT.read_text(encoding="utf-8").replace('"City of Brussels"@en', '"  brussels "@en')
    r = cli("links", "check", "--endpoint", serve(fresh_oxigraph, text))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "MISMATCH" not in r.stdout and "0 missing, 0 with a different label" in r.stdout


def test_missing_item_is_reported(fresh_oxigraph, cli):
    text = re.sub(r"^wd:Q31 .*\n", "", EXTRACT.read_text(encoding="utf-8"), flags=re.M)
    r = cli("links", "check", "--endpoint", serve(fresh_oxigraph, text))
    assert r.returncode == 1
    assert "MISSING   wd:Q31 (id:belgium): no such item at the endpoint" in r.stdout.splitlines()
    assert "1 missing, 1 with a different label" in r.stdout


def test_french_label_is_compared_when_both_sides_have_one(fresh_oxigraph, cli):
    text = EXTRACT.read_text(encoding="utf-8") + 'wd:Q31 rdfs:label "Royaume de Belgique"@fr .\n'
    r = cli("links", "check", "--endpoint", serve(fresh_oxigraph, text))
    assert 'MISMATCH  wd:Q31 (id:belgium) @fr: ours "Belgique", theirs "Royaume de Belgique"' in r.stdout


def test_dead_endpoint_is_one_line(cli):
    from triplestores import free_port

    url = f"http://127.0.0.1:{free_port()}/query"
    r = cli("links", "check", "--endpoint", url)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip().splitlines() == [f"wco-kg: error: {url}: no response: [Errno 111] Connection refused"]


def test_bad_endpoint_url(cli):
    r = cli("links", "check", "--endpoint", "query.wikidata.org/sparql")
    assert r.returncode == 2 and "not an http(s) endpoint URL" in r.stderr and "Traceback" not in r.stderr


def test_endpoint_answering_an_error_status(fresh_oxigraph, cli):
    r = cli("links", "check", "--endpoint", fresh_oxigraph.query_url.replace("/query", "/nowhere"))
    assert r.returncode == 2
    line, = r.stderr.strip().splitlines()
    assert "HTTP 404" in line


@pytest.mark.parametrize("a,b", [("City of  Brussels", "city of brussels"), ("Ｂelgium", "belgium"),
                                 ("Straße", "STRASSE")])
def test_labels_compare_without_case_or_spacing(a, b):
    assert normalise(a) == normalise(b)



# ---------------------------------------------------------------------- the federated question

FEDERATED = "members-in-wikidata"
WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"


def test_federated_question_on_the_command_line(wikidata, cli):
    from test_questions import expected

    from wco_kg.results import from_sparql_json, same_results

    r = cli("query", FEDERATED, "--service", f"{WIKIDATA_SPARQL}={wikidata}", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert same_results(from_sparql_json(r.stdout), expected(FEDERATED), ordered=True)


def test_federated_question_joins_what_the_service_says(fresh_oxigraph, cli):
    """Drop Wikidata's membership statement for Belgium from the stand-in: Belgium leaves the
    answer, the others stay (the join is made with the service's answer, not with our data)."""
    from wco_kg.results import from_sparql_json

    full = EXTRACT.read_text(encoding="utf-8")
    url = serve(fresh_oxigraph, full.replace('wd:Q31 rdfs:label "Belgium"@en ; wdt:P463 wd:Q605326 .', ""))
    r = cli("query", FEDERATED, "--service", f"{WIKIDATA_SPARQL}={url}", "--format", "json")
    assert r.returncode == 0, r.stderr
    answer = from_sparql_json(r.stdout).dicts()
    items = {row["item"].value for row in answer if row["body"].value == ID + "wco"}
    members = set(re.findall(r"^wd:(Q\d+) rdfs:label .*wdt:P463 wd:Q605326", full, re.M))
    # Belgium's memberships of the other bodies, still in the stand-in, are still joined.
    assert {row["body"].value for row in answer if row["item"].value.endswith("/Q31")} >= {ID + "igo-un", ID + "igo-oecd"}
    assert "http://www.wikidata.org/entity/Q31" not in items
    assert items == {"http://www.wikidata.org/entity/" + q for q in members - {"Q31"}}


@pytest.mark.parametrize("option,message", [
    ("https://example.org/sparql=http://127.0.0.1:1/query", "does not call SERVICE <https://example.org/sparql>"),
    (f"{WIKIDATA_SPARQL}=file:///etc/passwd", "not an http(s) URL"),
    ("no-equals-sign", "write IRI=URL"),
])
def test_service_option_errors(cli, option, message):
    r = cli("query", FEDERATED, "--service", option)
    assert r.returncode == 2 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
