"""Generate a synthetic partner network under the wco-kg ontology and shapes, for benchmarks.

    python bench/generate.py --triples 100000 --seed 1 -o bench/data/network-100k.trig

Deterministic: the same seed and size give the same bytes. The network is the real build
(ontology, data, entailed superterms, VoID description) plus synthetic *units* around the WCO,
each an organization (names in English and French, founding year, homepage, country, link),
its membership of the WCO with a dated term, a partnership, a memorandum of understanding with
the WCO, a quantitative claim with its source, and a person holding a post. Every synthetic IRI is
``id:bench-…`` and every synthetic graph ``graph:bench-…``: nothing here is a fact about the world,
and nothing of it goes into data/.

A known number of shape violations is planted (``PLANTS``: one kind per required-shape constraint
family, plus a recommended-shape warning), one unit in ``--plant-every``; the manifest written
beside the TriG (``*.manifest.json``) records how many of each, and the exact results expected.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import pyoxigraph as ox  # noqa: E402

from wco_kg.loader import describe, entail, load  # noqa: E402
from wco_kg.export import serialize_store  # noqa: E402
from wco_kg.namespaces import GRAPH, ID, PREFIXES  # noqa: E402
from wco_kg.project import Project  # noqa: E402

SH = PREFIXES["sh"]
WKGSH = PREFIXES["wkgsh"]
PREFIX_LINES = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()) + \
    f"@prefix id: <{ID}> .\n@prefix graph: <{GRAPH}> .\n"

#: Triples (after entailment) one unit adds; measured, used to size the network.
TRIPLES_PER_UNIT = 105
#: Sources and countries the units share, by default (``generate(..., shared_nodes=N)`` sets both).
SOURCES = 50
COUNTRIES = 200

# Each planted kind: what it breaks, and the results it must produce (focus is the unit's node
# named by ``focus``): (shape, path or None, component, severity).
PLANTS = {
    "org-no-english-name": ("org", [("Organization-prefLabel", "skos:prefLabel", "QualifiedMinCountConstraintComponent", "Violation")]),
    "agreement-one-party": ("mou", [("Agreement-party", "wkg:party", "MinCountConstraintComponent", "Violation")]),
    "claim-date-as-text": ("claim", [("QuantitativeClaim-statedOn", "wkg:statedOn", "OrConstraintComponent", "Violation")]),
    "term-ends-before-it-begins": ("term", [("Interval", None, "SPARQLConstraintComponent", "Violation")]),
    "membership-two-organizations": ("membership", [("Membership-organization", "org:organization", "MaxCountConstraintComponent", "Violation")]),
    "homepage-as-text": ("org", [("Organization-homepage", "foaf:homepage", "NodeKindConstraintComponent", "Violation")]),
    "post-held-by-organization": ("post", [("Post-heldBy", "org:heldBy", "ClassConstraintComponent", "Violation")]),
    "org-no-french-name": ("org", [("Translated", None, "SPARQLConstraintComponent", "Warning")]),
}


def expand(curie: str | None) -> str | None:
    if curie is None:
        return None
    p, _, local = curie.partition(":")
    return PREFIXES[p] + local


def unit(i: int, rng: random.Random, plant: str | None, sources: int = SOURCES, countries: int = COUNTRIES,
         roles: int = 1) -> str:
    """The TriG of unit ``i`` (one named graph, its source's)."""
    n = f"{i:07d}"
    src = i % sources
    r = "" if roles == 1 else f"-{i % roles}"
    founded = rng.randint(1900, 2015)
    signed = rng.randint(max(founded, 1953) + 1, 2024)
    month = rng.randint(1, 12)
    begin = rng.randint(max(founded, 1953), 2020)
    end = begin + rng.randint(1, 8)
    country = rng.randrange(countries)
    share = rng.randint(1, 999)
    en = f'"Bench Organization {n}"@en'
    fr = f'"Organisation de banc {n}"@fr'
    names = {"org-no-english-name": fr, "org-no-french-name": en}.get(plant, f"{en} , {fr}")
    homepage = f'"https://bench.example.org/{n}"' if plant == "homepage-as-text" else f"<https://bench.example.org/{n}>"
    orgs = "id:wco , id:university-of-victoria" if plant == "membership-two-organizations" else "id:wco"
    parties = f"id:bench-org-{n}" if plant == "agreement-one-party" else f"id:wco , id:bench-org-{n}"
    stated = f'"{signed}"' if plant == "claim-date-as-text" else f'"{signed}"^^xsd:gYear'
    start, stop = (end, begin) if plant == "term-ends-before-it-begins" else (begin, end)
    holder = f"id:bench-org-{n}" if plant == "post-held-by-organization" else f"id:bench-person-{n}"
    return f"""GRAPH graph:bench-source-{src} {{
id:bench-org-{n} a org:FormalOrganization , schema:Organization ;
  wkg:name {names} ;
  schema:foundingDate "{founded}"^^xsd:gYear ;
  foaf:homepage {homepage} ;
  schema:location id:bench-country-{country} ;
  owl:sameAs <https://bench.example.org/entity/{n}> .
id:bench-membership-{n} a org:Membership ;
  wkg:name "Bench Organization {n}, member of the WCO"@en , "Organisation de banc {n}, membre de l'OMD"@fr ;
  org:member id:bench-org-{n} ; org:organization {orgs} ; org:role id:bench-role-member{r} ;
  org:memberDuring id:bench-term-{n} .
id:bench-term-{n} a time:Interval ;
  time:hasBeginning id:bench-term-{n}-start ; time:hasEnd id:bench-term-{n}-end .
id:bench-term-{n}-start a time:Instant ; time:inXSDgYear "{start}"^^xsd:gYear .
id:bench-term-{n}-end a time:Instant ; time:inXSDgYear "{stop}"^^xsd:gYear .
id:bench-partnership-{n} a wkg:Partnership ;
  wkg:name "Bench Organization {n} as partner of the WCO"@en , "Organisation de banc {n}, partenaire de l'OMD"@fr ;
  org:member id:bench-org-{n} ; org:organization id:wco ; org:role id:bench-role-partner{r} ;
  wkg:primaryContact id:bench-person-{n} ; wkg:statedOn "{signed}"^^xsd:gYear ;
  dcterms:source id:bench-source-{src} .
id:bench-mou-{n} a wkg:MemorandumOfUnderstanding ;
  wkg:name "Memorandum between the WCO and Bench Organization {n}"@en , "Protocole entre l'OMD et l'organisation de banc {n}"@fr ;
  wkg:party {parties} ;
  wkg:signedOn "{signed}-{month:02d}"^^xsd:gYearMonth ;
  wkg:purpose "cooperation in customs matters"@en ;
  dcterms:source id:bench-source-{src} .
id:bench-claim-{n} a wkg:QuantitativeClaim ;
  wkg:name "Share of world trade of Bench Organization {n}"@en , "Part du commerce mondial de l'organisation de banc {n}"@fr ;
  schema:observationAbout id:bench-org-{n} ;
  schema:measuredProperty wkg:shareOfWorldTradeProcessed ;
  schema:value {share // 10}.{share % 10} ;
  schema:unitText "percent of world trade"@en ;
  wkg:approximate true ;
  wkg:statedOn {stated} ;
  dcterms:source id:bench-source-{src} .
id:bench-person-{n} a foaf:Person , schema:Person ; wkg:name "Bench Person {n}" .
id:bench-post-{n} a org:Post ;
  wkg:name "Liaison officer of Bench Organization {n}"@en , "Agent de liaison de l'organisation de banc {n}"@fr ;
  org:postIn id:bench-org-{n} ; org:role id:bench-role-liaison{r} ; org:heldBy {holder} .
}}
"""


def shared(sources: int = SOURCES, countries: int = COUNTRIES, roles: int = 1) -> str:
    """Sources, roles (``roles`` of each kind) and countries the units point at."""
    out = ["GRAPH graph:bench-sources {"]
    for s in range(sources):
        out.append(f"""id:bench-source-{s} a wkg:SourceDocument ;
  dcterms:title "Synthetic benchmark source {s}"@en ;
  dcterms:date "2024"^^xsd:gYear ; pav:retrievedOn "2026-11-28"^^xsd:date .
graph:bench-source-{s} dcterms:source id:bench-source-{s} .""")
    out.append("graph:bench-sources dcterms:source id:bench-source-0 .\ngraph:bench-shared dcterms:source id:bench-source-0 .\n}")
    out.append("GRAPH graph:bench-shared {")
    for role, en, fr in (("member", "Member", "Membre"), ("partner", "Partner", "Partenaire"),
                         ("liaison", "Liaison officer", "Agent de liaison")):
        for k in range(roles):
            r = "" if roles == 1 else f"-{k}"
            out.append(f"""id:bench-role-{role}{r} a org:Role , skos:Concept ;
  wkg:name "{en} (benchmark{r})"@en , "{fr} (banc{r})"@fr ; skos:inScheme id:roles .""")
    for c in range(countries):
        out.append(f"""id:bench-country-{c} a schema:Country ;
  wkg:name "Bench Country {c}"@en , "Pays de banc {c}"@fr ;
  owl:sameAs <https://bench.example.org/country/{c}> .""")
    out.append("}")
    return "\n".join(out) + "\n"


def generate(triples: int, seed: int = 1, plant_every: int | None = None,
             shared_nodes: int | None = None) -> tuple[bytes, dict]:
    """(TriG bytes, manifest) of a network of about ``triples`` triples; one unit in
    ``plant_every`` carries a planted violation (default: about 50 in all, at least one in 5).
    ``shared_nodes``: how many sources and countries (and a third as many roles of each of the
    three kinds) the units share (default 50 sources, 200 countries, 3 roles; a test that needs
    as many focus nodes for their shapes as for the units' sets it, which adds about 7 triples
    per node)."""
    rng = random.Random(seed)
    project = Project(ROOT)
    base = load(project)
    units = max(1, (triples - len(base) - 1500) // TRIPLES_PER_UNIT)
    plant_every = plant_every or max(5, units // 50)
    kinds = list(PLANTS)
    sources, countries, roles = (shared_nodes, shared_nodes, shared_nodes // 3 + 1) if shared_nodes else (SOURCES, COUNTRIES, 1)
    parts = [PREFIX_LINES, shared(sources, countries, roles)]
    planted: dict[str, int] = {k: 0 for k in kinds}
    expected: list[dict] = []
    for i in range(units):
        plant = kinds[(i // plant_every) % len(kinds)] if i % plant_every == plant_every - 1 else None
        parts.append(unit(i, rng, plant, sources, countries, roles))
        if plant:
            planted[plant] += 1
            node, results = PLANTS[plant]
            focus = f"{ID}bench-{node}-{i:07d}" if node != "term" else f"{ID}bench-term-{i:07d}"
            for shape, path, component, severity in results:
                expected.append({"kind": plant, "focus": focus, "path": expand(path),
                                 "component": SH + component, "shape": WKGSH + shape, "severity": severity})
    base.load("".join(parts).encode(), format=ox.RdfFormat.TRIG)
    entail(base)
    describe(base)
    data = serialize_store(base, "trig")
    manifest = {"seed": seed, "units": units, "quads": len(base),
                "triples": len(set(q.triple for q in base)),
                "plant_every": plant_every, "planted": planted,
                "expected_results": sorted(expected, key=lambda r: (r["focus"], r["component"]))}
    return data, manifest


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--triples", type=int, default=10_000, help="about how many triples (default 10000)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--plant-every", type=int, help="plant a violation in one unit in N (default: about 50 in all)")
    p.add_argument("-o", "--out", required=True, help="the TriG file to write (the manifest goes beside it)")
    args = p.parse_args(argv)
    data, manifest = generate(args.triples, args.seed, args.plant_every)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    out.with_suffix(".manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"{out}: {manifest['triples']} triples, {sum(manifest['planted'].values())} planted violations")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
