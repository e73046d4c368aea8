"""A picture of the WCO's relationships, drawn from the graph as SVG (no library, no external assets).

Four groups around the WCO: on the left its partners (with the role it holds in each
partnership) and its agreements (with the other parties); on the right its types of
activity and the key Packages they relate to. Every box links to the thing's page.
The layout is a fixed set of columns, so the same graph always gives the same picture.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Callable
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..namespaces import WCO
from ..store import execute
from .resource_view import Labels

_TITLES = {
    "en": {"partners": "Partners", "agreements": "Agreements", "activities": "Types of activity",
           "packages": "Key Packages", "party": "party", "activity": "activity", "related": "related",
           "caption": "The World Customs Organization's partners, agreements, activities and packages"},
    "fr": {"partners": "Partenaires", "agreements": "Accords", "activities": "Types d'activité",
           "packages": "Dossiers clés", "party": "partie", "activity": "activité", "related": "lié",
           "caption": "Partenaires, accords, activités et dossiers de l'Organisation mondiale des douanes"},
}

_STYLE = {  # fill, stroke
    "wco": ("#1f3b5a", "#1f3b5a"), "partner": ("#e8f1fb", "#2c6fb7"), "agreement": ("#fdf0e0", "#c77d1a"),
    "party": ("#f4f4f4", "#777777"), "activity": ("#e9f6ec", "#2e8540"), "package": ("#f3eafa", "#7b4ea3"),
}

BOX_H, GAP, HEADER = 44, 14, 26


@dataclass
class Box:
    iri: str
    label: str
    kind: str
    x: int = 0
    y: int = 0
    w: int = 180

    @property
    def mid_y(self) -> int:
        return self.y + BOX_H // 2


def _rows(store: ox.Store, query: str) -> list:
    return list(execute(store, query.replace("$wco", f"<{WCO}>")))


def relationships(store: ox.Store) -> dict[str, list]:
    """The facts the picture shows, as IRIs: partners with roles, agreements with parties, activities with packages."""
    partners = [(r["org"].value, r["role"].value) for r in _rows(store, """
        SELECT DISTINCT ?org ?role WHERE { ?p a wkg:Partnership ; org:member $wco ; org:organization ?org ; org:role ?role }
        ORDER BY ?org""")]
    agreements: dict[str, list[str]] = {}
    for r in _rows(store, """SELECT ?a ?other WHERE { ?a a wkg:Agreement ; wkg:party $wco .
                              OPTIONAL { ?a wkg:party ?other FILTER(?other != $wco) } } ORDER BY ?a ?other"""):
        agreements.setdefault(r["a"].value, [])
        if r["other"] is not None:
            agreements[r["a"].value].append(r["other"].value)
    activities: dict[str, list[str]] = {}
    for r in _rows(store, """SELECT ?act ?pkg WHERE { $wco wkg:activity ?act OPTIONAL { ?act skos:related ?pkg } }
                              ORDER BY ?act ?pkg"""):
        activities.setdefault(r["act"].value, [])
        if r["pkg"] is not None:
            activities[r["act"].value].append(r["pkg"].value)
    return {"partners": partners, "agreements": list(agreements.items()), "activities": list(activities.items())}


def _lines(label: str, width: float, bold: bool = False) -> tuple[list[str], float]:
    """The label broken into lines that fit ``width`` px and a box's height, and the font size they take.

    Widths are estimated from per-character advance widths of a sans-serif face (DejaVu Sans,
    the face Debian's Chromium falls back to, which is wider than Arial or Helvetica, so the
    estimate is a safe one); the browser test measures the real text against every box. The
    label is never cut while a smaller size (down to 9 px, at most three lines) fits it.
    """
    narrow, wide = set("ijlt.,;:'!|()[]f r-"), set("mwMW@%")
    upper = set("ABCDEFGHKNOPQRSUVXYZÉÈ&")

    def text_width(text: str, size: float) -> float:
        em = sum(0.32 if c in narrow else 0.9 if c in wide else 0.7 if c in upper else 0.6 for c in text)
        return em * size * (1.1 if bold else 1.0)

    def wrap(size: float) -> list[str]:
        lines: list[str] = []
        for word in label.split():
            if lines and text_width(lines[-1] + " " + word, size) <= width:
                lines[-1] += " " + word
            else:
                lines.append(word)
        return lines or [label]

    for size, most in ((12, 2), (11, 2), (10.5, 3), (10, 3), (9, 3)):
        lines = wrap(size)
        if len(lines) <= most and all(text_width(line, size) <= width for line in lines):
            return lines, size
    lines = wrap(9)
    if len(lines) > 3:
        lines = lines[:2] + [textwrap.shorten(" ".join(lines[2:]), max(8, int(width / 5.4)), placeholder="…")]
    return lines, 9


# Columns: far left (other parties), left (partners, agreements), centre (WCO),
# right (activities), far right (packages): x and width of each.
X = {"far_left": 16, "left": 236, "centre": 496, "right": 700, "far_right": 936}
W = {"far_left": 176, "left": 200, "centre": 150, "right": 180, "far_right": 190}
TOP = 40


@dataclass
class Layout:
    """Boxes, edges (``None`` as an end: the WCO's box, placed last) and column headers."""

    boxes: list[Box] = field(default_factory=list)
    edges: list[tuple[Box, Box | None, str]] = field(default_factory=list)
    headers: list[tuple[int, int, str]] = field(default_factory=list)
    bottom: int = TOP


def _left(facts: dict, words: dict, lab: Callable[[str], str]) -> Layout:
    """The partners (each with the WCO's role), then the agreements and their other parties."""
    out, y = Layout(), TOP
    if facts["partners"]:
        out.headers.append((X["left"], y, words["partners"]))
        y += HEADER
        for org, role in facts["partners"]:
            b = Box(org, lab(org), "partner", X["left"], y, W["left"])
            out.boxes.append(b)
            out.edges.append((b, None, lab(role)))
            y += BOX_H + GAP
    parties: list[Box] = []
    if facts["agreements"]:
        y += 8
        out.headers.append((X["left"], y, words["agreements"]))
        y += HEADER
        for agreement, others in facts["agreements"]:
            b = Box(agreement, lab(agreement), "agreement", X["left"], y, W["left"])
            out.boxes.append(b)
            out.edges.append((b, None, words["party"]))
            for i, other in enumerate(others):
                pb = Box(other, lab(other), "party", X["far_left"], y + i * (BOX_H + GAP), W["far_left"])
                parties.append(pb)
                out.edges.append((pb, b, words["party"]))
            y += max(1, len(others)) * (BOX_H + GAP)
    out.boxes += parties
    out.bottom = y
    return out


def _right(facts: dict, words: dict, lab: Callable[[str], str]) -> Layout:
    """The types of activity (each linked from the WCO) and the key Packages they relate to."""
    out, y = Layout(), TOP
    packages: list[Box] = []
    if facts["activities"]:
        out.headers.append((X["right"], y, words["activities"]))
        out.headers.append((X["far_right"], y, words["packages"]))
        y += HEADER
        for act, pkgs in facts["activities"]:
            b = Box(act, lab(act), "activity", X["right"], y, W["right"])
            out.boxes.append(b)
            for i, pkg in enumerate(pkgs):
                pb = Box(pkg, lab(pkg), "package", X["far_right"], y + i * (BOX_H + GAP), W["far_right"])
                packages.append(pb)
                out.edges.append((b, pb, words["related"]))
            y += max(1, len(pkgs)) * (BOX_H + GAP)
    out.boxes += packages
    out.bottom = y
    return out


def diagram(store: ox.Store, lang: str = "en", link: Callable[[str], str] = lambda iri: iri,
            labels: Labels | None = None) -> str:
    """The SVG document (a string); ``link`` maps an IRI to the URL its box points to."""
    labels = labels or Labels(store)
    words = _TITLES.get(lang, _TITLES["en"])
    facts = relationships(store)
    lab = lambda iri: labels.get(iri, lang)  # noqa: E731
    left, right = _left(facts, words, lab), _right(facts, words, lab)
    height = max(left.bottom, right.bottom, 220) + 10
    wco = Box(WCO, lab(WCO), "wco", X["centre"], (height - BOX_H) // 2, W["centre"])
    activities = [b for b in right.boxes if b.kind == "activity"]
    edges = [(a, b if b is not None else wco, text) for a, b, text in left.edges + right.edges]
    edges += [(wco, b, words["activity"]) for b in activities]
    boxes = [wco, *left.boxes, *right.boxes]
    return _svg(X["far_right"] + W["far_right"] + 16, height, words["caption"],
                left.headers + right.headers, edges, boxes, link)


def _svg(width: int, height: int, caption: str, headers: list[tuple[int, int, str]],
         edges: list[tuple[Box, Box, str]], boxes: list[Box], link: Callable[[str], str]) -> str:
    """The SVG text: the title, the style, the headers, then the edges under the boxes."""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" aria-labelledby="diagram-title" class="diagram">',
           f'<title id="diagram-title">{escape(caption)}</title>',
           "<style>text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:12px}"
           ".h{font-size:13px;font-weight:600;fill:#333}.e{font-size:10.5px;fill:#555}"
           "a:hover rect{stroke-width:2.5}</style>"]
    for x, hy, text in headers:
        out.append(f'<text class="h" x="{x}" y="{hy + 14}">{escape(text)}</text>')
    for a, b, text in edges:
        out.append(_edge(a, b, text))
    for b in boxes:
        out.append(_box(b, link(b.iri)))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _edge(a: Box, b: Box, text: str) -> str:
    # From the facing sides of the two boxes, as a smooth curve. The label sits near the end
    # away from the WCO, where the curves have spread apart, so labels do not overlap.
    if a.x + a.w <= b.x:
        x1, x2 = a.x + a.w, b.x
    else:
        x1, x2 = a.x, b.x + b.w
    y1, y2 = a.mid_y, b.mid_y
    cx = (x1 + x2) / 2
    t = 0.3 if b.kind == "wco" else 0.7
    u = 1 - t
    mx = u ** 3 * x1 + 3 * u * u * t * cx + 3 * u * t * t * cx + t ** 3 * x2
    my = u ** 3 * y1 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t ** 3 * y2
    label = escape(text)
    pad = len(text) * 3.1 + 4
    return (f'<path d="M{x1},{y1} C{cx},{y1} {cx},{y2} {x2},{y2}" fill="none" stroke="#9aa5b1" stroke-width="1.4"/>'
            f'<rect x="{mx - pad:.1f}" y="{my - 8:.1f}" width="{2 * pad:.1f}" height="15" rx="3" fill="#ffffff" opacity="0.9"/>'
            f'<text class="e" x="{mx:.1f}" y="{my + 3.5:.1f}" text-anchor="middle">{label}</text>')


def _box(b: Box, href: str) -> str:
    fill, stroke = _STYLE[b.kind]
    colour = "#ffffff" if b.kind == "wco" else "#1d1d1d"
    weight = ' font-weight="600"' if b.kind == "wco" else ""
    lines, size = _lines(b.label, b.w - 14, bold=b.kind == "wco")
    step = round(size * 1.18, 1)
    first_y = b.mid_y + size * 0.36 - (len(lines) - 1) * step / 2
    text = "".join(f'<tspan x="{b.x + b.w / 2:.1f}" y="{first_y + i * step:.1f}">{escape(line)}</tspan>'
                   for i, line in enumerate(lines))
    return (f'<a href={quoteattr(href)}><title>{escape(b.label)}</title>'
            f'<rect x="{b.x}" y="{b.y}" width="{b.w}" height="{BOX_H}" rx="7" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
            f'<text x="{b.x + b.w / 2:.1f}" text-anchor="middle" fill="{colour}" style="font-size:{size:g}px"{weight}>{text}</text></a>')
