"""Every expected answer (tests/expected/*.srj) derived a second time, without the code under test.

``tests/test_questions.py`` checks that each question's answer equals its golden file; the files
were written by that same code, so here each is derived again from the inputs, by other means:

* the data files read by rdflib (``data/*.trig`` and ``ontology/wco-kg.ttl`` as written, before
  the build entails anything, walked in Python: no SPARQL, no ``wco_kg`` import);
* the members reference table read by the ``csv`` module (``data/reference/wco-members.csv``), joined
  to our IRIs only through its Wikidata QIDs;
* the profile's text (``tests/data/partner-profile.txt``), and hand-written lists of the facts
  the seed's README gives (dates of founding, posts, addresses), each with the source it names.

Each derivation is compared with its file for equality, as a bag of whole rows (every column,
values compared as the tests compare them: numbers by value, ``98.0`` equals ``98``), so a
missing row, an extra row or a wrong value fails. ``test_every_expected_file_is_derived`` makes a
new question without a derivation fail too.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests" / "expected"
CSV_FILE = ROOT / "data" / "reference" / "wco-members.csv"
PROFILE = (ROOT / "tests" / "data" / "partner-profile.txt").read_text(encoding="utf-8")
WIKIDATA_EXTRACT = ROOT / "tests" / "data" / "wikidata-extract.ttl"

# Written out here rather than imported from wco_kg.namespaces: nothing of the code under test.
BASE = "https://w3id.org/wco-kg/"
ID, GRAPH, WKG = BASE + "id/", BASE + "graph/", BASE + "ontology#"
ONTOLOGY = BASE + "ontology"
DCT, PAV, SKOS = "http://purl.org/dc/terms/", "http://purl.org/pav/", "http://www.w3.org/2004/02/skos/core#"
ORG, SCHEMA, OWL = "http://www.w3.org/ns/org#", "https://schema.org/", "http://www.w3.org/2002/07/owl#"
RDF, RDFS, FOAF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#", "http://xmlns.com/foaf/0.1/"
PROV, TIME, VCARD = "http://www.w3.org/ns/prov#", "http://www.w3.org/2006/time#", "http://www.w3.org/2006/vcard/ns#"
WD = "http://www.wikidata.org/entity/"
NUMERIC = {"http://www.w3.org/2001/XMLSchema#" + t for t in ("integer", "decimal", "double", "float", "int", "long")}


def u(text: str) -> URIRef:
    """``id:wco`` -> the IRI (the prefixes written above)."""
    prefixes = {"id": ID, "graph": GRAPH, "wkg": WKG, "dcterms": DCT, "pav": PAV, "skos": SKOS, "org": ORG,
                "schema": SCHEMA, "owl": OWL, "rdf": RDF, "rdfs": RDFS, "foaf": FOAF, "prov": PROV,
                "time": TIME, "vcard": VCARD, "wd": WD}
    prefix, _, local = text.partition(":")
    return URIRef(prefixes[prefix] + local) if prefix in prefixes and not local.startswith("//") else URIRef(text)


# ---------------------------------------------------------------------- comparing rows


def _value(text: str, datatype: str | None) -> str:
    if datatype in NUMERIC:
        try:
            return str(Decimal(text).normalize())
        except InvalidOperation:
            return text
    return text


def norm(term):
    """A term as compared: (kind, value, language); numbers by value; None stays None."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("uri", str(term), "")
    if isinstance(term, Literal):
        return ("literal", _value(str(term), str(term.datatype) if term.datatype else None), (term.language or "").lower())
    if isinstance(term, (str, int, float)):
        return norm(Literal(term))
    raise TypeError(term)


def _norm_json(cell: dict):
    if cell["type"] == "uri":
        return ("uri", cell["value"], "")
    return ("literal", _value(cell["value"], cell.get("datatype")), cell.get("xml:lang", "").lower())


def expected(name: str) -> tuple[list[str], Counter]:
    doc = json.loads((EXPECTED / f"{name}.srj").read_text(encoding="utf-8"))
    names = doc["head"]["vars"]
    rows = Counter(tuple(_norm_json(b[v]) if v in b else None for v in names) for b in doc["results"]["bindings"])
    return names, rows


def bag(names: list[str], rows: list[dict]) -> Counter:
    return Counter(tuple(norm(r.get(v)) for v in names) for r in rows)


def assert_same(name: str, rows: list[dict]) -> None:
    names, want = expected(name)
    got = bag(names, rows)
    missing, extra = want - got, got - want
    assert not missing and not extra, (
        f"{name}: the expected file and the independent derivation differ\n"
        f"in the file only ({sum(missing.values())}): {sorted(missing)[:5]}\n"
        f"in the derivation only ({sum(extra.values())}): {sorted(extra)[:5]}")


# ---------------------------------------------------------------------- the data, as written


class Data:
    """The quads of data/*.trig and the ontology, as rdflib parses them (nothing entailed)."""

    def __init__(self) -> None:
        ds = Dataset()
        for path in sorted((ROOT / "data").glob("*.trig")):
            ds.parse(path, format="trig")
        self.quads: list[tuple] = []
        for s, p, o, g in ds.quads((None, None, None, None)):
            self.quads.append((s, p, o, URIRef(str(getattr(g, "identifier", g)))))
        onto = Graph().parse(ROOT / "ontology" / "wco-kg.ttl", format="turtle")
        self.quads += [(s, p, o, URIRef(ONTOLOGY)) for s, p, o in onto]
        self.by_sp: dict = {}
        self.by_po: dict = {}
        for q in self.quads:
            self.by_sp.setdefault((q[0], q[1]), []).append(q)
            self.by_po.setdefault((q[1], q[2]), []).append(q)

    def objects(self, s, p, g=None) -> list:
        return sorted({q[2] for q in self.by_sp.get((u(s) if isinstance(s, str) else s, u(p)), ())
                       if g is None or q[3] == g})

    def in_graphs(self, s, p, o=None) -> list[tuple]:
        """(object, graph) of each s p ? quad."""
        return sorted({(q[2], q[3]) for q in self.by_sp.get((s, u(p)), ()) if o is None or q[2] == o})

    def subjects(self, p, o) -> list:
        return sorted({q[0] for q in self.by_po.get((u(p), o), ())})

    def one(self, s, p, g=None):
        found = self.objects(s, p, g)
        assert len(found) <= 1, (s, p, found)
        return found[0] if found else None

    def names(self, s, lang: str = "en") -> list:
        """Its names in that language (wkg:name, any graph): the build's skos:prefLabel."""
        return [n for n in self.objects(s, "wkg:name") if (n.language or "") == lang] or [None]

    def label(self, s) -> list:
        return [n for n in self.objects(s, "rdfs:label", URIRef(ONTOLOGY)) if n.language == "en"] or [None]

    def sources(self, graph) -> list[dict]:
        """Each source graph:sources gives for a graph, with its own date and its retrieval day apart."""
        sources = URIRef(GRAPH + "sources")
        return [{"source": s, "published": self.one(s, "dcterms:date", sources),
                 "retrieved": self.one(s, "pav:retrievedOn", sources)}
                for s in self.objects(graph, "dcterms:source", sources)]

    def source_dates(self, source: str) -> dict:
        sources = URIRef(GRAPH + "sources")
        s = u(source)
        return {"source": s, "published": self.one(s, "dcterms:date", sources),
                "retrieved": self.one(s, "pav:retrievedOn", sources)}

    def superclasses(self, c) -> set:
        out, todo = set(), [c]
        while todo:
            for sup in self.objects(todo.pop(), "rdfs:subClassOf", URIRef(ONTOLOGY)):
                if sup not in out:
                    out.add(sup)
                    todo.append(sup)
        return out


@pytest.fixture(scope="module")
def data() -> Data:
    return Data()


def expand(rows: list[dict], key: str, values: list) -> list[dict]:
    """Each row once per value (a SPARQL OPTIONAL or join: no value gives one row with None)."""
    return [dict(r, **{key: v}) for r in rows for v in (values or [None])]


def with_sources(data: Data, row: dict, graph) -> list[dict]:
    return [dict(row, **s) for s in data.sources(graph)]


def cited(data: Data, row: dict, *sources: str) -> list[dict]:
    """A hand-written row once per source it names, with that source's dates from graph:sources."""
    return [dict(row, **data.source_dates(s)) for s in sources]


def lit(text: str, lang: str | None = None) -> Literal:
    return Literal(text, lang=lang)


# ---------------------------------------------------------------------- the members, from the CSV


def members_csv() -> list[dict]:
    with CSV_FILE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def interim(row: dict) -> bool:
    """The European Union: its notes say it is not a Member under the Convention."""
    return "not a Member under the Convention" in row["notes"]


def csv_sources(row: dict, label: str) -> list[URIRef]:
    return sorted(URIRef(e.split("=", 1)[1]) for e in row["source_url"].split(" | ") if e.split("=", 1)[0] == label)


def year_only(row: dict) -> str | None:
    """A year-only start: the one year the notes quote when the row cites a year= source."""
    if not csv_sources(row, "year"):
        return None
    years = set(re.findall(r"(?<![\d-])(1[89]\d\d|20\d\d)(?![\d-])", re.sub(r"\d{4}-\d\d-\d\d", "", row["notes"])))
    assert len(years) == 1, row
    return years.pop()


@pytest.fixture(scope="module")
def member_iri(data) -> dict:
    """QID -> our IRI of the member: the id: IRI graph:wco-members links to that Wikidata item."""
    out = {}
    for q in data.quads:
        if q[1] == u("owl:sameAs") and q[3] == u("graph:wco-members") and str(q[2]).startswith(WD):
            assert str(q[2])[len(WD):] not in out, q
            out[str(q[2])[len(WD):]] = q[0]
    return out


REGION_SLUGS = {
    "East and Southern Africa": ("east-southern-africa", "ESA"), "Europe": ("europe", "EUR"),
    "Far East, South and South East Asia, Australasia and the Pacific Islands": ("asia-pacific", "AP"),
    "North of Africa, Near and Middle East": ("north-africa-near-middle-east", "MENA"),
    "South America, North America, Central America and the Caribbean": ("americas-caribbean", "AMC"),
    "West and Central Africa": ("west-central-africa", "WCA"),
}
KIND_SLUGS = {"UN member state": "un-member-state", "customs territory": "customs-territory", "other": "other"}
ROLE = {False: ("id:role-wco-member", "Member of the WCO"),
        True: ("id:role-wco-interim-member", "Rights akin to WCO membership, on an interim basis")}
CSV_SOURCE = "id:source-wco-members-csv"


def membership_of(data: Data, member) -> URIRef:
    [m] = [s for s in data.subjects("org:member", member) if u("wkg:TerritoryMembership") in data.objects(s, "rdf:type")]
    return m


# ---------------------------------------------------------------------- the profile's own words


def test_every_word_the_profile_graph_attributes_to_the_profile_is_in_it(data):
    """What graph:big-partner-profile says in words (names, quotes, definitions, mission...) is
    the profile's own text, verbatim (letter case aside): the project's wording is elsewhere."""
    profile = PROFILE.lower()
    graph = u("graph:big-partner-profile")
    words = [(q[0], q[1], str(q[2])) for q in data.quads
             if q[3] == graph and isinstance(q[2], Literal) and (q[2].language or q[2].datatype is None)]
    assert len(words) >= 30, words
    assert [w for w in words if w[2].lower() not in profile] == []


def test_the_profile_graph_names_no_research_network(data):
    """The profile never names the network whose directory it comes from: graph:editorial says it,
    with a record of how it was inferred and the pages it rests on."""
    graph = u("graph:big-partner-profile")
    assert "borders in globalization" not in PROFILE.lower()
    assert not [q for q in data.quads if q[3] == graph and u("id:borders-in-globalization") in (q[0], q[2])]
    [(_, where)] = data.in_graphs(u("id:partnership-big-wco"), "org:organization")
    assert where == u("graph:editorial")
    [record] = data.subjects("rdf:subject", u("id:partnership-big-wco"))
    assert data.objects(record, "wkg:derivation") == [u("id:derivation-by-page-format")]
    assert u("id:derivation-inferred") in data.objects(u("id:derivation-by-page-format"), "skos:broader")
    assert data.objects(record, "prov:wasDerivedFrom") == sorted([
        u("https://biglobalization.org/events/trade-and-customs-borders/"),
        u("https://www.uvic.ca/news/topics/2013+b-i-g-study-on-borders+backgrounder")])


# ---------------------------------------------------------------------- questions about the WCO


def test_activities(data):
    rows = []
    for activity, graph in data.in_graphs(u("id:wco"), "wkg:activity"):
        base = [{"activity": activity}]
        base = expand(base, "activityName", data.names(activity))
        base = expand(base, "definition", data.objects(activity, "skos:definition", graph))
        for r in base:
            covers = data.objects(activity, "skos:narrower", graph)
            for c in covers or [None]:
                for name in (data.names(c) if c is not None else [None]):
                    rows += with_sources(data, dict(r, covers=c, coversName=name), graph)
    # The profile's text: three activities, eight narrower ones.
    assert {r["activity"] for r in rows} == {u("id:activity-" + a) for a in
                                             ("international-standards", "cooperation", "capacity-building")}
    assert len({r["covers"] for r in rows if r["covers"] is not None}) == 9
    for r in rows:
        assert str(r["definition"]) in PROFILE
    assert_same("activities", rows)


def test_agreements_with_parties(data):
    rows = []
    agreements = {q[0] for q in data.quads if q[1] == u("wkg:party") and q[2] == u("id:wco")}
    for a in sorted(agreements):
        for signed, graph in data.in_graphs(a, "wkg:signedOn"):
            classes = data.objects(a, "rdf:type", graph)
            specific = [c for c in classes if not any(c in data.superclasses(d) for d in classes if d != c)]
            for kind_class in specific:
                for kind in data.label(kind_class):
                    for party in data.objects(a, "wkg:party", graph):
                        base = [{"agreement": a, "kind": kind, "signedOn": signed, "party": party}]
                        base = expand(base, "agreementName", data.names(a))
                        base = expand(base, "purpose", data.objects(a, "wkg:purpose"))
                        base = expand(base, "partyName", data.names(party))
                        for r in base:
                            located = data.in_graphs(party, "schema:location") or [(None, None)]
                            for loc, lg in located:
                                extra = [{"partyLocation": loc, "partyLocationName": n, **{
                                    "partyLocationSource": s["source"], "partyLocationPublished": s["published"],
                                    "partyLocationRetrieved": s["retrieved"]}}
                                    for n in data.names(loc) for s in data.sources(lg)] if loc else [{}]
                                for e in extra:
                                    rows += with_sources(data, dict(r, **e), graph)
    # The profile: one MoU, signed December 2021, between the WCO and the University of Victoria, Canada.
    assert {(str(r["signedOn"]), r["party"]) for r in rows} == {("2021-12", u("id:wco")),
                                                                ("2021-12", u("id:university-of-victoria"))}
    assert_same("agreements-with-parties", rows)


def test_claims(data):
    rows = []
    for claim in sorted({q[0] for q in data.quads if q[1] == u("schema:measuredProperty")}):
        for measure, graph in data.in_graphs(claim, "schema:measuredProperty"):
            for value in data.objects(claim, "schema:value", graph):
                base = [{"claim": claim, "measure": measure, "value": value,
                         "about": data.one(claim, "schema:observationAbout", graph),
                         "approximate": data.one(claim, "wkg:approximate", graph),
                         "validFrom": data.one(claim, "wkg:validFrom", graph),
                         "statedOn": data.one(claim, "wkg:statedOn", graph),
                         "preferred": data.one(claim, "wkg:preferred")}]
                base = expand(base, "measureName", data.label(measure))
                base = expand(base, "unit", [t for t in data.objects(claim, "schema:unitText") if t.language == "en"])
                for r in base:
                    rows += with_sources(data, r, graph)
    # The seed's and the member list's figures of the WCO's members, each with its own source.
    members = {(str(r["value"]), str(r["source"])[len(ID):]) for r in rows
               if r["measure"] == u("wkg:customsAdministrationsRepresented")}
    assert members == {("184", "source-big-partner-profile"), ("185", "source-solomon-islands-185th-member"),
                       ("186", "source-palau-186th-member"), ("186", "source-wco-membership-page")}
    assert_same("claims", rows)


def _start(text: str) -> dt.date:
    """The first day a date of any precision covers ("2022" -> 2022-01-01)."""
    parts = [int(x) for x in str(text)[:10].split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def claims_as_of(data: Data, day: str) -> list[dict]:
    """The latest claim per thing and measure, dated by validFrom, else statedOn, on or before the day."""
    as_of = dt.date.fromisoformat(day)
    dated = {}
    for claim in sorted({q[0] for q in data.quads if q[1] == u("schema:measuredProperty")}):
        when = data.one(claim, "wkg:validFrom") or data.one(claim, "wkg:statedOn")
        key = (data.one(claim, "schema:observationAbout"), data.one(claim, "schema:measuredProperty"))
        if when is not None and _start(when) <= as_of:
            dated.setdefault(key, []).append((_start(when), claim))
    rows = []
    for (about, measure), claims in dated.items():
        latest = max(d for d, _ in claims)
        for _, claim in (c for c in claims if c[0] == latest):
            [(value, graph)] = data.in_graphs(claim, "schema:value")
            base = [{"about": about, "measure": measure, "value": value, "claim": claim,
                     "approximate": data.one(claim, "wkg:approximate", graph),
                     "validFrom": data.one(claim, "wkg:validFrom", graph),
                     "statedOn": data.one(claim, "wkg:statedOn", graph)}]
            base = expand(base, "measureName", data.label(measure))
            base = expand(base, "unit", [t for t in data.objects(claim, "schema:unitText") if t.language == "en"])
            for r in base:
                rows += with_sources(data, r, graph)
    return rows


def test_claims_as_of(data):
    rows = claims_as_of(data, "2026-11-28")  # the question's default day
    assert_same("claims-as-of", rows)


@pytest.mark.parametrize("day, members", [("2021-12-31", None), ("2022-06-01", "184"), ("2023-01-25", "184"),
                                          ("2023-06-01", "185"), ("2024-02-01", "185"), ("2025-01-01", "186")])
def test_claims_as_of_any_day(data, local, day, members):
    """The question on other days equals the derivation too; the member figure of each day is
    the one the seed's README dates (184 before 2023-01-26, 185, then 186 from 2024-02-02)."""
    from wco_kg.queries import questions
    from wco_kg.project import Project

    rows = claims_as_of(data, day)
    got = {str(r["value"]) for r in rows if r["measure"] == u("wkg:customsAdministrationsRepresented")}
    assert got == ({members} if members else set())
    q = questions(Project(ROOT))["claims-as-of"]
    answer = local.query(q.bind({"asOf": day}))
    names = answer.variables
    from_query = Counter(tuple(_ox_norm(row[i]) for i in range(len(names))) for row in answer.rows)
    assert from_query == bag(names, rows)


def _ox_norm(term):
    """A pyoxigraph term of the answer, compared like the others."""
    if term is None:
        return None
    if type(term).__name__ == "NamedNode":
        return ("uri", term.value, "")
    return ("literal", _value(term.value, term.datatype.value if term.datatype else None), (term.language or "").lower())


def test_distinctions(data):
    rows = []
    for d, graph in data.in_graphs(u("id:wco"), "wkg:distinction"):
        assert str(d) in PROFILE
        rows += with_sources(data, {"distinction": d}, graph)
    assert len(rows) == 3
    assert_same("distinctions", rows)


def test_facts_with_sources(data):
    """The statements data/ writes about the WCO, each in its graph with that graph's sources
    (the build's superterms repeat them and are left out by the question)."""
    rows = []
    sources_graph = u("graph:sources")
    for s, p, o, g in data.quads:
        if s == u("id:wco") and g != URIRef(ONTOLOGY):
            for src in data.sources(g):
                rows.append(dict(src, property=p, value=o, graph=g,
                                 sourceTitle=data.one(src["source"], "dcterms:title", sources_graph)))
    assert_same("facts-with-sources", rows)


# The founding dates the seed's README gives, each with its source (hand-written).
FOUNDING = [
    ("1952", None, "founding date", None, ["id:source-big-partner-profile"]),
    ("1952", "id:wco-establishment", None, ("Customs Co-operation Council", "en"), ["id:source-big-partner-profile"]),
    ("1950-12-15", "id:ccc-conventions-signing", None, None, ["id:source-uia-ccc", "id:source-wikipedia-wco"]),
    ("1952-11-04", "id:ccc-convention-entry-into-force", None, None, ["id:source-uia-ccc", "id:source-wikipedia-wco"]),
    ("1953-01-26", "id:ccc-inaugural-session", None, None, ["id:source-uia-ccc", "id:source-wikipedia-wco"]),
]


def test_founding_dates(data):
    rows = []
    for date, event, what, adopted, sources in FOUNDING:
        whats = [lit(what)] if what else data.names(u(event))
        for w in whats:
            rows += cited(data, {"date": lit(date), "event": u(event) if event else None, "what": w,
                                 "adoptedName": lit(*adopted) if adopted else None}, *sources)
    assert_same("founding-dates", rows)


def test_headquarters(data):
    """"Headquartered in Brussels" (the profile); "Rue du Marché 30, B-1210 Brussels, Belgium"
    (The Statesman's Yearbook, as the seed's README gives it)."""
    profile, yearbook = "id:source-big-partner-profile", "id:source-statesmans-yearbook-wco"
    rows = []
    for fact, value, source in [("headquarters site", "id:wco-headquarters", profile), ("city", "id:brussels", profile),
                                ("country", "id:belgium", yearbook)]:
        for name in data.names(u(value)):
            rows += cited(data, {"fact": lit(fact), "value": u(value), "valueName": name}, source)
    for fact, value in [("street address", "Rue du Marché 30"), ("postal code", "1210"), ("locality", "Brussels"),
                        ("country name", "Belgium")]:
        rows += cited(data, {"fact": lit(fact), "value": lit(value)}, yearbook)
    assert_same("headquarters", rows)


def test_history(data):
    """The founding events, and the 1994 working name (Union of International Associations, Wikipedia)."""
    both = ["id:source-uia-ccc", "id:source-wikipedia-wco"]
    events = [("1952", "id:wco-establishment", "wkg:Establishment", "Customs Co-operation Council",
               ["id:source-big-partner-profile"]),
              ("1950-12-15", "id:ccc-conventions-signing", "schema:Event", None, both),
              ("1952-11-04", "id:ccc-convention-entry-into-force", "schema:Event", None, both),
              ("1953-01-26", "id:ccc-inaugural-session", "schema:Event", None, both),
              ("1994", "id:wco-renaming-1994", "wkg:Renaming", "World Customs Organization", both)]
    rows = []
    for date, event, kind, adopted, sources in events:
        for name in data.names(u(event)):
            rows += cited(data, {"date": lit(date), "event": u(event), "eventName": name, "kind": u(kind),
                                 "adoptedName": lit(adopted, "en") if adopted else None}, *sources)
    assert_same("history", rows)


def test_labels_in_french(data):
    rows = []
    french_named = {q[0] for q in data.quads if q[1] == u("wkg:name") and q[2].language == "fr"}
    for s, p, o, g in data.quads:
        if p != u("wkg:name") or not data.sources(g):
            continue
        if o.language == "fr" or (not o.language and s not in french_named):
            for english in data.names(s):
                rows += with_sources(data, {"entity": s, "label": o, "english": english}, g)
    assert_same("labels-in-french", rows)


def test_leadership(data):
    """Ricardo Treviño Chapa, Deputy Secretary General from January 2018 (three sources); Ian
    Saunders, Secretary General from 1 January 2024 (Wikipedia): the seed's README."""
    rows = []
    for person, role, post, since, sources in [
            ("id:ricardo-trevino-chapa", "id:role-deputy-secretary-general", "id:post-wco-deputy-secretary-general",
             "2018-01", ["id:source-wcoamericaribe-dsg-election", "id:source-ricardotrevino-at-the-wco",
                         "id:source-wilsoncenter-trevino"]),
            ("id:ian-saunders", "id:role-secretary-general", "id:post-wco-secretary-general", "2024-01-01",
             ["id:source-wikipedia-wco"])]:
        for name in data.names(u(person), lang=""):
            for role_name in data.names(u(role)):
                rows += cited(data, {"person": u(person), "personName": name, "role": u(role), "roleName": role_name,
                                     "post": u(post), "since": lit(since)}, *sources)
    assert_same("leadership", rows)


def test_links(data):
    rows = []
    for s, p, o, g in data.quads:
        if p == u("owl:sameAs"):
            for name in data.names(s):
                rows += with_sources(data, {"entity": s, "entityName": name, "sameAs": o}, g)
    # The seed's links, and one Wikidata item per row of the members table.
    qids = {str(r["sameAs"])[len(WD):] for r in rows if str(r["sameAs"]).startswith(WD)}
    assert {"Q605326", "Q239", "Q31", "Q16"} | {m["wikidata_qid"] for m in members_csv()} \
        | {b["wikidata_qid"] for b in reference_csv("igos.csv") if b["wikidata_qid"]} == qids
    assert_same("links", rows)


def test_member_count_disagreement(data):
    """The stated figures the seed's and the members table's READMEs date, each with its source;
    and the counts of the members table read by the csv module."""
    rows = []
    for claim, value, date, source, preferred in [
            ("id:claim-wco-customs-administrations-2022", 184, "2022", "id:source-big-partner-profile", None),
            ("id:claim-wco-members-2023-01-26", 185, "2023-01-26", "id:source-solomon-islands-185th-member", None),
            ("id:claim-wco-members-2024-02-02", 186, "2024-02-02", "id:source-palau-186th-member", None),
            ("id:claim-wco-members-2026", 186, "2026-11-28", "id:source-wco-membership-page", True)]:
        for what in data.names(u(claim)):
            rows += cited(data, {"figure": u(claim), "kind": lit("stated"), "what": what, "value": lit(value),
                                 "date": lit(date), "preferred": Literal(preferred) if preferred else None}, source)
    table = members_csv()
    members = sum(1 for r in table if not interim(r))
    list_date = data.source_dates(CSV_SOURCE)["published"]
    for what, value in [("Members in the member list", members),
                        ("Parties with rights akin to membership, on an interim basis, in the member list",
                         len(table) - members),
                        ("Members and parties with interim status in the member list, in all", len(table))]:
        rows += cited(data, {"kind": lit("counted"), "what": lit(what, "en"), "value": lit(value), "date": list_date},
                      CSV_SOURCE)
    assert (members, len(table)) == (185, 186)
    assert_same("member-count-disagreement", rows)


def test_members_in_wikidata(data, member_iri):
    """Each member (the CSV, by QID) with its Wikidata item and the stand-in's label, once per
    source of our link to the item (the CSV's, plus supraverden's and OWID's for Belgium and Canada),
    and once per body the stand-in says it is a member of (P463): the WCO's item, and those of the
    bodies with a QID in data/reference/igos.csv."""
    extract = Graph().parse(WIKIDATA_EXTRACT, format="turtle")
    bodies = {u("wd:Q605326"): (u("id:wco"), lit("World Customs Organization", "en"))}
    for b in reference_csv("igos.csv"):
        if b["wikidata_qid"]:
            bodies[u("wd:" + b["wikidata_qid"])] = (body_iri(member_iri, b["grouping"]), lit(b["name"], "en"))
    rows = []
    for row in members_csv():
        member, item = member_iri[row["wikidata_qid"]], u("wd:" + row["wikidata_qid"])
        labels = [lab for lab in extract.objects(item, URIRef(RDFS + "label")) if lab.language == "en"] or [None]
        for body_item in extract.objects(item, URIRef("http://www.wikidata.org/prop/direct/P463")):
            if body_item not in bodies:
                continue
            body, body_name = bodies[body_item]
            for _o, graph in data.in_graphs(member, "owl:sameAs", item):
                for label in labels:
                    rows += with_sources(data, {"member": member, "memberName": lit(row["name"], "en"), "item": item,
                                                "body": body, "bodyName": body_name, "wikidataName": label}, graph)
    assert_same("members-in-wikidata", rows)


def test_members_joined_after(data, member_iri):
    """Members whose start (a day, else a year-only start) is after 2000, the question's default."""
    rows = []
    for row in members_csv():
        since, precision = (row["member_since"], "day") if row["member_since"] else (year_only(row), "year")
        if not since or int(since[:4]) <= 2000:
            continue
        derivation = "paired-by-position" if "date paired by list-position alignment" in row["notes"] else "read"
        rows += cited(data, {"member": member_iri[row["wikidata_qid"]], "name": lit(row["name"], "en"),
                             "role": u(ROLE[interim(row)][0]), "since": lit(since), "precision": lit(precision),
                             "derivation": u("id:derivation-" + derivation)}, CSV_SOURCE)
    assert_same("members-joined-after", rows)


def test_members_not_un_states(data, member_iri):
    rows = []
    for row in members_csv():
        if row["kind"] == "UN member state":
            continue
        role, role_name = ROLE[interim(row)]
        rows += cited(data, {"member": member_iri[row["wikidata_qid"]], "name": lit(row["name"], "en"),
                             "kind": u("id:member-kind-" + KIND_SLUGS[row["kind"]]), "kindName": lit(row["kind"], "en"),
                             "role": u(role), "roleName": lit(role_name, "en"),
                             "note": lit(row["notes"], "en") if row["notes"] else None}, CSV_SOURCE)
    assert len(rows) == 7
    assert_same("members-not-un-states", rows)


def test_members_per_region(data):
    rows = []
    table = members_csv()
    for region, (slug, notation) in REGION_SLUGS.items():
        rows += cited(data, {"region": u("id:wco-region-" + slug), "regionName": lit(region, "en"),
                             "notation": lit(notation),
                             "members": lit(sum(1 for r in table if r["wco_region"] == region and not interim(r))),
                             "interim": lit(sum(1 for r in table if r["wco_region"] == region and interim(r)))},
                      CSV_SOURCE)
    assert_same("members-per-region", rows)


# The CSV's notes flags (its README) -> (the fact, its property, its derivation and that derivation's name).
FLAGS = [("date paired by list-position alignment", "member-since", "wkg:memberSince", "paired-by-position",
          "paired by list position"),
         ("region by elimination", "region", "wkg:region", "by-elimination", "placed by elimination"),
         ("region by geography", "region", "wkg:region", "by-geography", "placed by geography"),
         ("region by alignment/elimination", "region", "wkg:region", "by-alignment",
          "placed by alignment or elimination"),
         ("membership NOT confirmed", "membership", "org:member", "by-count-balance",
          "not confirmed: included to balance a count")]


def test_members_with_inferred_facts(data, member_iri):
    rows = []
    for row in members_csv():
        member = member_iri[row["wikidata_qid"]]
        membership = membership_of(data, member)
        for flag, _fact, prop, derivation, derivation_name in FLAGS:
            if flag not in row["notes"]:
                continue
            value = {"wkg:memberSince": Literal(row["member_since"], datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")),
                     "wkg:region": u("id:wco-region-" + REGION_SLUGS[row["wco_region"]][0]),
                     "org:member": member}[prop]
            pages = csv_sources(row, {"wkg:memberSince": "date", "wkg:region": "region", "org:member": "membership"}[prop])
            # The record's IRI, found by what it records (its naming is the generator's).
            [fact] = [f for f in data.subjects("rdf:subject", membership)
                      if data.objects(f, "rdf:predicate") == [u(prop)] and data.objects(f, "rdf:object") == [value]]
            for page in pages or [None]:
                rows += cited(data, {"member": member, "name": lit(row["name"], "en"), "fact": fact, "property": u(prop),
                                     "value": value, "derivation": u("id:derivation-" + derivation),
                                     "derivationName": lit(derivation_name, "en"), "page": page,
                                     "note": lit(row["notes"], "en")}, CSV_SOURCE)
    assert len({r["fact"] for r in rows}) == 65
    assert_same("members-with-inferred-facts", rows)


def test_members_without_date(data, member_iri):
    rows = [dict(data.source_dates(CSV_SOURCE), member=member_iri[r["wikidata_qid"]], name=lit(r["name"], "en"),
                 regionName=lit(r["wco_region"], "en"), year=lit(year_only(r)) if year_only(r) else None)
            for r in members_csv() if not r["member_since"]]
    assert len(rows) == 108
    assert_same("members-without-date", rows)


def _csv_year(row: dict) -> int | None:
    if row["member_since"]:
        return int(row["member_since"][:4])
    return int(year_only(row)) if year_only(row) else None


def test_members_on_map(data, member_iri):
    rows = []
    for row in members_csv():
        role, _ = ROLE[interim(row)]
        year = _csv_year(row)
        rows += cited(data, {"member": member_iri[row["wikidata_qid"]], "name": lit(row["name"], "en"),
                             "m49": lit(row["m49"]) if row["m49"] else None, "role": u(role),
                             "region": u("id:wco-region-" + REGION_SLUGS[row["wco_region"]][0]),
                             "regionName": lit(row["wco_region"], "en"),
                             "year": Literal(year) if year is not None else None,
                             "regionInferred": Literal(any(f in row["notes"] for f, fact, *_ in FLAGS if fact == "region")),
                             "yearInferred": Literal(any(f in row["notes"] for f, fact, *_ in FLAGS
                                                         if fact == "member-since"))}, CSV_SOURCE)
    assert len(rows) == 186
    assert_same("members-on-map", rows)


def test_members_accessions_per_year(data):
    years = Counter(y for y in (_csv_year(r) for r in members_csv()) if y is not None)
    rows, total = [], 0
    for year in sorted(years):
        total += years[year]
        rows += cited(data, {"year": Literal(year), "joined": Literal(years[year]), "total": Literal(total)}, CSV_SOURCE)
    assert total == 186 - 104
    assert_same("members-accessions-per-year", rows)


def test_mission(data):
    """The profile's two statements of the mission, verbatim."""
    summary = re.search(r"whose mission is (to enhance [^.]+)\.", PROFILE).group(1)
    statement = re.search(r"Mission is “([^”]+)”", PROFILE).group(1)
    rows = []
    for prop, text in (("wkg:missionSummary", summary), ("wkg:missionStatement", statement)):
        for kind in data.label(u(prop)):
            rows += cited(data, {"kind": kind, "text": lit(text, "en")}, "id:source-big-partner-profile")
    assert_same("mission", rows)


def test_names(data):
    """"The World Customs Organization (WCO), established in 1952 as the Customs Co-operation
    Council (CCC)" (the profile); "Organisation mondiale des douanes (OMD)" (Wikipedia)."""
    profile, wikipedia = "id:source-big-partner-profile", "id:source-wikipedia-wco"
    rows = []
    for lang, kind, name, source in [("en", "name", "World Customs Organization", profile),
                                     ("en", "acronym", "WCO", profile), ("en", "acronym", "CCC", profile),
                                     ("en", "alternative name", "Customs Co-operation Council", profile),
                                     ("fr", "name", "Organisation mondiale des douanes", wikipedia),
                                     ("fr", "acronym", "OMD", wikipedia)]:
        rows += cited(data, {"language": lit(lang), "nameType": lit(kind), "name": lit(name, lang)}, source)
    assert_same("names", rows)


def test_organization_kind(data):
    """"an independent intergovernmental body" (the profile)."""
    rows = cited(data, {"organization": u("id:wco"), "kind": u("wkg:IntergovernmentalOrganization"),
                        "kindName": lit("intergovernmental organization", "en"), "independent": Literal(True)},
                 "id:source-big-partner-profile")
    assert_same("organization-kind", rows)


def test_packages(data):
    """The four key Packages and their acronyms, as the profile's text lists them."""
    packages = re.findall(r"the ([A-Z][a-z]+(?: (?:and )?[A-Z][a-z]+)* Package) \(([A-Z]+)\)", PROFILE)
    assert len(packages) == 4, packages
    rows = [dict(data.source_dates("id:source-big-partner-profile"), package=u("id:package-" + acronym.lower()),
                 acronym=lit(acronym), name=lit(name, "en"), scheme=u("id:wco-key-packages"),
                 activity=u("id:activity-international-standards"))
            for name, acronym in packages]
    assert_same("packages", rows)


def test_primary_contact(data):
    """"Policy Partner ... Primary Contact: Ricardo Treviño Chapa" (the profile, 2022); the
    directory's network, Borders in Globalization, is an inference (the seed's README)."""
    rows = cited(data, {"partnership": u("id:partnership-big-wco"), "organization": u("id:borders-in-globalization"),
                        "organizationName": lit("Borders in Globalization", "en"),
                        "organizationDerivation": lit("attributed by the page's format", "en"),
                        "role": u("id:role-policy-partner"), "roleName": lit("Policy Partner", "en"),
                        "contact": u("id:ricardo-trevino-chapa"), "contactName": lit("Ricardo Treviño Chapa"),
                        "statedOn": lit("2022")}, "id:source-big-partner-profile")
    assert "Primary Contact: Ricardo Treviño Chapa" in PROFILE and "Policy Partner" in PROFILE
    assert_same("primary-contact", rows)


def test_sources(data):
    rows = []
    sources_graph = u("graph:sources")
    for graph in sorted({q[0] for q in data.quads if q[1] == u("dcterms:source") and q[3] == sources_graph}):
        for s in data.sources(graph):
            base = [dict(s, graph=graph, title=data.one(s["source"], "dcterms:title", sources_graph))]
            base = expand(base, "page", data.objects(s["source"], "foaf:page", sources_graph))
            base = expand(base, "publisher", data.objects(s["source"], "dcterms:publisher", sources_graph))
            rows += base
    assert_same("sources", rows)


def test_website(data):
    """The official website, https://www.wcoomd.org/ (the WCO's own site, as the seed's README gives it)."""
    rows = cited(data, {"website": u("https://www.wcoomd.org/")}, "id:source-wco-website")
    assert_same("website", rows)


# ---------------------------------------------------------------------- the other bodies, from data/reference/


def reference_csv(name: str) -> list[dict]:
    with (ROOT / "data" / "reference" / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def body_iri(member_iri: dict, grouping: str) -> URIRef:
    """A body's IRI: id:igo-<grouping>; the EU is the WCO members' node for its QID (Q458)."""
    return member_iri["Q458"] if grouping == "eu" else u("id:igo-" + grouping)


IGO_SOURCE = "id:source-country-converter"


@pytest.fixture(scope="module")
def igo(member_iri):
    """The tables, read by the csv module: bodies, memberships by body, the WCO rows by alpha-3,
    and each alpha-3 code's IRI (the WCO member's, by its QID, else id:territory-<code>) and name."""
    wco = {r["iso3166_alpha3"]: r for r in members_csv() if r["iso3166_alpha3"]}
    memberships = reference_csv("igo-memberships.csv")
    iri = {a3: member_iri[r["wikidata_qid"]] for a3, r in wco.items()}
    name = {a3: r["name"] for a3, r in wco.items()}
    for m in memberships:
        iri.setdefault(m["iso3166_alpha3"], u("id:territory-" + m["iso3166_alpha3"].lower()))
        name.setdefault(m["iso3166_alpha3"], m["name"])
    members = {}
    for m in memberships:
        members.setdefault(m["grouping"], {})[m["iso3166_alpha3"]] = m["since_year"]
    bodies = {b["grouping"]: b for b in reference_csv("igos.csv")}
    return {"wco": wco, "members": members, "iri": iri, "name": name, "bodies": bodies}


def wco_start(row: dict):
    return lit(row["member_since"]) if row["member_since"] else (lit(year_only(row)) if year_only(row) else None)


def body_name(igo: dict, grouping: str) -> Literal:
    return lit(igo["bodies"][grouping]["name"] if grouping != "eu" else "European Union", "en")


def test_un_members_not_in_wco(data, igo):
    rows = [dict(cited(data, {"member": igo["iri"][a3], "name": lit(igo["name"][a3], "en"),
                              "unSince": lit(year) if year else None}, IGO_SOURCE)[0])
            for a3, year in igo["members"]["un"].items() if a3 not in igo["wco"]]
    assert len(rows) == 14
    assert_same("un-members-not-in-wco", rows)


def test_wco_members_not_un_members(data, member_iri):
    un = {m["iso3166_alpha3"] for m in reference_csv("igo-memberships.csv") if m["grouping"] == "un"}
    rows = []
    for row in members_csv():
        if row["iso3166_alpha3"] in un:
            continue
        rows += cited(data, {"member": member_iri[row["wikidata_qid"]], "name": lit(row["name"], "en"),
                             "roleName": lit(ROLE[interim(row)][1], "en"), "kindName": lit(row["kind"], "en")},
                      CSV_SOURCE)
    assert len(rows) == 7
    assert_same("wco-members-not-un-members", rows)


def test_regions_in_other_bodies(data, igo, member_iri):
    table = members_csv()
    region_source = {"region" + k.capitalize(): v for k, v in data.source_dates(CSV_SOURCE).items()}
    rows = []
    for region, (slug, _notation) in REGION_SLUGS.items():
        in_region = [r for r in table if r["wco_region"] == region]
        for grouping in igo["bodies"]:
            count = sum(1 for r in in_region if r["iso3166_alpha3"] in igo["members"][grouping])
            rows += [dict(r, **region_source) for r in cited(data, {
                "region": u("id:wco-region-" + slug), "regionName": lit(region, "en"), "regionMembers": lit(len(in_region)),
                "body": body_iri(member_iri, grouping), "bodyName": body_name(igo, grouping), "members": lit(count)},
                IGO_SOURCE)]
    assert_same("regions-in-other-bodies", rows)


def test_bodies_of_member(data, igo):
    """The question's default, France: its WCO membership (from the members table) and its others."""
    w = igo["wco"]["FRA"]
    rows = cited(data, {"body": u("id:wco"), "bodyName": lit("World Customs Organization", "en"),
                        "roleName": lit("Member of the WCO", "en"), "since": wco_start(w),
                        "note": lit(w["notes"], "en") if w["notes"] else None}, CSV_SOURCE)
    for grouping, members in igo["members"].items():
        if "FRA" in members:
            rows += cited(data, {"body": body_iri({"Q458": u("id:territory-european-union")}, grouping),
                                 "bodyName": body_name(igo, grouping), "roleName": lit("Member", "en"),
                                 "since": lit(members["FRA"]) if members["FRA"] else None}, IGO_SOURCE)
    assert_same("bodies-of-member", rows)


def test_members_of_body(data, igo):
    """The question's default, the OECD: each member with its year, its WCO role and start."""
    rows = []
    for a3, year in igo["members"]["oecd"].items():
        w = igo["wco"].get(a3)
        rows += cited(data, {"member": igo["iri"][a3], "name": lit(igo["name"][a3], "en"),
                             "since": lit(year) if year else None,
                             "wcoRole": lit(ROLE[interim(w)][1], "en") if w else lit("not a WCO member"),
                             "wcoSince": wco_start(w) if w else None}, IGO_SOURCE)
    assert_same("members-of-body", rows)


def test_eu_member_states_in_wco(data, igo):
    eu = next(r for r in members_csv() if interim(r))
    rows = []
    for a3 in igo["members"]["eu"]:
        w = igo["wco"][a3]
        rows += cited(data, {"member": igo["iri"][a3], "name": lit(w["name"], "en"),
                             "wcoRole": lit(ROLE[interim(w)][1], "en"), "regionName": lit(w["wco_region"], "en"),
                             "wcoSince": wco_start(w), "euWcoRole": lit(ROLE[True][1], "en"),
                             "euWcoSince": lit(eu["member_since"])}, IGO_SOURCE)
    assert len(rows) == 27
    assert_same("eu-member-states-in-wco", rows)


def test_every_expected_file_is_derived():
    derived = {name[len("test_"):].replace("_", "-") for name in globals() if name.startswith("test_")}
    files = {p.stem for p in EXPECTED.glob("*.srj")}
    assert files - derived == set(), "derive these expected answers here too"
