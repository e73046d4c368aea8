"""The web pages: home, query, one page per resource, the ontology's documentation.

Rendered with Jinja2 (autoescaping: labels and literals come from data) from the
templates in ``templates/``; the CSS and the one small script are served from ``static/``,
so the pages need nothing from elsewhere and work offline. The language (English or
French) comes from ``?lang=``, else the browser's Accept-Language; every link keeps it.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from ..errors import HttpError
from ..formats import RDF_FORMATS, RESULT_FORMATS, rdf
from ..namespaces import (BASE, DATASET, DCAT, DCTERMS, DESCRIPTION_GRAPH, GRAPH, ONTOLOGY, OWL, VOID,
                          XSD, is_ours, shorten)
from ..results import Result, from_sparql_json
from .conneg import Choice
from .resource_view import ResourceView, ontology_terms, resource_view
from ..sparql_text import analyse
from .diagram import diagram

if TYPE_CHECKING:
    from .app import Server

TEMPLATES = Path(__file__).resolve().parent / "templates"

TEXT = {
    "en": {"home": "Home", "query": "Query", "ontology": "Ontology", "endpoint": "SPARQL endpoint",
           "size": "Size", "triples": "triples", "entities": "resources", "graphs": "source graphs",
           "licence": "Licence", "version": "Version", "modified": "Updated", "questions": "Example questions",
           "sources": "Sources", "source": "Source", "graph": "Graph", "downloads": "Downloads",
           "relationships": "The WCO's relationships", "run": "Run query", "pick": "Pick an example question…",
           "results": "Results", "rows": "rows", "row": "row", "download": "Download", "yes": "yes", "no": "no",
           "types": "Types", "properties": "Properties", "incoming": "Links to this resource",
           "open_query": "Open in the query page", "formats": "This description as",
           "facts_from": "facts stated by", "also": "also stated as", "classes": "Classes",
           "props": "Properties", "definition": "Definition", "parents": "Broader terms", "domain": "Domain",
           "range": "Range", "note": "Why this term", "label": "Label", "iri": "IRI", "error": "Error",
           "no_results": "No results.", "seconds": "s", "property": "Property", "value": "Value",
           "from": "From", "dataset": "Dataset description", "run_example": "run",
           "the_query": "SPARQL query", "none": "none"},
    "fr": {"home": "Accueil", "query": "Requête", "ontology": "Ontologie", "endpoint": "Point d'accès SPARQL",
           "size": "Taille", "triples": "triplets", "entities": "ressources", "graphs": "graphes de sources",
           "licence": "Licence", "version": "Version", "modified": "Mise à jour", "questions": "Questions d'exemple",
           "sources": "Sources", "source": "Source", "graph": "Graphe", "downloads": "Téléchargements",
           "relationships": "Les relations de l'OMD", "run": "Exécuter", "pick": "Choisir une question d'exemple…",
           "results": "Résultats", "rows": "lignes", "row": "ligne", "download": "Télécharger", "yes": "oui",
           "no": "non", "types": "Types", "properties": "Propriétés", "incoming": "Liens vers cette ressource",
           "open_query": "Ouvrir dans la page de requête", "formats": "Cette description en",
           "facts_from": "faits énoncés par", "also": "aussi énoncé comme", "classes": "Classes",
           "props": "Propriétés", "definition": "Définition", "parents": "Termes plus larges", "domain": "Domaine",
           "range": "Portée", "note": "Pourquoi ce terme", "label": "Libellé", "iri": "IRI", "error": "Erreur",
           "no_results": "Aucun résultat.", "seconds": "s", "property": "Propriété", "value": "Valeur",
           "from": "Ressource", "dataset": "Description du jeu de données", "run_example": "exécuter",
           "the_query": "Requête SPARQL", "none": "aucun"},
}

LICENCES = {"https://creativecommons.org/licenses/by/4.0/": "CC BY 4.0"}


class Pages:
    """Renders every page from the server's store; one instance per server."""

    def __init__(self, server: "Server"):
        self.server = server
        self.store = server.store
        self.env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                               trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(short=lambda iri: shorten(iri).strip("<>"), LICENCES=LICENCES, ox_iri=ox.NamedNode)
        self._diagrams: dict[str, str] = {}

    # ------------------------------------------------------------------ helpers

    def href(self, iri: str, lang: str) -> str:
        """Where a link to ``iri`` goes: its page on this server when it is ours, else the IRI."""
        if not is_ours(iri):
            return iri
        rest = iri[len(BASE):]
        suffix = "" if lang == "en" else f"?lang={lang}"
        if rest.startswith("ontology#"):
            return f"/ontology.html{suffix}#{rest.split('#', 1)[1]}"
        if rest in ("", "sparql", "context.jsonld") or rest.startswith("dump/"):
            return "/" + rest
        return f"/{rest}.html{suffix}"

    def context(self, request: Request, lang: str, title: str, **extra) -> dict:
        def lang_url(code: str) -> str:
            params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
            if code != "en":
                params.append(("lang", code))
            return request.url.path + ("?" + urlencode(params) if params else "")

        label = lambda iri: self.server.labels.get(iri, lang)  # noqa: E731
        return {"lang": lang, "t": TEXT[lang], "title": title, "label": label,
                "href": lambda iri: self.href(iri, lang), "lang_url": lang_url, "term": self._term(lang),
                "build_id": self.server.served.build_id, "lang_qs": "" if lang == "en" else f"lang={lang}",
                **extra}

    def _term(self, lang: str):
        def term(t) -> Markup:
            """An RDF term as HTML: a link with a label for an IRI, a value with its language or type for a literal."""
            from markupsafe import escape

            if isinstance(t, ox.NamedNode):
                label = self.server.labels.get(t.value, lang)
                short = shorten(t.value).strip("<>")
                attrs = '' if is_ours(t.value) else ' rel="noopener" class="ext"'
                hint = f' <span class="iri">{escape(short)}</span>' if label != short else ""
                return Markup(f'<a href="{escape(self.href(t.value, lang))}" title="{escape(t.value)}"{attrs}>'
                              f'{escape(label)}</a>{hint}')
            if isinstance(t, ox.BlankNode):
                return Markup(f'<span class="bnode">_:{escape(t.value)}</span>')
            if t is None:
                return Markup("")
            tag = ""
            if t.language:
                tag = f' <span class="tag">@{escape(t.language)}</span>'
            elif t.datatype.value != XSD + "string":
                tag = f' <span class="tag">{escape(shorten(t.datatype.value).strip("<>"))}</span>'
            return Markup(f'<span class="lit">{escape(t.value)}</span>{tag}')
        return term

    def render(self, request: Request, template: str, ctx: dict, status: int = 200, etag_key=None) -> Response:
        body = self.env.get_template(template).render(ctx).encode()
        if etag_key is not None and status == 200:
            etag = self.server.cache.etag(("page",) + tuple(etag_key))
            return self.server.conditional(request, body, "text/html", etag, vary="Accept, Accept-Language")
        return Response(body, status_code=status, media_type="text/html; charset=utf-8",
                        headers=self.server.headers(vary="Accept, Accept-Language"))

    def diagram(self, lang: str) -> str:
        if lang not in self._diagrams:
            self._diagrams[lang] = diagram(self.store, lang, link=lambda iri: self.href(iri, lang),
                                           labels=self.server.labels)
        return self._diagrams[lang]

    def _value(self, subject: str, predicate: str, lang: str) -> str | None:
        return self.server.labels.literal(subject, predicate, lang)

    # ------------------------------------------------------------------ pages

    def home(self, request: Request, lang: str) -> Response:
        s = self.store
        ds = DATASET

        def count(name: str) -> int:
            for q in s.quads_for_pattern(ox.NamedNode(ds), ox.NamedNode(VOID + name), None,
                                         ox.NamedNode(DESCRIPTION_GRAPH)):
                return int(q.object.value)
            return 0

        licences = [q.object.value for q in s.quads_for_pattern(ox.NamedNode(ds), ox.NamedNode(DCTERMS + "license"),
                                                                 None, None)]
        source_graphs = sorted(g for g in self.server.sources if g not in (GRAPH + "description",))
        downloads = [(f.label, f"/dump/wco-kg.{f.extension}") for f in RDF_FORMATS]
        ctx = self.context(
            request, lang, self._value(ds, DCTERMS + "title", lang) or "wco-kg",
            description=self._value(ds, DCTERMS + "description", lang),
            triples=count("triples"), entities=count("entities"),
            graph_count=len({q.graph_name for q in s.quads_for_pattern(None, None, None, None)}),
            licences=licences, version=self._value(ds, OWL + "versionInfo", lang),
            modified=self._value(ds, DCTERMS + "modified", lang),
            questions=self.server.served.questions, sources=[(g, self.server.sources[g]) for g in source_graphs],
            diagram=Markup(self.diagram(lang)), downloads=downloads,
            landing=self._value(ds, DCAT + "landingPage", lang))
        return self.render(request, "home.html", ctx, etag_key=("home", lang))

    def resource_page(self, request: Request, iri: str, lang: str) -> Response:
        if iri == ONTOLOGY:
            return self.ontology_page(request, lang)
        view: ResourceView = resource_view(self.store, iri, self.server.supers)
        rest = iri[len(BASE):]
        query = (f"SELECT ?property ?value ?graph WHERE {{\n  GRAPH ?graph {{ <{iri}> ?property ?value }}\n}}\n"
                 "ORDER BY ?property ?value")
        ctx = self.context(
            request, lang, self.server.labels.get(iri, lang), iri=iri, view=view,
            sources=self.server.sources, alternates=[(f.label, f"/{rest}.{f.extension}") for f in RDF_FORMATS],
            query_link="/query?" + urlencode([("query", query)] + ([("lang", lang)] if lang != "en" else [])),
            graph_facts=self._graph_facts(iri) if iri.startswith(GRAPH) else None)
        return self.render(request, "resource.html", ctx, etag_key=("resource", iri, lang))

    def _graph_facts(self, iri: str) -> list[ox.Quad]:
        return sorted((q for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(iri))),
                      key=lambda q: (str(q.subject), str(q.predicate), str(q.object)))[:500]

    def ontology_page(self, request: Request, lang: str) -> Response:
        terms = ontology_terms(self.store)
        ctx = self.context(
            request, lang, self._value(ONTOLOGY, DCTERMS + "title", lang) or "Ontology",
            description=self._value(ONTOLOGY, DCTERMS + "description", lang),
            version=self._value(ONTOLOGY, OWL + "versionInfo", lang),
            modified=self._value(ONTOLOGY, DCTERMS + "modified", lang),
            classes=[t for t in terms if t.kind == "class"], properties=[t for t in terms if t.kind != "class"],
            alternates=[(f.label, f"/ontology.{f.extension}") for f in RDF_FORMATS])
        return self.render(request, "ontology.html", ctx, etag_key=("ontology", lang))

    def query_page(self, request: Request, lang: str, **extra) -> Response:
        examples = [{"name": q.name, "title": q.title or q.name, "description": q.description, "text": q.text}
                    for q in self.server.served.questions]
        status = extra.pop("status", 200)
        ctx = self.context(request, lang, TEXT[lang]["query"], examples=examples,
                           examples_json=Markup(json.dumps({e["name"]: e["text"] for e in examples})
                                                .replace("</", "<\\/")),
                           **{"query": "", "selected": "", "result": None, "error": None, "seconds": None,
                              "downloads": [], **extra})
        return self.render(request, "query.html", ctx, status=status)

    async def run_query_page(self, request: Request, lang: str) -> Response:
        params = request.query_params
        query = params.get("query", "")
        selected = params.get("question", "")
        if selected and not query:
            found = {q.name: q for q in self.server.served.questions}.get(selected)
            if found is None:
                return self.query_page(request, lang, error=f"no example question called {selected!r}", status=404)
            query = found.text
        if not query.strip():
            return self.query_page(request, lang, selected=selected)
        kind = analyse(query).kind
        table = RESULT_FORMATS if kind != "graph" else RDF_FORMATS
        downloads = [(f.label, "/sparql?" + urlencode([("query", query), ("format", f.name)])) for f in table]
        choices = {"results": Choice("json", "application/sparql-results+json"),
                   "graph": Choice("ntriples", "application/n-triples")}
        t0 = time.perf_counter()
        try:
            item = await self.server.answer(query, [], [], choices)
        except HttpError as e:
            return self.query_page(request, lang, query=query, selected=selected, error=e.message,
                                   status=e.status, downloads=[])
        seconds = time.perf_counter() - t0
        if item.media_type.startswith("application/n-triples"):
            triples = [q.triple for q in ox.parse(item.body, format=rdf("ntriples"))]
            result = Result.select(["subject", "predicate", "object"],
                                   [(t.subject, t.predicate, t.object) for t in triples])
        else:
            result = from_sparql_json(item.body)
        return self.query_page(request, lang, query=query, selected=selected, result=result,
                               seconds=seconds, downloads=downloads)
