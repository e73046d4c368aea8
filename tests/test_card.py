"""The partner card (wco_kg.card): one node per organization, schema.org's country codes, the
preferred member figure; and it reads as the same graph in a JSON-LD processor."""

from __future__ import annotations

import json

import pytest

from wco_kg.card import partner_card
from wco_kg.namespaces import ID, WKG

WCO = ID + "wco"
# A stand-in for schema.org's context, which the tests cannot fetch: its vocabulary only.
SCHEMA_CONTEXT = {"@context": {"@vocab": "https://schema.org/"}}


def loader(url, options=None):
    assert url.rstrip("/") == "https://schema.org", url
    return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_CONTEXT}


@pytest.fixture(scope="module", params=["en", "fr"])
def card(store, request) -> dict:
    return partner_card(store, lang=request.param)


def nodes(card: dict) -> list[dict]:
    """The card flattened by pyld: one node object per @id."""
    from pyld import jsonld

    return jsonld.flatten(card, None, {"documentLoader": loader})


def test_the_wco_is_one_node_and_each_party_has_its_id(card):
    flat = nodes(card)
    ids = [n["@id"] for n in flat]
    assert ids.count(WCO) == 1 and len(ids) == len(set(ids))
    [mou] = card["subjectOf"]
    assert sorted(p["@id"] for p in mou["creator"]) == [ID + "university-of-victoria", WCO]
    # The WCO is referenced, not described a second time; the university is described.
    assert {"@id": WCO} in mou["creator"]
    [uvic] = [p for p in mou["creator"] if p["@id"] != WCO]
    assert uvic["name"] == "University of Victoria" and uvic["@type"] == "Organization"
    [wco] = [n for n in flat if n["@id"] == WCO]
    assert {"@id": mou["@id"]} in wco["https://schema.org/subjectOf"]
    [mou_node] = [n for n in flat if n["@id"] == mou["@id"]]
    assert {"@id": WCO} in mou_node["https://schema.org/creator"]


def test_address_country_is_the_iso_code(card):
    assert card["address"]["addressCountry"] == "BE"
    assert card["address"]["addressLocality"] == "Brussels"


def test_the_preferred_member_figure_is_an_observation_about_the_wco(card):
    [figure] = card["@reverse"]["observationAbout"]
    assert figure["@id"] == ID + "claim-wco-members-2026" and figure["value"] == 186
    assert figure["measuredProperty"] == {"@id": WKG + "customsAdministrationsRepresented"}
    assert figure["observationDate"] == "2026-11-28"
    [obs] = [n for n in nodes(card) if n["@id"] == figure["@id"]]
    assert obs["https://schema.org/observationAbout"] == [{"@id": WCO}]


def test_a_card_follows_the_preferred_mark(store):
    """Mark another figure preferred instead: the card shows that one, dated by validFrom."""
    import pyoxigraph as ox

    from wco_kg.namespaces import sparql_prologue

    copy = ox.Store()
    copy.extend(store)
    copy.update(sparql_prologue() + """
        DELETE DATA { GRAPH graph:editorial { id:claim-wco-members-2026 wkg:preferred true } } ;
        INSERT DATA { GRAPH graph:editorial { id:claim-wco-members-2023-01-26 wkg:preferred true } }""")
    [figure] = partner_card(copy)["@reverse"]["observationAbout"]
    assert (figure["value"], figure["observationDate"]) == (185, "2023-01-26")
    copy.update(sparql_prologue() + "DELETE WHERE { GRAPH ?g { ?c wkg:preferred ?p } }")
    assert "@reverse" not in partner_card(copy)


def test_card_is_json(card):
    assert json.loads(json.dumps(card, ensure_ascii=False)) == card
