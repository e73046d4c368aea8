"""The HTTP application: SPARQL 1.1 Protocol at /sparql, Linked Data for every minted IRI, web pages.

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
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import hashlib
from pathlib import Path
from urllib.parse import parse_qsl, quote

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ..namespaces import DUMP_NAME
from ..errors import HttpError
from ..export import serialize_quads
from ..formats import DOCUMENT_FORMATS, HTML, RDF_FORMATS, RESULT_FORMATS, by_extension
from ..namespaces import BASE, DESCRIPTION_GRAPH, ONTOLOGY, ONTOLOGY_GRAPH, PREFIXES, SD
from .cache import Cached, Documents, Memo, ResponseCache, etag_matches
from .config import ServerConfig
from .conneg import Choice, describe_choices, from_param, media_type_with_charset as _media, negotiate
from .served_build import ServedGraph
from .resource_view import Labels, Superterms, description, exists, graph_sources
from . import ask
from .i18n import language, request_language as _lang
from .pool import Preempted, QueryTimeout, WorkerFailed, WorkerPool
from ..sparql_text import has_dataset_clause

STATIC = Path(__file__).resolve().parent / "static"


class Server:
    """The state the routes share: the build, the workers, the cache, the page renderer."""

    def __init__(self, served: ServedGraph, config: ServerConfig):
        self.served, self.config = served, config
        self.store = served.store
        self.pool = WorkerPool(str(served.nquads_path), config.workers, allowed=config.allow_service,
                               per_client=config.per_client, egress_lifetime=config.timeout + 5, forks=served.forks)
        self.cache = ResponseCache(served.build_id, config.cache_bytes)
        self.documents = Documents(config.page_cache_bytes)
        # The same request text is read the same way each time: its URL decoding and whether it
        # names its own dataset are kept by the exact text (bounded in bytes).
        self.parameters = Memo(_parameters)
        self.dataset_clause = Memo(has_dataset_clause)
        self.exists = Memo(lambda iri: exists(self.store, iri))
        self.labels = Labels(self.store)
        self.supers = Superterms(self.store)
        self.sources = graph_sources(self.store)
        self.static = {p.relative_to(STATIC).as_posix(): p.read_bytes() for p in sorted(STATIC.rglob("*"))
                       if p.is_file()}  # vendor/ too

    @functools.cached_property
    def pages(self):
        """The page renderer, made on the first page asked for (Jinja2 is not imported before:
        the server answers queries sooner after it starts)."""
        from .pages import Pages

        return Pages(self)

    @functools.cached_property
    def asking(self):
        """The questions' API, search and the editor's terms (``ask.py``), made on first use:
        once per build, since a server serves one build."""
        from .ask import Asking

        return Asking(self)

    # ------------------------------------------------------------------ helpers

    def headers(self, etag: str | None = None, vary: str = "Accept") -> dict[str, str]:
        h = {"Cache-Control": self.config.cache_control, "Vary": vary, "X-Build-Id": self.served.build_id}
        if etag:
            h["ETag"] = etag
        return h

    def conditional(self, request: Request, body: bytes, media_type: str, etag: str,
                    vary: str = "Accept", status: int = 200) -> Response:
        """200 with the body, or 304 when a GET/HEAD's If-None-Match holds the ETag."""
        headers = self.headers(etag, vary)
        if request.method in ("GET", "HEAD") and etag_matches(request.headers.get("if-none-match"), etag):
            return Response(status_code=304, headers=headers)
        return Response(body, status_code=status, media_type=_media(media_type), headers=headers)

    # ------------------------------------------------------------------ running queries

    def formats_for(self, accept: str | None, params: list[str]) -> dict[str, Choice | None]:
        """The answer format for each kind of query: from ``format=``/``output=`` params, else Accept."""
        choices: dict[str, Choice | None] = {}
        for kind, table in (("results", RESULT_FORMATS), ("graph", RDF_FORMATS)):
            if params:
                found = [c for c in (from_param(v, table) for v in params) if c is not None]
                choices[kind] = found[0] if found else None
            else:
                choices[kind] = negotiate(accept, table)
        return choices

    async def answer(self, query: str, default_graphs: list[str], named_graphs: list[str],
                     choices: dict[str, Choice | None], request: Request | None = None,
                     client: str = "") -> Cached:
        """Check, run (or find in the cache) one query; HttpError for every refusal.

        The cache is looked up first: an answer is only ever cached after its query passed
        every check, so a hit needs no checking again.
        """
        key = request_key(query, default_graphs, named_graphs, choices)
        inm = request.headers.get("if-none-match") if request is not None and request.method in ("GET", "HEAD") \
            else None
        hit = self.cache.get(key, compacted=True) if self.cache.max_bytes else None
        if hit is not None:
            return Cached(304, b"", "", hit.etag) if etag_matches(inm, hit.etag) else hit
        etag = self.cache.etag(key)
        if etag_matches(inm, etag):
            return Cached(304, b"", "", etag)  # the client has this build's answer
        if "\x00" in query:
            raise HttpError(400, "malformed query: it contains a NUL character (a query is UTF-8 text)")
        # Every check of the query text (form, SERVICE targets, nesting) runs in the worker,
        # off the event loop and within the query's deadline (worker.check).
        req = {"query": query, "default_graphs": default_graphs, "named_graphs": named_graphs,
               "formats": {k: (c.format if c else None) for k, c in choices.items()},
               "max_rows": self.config.max_rows, "max_depth": self.config.max_depth,
               "max_bytes": self.config.max_answer_bytes,
               "dataset_clause": self.dataset_clause(query)}  # read here once, not again in the worker
        if request is not None and request.client:
            client = request.client[0]  # fairness is per address (pool.py)
        try:
            answer = await self.pool.run(req, self.config.timeout, client)
        except Preempted:
            raise HttpError(503, "the query was stopped because this client was running more queries at once than "
                                 "its share of this server's query workers while others waited; retry it",
                            {"Retry-After": "1"}) from None
        except QueryTimeout:
            raise HttpError(503, f"the query did not finish within {self.config.timeout:g} s, this server's "
                                 "limit (--timeout); make it more selective or add a LIMIT") from None
        except WorkerFailed as e:
            raise HttpError(500, f"the query engine failed: {e}") from None
        except asyncio.CancelledError:
            raise
        if answer[0] == "error":
            code, message = answer[1], answer[2]
            if code == "syntax":
                from ..query_errors import explain

                problem = explain(query, message, PREFIXES)
                raise HttpError(400, f"malformed query: {problem.one_line()}", problem=problem)
            if code == "update":
                from ..query_errors import explain

                raise HttpError(403, "SPARQL Update is refused: this endpoint is read-only",
                                problem=explain(query, "", PREFIXES))
            if code == "service":
                raise HttpError(403, message)
            if code == "nesting":
                raise HttpError(400, f"query too deeply nested: {message} (wco-kg serve --max-depth)")
            if code in ("rows", "bytes"):
                raise HttpError(400, f"answer too large: {message}")
            if code == "not-acceptable":
                table = RESULT_FORMATS if message == "results" else RDF_FORMATS
                raise HttpError(406, f"no acceptable format for this answer; this endpoint writes: "
                                     f"{describe_choices(table)}")
            raise HttpError(500, f"the query failed: {message}")
        _, kind, _fmt, body, _rows = answer
        choice = choices[kind]
        assert choice is not None
        item = Cached(200, body, choice.media_type, etag)
        if self.cache.max_bytes:
            self.cache.put(key, item)
        return item


def request_key(query: str, default_graphs: list[str], named_graphs: list[str],
                choices: dict[str, Choice | None]) -> bytes:
    """What names a query's answer in the cache and in its ETag: a 16-byte digest of the query
    text (its length first, so no two requests run together alike), the dataset and the formats.
    One pass of the hash over the text's bytes; no ``repr`` of a long query (``cache.compact``)."""
    text = query.encode("utf-8", "surrogatepass")
    h = hashlib.blake2b(len(text).to_bytes(8, "big"), digest_size=16)
    h.update(text)
    h.update(repr((tuple(default_graphs), tuple(named_graphs), choices["results"], choices["graph"])).encode(
        "utf-8", "surrogatepass"))
    return h.digest()


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


def _check_iris(iris: list[str], name: str) -> list[str]:
    for iri in iris:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise HttpError(400, f"{name}: {iri!r} is not an IRI") from None
    return iris


def _parameters(query_string: str) -> dict[str, list[str]]:
    """A URL's query string as ``{name: [values]}`` (shared through ``Server.parameters``: read only)."""
    multi: dict[str, list[str]] = {}
    for k, v in parse_qsl(query_string, keep_blank_values=True):
        multi.setdefault(k, []).append(v)
    return multi


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


def read_request(server: Server, multi: dict[str, list[str]], accept: str | None
                 ) -> tuple[str, list[str], list[str], dict[str, Choice | None]]:
    """What a protocol request that holds a query asks: the query, its dataset and the answer's
    formats (HttpError for every refusal). It depends only on the parameters and the Accept
    header, so the fast path may keep it by the raw request (``FastPath._shortcut``)."""
    if "update" in multi:
        raise HttpError(403, "SPARQL Update is refused: this endpoint is read-only")
    queries = multi.get("query", [])
    if len(queries) > 1:
        raise HttpError(400, "more than one query parameter")
    default_graphs = _check_iris(multi.get("default-graph-uri", []), "default-graph-uri")
    named_graphs = _check_iris(multi.get("named-graph-uri", []), "named-graph-uri")
    choices = server.formats_for(accept, multi.get("format", []) + multi.get("output", []))
    return queries[0], default_graphs, named_graphs, choices


async def run_query(server: Server, request: Request, multi: dict[str, list[str]]) -> Cached:
    """The answer to a protocol request that holds a query (HttpError for every refusal):
    for the route and for the fast path, which share it."""
    query, default_graphs, named_graphs, choices = read_request(server, multi, request.headers.get("accept"))
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
        return RedirectResponse(_location(path, request.url.query, choice), status_code=303,
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


def _location(path: str, query: str, choice: Choice) -> str:
    """Where a resource's IRI (``path`` without its leading slash) sends a client asking for ``choice``."""
    return f"/{path}.{by_extension_name(choice.format)}" + (f"?{query}" if query else "")


def by_extension_name(name: str) -> str:
    return next(f.extension for f in DOCUMENT_FORMATS if f.name == name)


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


# ---------------------------------------------------------------------- the fast path

class FastPath:
    """Raw ASGI in front of the application for what people and programs ask most: a GET or
    HEAD of /sparql with a query (answered from the cache or run in a worker, through the same
    ``run_query`` as the route), and a page or description already made (``cache.Documents``),
    without routing, middleware or response objects. Everything else goes on to the
    application unchanged, and so does every request the fast path does not fully handle."""

    def __init__(self, app, server: Server):
        self.app, self.server = app, server
        # A request's reading (``read_request``) and its cache key, by the raw query string
        # and Accept header: a cached answer is found without decoding, parsing or hashing
        # the query again. Bounded in bytes like every memo (``cache.Memo``).
        self.keys = Memo(self._key, max_bytes=4 * 1024 * 1024)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            if scope["path"] != "/sparql":
                item = self._document(scope)
            elif scope["query_string"]:
                item = await self._query(scope, receive)
            else:
                item = None
            if item is not None:
                status, body, headers = item
                await send({"type": "http.response.start", "status": status, "headers": headers})
                await send({"type": "http.response.body", "body": body if scope["method"] == "GET" else b""})
                return
        await self.app(scope, receive, send)

    async def _query(self, scope, receive) -> tuple[int, bytes, list] | None:
        raw = scope["query_string"]
        if len(raw) > self.server.config.max_request_bytes:
            return None  # the route says 414
        kept = self._kept(scope, raw)
        if kept is not None:
            return kept
        multi = self.server.parameters(raw.decode("latin-1"))
        if "update" not in multi and not multi.get("query"):
            return None  # the Service Description
        try:
            item = await run_query(self.server, Request(scope, receive), multi)
        except HttpError as e:
            headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in e.headers.items()]
            body = (e.message + "\n").encode()
            return e.status, body, headers + _CORS + [(b"vary", b"Origin"),
                                                      (b"content-type", b"text/plain; charset=utf-8"),
                                                      (b"content-length", str(len(body)).encode())]
        if item.status == 304:
            return 304, b"", self._headers(item.etag, "Accept")
        return self._answer(item.body, item.media_type, item.etag, "Accept", None)

    def _kept(self, scope, raw: bytes) -> tuple[int, bytes, list] | None:
        """A query's answer from the cache, as ``run_query`` and ``Server.answer`` give it,
        found by the raw request (None: not kept, or a request they refuse, so they say why).
        The first Accept and If-None-Match headers count, as Starlette's ``headers.get``."""
        cache = self.server.cache
        if not cache.max_bytes:
            return None
        accept = inm = None
        for name, value in scope["headers"]:
            if name == b"accept":
                if accept is None:
                    accept = value
            elif name == b"if-none-match":
                if inm is None:
                    inm = value.decode("latin-1")
        # Which header and which query string, unambiguously: the header's length comes first.
        key = self.keys((b"-" if accept is None else b"%d:%b" % (len(accept), accept)) + raw)
        if key is None or key not in cache:
            return None
        item = cache.get(key, compacted=True)
        return self._answer(item.body, item.media_type, item.etag, "Accept", inm)

    def _key(self, request: bytes) -> bytes | None:
        """The cache key of a raw request made by ``_kept`` (None when ``read_request`` refuses it)."""
        if request[:1] == b"-":
            accept, raw = None, request[1:]
        else:
            length, _, rest = request.partition(b":")
            accept, raw = rest[:int(length)].decode("latin-1"), rest[int(length):]
        multi = self.server.parameters(raw.decode("latin-1"))
        if "update" not in multi and not multi.get("query"):
            return None  # the Service Description
        try:
            return request_key(*read_request(self.server, multi, accept))
        except HttpError:
            return None

    def _document(self, scope) -> tuple[int, bytes, list] | None:
        """A page or description already made for this build (``cache.Documents``), as the route gave it."""
        query = scope["query_string"].decode("latin-1")
        if query not in Documents.KEPT_QUERIES:
            return None
        accept_language = inm = None
        for name, value in scope["headers"]:
            if name == b"accept-language" and accept_language is None:
                accept_language = value.decode("latin-1")
            elif name == b"if-none-match" and inm is None:
                inm = value.decode("latin-1")
        lang = language(query[5:] if query else None, accept_language or "")
        hit = self.server.documents.get(scope["path"], query, lang)
        if hit is None:
            return self._redirect(scope, query)
        body, media_type, etag, vary = hit
        return self._answer(body, media_type, etag, vary, inm)

    def _redirect(self, scope, query: str) -> tuple[int, bytes, list] | None:
        """The 303 from a resource's IRI to its page or description, as ``resource`` answers it."""
        path = scope["path"]
        if not (path.startswith(("/id/", "/graph/")) or path in ("/dataset", "/ontology")):
            return None
        try:
            if not self.server.exists(BASE + path[1:]):
                return None
        except ValueError:  # not an IRI: the route says what
            return None
        accept = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"accept"), None)
        choice = negotiate(accept, DOCUMENT_FORMATS)
        if choice is None:
            return None  # the route's 406
        location = quote(_location(path[1:], query, choice), safe=":/%#?=@[]!$&'()*+,;")  # as RedirectResponse
        return 303, b"", [(b"location", location.encode("latin-1")), (b"content-length", b"0"),
                          (b"vary", b"Accept, Origin"), *_CORS]

    def _headers(self, etag: str, vary: str) -> list[tuple[bytes, bytes]]:
        """What ``Server.headers`` and the CORS middleware write, as raw header pairs."""
        server = self.server
        return [(b"cache-control", server.config.cache_control.encode()),
                (b"vary", vary.encode() + b", Origin"), (b"x-build-id", server.served.build_id.encode()),
                (b"etag", etag.encode()), *_CORS]

    def _answer(self, body: bytes, media_type: str, etag: str, vary: str, inm: str | None):
        """The status, body and headers of a 200 (or a 304 when ``inm`` matches), as the routes write them."""
        headers = self._headers(etag, vary)
        if etag_matches(inm, etag):
            return 304, b"", headers
        headers += [(b"content-type", _media(media_type).encode()), (b"content-length", str(len(body)).encode())]
        return 200, body, headers


_CORS = [(b"access-control-allow-origin", b"*"),
         (b"access-control-expose-headers", b"ETag, Content-Type, Content-Length, Location, X-Build-Id")]


# ---------------------------------------------------------------------- the application

def create_app(served: ServedGraph, config: ServerConfig | None = None, on_ready=None) -> FastPath:
    """The ASGI application (behind the fast path). Query workers start and stop with it."""
    config = config or ServerConfig()
    server = Server(served, config)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await server.pool.start()
        # What start-up made (the store's wrappers, the routes, the modules) lives as long as the
        # server: moved out of the collector's sight, a full collection no longer walks it (it
        # took 15-20 ms, a stall for every client at that moment).
        gc.freeze()
        if on_ready is not None:
            on_ready(server)
        try:
            yield
        finally:
            await server.pool.close()

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
        routes=routes, lifespan=lifespan,
        exception_handlers={HttpError: http_error, 404: not_found, 405: method_not_allowed,
                            Exception: unexpected},
        middleware=[Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                               allow_headers=["Accept", "Content-Type", "If-None-Match", "Accept-Language"],
                               expose_headers=["ETag", "Content-Type", "Content-Length", "Location", "X-Build-Id"],
                               max_age=86400)])
    app.state.server = server
    fast = FastPath(app, server)
    fast.state = app.state  # type: ignore[attr-defined]
    return fast  # type: ignore[return-value]

