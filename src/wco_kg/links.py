"""Check the graph's links to Wikidata at a SPARQL endpoint: each item exists, its label agrees.

Does each linked item exist there, and does its label agree with ours?

The links are the ``owl:sameAs`` and ``skos:exactMatch`` statements whose object is a
Wikidata item (``http://www.wikidata.org/entity/Q…``). For each, the endpoint is asked (by
SPARQLWrapper, through ``RemoteStore``, in batches of ``VALUES``) whether the item has any
statement, and for its ``rdfs:label`` in the languages we label things in. A label agrees
when it equals one of our ``skos:prefLabel`` or ``skos:altLabel`` in the same language, after
Unicode normalisation, case folding and whitespace collapsing. A language one side does not
label in is not compared.

Outcome: 0 every item found and agreeing; 1 a missing item or a disagreeing label (each
reported on its line, with both labels); an unreachable endpoint raises ``EndpointError``.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from .namespaces import PREFIXES, RDFS, WIKIDATA_ENTITY, sparql_prologue
from .store import LocalStore, QueryStore

LANGUAGES = ("en", "fr")
BATCH = 50

_OUR_LINKS = f"""
SELECT DISTINCT ?entity ?item ?label WHERE {{
  GRAPH ?g {{ ?entity owl:sameAs|skos:exactMatch ?item }}
  FILTER (STRSTARTS(STR(?item), "{WIKIDATA_ENTITY}Q"))
  OPTIONAL {{ ?entity skos:prefLabel|skos:altLabel ?label
             FILTER (LANG(?label) IN ({", ".join(f'"{x}"' for x in LANGUAGES)})) }}
}}"""

# Sent to the endpoint, which knows none of our prefixes: the one it needs is declared.
_THEIR_LABELS = sparql_prologue({"rdfs": RDFS}) + """SELECT ?item ?label WHERE {{
  VALUES ?item {{ {items} }}
  {{ ?item rdfs:label ?label FILTER (LANG(?label) IN ({langs})) }}
  UNION
  {{ SELECT ?item WHERE {{ VALUES ?item {{ {items} }} ?item ?p ?o }} GROUP BY ?item }}
}}"""


def normalise(label: str) -> str:
    """``"  City of  BRUSSELS"`` and ``"city of brussels"`` compare equal."""
    return " ".join(unicodedata.normalize("NFKC", label).casefold().split())


@dataclass
class Link:
    entity: str
    item: str
    ours: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    theirs: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    found: bool = False

    def mismatches(self) -> list[str]:
        """The languages both sides label in where no label of theirs is one of ours."""
        out = []
        for lang in LANGUAGES:
            if self.ours.get(lang) and self.theirs.get(lang):
                if not {normalise(x) for x in self.ours[lang]} & {normalise(x) for x in self.theirs[lang]}:
                    out.append(lang)
        return out


@dataclass
class LinkReport:
    endpoint: str
    links: list[Link]

    @property
    def missing(self) -> list[Link]:
        return [x for x in self.links if not x.found]

    @property
    def mismatched(self) -> list[Link]:
        return [x for x in self.links if x.found and x.mismatches()]

    @property
    def ok(self) -> bool:
        return not self.missing and not self.mismatched

    def text(self) -> str:
        def short(iri: str) -> str:
            for p, ns in (("wd", WIKIDATA_ENTITY), ("id", PREFIXES["id"])):
                if iri.startswith(ns):
                    return f"{p}:{iri[len(ns):]}"
            return f"<{iri}>"

        def labels(xs: set[str]) -> str:
            return " / ".join(f'"{x}"' for x in sorted(xs))

        lines = []
        for x in sorted(self.links, key=lambda link: (link.entity, link.item)):
            name = f"{short(x.item)} ({short(x.entity)})"
            if not x.found:
                lines.append(f"MISSING   {name}: no such item at the endpoint")
                continue
            bad = x.mismatches()
            for lang in bad:
                lines.append(f"MISMATCH  {name} @{lang}: ours {labels(x.ours[lang])}, "
                             f"theirs {labels(x.theirs[lang])}")
            if not bad:
                agreed = [lang for lang in LANGUAGES if x.ours.get(lang) and x.theirs.get(lang)]
                lines.append(f"ok        {name}" + (f": label agrees ({', '.join('@' + a for a in agreed)})"
                                                     if agreed else ": found (no label to compare)"))
        lines.append(f"{len(self.links)} link(s) checked at {self.endpoint}: {len(self.missing)} missing, "
                     f"{len(self.mismatched)} with a different label")
        return "\n".join(lines) + "\n"


def our_links(local: LocalStore) -> list[Link]:
    """The graph's links to Wikidata items, with our labels of each linked entity."""
    links: dict[tuple[str, str], Link] = {}
    for row in local.query(_OUR_LINKS).dicts():
        key = (row["entity"].value, row["item"].value)
        link = links.setdefault(key, Link(*key))
        if "label" in row:
            link.ours[row["label"].language].add(row["label"].value)
    return list(links.values())


def check_links(local: LocalStore, endpoint: QueryStore) -> LinkReport:
    """Ask ``endpoint`` about every linked Wikidata item (raises ``EndpointError`` if it fails)."""
    links = our_links(local)
    by_item: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        by_item[link.item].append(link)
    items = sorted(by_item)
    langs = ", ".join(f'"{x}"' for x in LANGUAGES)
    for start in range(0, len(items), BATCH):
        batch = " ".join(f"<{i}>" for i in items[start:start + BATCH])
        result = endpoint.query(_THEIR_LABELS.format(items=batch, langs=langs), source="links check")
        for row in result.dicts():
            for link in by_item.get(row["item"].value, ()):
                link.found = True
                if "label" in row:
                    link.theirs[row["label"].language.lower()].add(row["label"].value)
    return LinkReport(getattr(endpoint, "name", "endpoint"), links)
