"""The pages of the other intergovernmental bodies, from a real `wco-kg serve`, read with the
standard library's HTML parser and checked against the reference CSVs (read here with ``csv``):
a body's page lists its members with their WCO status, a member's page lists its bodies, and the
home page says how many UN members are WCO members, counted from the graph.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
REF = ROOT / "data" / "reference"


def table(name: str) -> list[dict]:
    with (REF / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


WCO = {r["iso3166_alpha3"]: r for r in table("wco-members.csv") if r["iso3166_alpha3"]}
MEMBERS_OF = defaultdict(dict)
for r in table("igo-memberships.csv"):
    MEMBERS_OF[r["grouping"]][r["iso3166_alpha3"]] = r["since_year"]
NAMES = {r["iso3166_alpha3"]: r["name"] for r in table("igo-memberships.csv")}


class Rows(HTMLParser):
    """The rows (<tr class=CLASS>) of a page: for each, its cells' text and the links' hrefs."""

    def __init__(self, cls: str):
        super().__init__()
        self.cls, self.rows, self._row, self._cell = cls, [], None, None
        self.text: list[str] = []
        self._section = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and a.get("class") == self.cls:
            self._row = {"cells": [], "links": []}
        elif self._row is not None and tag == "td":
            self._cell = []
        elif self._row is not None and tag == "a":
            self._row["links"].append(a.get("href", ""))

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self._row["cells"].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def page(http, path: str, cls: str = "") -> Rows:
    r = http.get(path)
    assert r.status_code == 200, (path, r.status_code)
    p = Rows(cls)
    p.feed(r.text)
    return p


@pytest.fixture(scope="module")
def http(served):
    with httpx.Client(base_url=served.url, timeout=30, follow_redirects=False) as c:
        yield c


def wco_since(w: dict) -> str:
    """The day a WCO member joined, else the one year its notes quote for a year-only source."""
    year = re.search(r"\b(1[89]\d\d|20\d\d)\b", w["notes"]) if "year=" in w["source_url"] else None
    return w["member_since"] or (year.group(1) if year else "")


def a3_of(href: str) -> str:
    m = re.fullmatch(r"/id/territory-([a-z]{3})\.html(\?lang=fr)?", href)
    special = {"/id/belgium.html": "BEL", "/id/canada.html": "CAN"}
    return m.group(1).upper() if m else special[href.split("?")[0]]


@pytest.mark.parametrize("grouping", ["oecd", "coe", "apec"])
def test_a_bodys_page_lists_its_members_with_their_wco_status(http, grouping):
    rows = page(http, f"/id/igo-{grouping}.html", "igo-member").rows
    got = {}
    for row in rows:
        a3 = a3_of(row["links"][0])
        member, joined, status, since = row["cells"]
        got[a3] = (joined, "not a WCO member" not in status, since)
    want = {}
    for a3, year in MEMBERS_OF[grouping].items():
        w = WCO.get(a3)
        want[a3] = (year, w is not None, wco_since(w) if w else "")
    assert got == want
    if grouping == "coe":
        assert not got["LIE"][1] and not got["MCO"][1] and not got["SMR"][1]


def test_the_eus_page_lists_its_member_states(http):
    rows = page(http, "/id/territory-european-union.html", "igo-member").rows
    assert {a3_of(r["links"][0]) for r in rows} == set(MEMBERS_OF["eu"])


@pytest.mark.parametrize("a3, path", [("FRA", "/id/territory-fra.html"), ("TWN", "/id/territory-twn.html"),
                                      ("LIE", "/id/territory-lie.html"), ("BEL", "/id/belgium.html")])
def test_a_members_page_lists_its_bodies(http, a3, path):
    rows = page(http, path, "igo-body").rows
    got = {r["links"][0].removeprefix("/id/").removesuffix(".html"): r["cells"][1] for r in rows}
    want = {("territory-european-union" if g == "eu" else f"igo-{g}"): m[a3] for g, m in MEMBERS_OF.items() if a3 in m}
    assert got == want
    if a3 == "TWN":
        assert "Chinese Taipei" in rows[0]["cells"][2]


def test_home_page_says_how_the_wco_relates_to_the_un(http):
    p = page(http, "/")
    text = " ".join("".join(p.text).split())
    un = set(MEMBERS_OF["un"])
    inside = len(un & set(WCO))
    assert (inside, len(un)) == (179, 193)
    assert f"{inside} of the {len(un)} members of the United Nations are WCO members; {len(un) - inside} are not" in text
    for a3 in sorted(un - set(WCO)):
        assert NAMES[a3] in text, a3
    fr = " ".join("".join(page(http, "/?lang=fr").text).split())
    assert f"{inside} des {len(un)} membres de l'Organisation des Nations Unies sont membres de l'OMD" in fr
