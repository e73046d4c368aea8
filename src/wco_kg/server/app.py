"""The server's shared state and its fast path, the ASGI application uvicorn runs.

The state: the build, the workers, the caches, the reading of a SPARQL Protocol request.

``create_app`` gives the ASGI application: ``FastPath``, which answers a GET or HEAD of
``/sparql`` with a query and every page or description already made, runs the lifespan
(the query workers start and stop with it), and hands everything else to the routes
(``routes.py``, Starlette), made on the first request that needs them.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import hashlib
import traceback
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, quote

import pyoxigraph as ox

from ..errors import HttpError
from ..formats import DOCUMENT_FORMATS, RDF_FORMATS, RESULT_FORMATS
from ..namespaces import BASE, PREFIXES
from ..sparql_text import has_dataset_clause
from .cache import Cached, Documents, Memo, ResponseCache, etag_matches
from .config import ServerConfig
from .conneg import Choice, describe_choices, from_param, location, media_type_with_charset as _media, negotiate
from .i18n import language
from .pool import Preempted, QueryTimeout, WorkerFailed, WorkerPool
from .resource_view import Labels, Superterms, exists, graph_sources
from .served_build import ServedGraph

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

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

    # What only pages use is made on first use, not before the server answers its first query.

    @functools.cached_property
    def supers(self) -> Superterms:
        return Superterms(self.store)

    @functools.cached_property
    def sources(self) -> dict[str, list[tuple[str, str]]]:
        return graph_sources(self.store)

    @functools.cached_property
    def static(self) -> dict[str, bytes]:
        return {p.relative_to(STATIC).as_posix(): p.read_bytes() for p in sorted(STATIC.rglob("*"))
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
        from starlette.responses import Response  # (the routes' own: imported with them)

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

    def read_request(self, multi: dict[str, list[str]], accept: str | None
                     ) -> tuple[str, list[str], list[str], dict[str, Choice | None]]:
        """What a protocol request that holds a query asks: the query, its dataset and the answer's
        formats (HttpError for every refusal). It depends only on the parameters and the Accept
        header, so the fast path may keep it by the raw request (``FastPath.keys``)."""
        if "update" in multi:
            raise HttpError(403, "SPARQL Update is refused: this endpoint is read-only")
        queries = multi.get("query", [])
        if len(queries) > 1:
            raise HttpError(400, "more than one query parameter")
        default_graphs = _check_iris(multi.get("default-graph-uri", []), "default-graph-uri")
        named_graphs = _check_iris(multi.get("named-graph-uri", []), "named-graph-uri")
        choices = self.formats_for(accept, multi.get("format", []) + multi.get("output", []))
        return queries[0], default_graphs, named_graphs, choices

    async def answer(self, query: str, default_graphs: list[str], named_graphs: list[str],
                     choices: dict[str, Choice | None], request: Request | None = None,
                     client: str = "", inm: str | None = None) -> Cached:
        """Check, run (or find in the cache) one query; HttpError for every refusal. The
        client's address and If-None-Match are ``request``'s, or (without one) ``client``
        and ``inm``.

        The cache is looked up first: an answer is only ever cached after its query passed
        every check, so a hit needs no checking again.
        """
        key = request_key(query, default_graphs, named_graphs, choices)
        if request is not None:
            inm = request.headers.get("if-none-match") if request.method in ("GET", "HEAD") else None
            if request.client:
                client = request.client[0]  # fairness is per address (pool.py)
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


# ---------------------------------------------------------------------- reading a request

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


# ---------------------------------------------------------------------- the fast path

class FastPath:
    """Raw ASGI in front of the routes for what people and programs ask most: a GET or HEAD of
    /sparql with a query (answered from the cache or run in a worker, read by the same
    ``Server.read_request`` and answered by the same ``Server.answer`` as the route), and a page or
    description already made (``cache.Documents``), without routing, middleware or response
    objects. Everything else goes on to the routes unchanged (``app``: made by ``make_app``
    on the first request that needs them), and so does every request the fast path does not
    fully handle. The lifespan is its own: ``starting`` and ``stopping``."""

    def __init__(self, server: Server, make_app, starting, stopping):
        self.server, self._make_app, self._starting, self._stopping = server, make_app, starting, stopping
        # A request's reading (``Server.read_request``) and its cache key, by the raw query string
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
        elif scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        await self.app(scope, receive, send)

    @functools.cached_property
    def app(self):
        """The routes (``routes.application``), made on first use."""
        return self._make_app()

    async def _lifespan(self, receive, send) -> None:
        """The ASGI lifespan protocol, as Starlette's router runs it: a failure to start or to
        stop is sent with its traceback, then raised."""
        started = False
        await receive()  # lifespan.startup
        try:
            await self._starting()
            await send({"type": "lifespan.startup.complete"})
            started = True
            await receive()  # lifespan.shutdown
            await self._stopping()
        except BaseException:
            text = traceback.format_exc()
            await send({"type": "lifespan.shutdown.failed" if started else "lifespan.startup.failed", "message": text})
            raise
        await send({"type": "lifespan.shutdown.complete"})

    async def _query(self, scope, receive) -> tuple[int, bytes, list] | None:
        raw = scope["query_string"]
        if len(raw) > self.server.config.max_request_bytes:
            return None  # the route says 414
        accept = inm = None
        for name, value in scope["headers"]:  # the first of each, as Starlette's ``headers.get``
            if name == b"accept":
                if accept is None:
                    accept = value
            elif name == b"if-none-match":
                if inm is None:
                    inm = value.decode("latin-1")
        kept = self._kept(raw, accept, inm)
        if kept is not None:
            return kept
        multi = self.server.parameters(raw.decode("latin-1"))
        if "update" not in multi and not multi.get("query"):
            return None  # the Service Description
        client = scope.get("client")
        try:
            query, default_graphs, named_graphs, choices = self.server.read_request(
                multi, None if accept is None else accept.decode("latin-1"))
            item = await self.server.answer(query, default_graphs, named_graphs, choices,
                                            client=client[0] if client else "", inm=inm)
        except HttpError as e:
            headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in e.headers.items()]
            body = (e.message + "\n").encode()
            return e.status, body, headers + _CORS + [(b"vary", b"Origin"),
                                                      (b"content-type", b"text/plain; charset=utf-8"),
                                                      (b"content-length", str(len(body)).encode())]
        if item.status == 304:
            return 304, b"", self._headers(item.etag, "Accept")
        return self._answer(item.body, item.media_type, item.etag, "Accept", None)

    def _kept(self, raw: bytes, accept: bytes | None, inm: str | None) -> tuple[int, bytes, list] | None:
        """A query's answer from the cache, as ``Server.read_request`` and ``Server.answer`` give it,
        found by the raw request: its query string and first Accept header (None: not kept, or
        a request they refuse, so they say why)."""
        cache = self.server.cache
        if not cache.max_bytes:
            return None
        # Which header and which query string, unambiguously: the header's length comes first.
        key = self.keys((b"-" if accept is None else b"%d:%b" % (len(accept), accept)) + raw)
        if key is None or key not in cache:
            return None
        item = cache.get(key, compacted=True)
        return self._answer(item.body, item.media_type, item.etag, "Accept", inm)

    def _key(self, request: bytes) -> bytes | None:
        """The cache key of a raw request made by ``_kept`` (None when ``Server.read_request`` refuses it)."""
        if request[:1] == b"-":
            accept, raw = None, request[1:]
        else:
            length, _, rest = request.partition(b":")
            accept, raw = rest[:int(length)].decode("latin-1"), rest[int(length):]
        multi = self.server.parameters(raw.decode("latin-1"))
        if "update" not in multi and not multi.get("query"):
            return None  # the Service Description
        try:
            return request_key(*self.server.read_request(multi, accept))
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
        where = quote(location(path[1:], query, choice), safe=":/%#?=@[]!$&'()*+,;")  # as RedirectResponse
        return 303, b"", [(b"location", where.encode("latin-1")), (b"content-length", b"0"),
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
    """The ASGI application: the fast path, and behind it the routes. Query workers start and
    stop with its lifespan; ``on_ready(server)`` is called once they have started."""
    config = config or ServerConfig()
    server = Server(served, config)

    async def starting() -> None:
        await server.pool.start()
        # What start-up made (the store's wrappers, the modules) lives as long as the server:
        # moved out of the collector's sight, a full collection no longer walks it (it took
        # 15-20 ms, a stall for every client at that moment).
        gc.freeze()
        if on_ready is not None:
            on_ready(server)

    def routes():
        from .routes import application

        return application(server)

    return FastPath(server, routes, starting, server.pool.close)
