"""Request forgery: every way found to hide or compute a SERVICE target, against real servers,
with and without --allow-service; a loopback listener that is not allowed must see zero connections.

The allowed host is named by its host name (``localhost:PORT``), so the allowed path goes
through the sandbox's private /etc/hosts, its door, and the server's egress proxy.
"""

from __future__ import annotations

import time

import httpx
import pytest
from servers import Listener, make_project, start_server


def hidden_targets(url: str) -> list[str]:
    """Queries that call SERVICE on ``url`` (http://127.0.0.1:PORT), each hiding it another way."""
    host, port = url.removeprefix("http://").split(":")
    esc = "".join(f"\\u{ord(c):04X}" for c in url)
    return [
        f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"select * where {{ sErViCe SiLeNt <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"PREFIX e: <{url}/> SELECT * WHERE {{ SERVICE e:sparql {{ ?s ?p ?o }} }}",
        f"PREFIX e: <{url}/> SELECT * WHERE {{ SERVICE e:sp\\.ar\\-ql {{ ?s ?p ?o }} }}",
        f"PREFIX e: <{url}/> SELECT * WHERE {{ SERVICE e:%73parql {{ ?s ?p ?o }} }}",
        f"PREFIX : <{url}/> SELECT * WHERE {{ SERVICE :sparql {{ ?s ?p ?o }} }}",
        f"BASE <{url}/> SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
        f"BASE <{url}/a/b/> SELECT * WHERE {{ SERVICE <../../sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <{esc}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERV\\U00000049CE <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p <http://x/\\u003E SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p \"a\\u0022 SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"PREFIX ex: <http://x/> SELECT * WHERE {{ ?s ?p ex:. SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"PREFIX ex: <http://x/> SELECT * WHERE {{ ?s ?p ex:.SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o .SERVICE<{url}/sparql>{{}} }}",
        f"SELECT * WHERE {{ ?s ?p 1.SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o<?p)SERVICE <{url}/sparql> {{ }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o<?p)SERVICE?e#>\n{{ }} VALUES ?e {{ <{url}/sparql> }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o # comment \\u000A SERVICE <{url}/sparql> {{ }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o # comment\r SERVICE <{url}/sparql> {{ }} }}",
        f"SELECT * WHERE {{ BIND(<{url}/sparql> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?e {{ <{url}/sparql> }} SERVICE SILENT ?e {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(IRI(CONCAT('http://', '{host}', ':{port}/sparql')) AS ?e) SERVICE ?e {{ }} }}",
        f"SELECT * WHERE {{ BIND(URI(\"{url}/sparql\") AS ?e) SERVICE ?e {{ }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ SERVICE <{url}/a> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ {{}} UNION {{ SERVICE <{url}/a> {{ }} }} }}",
        f"ASK {{ FILTER EXISTS {{ SERVICE <{url}/a> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ MINUS {{ SERVICE <{url}/a> {{ ?s ?p ?o }} }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/a> {{ ?s ?p ?o }} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE <{url}/a> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <http://localhost:{port}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <http://127.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <http://2130706433:{port}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <http://[::ffff:127.0.0.1]:{port}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <http://user:pw@127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <HTTP://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        f"LOAD <{url}/data.ttl>",
        f"SELECT * FROM <{url}/g> WHERE {{ ?s ?p ?o }} LIMIT 1",
        f"SELECT * FROM NAMED <{url}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT 1",
        f"DESCRIBE <{url}/thing>",
    ]


def send_all(sparql: str, queries: list[str]) -> dict[int, int]:
    statuses: dict[int, int] = {}
    with httpx.Client(timeout=30) as c:
        for q in queries:
            for r in (c.get(sparql, params={"query": q}), c.post(sparql, data={"query": q}),
                      c.post(sparql, content=q.encode(), headers={"Content-Type": "application/sparql-query"}),
                      c.get(sparql, params={"query": "ASK { ?s ?p ?o }", "default-graph-uri": q[-40:]})):
                statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
                assert r.status_code < 500 or r.status_code == 503, (q, r.status_code, r.text)
    return statuses


def test_no_connection_without_allow_service(served, listener):
    url = f"http://127.0.0.1:{listener.port}"
    statuses = send_all(served.sparql, hidden_targets(url))
    time.sleep(0.5)
    assert listener.connections == [], listener.connections
    assert statuses.get(403, 0) >= 30  # most are refused by the first guard, in one line


@pytest.fixture(scope="module")
def allowed_server(tmp_path_factory):
    """A server allowed to call one loopback listener, by host name; another listener is not allowed."""
    allowed = Listener()
    base = tmp_path_factory.mktemp("forgery")
    s = start_server(make_project(base / "p"), base / "dist", "--timeout", "3",
                     "--allow-service", f"localhost:{allowed.port}")
    yield s, allowed
    allowed.close()
    assert s.stop() == 0, "\n".join(s.log)


def test_no_connection_to_other_hosts_with_allow_service(allowed_server, listener):
    server, allowed = allowed_server
    url = f"http://127.0.0.1:{listener.port}"
    queries = hidden_targets(url)
    # The allowed host's port, reached another way, and the forbidden port behind the allowed name.
    queries += [q.replace(f"127.0.0.1:{listener.port}", f"localhost:{listener.port}") for q in queries[:12]]
    send_all(server.sparql, queries)
    time.sleep(0.5)
    assert listener.connections == [], listener.connections
    # And the allowed host is reached, by name, through the egress proxy: the control.
    before = len(allowed.connections)
    r = httpx.get(server.sparql, params={"query": f"SELECT * WHERE {{ SERVICE <http://localhost:{allowed.port}/q> "
                                                  "{ ?s ?p ?o } }"}, timeout=30)
    time.sleep(0.5)
    assert r.status_code in (400, 500, 503), r.text  # the listener answers nothing; the call fails
    assert len(allowed.connections) > before and allowed.connections[-1].startswith(b"POST /q")
    assert "http://127.0.0.1" not in r.text or "refused" not in r.text


def count_attempts() -> int:
    return len(hidden_targets("http://127.0.0.1:1")) * 4


def test_without_isolation_every_service_is_refused_and_said_at_start_up(tmp_path, listener, monkeypatch):
    """Fail closed: workers that cannot be isolated make the server refuse every query that
    mentions SERVICE (allowed host or not), and it says so at start-up even with -q."""
    monkeypatch.setenv("WCO_KG_SANDBOX", "off")
    allowed = Listener()
    s = start_server(make_project(tmp_path / "p"), tmp_path / "dist", "-q", "--timeout", "3",
                     "--allow-service", f"127.0.0.1:{allowed.port}")
    try:
        warning = [line for line in s.log if line.startswith("warning:")]
        assert len(warning) == 1 and "could not be isolated" in warning[0] and "SERVICE is refused" in warning[0]
        queries = hidden_targets(f"http://127.0.0.1:{listener.port}") + \
            hidden_targets(f"http://127.0.0.1:{allowed.port}")[:25]
        with httpx.Client(timeout=30) as c:
            for q in queries:
                if "SERVICE" not in q.upper() and "\\U" not in q.upper():
                    continue
                r = c.post(s.sparql, content=q.encode(), headers={"Content-Type": "application/sparql-query"})
                assert r.status_code == 403, (q, r.text)
            r = c.get(s.sparql, params={"query": 'ASK { ?s ?p "customer service" }'})
            assert r.status_code == 403 and "could not isolate" in r.text
            assert c.get(s.sparql, params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True
        time.sleep(0.5)
        assert listener.connections == [] and allowed.connections == []
    finally:
        allowed.close()
        assert s.stop() == 0
