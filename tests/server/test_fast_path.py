"""The fast path's kept answers (``app.FastPath._kept``) are what the protocol route gives.

A query's answer found by its raw request (the query string and the Accept header, kept in
``FastPath.keys``) must be the route's answer byte for byte, headers included, for every
question, format, conditional request and method; and a request the route refuses or does
not keep must get the route's own answer, even when an answer to a request much like it is
kept. The route (Starlette's ``/sparql`` through ``run_query`` and ``Server.answer``) is the
second derivation: the same application, called behind the fast path.

The application runs in this process (its lifespan started on an event loop of this module),
on the session's served build, with real query workers.
"""

from __future__ import annotations

import asyncio
from urllib.parse import quote

import pytest
from servers import ROOT

from wco_kg.project import Project
from wco_kg.server.app import create_app
from wco_kg.server.config import ServerConfig
from wco_kg.server.served_build import prepare

JSON = "application/sparql-results+json"
ACCEPTS = [None, "", JSON, "application/sparql-results+xml", "text/csv", "text/tab-separated-values",
           "*/*", "text/csv;q=0.5, application/sparql-results+json", "application/n-triples, text/turtle;q=0.9",
           "x/y", "APPLICATION/SPARQL-RESULTS+JSON", " application/sparql-results+json ", "text/csv\xff"]


class InProcess:
    """The application (behind its fast path) with its lifespan running on a private loop."""

    def __init__(self, served):
        self.graph = prepare(Project(served.project), served.out, build=False)
        self.fast = create_app(self.graph, ServerConfig(timeout=5, max_request_bytes=65536))
        self.loop = asyncio.new_event_loop()
        self._inbox: asyncio.Queue = asyncio.Queue()
        self._said: list[dict] = []
        self._life = self.loop.create_task(self.fast({"type": "lifespan"}, self._inbox.get, self._say))
        self.loop.run_until_complete(self._inbox.put({"type": "lifespan.startup"}))
        self.loop.run_until_complete(self._until("lifespan.startup.complete"))

    async def _say(self, message: dict) -> None:
        self._said.append(message)

    async def _until(self, kind: str) -> None:
        while not any(m["type"].startswith(kind.rsplit(".", 1)[0]) for m in self._said):
            await asyncio.sleep(0.01)
        assert self._said[-1]["type"] == kind, self._said

    def close(self) -> None:
        self.loop.run_until_complete(self._inbox.put({"type": "lifespan.shutdown"}))
        self.loop.run_until_complete(self._life)
        self.loop.close()
        self.graph.close()

    def call(self, app, query_string: str, headers: list[tuple[bytes, bytes]] = (), method: str = "GET"):
        """(status, {header: values}, body) of a request to /sparql, through ``app``. Every request
        comes from another origin: the route's CORS middleware writes its headers then, and the
        fast path always does (a cross-origin page's and a program's requests get one answer)."""
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
                 "scheme": "http", "path": "/sparql", "raw_path": b"/sparql", "root_path": "",
                 "query_string": query_string.encode("latin-1"),
                 "headers": [(b"host", b"testserver"), (b"origin", b"https://example.org"), *headers],
                 "client": ("127.0.0.1", 4000), "server": ("127.0.0.1", 8000), "app": None}
        sent: list[dict] = []

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            sent.append(message)

        self.loop.run_until_complete(app(scope, receive, send))
        start = sent[0]
        head = {}
        for name, value in start.get("headers", []):
            head.setdefault(name.decode("latin-1").lower(), []).append(value.decode("latin-1"))
        body = b"".join(m.get("body", b"") for m in sent[1:])
        return start["status"], head, body if method != "HEAD" else b""  # (the HTTP layer writes no body)

    def both(self, query_string: str, headers=(), method: str = "GET"):
        """The fast path's answer and the route's (the application behind it)."""
        return (self.call(self.fast, query_string, headers, method),
                self.call(self.fast.app, query_string, headers, method))


@pytest.fixture(scope="module")
def app(served):
    running = InProcess(served)
    yield running
    running.close()


def _qs(query: str, extra: str = "") -> str:
    return "query=" + quote(query) + extra


def test_every_kept_answer_is_the_routes_in_every_format_and_condition(app):
    from wco_kg.queries import questions as project_questions

    own = [q for q in project_questions(Project(ROOT)).values() if not q.is_check and not q.federated]
    questions = app.graph.questions + own  # (the served tree's test questions, and the project's)
    assert len(questions) >= 20
    hits = app.fast.keys.hits
    checked = 0
    for question in questions:
        qs = _qs(question.bind())
        app.call(app.fast, qs, [(b"accept", JSON.encode())])  # answered once: now kept
        for accept in ACCEPTS:
            headers = [] if accept is None else [(b"accept", accept.encode("latin-1"))]
            fast, route = app.both(qs, headers)
            assert fast == route, (question.name, accept)
            if fast[0] != 200:
                continue
            etag = fast[1]["etag"][0]
            for inm in (etag, "W/" + etag, '"other"', "*", f'"x", {etag}'):
                for method in ("GET", "HEAD"):
                    cond = headers + [(b"if-none-match", inm.encode())]
                    fast, route = app.both(qs, cond, method)
                    assert fast == route, (question.name, accept, inm, method)
                    assert fast[0] == (304 if inm != '"other"' else 200)
                    checked += 1
    assert checked > 100
    assert app.fast.keys.hits > hits  # the kept answers were found by the raw request


def test_the_first_accept_and_if_none_match_count_as_on_the_route(app):
    qs = _qs("ASK { ?s ?p ?o }")
    app.call(app.fast, qs, [(b"accept", b"text/csv")])
    app.call(app.fast, qs, [(b"accept", JSON.encode())])
    etag = app.call(app.fast, qs, [(b"accept", b"text/csv")])[1]["etag"][0]
    for headers in ([(b"accept", b"text/csv"), (b"accept", JSON.encode())],
                    [(b"accept", JSON.encode()), (b"accept", b"text/csv")],
                    [(b"accept", b"text/csv"), (b"if-none-match", b'"no"'), (b"if-none-match", etag.encode())],
                    [(b"accept", b"text/csv"), (b"if-none-match", etag.encode()), (b"if-none-match", b'"no"')]):
        fast, route = app.both(qs, headers)
        assert fast == route, headers
    assert app.call(app.fast, qs, [(b"accept", b"text/csv"), (b"accept", JSON.encode())])[1]["content-type"] == \
        ["text/csv; charset=utf-8"]


@pytest.mark.parametrize("extra, expected", [
    ("&update=" + quote("INSERT DATA { <a:b> <a:c> <a:d> }"), 403),  # an update beside the kept query
    ("&query=" + quote("ASK { ?s ?p ?o }"), 400),  # two queries
    ("&query", 400),  # a blank second query
    ("&default-graph-uri=" + quote("not an iri"), 400),  # a bad IRI
    ("&named-graph-uri=" + quote("<bad>"), 400),
    ("&default-graph-uri=" + quote("https://w3id.org/wco-kg/graph/members"), "another"),  # another dataset
    ("&format=nonsense", 406),  # a format nobody writes
    ("&format=csv&output=json", "another"),  # the first format named counts: CSV
    ("%26query%3DASK", 400),  # encoded once: part of the query's text, which is then not SPARQL
    ("%2526query%253DASK", 400),  # encoded twice
    ("&", "the same"),  # another raw request, the same request
    ("&&&&&&&&=&=", "the same"),
])
def test_a_request_the_route_answers_otherwise_is_not_taken_for_a_kept_one(app, extra, expected):
    base = _qs("ASK { ?s ?p ?o }")
    kept = app.call(app.fast, base, [(b"accept", JSON.encode())])
    assert kept[0] == 200
    fast, route = app.both(base + extra, [(b"accept", JSON.encode())])
    assert fast == route, extra
    if expected == "the same":
        assert fast == kept
    elif expected == "another":
        assert fast[0] == 200 and fast[1]["etag"] != kept[1]["etag"]
    else:
        assert fast[0] == expected


@pytest.mark.parametrize("query_string", [
    "query=%ZZ%",  # bad percent-encoding
    "query=" + quote("ASK { ?s ?p ?o }").replace("%", "%25"),  # the whole query encoded twice
    "query=%FF%FE",  # not UTF-8 once decoded
    "query=ASK%00%7B%7D",  # a NUL
    "query=" + "%7B" * 5_000 + "%7D" * 5_000,  # nested
    "query=" + "x" * 70_000,  # over the server's limit of 65536 bytes
    "query=" + quote("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"),
    "query=" + quote("DESCRIBE <https://w3id.org/wco-kg/id/wco>"),
    "update=x",
    "",
])
def test_hostile_requests_get_the_routes_answer_twice(app, query_string):
    """Asked twice, so the second asking meets whatever the first left in the memo and the cache."""
    for accept in (JSON, "application/n-triples", "text/csv"):
        headers = [(b"accept", accept.encode())]
        first = app.both(query_string, headers)
        second = app.both(query_string, headers)
        assert first[0] == first[1] == second[0] == second[1], (query_string[:40], accept)


def test_the_memo_of_raw_requests_stays_within_its_bytes(app):
    keys = app.fast.keys
    for i in range(3_000):  # distinct requests of 2 kB: 6 MB of keys against a memo of 4 MiB
        app.fast.keys(b"-" + _qs(f"ASK {{ ?s ?p {i} }} #" + "x" * 2_000).encode())
        assert keys.size <= keys.max_bytes
    huge = b"%d:" % 600_000 + b"a" * 600_000 + b"query=ASK%7B%7D"  # over an eighth: read, not kept
    size = keys.size
    assert app.fast.keys(huge) is not None and keys.size == size
    assert app.fast.keys(b"-update=x") is None and app.fast.keys(b"-") is None
