"""The ontology: a proper header, every term labelled in English and French, defined, aligned."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from wco_kg.namespaces import ONTOLOGY, ONTOLOGY_VERSION_IRI, PREFIXES, WKG, sparql_prologue

STANDARD = tuple(ns for p, ns in PREFIXES.items() if p not in ("wkg", "id", "graph", "wkgsh"))


@pytest.fixture(scope="module")
def onto(project):
    s = ox.Store()
    for f in project.ontology_files():
        s.load(path=str(f), format=ox.RdfFormat.TURTLE)
    return s


def select(store, q):
    return list(store.query(sparql_prologue() + q))


def test_header(onto):
    rows = select(onto, """SELECT ?v ?info ?lic ?mod WHERE { ?o a owl:Ontology ; owl:versionIRI ?v ;
        owl:versionInfo ?info ; dcterms:license ?lic ; dcterms:modified ?mod }""")
    assert len(rows) == 1
    assert rows[0]["v"].value == ONTOLOGY_VERSION_IRI
    assert rows[0]["v"].value.endswith(rows[0]["info"].value)
    assert rows[0]["mod"].datatype.value.endswith("#date")


def terms(onto) -> set[str]:
    return {r["t"].value for r in select(onto, f"SELECT ?t WHERE {{ ?t rdfs:isDefinedBy <{ONTOLOGY}> }}")}


def test_closed_namespace_matches_the_ontology(onto):
    declared = {t.removeprefix(str(WKG)) for t in terms(onto)}
    assert declared == set(WKG.terms)


def test_every_term_has_english_and_french_label_and_definition(onto):
    for t in sorted(terms(onto)):
        for prop in ("rdfs:label", "skos:definition"):
            langs = {r["l"].language for r in select(onto, f"SELECT ?l WHERE {{ <{t}> {prop} ?l }}")}
            assert {"en", "fr"} <= langs, f"{t} lacks {prop} in {({'en', 'fr'} - langs)}"


def test_minted_terms_are_aligned_to_standard_ones_or_say_why(onto):
    """A minted term has a standard superterm, or a skos:scopeNote saying why there is none."""
    for t in sorted(terms(onto)):
        supers = [r["s"].value for r in select(onto, f"""SELECT ?s WHERE {{
            <{t}> (rdfs:subClassOf|rdfs:subPropertyOf)+ ?s }}""")]
        has_standard = any(s.startswith(STANDARD) for s in supers)
        says_why = bool(onto.query(sparql_prologue() + f"ASK {{ <{t}> skos:scopeNote ?n }}"))
        assert has_standard or says_why, t


def test_every_wkg_term_used_anywhere_is_declared(project, onto):
    used = set()
    files = project.data_files() + project.shape_files() + sorted(project.queries_dir.glob("*.rq"))
    for f in files:
        used |= set(re.findall(r"\bwkg:([A-Za-z][\w]*)", f.read_text(encoding="utf-8")))
    assert used, "no wkg: terms found at all"
    assert used <= set(WKG.terms), f"undeclared: {sorted(used - set(WKG.terms))}"


def test_one_term_per_block(project):
    """Each term's block starts at column 0 and ends with a lone '.' line (diff-friendly)."""
    text = (project.ontology_dir / "wco-kg.ttl").read_text(encoding="utf-8")
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.startswith("wkg:")]
    assert len(blocks) == len(WKG.terms)
    for b in blocks:
        assert b.rstrip().endswith(" ."), b.splitlines()[0]
