"""The other intergovernmental bodies and their members, from reference CSVs into ``data/igos.trig``.

``read_tables(paths)`` reads and checks ``igos.csv`` (the bodies), ``igo-memberships.csv`` (who
belongs to which) and ``igo-names-fr.csv`` (their French names), each recognised by its exact
header; a bad row is a ``DataError('CSV:LINE: what')``. ``igos_quads(tables, territories, known)``
makes the quads; ``import_igos`` does both and writes the TriG (serialised by pyoxigraph, quads
sorted, so the bytes are the same on every run and a changed row gives a small diff), only when
every row of every table is good.

What each row becomes (README, "Other intergovernmental bodies"):

* a body (``id:igo-<grouping>``; the EU is the node the WCO members already give it, found by its
  Wikidata item): ``org:Organization`` and ``schema:Organization``, its English name, its kind
  (``org:classification``, a concept of ``id:igo-kinds``), ``owl:sameAs`` its Wikidata item only
  where ``igos.csv`` gives one (``graph:supraverden``), its French name where ``igo-names-fr.csv``
  gives one (``graph:igo-names-fr``);
* a member: the node of the WCO member with the same ISO alpha-3 code (``id:territory-fra``,
  ``id:belgium``…), or a new ``schema:AdministrativeArea`` with its name and code;
* a membership (``id:igo-membership-<grouping>-<alpha-3>``, a ``wkg:BodyMembership``): member,
  body, role, and its start year as ``org:memberDuring`` → ``time:Interval`` → ``time:Instant``
  (``time:inXSDgYear``) where the table gives one, in ``graph:country-converter``, the source the
  table was read from; the caveats (as of the package's release; China's UN seat; Taiwan's APEC
  name) as ``skos:scopeNote`` (the bodies: ``skos:note``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .csvtable import URL as _URL, read_table
from .errors import DataError
from .formats import rdf
from .namespaces import ID, PREFIXES, RDF_TYPE
from .namespaces import WIKIDATA_ENTITY as WIKIDATA

IGOS_COLUMNS = ("grouping", "name", "kind", "wikidata_qid", "qid_source", "membership_source")
MEMBERSHIPS_COLUMNS = ("iso3166_alpha3", "name", "grouping", "since_year", "source_column")
NAMES_FR_COLUMNS = ("grouping", "name_fr", "source_url")
TABLES = {"igos": IGOS_COLUMNS, "memberships": MEMBERSHIPS_COLUMNS, "names-fr": NAMES_FR_COLUMNS}
#: The default file of each table, in the project's data/reference/.
DEFAULT_FILES = {"igos": "igos.csv", "memberships": "igo-memberships.csv", "names-fr": "igo-names-fr.csv"}

#: The kinds igos.csv may give -> (slug of id:igo-kind-<slug>, notation, English definition, French
#: name, French definition). Names, notations, definitions and translations are the project's own.
KINDS = {
    "intergovernmental organization": (
        "intergovernmental-organization", "IGO",
        "An organization whose members are states, set up by a treaty, with organs of its own.",
        "organisation intergouvernementale",
        "Organisation dont les membres sont des États, créée par un traité, dotée de ses propres organes."),
    "supranational union": (
        "supranational-union", "SU",
        "A union of states that have conferred powers on common institutions whose acts bind them.",
        "union supranationale",
        "Union d'États qui ont attribué des compétences à des institutions communes dont les actes les lient."),
    "international agreement area": (
        "international-agreement-area", "IAA",
        "An area whose states apply common rules under an international agreement, without organs of its own.",
        "espace créé par un accord international",
        "Espace dont les États appliquent des règles communes en vertu d'un accord international, sans organes propres."),
    "monetary union": (
        "monetary-union", "MU",
        "The states that share one currency and one monetary policy.",
        "union monétaire",
        "Les États qui partagent une même monnaie et une même politique monétaire."),
    "intergovernmental forum": (
        "intergovernmental-forum", "IGF",
        "A group of states or economies whose governments meet regularly, without a founding treaty.",
        "forum intergouvernemental",
        "Groupe d'États ou d'économies dont les gouvernements se réunissent régulièrement, sans traité fondateur."),
}

#: The caveats of the reference README that concern one membership: (grouping, alpha-3) -> note.
CAVEATS = {
    ("un", "CHN"): "The year is that of China's seat in the United Nations: 1945, when the Republic of China "
                   "held it, which it did until 1971 (data/reference/README.md).",
    ("apec", "TWN"): "Taiwan takes part in APEC under the name APEC uses, \"Chinese Taipei\"; country_converter "
                     "writes \"Taiwan\" (data/reference/README.md).",
}
#: The name under which a member takes part in a body, where it differs from the member's own.
NAMES_IN_BODY = {("apec", "TWN"): "Chinese Taipei"}

GRAPH_MEMBERSHIPS = "country-converter"
GRAPH_BODIES = "igo-reference"
GRAPH_QIDS = "supraverden"
GRAPH_NAMES_FR = "igo-names-fr"
GRAPH_EDITORIAL = "editorial"
SOURCE_MEMBERSHIPS = "source-country-converter"
SOURCE_BODIES = "source-igo-reference-tables"
#: country_converter's release: the memberships are as of that day.
RELEASE = ("1.3.2", "2025-10-22")

_GROUPING = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_ALPHA3 = re.compile(r"[A-Z]{3}")
_QID = re.compile(r"Q[1-9][0-9]*")
_YEAR = re.compile(r"[12][0-9]{3}")
_COLUMN = re.compile(r"\bcolumn ([A-Za-z0-9_]+)(?: \((year [^)]*)\))?")


# ---------------------------------------------------------------------- reading and checking

@dataclass(frozen=True)
class Body:
    line: int
    grouping: str
    name: str
    kind: str
    qid: str
    qid_source: str
    membership_source: str
    column: str        # the country_converter column its memberships are read from
    year_means: str    # what a start year means for it ("year of admission"), or "" if it has none

    @property
    def slug(self) -> str:
        return f"igo-{self.grouping}"


@dataclass(frozen=True)
class Membership:
    line: int
    alpha3: str
    name: str
    grouping: str
    year: str
    column: str

    @property
    def slug(self) -> str:
        return f"igo-membership-{self.grouping}-{self.alpha3.lower()}"


@dataclass
class Tables:
    bodies: dict[str, Body] = field(default_factory=dict)
    memberships: list[Membership] = field(default_factory=list)
    names_fr: dict[str, tuple[str, str]] = field(default_factory=dict)  # grouping -> (name, URL)
    files: dict[str, Path] = field(default_factory=dict)                 # table -> its file


def _table_of(path: Path) -> str:
    """Which table a CSV holds, from its exact header (a ``CSV:1:`` error if none)."""
    from .csvtable import read_text

    first = read_text(path).split("\n", 1)[0]
    header = tuple(h.strip() for h in first.split(","))
    for name, columns in TABLES.items():
        if header == columns:
            return name
    raise DataError("header must be one of: " + "; ".join(",".join(c) for c in TABLES.values()), str(path), 1)


def read_tables(paths: list[str | Path]) -> Tables:
    """The three tables, checked (each file recognised by its header; each table exactly once)."""
    files: dict[str, Path] = {}
    for p in map(Path, paths):
        name = _table_of(p)
        if name in files:
            raise DataError(f"a second {DEFAULT_FILES[name]} table (the first is {files[name]})", str(p), 1)
        files[name] = p
    missing = [DEFAULT_FILES[n] for n in TABLES if n not in files]
    if missing:
        raise DataError(f"missing table(s): {', '.join(missing)}")
    t = Tables(files=files)
    t.bodies = _read_bodies(files["igos"])
    t.memberships = _read_memberships(files["memberships"], t.bodies)
    t.names_fr = _read_names_fr(files["names-fr"], t.bodies)
    return t


def _read_bodies(path: Path) -> dict[str, Body]:
    where = str(path)
    bodies: dict[str, Body] = {}
    qids: dict[str, int] = {}
    for row in read_table(path, IGOS_COLUMNS, "one row per body"):
        c, line = row.cells, row.line

        def bad(message: str) -> DataError:
            return DataError(message, where, line)

        if not _GROUPING.fullmatch(c["grouping"]):
            raise bad(f"grouping {c['grouping']!r} is not lower-case letters and digits joined by hyphens")
        if c["grouping"] in bodies:
            raise bad(f"duplicate grouping {c['grouping']!r} (also on line {bodies[c['grouping']].line})")
        if not c["name"]:
            raise bad("name is empty")
        if c["kind"] not in KINDS:
            raise bad(f"unknown kind {c['kind']!r} (one of: {', '.join(KINDS)})")
        if c["wikidata_qid"] and not _QID.fullmatch(c["wikidata_qid"]):
            raise bad(f"wikidata_qid {c['wikidata_qid']!r} is not Q and a number")
        if bool(c["wikidata_qid"]) != bool(c["qid_source"]):
            raise bad("wikidata_qid and qid_source are both given or both empty (a QID needs the source that confirms it)")
        if c["wikidata_qid"] in qids:
            raise bad(f"duplicate wikidata_qid {c['wikidata_qid']!r} (also on line {qids[c['wikidata_qid']]})")
        if c["wikidata_qid"]:
            qids[c["wikidata_qid"]] = line
        m = _COLUMN.search(c["membership_source"])
        if not m:
            raise bad("membership_source does not name the country_converter column read (\"column NAME\")")
        bodies[c["grouping"]] = Body(line, c["grouping"], c["name"], c["kind"], c["wikidata_qid"], c["qid_source"],
                                     c["membership_source"], m.group(1), m.group(2) or "")
    if not bodies:
        raise DataError("no rows: expected one row per body", where)
    return bodies


def _read_memberships(path: Path, bodies: dict[str, Body]) -> list[Membership]:
    where = str(path)
    out: list[Membership] = []
    seen: dict[tuple[str, str], int] = {}
    names: dict[str, tuple[str, int]] = {}
    for row in read_table(path, MEMBERSHIPS_COLUMNS, "one row per membership"):
        c, line = row.cells, row.line

        def bad(message: str) -> DataError:
            return DataError(message, where, line)

        a3, grouping, year = c["iso3166_alpha3"], c["grouping"], c["since_year"]
        if not _ALPHA3.fullmatch(a3):
            raise bad(f"iso3166_alpha3 {a3!r} is not three capital letters")
        if not c["name"]:
            raise bad("name is empty")
        if grouping not in bodies:
            raise bad(f"unknown grouping {grouping!r} (igos.csv has: {', '.join(sorted(bodies))})")
        body = bodies[grouping]
        if c["source_column"] != body.column:
            raise bad(f"source_column {c['source_column']!r} is not the column igos.csv names for {grouping} "
                      f"({body.column!r})")
        if year:
            if not _YEAR.fullmatch(year):
                raise bad(f"since_year {year!r} is not a year (four digits)")
            if not body.year_means:
                raise bad(f"since_year is given, but igos.csv says column {body.column} gives no year for {grouping}")
            if year > RELEASE[1][:4]:
                raise bad(f"since_year {year} is after the source's release ({RELEASE[1]})")
        if (grouping, a3) in seen:
            raise bad(f"duplicate membership of {a3} in {grouping} (also on line {seen[(grouping, a3)]})")
        seen[(grouping, a3)] = line
        if a3 in names and names[a3][0] != c["name"]:
            raise bad(f"{a3} is named {c['name']!r} here but {names[a3][0]!r} on line {names[a3][1]}")
        names.setdefault(a3, (c["name"], line))
        out.append(Membership(line, a3, c["name"], grouping, year, c["source_column"]))
    if not out:
        raise DataError("no rows: expected one row per membership", where)
    return out


def _read_names_fr(path: Path, bodies: dict[str, Body]) -> dict[str, tuple[str, str]]:
    where = str(path)
    out: dict[str, tuple[str, str]] = {}
    lines: dict[str, int] = {}
    for row in read_table(path, NAMES_FR_COLUMNS, "one row per body"):
        c, line = row.cells, row.line
        if c["grouping"] not in bodies:
            raise DataError(f"unknown grouping {c['grouping']!r} (igos.csv has: {', '.join(sorted(bodies))})", where, line)
        if c["grouping"] in out:
            raise DataError(f"duplicate grouping {c['grouping']!r} (also on line {lines[c['grouping']]})", where, line)
        if not c["name_fr"]:
            raise DataError("name_fr is empty", where, line)
        if not _URL.fullmatch(c["source_url"]):
            raise DataError(f"source_url {c['source_url']!r} is not an http(s) URL", where, line)
        out[c["grouping"]] = (c["name_fr"], c["source_url"])
        lines[c["grouping"]] = line
    return out


# ---------------------------------------------------------------------- the quads

@dataclass
class Known:
    """What the WCO members and the other data files say, which the import reuses."""

    territories: dict[str, str] = field(default_factory=dict)  # ISO alpha-3 -> the WCO member's IRI
    names: dict[str, str] = field(default_factory=dict)        # ISO alpha-3 -> the WCO member's English name
    by_qid: dict[str, str] = field(default_factory=dict)       # Wikidata QID -> a WCO member's IRI
    french: dict[str, str] = field(default_factory=dict)       # IRI -> its French name in data/


def known_from(members_csv: Path, data_files: list[Path]) -> Known:
    """The WCO members' IRIs, exactly as ``wco-kg members import`` mints them, and French names."""
    from .members import existing, read_members

    members = read_members(members_csv)
    found = existing(data_files)
    k = Known(french=found.french)
    for m in members:
        iri = found.iris.get(m.qid) or f"{ID}territory-{m.key}"
        k.by_qid[m.qid] = iri
        if m.alpha3:
            k.territories[m.alpha3] = iri
            k.names[m.alpha3] = m.name
    return k


def igos_quads(t: Tables, known: Known) -> list:
    """Every quad of data/igos.trig, sorted."""
    import pyoxigraph as ox

    P = PREFIXES

    def iri(x: str) -> ox.NamedNode:
        return ox.NamedNode(x)

    def i(slug: str) -> ox.NamedNode:
        return ox.NamedNode(ID + slug)

    def term(prefixed: str) -> ox.NamedNode:
        prefix, local = prefixed.split(":", 1)
        return ox.NamedNode(P[prefix] + local)

    def en(text: str) -> ox.Literal:
        return ox.Literal(text, language="en")

    def fr(text: str) -> ox.Literal:
        return ox.Literal(text, language="fr")

    quads: set = set()

    def add(graph: str, s, p: str, o) -> None:
        quads.add(ox.Quad(s, RDF_TYPE_NODE if p == "a" else term(p), o, ox.NamedNode(P["graph"] + graph)))

    RDF_TYPE_NODE = ox.NamedNode(RDF_TYPE)
    name = "wkg:name"

    # The vocabulary: the kinds of body and the role (English in the table's graph, the rest editorial).
    scheme = i("igo-kinds")
    add(GRAPH_BODIES, scheme, "a", term("skos:ConceptScheme"))
    add(GRAPH_BODIES, scheme, name, en("Kinds of intergovernmental body"))
    add(GRAPH_EDITORIAL, scheme, name, fr("Types d'organisme intergouvernemental"))
    for kind, (slug, notation, definition, name_fr, definition_fr) in KINDS.items():
        c = i(f"igo-kind-{slug}")
        add(GRAPH_BODIES, scheme, "skos:hasTopConcept", c)
        for p, o in (("a", term("skos:Concept")), (name, en(kind)), ("skos:inScheme", scheme),
                     ("skos:topConceptOf", scheme)):
            add(GRAPH_BODIES, c, p, o)
        for p, o in (("skos:notation", ox.Literal(notation)), ("skos:definition", en(definition)),
                     ("skos:definition", fr(definition_fr)), (name, fr(name_fr))):
            add(GRAPH_EDITORIAL, c, p, o)
    role = i("role-igo-member")
    for p, o in (("a", term("org:Role")), ("a", term("skos:Concept")), (name, en("Member")),
                 ("skos:definition", en("A state or territory listed as a member of an intergovernmental body "
                                        "or grouping other than the WCO.")),
                 ("skos:inScheme", i("roles"))):
        add(GRAPH_BODIES, role, p, o)
    add(GRAPH_EDITORIAL, role, name, fr("Membre"))

    # The bodies.
    body_iri: dict[str, ox.NamedNode] = {}
    body_fr: dict[str, str] = {}
    for b in t.bodies.values():
        node = iri(known.by_qid[b.qid]) if b.qid in known.by_qid else i(b.slug)
        body_iri[b.grouping] = node
        for p, o in (("a", term("org:Organization")), ("a", term("schema:Organization")), (name, en(b.name)),
                     ("org:classification", i(f"igo-kind-{KINDS[b.kind][0]}"))):
            add(GRAPH_BODIES, node, p, o)
        if b.qid:
            add(GRAPH_QIDS, node, "owl:sameAs", iri(WIKIDATA + b.qid))
        if b.grouping in t.names_fr:
            add(GRAPH_NAMES_FR, node, name, fr(t.names_fr[b.grouping][0]))
        french = t.names_fr.get(b.grouping, (known.french.get(node.value, ""),))[0]
        if french:
            body_fr[b.grouping] = french
        notes = [f"Its members as country_converter {RELEASE[0]} (released {RELEASE[1]}) records them, in "
                 f"its column {b.column}: later accessions and withdrawals are missing. Read from: "
                 f"{b.membership_source}."]
        if b.year_means:
            notes.append(f"The start year of each membership is the {b.year_means}.")
        for n in notes:
            add(GRAPH_MEMBERSHIPS, node, "skos:note", en(n))

    # The members that are not WCO members, and the memberships.
    for m in t.memberships:
        if m.alpha3 in known.territories:
            member = iri(known.territories[m.alpha3])
            member_name = known.names[m.alpha3]
        else:
            member = i(f"territory-{m.alpha3.lower()}")
            member_name = m.name
            for p, o in (("a", term("schema:AdministrativeArea")), (name, en(m.name)),
                         ("wkg:iso3166Alpha3", ox.Literal(m.alpha3))):
                add(GRAPH_MEMBERSHIPS, member, p, o)
        b = t.bodies[m.grouping]
        ms = i(m.slug)
        in_body = NAMES_IN_BODY.get((m.grouping, m.alpha3))
        shown = f"{member_name} (as {in_body})" if in_body else member_name
        for p, o in (("a", term("wkg:BodyMembership")), (name, en(f"{shown} — {b.name}")),
                     ("org:member", member), ("org:organization", body_iri[m.grouping]), ("org:role", role),
                     ("dcterms:source", i(SOURCE_MEMBERSHIPS))):
            add(GRAPH_MEMBERSHIPS, ms, p, o)
        if (m.grouping, m.alpha3) in CAVEATS:
            add(GRAPH_MEMBERSHIPS, ms, "skos:scopeNote", en(CAVEATS[(m.grouping, m.alpha3)]))
        if m.year:
            period, start = i(m.slug + "-period"), i(m.slug + "-start")
            add(GRAPH_MEMBERSHIPS, ms, "org:memberDuring", period)
            add(GRAPH_MEMBERSHIPS, period, "a", term("time:Interval"))
            add(GRAPH_MEMBERSHIPS, period, "time:hasBeginning", start)
            add(GRAPH_MEMBERSHIPS, start, "a", term("time:Instant"))
            add(GRAPH_MEMBERSHIPS, start, "time:inXSDgYear", ox.Literal(m.year, datatype=iri(P["xsd"] + "gYear")))
        member_fr = known.french.get(member.value)
        if member_fr and m.grouping in body_fr:
            shown_fr = f"{member_fr} ({in_body})" if in_body else member_fr
            add(GRAPH_EDITORIAL, ms, name, fr(f"{shown_fr} — {body_fr[m.grouping]}"))
    return sorted(quads, key=lambda q: (q.graph_name.value, q.subject.value, q.predicate.value, str(q.object)))


_TRIG_PREFIXES = ("dcterms", "graph", "id", "org", "owl", "rdf", "schema", "skos", "time", "wd", "wkg", "xsd")


def igos_trig(t: Tables, known: Known) -> bytes:
    """The bytes of data/igos.trig: a header naming the inputs, then pyoxigraph's TriG."""
    import pyoxigraph as ox

    header = ["# GENERATED by `wco-kg igos import` from the reference tables in data/reference/: do not edit by hand.",
              "# Edit the CSVs and run `wco-kg igos import` again (README, \"Other intergovernmental bodies\").",
              "# Inputs:"]
    for name in TABLES:
        p = t.files[name]
        header.append(f"#   {p.name}, SHA-256 {hashlib.sha256(p.read_bytes()).hexdigest()}")
    body = ox.serialize(igos_quads(t, known), format=rdf("trig"),
                        prefixes={p: PREFIXES[p] for p in _TRIG_PREFIXES})
    return ("\n".join(header) + "\n\n").encode("utf-8") + body


# ---------------------------------------------------------------------- the import command

@dataclass
class ImportResult:
    out: Path
    bodies: int
    memberships: int
    changed: bool
    added: int = 0
    removed: int = 0
    diff: list[str] = field(default_factory=list)

    def summary(self) -> str:
        what = f"{self.bodies} bodies, {self.memberships} memberships"
        if not self.changed:
            return f"{self.out}: up to date ({what})"
        return f"{self.out}: {what}; +{self.added} -{self.removed} lines"


def default_tables(reference_dir: Path) -> list[Path]:
    return [reference_dir / f for f in DEFAULT_FILES.values()]


def import_igos(csvs: list[str | Path], members_csv: str | Path, out: str | Path,
                data_files: list[Path] | None = None, write: bool = True) -> ImportResult:
    """Check the tables and (re)write ``out``; nothing is written if any row is bad.

    ``members_csv`` is the WCO members table whose nodes the members reuse; ``data_files`` are
    the other data files (``out`` excluded), for the IRIs and French names they already give.
    """
    from .export import line_changes, write_file_atomically

    out = Path(out)
    tables = read_tables(list(csvs))
    others = [p for p in (data_files or []) if p.resolve() != out.resolve()]
    data = igos_trig(tables, known_from(Path(members_csv), others))
    old = out.read_bytes() if out.exists() else b""
    diff, added, removed = line_changes(out, data.decode("utf-8"))
    result = ImportResult(out, len(tables.bodies), len(tables.memberships), data != old, added, removed, diff)
    if write and result.changed:
        write_file_atomically(out, data)
    return result
