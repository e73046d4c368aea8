"""The other intergovernmental bodies: data/igos.trig against the CSVs it is generated from, the
questions' answers against those CSVs, and the import command.

The CSVs in data/reference/ are read here with the ``csv`` module (no code of wco_kg.igos or
wco_kg.members): each question's answer on the built graph must be what the tables say. The
import runs as a real process: determinism, ``--check``, and one bad-row case per rule
(unknown grouping, code and year forms, duplicates, control characters...), each naming its line
and writing nothing. The same control characters are refused by the members import.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import defaultdict
from pathlib import Path

import pytest

from wco_kg.namespaces import ID, PREFIXES, sparql_prologue
from wco_kg.project import Project
from wco_kg.queries import questions

ROOT = Path(__file__).resolve().parents[1]
REF = ROOT / "data" / "reference"
SHARED = ROOT.parent / "shared" / "data"
TRIG = ROOT / "data" / "igos.trig"
ALL = questions(Project(ROOT))


def rows(name: str) -> list[dict]:
    with (REF / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


BODIES = {r["grouping"]: r for r in rows("igos.csv")}
MEMBERSHIPS = rows("igo-memberships.csv")
WCO = rows("wco-members.csv")
WCO_BY_A3 = {r["iso3166_alpha3"]: r for r in WCO if r["iso3166_alpha3"]}
MEMBERS_OF = defaultdict(dict)  # grouping -> alpha-3 -> since_year
for _r in MEMBERSHIPS:
    MEMBERS_OF[_r["grouping"]][_r["iso3166_alpha3"]] = _r["since_year"]


def body_iri(grouping: str) -> str:
    return ID + ("territory-european-union" if grouping == "eu" else f"igo-{grouping}")


@pytest.fixture(scope="module")
def a3_of(local) -> dict[str, str]:
    """IRI -> ISO alpha-3 code, as the graph states it (wkg:iso3166Alpha3)."""
    q = sparql_prologue() + "SELECT DISTINCT ?t ?c WHERE { ?t wkg:iso3166Alpha3 ?c }"
    return {r["t"].value: r["c"].value for r in local.query(q).dicts()}


def answer(local, name: str, values: dict | None = None) -> list[dict]:
    result = local.query(ALL[name].bind(values), source=str(ALL[name].path))
    return [{k: v.value for k, v in row.items()} for row in result.dicts()]


# ---------------------------------------------------------------------- the reference tables

def test_the_tables_are_the_shared_ones_and_the_trig_says_so():
    assert len(MEMBERSHIPS) == 382 and len(BODIES) == 8 and len(WCO) == 186
    for name in ("igos.csv", "igo-memberships.csv", "wco-members.csv"):
        if (SHARED / name).exists():
            assert (SHARED / name).read_bytes() == (REF / name).read_bytes(), name
    header = TRIG.read_text(encoding="utf-8").split("\n\n", 1)[0]
    for name in ("igos.csv", "igo-memberships.csv", "igo-names-fr.csv"):
        assert hashlib.sha256((REF / name).read_bytes()).hexdigest() in header, \
            f"data/igos.trig was not generated from data/reference/{name}: run `wco-kg igos import`"
    readme = (REF / "README.md").read_text(encoding="utf-8")
    for name in ("igos.csv", "igo-memberships.csv", "igo-names-fr.csv", "wco-members.csv"):
        assert f"`{name}`" in readme
    assert "../shared" not in (ROOT / "README.md").read_text(encoding="utf-8")


def test_counts_per_body_follow_the_table(local):
    q = sparql_prologue() + """SELECT ?body (COUNT(DISTINCT ?m) AS ?n) WHERE {
        GRAPH ?g { ?ms a wkg:BodyMembership ; org:organization ?body ; org:member ?m } } GROUP BY ?body"""
    got = {r["body"].value: int(r["n"].value) for r in local.query(q).dicts()}
    assert got == {body_iri(g): len(m) for g, m in MEMBERS_OF.items()}
    assert got[body_iri("un")] == 193


def test_bodies_names_kinds_and_only_the_tables_qids(local):
    q = sparql_prologue() + """SELECT ?b ?en ?kind ?same ?fr WHERE {
        ?b org:classification ?k . ?k skos:prefLabel ?kind FILTER (LANG(?kind) = "en")
        ?b skos:prefLabel ?en FILTER (LANG(?en) = "en")
        OPTIONAL { ?b skos:prefLabel ?fr FILTER (LANG(?fr) = "fr") }
        OPTIONAL { GRAPH graph:supraverden { ?b owl:sameAs ?same } } }"""
    got = {}
    for r in local.query(q).dicts():
        got.setdefault(r["b"].value, set()).add((r["en"].value, r["kind"].value, r["same"].value if r.get("same") else ""))
    names_fr = {r["grouping"]: r["name_fr"] for r in rows("igo-names-fr.csv")}
    for g, b in BODIES.items():
        name = "European Union" if g == "eu" else b["name"]
        same = ("http://www.wikidata.org/entity/" + b["wikidata_qid"]) if b["wikidata_qid"] else ""
        assert got[body_iri(g)] == {(name, b["kind"], same)}, g
        if g in names_fr:
            fr = [r["fr"].value for r in local.query(q).dicts() if r["b"].value == body_iri(g) and r.get("fr")]
            assert set(fr) == {names_fr[g]}, g
    assert not BODIES["euro-area"]["wikidata_qid"] and not BODIES["apec"]["wikidata_qid"]


def test_members_are_the_wco_members_nodes_or_new_ones(local, a3_of):
    """A WCO member's memberships hang on its WCO node (id:belgium too); the others get a node of their own."""
    q = sparql_prologue() + """SELECT DISTINCT ?m ?wco WHERE { GRAPH ?g { ?ms a wkg:BodyMembership ; org:member ?m }
        OPTIONAL { ?w a wkg:TerritoryMembership ; org:member ?m ; org:organization ?wco } }"""
    got = {r["m"].value: bool(r.get("wco")) for r in local.query(q).dicts()}
    codes = {a3_of[m] for m in got}
    assert codes == {r["iso3166_alpha3"] for r in MEMBERSHIPS}
    assert {a3_of[m] for m, w in got.items() if not w} == codes - set(WCO_BY_A3)
    assert ID + "belgium" in got and ID + "territory-bel" not in got
    q = sparql_prologue() + "SELECT ?c WHERE { id:territory-lie a schema:AdministrativeArea ; wkg:iso3166Alpha3 ?c }"
    assert [r["c"].value for r in local.query(q).dicts()] == ["LIE"]


def test_caveats_are_data(local):
    q = sparql_prologue() + """SELECT ?ms ?note WHERE { GRAPH graph:country-converter { ?ms a wkg:BodyMembership ; skos:scopeNote ?note } }"""
    notes = {r["ms"].value.removeprefix(ID): r["note"].value for r in local.query(q).dicts()}
    assert set(notes) == {"igo-membership-un-chn", "igo-membership-apec-twn"}
    assert "1945" in notes["igo-membership-un-chn"] and "1971" in notes["igo-membership-un-chn"]
    assert '"Chinese Taipei"' in notes["igo-membership-apec-twn"]
    q = sparql_prologue() + """SELECT ?d WHERE { GRAPH graph:sources { graph:country-converter dcterms:source ?s . ?s dcterms:date ?d } }"""
    assert [r["d"].value for r in local.query(q).dicts()] == ["2025-10-22"]
    q = sparql_prologue() + """SELECT ?b ?note WHERE { GRAPH graph:country-converter { ?b org:classification|skos:note ?x . ?b skos:note ?note } }"""
    as_of = {r["b"].value for r in local.query(q).dicts() if "later accessions and withdrawals are missing" in r["note"].value}
    assert as_of == {body_iri(g) for g in BODIES}


def test_no_year_the_table_does_not_give(local, a3_of):
    q = sparql_prologue() + """SELECT ?body ?m ?y WHERE { GRAPH ?g { ?ms a wkg:BodyMembership ; org:organization ?body ;
        org:member ?m ; org:memberDuring/time:hasBeginning/time:inXSDgYear ?y } }"""
    got = {(r["body"].value, a3_of[r["m"].value], r["y"].value) for r in local.query(q).dicts()}
    assert got == {(body_iri(r["grouping"]), r["iso3166_alpha3"], r["since_year"]) for r in MEMBERSHIPS if r["since_year"]}
    assert len(got) == 193 + 38 + 20


# ---------------------------------------------------------------------- the questions, from the CSVs

def test_un_members_not_in_the_wco(local, a3_of):
    got = answer(local, "un-members-not-in-wco")
    want = {a3: y for a3, y in MEMBERS_OF["un"].items() if a3 not in WCO_BY_A3}
    assert {a3_of[r["member"]]: r.get("unSince", "") for r in got} == want
    assert len(want) == 14 == len(got)
    un_in_wco = [a3 for a3 in MEMBERS_OF["un"] if a3 in WCO_BY_A3]
    assert len(un_in_wco) == 179  # the WCO list's own count of UN member states
    assert {r["iso3166_alpha3"] for r in WCO if r["kind"] == "UN member state"} == set(un_in_wco)


def test_wco_members_not_un_members(local):
    got = {r["name"] for r in answer(local, "wco-members-not-un-members")}
    assert got == {r["name"] for r in WCO if r["iso3166_alpha3"] not in MEMBERS_OF["un"]}
    assert len(got) == 7


def test_region_matrix(local):
    got = {(r["regionName"], r["body"]): (int(r["members"]), int(r["regionMembers"]))
           for r in answer(local, "regions-in-other-bodies")}
    want = {}
    for region in {r["wco_region"] for r in WCO}:
        in_region = [r for r in WCO if r["wco_region"] == region]
        for g in BODIES:
            want[(region, body_iri(g))] = (sum(1 for r in in_region if r["iso3166_alpha3"] in MEMBERS_OF[g]), len(in_region))
    assert got == want
    assert got[("Europe", body_iri("eu"))] == (27, 53)


@pytest.mark.parametrize("a3", ["FRA", "CHN", "BEL", "TUR", "HKG"])
def test_bodies_of_a_wco_member(local, a3):
    w = WCO_BY_A3[a3]
    iri = {"BEL": ID + "belgium"}.get(a3, ID + f"territory-{a3.lower()}")
    got = {(r["body"], r.get("since", "")) for r in answer(local, "bodies-of-member", {"member": iri})}
    year = re.search(r"\b(1[89]\d\d|20\d\d)\b", w["notes"]) if "year=" in w["source_url"] else None
    want = {(ID + "wco", w["member_since"] or (year.group(1) if year else ""))}
    want |= {(body_iri(g), m[a3]) for g, m in MEMBERS_OF.items() if a3 in m}
    assert got == want


@pytest.mark.parametrize("a3", ["TWN", "LIE", "PRK"])
def test_bodies_of_a_state_outside_the_wco(local, a3):
    rows_ = answer(local, "bodies-of-member", {"member": f"id:territory-{a3.lower()}"})
    assert {(r["body"], r.get("since", "")) for r in rows_} == {(body_iri(g), m[a3]) for g, m in MEMBERS_OF.items() if a3 in m}
    if a3 == "TWN":
        assert any("Chinese Taipei" in r.get("note", "") for r in rows_)


@pytest.mark.parametrize("grouping", sorted(BODIES))
def test_members_of_a_body(local, a3_of, grouping):
    got = {a3_of[r["member"]]: (r.get("since", ""), r["wcoRole"], r.get("wcoSince", ""))
           for r in answer(local, "members-of-body", {"body": body_iri(grouping)})}
    want = {}
    for a3, since in MEMBERS_OF[grouping].items():
        w = WCO_BY_A3.get(a3)
        wco_since = ""
        if w:
            year = re.search(r"\b(1[89]\d\d|20\d\d)\b", w["notes"]) if "year=" in w["source_url"] else None
            wco_since = w["member_since"] or (year.group(1) if year else "")
        want[a3] = (since, "Member of the WCO" if w else "not a WCO member", wco_since)
    assert got == want


def test_eu_member_states_beside_the_eus_interim_status(local, a3_of):
    got = answer(local, "eu-member-states-in-wco")
    eu = next(r for r in WCO if r["name"] == "European Union")
    assert {a3_of[r["member"]] for r in got} == set(MEMBERS_OF["eu"]) and len(got) == 27
    assert {(r["euWcoRole"], r["euWcoSince"]) for r in got} == {
        ("Rights akin to WCO membership, on an interim basis", eu["member_since"])}
    assert {r["regionName"] for r in got} == {WCO_BY_A3[a3]["wco_region"] for a3 in MEMBERS_OF["eu"]} == {"Europe"}


def test_federated_answer_gains_the_bodies_with_a_qid():
    """The expected answer of members-in-wikidata (checked on every store by test_questions and
    test_stores against the stand-in) holds, per body with a QID in igos.csv, its WCO members."""
    import json

    data = json.loads((ROOT / "tests" / "expected" / "members-in-wikidata.srj").read_text(encoding="utf-8"))
    got = defaultdict(set)
    for b in data["results"]["bindings"]:
        got[b["body"]["value"]].add(b["item"]["value"].rsplit("/", 1)[-1])
    qid = {r["iso3166_alpha3"]: r["wikidata_qid"] for r in WCO if r["iso3166_alpha3"]}
    for g, b in BODIES.items():
        want = {qid[a3] for a3 in MEMBERS_OF[g] if a3 in qid} if b["wikidata_qid"] else set()
        assert got.get(body_iri(g), set()) == want, g
    assert got[ID + "wco"] == {r["wikidata_qid"] for r in WCO}


# ---------------------------------------------------------------------- the import command

def test_import_is_deterministic_and_matches_the_committed_file(cli, tmp_path):
    outs = []
    for name in ("a.trig", "b.trig"):
        r = cli("igos", "import", "--out", str(tmp_path / name))
        assert r.returncode == 0, r.stderr
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1] == TRIG.read_bytes()
    r = cli("igos", "import", "--check")
    assert r.returncode == 0 and "up to date (8 bodies, 382 memberships)" in r.stdout, r.stdout + r.stderr


def tables(tmp_path: Path, table: str = "", edit=None) -> list[str]:
    """Copies of the three tables in tmp_path, one of them edited: ``edit(lines)``."""
    out = []
    for name in ("igos.csv", "igo-memberships.csv", "igo-names-fr.csv"):
        lines = (REF / name).read_text(encoding="utf-8").splitlines(keepends=True)
        if name == table and edit:
            edit(lines)
        (tmp_path / name).write_text("".join(lines), encoding="utf-8")
        out.append(str(tmp_path / name))
    return out


def test_a_new_year_gives_a_small_diff(cli, tmp_path):
    out = tmp_path / "igos.trig"
    out.write_bytes(TRIG.read_bytes())

    def edit(lines):
        n = next(i for i, l in enumerate(lines) if l.startswith("LIE,") and ",coe," in l)
        lines[n] = lines[n].replace(",coe,,", ",coe,1978,")

    def edit_igos(lines):
        lines[:] = [l.replace("column CoE,", "column CoE (year of accession),") for l in lines]

    paths = tables(tmp_path, "igo-memberships.csv", edit)
    igos = (tmp_path / "igos.csv")
    text = igos.read_text(encoding="utf-8").splitlines(keepends=True)
    edit_igos(text)
    igos.write_text("".join(text), encoding="utf-8")
    check = cli("igos", "import", *paths, "--out", str(out), "--check")
    assert check.returncode == 1 and "would change" in check.stdout
    assert out.read_bytes() == TRIG.read_bytes(), "--check wrote the file"
    r = cli("igos", "import", *paths, "--out", str(out))
    assert r.returncode == 0, r.stderr
    import difflib

    diff = [d for d in difflib.unified_diff(TRIG.read_text().splitlines(), out.read_text().splitlines(), n=0, lineterm="")
            if d[:1] in "+-" and not d.startswith(("+++", "---"))]
    changed = [d for d in diff if "SHA-256" not in d]
    assert 3 <= len(changed) <= 12, "\n".join(diff)
    assert all("coe-lie" in d or "1978" in d or "igo-coe" in d or "year of accession" in d or "CoE" in d
               or d.lstrip("+- \t").startswith(("time:", "a time:", "org:memberDuring", "org:", "wkg:name")) for d in changed), "\n".join(changed)


def _line(name: str, start: str) -> int:
    for i, line in enumerate((REF / name).read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(start):
            return i
    raise KeyError(start)


BAD = [
    # (what, table, line starting with, edit of that line, message)
    ("unknown grouping", "igo-memberships.csv", "FRA,France,g7", lambda l: l.replace(",g7,", ",g8,"), "unknown grouping 'g8'"),
    ("lower-case code", "igo-memberships.csv", "FRA,France,g7", lambda l: l.replace("FRA,", "fra,"), "iso3166_alpha3 'fra' is not three capital letters"),
    ("two-letter code", "igo-memberships.csv", "FRA,France,g7", lambda l: l.replace("FRA,", "FR,"), "is not three capital letters"),
    ("year not a year", "igo-memberships.csv", "FRA,France,un", lambda l: l.replace(",1945,", ",45,"), "since_year '45' is not a year"),
    ("year as a date", "igo-memberships.csv", "FRA,France,un", lambda l: l.replace(",1945,", ",1945-10-24,"), "is not a year"),
    ("year for a body without years", "igo-memberships.csv", "FRA,France,g7", lambda l: l.replace(",g7,,", ",g7,1975,"), "gives no year for g7"),
    ("year after the release", "igo-memberships.csv", "FRA,France,un", lambda l: l.replace(",1945,", ",2031,"), "after the source's release"),
    ("wrong source column", "igo-memberships.csv", "FRA,France,g7", lambda l: l.replace(",G7", ",G20"), "source_column 'G20'"),
    ("duplicate membership", "igo-memberships.csv", "FRA,France,g7", lambda l: l.replace("FRA,France", "DEU,Germany"), "duplicate membership of DEU in g7"),
    ("one code, two names", "igo-memberships.csv", "FRA,France,g7", lambda l: l.replace("France", "French Republic"), "named 'French Republic' here but 'France'"),
    ("NUL in a field", "igo-memberships.csv", "FRA,France,g7", lambda l: l.replace("France", "Fr\x00ance"), "control character (U+0000 NUL"),
    ("escape in a field", "igo-memberships.csv", "FRA,France,g7", lambda l: l.replace("France", "France\x1b[31m"), "U+001B"),
    ("tab in a field", "igo-memberships.csv", "FRA,France,g7", lambda l: l.replace("France", "Fra\tnce"), "U+0009"),
    ("line break in a quoted field", "igo-memberships.csv", "FRA,France,g7", lambda l: l.replace("France", '"Fra\nnce"'), "U+000A"),
    ("line separator", "igo-memberships.csv", "FRA,France,g7", lambda l: l.replace("France", "Fra\u2028nce"), "U+2028"),
    ("encoded twice (a C1 control)", "igo-memberships.csv", "FRA,France,g7",
     lambda l: l.replace("France", "Fran\u0151".encode("utf-8").decode("latin-1")), "U+0091"),
    ("malformed quote", "igo-memberships.csv", "FRA,France,g7", lambda l: l.replace(",France,", ',"France"x,'), "malformed CSV"),
    ("extra column", "igo-memberships.csv", "FRA,France,g7", lambda l: l.replace(",G7", ",G7,extra"), "6 columns, expected 5"),
    ("unknown kind", "igos.csv", "oecd,", lambda l: l.replace("intergovernmental organization", "club"), "unknown kind 'club'"),
    ("QID without its source", "igos.csv", "euro-area,", lambda l: l.replace(",monetary union,,", ",monetary union,Q4916,"),
     "wikidata_qid and qid_source are both given or both empty"),
    ("malformed QID", "igos.csv", "oecd,", lambda l: l.replace("Q41550", "41550"), "wikidata_qid '41550' is not Q and a number"),
    ("duplicate grouping", "igos.csv", "oecd,", lambda l: l.replace("oecd,", "un,", 1), "duplicate grouping 'un'"),
    ("no column named", "igos.csv", "g7,", lambda l: l.replace("column G7", "the G7 list"), "does not name the country_converter column"),
    ("French name of an unknown body", "igo-names-fr.csv", "g7,", lambda l: l.replace("g7,", "g20,"), "unknown grouping 'g20'"),
    ("French name source not a URL", "igo-names-fr.csv", "g7,", lambda l: l.replace("http://", "javascript:"), "is not an http(s) URL"),
]


@pytest.mark.parametrize("what, table, start, edit, message", BAD, ids=[b[0] for b in BAD])
def test_bad_row_names_its_line_and_writes_nothing(cli, tmp_path, what, table, start, edit, message):
    n = _line(table, start)

    def apply(lines):
        new = edit(lines[n - 1])
        assert new != lines[n - 1], f"the edit for {what!r} changed nothing"
        lines[n - 1] = new

    paths = tables(tmp_path, table, apply)
    out = tmp_path / "igos.trig"
    out.write_text("previous content\n")
    r = cli("igos", "import", *paths, "--out", str(out))
    assert r.returncode == 2, r.stdout + r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
    assert re.match(rf"wco-kg: error: {re.escape(str(tmp_path / table))}:{n}: ", r.stderr), r.stderr
    assert message in r.stderr, r.stderr
    assert out.read_text() == "previous content\n"


def test_tables_are_recognised_by_their_header(cli, tmp_path):
    paths = tables(tmp_path)
    out = tmp_path / "igos.trig"
    r = cli("igos", "import", paths[2], paths[0], paths[1], "--out", str(out))  # any order
    assert r.returncode == 0 and out.read_bytes() == TRIG.read_bytes(), r.stderr
    bad = tmp_path / "x.csv"
    bad.write_text("grouping,name\nun,United Nations\n", encoding="utf-8")
    r = cli("igos", "import", bad, *paths, "--out", str(tmp_path / "y.trig"))
    assert r.returncode == 2 and f"{bad}:1: header must be one of" in r.stderr
    r = cli("igos", "import", paths[0], paths[1], "--out", str(tmp_path / "y.trig"))
    assert r.returncode == 2 and "missing table(s): igo-names-fr.csv" in r.stderr
    r = cli("igos", "import", paths[0], paths[0], paths[1], paths[2], "--out", str(tmp_path / "y.trig"))
    assert r.returncode == 2 and "a second igos.csv table" in r.stderr
    assert not (tmp_path / "y.trig").exists()


def test_huge_and_missing_files_are_refused(cli, tmp_path):
    paths = tables(tmp_path)
    huge = Path(paths[1])
    with huge.open("r+b") as f:  # sparse: 17 MB of nothing after the real table
        f.truncate(17 * 1024 * 1024)
    r = cli("igos", "import", *paths, "--out", str(tmp_path / "y.trig"))
    assert r.returncode == 2 and "larger than" in r.stderr and "Traceback" not in r.stderr
    r = cli("igos", "import", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "y.trig"))
    assert r.returncode == 2 and "nope.csv" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "y.trig").exists()


@pytest.mark.parametrize("char, code", [("\x00", "U+0000"), ("\x07", "U+0007"), ("\x85", "U+0085"), ("\u2029", "U+2029")])
def test_members_import_refuses_control_characters_too(cli, tmp_path, char, code):
    lines = (REF / "wco-members.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, l in enumerate(lines, start=1) if l.startswith("France,"))
    lines[n - 1] = lines[n - 1].replace("France,", f"Fra{char}nce,", 1)
    path = tmp_path / "wco-members.csv"
    path.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "members.trig"
    r = cli("members", "import", str(path), "--out", str(out))
    assert r.returncode == 2 and r.stderr.startswith(f"wco-kg: error: {path}:{n}: column name holds a control character ({code}")
    assert not out.exists()


def test_names_that_look_like_turtle_are_written_as_text(cli, tmp_path):
    """A name with quotes, a backslash and Turtle punctuation is one literal in the output, not syntax."""
    import pyoxigraph as ox

    hostile = 'Liech"ten\\stein" } . <x:y> a ; # ,'

    def edit(lines):
        lines[:] = [l.replace("LIE,Liechtenstein,", 'LIE,"' + hostile.replace('"', '""') + '",') for l in lines]

    out = tmp_path / "igos.trig"
    r = cli("igos", "import", *tables(tmp_path, "igo-memberships.csv", edit), "--out", str(out))
    assert r.returncode == 0, r.stderr
    quads = list(ox.parse(out.read_bytes(), format=ox.RdfFormat.TRIG))
    names = {q.object.value for q in quads if q.subject.value == ID + "territory-lie"
             and q.predicate.value == PREFIXES["wkg"] + "name"}
    assert names == {hostile}
    assert len(quads) == len(list(ox.parse(TRIG.read_bytes(), format=ox.RdfFormat.TRIG)))


def test_the_federated_questions_table_of_bodies_is_the_graphs(local):
    """members-in-wikidata names each body's Wikidata item twice (inside SERVICE, and in a table
    mapping it to our body, for Virtuoso's sake): both must be exactly the graph's links."""
    text = ALL["members-in-wikidata"].text
    inside = set(re.findall(r"wd:(Q\d+)", re.search(r"VALUES \?bodyItem \{([^}]*)\}", text).group(1)))
    pairs = set(re.findall(r"\(wd:(Q\d+) id:([a-z0-9-]+)\)", re.search(r"VALUES \(\?bodyItem \?body\) \{([^}]*)\}", text).group(1)))
    q = sparql_prologue() + """SELECT DISTINCT ?b ?same WHERE { { ?b org:classification ?k } UNION { VALUES ?b { id:wco } }
        GRAPH ?g { ?b owl:sameAs ?same } FILTER (STRSTARTS(STR(?same), "http://www.wikidata.org/entity/")) }"""
    graph = {(r["same"].value.rsplit("/", 1)[-1], r["b"].value.removeprefix(ID)) for r in local.query(q).dicts()}
    assert pairs == graph and inside == {qid for qid, _ in graph}
    assert {qid for qid, _ in graph} - {"Q605326"} == {b["wikidata_qid"] for b in BODIES.values() if b["wikidata_qid"]}
