"""What search engines and data portals read: the schema.org Dataset, the sitemap, robots.txt.

Google Dataset Search and other harvesters read a ``schema:Dataset`` in JSON-LD on the
landing page; it is made here from the same VoID/DCAT description (``graph:description``)
that ``/sparql`` and ``void.ttl`` publish, so the two cannot disagree. The sitemap lists
every page (each resource under ``id:``, with its French version as an alternate).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..formats import RDF_FORMATS
from ..namespaces import BASE, DATASET, DESCRIPTION_GRAPH, ID, PREFIXES

if TYPE_CHECKING:  # the labels of the served build (server.resource_view)
    from .resource_view import Labels

DCT, DCAT, FOAF, OWL = PREFIXES["dcterms"], PREFIXES["dcat"], PREFIXES["foaf"], PREFIXES["owl"]


def json_script(document: dict) -> str:
    """JSON for a ``<script type="application/ld+json">`` block: ``</`` escaped so no text ends the block."""
    return json.dumps(document, ensure_ascii=False, indent=2).replace("</", "<\\/")


def _objects(store: ox.Store, s: str, p: str) -> list:
    return sorted((q.object for q in store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None,
                                                              ox.NamedNode(DESCRIPTION_GRAPH))), key=str)


def _agent(store: ox.Store, labels: Labels, iri: str, lang: str) -> dict:
    agent: dict = {"@type": "Organization", "@id": iri}
    name = labels.literal(iri, FOAF + "name", lang)
    if name:
        agent["name"] = name
    home = _objects(store, iri, FOAF + "homepage")
    if home:
        agent["url"] = home[0].value
    return agent


def dataset_jsonld(store: ox.Store, labels: Labels, lang: str = "en") -> dict:
    """The schema.org ``Dataset`` of this build, from its DCAT description, in ``lang`` where it has one."""
    def text(p: str) -> str | None:
        return labels.literal(DATASET, p, lang)

    doc: dict = {"@context": "https://schema.org", "@type": "Dataset", "@id": DATASET,
                 "name": text(DCT + "title"), "description": text(DCT + "description"),
                 "url": BASE, "inLanguage": ["en", "fr"]}
    licences = _objects(store, DATASET, DCT + "license")
    if licences:
        doc["license"] = licences[0].value
    for key, p in (("creator", DCT + "creator"), ("publisher", DCT + "publisher")):
        agents = [_agent(store, labels, o.value, lang) for o in _objects(store, DATASET, p) if isinstance(o, ox.NamedNode)]
        if agents:
            doc[key] = agents[0] if len(agents) == 1 else agents
    version = text(DCAT + "version") or text(OWL + "versionInfo")
    if version:
        doc["version"] = version
    for key, p in (("datePublished", DCT + "issued"), ("dateModified", DCT + "modified")):
        value = text(p)
        if value:
            doc[key] = value
    keywords = sorted({o.value for o in _objects(store, DATASET, DCAT + "keyword") if isinstance(o, ox.Literal)})
    if keywords:
        doc["keywords"] = keywords
    doc["isAccessibleForFree"] = True
    doc["distribution"] = []
    for f in RDF_FORMATS:
        dist = f"{DATASET}/distribution/{f.extension}"
        urls = _objects(store, dist, DCAT + "downloadURL")
        if urls:
            doc["distribution"].append({"@type": "DataDownload", "name": labels.literal(dist, DCT + "title", lang),
                                        "encodingFormat": f.media_type, "contentUrl": urls[0].value})
    return doc


def page_paths(store: ox.Store) -> list[str]:
    """The path of every page: home, query, ontology, dataset, card, and each resource under ``id:``."""
    paths = ["/", "/query", "/ontology.html", "/dataset.html", "/embed/card"]
    subjects = {q.subject.value for q in store.quads_for_pattern(None, None, None, None)
                if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(ID)}
    paths += [f"/{iri[len(BASE):]}.html" for iri in sorted(subjects)]
    return paths


def sitemap(store: ox.Store, base_url: str) -> bytes:
    """The sitemaps.org XML of every page at ``base_url``, each with its French version as an alternate."""
    base = base_url.rstrip("/")
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for path in page_paths(store):
        url = base + path
        fr = url + ("&" if "?" in url else "?") + "lang=fr"
        out.append(f"<url><loc>{escape(url)}</loc>"
                   f'<xhtml:link rel="alternate" hreflang="en" href={quoteattr(url)}/>'
                   f'<xhtml:link rel="alternate" hreflang="fr" href={quoteattr(fr)}/></url>')
    out.append("</urlset>")
    return ("\n".join(out) + "\n").encode()


def robots(base_url: str) -> bytes:
    """robots.txt: pages welcome; the query endpoints, which run a query per request, left out."""
    return (f"User-agent: *\nDisallow: /sparql\nDisallow: /query\nDisallow: /chart\nAllow: /\n"
            f"Sitemap: {base_url.rstrip('/')}/sitemap.xml\n").encode()
