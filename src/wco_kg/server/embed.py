"""The partner card a visitor sees: the facts of ``/embed/card``, read from the graph in one language.

The card is made to sit in an iframe on another site's page (the research network's
partner page): the WCO's name, its role as Policy Partner of the network, its headquarters,
website, its agreement (the MoU), its member count (the figure marked ``wkg:preferred``, else
the latest stated) with that figure's date,
and a link to its full page here. The same page carries the schema.org JSON-LD of
``wco_kg.card`` (``wco-kg card``), so the facts a person reads and a machine reads agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..namespaces import WCO
from ..store import execute

if TYPE_CHECKING:  # the labels of the served build (server.resource_view)
    from .resource_view import Labels



@dataclass
class CardView:
    iri: str
    name: str
    acronym: str | None = None
    role: str | None = None
    network: str | None = None
    network_iri: str | None = None
    city: str | None = None
    country: str | None = None
    website: str | None = None
    agreements: list[tuple[str, str, str | None]] = field(default_factory=list)  # (IRI, name, date)
    members: int | None = None
    members_date: str | None = None


def _rows(store: ox.Store, query: str, org: str) -> list:
    return list(execute(store, query.replace("$org", str(ox.NamedNode(org)))))


def card_view(store: ox.Store, labels: Labels, lang: str, org: str = WCO) -> CardView:
    """What the card shows about ``org`` in ``lang`` (labels fall back to English)."""
    view = CardView(org, labels.get(org, lang))
    for r in _rows(store, "SELECT ?a WHERE { $org wkg:acronym ?a } ORDER BY ?a", org):
        if r["a"].language in (lang, None, ""):
            view.acronym = r["a"].value
            break
    part = _rows(store, """SELECT ?role ?network WHERE {
        ?p a wkg:Partnership ; org:member $org ; org:organization ?network ; org:role ?role } ORDER BY ?network""", org)
    if part:
        view.role = labels.get(part[0]["role"].value, lang)
        view.network_iri = part[0]["network"].value
        view.network = labels.get(view.network_iri, lang)
    place = _rows(store, """SELECT ?city ?country WHERE { $org schema:location ?city .
        OPTIONAL { ?city schema:containedInPlace ?country . ?country a schema:Country } } ORDER BY ?city""", org)
    if place:
        view.city = labels.get(place[0]["city"].value, lang)
        if place[0]["country"] is not None:
            view.country = labels.get(place[0]["country"].value, lang)
    site = _rows(store, "SELECT ?u WHERE { $org foaf:homepage|schema:url ?u } ORDER BY ?u", org)
    if site:
        view.website = site[0]["u"].value
    for r in _rows(store, """SELECT DISTINCT ?a ?date WHERE { ?a a wkg:Agreement ; wkg:party $org .
                             OPTIONAL { ?a wkg:signedOn ?date } } ORDER BY ?date ?a""", org):
        view.agreements.append((r["a"].value, labels.get(r["a"].value, lang),
                                r["date"].value if r["date"] is not None else None))
    # The figure of its members the project marks preferred (wkg:preferred), else the latest
    # stated; dated from the day it holds (wkg:validFrom) where known, else the day it was stated.
    count = _rows(store, """SELECT ?value ?date ?preferred WHERE {
        ?c a wkg:QuantitativeClaim ; schema:observationAbout $org ;
           schema:measuredProperty wkg:customsAdministrationsRepresented ; schema:value ?value .
        OPTIONAL { ?c wkg:validFrom ?from } OPTIONAL { ?c wkg:statedOn ?stated }
        OPTIONAL { ?c wkg:preferred ?p }
        BIND (COALESCE(?from, ?stated) AS ?date) BIND (COALESCE(?p, false) AS ?preferred)
        FILTER (BOUND(?date)) } ORDER BY DESC(?preferred) DESC(STR(?date)) ?value""", org)
    if count:
        view.members = int(float(count[0]["value"].value))
        view.members_date = count[0]["date"].value
    return view
