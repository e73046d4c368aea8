"""The WCO's members: data/members.trig against the CSV it is generated from, and the import command.

``data/reference/wco-members.csv`` is a byte-for-byte copy of ``../shared/data/wco-members.csv`` (its
README describes the columns, sources and caveats). The graph is checked against that CSV read
here independently (``csv`` module, no code of wco_kg.members): every row, every code, every
source URL, every note. The import is run as a real process: determinism, readable diffs,
``--check``, and one malformed-row case per rule, each naming its line and writing nothing.
"""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
from pathlib import Path

import pytest

from wco_kg.namespaces import ID, PREFIXES, sparql_prologue

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT / "data" / "reference" / "wco-members.csv"
SHARED = ROOT.parent / "shared" / "data" / "wco-members.csv"
TRIG = ROOT / "data" / "members.trig"
WKG = PREFIXES["wkg"]

ROWS = list(csv.DictReader(CSV.open(encoding="utf-8", newline="")))


def select(local, query: str) -> list[dict]:
    return [{k: v.value for k, v in row.items()} for row in local.query(sparql_prologue() + query).dicts()]


@pytest.fixture(scope="module")
def graph(local) -> dict[str, dict]:
    """Wikidata ID -> what the graph says about that member (one query per property, not per row)."""
    out: dict[str, dict] = {}

    def each(query: str):
        for row in select(local, query):
            yield out.setdefault(row.pop("qid"), {}), row

    for m, row in each("""SELECT DISTINCT ?qid ?t ?name ?kind ?ms ?role ?region ?org WHERE {
            ?t wkg:wikidataId ?qid ; wkg:memberKind ?kind . ?kind skos:notation ?k .
            ?t skos:prefLabel ?name FILTER (LANG(?name) = "en")
            ?ms a wkg:TerritoryMembership ; org:member ?t ; org:role ?role ; org:organization ?org ;
                wkg:region ?r . ?r skos:prefLabel ?region FILTER (LANG(?region) = "en") }"""):
        assert "t" not in m, f"two territories or memberships for {row}"
        m.update(row)
    for prop in ("iso3166Alpha2", "iso3166Alpha3", "unM49", "geonamesId"):
        for m, row in each(f"SELECT ?qid ?v WHERE {{ ?t wkg:wikidataId ?qid ; wkg:{prop} ?v }}"):
            m.setdefault(prop, set()).add(row["v"])
    for m, row in each("SELECT ?qid ?v WHERE { ?t wkg:wikidataId ?qid ; owl:sameAs ?v }"):
        m.setdefault("sameAs", set()).add(row["v"])
    for m, row in each("SELECT ?qid ?v WHERE { ?t wkg:wikidataId ?qid ; skos:exactMatch ?v }"):
        m.setdefault("exactMatch", set()).add(row["v"])
    for m, row in each("""SELECT ?qid ?v ?start WHERE { ?t wkg:wikidataId ?qid . ?ms org:member ?t ; wkg:memberSince ?v ;
            org:memberDuring/time:hasBeginning/time:inXSDDate ?start }"""):
        m.setdefault("since", set()).add((row["v"], row["start"]))
    for m, row in each("SELECT ?qid ?v WHERE { ?t wkg:wikidataId ?qid . ?ms org:member ?t ; skos:note ?v }"):
        m.setdefault("notes", set()).add(row["v"])
    for m, row in each("""SELECT ?qid ?p ?d ?page ?check WHERE { ?t wkg:wikidataId ?qid . ?ms org:member ?t .
            ?f rdf:subject ?ms ; rdf:predicate ?p ; wkg:derivation ?d .
            OPTIONAL { ?f prov:wasDerivedFrom ?page } OPTIONAL { ?f wkg:checkedIn ?check } }"""):
        m.setdefault("records", set()).add((row["p"].rsplit("#", 1)[-1], row["d"].removeprefix(ID + "derivation-")))
        for key in ("page", "check"):
            if key in row:
                m.setdefault("pages", set()).add(row[key])
    return out


def test_the_csv_copy_is_the_shared_one():
    """data/reference holds the same bytes as ../shared/data (when the shared folder is there)."""
    assert len(ROWS) == 186
    if SHARED.exists():
        assert SHARED.read_bytes() == CSV.read_bytes()
    header = TRIG.read_text(encoding="utf-8").splitlines()[:3]
    assert any(hashlib.sha256(CSV.read_bytes()).hexdigest() in line for line in header), \
        "data/members.trig was not generated from data/reference/wco-members.csv: run `wco-kg members import`"


def test_graph_holds_all_186_rows(graph):
    assert len(graph) == 186 == len({r["wikidata_qid"] for r in ROWS})


@pytest.mark.parametrize("row", ROWS, ids=[r["name"] for r in ROWS])
def test_every_row_with_every_code_and_caveat(graph, row):
    m = graph[row["wikidata_qid"]]
    assert m["name"] == row["name"]
    assert m["org"] == ID + "wco"
    assert m["region"] == row["wco_region"]
    for column, prop in (("iso3166_alpha2", "iso3166Alpha2"), ("iso3166_alpha3", "iso3166Alpha3"),
                         ("m49", "unM49"), ("geonames_id", "geonamesId")):
        assert m.get(prop, set()) == ({row[column]} if row[column] else set()), column
    assert m["sameAs"] == {"http://www.wikidata.org/entity/" + row["wikidata_qid"]}
    assert m.get("exactMatch", set()) == ({f"https://sws.geonames.org/{row['geonames_id']}/"} if row["geonames_id"] else set())
    assert m.get("since", set()) == ({(row["member_since"], row["member_since"])} if row["member_since"] else set())
    assert m.get("notes", set()) == ({row["notes"]} if row["notes"] else set())
    kind = {"UN member state": "un-member-state", "customs territory": "customs-territory", "other": "other"}[row["kind"]]
    assert m["kind"] == ID + "member-kind-" + kind
    interim = row["name"] == "European Union"
    assert m["role"] == ID + ("role-wco-interim-member" if interim else "role-wco-member")
    # Every source URL of the row is a page some record of the member rests on.
    urls = {entry.split("=", 1)[1] for entry in row["source_url"].split(" | ")}
    conflict_urls = {e.split("=", 1)[1] for e in row["source_url"].split(" | ") if e.startswith("date_conflict=")}
    assert urls - conflict_urls <= m["pages"] | conflict_urls
    # How each fact was obtained follows the row's notes.
    notes = row["notes"]
    expected_region = ("by-elimination" if "region by elimination" in notes else "by-geography" if "region by geography" in notes
                       else "by-alignment" if "region by alignment" in notes else "read")
    assert {d for p, d in m["records"] if p == "region"} == {expected_region}
    if row["member_since"]:
        assert ("memberSince", "paired-by-position" if "date paired by list-position" in notes else "read") in m["records"]
    if "membership NOT confirmed" in notes:
        assert ("member", "by-count-balance") in m["records"]


def test_special_rows(local):
    """Curaçao unconfirmed, the EU's interim status, Kosovo without ISO codes, both date conflicts kept."""
    rows = select(local, """SELECT ?d WHERE { id:fact-cuw-membership wkg:derivation ?d }""")
    assert [r["d"] for r in rows] == [ID + "derivation-by-count-balance"]
    conflicts = select(local, """SELECT ?f ?v ?w ?page WHERE { ?f wkg:conflictsWith ?other ; rdf:object ?v .
        ?other rdf:object ?w . OPTIONAL { ?f prov:wasDerivedFrom ?page } } ORDER BY ?f""")
    got = {(r["f"].removeprefix(ID), r["v"], r["w"]) for r in conflicts}
    assert got == {("fact-esp-member-since", "1952-07-13", "1952-08-04"), ("fact-esp-member-since-1952-08-04", "1952-08-04", "1952-07-13"),
                   ("fact-mus-member-since", "1973-03-29", "1973-03-19"), ("fact-mus-member-since-1973-03-19", "1973-03-19", "1973-03-29")}
    spanish_blog = [r.get("page") for r in conflicts if r["f"].endswith("esp-member-since-1952-08-04")]
    assert spanish_blog == ["http://archivodeinalbis.blogspot.com/2019/04/organizaciones-internacionales-xviii-la.html?m=0"]
    assert not select(local, "SELECT ?c WHERE { id:territory-kosovo wkg:iso3166Alpha2|wkg:iso3166Alpha3|wkg:unM49 ?c }")


def test_existing_iris_are_reused(local):
    """Belgium and Canada keep the IRIs data/ already gave them; no duplicate is minted."""
    rows = select(local, "SELECT ?t ?c WHERE { ?t wkg:iso3166Alpha3 ?c FILTER (?c IN (\"BEL\", \"CAN\")) } ORDER BY ?c")
    assert [(r["t"], r["c"]) for r in rows] == [(ID + "belgium", "BEL"), (ID + "canada", "CAN")]
    assert not select(local, "SELECT ?p WHERE { { id:territory-bel ?p ?o } UNION { id:territory-can ?p ?o } }")


# ---------------------------------------------------------------------- the import command

def test_import_is_deterministic_and_matches_the_committed_file(cli, tmp_path):
    outs = []
    for name in ("a.trig", "b.trig"):
        r = cli("members", "import", str(CSV), "--out", str(tmp_path / name))
        assert r.returncode == 0, r.stderr
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1] == TRIG.read_bytes()
    r = cli("members", "import", str(CSV), "--check")
    assert r.returncode == 0 and "up to date (186 members)" in r.stdout, r.stdout + r.stderr


def edited_csv(tmp_path: Path, edit) -> Path:
    lines = CSV.read_text(encoding="utf-8").splitlines(keepends=True)
    edit(lines)
    path = tmp_path / "wco-members.csv"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _line_of(name: str) -> int:
    """1-based line of a member's row in the CSV."""
    for i, line in enumerate(CSV.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(name + ","):
            return i
    raise KeyError(name)


def test_updated_csv_gives_a_small_readable_diff(cli, tmp_path):
    """Japan's accession day becomes known: the diff is Japan's lines (and the input's hash), nothing else."""
    out = tmp_path / "members.trig"
    shutil.copy(TRIG, out)
    n = _line_of("Japan") - 1

    def edit(lines):
        lines[n] = lines[n].replace(",,UN member state,", ",1964-06-15,UN member state,").replace(
            "| year=", "| date=https://example.org/japan | year=")

    path = edited_csv(tmp_path, edit)
    check = cli("members", "import", str(path), "--out", str(out), "--check")
    assert check.returncode == 1 and "would change" in check.stdout
    assert out.read_bytes() == TRIG.read_bytes(), "--check wrote the file"
    r = cli("members", "import", str(path), "--out", str(out))
    assert r.returncode == 0, r.stderr
    import difflib

    diff = [d for d in difflib.unified_diff(TRIG.read_text().splitlines(), out.read_text().splitlines(), n=0, lineterm="")
            if d[:1] in "+-" and not d.startswith(("+++", "---"))]
    assert 8 <= len(diff) <= 25, "\n".join(diff)
    changed = [d for d in diff if "SHA-256" not in d]
    assert all("jpn" in d or "1964-06-15" in d or "example.org/japan" in d or d.strip() in "+-" or d.lstrip("+- ").startswith(
        ("time:", "a time:", "org:memberDuring", "wkg:derivation", "rdf:", "dcterms:source", "a wkg:FactRecord", "prov:", "wkg:checkedIn"))
        for d in changed), "\n".join(changed)


BAD_ROWS = [
    ("wrong column count", "Japan", lambda l: l.replace(",UN member state,", ",UN member state,extra,"), "12 columns, expected 11"),
    ("bad ISO date", "France", lambda l: l.replace("1952-10-06", "1952-13-06"), "member_since '1952-13-06' is not a date"),
    ("date not ISO", "France", lambda l: l.replace("1952-10-06", "06/10/1952"), "is not a date"),
    ("bad code format", "France", lambda l: l.replace(",FR,FRA,", ",fr,FRA,"), "iso3166_alpha2 'fr' is not two capital letters"),
    ("bad M49", "France", lambda l: l.replace(",250,", ",25,"), "m49 '25' is not three digits"),
    ("bad QID", "France", lambda l: l.replace(",Q142,", ",142,"), "wikidata_qid '142' is not Q and a number"),
    ("unknown region", "France", lambda l: l.replace(",Europe,", ",Western Europe,"), "unknown wco_region 'Western Europe'"),
    ("unknown kind", "France", lambda l: l.replace(",UN member state,", ",UN state,"), "unknown kind 'UN state'"),
    ("duplicate code", "France", lambda l: l.replace(",FR,FRA,250,", ",BE,FRA,250,"), "duplicate iso3166_alpha2 'BE' (also on line"),
    ("bad source label", "France", lambda l: l.replace("region=", "area="), "source_url label 'area'"),
    ("source not a URL", "France", lambda l: l.replace("region=https://", "region=ftp://"), "is not an http(s) URL"),
    ("no region source", "Kosovo", lambda l: l.replace("region=https://wikiblah.com/wiki/member-states-of-the-world-customs-organization | ", ""),
     "no region=URL entry"),
    ("standing without a year", "Kosovo", lambda l: l.replace("suspended in WCO Council 2017", "suspended in WCO Council"),
     "give no year after it"),
    ("standing without its page", "Kosovo",
     lambda l: l.replace(" | membership=https://serbianconsulate.bc.ca/status-of-kosovo-in-the-world-customs-organizations-in-dispute/", ""),
     "no membership=URL entry"),
    ("standing given twice", "Kosovo",
     lambda l: l.replace("suspended in WCO Council 2017;", "suspended in WCO Council 2017; rights contested/suspended in WCO Council 2018;"),
     "two standings"),
]


def test_kosovo_standing_is_data_with_its_records(local):
    """The notes' "rights contested/suspended in WCO Council 2017" is a standing and a year, each
    with a record read in the row's membership= page, not only a note."""
    rows = select(local, """SELECT ?status ?year ?page WHERE {
        id:wco-membership-kosovo wkg:membershipStatus ?status ; wkg:statusSinceYear ?year .
        ?r rdf:subject id:wco-membership-kosovo ; rdf:predicate wkg:membershipStatus ; rdf:object ?status ;
           wkg:derivation id:derivation-read ; prov:wasDerivedFrom ?page }""")
    assert [(r["status"], r["year"], r["page"]) for r in rows] == [
        (ID + "membership-status-rights-suspended", "2017",
         "https://serbianconsulate.bc.ca/status-of-kosovo-in-the-world-customs-organizations-in-dispute/")]
    assert not select(local, "SELECT ?m WHERE { ?m wkg:membershipStatus ?s FILTER (?m != id:wco-membership-kosovo) }")


@pytest.mark.parametrize("what, member, edit, message", BAD_ROWS, ids=[b[0] for b in BAD_ROWS])
def test_malformed_row_names_its_line_and_writes_nothing(cli, tmp_path, what, member, edit, message):
    n = _line_of(member)

    def apply(lines):
        new = edit(lines[n - 1])
        assert new != lines[n - 1], f"the edit for {what!r} changed nothing"
        lines[n - 1] = new

    path = edited_csv(tmp_path, apply)
    out = tmp_path / "members.trig"
    out.write_text("previous content\n")
    r = cli("members", "import", str(path), "--out", str(out))
    assert r.returncode == 2, r.stdout + r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
    assert re.match(rf"wco-kg: error: {re.escape(str(path))}:{n}: ", r.stderr), r.stderr
    assert message in r.stderr, r.stderr
    assert out.read_text() == "previous content\n"


def test_bad_header_and_missing_file(cli, tmp_path):
    path = edited_csv(tmp_path, lambda lines: lines.__setitem__(0, lines[0].replace("wco_region", "region")))
    r = cli("members", "import", str(path), "--out", str(tmp_path / "x.trig"))
    assert r.returncode == 2 and f"{path}:1: header must be" in r.stderr
    assert not (tmp_path / "x.trig").exists()
    r = cli("members", "import", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "x.trig"))
    assert r.returncode == 2 and "nope.csv" in r.stderr and "Traceback" not in r.stderr


def test_validate_passes_and_shows_the_count_warning(cli):
    r = cli("validate")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "does not conform: 1 warning; passes (warnings allowed)" in r.stdout
    assert "id:claim-wco-customs-administrations-2022" in r.stdout
    assert "184 (Partner directory profile" in r.stdout and "185 Members and 1 with interim status" in r.stdout


# ---------------------------------------------------------------------- the questions' answers, from the CSV

def test_members_per_region_add_up(local):
    from collections import Counter

    from wco_kg.queries import questions
    from wco_kg.project import Project

    q = questions(Project(ROOT))["members-per-region"]
    got = {r["regionName"].value: (int(r["members"].value), int(r["interim"].value)) for r in local.query(q.bind()).dicts()}
    want = Counter(r["wco_region"] for r in ROWS if r["name"] != "European Union")
    assert got == {region: (want[region], 1 if region == "Europe" else 0) for region in want}


@pytest.mark.parametrize("year, names", [
    ("2020", {"Equatorial Guinea", "Solomon Islands", "Palau"}),
    ("2023", {"Palau"}),
    ("2024", set()),
])
def test_members_joined_after_a_year(local, year, names):
    from wco_kg.project import Project
    from wco_kg.queries import questions

    q = questions(Project(ROOT))["members-joined-after"]
    assert {r["name"].value for r in local.query(q.bind({"year": year})).dicts()} == names


def test_answers_follow_the_csv(local):
    from wco_kg.project import Project
    from wco_kg.queries import questions

    qs = questions(Project(ROOT))

    def names(name: str) -> set[str]:
        return {r["name"].value for r in local.query(qs[name].bind()).dicts()}

    assert names("members-without-date") == {r["name"] for r in ROWS if not r["member_since"]}
    assert names("members-not-un-states") == {r["name"] for r in ROWS if r["kind"] != "UN member state"}
    inferred = {r["name"] for r in ROWS if re.search(r"paired by list-position|region by |membership NOT confirmed", r["notes"])}
    assert names("members-with-inferred-facts") == inferred and len(inferred) == 44

