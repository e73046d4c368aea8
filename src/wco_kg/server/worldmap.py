"""The members map: a world map as SVG, each WCO member coloured by its region or by its decade of accession.

The geometry is Natural Earth's 1:110m countries (public domain) as TopoJSON, from npm's
``world-atlas`` 2.0.2, vendored with its licence in ``static/vendor/world-atlas/``; its
shapes are keyed by ISO 3166-1 numeric codes, which are the UN M49 codes the graph holds
(``wkg:unM49``). The members come from the answer of the question ``members-on-map``
(``queries/members-on-map.rq``), so the map shows what the question says.

Drawn here rather than in the browser (d3-geo + topojson-client) so that the map is plain
SVG in the page: it needs no script, prints, scales, and the same picture is served at
``/map.svg``. What that takes is small and follows published formulas, with nothing on PyPI
made for it (``topojson`` there encodes TopoJSON and pulls shapely, numpy and pandas;
``pyproj`` needs PROJ's C library for one formula):

- ``decode_topology``: the TopoJSON specification's arc decoding (delta-encoded, quantized
  positions, then the transform) and its Polygon/MultiPolygon rings (a negative arc index
  is the reversed arc ``~i``);
- ``natural_earth``: the Natural Earth projection's polynomial (Šavrič, Jenny, Patterson,
  Petrovič and Hurni 2011), the formula of d3-geo's ``geoNaturalEarth1Raw``.

Both colourings are in the one SVG: ``by-region`` (the default) or ``by-decade`` on the
root element picks one, and on a page two radio buttons do the same with CSS alone.
Members whose fact is inferred rather than read (the graph's ``wkg:derivation`` records)
get a dashed outline in that colouring. Members without a shape (small islands, Hong Kong,
Macao, members without an M49 code such as Kosovo or the EU) are listed beside the map.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable
from xml.sax.saxutils import escape, quoteattr

ATLAS = Path(__file__).resolve().parent / "static" / "vendor" / "world-atlas" / "countries-110m.json"
QUESTION = "members-on-map"
#: Antarctica is no member and would take a fifth of the height: not drawn.
LEFT_OUT = {"010"}

REGION_COLOURS = {  # Okabe and Ito's colour-blind-safe palette, one per WCO region
    "americas-caribbean": "#E69F00", "asia-pacific": "#56B4E9", "east-southern-africa": "#009E73",
    "europe": "#0072B2", "north-africa-near-middle-east": "#D55E00", "west-central-africa": "#CC79A7",
}
DECADE_COLOURS = {  # a sequential blue-green ramp, oldest darkest
    1950: "#08306b", 1960: "#08519c", 1970: "#2171b5", 1980: "#4292c6", 1990: "#41ab5d",
    2000: "#74c476", 2010: "#a1d99b", 2020: "#d9f0a3",
}
NON_MEMBER, UNDATED = "#dcdcdc", "#f3efe4"
WIDTH = 960


@dataclass(frozen=True)
class Member:
    iri: str
    label: str
    m49: str | None
    region: str  # the region concept's IRI
    region_label: str
    year: int | None
    region_inferred: bool
    year_inferred: bool

    @property
    def region_key(self) -> str:
        return self.region.rsplit("/", 1)[-1].removeprefix("wco-region-")

    @property
    def decade(self) -> int | None:
        return None if self.year is None else self.year // 10 * 10


# ---------------------------------------------------------------------- TopoJSON

def decode_topology(topology: dict, name: str = "countries") -> dict[str, list[list[list[tuple[float, float]]]]]:
    """Each feature of ``objects[name]`` with an id, as polygons of rings of (longitude, latitude)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for i in indexes:
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(points if not out else points[1:])
        return out

    features: dict[str, list] = {}
    for geometry in topology["objects"][name]["geometries"]:
        fid = geometry.get("id")
        if fid is None:
            continue
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        features[str(fid)] = [[ring(r) for r in polygon] for polygon in polygons]
    return features


def natural_earth(lon: float, lat: float) -> tuple[float, float]:
    """The Natural Earth projection of a point in degrees, in radians-sized units (y up)."""
    lam, phi = math.radians(lon), math.radians(lat)
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4)))
    y = phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4)))
    return x, y


@lru_cache(maxsize=1)
def _shapes() -> tuple[dict[str, str], tuple[float, float]]:
    """Each country's SVG path data (projected, scaled to WIDTH), and the picture's size."""
    features = decode_topology(json.loads(ATLAS.read_text(encoding="utf-8")))
    features = {k: v for k, v in features.items() if k not in LEFT_OUT}
    xmax, _ = natural_earth(180, 0)
    _, ytop = natural_earth(0, 84)
    _, ybottom = natural_earth(0, -58)
    scale = WIDTH / (2 * xmax)
    height = (ytop - ybottom) * scale
    paths: dict[str, str] = {}
    for fid, polygons in sorted(features.items()):
        parts = []
        for polygon in polygons:
            for r in polygon:
                for ring in _unwrapped(r):
                    pts = []
                    for lon, lat in ring:
                        x, y = natural_earth(lon, lat)
                        p = (round((x + xmax) * scale, 1), round((ytop - y) * scale, 1))
                        if not pts or p != pts[-1]:
                            pts.append(p)
                    if len(pts) >= 3:
                        parts.append("M" + "L".join(f"{px:g},{py:g}" for px, py in pts) + "Z")
        if parts:
            paths[fid] = "".join(parts)
    paths[""] = _outline(scale, xmax, ytop)
    return paths, (WIDTH, round(height, 1))


def _unwrapped(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring crossing the antimeridian (Russia, Fiji) made continuous, and drawn on both sides.

    The data keeps longitudes in [-180, 180], so such a ring jumps by about 360 degrees; each
    jump is undone, and a ring that then reaches past 180 is drawn a second time shifted by
    -360 degrees. The parts outside the map are clipped by the outline (``_outline``).
    """
    out: list[tuple[float, float]] = []
    shift = 0.0
    for i, (lon, lat) in enumerate(ring):
        if i:
            step = lon + shift - out[-1][0]
            if step > 180:
                shift -= 360
            elif step < -180:
                shift += 360
        out.append((lon + shift, lat))
    lons = [lon for lon, _ in out]
    rings = [out]
    if max(lons) > 180:
        rings.append([(lon - 360, lat) for lon, lat in out])
    if min(lons) < -180:
        rings.append([(lon + 360, lat) for lon, lat in out])
    return rings


def _outline(scale: float, xmax: float, ytop: float) -> str:
    """The map's edge (the meridians of -180 and 180 between 58 S and 84 N) as path data."""
    pts = [natural_earth(180, lat) for lat in range(84, -59, -2)] + [natural_earth(-180, lat) for lat in range(-58, 85, 2)]
    return "M" + "L".join(f"{(x + xmax) * scale:.1f},{(ytop - y) * scale:.1f}" for x, y in pts) + "Z"


def shape_codes() -> set[str]:
    """The M49 codes that have a shape on the map."""
    return set(_shapes()[0]) - {""}


# ---------------------------------------------------------------------- the members

def members_from_rows(rows: Iterable[dict], label: Callable[[str], str]) -> list[Member]:
    """The question's rows (``{column: term}``) as members, named by ``label(iri)`` (the page's language)."""
    found: dict[str, Member] = {}
    for r in rows:
        iri = r["member"].value
        if iri in found:
            continue
        year = r.get("year")
        found[iri] = Member(
            iri, label(iri), r["m49"].value if r.get("m49") is not None else None, r["region"].value,
            label(r["region"].value), int(year.value) if year is not None else None,
            r["regionInferred"].value == "true", r["yearInferred"].value == "true")
    return sorted(found.values(), key=lambda m: m.label)


def _css() -> str:
    # Every rule is under .worldmap: an SVG inlined in a page shares the page's CSS.
    rules = [".c{fill:%s;stroke:#fff;stroke-width:.4}" % NON_MEMBER, "a:hover .c{stroke:#111;stroke-width:1}",
             ".lg{font:12px system-ui,sans-serif;fill:#333}",
             ".ld{display:none}",
             ":is(svg.worldmap.by-decade,#map-by-decade:checked~.map-view .worldmap) .ld{display:inline}",
             ":is(svg.worldmap.by-decade,#map-by-decade:checked~.map-view .worldmap) .lr{display:none}"]
    for key, colour in REGION_COLOURS.items():
        rules.append(f".m.r-{key},.sw.r-{key}{{fill:{colour}}}")
    rules.append(".m.ri{stroke:#111;stroke-dasharray:2 1.5;stroke-width:.9}")
    decade = ":is(svg.worldmap.by-decade,#map-by-decade:checked~.map-view .worldmap)"
    for d, colour in DECADE_COLOURS.items():
        rules.append(f"{decade} .m.d-{d},.sw.d-{d}{{fill:{colour}}}")
    rules.append(f"{decade} .m.d-none,.sw.d-none{{fill:url(#undated)}}")
    rules.append(f"{decade} .m.ri{{stroke:#fff;stroke-dasharray:none;stroke-width:.4}}")
    rules.append(f"{decade} .m.yi{{stroke:#111;stroke-dasharray:2 1.5;stroke-width:.9}}")
    rules.append(".sw.inf{fill:#fff;stroke:#111;stroke-dasharray:2 1.5}")
    return "".join(_scoped(rule) for rule in rules)


def _scoped(rule: str) -> str:
    """``rule`` with each selector under ``.worldmap`` (an ``:is(...)`` one names it already)."""
    selectors, _, body = rule.partition("{")
    out = []
    for sel in _split_selectors(selectors):
        if sel.startswith(":is("):  # already scoped: the map itself, or the map after a checked radio
            out.append(sel)
        else:
            out.append(f".worldmap {sel}")
    return ",".join(out) + "{" + body


def _split_selectors(text: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    return parts + [cur.strip()] if cur.strip() else parts


def world_map(members: list[Member], words: dict[str, str], link: Callable[[str], str],
              number: Callable[[int], str] = str, mode: str = "region") -> str:
    """The map as an SVG document; ``words`` gives its texts (see ``pages.TEXT``), ``mode`` its colouring."""
    paths, (width, height) = _shapes()
    paths = dict(paths)
    outline = paths.pop("")
    by_code = {m.m49: m for m in members if m.m49}
    legend_h = 64
    total_h = height + legend_h
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total_h:g}" class="worldmap by-{mode}" '
           f'role="group" aria-labelledby="map-title">',
           f'<title id="map-title">{escape(words["map_caption"])}</title>',
           f"<style>{_css()}</style>",
           '<defs><pattern id="undated" width="6" height="6" patternUnits="userSpaceOnUse" '
           'patternTransform="rotate(45)"><rect width="6" height="6" fill="%s"/>'
           '<line x1="0" y1="0" x2="0" y2="6" stroke="#b9ad8f" stroke-width="2"/></pattern></defs>' % UNDATED,
           f'<clipPath id="map-edge"><path d="{outline}"/></clipPath>',
           f'<path d="{outline}" fill="#f5f9fc" stroke="#c9d6e2" pointer-events="none"/><g clip-path="url(#map-edge)">']
    for code, d in paths.items():
        m = by_code.get(code)
        if m is None:
            out.append(f'<path class="c" d="{d}" data-m49="{code}"/>')
            continue
        classes = ["c", "m", f"r-{m.region_key}", f"d-{m.decade}" if m.decade else "d-none"]
        if m.region_inferred:
            classes.append("ri")
        if m.year_inferred:
            classes.append("yi")
        year = number(m.year) if m.year is not None else words["map_undated"]
        flags = [words["map_region_inferred"]] * m.region_inferred + [words["map_year_inferred"]] * m.year_inferred
        tip = f"{m.label} · {m.region_label} · {year}" + (f" ({', '.join(flags)})" if flags else "")
        out.append(f'<a href={quoteattr(link(m.iri))}><title>{escape(tip)}</title>'
                   f'<path class="{" ".join(classes)}" d="{d}" data-m49="{code}" data-member={quoteattr(m.iri)}/></a>')
    out.append("</g>")
    out.append(_legend(members, words, height, number))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _legend(members: list[Member], words: dict[str, str], top: float, number: Callable[[int], str]) -> str:
    regions = sorted({(m.region_key, m.region_label) for m in members}, key=lambda r: r[1])
    items_r = [(f"r-{k}", label) for k, label in regions] + [("inf", words["map_inferred"])]
    decades = sorted({m.decade for m in members if m.decade})
    items_d = ([(f"d-{d}", words["map_decade"].format(decade=number(d))) for d in decades]
               + [("d-none", words["map_undated"]), ("inf", words["map_inferred"])])
    out = []
    for cls, items in (("lr", items_r), ("ld", items_d)):
        out.append(f'<g class="{cls}">')
        x, y = 8, top + 18
        for key, label in items + [("nm", words["map_non_member"])]:
            w = 22 + len(label) * 6.4
            if x + w > WIDTH - 8:
                x, y = 8, y + 22
            fill = f' style="fill:{NON_MEMBER}"' if key == "nm" else ""
            out.append(f'<rect class="sw {key}" x="{x}" y="{y - 10:g}" width="14" height="12" rx="2"{fill}/>'
                       f'<text class="lg" x="{x + 19}" y="{y:g}">{escape(label)}</text>')
            x += w + 12
        out.append("</g>")
    return "".join(out)


def not_on_map(members: list[Member]) -> list[Member]:
    """The members with no shape on the map (no M49 code, or a territory too small for 1:110m)."""
    codes = shape_codes()
    return [m for m in members if not m.m49 or m.m49 not in codes]
