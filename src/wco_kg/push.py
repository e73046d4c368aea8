"""Load the build into a triple store through the SPARQL 1.1 Graph Store Protocol.

Each named graph of the build (one per source, the ontology, the dataset description) is
replaced in one ``PUT STORE?graph=IRI`` request, or, with ``target_graph``, the union of
them all goes into that one graph. Any Graph Store Protocol endpoint works: Virtuoso's
``/sparql-graph-crud-auth`` (Digest authentication), Oxigraph's ``/store``, Fuseki's
``/DATASET/data``, GraphDB's ``/repositories/ID/rdf-graphs/service``.

A failed push puts the store back as it was: before replacing a graph, its current content
is read (``GET``); if a request fails, every graph already sent is put back (or deleted, if
it did not exist), including the failing one when the store may have applied it (a 5xx or
no answer; a 4xx refusal did not). Each restore is tried even when another fails, and the
error then says which graphs hold their previous content, which this build's, and which
are unknown. Every error is one line naming the URL (without credentials: a password in
``--store``'s URL is taken out of it and used, never printed) and the HTTP status.

https://www.w3.org/TR/sparql11-http-rdf-update/
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

import httpx
import pyoxigraph as ox

from . import formats
from .errors import EndpointError, UsageError

# N-Triples is Turtle too; "text/turtle" is the one type every store we target accepts on PUT.
SEND_TYPE = "text/turtle"
ACCEPT = "application/n-triples, text/turtle;q=0.9"


@dataclass
class PushResult:
    store_url: str
    graphs: list[tuple[str, int]] = field(default_factory=list)  # (graph IRI, triples)
    seconds: float = 0.0

    @property
    def triples(self) -> int:
        return sum(n for _g, n in self.graphs)


def graph_payloads(store: ox.Store, target_graph: str | None = None) -> list[tuple[str, bytes, int]]:
    """``(graph IRI, N-Triples, triple count)`` for each named graph, sorted by IRI; or the
    union of all named graphs as one graph named ``target_graph``."""
    from .export import serialize_triples

    if target_graph:
        triples = {q.triple for q in store.quads_for_pattern(None, None, None, None)
                   if not isinstance(q.graph_name, ox.DefaultGraph)}
        return [(target_graph, serialize_triples(triples, "ntriples"), len(triples))]
    out = []
    for g in sorted(store.named_graphs(), key=lambda n: n.value):
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, g)]
        out.append((g.value, serialize_triples(triples, "ntriples"), len(triples)))
    return out


class _AnyAuth(httpx.Auth):
    """Basic or Digest, whichever the store asks for (Virtuoso asks for Digest)."""

    requires_request_body = True  # the body is sent again after the challenge

    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user, password
        self.chosen: httpx.Auth | None = None

    def auth_flow(self, request):
        if self.chosen is None:
            response = yield request
            if response.status_code != 401:
                return
            scheme = response.headers.get("www-authenticate", "").split(" ", 1)[0].lower()
            self.chosen = (httpx.DigestAuth if scheme == "digest" else httpx.BasicAuth)(self.user, self.password)
        yield from self.chosen.auth_flow(request)


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """``(url without user:password@, user, password)``.

    >>> split_credentials("http://dba:secret@127.0.0.1:8890/sparql-graph-crud-auth")
    ('http://127.0.0.1:8890/sparql-graph-crud-auth', 'dba', 'secret')
    >>> split_credentials("http://h/store")
    ('http://h/store', None, None)
    """
    from urllib.parse import unquote, urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return url, None, None
    if "@" not in parts.netloc:
        return url, None, None
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user, sep, password = userinfo.partition(":")
    return (urlunsplit(parts._replace(netloc=hostport)), unquote(user) or None,
            unquote(password) if sep else None)


def check_store_url(url: str) -> str:
    shown = split_credentials(url)[0]
    if not url or not url.startswith(("http://", "https://")) or len(url.split("/")) < 3 or not url.split("/")[2]:
        raise UsageError(f"--store {shown!r}: not an http(s) Graph Store Protocol URL")
    return url


class GraphStore:
    """A Graph Store Protocol endpoint: read, replace and delete one named graph."""

    def __init__(self, url: str, user: str | None = None, password: str | None = None, timeout: float = 60.0):
        url, url_user, url_password = split_credentials(check_store_url(url))
        self.url = url  # never with the credentials: it appears in every message
        user = user or url_user
        password = password if password is not None else url_password
        self._secret = password or None
        self.client = httpx.Client(timeout=timeout, auth=_AnyAuth(user, password or "") if user else None,
                                   follow_redirects=False)

    def close(self) -> None:
        self.client.close()

    def _request(self, method: str, graph: str, **kwargs):
        where = f"{self.url}?graph={graph}"
        try:
            r = self.client.request(method, self.url, params={"graph": graph}, **kwargs)
        except httpx.HTTPError as e:
            reason = str(e) or type(e).__name__
            if self._secret:
                reason = reason.replace(self._secret, "***")
            raise EndpointError(where, f"{method} failed: {reason}") from None
        return r

    def _fail(self, method: str, graph: str, r) -> EndpointError:
        what = {401: "wrong or missing credentials", 403: "not allowed to write",
                404: "no Graph Store Protocol endpoint here"}.get(r.status_code, "rejected")
        body = _text_of(r)
        return EndpointError(f"{self.url}?graph={graph}", f"{method} {what}" + (f": {body}" if body else ""),
                             r.status_code)

    def get(self, graph: str) -> bytes | None:
        """The graph's content as N-Triples or Turtle, or None if the store has no such graph."""
        r = self._request("GET", graph, headers={"Accept": ACCEPT})
        if r.status_code == 404:
            return None
        if r.status_code != 200:
            raise self._fail("GET", graph, r)
        return _as_ntriples(r.content, r.headers.get("content-type", ""), self.url)

    def probe(self, graph: str) -> None:
        """Fail early (before a build) if the store is down or refuses the credentials: read
        one small graph (HEAD is not enough: Virtuoso answers it with 501)."""
        self.get(graph)

    def put(self, graph: str, payload: bytes) -> None:
        r = self._request("PUT", graph, content=payload, headers={"Content-Type": SEND_TYPE})
        if r.status_code not in (200, 201, 204):
            raise self._fail("PUT", graph, r)

    def delete(self, graph: str) -> None:
        r = self._request("DELETE", graph)
        if r.status_code not in (200, 202, 204, 404):
            raise self._fail("DELETE", graph, r)


def _text_of(r) -> str:
    """The gist of an error body (HTML pages reduced to their text), on one short line."""
    import re

    text = r.text if r.content else ""
    if "<" in text:
        m = re.search(r"<xmp>(.*?)</xmp>", text, re.S | re.I)  # Virtuoso puts the message there
        text = m.group(1) if m else re.sub(r"<[^>]+>", " ", text)
    return " ".join(text.split())[:200]


def _as_ntriples(body: bytes, ctype: str, url: str) -> bytes:
    """Read back a graph as N-Triples (stores answer in N-Triples or Turtle)."""
    try:
        triples = [q.triple for q in ox.parse(body, format=formats.of_content_type(ctype).ox)]
    except SyntaxError as e:
        raise EndpointError(url, f"unreadable {ctype or 'RDF'} graph: {e}") from None
    return ox.serialize(triples, format=formats.rdf("ntriples"))


def push_payloads(store_url: str, payloads: Sequence[tuple[str, bytes, int]], *,
                  user: str | None = None, password: str | None = None, timeout: float = 60.0,
                  progress: Callable[[str], None] = lambda _m: None) -> PushResult:
    """Replace each graph with its payload; on any failure, put back what was there, then raise."""
    gs = GraphStore(store_url, user, password, timeout)
    store_url = gs.url
    started = time.perf_counter()
    done: list[tuple[str, bytes | None, bytes]] = []  # graphs sent so far: before, sent
    result = PushResult(store_url)
    try:
        for i, (graph, payload, count) in enumerate(payloads, 1):
            before = gs.get(graph)
            try:
                gs.put(graph, payload)
            except EndpointError as e:
                if e.status is None or e.status >= 500:  # the store may have applied it: put it back too
                    done.append((graph, before, payload))
                raise
            done.append((graph, before, payload))
            result.graphs.append((graph, count))
            progress(f"[{i}/{len(payloads)}] {graph}: {count} triples")
    except EndpointError as e:
        restored = _restore(gs, done)
        gs.close()
        raise EndpointError(e.url, f"{e.detail}; {restored}", e.status) from None
    gs.close()
    result.seconds = time.perf_counter() - started
    return result


def _restore(gs: GraphStore, done: Iterable[tuple[str, bytes | None, bytes]]) -> str:
    """Put back the previous content of every graph already sent (each tried, whatever the
    others do); say exactly what the store holds in each afterwards."""
    done = list(done)
    if not done:
        return "the store was not changed"
    failed: list[tuple[str, bytes | None, bytes, EndpointError]] = []
    for graph, before, sent in reversed(done):
        try:
            if before is None:
                gs.delete(graph)
            else:
                gs.put(graph, before)
        except EndpointError as e:
            failed.append((graph, before, sent, e))
    if not failed:
        return f"the previous content of {len(done)} graph(s) was put back"
    states = []
    for graph, before, sent, _e in failed:
        try:
            now = gs.get(graph)
        except EndpointError:
            states.append(f"{graph} unknown (unreachable)")
            continue
        same = lambda a, b: a is not None and b is not None and set(a.splitlines()) == set(b.splitlines())  # noqa: E731
        try:
            sent_nt = _as_ntriples(sent, "application/n-triples", gs.url) if sent else b""
        except EndpointError:
            sent_nt = None
        states.append(f"{graph} " + ("its previous content" if same(now, before) or (now is None and before is None)
                                     else "this build's content" if same(now, sent_nt) else "other content"))
    return (f"restoring the previous graphs failed too ({failed[0][3].message}); the previous content is back in "
            f"{len(done) - len(failed)} of the {len(done)} graph(s) sent; the store holds: " + "; ".join(states))


def probe(store_url: str, *, user: str | None = None, password: str | None = None, timeout: float = 60.0) -> None:
    """Check that ``store_url`` answers and takes the credentials (raises ``EndpointError``)."""
    from .namespaces import DESCRIPTION_GRAPH

    gs = GraphStore(store_url, user, password, timeout)
    try:
        gs.probe(DESCRIPTION_GRAPH)
    finally:
        gs.close()


def push(store: ox.Store, store_url: str, *, target_graph: str | None = None, user: str | None = None,
         password: str | None = None, timeout: float = 60.0,
         progress: Callable[[str], None] = lambda _m: None) -> PushResult:
    """Load the dataset ``store`` into the Graph Store Protocol endpoint ``store_url``."""
    if target_graph is not None:
        try:
            ox.NamedNode(target_graph)
        except ValueError:
            raise UsageError(f"--graph {target_graph!r}: not an IRI") from None
        if ":" not in target_graph:
            raise UsageError(f"--graph {target_graph!r}: not an absolute IRI")
    return push_payloads(store_url, graph_payloads(store, target_graph), user=user, password=password,
                         timeout=timeout, progress=progress)
