"""Charts of answers as SVG: bars of a label column against a number column, and a cumulative count over years.

Each chart is drawn from the rows of a question's answer (the caller runs the question), so
its numbers are the answer's. Drawn here as plain SVG, like the diagram and the map: the
page needs no script and no 1 MB of Vega, a chart prints and scales, and a test can read
every number back from the picture (each bar and point carries ``data-value``). Each
chart's style is scoped to its own id, since an SVG inlined in a page shares its CSS.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Callable, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..namespaces import XSD

NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short", "byte",
                             "nonNegativeInteger", "positiveInteger", "unsignedInt", "unsignedLong")}
FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    href: str | None = None


def number_of(term) -> float | None:
    """A numeric literal's value, else None."""
    if isinstance(term, ox.Literal) and term.datatype.value in NUMERIC:
        try:
            return float(Decimal(term.value))
        except InvalidOperation:
            return None
    return None


def chartable(variables: Sequence[str], rows: Sequence[Sequence]) -> tuple[int, int] | None:
    """The (label, number) columns of an answer a bar chart can show, or None.

    The number column is the first whose every bound value is a number; the label column
    is the first other column bound in every row. At least one row, at most 200.
    """
    if not rows or len(rows) > 200:
        return None
    numbers = [i for i in range(len(variables))
               if all(r[i] is None or number_of(r[i]) is not None for r in rows) and any(r[i] is not None for r in rows)]
    if not numbers:
        return None
    n = numbers[0]
    labels = [i for i in range(len(variables)) if i != n and i not in numbers and all(r[i] is not None for r in rows)]
    if not labels:
        return None
    return labels[0], n


def bar_chart(bars: Sequence[Bar], title: str, number: Callable[[float], str] = lambda v: f"{v:g}",
              chart_id: str = "chart") -> str:
    """Horizontal bars, one per row, in the rows' order, with each value written at its end.

    A long label is wrapped onto two lines (cut with an ellipsis only past that; its full
    text is the bar's tooltip).
    """
    label_w = 300
    wrapped = [_wrap(b.label, label_w - 10) for b in bars]
    bar_area, top = 400, 34
    row_h = 36 if any(len(w) > 1 for w in wrapped) else 26
    width = int(label_w + bar_area + 80)
    height = top + row_h * len(bars) + 12
    top_value = max((b.value for b in bars), default=0) or 1
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" class="chart bars" id="{chart_id}" role="img" aria-labelledby="{chart_id}-title">',
           f'<title id="{chart_id}-title">{escape(title)}</title>',
           f"<style>#{chart_id} text{{{FONT};font-size:12px;fill:#222}}#{chart_id} .t{{font-size:14px;font-weight:600}}"
           f"#{chart_id} .b{{fill:#2c6fb7}}#{chart_id} a:hover .b{{fill:#1f3b5a}}#{chart_id} .v{{fill:#333}}</style>",
           f'<text class="t" x="0" y="18">{escape(title)}</text>']
    for i, (b, lines) in enumerate(zip(bars, wrapped)):
        y = top + i * row_h
        mid = y + (row_h - 8) / 2 + 3
        w = max(1.0, bar_area * b.value / top_value) if b.value > 0 else 0
        first = mid + 4 - (len(lines) - 1) * 7
        spans = "".join(f'<tspan x="{label_w - 8}" y="{first + 14 * k:.1f}">{escape(line)}</tspan>'
                        for k, line in enumerate(lines))
        text = f'<text class="lb" text-anchor="end"><title>{escape(b.label)}</title>{spans}</text>'
        if b.href:
            text = f"<a href={quoteattr(b.href)}>{text}</a>"
        out.append(text)
        out.append(f'<rect class="b" x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" rx="2" '
                   f'data-label={quoteattr(b.label)} data-value="{b.value:g}"/>')
        out.append(f'<text class="v" x="{label_w + w + 6:.1f}" y="{mid + 4:.1f}">{escape(number(b.value))}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _wrap(label: str, width: float) -> list[str]:
    """At most two lines of about ``width`` px at 12 px (6.6 px a character, a safe average)."""
    most = max(4, int(width / 6.6))
    lines = textwrap.wrap(label, most) or [label]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), most, placeholder="…")]
    return lines


def cumulative_chart(points: Sequence[tuple[int, int]], undated: int, title: str, words: dict[str, str],
                     number: Callable[[float], str] = lambda v: f"{v:g}", chart_id: str = "accessions") -> str:
    """A step line of the running total by year (``points``: (year, total) in order), the undated apart."""
    width, height, left, right, top, bottom = 760, 300, 48, 190, 34, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    if not points:
        points = [(2000, 0)]
    y0, y1 = points[0][0] // 10 * 10, (points[-1][0] // 10 + 1) * 10
    top_value = max(max(t for _, t in points), undated) or 1
    step = 20 if top_value > 100 else 10 if top_value > 40 else 5
    ymax = (top_value // step + 1) * step
    sx = lambda year: left + plot_w * (year - y0) / (y1 - y0)  # noqa: E731
    sy = lambda v: top + plot_h * (1 - v / ymax)  # noqa: E731
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" class="chart cumulative" id="{chart_id}" role="img" aria-labelledby="{chart_id}-title">',
           f'<title id="{chart_id}-title">{escape(title)}</title>',
           "<style>" + "".join(f"#{chart_id} {rule}" for rule in (
               f"text{{{FONT};font-size:12px;fill:#222}}", ".t{font-size:14px;font-weight:600}", ".ax{stroke:#999}",
               ".g{stroke:#e5e5e5}", ".l{fill:none;stroke:#2c6fb7;stroke-width:2}", ".p{fill:#2c6fb7}",
               ".u{fill:#b9ad8f}")) + "</style>",
           f'<text class="t" x="0" y="18">{escape(title)}</text>']
    for v in range(0, ymax + 1, step):
        out.append(f'<line class="g" x1="{left}" x2="{left + plot_w}" y1="{sy(v):.1f}" y2="{sy(v):.1f}"/>'
                   f'<text x="{left - 6}" y="{sy(v) + 4:.1f}" text-anchor="end">{escape(number(v))}</text>')
    for year in range(y0, y1 + 1, 10):
        out.append(f'<line class="ax" x1="{sx(year):.1f}" x2="{sx(year):.1f}" y1="{top + plot_h}" y2="{top + plot_h + 4}"/>'
                   f'<text x="{sx(year):.1f}" y="{top + plot_h + 18}" text-anchor="middle">{year}</text>')
    out.append(f'<line class="ax" x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}"/>')
    d, last = [], 0
    for year, total in points:
        d.append(f"L{sx(year):.1f},{sy(last):.1f}L{sx(year):.1f},{sy(total):.1f}")
        last = total
    path = f"M{sx(y0):.1f},{sy(0):.1f}" + "".join(d) + f"L{sx(y1):.1f},{sy(last):.1f}"
    out.append(f'<path class="l" d="{path}"/>')
    for year, total in points:
        out.append(f'<circle class="p" cx="{sx(year):.1f}" cy="{sy(total):.1f}" r="2.6" data-year="{year}" '
                   f'data-value="{total}"><title>{year}: {escape(number(total))}</title></circle>')
    # The members without a known year, apart: a bar of their own beside the plot.
    ux = left + plot_w + 40
    uh = plot_h * undated / ymax if undated <= ymax else plot_h
    out.append(f'<rect class="u" x="{ux}" y="{top + plot_h - uh:.1f}" width="36" height="{uh:.1f}" '
               f'data-value="{undated}" id="{chart_id}-undated"/>'
               f'<text x="{ux + 18}" y="{top + plot_h - uh - 6:.1f}" text-anchor="middle">{escape(number(undated))}</text>')
    for i, line in enumerate(words["chart_undated"].split("\n")):
        out.append(f'<text x="{ux + 18}" y="{top + plot_h + 18 + 14 * i}" text-anchor="middle">{escape(line)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
