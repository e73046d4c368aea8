"""`wco-kg build`: every format, byte-stable, all-or-nothing; clear errors for bad data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from wco_kg.formats import RDF_FORMATS

ID = "https://w3id.org/wco-kg/id/"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import run_cli

    out = tmp_path_factory.mktemp("dist")
    r = run_cli("build", "--out", str(out))
    assert r.returncode == 0, r.stderr
    return out


@pytest.fixture
def project_copy(tmp_path, project):
    """A copy of the project's ontology/, data/, shapes/ and queries/ to break."""
    for d in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(project.root / d, tmp_path / d)
    return tmp_path


def test_build_writes_every_format(built):
    names = {p.name for p in built.iterdir()}
    assert {f"wco-kg.{f.extension}" for f in RDF_FORMATS} <= names
    assert {"context.jsonld", "void.ttl", "card.jsonld"} <= names
    assert not [n for n in names if n.startswith(".")], "temporary files left behind"


def test_rebuild_changes_no_byte(built, cli, tmp_path):
    r = cli("build", "--out", str(tmp_path), "-q")
    assert r.returncode == 0, r.stderr
    for p in built.iterdir():
        assert (tmp_path / p.name).read_bytes() == p.read_bytes(), p.name


def test_broken_fact_leaves_dist_untouched(built, cli, project_copy, tmp_path):
    """A copy of data/ with one fact broken: non-zero exit, readable message, dist/ unchanged."""
    dist = tmp_path / "dist"
    shutil.copytree(built, dist)
    before = snapshot(dist)
    claims = project_copy / "data" / "claims.trig"
    text = claims.read_text(encoding="utf-8")
    # Break one fact: the claim loses its date (every quantitative claim needs one).
    broken = text.replace('    wkg:statedOn "2022"^^xsd:gYear ;\n    wkg:quote "Today', '    wkg:quote "Today', 1)
    assert broken != text
    claims.write_text(broken, encoding="utf-8")
    r = cli("--project", str(project_copy), "build", "--out", str(dist))
    assert r.returncode == 1
    assert "claim-wco-customs-administrations-2022" in r.stderr
    assert "nothing written" in r.stderr
    assert "Traceback" not in r.stderr
    assert snapshot(dist) == before


def test_malformed_turtle_names_file_line_column(cli, project_copy, tmp_path):
    dist = tmp_path / "dist"
    agreements = project_copy / "data" / "agreements.trig"
    lines = agreements.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if "wkg:party" in line)
    lines[n] = lines[n].replace(" ;", " ")  # a missing ';'
    agreements.write_text("".join(lines), encoding="utf-8")
    r = cli("--project", str(project_copy), "build", "--out", str(dist))
    assert r.returncode == 2
    err = r.stderr.strip().splitlines()
    assert len(err) == 1, r.stderr
    assert f"agreements.trig:{n + 2}:" in err[0]  # the error shows on the line after the missing ';'
    assert "Traceback" not in r.stderr
    assert not dist.exists()


def test_fact_outside_a_source_graph_is_refused(cli, project_copy, tmp_path):
    (project_copy / "data" / "stray.trig").write_text(
        "<https://w3id.org/wco-kg/id/wco> <https://schema.org/name> \"x\" .\n", encoding="utf-8")
    r = cli("--project", str(project_copy), "validate")
    assert r.returncode == 2
    assert "stray.trig" in r.stderr and "named graph" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_blank_nodes_are_refused(cli, project_copy):
    (project_copy / "data" / "stray.trig").write_text(
        "GRAPH <https://w3id.org/wco-kg/graph/editorial> { <https://w3id.org/wco-kg/id/wco> "
        "<https://schema.org/address> [ <https://schema.org/name> \"x\" ] }\n", encoding="utf-8")
    r = cli("--project", str(project_copy), "validate")
    assert r.returncode == 2
    assert "stray.trig" in r.stderr and "blank node" in r.stderr


def test_unwritable_output_is_one_line(cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    r = cli("build", "--out", str(blocker / "dist"), "-q")
    assert r.returncode == 2
    assert "cannot write" in r.stderr and "Traceback" not in r.stderr


# ---------------------------------------------------------------------- interoperability without reasoning

@pytest.fixture(scope="module")
def turtle(built) -> Graph:
    g = Graph()
    g.parse(built / "wco-kg.ttl", format="turtle")
    return g


STANDARD_ONLY = {
    "name": """SELECT ?v WHERE { <%swco> schema:name ?v . FILTER(lang(?v) = "en") }""",
    "french name": """SELECT ?v WHERE { <%swco> skos:prefLabel ?v . FILTER(lang(?v) = "fr") }""",
    "founding date": """SELECT ?v WHERE { <%swco> schema:foundingDate ?v }""",
    "location": """SELECT ?v WHERE { <%swco> org:hasPrimarySite/schema:containedInPlace/schema:name ?v . FILTER(lang(?v) = "en") }""",
    "website": """SELECT ?v WHERE { <%swco> foaf:homepage ?v }""",
    "partnership": """SELECT ?v WHERE { ?m a org:Membership ; org:member <%swco> ; org:organization/rdfs:label ?v ;
                                         org:role/skos:prefLabel "Policy Partner"@en }""",
    "MoU": """SELECT ?v WHERE { ?a a schema:CreativeWork ; schema:creator <%swco> ; schema:creator ?u ; dcterms:date ?v .
                                ?u schema:name "University of Victoria"@en }""",
    "packages": """SELECT ?v WHERE { ?c skos:inScheme/skos:prefLabel "WCO key Packages"@en ; skos:notation ?v }""",
    "claim source": """SELECT ?v WHERE { ?c a schema:Observation ; schema:observationAbout <%swco> ;
                                   schema:value 184 ; dcterms:source/dcterms:title ?v }""",
}
EXPECTED = {
    "name": {"World Customs Organization"}, "french name": {"Organisation mondiale des douanes"},
    "founding date": {"1952"}, "location": {"Brussels"}, "website": {"https://www.wcoomd.org/"},
    "partnership": {"Borders in Globalization"}, "MoU": {"2021-12"},
    "packages": {"ECP", "RP", "CEP", "ODP"},
    "claim source": {"Partner directory profile: World Customs Organization (Policy Partner)"},
}


@pytest.mark.parametrize("fact", list(STANDARD_ONLY))
def test_standard_vocabularies_find_the_basic_facts(turtle, fact):
    """The exported Turtle, read with rdflib and no reasoner, answers with standard terms only."""
    from wco_kg.namespaces import STANDARD_PREFIXES

    q = STANDARD_ONLY[fact].replace("%s", ID)
    got = {str(r[0]) for r in turtle.query(q, initNs=STANDARD_PREFIXES)}
    assert got == EXPECTED[fact]


def test_load_graph_cache_is_reused_and_follows_every_change(project_copy, tmp_path, monkeypatch):
    """The dataset cache: a second load reads the cached N-Quads (same quads); a changed data
    file is a new key, so its change shows; a damaged cache file is rebuilt, not trusted."""
    from wco_kg.loader import load_graph
    from wco_kg.project import Project

    monkeypatch.setenv("WCO_KG_CACHE", str(tmp_path / "cache"))
    proj = Project(project_copy)
    said: list[str] = []
    first = set(load_graph(proj, progress=said.append, cache=True))
    assert not any("from the cache" in s for s in said)
    [cached] = (tmp_path / "cache").glob("dataset-*.nq")
    said.clear()
    assert set(load_graph(proj, progress=said.append, cache=True)) == first
    assert any("from the cache" in s for s in said)

    wco = project_copy / "data" / "wco.trig"
    wco.write_text(wco.read_text(encoding="utf-8").replace('"Rue du Marché 30"', '"Rue du Marché 31"'),
                   encoding="utf-8")
    said.clear()
    changed = load_graph(proj, progress=said.append, cache=True)
    assert not any("from the cache" in s for s in said)
    streets = {q.object.value for q in changed if q.predicate.value.endswith("street-address")}
    assert "Rue du Marché 31" in streets and "Rue du Marché 30" not in streets

    cached.write_text("this is not N-Quads <", encoding="utf-8")
    wco.write_text(wco.read_text(encoding="utf-8").replace('"Rue du Marché 31"', '"Rue du Marché 30"'),
                   encoding="utf-8")
    assert set(load_graph(proj, cache=True)) == first  # the damaged file was read, rejected and rebuilt
    assert set(load_graph(proj)) == first  # a library caller's default: no cache read or written
