"""The server inside federated queries: other engines call it with SERVICE, and, when its
operator allows a host, it calls that host."""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import httpx
import pytest
import rdflib
from servers import free_port, make_project, start_server

FRENCH = "Organisation mondiale des douanes"


def inner(url: str) -> str:
    return (f"SELECT ?name WHERE {{ SERVICE <{url}> {{ <https://w3id.org/wco-kg/id/wco> "
            f"<https://w3id.org/wco-kg/ontology#name> ?name FILTER(lang(?name) = \"fr\") }} }}")


@pytest.fixture(scope="module")
def oxigraph_server():
    """An ``oxigraph serve`` process (the Rust server from PyPI's oxigraph package), in memory."""
    exe = shutil.which("oxigraph") or os.path.join(os.path.dirname(os.sys.executable), "oxigraph")
    port = free_port()
    proc = subprocess.Popen([exe, "serve", "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(url + "/query", params={"query": "ASK {}"}, timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(10)


def test_oxigraph_federates_to_us(served, oxigraph_server):
    r = httpx.post(oxigraph_server + "/query", content=inner(served.sparql),
                   headers={"Content-Type": "application/sparql-query",
                            "Accept": "application/sparql-results+json"}, timeout=30)
    assert r.status_code == 200, r.text
    rows = r.json()["results"]["bindings"]
    assert [(b["name"]["value"], b["name"].get("xml:lang")) for b in rows] == [(FRENCH, "fr")]


def test_rdflib_federates_to_us(served):
    rows = list(rdflib.Graph().query(inner(served.sparql)))
    assert [(str(r[0]), r[0].language) for r in rows] == [(FRENCH, "fr")]


def test_allowed_host_is_called(tmp_path, oxigraph_server):
    """With --allow-service, our server calls that host (and still refuses others)."""
    update = "INSERT DATA { <https://example.org/x> <https://example.org/says> \"hello from oxigraph\" }"
    assert httpx.post(oxigraph_server + "/update", content=update,
                      headers={"Content-Type": "application/sparql-update"}).status_code == 204
    host = oxigraph_server.removeprefix("http://")
    ours = start_server(make_project(tmp_path / "p"), tmp_path / "dist", "--allow-service", host)
    try:
        q = (f"SELECT ?said ?name WHERE {{ SERVICE <{oxigraph_server}/query> {{ ?x <https://example.org/says> ?said }} "
             "<https://w3id.org/wco-kg/id/wco> <https://w3id.org/wco-kg/ontology#name> ?name FILTER(lang(?name) = 'en') }")
        r = httpx.get(ours.sparql, params={"query": q}, timeout=30)
        assert r.status_code == 200, r.text
        rows = r.json()["results"]["bindings"]
        assert [(b["said"]["value"], b["name"]["value"]) for b in rows] == \
            [("hello from oxigraph", "World Customs Organization")]
        other = httpx.get(ours.sparql, params={"query": inner(f"http://127.0.0.1:{free_port()}/sparql")})
        assert other.status_code == 403
        sd = httpx.get(ours.sparql, headers={"Accept": "application/n-triples"}).text
        assert "sparql-service-description#BasicFederatedQuery" in sd
    finally:
        assert ours.stop() == 0
