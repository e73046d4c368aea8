"""The partner card: a schema.org ``Organization`` in JSON-LD, to embed in the partner web page.

Everything in it is read from the graph (nothing is typed in here), so the card changes
when the data does. Paste it into the page inside
``<script type="application/ld+json"> ... </script>``.

Each organization carries its ``@id``, so the WCO, which is also a party to its agreements,
is one node (the parties list it by ``@id`` only). The address's country is its ISO 3166-1
alpha-2 code, as schema.org asks (``addressCountry`` "BE"), read from the member list. The
WCO's members are the one figure marked ``wkg:preferred`` (the project's choice among the
dated figures), as a schema.org ``Observation`` about the organization.
"""

from __future__ import annotations

import pyoxigraph as ox

from .namespaces import WCO
from .store import execute

_FACTS = """
SELECT ?name ?nameFr ?url ?founded ?summary ?independent ?street ?postcode ?locality ?country
       ?countryCode ?city ?cityName ?partnerRole ?network ?networkName ?contactName
WHERE {
  VALUES ?org { $org }
  ?org wkg:name ?name . FILTER(lang(?name) = "en")
  OPTIONAL { ?org wkg:name ?nameFr . FILTER(lang(?nameFr) = "fr") }
  OPTIONAL { ?org schema:url ?url }
  OPTIONAL { ?org schema:foundingDate ?founded }
  OPTIONAL { ?org wkg:missionSummary ?summary }
  OPTIONAL { ?org wkg:independent ?independent }
  OPTIONAL { ?org org:hasPrimarySite/org:siteAddress ?a .
             ?a vcard:street-address ?street ; vcard:postal-code ?postcode ;
                vcard:locality ?locality ; vcard:country-name ?country }
  OPTIONAL { ?org org:hasPrimarySite/schema:containedInPlace/schema:containedInPlace ?place .
             ?place wkg:iso3166Alpha2 ?countryCode }
  OPTIONAL { ?org schema:location ?city . ?city wkg:name ?cityName . FILTER(lang(?cityName) = "en") }
  OPTIONAL { ?p a wkg:Partnership ; org:member ?org ; org:organization ?network ; org:role ?role .
             ?role wkg:name ?partnerRole . FILTER(lang(?partnerRole) = "en")
             ?network wkg:name ?networkName . FILTER(lang(?networkName) = "en")
             OPTIONAL { ?p wkg:primaryContact/wkg:name ?contactName } }
}
"""


def _select(store: ox.Store, query: str, org: str) -> list:
    """Run ``query`` with ``$org`` replaced by the organization's IRI (checked by NamedNode)."""
    return list(execute(store, query.replace("$org", str(ox.NamedNode(org)))))


def _values(store: ox.Store, query: str, org: str) -> list[str]:
    return sorted({r[0].value for r in _select(store, query, org)})


def partner_card(store: ox.Store, org: str = WCO, lang: str = "en") -> dict:
    """A schema.org JSON-LD document describing ``org`` (default: the WCO).

    >>> from .loader import load_graph
    >>> partner_card(load_graph())["@type"]
    'Organization'
    """
    rows = _select(store, _FACTS, org)
    if not rows:
        from .errors import DataError

        raise DataError(f"no English name for {org}: cannot make a partner card")
    r = rows[0]

    def v(name: str) -> str | None:
        t = r[name]
        return t.value if t is not None else None

    name = v("nameFr") if lang == "fr" and v("nameFr") else v("name")
    other_names = [n for n in _values(store, "SELECT ?n WHERE { VALUES ?org { $org } ?org wkg:acronym|wkg:alternativeName|wkg:name ?n }", org)
                   if n != name]
    card: dict = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": org,
        "name": name,
        "alternateName": other_names,
    }
    if v("url"):
        card["url"] = v("url")
    if v("founded"):
        card["foundingDate"] = v("founded")
    if v("summary"):
        kind = "An independent intergovernmental body" if v("independent") == "true" else "An organization"
        card["description"] = f"{kind} whose mission is {v('summary')}."
    if v("street"):
        card["address"] = {"@type": "PostalAddress", "streetAddress": v("street"),
                           "postalCode": v("postcode"), "addressLocality": v("locality"),
                           "addressCountry": v("countryCode") or v("country")}
    if v("city"):
        card["location"] = {"@type": "City", "@id": v("city"), "name": v("cityName")}
    same_as = _values(store, "SELECT ?x WHERE { VALUES ?org { $org } ?org owl:sameAs ?x }", org)
    if same_as:
        card["sameAs"] = same_as
    languages = _values(store, "SELECT ?l WHERE { VALUES ?org { $org } ?org wkg:officialLanguage ?l }", org)
    if languages:
        card["knowsLanguage"] = languages
    if v("network"):
        role: dict = {"@type": "OrganizationRole", "roleName": v("partnerRole"),
                      "memberOf": {"@type": "ResearchProject", "@id": v("network"), "name": v("networkName")}}
        card["memberOf"] = role
        if v("contactName"):
            card["contactPoint"] = {"@type": "ContactPoint", "contactType": "primary contact",
                                    "name": v("contactName")}
    parties = _select(store, """
        SELECT ?a ?title ?date ?party ?partyName WHERE {
          VALUES ?org { $org }
          ?a a wkg:Agreement ; wkg:party ?org ; wkg:name ?title ; wkg:signedOn ?date ; wkg:party ?party .
          FILTER(lang(?title) = "en")
          OPTIONAL { ?party wkg:name ?partyName . FILTER(lang(?partyName) = "en") }
        } ORDER BY ?date ?a ?party""", org)
    agreements: dict[str, dict] = {}
    for p in parties:
        a = agreements.setdefault(p["a"].value, {"@type": "CreativeWork", "@id": p["a"].value,
                                                 "name": p["title"].value, "dateCreated": p["date"].value,
                                                 "creator": []})
        party = p["party"].value
        # The organization itself by reference: it is this card's node, not a second one.
        a["creator"].append({"@id": party} if party == org else
                            {"@type": "Organization", "@id": party, "name": p["partyName"].value}
                            if p["partyName"] is not None else {"@id": party})
    if agreements:
        card["subjectOf"] = list(agreements.values())
    figures = _select(store, """
        SELECT ?claim ?name ?nameFr ?measure ?value ?unit ?from ?stated WHERE {
          VALUES ?org { $org }
          ?claim a wkg:QuantitativeClaim ; wkg:preferred true ; schema:observationAbout ?org ;
              schema:measuredProperty ?measure ; schema:value ?value ; wkg:name ?name .
          FILTER(lang(?name) = "en")
          OPTIONAL { ?claim wkg:name ?nameFr . FILTER(lang(?nameFr) = "fr") }
          OPTIONAL { ?claim schema:unitText ?unit . FILTER(lang(?unit) = "en") }
          OPTIONAL { ?claim wkg:validFrom ?from }
          OPTIONAL { ?claim wkg:statedOn ?stated }
        } ORDER BY ?measure ?claim""", org)
    observations = []
    for f in figures:
        obs: dict = {"@type": "Observation", "@id": f["claim"].value,
                     "name": (f["nameFr"] if lang == "fr" and f["nameFr"] is not None else f["name"]).value,
                     "measuredProperty": {"@id": f["measure"].value}, "value": _number(f["value"])}
        if f["unit"] is not None:
            obs["unitText"] = f["unit"].value
        day = f["from"] if f["from"] is not None else f["stated"]
        if day is not None:
            obs["observationDate"] = day.value
        observations.append(obs)
    if observations:
        card["@reverse"] = {"observationAbout": observations}
    return card


def _number(term: ox.Literal) -> int | float | str:
    """A numeric literal as a JSON number (its lexical form if it is not one)."""
    try:
        return int(term.value) if term.datatype.value.endswith("#integer") else float(term.value)
    except ValueError:
        return term.value
