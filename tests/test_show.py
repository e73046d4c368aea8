"""Showing the graph: French question headers, number and date formats, the map's geometry, the charts'
answers, and the DCAT-AP description, checked without a server.

Expected figures are derived a second way: from the members CSV (data/reference/wco-members.csv)
and the vendored world-atlas file, never from the code under test.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from wco_kg.queries import parse_question, questions
from wco_kg.server import charts, i18n, worldmap

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT / "data" / "reference" / "wco-members.csv"
SHAPES = ROOT / "tests" / "data" / "dcat-ap-3.0.0-shacl"
ALL_QUERY_FILES = sorted((ROOT / "queries").glob("*.rq")) + sorted((ROOT / "tests" / "server" / "queries").glob("*.rq"))


# ---------------------------------------------------------------------- French headers

@pytest.mark.parametrize("path", ALL_QUERY_FILES, ids=lambda p: p.stem)
def test_every_question_has_a_french_title_and_description(path):
    q = parse_question(path)
    assert q.title and q.description, f"{path}: no English title or description"
    assert q.title_fr, f"{path}: add a '# title@fr:' header"
    assert q.description_fr, f"{path}: add a '# description@fr:' header"
    assert q.title_fr != q.title and q.description_fr != q.description, f"{path}: the French header is the English one"
    assert q.title_in("fr") == q.title_fr and q.title_in("en") == q.title and q.title_in("de") == q.title
    # A continuation line belongs to the French description, not the English one.
    assert "@fr" not in q.description and "@fr" not in q.description_fr


def test_french_header_parsing_keeps_continuations_apart(tmp_path):
    path = tmp_path / "x.rq"
    path.write_text("# title: T\n# title@fr: T fr\n# description: one\n#   two\n# description@fr: un\n#   deux\n"
                    "# returns: r\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    q = parse_question(path)
    assert (q.title, q.title_fr, q.description, q.description_fr) == ("T", "T fr", "one two", "un deux")


# ---------------------------------------------------------------------- numbers and dates

def test_numbers_and_dates_per_language():
    # CLDR's French group separator is a narrow no-break space (U+202F).
    assert i18n.number(1234, "fr") == "1\u202f234" and i18n.number(13499, "en") == "13,499"
    assert i18n.number(0.5, "fr") == "0,5"
    assert i18n.date("2024-02-02", "fr") == "2 février 2024"
    assert i18n.date("2024-02-02", "en") == "February 2, 2024"
    assert i18n.date("2021-12", "fr") == "décembre 2021"
    # Not a date: shown as it is, never dropped or failing.
    for raw in ("2024-13-45", "1952", "<b>x</b>", "2024-02-30"):
        assert i18n.date(raw, "fr") == raw


# ---------------------------------------------------------------------- the map's geometry

def test_topojson_decoding_by_hand():
    # Two arcs, quantized and delta-encoded; the polygon uses the second reversed (~1 = -2).
    topology = {"type": "Topology", "transform": {"scale": [0.5, 2], "translate": [10, -20]},
                "arcs": [[[0, 0], [2, 0], [0, 1]], [[0, 0], [2, 0], [0, 1]]],
                "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                    {"type": "Polygon", "id": "001", "arcs": [[0, -2]]},
                    {"type": "MultiPolygon", "id": "002", "arcs": [[[1]], [[0]]]},
                    {"type": "Polygon", "arcs": [[0]]}]}}}
    found = worldmap.decode_topology(topology)
    assert set(found) == {"001", "002"}  # the feature without an id is left out
    arc = [(10.0, -20.0), (11.0, -20.0), (11.0, -18.0)]
    assert found["001"] == [[arc + arc[::-1][1:]]]
    assert found["002"] == [[arc], [arc]]


def _inside(point, ring) -> bool:
    """Ray casting: is (lon, lat) inside the ring?"""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


@pytest.mark.parametrize("code, city, point", [
    ("056", "Brussels", (4.35, 50.85)), ("250", "Paris", (2.35, 48.86)), ("076", "Brasília", (-47.9, -15.8)),
    ("036", "Canberra", (149.1, -35.3)), ("840", "Denver", (-104.99, 39.74)), ("643", "Moscow", (37.6, 55.75)),
])
def test_the_decoded_atlas_puts_capitals_in_their_countries(code, city, point):
    features = worldmap.decode_topology(json.loads(worldmap.ATLAS.read_text(encoding="utf-8")))
    assert any(_inside(point, polygon[0]) for polygon in features[code]), f"{city} is not in {code}"
    others = [c for c, polys in features.items() if c != code and any(_inside(point, p[0]) for p in polys)]
    assert others == [], f"{city} also falls in {others}"


def test_natural_earth_projection():
    assert worldmap.natural_earth(0, 0) == (0, 0)
    x, y = worldmap.natural_earth(180, 0)
    assert math.isclose(x, math.pi * 0.8707) and y == 0
    # d3-geo's geoNaturalEarth1Raw at (pi/2, pi/4), worked out from its published polynomial.
    phi = math.pi / 4
    want_y = phi * (1.007226 + phi ** 2 * (0.015085 + phi ** 4 * (-0.044475 + 0.028874 * phi ** 2 - 0.005916 * phi ** 4)))
    assert math.isclose(worldmap.natural_earth(90, 45)[1], want_y)


def test_a_ring_across_the_antimeridian_is_drawn_on_both_sides():
    ring = [(170.0, 10.0), (-170.0, 10.0), (-170.0, 20.0), (170.0, 20.0), (170.0, 10.0)]
    rings = worldmap._unwrapped(ring)
    assert len(rings) == 2
    assert max(lon for lon, _ in rings[0]) == 190 and min(lon for lon, _ in rings[1]) == -190
    assert worldmap._unwrapped([(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)]) == [[(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)]]


def _csv_rows() -> list[dict]:
    with CSV.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _csv_year(row: dict) -> int | None:
    """The year a row gives: its member_since, else the one year its notes quote for a year= source."""
    if row["member_since"]:
        return int(row["member_since"][:4])
    if "year=" in row["source_url"]:
        years = set(re.findall(r"\b(1[89]\d\d|20\d\d)\b", re.sub(r"\d{4}-\d{2}-\d{2}", "", row["notes"])))
        assert len(years) == 1, row
        return int(years.pop())
    return None


def test_map_shapes_follow_the_atlas_and_the_csv(local, store):
    atlas = json.loads(worldmap.ATLAS.read_text(encoding="utf-8"))
    ids = {g["id"] for g in atlas["objects"]["countries"]["geometries"] if "id" in g} - worldmap.LEFT_OUT
    rows = _csv_rows()
    with_shape = {r["name"] for r in rows if r["m49"] and r["m49"] in ids}
    answer = local.query(questions()["members-on-map"].text)
    members = worldmap.members_from_rows(answer.dicts(), lambda iri: iri)
    assert len(members) == len(rows) == 186
    svg = worldmap.world_map(members, {k: k for k in ("map_caption", "map_undated", "map_region_inferred",
                                                      "map_year_inferred", "map_inferred", "map_non_member")}
                             | {"map_decade": "{decade}"}, lambda iri: iri)
    drawn = re.findall(r'<path class="c m [^"]*" d="[^"]+" data-m49="(\d+)"', svg)
    assert len(drawn) == len(set(drawn)) == len(with_shape)
    links = re.findall(r'<a href="([^"]+)"><title>[^<]*</title><path class="c m ', svg)
    assert len(links) == len(drawn) and all(link.startswith("https://w3id.org/wco-kg/id/") for link in links)
    assert len(worldmap.not_on_map(members)) == len(rows) - len(with_shape)
    assert {m.m49 for m in worldmap.not_on_map(members) if m.m49} == {r["m49"] for r in rows if r["m49"]} - ids
    # Each member's region and year as the CSV gives them (inferred ones included: they are data).
    by_code = {r["m49"]: r for r in rows if r["m49"]}
    for m in members:
        if m.m49:
            assert _csv_year(by_code[m.m49]) == m.year, m


def test_accessions_answer_equals_the_csv(local):
    years = [y for y in (_csv_year(r) for r in _csv_rows()) if y is not None]
    per_year = Counter(years)
    answer = local.query(questions()["members-accessions-per-year"].text).dicts()
    assert [int(r["year"].value) for r in answer] == sorted(per_year)
    running = 0
    for r in answer:
        running += per_year[int(r["year"].value)]
        assert int(r["joined"].value) == per_year[int(r["year"].value)] and int(r["total"].value) == running
    undated = [r for r in local.query(questions()["members-without-date"].text).dicts() if r.get("year") is None]
    assert len({r["member"].value for r in undated}) == len(_csv_rows()) - len(years)


def test_members_per_region_equals_the_csv(local):
    rows = _csv_rows()
    members = Counter(r["wco_region"] for r in rows if r["name"] != "European Union")
    interim = Counter(r["wco_region"] for r in rows if r["name"] == "European Union")
    answer = local.query(questions()["members-per-region"].text).dicts()
    assert {r["regionName"].value: int(r["members"].value) for r in answer} == dict(members)
    assert {r["regionName"].value: int(r["interim"].value) for r in answer if int(r["interim"].value)} == dict(interim)


# ---------------------------------------------------------------------- charts

def test_chartable_finds_a_label_and_a_number_column():
    n, lit = ox.NamedNode, ox.Literal
    integer = n("http://www.w3.org/2001/XMLSchema#integer")
    rows = [(n("https://w3id.org/wco-kg/id/a"), lit("A"), lit("3", datatype=integer)),
            (n("https://w3id.org/wco-kg/id/b"), lit("B"), lit("5", datatype=integer))]
    assert charts.chartable(["x", "name", "n"], rows) == (0, 2)
    assert charts.chartable(["x", "name"], [r[:2] for r in rows]) is None  # no number
    assert charts.chartable(["n"], [(r[2],) for r in rows]) is None  # no label
    assert charts.chartable(["x", "n"], []) is None
    svg = charts.bar_chart([charts.Bar("A <&> B", 3), charts.Bar("x" * 500, 5)], "T & t")
    assert svg.count('class="b"') == 2 and "A &lt;&amp;&gt; B" in svg and 'data-value="5"' in svg


# ---------------------------------------------------------------------- the dataset description

@pytest.fixture(scope="module")
def files(store):
    from wco_kg.builder import export_files

    return export_files(store)


def test_void_describes_each_dump_by_size_and_sha256(files):
    import rdflib

    g = rdflib.Graph().parse(data=files["void.ttl"].decode(), format="turtle")
    dcat, spdx = rdflib.Namespace("http://www.w3.org/ns/dcat#"), rdflib.Namespace("http://spdx.org/rdf/terms#")
    seen = 0
    for dist, url in g.subject_objects(dcat.downloadURL):
        name = str(url).rsplit("/", 1)[-1]
        body = files[name]
        assert int(g.value(dist, dcat.byteSize)) == len(body)
        checksum = g.value(dist, spdx.checksum)
        assert str(g.value(checksum, spdx.checksumValue)) == hashlib.sha256(body).hexdigest()
        seen += 1
    assert seen == 6
    # The dumps hold the description but never their own checksums (they could not be true).
    for name, body in files.items():
        if name.startswith("wco-kg."):
            assert b"spdx.org" not in body, name


def test_void_conforms_to_dcat_ap_3(files):
    import pyshacl
    import rdflib

    data = rdflib.Graph().parse(data=files["void.ttl"].decode(), format="turtle")
    shapes = rdflib.Graph()
    for name in ("shapes.ttl", "range.ttl", "shapes_recommended.ttl"):
        shapes.parse(SHAPES / name, format="turtle")
    conforms, report, text = pyshacl.validate(data, shacl_graph=shapes, allow_warnings=True)
    assert conforms, text
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert not list(report.subjects(sh.resultSeverity, sh.Violation)), text


def test_dcat_ap_shapes_catch_a_broken_description(files):
    """The same shapes fail once the publisher is a string again and a distribution loses its access URL."""
    import pyshacl
    import rdflib

    data = rdflib.Graph().parse(data=files["void.ttl"].decode(), format="turtle")
    dct, dcat = rdflib.Namespace("http://purl.org/dc/terms/"), rdflib.Namespace("http://www.w3.org/ns/dcat#")
    ds = rdflib.URIRef("https://w3id.org/wco-kg/dataset")
    data.remove((ds, dct.publisher, None))
    data.add((ds, dct.publisher, rdflib.Literal("wco-kg contributors")))
    data.remove((rdflib.URIRef("https://w3id.org/wco-kg/dataset/distribution/ttl"), dcat.accessURL, None))
    shapes = rdflib.Graph()
    for name in ("shapes.ttl", "range.ttl"):
        shapes.parse(SHAPES / name, format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes)
    assert not conforms and "publisher" in text and "accessURL" in text
