"""The competency questions in queries/: headers, expected answers, checks, parameters, endpoints.

Each question's answer on the built graph must equal its golden file in tests/expected/
(see its README), on the embedded store and on a real SPARQL endpoint (``oxigraph serve``,
started here on a free loopback port). Each ``*-violation`` check must return no rows on the
real data, and the expected row on a copy of it broken on purpose.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest

from wco_kg.loader import load
from wco_kg.errors import EndpointError, QueryError, UsageError
from wco_kg.export import serialize_store
from wco_kg.namespaces import ID, PREFIXES, sparql_prologue
from wco_kg.project import Project
from wco_kg.queries import questions
from wco_kg.results import from_sparql_json, same_results
from wco_kg.store import LocalStore, RemoteStore
from wco_kg.validation import CHECK_COMPONENT, run_checks

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests" / "expected"
ALL = questions(Project(ROOT))
QUESTIONS = sorted(n for n, q in ALL.items() if not q.is_check)
CHECKS = sorted(n for n, q in ALL.items() if q.is_check)


def expected(name: str):
    return from_sparql_json((EXPECTED / f"{name}.srj").read_text(encoding="utf-8"))


def explain(name: str, got, want) -> str:
    """A failure message a person can act on: both answers as tables, and how to regenerate."""
    return (f"{name}: the answer differs from tests/expected/{name}.srj\n--- got:\n{got.to_table()}"
            f"--- expected:\n{want.to_table()}"
            f"If the new answer is right, see tests/expected/README.md to regenerate the file.")


# ---------------------------------------------------------------------- the files themselves

def test_enough_questions_and_checks():
    assert len(QUESTIONS) >= 12, QUESTIONS
    assert {"headquarters", "primary-contact", "agreements-with-parties", "facts-with-sources",
            "labels-in-french", "packages", "activities", "claims-as-of"} <= set(QUESTIONS)
    assert {"graphs-without-source-violation", "sources-without-date-violation",
            "facts-outside-source-graph-violation", "dangling-reference-violation"} <= set(CHECKS)


@pytest.mark.parametrize("name", sorted(ALL))
def test_question_has_header(name):
    q = ALL[name]
    assert q.title and q.description and q.returns, f"{q.path}: needs # title:, # description:, # returns:"
    assert q.title.rstrip().endswith("?") or q.is_check, f"{q.path}: a question's title is a question"
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name), "kebab-case file names"


@pytest.mark.parametrize("name", sorted(ALL))
def test_question_parses_and_declares_its_prefixes(bind, name):
    """Parsed by pyoxigraph with no predeclared prefix: the file runs on any endpoint as it is."""
    q = ALL[name]
    try:
        ox.Store().query(bind(q), use_default_graph_as_union=True)
    except SyntaxError as e:
        pytest.fail(f"{q.path}: {e}")


@pytest.mark.parametrize("name", sorted(n for n in ALL if ALL[n].params))
def test_parameters_have_one_values_block_and_a_valid_default(local, bind, name):
    q = ALL[name]
    for p in q.params:
        assert p.description, f"{q.path}: say what parameter {p.name} is ('-- ...')"
        bound = bind(q, {p.name: p.default})  # QueryError unless exactly one VALUES block
        assert bound.count(f"VALUES ?{p.name} ") == 1
        # The header's default is the body's: binding it changes nothing.
        assert same_results(local.query(bound), local.query(bind(q)), ordered=q.ordered), \
            f"{q.path}: the VALUES ?{p.name} block does not hold the header's default {p.default}"


def test_every_question_has_an_expected_file_and_every_file_a_question():
    files = {p.stem for p in EXPECTED.glob("*.srj")}
    assert files == set(QUESTIONS), (f"missing: {sorted(set(QUESTIONS) - files)}; "
                                     f"orphans: {sorted(files - set(QUESTIONS))}")


# ---------------------------------------------------------------------- answers

@pytest.mark.parametrize("name", QUESTIONS)
def test_answer_equals_expected(local, bind, name):
    """A federated question calls a local stand-in for Wikidata instead (tests/stores.py)."""
    q = ALL[name]
    got = local.query(bind(q), source=str(q.path))
    want = expected(name)
    assert got.variables == want.variables, f"{name}: columns {got.variables} != {want.variables}"
    assert same_results(got, want, ordered=q.ordered), explain(name, got, want)


@pytest.mark.parametrize("name", QUESTIONS)
def test_every_row_has_a_source_and_its_dates_apart(name):
    """The acceptance rule: each fact comes with its source document and that source's dates,
    its own (?published, when known) and the day it was read (?retrieved), never one for the other
    (tests/test_expected_answers.py checks each against data/sources.trig)."""
    want = expected(name)
    assert want.rows, f"{name}: the expected answer is empty"
    assert {"source", "published", "retrieved"} <= set(want.variables), \
        f"{name}: returns ?source, ?published and ?retrieved"
    assert "sourceDate" not in want.variables, f"{name}: a merged ?sourceDate hides which date it is"
    for row in want.dicts():
        assert isinstance(row.get("source"), ox.NamedNode) and row["source"].value.startswith(ID + "source-"), row
        dates = [row.get(k) for k in ("published", "retrieved") if row.get(k) is not None]
        assert dates, row
        for date in dates:
            assert isinstance(date, ox.Literal) and re.match(r"\d{4}(-\d\d){0,2}$", date.value), row


def test_ordered_follows_an_outer_order_by():
    assert ALL["headquarters"].ordered and ALL["founding-dates"].ordered
    assert not ALL["distinctions"].ordered and not ALL["website"].ordered


# The checklist of the issue: each fact is answered by a question, with its source and date.
# Each entry: (fact, question, {column: expected value}); "~text" means "contains text". This
# says where each fact of the profile is answered; whether an answer is exactly right (no row
# missing, none extra) is tests/test_expected_answers.py, which derives every expected file again.
CHECKLIST = [
    ("name (en)", "names", {"nameType": "name", "name": "World Customs Organization"}),
    ("acronym (en)", "names", {"nameType": "acronym", "name": "WCO"}),
    ("name (fr)", "names", {"nameType": "name", "name": "Organisation mondiale des douanes", "language": "fr"}),
    ("acronym (fr)", "names", {"nameType": "acronym", "name": "OMD", "language": "fr"}),
    ("intergovernmental body", "organization-kind", {"kind": "wkg:IntergovernmentalOrganization"}),
    ("independent", "organization-kind", {"independent": "true"}),
    ("headquartered in Brussels", "headquarters", {"fact": "city", "value": "id:brussels"}),
    ("... Belgium", "headquarters", {"fact": "country", "value": "id:belgium"}),
    ("primary contact", "primary-contact", {"contactName": "Ricardo Treviño Chapa", "roleName": "Policy Partner"}),
    ("... in an unnamed network's directory, BIG inferred", "primary-contact",
     {"organization": "id:borders-in-globalization", "organizationDerivation": "attributed by the page's format"}),
    ("established 1952", "founding-dates", {"event": "id:wco-establishment", "date": "1952"}),
    ("... as the Customs Co-operation Council", "founding-dates", {"adoptedName": "Customs Co-operation Council"}),
    ("... (CCC)", "names", {"nameType": "acronym", "name": "CCC"}),
    ("mission", "mission", {"text": "to enhance the effectiveness and efficiency of Customs administrations"}),
    ("mission statement", "mission", {"kind": "mission statement", "text": "~develops international standards, fosters cooperation and builds capacity"}),
    ("184 customs administrations", "claims", {"measure": "wkg:customsAdministrationsRepresented", "value": "184"}),
    ("~98% of world trade", "claims", {"measure": "wkg:shareOfWorldTradeProcessed", "value": "98", "approximate": "true"}),
    ("global centre of Customs expertise", "distinctions", {"distinction": "the global centre of Customs expertise"}),
    ("only international organization competent", "distinctions", {"distinction": "~only international organization with competence in Customs matters"}),
    ("activity: international standards", "activities", {"activity": "id:activity-international-standards", "definition": "~developing international standards"}),
    ("activity: cooperation", "activities", {"activity": "id:activity-cooperation", "definition": "~cooperation among Members and with other border agencies"}),
    ("activity: capacity building", "activities", {"activity": "id:activity-capacity-building", "definition": "~tailor-made capacity building and technical assistance"}),
    ("cooperation: joint operations", "activities", {"covers": "id:activity-joint-operations"}),
    ("cooperation: exchange of information", "activities", {"covers": "id:activity-information-exchange"}),
    ("cooperation: harmonized procedures", "activities", {"covers": "id:activity-harmonized-procedures"}),
    ("cooperation: data analysis", "activities", {"covers": "id:activity-data-analysis"}),
    ("cooperation: common technologies", "activities", {"covers": "id:activity-common-technologies"}),
    ("tailor-made capacity building", "activities", {"covers": "id:activity-tailor-made-capacity-building"}),
    ("technical assistance", "activities", {"covers": "id:activity-technical-assistance"}),
    ("package ECP", "packages", {"acronym": "ECP", "name": "Economic Competitiveness Package"}),
    ("package RP", "packages", {"acronym": "RP", "name": "Revenue Package"}),
    ("package CEP", "packages", {"acronym": "CEP", "name": "Compliance and Enforcement Package"}),
    ("package ODP", "packages", {"acronym": "ODP", "name": "Organizational Development Package"}),
    ("MoU with the University of Victoria, December 2021", "agreements-with-parties",
     {"kind": "memorandum of understanding", "party": "id:university-of-victoria", "signedOn": "2021-12"}),
    ("... (Canada)", "agreements-with-parties", {"party": "id:university-of-victoria", "partyLocation": "id:canada"}),
    ("... enhancing cooperation and research capacities", "agreements-with-parties", {"purpose": "~cooperation and the research capacities"}),
    ("official website", "website", {"website": "https://www.wcoomd.org/"}),
]


def _matches(term, want: str) -> bool:
    if term is None:
        return False
    if want.startswith("~"):
        return want[1:] in term.value
    prefix, _, local = want.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        want = PREFIXES[prefix] + local
    return term.value == want


@pytest.mark.parametrize("fact, name, conditions", CHECKLIST, ids=[c[0] for c in CHECKLIST])
def test_checklist_fact_is_answered_with_source_and_date(fact, name, conditions):
    rows = expected(name).dicts()
    hits = [r for r in rows if all(_matches(r.get(k), v) for k, v in conditions.items())]
    assert hits, f"{fact}: no row of {name} has {conditions}"
    assert all(r.get("source") is not None and (r.get("published") or r.get("retrieved")) is not None for r in hits)


# ---------------------------------------------------------------------- checks

@pytest.mark.parametrize("name", CHECKS)
def test_check_passes_on_the_real_data(local, name):
    q = ALL[name]
    result = local.query(q.bind(), source=str(q.path))
    assert result.kind == "select" and result.variables, f"{name}: a check is a SELECT"
    assert not result.rows, f"{name} found:\n{result.to_table()}"


def broken(store: ox.Store, update: str) -> LocalStore:
    """A copy of the built graph with a SPARQL Update applied (the session store is left alone)."""
    copy = ox.Store()
    copy.extend(store)
    copy.update(sparql_prologue() + update)
    return LocalStore(copy)


# (check, what the update breaks, update, expected rows: {first column} or {(first, second)})
BREAKAGES = [
    ("graphs-without-source-violation", "a graph no source is given for",
     'INSERT DATA { GRAPH graph:unsourced { id:wco schema:description "unsourced"@en } }',
     {"graph:unsourced"}),
    ("graphs-without-source-violation", "a graph whose source is said outside graph:sources",
     'DELETE DATA { GRAPH graph:sources { graph:ror dcterms:source id:source-ror-uvic } } ;'
     'INSERT DATA { GRAPH graph:ror { graph:ror dcterms:source id:source-ror-uvic } }',
     {"graph:ror"}),
    ("undescribed-sources-violation", "a source that is not described at all",
     "INSERT DATA { GRAPH graph:sources { graph:ror dcterms:source id:source-nowhere } }",
     {("id:source-nowhere", "graph:ror")}),
    ("undescribed-sources-violation", "a source without a title",
     "DELETE WHERE { GRAPH graph:sources { id:source-ror-uvic dcterms:title ?t } }",
     {("id:source-ror-uvic", "graph:ror")}),
    ("sources-without-date-violation", "a source without its retrieval day",
     'DELETE DATA { GRAPH graph:sources { id:source-ror-uvic pav:retrievedOn "2026-11-28"^^xsd:date } }',
     {("id:source-ror-uvic", "graph:ror")}),
    ("facts-outside-source-graph-violation", "a fact in the default graph",
     'INSERT DATA { id:wco schema:description "no source"@en }',
     {"id:wco"}),
    ("dangling-reference-violation", "a reference to an IRI nothing describes",
     "INSERT DATA { GRAPH graph:big-partner-profile { id:wco schema:location id:bruxelles } }",
     {("id:bruxelles", "id:wco")}),
    ("statement-source-mismatch-violation", "a statement citing a source its graph is not read from",
     "INSERT DATA { GRAPH graph:ccc-history { id:ccc-inaugural-session dcterms:source id:source-big-partner-profile } }",
     {("id:ccc-inaugural-session", "id:source-big-partner-profile")}),
    ("undefined-term-violation", "a misspelt project property",
     'INSERT DATA { GRAPH graph:big-partner-profile { id:wco wkg:foundedIn "1952"^^xsd:gYear } }',
     {("wkg:foundedIn", "id:wco")}),
    ("undefined-term-violation", "a misspelt measure",
     "INSERT DATA { GRAPH graph:big-partner-profile { id:claim-wco-world-trade-share-2022 schema:measuredProperty wkg:worldTradeShare } }",
     {("wkg:worldTradeShare", "id:claim-wco-world-trade-share-2022")}),
    ("missing-superterm-violation", "a minted property without its standard superproperty",
     'DELETE DATA { GRAPH graph:wikipedia-wco { id:wco schema:name "Organisation mondiale des douanes"@fr } }',
     {("id:wco", "schema:name")}),
    ("missing-superterm-violation", "a minted class without its standard superclass",
     "DELETE DATA { GRAPH graph:big-partner-profile { id:mou-wco-uvic-2021 a schema:CreativeWork } }",
     {("id:mou-wco-uvic-2021", "schema:CreativeWork")}),
    ("stated-after-source-violation", "a claim stated after its source's date",
     "DELETE { GRAPH graph:big-partner-profile { id:claim-wco-customs-administrations-2022 wkg:statedOn ?d } }"
     ' INSERT { GRAPH graph:big-partner-profile { id:claim-wco-customs-administrations-2022 wkg:statedOn "2023-03"^^xsd:gYearMonth } }'
     " WHERE { GRAPH graph:big-partner-profile { id:claim-wco-customs-administrations-2022 wkg:statedOn ?d } }",
     {"id:claim-wco-customs-administrations-2022"}),
    ("stated-after-source-violation", "a claim stated after its source was retrieved",
     "DELETE { GRAPH graph:ccc-history { id:claim-ccc-founding-members-1953 wkg:statedOn ?d } }"
     ' INSERT { GRAPH graph:ccc-history { id:claim-ccc-founding-members-1953 wkg:statedOn "2026-12-01"^^xsd:date } }'
     " WHERE { GRAPH graph:ccc-history { id:claim-ccc-founding-members-1953 wkg:statedOn ?d } }",
     {"id:claim-ccc-founding-members-1953"}),
]


def _short(term) -> str:
    from wco_kg.namespaces import shorten

    if term is None:
        return "UNBOUND"
    return shorten(term.value) if isinstance(term, ox.NamedNode) else term.value


@pytest.mark.parametrize("name, what, update, rows", BREAKAGES, ids=[f"{b[0]}: {b[1]}" for b in BREAKAGES])
def test_check_finds_broken_data(store, name, what, update, rows):
    q = ALL[name]
    result = broken(store, update).query(q.bind(), source=str(q.path))
    width = len(next(iter(rows))) if isinstance(next(iter(rows)), tuple) else 1
    got = {tuple(_short(t) for t in row[:width]) if width > 1 else _short(row[0]) for row in result.rows}
    assert got == rows, f"{name} on data with {what}:\n{result.to_table()}"


def test_every_check_has_a_breaking_case():
    assert {b[0] for b in BREAKAGES} == set(CHECKS)


def test_stated_after_source_compares_at_the_coarser_precision(store):
    """A claim stated "2022-06-01" by a source dated "2022" is not after it; "2023" would be."""
    update = ("DELETE { GRAPH graph:big-partner-profile { id:claim-wco-customs-administrations-2022 wkg:statedOn ?d } }"
              ' INSERT { GRAPH graph:big-partner-profile { id:claim-wco-customs-administrations-2022 wkg:statedOn "2022-06-01"^^xsd:date } }'
              " WHERE { GRAPH graph:big-partner-profile { id:claim-wco-customs-administrations-2022 wkg:statedOn ?d } }")
    assert not broken(store, update).query(ALL["stated-after-source-violation"].bind()).rows


def test_missing_superterm_check_finds_data_loaded_without_the_build(project):
    """The raw data (no superterms written) fails the check, as it would on an endpoint loaded from data/."""
    rows = LocalStore(load(project)).query(ALL["missing-superterm-violation"].bind()).dicts()
    supers = {(_short(r["subject"]), _short(r["superterm"])) for r in rows}
    assert ("id:wco", "skos:prefLabel") in supers and ("id:wco", "org:FormalOrganization") in supers


def test_validate_reports_a_check_row_as_a_violation(store, project):
    copy = broken(store, "INSERT DATA { GRAPH graph:big-partner-profile { id:wco schema:location id:bruxelles } }")
    findings = [f for f in run_checks(copy.store, project) if f.component == CHECK_COMPONENT]
    assert [(f.focus, f.shape.rsplit("#", 1)[-1], f.severity) for f in findings] == \
        [(ID + "bruxelles", "dangling-reference-violation", "Violation")]


# ---------------------------------------------------------------------- parameters

def test_claims_as_of_depends_on_the_date(local):
    q = ALL["claims-as-of"]

    def answer(day: str) -> dict[str, str]:
        rows = local.query(q.bind({"asOf": day})).dicts()
        return {r["measure"].value.rsplit("#", 1)[-1]: r["value"].value for r in rows}

    assert answer("2021-12-31") == {}  # before the profile's figures
    assert answer("2022-01-01") == {"customsAdministrationsRepresented": "184", "shareOfWorldTradeProcessed": "98"}
    assert answer("2022-12-31") == answer("2022-01-01")  # a "2022" claim counts all year
    assert answer("2026-11-28")["foundingMembers"] == "17"  # the day those figures were read
    assert "foundingMembers" not in answer("2026-11-27")
    # The WCO's members over time: each figure from the day it holds (wkg:validFrom).
    members = {day: answer(day)["customsAdministrationsRepresented"]
               for day in ("2023-01-25", "2023-01-26", "2023-06-01", "2024-02-01", "2024-02-02",
                           "2025-01-01", "2026-11-28")}
    assert members == {"2023-01-25": "184", "2023-01-26": "185", "2023-06-01": "185", "2024-02-01": "185",
                       "2024-02-02": "186", "2025-01-01": "186", "2026-11-28": "186"}


def test_claims_as_of_names_the_claim_of_the_day(local):
    q = ALL["claims-as-of"]

    def claim(day: str) -> set[str]:
        return {r["claim"].value[len(ID):] for r in local.query(q.bind({"asOf": day})).dicts()
                if r["measure"].value.endswith("customsAdministrationsRepresented")}

    assert claim("2023-06-01") == {"claim-wco-members-2023-01-26"}
    assert claim("2025-01-01") == {"claim-wco-members-2024-02-02"}
    assert claim("2026-11-28") == {"claim-wco-members-2026"}  # the membership page, read that day


def test_claims_as_of_picks_the_latest_claim(store):
    """With a newer figure beside the profile's, the answer follows the date."""
    newer = broken(store, """INSERT DATA { GRAPH graph:wco-website {
        id:claim-test-members-2024 schema:observationAbout id:wco ;
            schema:measuredProperty wkg:customsAdministrationsRepresented ;
            schema:value 186 ; dcterms:date "2024-02"^^xsd:gYearMonth } }""")
    q = ALL["claims-as-of"]

    def members(day: str) -> set[str]:
        return {r["value"].value for r in newer.query(q.bind({"asOf": day})).dicts()
                if r["measure"].value.endswith("customsAdministrationsRepresented")}

    assert members("2023-12-31") == {"185"}
    assert members("2024-02-01") == {"186"}  # a month-precision claim counts from its first day
    assert members("2024-01-31") == {"185"}


def test_parameter_of_type_iri(local):
    q = ALL["facts-with-sources"]
    rows = local.query(q.bind({"entity": "id:mou-wco-uvic-2021"})).dicts()
    signed = [r for r in rows if r["property"].value == PREFIXES["wkg"] + "signedOn"]
    assert [r["value"].value for r in signed] == ["2021-12"]
    assert {r["source"].value for r in signed} == {ID + "source-big-partner-profile"}


@pytest.mark.parametrize("value", ["2022-13-01", "yesterday", "2022", '2022-01-01"^^xsd:date } } #'])
def test_bad_parameter_value_is_a_usage_error(value):
    with pytest.raises(UsageError, match="asOf"):
        ALL["claims-as-of"].bind({"asOf": value})


def test_unknown_parameter_is_a_usage_error():
    with pytest.raises(UsageError, match="takes: asOf"):
        ALL["claims-as-of"].bind({"when": "2022-01-01"})


def test_iri_parameter_refuses_injection():
    with pytest.raises(UsageError):
        ALL["facts-with-sources"].bind({"entity": "id:wco> } } DELETE { ?s ?p ?o } WHERE { ?s ?p ?o } #"})


# ---------------------------------------------------------------------- a real endpoint

def _oxigraph_cli() -> str:
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not found:
        pytest.fail("the oxigraph CLI is missing: pip install -e '.[test]' (it provides `oxigraph serve`)")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def endpoint(store, tmp_path_factory):
    """``oxigraph serve`` on a free loopback port, loaded with the build's N-Quads; its URL."""
    exe = _oxigraph_cli()
    work = tmp_path_factory.mktemp("oxigraph")
    dump = work / "wco-kg.nq"
    dump.write_bytes(serialize_store(store, "nquads"))
    db = work / "db"
    subprocess.run([exe, "load", "--location", str(db), "--file", str(dump)],
                   check=True, capture_output=True, timeout=120)
    port = _free_port()
    log = (work / "serve.log").open("wb")  # a file, not a pipe nobody reads while it runs
    server = subprocess.Popen([exe, "serve", "--location", str(db), "--bind", f"127.0.0.1:{port}",
                               "--union-default-graph"],
                              stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/query"
    try:
        remote = RemoteStore(url, timeout=10)
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                pytest.fail(f"oxigraph serve exited: {(work / 'serve.log').read_text(errors='replace')[:500]}")
            try:
                if remote.query("ASK { ?s ?p ?o }").boolean:
                    break
            except EndpointError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"oxigraph serve did not answer on {url} within 30 s")
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@pytest.fixture(scope="session")
def remote(endpoint) -> RemoteStore:
    return RemoteStore(endpoint, timeout=30)


def test_endpoint_holds_the_whole_graph(remote, store):
    count = remote.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0]
    assert int(count.value) == len(store)


@pytest.mark.parametrize("name", sorted(ALL))
def test_same_answer_on_a_remote_endpoint(local, remote, bind, name):
    q = ALL[name]
    here = local.query(bind(q), source=str(q.path))
    there = remote.query(bind(q), source=str(q.path))
    assert there.variables == here.variables
    assert same_results(here, there, ordered=q.ordered), \
        f"{name}\n--- embedded:\n{here.to_table()}--- endpoint:\n{there.to_table()}"


@pytest.mark.parametrize("day", ["2021-12-31", "2022-12-31"])
def test_same_bound_answer_on_a_remote_endpoint(local, remote, day):
    q = ALL["claims-as-of"]
    text = q.bind({"asOf": day})
    assert same_results(local.query(text), remote.query(text), ordered=True)


def test_remote_malformed_query_is_an_endpoint_error(remote):
    with pytest.raises(EndpointError, match="HTTP 400"):
        remote.query("SELECT * WHERE { ?s ?p }")


def test_local_malformed_query_is_a_query_error_with_position(local):
    with pytest.raises(QueryError, match=r"^bad\.rq:2:\d+: "):
        local.query("SELECT *\nWHERE { ?s ?p }", source="bad.rq")


# ---------------------------------------------------------------------- the command line

def test_questions_lists_every_title(cli):
    r = cli("questions")
    assert r.returncode == 0, r.stderr
    for name in QUESTIONS:
        assert re.search(rf"^{re.escape(name)}\s+{re.escape(ALL[name].title)}", r.stdout, re.M), name
    for name in CHECKS:
        assert name not in r.stdout
    assert f"{len(CHECKS)} *-violation checks" in r.stderr


def test_questions_all_lists_the_checks(cli):
    r = cli("questions", "--all")
    assert r.returncode == 0
    for name in CHECKS:
        assert f"{name}  " in r.stdout or re.search(rf"^{re.escape(name)}\s", r.stdout, re.M)


HQ_CITY = ["city", ID + "brussels", "Brussels", ID + "source-big-partner-profile", "2022", "2026-11-28"]
HQ_COLUMNS = ["fact", "value", "valueName", "source", "published", "retrieved"]


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "xml"])
def test_query_output_format(cli, fmt):
    r = cli("query", "headquarters", "--format", fmt)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    out = r.stdout
    if fmt == "table":
        lines = out.splitlines()
        assert lines[0].split() == HQ_COLUMNS
        assert re.search(r"^city\s+id:brussels\s+Brussels @en\s+id:source-big-partner-profile\s+2022\s+2026-11-28$",
                         out, re.M)
        assert lines[-1] == "(7 rows)"
    elif fmt == "csv":
        lines = out.splitlines()  # the process is read as text: its CRLF line ends become "\n"
        assert lines[0] == ",".join(HQ_COLUMNS)
        assert ",".join(HQ_CITY) in lines
        # The yearbook entry's own date is not known: no ?published, only the day it was read.
        assert f"street address,Rue du Marché 30,,{ID}source-statesmans-yearbook-wco,,2026-11-28" in lines
        assert len([line for line in lines if line]) == 8
    elif fmt == "tsv":
        lines = out.splitlines()
        assert lines[0] == "\t".join("?" + c for c in HQ_COLUMNS)
        assert (f'"city"\t<{ID}brussels>\t"Brussels"@en\t<{ID}source-big-partner-profile>\t'
                f'"2022"^^<http://www.w3.org/2001/XMLSchema#gYear>\t'
                f'"2026-11-28"^^<http://www.w3.org/2001/XMLSchema#date>') in lines
    elif fmt == "json":
        got = from_sparql_json(out)
        assert same_results(got, expected("headquarters"), ordered=True)
        assert json.loads(out)["results"]["bindings"][1]["valueName"] == {
            "type": "literal", "value": "Brussels", "xml:lang": "en"}
    else:
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        root = ET.fromstring(out)
        assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == HQ_COLUMNS
        results = root.findall("r:results/r:result", ns)
        assert len(results) == 7
        city = {b.get("name"): b[0] for b in results[1]}
        assert city["fact"].text == "city" and city["value"].tag == f"{{{ns['r']}}}uri"
        assert city["value"].text == ID + "brussels"
        assert city["valueName"].get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
        assert city["published"].get("datatype") == "http://www.w3.org/2001/XMLSchema#gYear"
        assert city["retrieved"].get("datatype") == "http://www.w3.org/2001/XMLSchema#date"


def test_query_with_parameter_on_the_command_line(cli):
    r = cli("query", "claims-as-of", "--param", "asOf=2021-12-31", "--format", "csv")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "about,measure,measureName,value,unit,approximate,validFrom,statedOn,claim,source,published,retrieved"]


def test_bad_parameter_on_the_command_line(cli):
    r = cli("query", "claims-as-of", "--param", "asOf=2022-02-30")
    assert r.returncode == 2
    assert r.stderr.strip() == "wco-kg: error: parameter asOf: '2022-02-30' is not a valid date"


def test_malformed_query_file_gives_position(cli, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("# title: A broken question?\nSELECT ?x\nWHERE {\n  ?x ?y ?z FILTR(?x)\n}\n", encoding="utf-8")
    r = cli("query", str(bad))
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 3  # the message, then the line with a caret (tests/test_query_errors.py)
    assert re.match(rf"wco-kg: error: {re.escape(str(bad))}:4:\d+: \S", lines[0]), lines[0]
    assert "FILTR" in lines[1] and lines[2].index("^") == lines[1].index("FILTR")


def test_unknown_question_suggests_the_nearest_names(cli):
    r = cli("query", "headquarter")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert "unknown question 'headquarter'; did you mean: headquarters?" in r.stderr
    assert "members-per-region" not in r.stderr  # the nearest names, not all of them
