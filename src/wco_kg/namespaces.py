"""Every namespace and IRI the project mints or reuses: the one place to change them.

The IRI scheme (see README, "IRIs"):

==========================  ==============================================  ==========
what                        IRI                                             prefix
==========================  ==============================================  ==========
base                        https://w3id.org/wco-kg/
ontology                    https://w3id.org/wco-kg/ontology                 (document)
ontology terms              https://w3id.org/wco-kg/ontology#Term           ``wkg:``
resources (things)          https://w3id.org/wco-kg/id/<slug>               ``id:``
source graphs               https://w3id.org/wco-kg/graph/<source>          ``graph:``
shapes                      https://w3id.org/wco-kg/shapes#<Shape-name>     ``wkgsh:``
dataset (VoID/DCAT)         https://w3id.org/wco-kg/dataset
JSON-LD context             https://w3id.org/wco-kg/context.jsonld
questions as RDF            https://w3id.org/wco-kg/.well-known/sparql-examples/<name>
==========================  ==============================================  ==========

This module imports nothing heavy: IRIs are plain strings, so a cold ``wco-kg query``
does not pay for rdflib.

>>> WKG.Partnership
'https://w3id.org/wco-kg/ontology#Partnership'
>>> WKG.Partnershp
Traceback (most recent call last):
...
AttributeError: 'Partnershp' is not a term of https://w3id.org/wco-kg/ontology# (see ontology/wco-kg.ttl)
"""

from __future__ import annotations

BASE = "https://w3id.org/wco-kg/"
ONTOLOGY = BASE + "ontology"
ONTOLOGY_VERSION = "0.1.0"
ONTOLOGY_VERSION_IRI = f"{ONTOLOGY}/{ONTOLOGY_VERSION}"
ID = BASE + "id/"
GRAPH = BASE + "graph/"
SHAPES = BASE + "shapes#"
DATASET = BASE + "dataset"
CONTEXT = BASE + "context.jsonld"
ENDPOINT = BASE + "sparql"  # the SPARQL endpoint (wco-kg serve's /sparql)
#: The questions as RDF, in sib-swiss/sparql-examples' convention (``examples_rdf.py``).
SPARQL_EXAMPLES = BASE + ".well-known/sparql-examples/"
SPEX = "https://purl.expasy.org/sparql-examples/ontology#"  # sib-swiss's terms (spex:describe)

#: The named graph that holds the ontology itself, and the one that holds the
#: generated dataset description (VoID/DCAT); every other graph is one source's facts.
ONTOLOGY_GRAPH = ONTOLOGY
DESCRIPTION_GRAPH = GRAPH + "description"

#: The World Customs Organization itself: the subject of the partner card and the diagram.
WCO = ID + "wco"

#: Where the build's files are published (the server serves them under /dump/), and their name.
DUMP_BASE = BASE + "dump/"
DUMP_NAME = "wco-kg"


class Vocab(str):
    """A closed namespace: attribute access returns the term's IRI, unknown names raise.

    Like rdflib's ``ClosedNamespace`` (a typo raises instead of minting a wrong IRI),
    but returns plain strings.
    """

    _terms: frozenset[str]

    def __new__(cls, iri: str, terms: str, source: str = "") -> "Vocab":
        self = super().__new__(cls, iri)
        self._terms = frozenset(terms.split())
        self._source = source
        return self

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._terms:
            where = f" (see {self._source})" if self._source else ""
            raise AttributeError(f"{name!r} is not a term of {str(self)}{where}")
        return str(self) + name

    def __getitem__(self, name: str) -> str:  # type: ignore[override]
        return self.__getattr__(name)

    @property
    def terms(self) -> frozenset[str]:
        return self._terms


#: Our own terms. ``tests/test_namespaces.py`` checks this list against ontology/wco-kg.ttl.
WKG = Vocab(
    ONTOLOGY + "#",
    """
    IntergovernmentalOrganization Partnership Agreement MemorandumOfUnderstanding
    QuantitativeClaim Establishment Renaming SourceDocument
    name acronym alternativeName adoptedName independent missionSummary missionStatement
    distinction officialLanguage activity primaryContact party signedOn purpose statedOn
    approximate quote customsAdministrationsRepresented shareOfWorldTradeProcessed foundingMembers
    CustomsTerritory TerritoryMembership BodyMembership FactRecord region memberKind memberSince memberSinceYear
    iso3166Alpha2 iso3166Alpha3 unM49 geonamesId wikidataId derivation checkedIn conflictsWith
    validFrom preferred membershipStatus statusSinceYear
    """,
    "ontology/wco-kg.ttl",
)

# Standard vocabularies reused as they are (prefix -> namespace IRI).
STANDARD_PREFIXES: dict[str, str] = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "pav": "http://purl.org/pav/",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "vann": "http://purl.org/vocab/vann/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "void": "http://rdfs.org/ns/void#",
    "wd": "http://www.wikidata.org/entity/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

#: Every prefix the project binds, ours first; serialisers and queries read this.
PREFIXES: dict[str, str] = {
    "wkg": str(WKG),
    "id": ID,
    "graph": GRAPH,
    "wkgsh": SHAPES,
    **STANDARD_PREFIXES,
}

RDF = STANDARD_PREFIXES["rdf"]
RDFS = STANDARD_PREFIXES["rdfs"]
OWL = STANDARD_PREFIXES["owl"]
XSD = STANDARD_PREFIXES["xsd"]
SH = STANDARD_PREFIXES["sh"]
SKOS = STANDARD_PREFIXES["skos"]
DCTERMS = STANDARD_PREFIXES["dcterms"]
#: SPDX terms, for the checksums of the dumps in void.ttl only (so not bound in every export).
SPDX = "http://spdx.org/rdf/terms#"
PROV = STANDARD_PREFIXES["prov"]
SCHEMA = STANDARD_PREFIXES["schema"]
VOID = STANDARD_PREFIXES["void"]
DCAT = STANDARD_PREFIXES["dcat"]
FOAF = STANDARD_PREFIXES["foaf"]
ORG = STANDARD_PREFIXES["org"]
WIKIDATA_ENTITY = STANDARD_PREFIXES["wd"]

RDF_TYPE = RDF + "type"
RDF_LANGSTRING = RDF + "langString"

# Namespaces the project links to or describes itself with, but binds no prefix for
# (adding one would change every export's prefixes).
GEONAMES = "https://sws.geonames.org/"
SD = "http://www.w3.org/ns/sparql-service-description#"


def sparql_prologue(prefixes: dict[str, str] | None = None) -> str:
    """PREFIX lines for a SPARQL query.

    >>> sparql_prologue({"id": ID})
    'PREFIX id: <https://w3id.org/wco-kg/id/>\\n'
    """
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in (prefixes or PREFIXES).items())


def is_ours(iri: str) -> bool:
    """True for IRIs minted under the project's base.

    >>> is_ours(ID + "wco"), is_ours("https://schema.org/name")
    (True, False)
    """
    return iri.startswith(BASE)


def shorten(iri: str, prefixes: dict[str, str] | None = None) -> str:
    """Compact an IRI with the project's prefixes, or return it in angle brackets.

    >>> shorten(ID + "wco")
    'id:wco'
    >>> shorten("http://example.org/x")
    '<http://example.org/x>'
    """
    best = ""
    for p, ns in (prefixes or PREFIXES).items():
        if iri.startswith(ns) and len(ns) > len(best):
            local = iri[len(ns):]
            if local and all(c.isalnum() or c in "-_." for c in local) and local[-1] != ".":
                best, hit = ns, f"{p}:{local}"
    return hit if best else f"<{iri}>"
