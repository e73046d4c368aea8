"""Asking without writing SPARQL: the questions as pages and as an API, search, the editor's term list.

Routes (registered by ``app.create_app``):

=================================  ===========================================================
``/questions/``                    the questions, with their titles, descriptions, parameters
``/questions/NAME``                one question: its form, its query, its API links
``/questions/NAME.json|.csv|.srj`` its answer, parameters in the query string (``?year=2015``):
                                   ``.srj`` SPARQL 1.1 JSON, ``.csv`` SPARQL CSV, ``.json`` plain
                                   rows (``{"variables": [...], "rows": [{var: value}]}``)
``/openapi.json``                  the OpenAPI 3.1 description of the questions' API
``/.well-known/sparql-examples``   the questions as RDF (``examples_rdf.py``), Turtle or by Accept
``/search?q=``                     resources by name (HTML, or JSON with ``format=json`` / Accept)
``/query/terms.json``              the editor's completion list: prefixes, classes, properties,
                                   resources with their English and French labels
=================================  ===========================================================

A question's answer goes through ``Server.answer``, the code path of ``/sparql``: the same
guards (SERVICE, Update, timeout, row limit) and the same cache and ETags.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response

from ..errors import UsageError
from ..examples_rdf import examples_quads
from ..export import serialize_quads
from ..formats import HTML, JSON, RDF_FORMATS
from ..namespaces import ENDPOINT, PREFIXES
from ..queries import Question, unknown_question
from ..results import from_sparql_json
from .conneg import Choice, describe_choices, negotiate

if TYPE_CHECKING:
    from .app import Server

EXTENSIONS = {"srj": Choice("json", "application/sparql-results+json"), "csv": Choice("csv", "text/csv"),
              "json": Choice("json", "application/json")}
GRAPH_EXTENSIONS = {"json": Choice("jsonld", "application/ld+json"), "ttl": Choice("turtle", "text/turtle"),
                    "srj": None, "csv": None}


class Asking:
    """What the routes of this module share: the questions by name, the search index, the examples."""

    def __init__(self, server: "Server"):
        self.server = server
        from ..search import SearchIndex  # (with sqlite3: imported by the first search, not at start-up)

        self.questions: dict[str, Question] = {q.name: q for q in server.served.questions}
        self.index = SearchIndex(server.store)
        self.examples = examples_quads(server.served.questions, ENDPOINT)
        terms = {"prefixes": dict(sorted(PREFIXES.items())), "terms": self.index.completions()}
        self.terms_json = json.dumps(terms, ensure_ascii=False, separators=(",", ":")).encode()

    def question(self, name: str) -> Question:
        """The question called ``name``, or a 404 naming the nearest ones."""
        from ..errors import HttpError

        found = self.questions.get(name)
        if found is None:
            raise HttpError(404, unknown_question(name, list(self.questions)))
        return found

    def bind(self, question: Question, params: dict[str, str]) -> str:
        from ..errors import HttpError

        try:
            return question.bind(params)
        except UsageError as e:
            raise HttpError(400, str(e)) from None


def _params(request: Request) -> dict[str, str]:
    """The query string's parameters (as /sparql, refused over the server's request limit)."""
    from ..errors import HttpError

    limit = request.app.state.server.config.max_request_bytes
    if len(request.url.query) > limit:
        raise HttpError(414, f"query string over this server's limit of {limit} bytes")
    return {k: v for k, v in request.query_params.items() if k not in ("lang", "format")}


async def question_answer(request: Request) -> Response:
    """``/questions/NAME.EXT``: the question's answer with the parameters of the query string."""
    from ..errors import HttpError
    from .conneg import media_type_with_charset as _media

    server: Server = request.app.state.server
    asking: Asking = server.asking
    name, ext = request.path_params["name"], request.path_params["ext"]
    question = asking.question(name)
    if ext not in EXTENSIONS and ext not in GRAPH_EXTENSIONS:
        raise HttpError(404, f"/questions/{name}.{ext}: no such format; this API answers .json, .csv and .srj")
    text = asking.bind(question, _params(request))
    choices = {"results": EXTENSIONS.get(ext), "graph": GRAPH_EXTENSIONS.get(ext)}
    item = await server.answer(text, [], [], choices, request)
    headers = server.headers(item.etag)
    if item.status == 304:
        return Response(status_code=304, headers=headers)
    body = item.body
    if ext == "json" and item.media_type.startswith("application/json"):
        body = plain_json(question, _params(request), body)
    media = {"srj": "application/sparql-results+json", "csv": "text/csv", "json": "application/json"}.get(
        ext, item.media_type)
    if item.media_type.startswith(("application/ld+json", "text/turtle")):
        media = item.media_type
    return Response(body, media_type=_media(media), headers=headers)


def plain_json(question: Question, params: dict[str, str], srj: bytes) -> bytes:
    """A SPARQL JSON answer as plain rows: each value its lexical form (a number for numbers)."""
    result = from_sparql_json(srj)
    numeric = {"integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger", "positiveInteger"}

    def value(term):
        if term is None:
            return None
        if isinstance(term, ox.Literal) and term.datatype.value.rsplit("#", 1)[-1] in numeric:
            try:
                number = float(term.value)
                return int(number) if number.is_integer() and "." not in term.value else number
            except ValueError:
                return term.value
        return term.value

    doc = {"question": question.name, "title": question.title,
           "parameters": {p.name: params.get(p.name, p.default) for p in question.params}}
    if result.kind == "ask":
        doc["boolean"] = result.boolean
    else:
        doc["variables"] = list(result.variables)
        doc["rows"] = [{v: value(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode()


# ---------------------------------------------------------------------- pages

TEXT = {
    "en": {"search": "Search", "search_hint": "Search names, acronyms, codes…", "search_results": "Search",
           "no_hits": "Nothing has that name.", "type": "Type", "matched": "Matched", "all_questions": "Questions",
           "questions_lead": "Ready-made questions, each a SPARQL query with its checked answer. Each can be "
                             "asked here, as a form, or by a script (JSON, CSV, SPARQL JSON).",
           "parameters": "Parameters", "api": "API", "as_rdf": "These questions as RDF",
           "openapi": "OpenAPI description", "ask": "Ask", "truncated": "Showing the first {shown} rows of {total}.",
           "over_limit": "The answer has more than {limit} rows, this server's limit: showing the first {shown}. "
                         "Add a LIMIT (and OFFSET) to page through it, or download the whole graph:",
           "full_download": "The full answer:", "example": "Example", "hint_completion": "Ctrl+Space completes "
           "prefixes, classes, properties and resources of this graph.", "the_default": "default",
           "edit_query": "Edit the query"},
    "fr": {"search": "Rechercher", "search_hint": "Chercher un nom, un sigle, un code…", "search_results": "Recherche",
           "no_hits": "Rien ne porte ce nom.", "type": "Type", "matched": "Trouvé", "all_questions": "Questions",
           "questions_lead": "Des questions prêtes à poser, chacune une requête SPARQL dont la réponse est "
                             "vérifiée. Posez-les ici, par un formulaire, ou par un script (JSON, CSV, JSON SPARQL).",
           "parameters": "Paramètres", "api": "API", "as_rdf": "Ces questions en RDF",
           "openapi": "Description OpenAPI", "ask": "Demander",
           "truncated": "Les {shown} premières lignes sur {total}.",
           "over_limit": "La réponse a plus de {limit} lignes, la limite de ce serveur : voici les {shown} "
                         "premières. Ajoutez LIMIT (et OFFSET) pour la parcourir, ou téléchargez tout le graphe :",
           "full_download": "La réponse complète :", "example": "Exemple", "hint_completion": "Ctrl+Espace "
           "complète les préfixes, classes, propriétés et ressources de ce graphe.", "the_default": "par défaut",
           "edit_query": "Modifier la requête"},
}


def param_inputs(server: "Server", question: Question, values: dict[str, str], lang: str) -> list[dict]:
    """One typed input per ``# param:``: a year, a date, a number, or a choice among labelled resources."""
    out = []
    for p in question.params:
        value = values.get(p.name, p.default)
        field = {"name": p.name, "label": p.description or p.name, "value": value, "default": p.default,
                 "datatype": p.datatype, "kind": "text", "options": []}
        if p.datatype == "gYear":
            field.update(kind="number", min="1800", max="2100", step="1")
        elif p.datatype == "date":
            field.update(kind="date")
        elif p.datatype in ("integer", "decimal"):
            field.update(kind="number", step="1" if p.datatype == "integer" else "any")
        elif p.datatype == "iri":
            field.update(kind="select", options=_resource_choices(server, p.term(p.default).value, lang))
            short = {o["value"] for o in field["options"]}
            if value not in short:
                field["options"].insert(0, {"value": value, "label": value})
        out.append(field)
    return out


def _resource_choices(server: "Server", default: str, lang: str) -> list[dict]:
    """The resources of the default's types (with their labels), else every named resource."""
    from ..namespaces import shorten

    index = server.asking.index
    types = set(index.types.get(default, ()))
    iris = [i for i, ts in index.types.items() if types & set(ts)] if types else []
    if len(iris) < 2:
        iris = list(index.types)
    options = [{"value": shorten(i).strip("<>"), "label": server.labels.get(i, lang)} for i in iris]
    return sorted(options, key=lambda o: o["label"].casefold())[:500]


async def questions_index(request: Request) -> Response:
    from .i18n import request_language as _lang

    server: Server = request.app.state.server
    lang = _lang(request)
    pages = server.pages
    items = [{"q": q, "title": _title(q, lang), "description": _description(q, lang)}
             for q in server.asking.questions.values()]
    ctx = pages.context(request, lang, TEXT[lang]["all_questions"], items=items)
    return pages.render(request, "questions.html", ctx, etag_key=("questions", lang))


async def question_page(request: Request) -> Response:
    from .i18n import request_language as _lang

    server: Server = request.app.state.server
    question = server.asking.question(request.path_params["name"])
    lang = _lang(request)
    values = _params(request)
    ctx = server.pages.context(request, lang, _title(question, lang), q=question,
                               description=_description(question, lang),
                               fields=param_inputs(server, question, values, lang))
    return server.pages.render(request, "question.html", ctx, etag_key=("question", question.name, lang))


def _title(q: Question, lang: str) -> str:
    return q.title_in(lang) or q.name


def _description(q: Question, lang: str) -> str:
    return q.description_in(lang)


async def search(request: Request) -> Response:
    """``/search?q=``: HTML, or JSON (``format=json`` or an Accept that prefers JSON)."""
    from ..errors import HttpError
    from .i18n import request_language as _lang

    server: Server = request.app.state.server
    _params(request)  # the request limit
    text = request.query_params.get("q", "")
    fmt = request.query_params.get("format", "")
    if fmt not in ("", "json", "html"):
        raise HttpError(400, f"format={fmt[:40]!r}: this page is html or json")
    chosen = negotiate(request.headers.get("accept"), (HTML, JSON))
    want_json = fmt == "json" or (not fmt and chosen is not None and chosen.format == "json")
    try:
        hits = server.asking.index.search(text, limit=50)
    except ValueError:
        from ..search import MAX_QUERY

        raise HttpError(400, f"the search text is over {MAX_QUERY} characters") from None
    lang = _lang(request)
    if want_json:
        body = json.dumps({"q": text, "hits": [dict(h.as_json(), page=server.pages.href(h.iri, lang),
                                                    label=server.labels.get(h.iri, lang)) for h in hits]},
                          ensure_ascii=False, indent=1).encode()
        return server.conditional(request, body, "application/json",
                                  server.cache.etag(("search", text, "json", lang)), vary="Accept, Accept-Language")
    pages = server.pages
    ctx = pages.context(request, lang, TEXT[lang]["search_results"], q=text, hits=hits)
    return pages.render(request, "search.html", ctx, etag_key=("search", text, lang))


async def terms(request: Request) -> Response:
    server: Server = request.app.state.server
    return server.conditional(request, server.asking.terms_json, "application/json", server.cache.etag(("terms",)),
                              vary="Accept-Encoding")


async def sparql_examples(request: Request) -> Response:
    from ..errors import HttpError

    server: Server = request.app.state.server
    choice = negotiate(request.headers.get("accept"), RDF_FORMATS)
    if choice is None:
        raise HttpError(406, f"no acceptable format; the examples are written in: {describe_choices(RDF_FORMATS)}")
    body = serialize_quads(server.asking.examples, choice.format)
    return server.conditional(request, body, choice.media_type, server.cache.etag(("examples", choice)))


async def openapi(request: Request) -> Response:
    server: Server = request.app.state.server
    body = json.dumps(openapi_document(list(server.asking.questions.values()), str(request.base_url).rstrip("/")),
                      ensure_ascii=False, indent=1).encode()
    return server.conditional(request, body, "application/json", server.cache.etag(("openapi", str(request.base_url))))


_SCHEMA_OF = {"gYear": {"type": "string", "pattern": "^-?[0-9]{4,}$"}, "date": {"type": "string", "format": "date"},
              "integer": {"type": "integer"}, "decimal": {"type": "number"}, "boolean": {"type": "boolean"},
              "string": {"type": "string"}, "iri": {"type": "string", "description": "an IRI or prefix:name"}}


def openapi_document(questions: list[Question], server_url: str) -> dict:
    """OpenAPI 3.1: one GET operation per question and format, its ``# param:`` lines as query parameters."""
    paths: dict = {}
    error = {"description": "a bad parameter, a malformed query, an answer over the server's limits "
                            "(one line of text)", "content": {"text/plain": {"schema": {"type": "string"}}}}
    for q in questions:
        params = [{"name": p.name, "in": "query", "required": False, "description": p.description or p.name,
                   "schema": dict(_SCHEMA_OF.get(p.datatype, {"type": "string"}), default=p.default)}
                  for p in q.params]
        for ext, media, what in (("json", "application/json", "rows as plain JSON"),
                                 ("csv", "text/csv", "SPARQL 1.1 CSV"),
                                 ("srj", "application/sparql-results+json", "SPARQL 1.1 Query Results JSON")):
            schema = {"$ref": "#/components/schemas/PlainAnswer"} if ext == "json" else {"type": "string"}
            paths[f"/questions/{q.name}.{ext}"] = {"get": {
                "operationId": f"{q.name.replace('-', '_')}_{ext}", "summary": q.title or q.name,
                "description": q.description or q.title or q.name, "tags": ["questions"], "parameters": params,
                "responses": {"200": {"description": what, "content": {media: {"schema": schema}}},
                              "304": {"description": "not modified (If-None-Match matched the ETag)"},
                              "400": error, "404": error, "503": error}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "wco-kg questions", "version": "1",
                 "description": "The ready-made questions about the World Customs Organization's partner profile, "
                                "answered as JSON, CSV or SPARQL JSON. Each is a SPARQL query "
                                "(/questions/NAME shows it) run on this server's SPARQL endpoint with the same "
                                "limits; the same questions as RDF: /.well-known/sparql-examples.",
                 "license": {"name": "CC BY 4.0 (data)", "url": "https://creativecommons.org/licenses/by/4.0/"}},
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {"schemas": {"PlainAnswer": {
            "type": "object", "required": ["question", "parameters"],
            "properties": {"question": {"type": "string"}, "title": {"type": "string"},
                           "parameters": {"type": "object"}, "variables": {"type": "array", "items": {"type": "string"}},
                           "rows": {"type": "array", "items": {"type": "object"}}, "boolean": {"type": "boolean"}}}}},
    }
