"""The web pages: home, query, one page per resource, the ontology's documentation, charts, the card.

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

from ..errors import HttpError, WcoKgError
from ..formats import RDF_FORMATS, RESULT_FORMATS, rdf
from ..namespaces import (BASE, DATASET, DCAT, DCTERMS, DESCRIPTION_GRAPH, GRAPH, ONTOLOGY, OWL, VOID,
                          XSD, is_ours, shorten)
from ..project import Project
from ..queries import Question, parse_question
from ..results import Result, from_sparql_json
from ..store import LocalStore
from . import charts, i18n, site, worldmap
from .embed import card_view
from .conneg import Choice
from . import igo_pages
from .resource_view import ResourceView, ontology_terms, resource_view
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
           "the_query": "SPARQL query", "none": "none",
           "members": "The WCO's members", "by_region": "By WCO region", "by_decade": "By decade of accession",
           "map_caption": "World map of the WCO's members, coloured by WCO region or by decade of accession",
           "map_undated": "date unknown", "map_region_inferred": "region inferred", "map_year_inferred": "date inferred",
           "map_inferred": "inferred, not read (dashed outline)", "map_decade": "{decade}s", "map_non_member": "not a member",
           "not_on_map": "Not on the map (too small for the 1:110m geometry, or without a UN M49 code)",
           "map_note": "Shapes: Natural Earth 1:110m (public domain). A dashed outline marks a region or date inferred rather than read. The colour beside a name is its region.",
           "chart_regions": "Members per WCO region", "chart_accessions": "Members that had joined by each year",
           "chart_undated": "no known\nyear", "chart": "Chart", "chart_title": "Chart of the answer",
           "no_chart": "This answer has no label column and number column to chart.",
           "from_question": "From the question", "charts": "Charts", "region": "Region", "year": "Year",
           "context": "JSON-LD context", "void": "VoID description", "build": "build", "language": "Language",
           "more": "next", "previous": "previous", "page": "page", "of": "of", "shown": "shown",
           "card": "Partner card", "card_embed": "Embed this card", "partner_role": "Role", "hq": "Headquarters",
           "website": "Website", "agreement": "Agreement", "member_count": "Members",
           "members_on": "{count} members on {date}", "full_page": "Full profile",
           "signed": "signed", "with": "with", "kinds": {"class": "class", "object property": "object property",
           "datatype property": "datatype property", "annotation property": "annotation property",
           "property": "property"},
           "all": "all", "chart_no_query": "no query: give ?question=NAME or ?query=…",
           "chart_no_question": "no example question called {name}",
           "chart_too_long": "query string over this server's limit of {limit} bytes"},
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
           "the_query": "Requête SPARQL", "none": "aucun",
           "members": "Les membres de l'OMD", "by_region": "Par région de l'OMD", "by_decade": "Par décennie d'adhésion",
           "map_caption": "Carte du monde des membres de l'OMD, colorés par région de l'OMD ou par décennie d'adhésion",
           "map_undated": "date inconnue", "map_region_inferred": "région déduite", "map_year_inferred": "date déduite",
           "map_inferred": "déduit, non lu (contour en tirets)", "map_decade": "années {decade}", "map_non_member": "non membre",
           "not_on_map": "Absents de la carte (trop petits pour la géométrie au 1:110m, ou sans code M49 de l'ONU)",
           "map_note": "Formes : Natural Earth au 1:110m (domaine public). Un contour en tirets signale une région ou une date déduite plutôt que lue. La couleur à côté d'un nom est celle de sa région.",
           "chart_regions": "Membres par région de l'OMD", "chart_accessions": "Membres ayant adhéré à la fin de chaque année",
           "chart_undated": "sans année\nconnue", "chart": "Graphique", "chart_title": "Graphique de la réponse",
           "no_chart": "Cette réponse n'a pas de colonne de libellés et de colonne de nombres à représenter.",
           "from_question": "D'après la question", "charts": "Graphiques", "region": "Région", "year": "Année",
           "context": "Contexte JSON-LD", "void": "Description VoID", "build": "construction", "language": "Langue",
           "more": "suivants", "previous": "précédents", "page": "page", "of": "sur", "shown": "affichés",
           "card": "Fiche de partenaire", "card_embed": "Intégrer cette fiche", "partner_role": "Rôle", "hq": "Siège",
           "website": "Site web", "agreement": "Accord", "member_count": "Membres",
           "members_on": "{count} membres au {date}", "full_page": "Profil complet",
           "signed": "signé", "with": "avec", "kinds": {"class": "classe", "object property": "propriété d'objet",
           "datatype property": "propriété de données", "annotation property": "propriété d'annotation",
           "property": "propriété"},
           "all": "tout", "chart_no_query": "aucune requête : donnez ?question=NOM ou ?query=…",
           "chart_no_question": "aucune question d'exemple ne s'appelle {name}",
           "chart_too_long": "chaîne de requête au-delà de la limite de ce serveur, {limit} octets"},
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
        self._figures: dict[tuple, object] = {}  # maps, charts and answers, made once per build
        self.env.globals.update(figures=self.page_figures, chart_url=self.chart_url, question_title=self.question_title,
                                dataset_jsonld=lambda lang: Markup(site.json_script(
                                    site.dataset_jsonld(self.store, self.server.labels, lang))))

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
        from .ask import TEXT as ASK_TEXT

        return {"lang": lang, "t": {**TEXT[lang], **ASK_TEXT[lang]}, "title": title, "label": label,
                "href": lambda iri: self.href(iri, lang), "lang_url": lang_url, "term": self._term(lang),
                "build_id": self.server.served.build_id, "lang_qs": "" if lang == "en" else f"lang={lang}",
                "num": lambda n: i18n.number(n, lang), "fdate": lambda d: i18n.date(d, lang),
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
            landing=self._value(ds, DCAT + "landingPage", lang),
            igo=self._igo(lang, un=igo_pages.un_overlap(s)))
        return self.render(request, "home.html", ctx, etag_key=("home", lang))

    # ------------------------------------------------------------------ figures: map and charts

    def question(self, name: str) -> Question | None:
        """A question by name: the served ones, else the project's own (the figures' questions)."""
        for q in self.server.served.questions:
            if q.name == name:
                return q
        path = Project.locate().queries_dir / f"{name}.rq"
        return parse_question(path) if path.is_file() else None

    def question_title(self, name: str, lang: str) -> str:
        """A served question's title in ``lang`` (``# title@fr:``), for the pages listing questions."""
        q = {q.name: q for q in self.server.served.questions}.get(name)
        return q.title_in(lang) if q else name

    def answer(self, name: str) -> Result | None:
        """The answer of one question on this build (run once, then kept)."""
        key = ("answer", name)
        if key not in self._figures:
            q = self.question(name)
            self._figures[key] = LocalStore(self.store).query(q.text, source=str(q.path)) if q else None
        return self._figures[key]  # type: ignore[return-value]

    def members(self, lang: str) -> list[worldmap.Member]:
        found = self.answer(worldmap.QUESTION)
        return worldmap.members_from_rows(found.dicts(), lambda iri: self.server.labels.get(iri, lang)) if found else []

    def world_map(self, lang: str, mode: str = "page") -> str:
        key = ("map", lang, mode)
        if key not in self._figures:
            self._figures[key] = worldmap.world_map(self.members(lang), TEXT[lang], lambda iri: self.href(iri, lang),
                                                    mode=mode)  # years are written as they are, never grouped
        return self._figures[key]  # type: ignore[return-value]

    def members_figures(self, lang: str) -> dict:
        """The map, the members not on it, and the two members charts, for a page's context."""
        members = self.members(lang)
        if not members:
            return {"world_map": None, "not_on_map": [], "chart_regions": None, "chart_accessions": None}
        return {"world_map": Markup(self.world_map(lang)), "not_on_map": worldmap.not_on_map(members),
                "region_colours": worldmap.REGION_COLOURS,
                "chart_regions": self._regions_chart(lang), "chart_accessions": self._accessions_chart(lang)}

    def _regions_chart(self, lang: str) -> Markup | None:
        key = ("regions", lang)
        if key not in self._figures:
            found = self.answer("members-per-region")
            svg = None
            if found is not None:
                bars = [charts.Bar(self.server.labels.get(r["region"].value, lang), charts.number_of(r["members"]),
                                   self.href(r["region"].value, lang)) for r in found.dicts()]
                svg = Markup(charts.bar_chart(bars, TEXT[lang]["chart_regions"], lambda v: i18n.number(v, lang),
                                              chart_id="chart-regions"))
            self._figures[key] = svg
        return self._figures[key]  # type: ignore[return-value]

    def _accessions_chart(self, lang: str) -> Markup | None:
        key = ("accessions", lang)
        if key not in self._figures:
            per_year, undated = self.answer("members-accessions-per-year"), self.answer("members-without-date")
            svg = None
            if per_year is not None and undated is not None:
                points = [(int(r["year"].value), int(r["total"].value)) for r in per_year.dicts()]
                no_year = len({r["member"].value for r in undated.dicts() if r.get("year") is None})
                svg = Markup(charts.cumulative_chart(points, no_year, TEXT[lang]["chart_accessions"], TEXT[lang],
                                                     lambda v: i18n.number(v, lang), chart_id="chart-accessions"))
            self._figures[key] = svg
        return self._figures[key]  # type: ignore[return-value]

    def chart_page(self, request: Request, lang: str, result: Result | None, query: str, selected: str,
                   error: str | None = None, status: int = 200) -> Response:
        """A bar chart of any answer with a label column and a number column."""
        svg, columns = None, None
        if result is not None and result.kind == "select":
            columns = charts.chartable(result.variables, result.rows)
            if columns is not None:
                li, ni = columns
                bars = []
                for row in result.rows:
                    label, value = row[li], row[ni]
                    text = self.server.labels.get(label.value, lang) if isinstance(label, ox.NamedNode) else label.value
                    href = self.href(label.value, lang) if isinstance(label, ox.NamedNode) else None
                    bars.append(charts.Bar(text, charts.number_of(value) or 0.0, href))
                q = self.question(selected) if selected else None
                title = q.title_in(lang) if q else TEXT[lang]["chart_title"]
                svg = Markup(charts.bar_chart(bars, f"{title} (?{result.variables[ni]})",
                                              lambda v: i18n.number(v, lang)))
        back = "/query?" + urlencode(([("question", selected)] if selected else [("query", query)])
                                     + ([("lang", lang)] if lang != "en" else []))
        ctx = self.context(request, lang, TEXT[lang]["chart"], chart=svg, error=error, back=back,
                           columns=[result.variables[i] for i in columns] if columns else None)
        return self.render(request, "chart.html", ctx, status=status)

    # ------------------------------------------------------------------ the partner card

    def embed_card(self, request: Request, lang: str) -> Response:
        from ..card import partner_card

        view = card_view(self.store, self.server.labels, lang)
        jsonld = site.json_script(partner_card(self.store, lang=lang))
        ctx = self.context(request, lang, view.name, card=view, jsonld=Markup(jsonld),
                           full_page=str(request.base_url).rstrip("/") + self.href(view.iri, lang))
        response = self.render(request, "embed_card.html", ctx, etag_key=("embed-card", lang))
        # Made to be framed by any site; nothing in it runs script.
        response.headers["Content-Security-Policy"] = ("frame-ancestors *; default-src 'none'; "
                                                       "style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'")
        return response

    # ------------------------------------------------------------------ the chart page

    def _text_of(self, name: str) -> str | None:
        q = {q.name: q for q in self.server.served.questions}.get(name)
        return q.text if q else None

    def chart_url(self, result: Result | None, selected: str, query: str, lang: str) -> str | None:
        """The chart page of an answer shown on the query page, when it has columns to chart."""
        if result is None or result.kind != "select" or charts.chartable(result.variables, result.rows) is None:
            return None
        by = [("question", selected)] if selected and query.strip() == (self._text_of(selected) or "").strip() \
            else [("query", query)]
        return "/chart?" + urlencode(by + ([("lang", lang)] if lang != "en" else []))

    def page_figures(self, template_name: str, selected: str, lang: str) -> dict:
        """What the templates show besides their own context: the members figures on the home page
        and on a ``members-*`` question's query page (template globals, so the pages' own code stays
        as it is)."""
        if template_name == "home.html" or (template_name == "query.html" and selected.startswith("members-")):
            return self.members_figures(lang)
        return {"world_map": None}

    async def run_chart_page(self, request: Request, lang: str) -> Response:
        """``/chart?question=NAME`` or ``/chart?query=…``: run it as the query page does, chart the answer."""
        limit = self.server.config.max_request_bytes
        if len(request.url.query) > limit:
            return self.chart_page(request, lang, None, "", "", status=414,
                                   error=TEXT[lang]["chart_too_long"].format(limit=i18n.number(limit, lang)))
        params = request.query_params
        query, selected = params.get("query", ""), params.get("question", "")
        if selected and not query:
            query = self._text_of(selected) or ""
            if not query:
                return self.chart_page(request, lang, None, "", "", status=404,
                                       error=TEXT[lang]["chart_no_question"].format(name=repr(selected)))
        if not query.strip():
            return self.chart_page(request, lang, None, "", "", error=TEXT[lang]["chart_no_query"], status=400)
        choices = {"results": Choice("json", "application/sparql-results+json"),
                   "graph": Choice("ntriples", "application/n-triples")}
        try:
            item = await self.server.answer(query, [], [], choices)
        except HttpError as e:
            return self.chart_page(request, lang, None, query, selected, error=e.message, status=e.status)
        result = from_sparql_json(item.body) if not item.media_type.startswith("application/n-triples") else None
        return self.chart_page(request, lang, result, query, selected)

    # ------------------------------------------------------------------ incoming links, grouped

    #: Incoming links shown per property before paging, and per page of one property.
    INCOMING_FIRST, INCOMING_PAGE = 5, 25

    def _incoming_groups(self, request: Request, view: ResourceView, lang: str) -> tuple[list[dict], int, int]:
        """The incoming links grouped by property, each with its count, the first few or one page shown.

        ``?in=N&page=P`` opens group N (from 1) at page P (from 1); a bad value opens nothing.
        """
        try:
            opened = int(request.query_params.get("in", "0"))
            page = max(1, int(request.query_params.get("page", "1")))
        except ValueError:
            opened, page = 0, 1
        groups = []
        for n, row in enumerate(view.incoming, start=1):
            total = len(row.values)
            if n == opened:
                size = self.INCOMING_PAGE
                pages = max(1, -(-total // size))
                page_here = min(page, pages)
                shown = row.values[(page_here - 1) * size: page_here * size]
            else:
                size, pages, page_here = self.INCOMING_FIRST, 1, 1
                shown = row.values[:size]

            def link(target: int, p: int) -> str:
                params = [("in", str(target)), ("page", str(p))] + ([("lang", lang)] if lang != "en" else [])
                return "?" + urlencode(params) + f"#in-{target}"

            groups.append({"n": n, "row": row, "total": total, "shown": shown, "page": page_here,
                           "pages": pages if n == opened else -(-total // self.INCOMING_PAGE),
                           "next": (link(n, page_here + 1) if n == opened and page_here < pages
                                    else link(n, 1) if n != opened and total > size else None),
                           "prev": link(n, page_here - 1) if n == opened and page_here > 1 else None})
        return groups, opened, page

    def resource_page(self, request: Request, iri: str, lang: str) -> Response:
        if iri == ONTOLOGY:
            return self.ontology_page(request, lang)
        view: ResourceView = resource_view(self.store, iri, self.server.supers)
        rest = iri[len(BASE):]
        query = (f"SELECT ?property ?value ?graph WHERE {{\n  GRAPH ?graph {{ <{iri}> ?property ?value }}\n}}\n"
                 "ORDER BY ?property ?value")
        groups, opened, page = self._incoming_groups(request, view, lang)
        ctx = self.context(
            request, lang, self.server.labels.get(iri, lang), iri=iri, view=view,
            sources=self.server.sources, alternates=[(f.label, f"/{rest}.{f.extension}") for f in RDF_FORMATS],
            query_link="/query?" + urlencode([("query", query)] + ([("lang", lang)] if lang != "en" else [])),
            graph_facts=self._graph_facts(iri) if iri.startswith(GRAPH) else None, incoming_groups=groups,
            igo=self._igo(lang, members=igo_pages.members_of(self.store, iri),
                          bodies=igo_pages.bodies_of(self.store, iri)))
        return self.render(request, "resource.html", ctx, etag_key=("resource", iri, lang, opened, page))

    def _igo(self, lang: str, **parts) -> dict:
        """The other intergovernmental bodies' part of a page (templates/igo-*.html)."""
        version, date = igo_pages.release(self.store) or ("", "")
        return {"t": igo_pages.TEXT[lang], "version": version, "date": date, **parts}

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
        from .ask import param_inputs

        questions = self.server.served.questions
        examples = [{"name": q.name, "title": q.title_in(lang) or q.name,
                     "description": q.description, "text": q.text} for q in questions]
        status = extra.pop("status", 200)
        values = extra.pop("values", {})
        extra = {"query": "", "selected": "", "result": None, "error": None, "problem": None, "seconds": None,
                 "downloads": [], "notice": "", **extra}
        if not extra["query"] and not extra["selected"] and not extra["error"] and examples:
            # The page opens with an example in the editor (not run until asked).
            first = next((q for q in questions if q.name == "headquarters"), questions[0])
            extra.update(query=first.text, selected=first.name)
        chosen = {q.name: q for q in questions}.get(extra["selected"])
        fields = param_inputs(self.server, chosen, values, lang) if chosen else []
        ctx = self.context(request, lang, TEXT[lang]["query"], examples=examples, fields=fields,
                           examples_json=Markup(json.dumps({e["name"]: e["text"] for e in examples})
                                                .replace("</", "<\\/")), **extra)
        return self.render(request, "query.html", ctx, status=status)

    async def run_query_page(self, request: Request, lang: str) -> Response:
        """Run the query of the form: a question (its parameters from the form's inputs) or the
        text in the editor. At most ``PAGE_ROWS`` rows are shown; a longer answer shows its
        first rows, says so and links the full download; one over the server's row limit is
        asked again as a subquery with a LIMIT, through the same guards and cache."""
        params = request.query_params
        query = params.get("query", "").replace("\r\n", "\n")
        selected = params.get("question", "")
        values = {k[len("param-"):]: v for k, v in params.items() if k.startswith("param-")}
        found = {q.name: q for q in self.server.served.questions}.get(selected) if selected else None
        if selected and found is None:
            from ..queries import unknown_question

            return self.query_page(request, lang, error=unknown_question(selected, [q.name for q in
                                   self.server.served.questions]), status=404)
        if found is not None and (not query.strip() or query.strip() == found.text.replace("\r\n", "\n").strip()):
            try:
                query = found.bind(values)
            except WcoKgError as e:
                return self.query_page(request, lang, query=found.text, selected=selected, values=values,
                                       error=str(e), status=400)
        elif found is not None:
            selected = ""  # the text was edited: run it as it is
        if not params.get("query") and not selected:
            return self.query_page(request, lang)
        choices = {"results": Choice("json", "application/sparql-results+json"),
                   "graph": Choice("ntriples", "application/n-triples")}
        shown_text = found.text if found is not None and selected else query
        t0 = time.perf_counter()
        notice, downloads = "", None
        client = request.client[0] if request.client else ""
        try:  # the query is read (its form included) in the worker, not on the event loop
            item = await self.server.answer(query, [], [], choices, client=client)
        except HttpError as e:
            first = _first_rows_query(query, PAGE_ROWS) if e.status == 400 and e.message.startswith(
                "answer too large") else None
            if first is None:
                return self.query_page(request, lang, query=shown_text, selected=selected, values=values,
                                       error=e.message, problem=e.problem, status=e.status, downloads=[])
            try:
                item = await self.server.answer(first, [], [], choices, client=client)
            except HttpError:
                return self.query_page(request, lang, query=shown_text, selected=selected, values=values,
                                       error=e.message, status=e.status, downloads=[])
            notice = TEXT_ASK(lang)["over_limit"].format(limit=i18n.number(self.server.config.max_rows, lang),
                                                         shown=i18n.number(PAGE_ROWS, lang))
            downloads = [(f.label, f"/dump/wco-kg.{f.extension}") for f in RDF_FORMATS]
        seconds = time.perf_counter() - t0
        if downloads is None:
            table = RDF_FORMATS if item.media_type.startswith("application/n-triples") else RESULT_FORMATS
            downloads = [(f.label, "/sparql?" + urlencode([("query", query), ("format", f.name)])) for f in table]
        if item.media_type.startswith("application/n-triples"):
            triples = [q.triple for q in ox.parse(item.body, format=rdf("ntriples"))]
            result = Result.select(["subject", "predicate", "object"],
                                   [(t.subject, t.predicate, t.object) for t in triples])
        else:
            result = from_sparql_json(item.body)
        if result.kind == "select" and len(result.rows) > PAGE_ROWS:
            total = len(result.rows)
            result = Result.select(list(result.variables), result.rows[:PAGE_ROWS])
            notice = TEXT_ASK(lang)["truncated"].format(shown=i18n.number(PAGE_ROWS, lang),
                                                         total=i18n.number(total, lang)) + " " + \
                TEXT_ASK(lang)["full_download"]
        return self.query_page(request, lang, query=shown_text, selected=selected, values=values, result=result,
                               seconds=seconds, downloads=downloads, notice=notice)


PAGE_ROWS = 1000  # rows the query page shows; the downloads have the whole answer


def TEXT_ASK(lang: str) -> dict:  # noqa: N802 - the page texts of ask.py
    from .ask import TEXT as ASK_TEXT

    return ASK_TEXT[lang]


def _first_rows_query(query: str, limit: int) -> str | None:
    """A SELECT query as a subquery of ``SELECT * { … } LIMIT n`` (its prologue kept in front),
    to show the first rows of an answer over the server's row limit; None for other forms."""
    import re

    from ..sparql_text import analyse  # the query already passed the worker's checks, so reading it is bounded

    if analyse(query).form != "SELECT":
        return None
    rest, prologue = query, []
    while True:
        m = re.match(r"\s*(#[^\n]*(\n|$)|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>)", rest, re.I)
        if not m or not m.group().strip():
            break
        prologue.append(m.group())
        rest = rest[m.end():]
    return "".join(prologue) + f"\nSELECT * WHERE {{\n{{\n{rest}\n}}\n}}\nLIMIT {limit}\n"
