"""The partner card: a schema.org ``Organization`` in JSON-LD, to embed in the partner web page.

Everything in it is read from the graph (nothing is typed in here), so the card changes
when the data does. Paste it into the page inside
``<script type="application/ld+json"> ... </script>``.
"""

from __future__ import annotations

import pyoxigraph as ox

from .namespaces import WCO
from .store import execute

_FACTS = """
SELECT ?name ?nameFr ?url ?founded ?summary ?independent ?street ?postcode ?locality ?country
       ?city ?cityName ?partnerRole ?network ?networkName ?contactName
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
    """A schema.org JSON-LD document describing ``org`` (default: the WCO)."""
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
                           "addressCountry": v("country")}
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
    agreements = _select(store, """
        SELECT ?a ?title ?date (GROUP_CONCAT(?partyName; separator="|") AS ?parties) WHERE {
          VALUES ?org { $org }
          ?a a wkg:Agreement ; wkg:party ?org ; wkg:name ?title ; wkg:signedOn ?date ; wkg:party ?party .
          FILTER(lang(?title) = "en")
          ?party wkg:name ?partyName . FILTER(lang(?partyName) = "en")
        } GROUP BY ?a ?title ?date ORDER BY ?date ?a""", org)
    if agreements:
        card["subjectOf"] = [{"@type": "CreativeWork", "@id": a["a"].value, "name": a["title"].value,
                              "dateCreated": a["date"].value,
                              "creator": [{"@type": "Organization", "name": n}
                                          for n in sorted(a["parties"].value.split("|"))]}
                             for a in agreements]
    return card
