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
===========================  ==================================================================

Every answer carries CORS headers; query answers, descriptions and pages carry an ETag
derived from the build id, and a matching ``If-None-Match`` gets 304.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections import OrderedDict
from pathlib import Path
from urllib.parse import parse_qsl

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
from .cache import Cached, ResponseCache, compact, etag_matches
from .config import ServerConfig
from .conneg import Choice, describe_choices, from_param, negotiate
from .served_build import ServedGraph
from .resource_view import Labels, Superterms, description, exists, graph_sources
from .pool import Preempted, QueryTimeout, WorkerFailed, WorkerPool

STATIC = Path(__file__).resolve().parent / "static"
TEXT_TYPES = ("text/", "application/sparql-results+json", "application/sparql-results+xml",
              "application/ld+json", "application/n-triples", "application/n-quads", "application/trig",
              "application/rdf+xml", "application/json", "image/svg+xml", "application/javascript")


def _media(media_type: str) -> str:
    return media_type + "; charset=utf-8" if media_type.startswith(TEXT_TYPES) else media_type


class Server:
    """The state the routes share: the build, the workers, the cache, the page renderer."""

    def __init__(self, served: ServedGraph, config: ServerConfig):
        self.served, self.config = served, config
        self.store = served.store
        self.pool = WorkerPool(str(served.nquads_path), config.workers, allowed=config.allow_service,
                               per_client=config.per_client, egress_lifetime=config.timeout + 5)
        self.cache = ResponseCache(served.build_id, config.cache_bytes)
        self.labels = Labels(self.store)
        self.supers = Superterms(self.store)
        self.sources = graph_sources(self.store)
        self.static = {p.name: p.read_bytes() for p in STATIC.iterdir() if p.is_file()}
        from .pages import Pages

        self.pages = Pages(self)

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
        key = (query, tuple(default_graphs), tuple(named_graphs), choices["results"], choices["graph"])
        etag = self.cache.etag(key)
        if request is not None and request.method in ("GET", "HEAD") and \
                etag_matches(request.headers.get("if-none-match"), etag):
            hit = self.cache.get(key)
            if hit is not None:
                return Cached(304, b"", "", etag)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        if request is not None and request.method in ("GET", "HEAD") and \
                etag_matches(request.headers.get("if-none-match"), etag):
            return Cached(304, b"", "", etag)  # the client has this build's answer
        if "\x00" in query:
            raise HttpError(400, "malformed query: it contains a NUL character (a query is UTF-8 text)")
        # Every check of the query text (form, SERVICE targets, nesting) runs in the worker,
        # off the event loop and within the query's deadline (worker.check).
        req = {"query": query, "default_graphs": default_graphs, "named_graphs": named_graphs,
               "formats": {k: (c.format if c else None) for k, c in choices.items()},
               "max_rows": self.config.max_rows, "max_depth": self.config.max_depth}
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
                raise HttpError(400, f"malformed query: {message}")
            if code == "update":
                raise HttpError(403, "SPARQL Update is refused: this endpoint is read-only")
            if code == "service":
                raise HttpError(403, message)
            if code == "nesting":
                raise HttpError(400, f"query too deeply nested: {message} (wco-kg serve --max-depth)")
            if code == "rows":
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
        self.cache.put(key, item)
        return item


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


async def sparql(request: Request) -> Response:
    server: Server = request.app.state.server
    limit = server.config.max_request_bytes
    if len(request.url.query) > limit:
        raise HttpError(414, f"query string over this server's limit of {limit} bytes; POST the query instead")
    params = parse_qsl(request.url.query, keep_blank_values=True)
    if request.method == "POST":
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
    multi: dict[str, list[str]] = {}
    for k, v in params:
        multi.setdefault(k, []).append(v)
    if "update" in multi:
        raise HttpError(403, "SPARQL Update is refused: this endpoint is read-only")
    queries = multi.get("query", [])
    if len(queries) > 1:
        raise HttpError(400, "more than one query parameter")
    if not queries:
        return service_description(request, server)
    default_graphs = _check_iris(multi.get("default-graph-uri", []), "default-graph-uri")
    named_graphs = _check_iris(multi.get("named-graph-uri", []), "named-graph-uri")
    choices = server.formats_for(request.headers.get("accept"), multi.get("format", []) + multi.get("output", []))
    item = await server.answer(queries[0], default_graphs, named_graphs, choices, request)
    headers = server.headers(item.etag)
    if item.status == 304:
        return Response(status_code=304, headers=headers)
    return Response(item.body, media_type=_media(item.media_type), headers=headers)


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
    graphs = sorted({q.graph_name.value for q in server.store.quads_for_pattern(None, None, None, None)
                     if isinstance(q.graph_name, ox.NamedNode)})
    for i, g in enumerate(graphs):
        named = ox.BlankNode(f"namedGraph{i}")
        triples += [ox.Triple(ds, n(SD + "namedGraph"), named), ox.Triple(named, rdf_type, n(SD + "NamedGraph")),
                    ox.Triple(named, n(SD + "name"), n(g))]
    triples += [q.triple for q in server.store.quads_for_pattern(None, None, None, n(DESCRIPTION_GRAPH))]
    body = serialize_quads((ox.Quad(t.subject, t.predicate, t.object) for t in triples), choice.format)
    etag = server.cache.etag(("service-description", endpoint, choice))
    return server.conditional(request, body, choice.media_type, etag)


# ---------------------------------------------------------------------- Linked Data

def _lang(request: Request) -> str:
    lang = request.query_params.get("lang")
    if lang in ("en", "fr"):
        return lang
    accepted = request.headers.get("accept-language", "")
    best, best_q = "en", 0.0
    for part in accepted.split(","):
        tag, _, q = part.strip().partition(";q=")
        tag = tag.strip().lower()[:2]
        try:
            qv = float(q) if q else 1.0
        except ValueError:
            qv = 0.0
        if tag in ("en", "fr") and qv > best_q:
            best, best_q = tag, qv
    return best


async def resource(request: Request) -> Response:
    """Any IRI under the base: 303 to a document by the Accept header, or the document itself."""
    server: Server = request.app.state.server
    path = request.url.path.lstrip("/")
    iri = BASE + path
    try:
        ox.NamedNode(iri)  # a path that is no IRI (a space, a NUL, ...) names nothing here
    except ValueError:
        raise HttpError(404, "this path is not an IRI in this graph") from None
    if path and exists(server.store, iri):
        choice = negotiate(request.headers.get("accept"), DOCUMENT_FORMATS)
        if choice is None:
            raise HttpError(406, f"no acceptable format; {iri} is described in: "
                                 f"{describe_choices(DOCUMENT_FORMATS)}")
        ext = by_extension_name(choice.format)
        location = f"/{path}.{ext}" + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(location, status_code=303, headers={"Vary": "Accept"})
    stem, dot, ext = path.rpartition(".")
    fmt = by_extension(ext, DOCUMENT_FORMATS) if dot and stem else None
    if fmt is None or not exists(server.store, BASE + stem):
        raise HttpError(404, f"{iri} is not in this graph")
    iri = BASE + stem
    lang = _lang(request)
    if fmt.name == "html":
        return server.pages.resource_page(request, iri, lang)
    quads = (list(server.store.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH)))
             if iri == ONTOLOGY else description(server.store, iri))
    etag = server.cache.etag(("document", iri, fmt.name))
    return server.conditional(request, serialize_quads(quads, fmt), fmt.media_type, etag)


def by_extension_name(name: str) -> str:
    return next(f.extension for f in DOCUMENT_FORMATS if f.name == name)


# ---------------------------------------------------------------------- files and pages

async def dump(request: Request) -> Response:
    server: Server = request.app.state.server
    name = request.path_params.get("name", "context.jsonld")
    body = server.served.files.get(name)
    if body is None or not (name.startswith(DUMP_NAME + ".") or name in ("context.jsonld", "void.ttl", "card.jsonld")):
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
    media_type = {"css": "text/css", "js": "application/javascript", "svg": "image/svg+xml"}.get(
        name.rpartition(".")[2], "application/octet-stream")
    return server.conditional(request, body, media_type, server.cache.etag(("static", name)), vary="Accept-Encoding")


async def home(request: Request) -> Response:
    return request.app.state.server.pages.home(request, _lang(request))


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

class CachedAnswers:
    """Raw ASGI in front of the application: a GET or HEAD of /sparql whose answer is in the
    cache is answered here, without routing, middleware or request objects (the benchmark's
    hot path). Everything else, and every miss, goes on to the application unchanged."""

    #: The memo of cache keys, in bytes of the texts it holds (keys and values counted).
    MEMO_BYTES = 4 * 1024 * 1024

    def __init__(self, app, server: Server):
        self.app, self.server = app, server
        # (query string, Accept) -> (cache key, bytes counted); least recently used first.
        self._keys: OrderedDict[object, tuple[tuple | None, int]] = OrderedDict()
        self._memo_bytes = 0

    def _key(self, raw: bytes, accept: str | None) -> tuple | None:
        size = len(raw) + len(accept or "")
        memo: object = (raw, accept) if size <= 512 else hashlib.blake2b(
            raw + b"\x00" + (accept or "").encode("latin-1"), digest_size=16).digest()
        found = self._keys.get(memo)
        if found is not None:
            self._keys.move_to_end(memo)
            return found[0]
        multi: dict[str, list[str]] = {}
        for k, v in parse_qsl(raw.decode("latin-1"), keep_blank_values=True, encoding="utf-8"):
            multi.setdefault(k, []).append(v)
        queries = multi.get("query", [])
        key = None
        if len(queries) == 1 and "update" not in multi:
            choices = self.server.formats_for(accept, multi.get("format", []) + multi.get("output", []))
            key = compact((queries[0], tuple(multi.get("default-graph-uri", [])),
                           tuple(multi.get("named-graph-uri", [])), choices["results"], choices["graph"]))
        cost = (size if size <= 512 else 16) + (2 * size if key is not None else 0) + 200
        if cost <= self.MEMO_BYTES // 8:
            self._keys[memo] = (key, cost)
            self._memo_bytes += cost
            while self._memo_bytes > self.MEMO_BYTES:
                _, (_, old) = self._keys.popitem(last=False)
                self._memo_bytes -= old
        return key

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["path"] == "/sparql" and scope["method"] in ("GET", "HEAD") \
                and scope["query_string"] and self.server.cache.max_bytes:
            item = self._lookup(scope)
            if item is not None:
                status, body, headers = item
                await send({"type": "http.response.start", "status": status, "headers": headers})
                await send({"type": "http.response.body", "body": body if scope["method"] == "GET" else b""})
                return
        await self.app(scope, receive, send)

    def _lookup(self, scope) -> tuple[int, bytes, list] | None:
        server = self.server
        raw = scope["query_string"]
        if len(raw) > server.config.max_request_bytes:
            return None
        accept = inm = None
        for name, value in scope["headers"]:
            if name == b"accept" and accept is None:
                accept = value.decode("latin-1")
            elif name == b"if-none-match" and inm is None:
                inm = value.decode("latin-1")
        key = self._key(raw, accept)
        if key is None:
            return None
        item = server.cache.get(key, compacted=True)
        if item is None:
            return None
        headers = [(b"cache-control", server.config.cache_control.encode()), (b"vary", b"Accept"),
                   (b"x-build-id", server.served.build_id.encode()), (b"etag", item.etag.encode()),
                   (b"access-control-allow-origin", b"*"),
                   (b"access-control-expose-headers", b"ETag, Content-Type, Content-Length, Location, X-Build-Id")]
        if etag_matches(inm, item.etag):
            return 304, b"", headers
        headers += [(b"content-type", _media(item.media_type).encode()), (b"content-length", str(len(item.body)).encode())]
        return 200, item.body, headers


# ---------------------------------------------------------------------- the application

def create_app(served: ServedGraph, config: ServerConfig | None = None, on_ready=None) -> CachedAnswers:
    """The ASGI application (behind the cache's fast path). Query workers start and stop with it."""
    config = config or ServerConfig()
    server = Server(served, config)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await server.pool.start()
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
        Route("/static/{name}", static, methods=read),
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
    fast = CachedAnswers(app, server)
    fast.state = app.state  # type: ignore[attr-defined]
    return fast  # type: ignore[return-value]

