"""What the pages say about the other intergovernmental bodies, each read by one query.

A body's members with their WCO status, a member's bodies, and how the WCO's membership
relates to the UN's (for the home page).

Each is one SPARQL query on the served store (the memberships of data/igos.trig beside the
WCO's of data/members.trig); ``templates/igo-resource.html`` and ``igo-home.html`` show them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..namespaces import ID
from ..store import execute

TEXT = {
    "en": {"members": "Members", "member": "Member", "joined": "Joined", "wco": "In the WCO",
           "wco_since": "WCO member since", "not_wco": "not a WCO member", "bodies": "Intergovernmental bodies",
           "body": "Body", "since": "Since", "note": "Note",
           "as_of": "as country_converter {version} records them (released {date}); later changes are missing",
           "un": "{inside} of the {un} members of the United Nations are WCO members; {outside} are not",
           "un_list": "UN members that are not WCO members"},
    "fr": {"members": "Membres", "member": "Membre", "joined": "Adhésion", "wco": "À l'OMD",
           "wco_since": "Membre de l'OMD depuis", "not_wco": "pas membre de l'OMD",
           "bodies": "Organismes intergouvernementaux", "body": "Organisme", "since": "Depuis", "note": "Note",
           "as_of": "tels que country_converter {version} les enregistre (publié le {date}) ; les changements "
                    "ultérieurs manquent",
           "un": "{inside} des {un} membres de l'Organisation des Nations Unies sont membres de l'OMD ; "
                 "{outside} ne le sont pas",
           "un_list": "Membres de l'ONU qui ne sont pas membres de l'OMD"},
}

_YEAR = "OPTIONAL { ?ms org:memberDuring ?period . ?period time:hasBeginning ?start . ?start time:inXSDgYear ?year }"
_WCO = """OPTIONAL { GRAPH ?w { ?wm a wkg:TerritoryMembership ; org:member ?member ; org:organization id:wco ;
                                 org:role ?role . OPTIONAL { ?wm wkg:memberSince ?day } OPTIONAL { ?wm wkg:memberSinceYear ?wy } } }"""


@dataclass(frozen=True)
class Row:
    """One line of a list: the other end of the membership, its start year, and the WCO side."""

    node: ox.NamedNode
    year: str
    wco_role: ox.NamedNode | None = None
    wco_since: str = ""
    note: str = ""


def _select(store: ox.Store, body: str) -> list[dict]:
    return list(execute(store, body))


def members_of(store: ox.Store, body: str) -> list[Row]:
    """The members of a body (empty if ``body`` is not one), each with its WCO role and start."""
    rows = _select(store, f"""SELECT DISTINCT ?member ?year ?role ?day ?wy WHERE {{
        GRAPH ?g {{ ?ms a wkg:BodyMembership ; org:organization <{body}> ; org:member ?member . {_YEAR} }}
        {_WCO} }}""")
    out = [Row(r["member"], _v(r["year"]), r["role"], _v(r["day"]) or _v(r["wy"])) for r in rows]
    return sorted(out, key=lambda row: row.node.value)


def bodies_of(store: ox.Store, member: str) -> list[Row]:
    """The other bodies a state or territory belongs to, with the start year and the caveats."""
    rows = _select(store, f"""SELECT DISTINCT ?body ?year ?note WHERE {{
        GRAPH ?g {{ ?ms a wkg:BodyMembership ; org:member <{member}> ; org:organization ?body . {_YEAR}
                    OPTIONAL {{ ?ms skos:scopeNote ?note }} }} }}""")
    return sorted((Row(r["body"], _v(r["year"]), note=_v(r["note"])) for r in rows), key=lambda row: row.node.value)


@dataclass(frozen=True)
class UnOverlap:
    un_members: int
    in_wco: int
    outside: list[ox.NamedNode]


def un_overlap(store: ox.Store) -> UnOverlap | None:
    """How many UN members are WCO members, from the graph (None without the UN's memberships)."""
    rows = _select(store, f"""SELECT DISTINCT ?member ?wm WHERE {{
        GRAPH ?g {{ ?ms a wkg:BodyMembership ; org:organization <{ID}igo-un> ; org:member ?member }}
        OPTIONAL {{ GRAPH ?w {{ ?wm a wkg:TerritoryMembership ; org:member ?member ; org:organization id:wco }} }} }}""")
    if not rows:
        return None
    members = {r["member"].value: r["wm"] is not None for r in rows}
    outside = sorted(m for m, inside in members.items() if not inside)
    return UnOverlap(len(members), len(members) - len(outside), [ox.NamedNode(m) for m in outside])


def release(store: ox.Store) -> tuple[str, str] | None:
    """(version, release date) of the source of the memberships, as data/sources.trig gives them."""
    for r in _select(store, """SELECT ?version ?date WHERE { GRAPH graph:sources {
            graph:country-converter dcterms:source ?s . ?s dcterms:date ?date . OPTIONAL { ?s pav:version ?version } } }"""):
        return _v(r["version"]), r["date"].value
    return None


def _v(term) -> str:
    return term.value if term is not None else ""
