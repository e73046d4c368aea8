"""The HTTP application's routes (Starlette): SPARQL 1.1 Protocol at /sparql, Linked Data, web pages.

Routes (the project's base ``https://w3id.org/wco-kg/`` is mapped to the server's root):

===========================  ==================================================================
``/sparql``                  SPARQL 1.1 Protocol (GET, POST form, POST sparql-query); without a
                             query: the Service Description and the VoID/DCAT description
``/query``                   the query page (``?query=`` or ``?question=NAME`` runs it)
``/``                        the home page; ``/diagram.svg`` the relationships picture,
                             ``/map.svg?by=region|decade`` the members map
``/chart``                   a bar chart of an answer (``?question=NAME`` or ``?query=``)
``/embed/card``              the partner card, made for another site's iframe
``/sitemap.xml``, ``/robots.txt``, ``/.well-known/void``, ``/favicon.ico``  for crawlers
``/ontology``                303 to ``/ontology.html`` (term documentation) or ``.ttl`` etc.
``/id/…``, ``/graph/…``,     every other IRI under the base: 303 to ``<path>.html`` or
``/dataset…``                ``<path>.ttl|.jsonld|.nt|.rdf|.nq|.trig`` by the Accept header
``/dump/…``, ``/context.jsonld``  the build's files
``/questions/…``, ``/search``,  the questions as pages and as an API, search, the editor's
``/openapi.json``, …         terms, the questions as RDF: see ``ask.py``
===========================  ==================================================================

Every answer carries CORS headers; query answers, descriptions and pages carry an ETag
derived from the build id, and a matching ``If-None-Match`` gets 304.

Made on the first request the fast path (``app.FastPath``) does not answer, so Starlette is
not imported before the server answers its first query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import HttpError
from ..export import serialize_quads
from ..formats import DOCUMENT_FORMATS, HTML, RDF_FORMATS, RESULT_FORMATS, by_extension
from ..namespaces import BASE, DESCRIPTION_GRAPH, DUMP_NAME, ONTOLOGY, ONTOLOGY_GRAPH, PREFIXES, SD
from . import ask
from .cache import Cached
from .conneg import describe_choices, location, media_type_with_charset as _media, negotiate
from .i18n import request_language as _lang
from .resource_view import description

if TYPE_CHECKING:
    from .app import Server


def application(server: Server) -> Starlette:
    """The Starlette application of ``server``'s routes (its lifespan is the fast path's)."""
    read = ["GET", "HEAD"]
    routes = [
        Route("/", home, methods=read),
        Route("/sparql", sparql, methods=["GET", "HEAD", "POST"]),
        Route("/query", query_page, methods=read),
        Route("/diagram.svg", diagram, methods=read),
        Route("/static/{name:path}", static, methods=read),
        Route("/questions/", ask.questions_index, methods=read),
        Route("/questions", lambda r: RedirectResponse("/questions/", status_code=301), methods=read),
        Route("/questions/{name}.{ext}", ask.question_answer, methods=read),
        Route("/questions/{name}", ask.question_page, methods=read),
        Route("/openapi.json", ask.openapi, methods=read),
        Route("/.well-known/sparql-examples", ask.sparql_examples, methods=read),
        Route("/search", ask.search, methods=read),
        Route("/query/terms.json", ask.terms, methods=read),
        Route("/dump/{name}", dump, methods=read),
        Route("/context.jsonld", dump, methods=read, name="context"),
        Route("/map.svg", world_map, methods=read),
        Route("/chart", chart, methods=read),
        Route("/embed/card", embed_card, methods=read),
        Route("/sitemap.xml", sitemap, methods=read),
        Route("/robots.txt", robots, methods=read),
        Route("/.well-known/void", well_known_void, methods=read),
        Route("/favicon.ico", favicon, methods=read),
        Route("/{path:path}", resource, methods=read),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={HttpError: http_error, 404: not_found, 405: method_not_allowed,
                            Exception: unexpected},
        middleware=[Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                               allow_headers=["Accept", "Content-Type", "If-None-Match", "Accept-Language"],
                               expose_headers=["ETag", "Content-Type", "Content-Length", "Location", "X-Build-Id"],
                               max_age=86400)])
    app.state.server = server
    return app


# ---------------------------------------------------------------------- the protocol

async def _read_body(request: Request, limit: int) -> bytes:
    length = request.headers.get("content-length")
    if length is not None:
        try:
            if int(length) > limit:
                raise HttpError(413, f"request body of {int(length)} bytes is over this server's limit of "
                                     f"{limit} bytes (--max-request-bytes)")
        except ValueError:
            raise HttpError(400, "bad Content-Length header") from None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HttpError(413, f"request body is over this server's limit of {limit} bytes (--max-request-bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


def _charset(content_type: str) -> str | None:
    """The ``charset`` parameter of a Content-Type header, lower-cased, or None."""
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


async def sparql(request: Request) -> Response:
    server: Server = request.app.state.server
    limit = server.config.max_request_bytes
    if len(request.url.query) > limit:
        raise HttpError(414, f"query string over this server's limit of {limit} bytes; POST the query instead")
    multi = server.parameters(request.url.query)
    if request.method == "POST":
        params = [(k, v) for k, vs in multi.items() for v in vs]
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await _read_body(request, limit)
        if ctype == "application/x-www-form-urlencoded":
            try:
                params += parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
            except UnicodeDecodeError:
                raise HttpError(400, "the form is not UTF-8") from None
        elif ctype == "application/sparql-query":
            charset = _charset(request.headers.get("content-type", ""))
            if charset not in (None, "utf-8", "utf8"):
                raise HttpError(415, f"a query is UTF-8 text; charset={charset} is not accepted")
            try:
                params.append(("query", body.decode("utf-8")))
            except UnicodeDecodeError:
                raise HttpError(400, "the query is not UTF-8") from None
        elif ctype == "application/sparql-update":
            raise HttpError(403, "SPARQL Update is refused: this endpoint is read-only")
        else:
            raise HttpError(415, "POST a query as application/x-www-form-urlencoded (query=...) or as "
                                 "application/sparql-query")
        multi = {}
        for k, v in params:
            multi.setdefault(k, []).append(v)
    if "update" not in multi and not multi.get("query"):
        return service_description(request, server)
    item = await run_query(server, request, multi)
    headers = server.headers(item.etag)
    if item.status == 304:
        return Response(status_code=304, headers=headers)
    return Response(item.body, media_type=_media(item.media_type), headers=headers)


async def run_query(server: Server, request: Request, multi: dict[str, list[str]]) -> Cached:
    """The answer to a protocol request that holds a query (HttpError for every refusal)."""
    query, default_graphs, named_graphs, choices = server.read_request(multi, request.headers.get("accept"))
    return await server.answer(query, default_graphs, named_graphs, choices, request)


def service_description(request: Request, server: Server) -> Response:
    """The SPARQL 1.1 Service Description of this endpoint, with the dataset's VoID/DCAT description."""
    choice = negotiate(request.headers.get("accept"), (HTML, *RDF_FORMATS))
    if choice is None:
        raise HttpError(406, f"no acceptable format; this endpoint describes itself in: "
                             f"{describe_choices(RDF_FORMATS)}, or text/html")
    if choice.format == "html":
        return server.pages.query_page(request, _lang(request))
    endpoint = str(request.url.replace(query="", fragment=""))
    n, ep = ox.NamedNode, ox.NamedNode(endpoint)
    ds = ox.NamedNode(BASE + "dataset")
    rdf_type = n(PREFIXES["rdf"] + "type")
    triples = [ox.Triple(ep, rdf_type, n(SD + "Service")),
               ox.Triple(ep, n(SD + "endpoint"), ep),
               ox.Triple(ep, n(SD + "supportedLanguage"), n(SD + "SPARQL11Query")),
               ox.Triple(ep, n(SD + "feature"), n(SD + "UnionDefaultGraph")),
               ox.Triple(ep, n(SD + "defaultDataset"), ds),
               ox.Triple(ds, rdf_type, n(SD + "Dataset"))]
    if server.config.allow_service:
        triples.append(ox.Triple(ep, n(SD + "feature"), n(SD + "BasicFederatedQuery")))
    for f in (*RESULT_FORMATS, *RDF_FORMATS):
        if f.iri:
            triples.append(ox.Triple(ep, n(SD + "resultFormat"), n(f.iri)))
    default = ox.BlankNode("defaultGraph")
    triples += [ox.Triple(ds, n(SD + "defaultGraph"), default), ox.Triple(default, rdf_type, n(SD + "Graph"))]
    graphs = sorted(g.value for g in server.store.named_graphs() if isinstance(g, ox.NamedNode))
    for i, g in enumerate(graphs):
        named = ox.BlankNode(f"namedGraph{i}")
        triples += [ox.Triple(ds, n(SD + "namedGraph"), named), ox.Triple(named, rdf_type, n(SD + "NamedGraph")),
                    ox.Triple(named, n(SD + "name"), n(g))]
    triples += [q.triple for q in server.store.quads_for_pattern(None, None, None, n(DESCRIPTION_GRAPH))]
    body = serialize_quads((ox.Quad(t.subject, t.predicate, t.object) for t in triples), choice.format)
    etag = server.cache.etag(("service-description", endpoint, choice))
    return server.conditional(request, body, choice.media_type, etag)


# ---------------------------------------------------------------------- Linked Data

async def resource(request: Request) -> Response:
    """Any IRI under the base: 303 to a document by the Accept header, or the document itself."""
    server: Server = request.app.state.server
    path = request.url.path.lstrip("/")
    iri = BASE + path
    try:
        ox.NamedNode(iri)  # a path that is no IRI (a space, a NUL, ...) names nothing here
    except ValueError:
        raise HttpError(404, "this path is not an IRI in this graph") from None
    if path and server.exists(iri):
        choice = negotiate(request.headers.get("accept"), DOCUMENT_FORMATS)
        if choice is None:
            raise HttpError(406, f"no acceptable format; {iri} is described in: "
                                 f"{describe_choices(DOCUMENT_FORMATS)}")
        return RedirectResponse(location(path, request.url.query, choice), status_code=303,
                                headers={"Vary": "Accept"})
    stem, dot, ext = path.rpartition(".")
    fmt = by_extension(ext, DOCUMENT_FORMATS) if dot and stem else None
    if fmt is None or not server.exists(BASE + stem):
        raise HttpError(404, f"{iri} is not in this graph")
    iri = BASE + stem
    lang = _lang(request)
    return server.documents.serve(request, lang, lambda: _document(request, server, iri, fmt, lang))


def _document(request: Request, server: Server, iri: str, fmt, lang: str) -> Response:
    """A resource's page (``fmt`` html) or its description in an RDF format, made afresh."""
    if fmt.name == "html":
        return server.pages.resource_page(request, iri, lang)
    quads = (list(server.store.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH)))
             if iri == ONTOLOGY else description(server.store, iri))
    etag = server.cache.etag(("document", iri, fmt.name))
    return server.conditional(request, serialize_quads(quads, fmt), fmt.media_type, etag)


# ---------------------------------------------------------------------- files and pages

async def dump(request: Request) -> Response:
    server: Server = request.app.state.server
    name = request.path_params.get("name", "context.jsonld")
    body = server.served.files.get(name)
    if body is None or not (name.startswith(DUMP_NAME + ".") or name in ("context.jsonld", "void.ttl", "card.jsonld", "sparql-examples.ttl")):
        raise HttpError(404, f"no file {name!r} in this build")
    fmt = by_extension(name.rpartition(".")[2], RDF_FORMATS)
    media_type = fmt.media_type if fmt else "application/ld+json"
    return server.conditional(request, body, media_type, server.cache.etag(("file", name)), vary="Accept-Encoding")


async def static(request: Request) -> Response:
    server: Server = request.app.state.server
    name = request.path_params["name"]
    body = server.static.get(name)
    if body is None:
        raise HttpError(404, f"no static file {name!r}")
    media_type = {"css": "text/css", "js": "application/javascript", "svg": "image/svg+xml",
                  "json": "application/json"}.get(
        name.rpartition(".")[2], "application/octet-stream")
    return server.conditional(request, body, media_type, server.cache.etag(("static", name)), vary="Accept-Encoding")


async def home(request: Request) -> Response:
    server: Server = request.app.state.server
    lang = _lang(request)
    return server.documents.serve(request, lang, lambda: server.pages.home(request, lang))


async def query_page(request: Request) -> Response:
    return await request.app.state.server.pages.run_query_page(request, _lang(request))


async def diagram(request: Request) -> Response:
    server: Server = request.app.state.server
    lang = _lang(request)
    body = server.pages.diagram(lang).encode()
    return server.conditional(request, body, "image/svg+xml", server.cache.etag(("diagram", lang)),
                              vary="Accept-Language")


async def world_map(request: Request) -> Response:
    server: Server = request.app.state.server
    lang = _lang(request)
    mode = request.query_params.get("by", "region")
    if mode not in ("region", "decade"):
        raise HttpError(400, f"by={mode!r}: the map is coloured by region or by decade")
    body = server.pages.world_map(lang, mode).encode()
    return server.conditional(request, body, "image/svg+xml", server.cache.etag(("map", lang, mode)),
                              vary="Accept-Language")


async def chart(request: Request) -> Response:
    return await request.app.state.server.pages.run_chart_page(request, _lang(request))


async def embed_card(request: Request) -> Response:
    return request.app.state.server.pages.embed_card(request, _lang(request))


async def sitemap(request: Request) -> Response:
    from .site import sitemap as make

    server: Server = request.app.state.server
    base = str(request.base_url)
    return server.conditional(request, make(server.store, base), "application/xml",
                              server.cache.etag(("sitemap", base)), vary="Host")


async def robots(request: Request) -> Response:
    from .site import robots as make

    server: Server = request.app.state.server
    base = str(request.base_url)
    return server.conditional(request, make(base), "text/plain", server.cache.etag(("robots", base)), vary="Host")


async def well_known_void(request: Request) -> Response:
    """The VoID description where VoID says a crawler looks for it (RFC 8615 ``/.well-known/void``)."""
    server: Server = request.app.state.server
    body = server.served.files.get("void.ttl")
    if body is None:
        raise HttpError(404, "this build has no void.ttl")
    return server.conditional(request, body, "text/turtle", server.cache.etag(("file", "void.ttl")))


async def favicon(request: Request) -> Response:
    server: Server = request.app.state.server
    return server.conditional(request, server.static["favicon.svg"], "image/svg+xml",
                              server.cache.etag(("static", "favicon.svg")), vary="Accept-Encoding")


# ---------------------------------------------------------------------- errors

def _error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HttpError)
    return _error_response(exc.status, exc.message, exc.headers)


async def not_found(request: Request, exc: Exception) -> Response:
    return _error_response(404, f"{request.url.path}: no such page")


async def method_not_allowed(request: Request, exc: Exception) -> Response:
    return _error_response(405, f"{request.method} is not allowed on {request.url.path}")


async def unexpected(request: Request, exc: Exception) -> Response:
    """A bug: one line in the log (no trace, no path) and a 500 that says nothing of the inside."""
    import sys

    print(f"wco-kg serve: error: {type(exc).__name__} answering {request.method} {request.url.path[:200]!r}",
          file=sys.stderr, flush=True)
    return _error_response(500, "internal error")
