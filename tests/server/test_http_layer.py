"""The HTTP layer (``limits.guarded_protocol``) reads every request target as uvicorn's own
httptools protocol does: the same path, raw path and query string, or the same refusal.

Our protocol splits an origin-form target at its first "?" itself (uvicorn's URL parser then
reads the path alone); uvicorn's unmodified ``HttpToolsProtocol`` is the second derivation.
Both serve one ASGI application that writes back what it was given, on real sockets, and
every target below (each byte at each place, fragments, other forms, escapes, huge ones)
must come back alike from both: the same status, and for a 200 the same path, raw path and
query string.
"""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest
import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from wco_kg.server.limits import guarded_protocol


async def echo(scope, receive, send):
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    body = json.dumps({"path": scope["path"], "raw_path": scope["raw_path"].decode("latin-1"),
                       "query_string": scope["query_string"].decode("latin-1"),
                       "method": scope["method"]}).encode()
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class Running:
    def __init__(self, protocol):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        config = uvicorn.Config(echo, loop="uvloop", http=protocol, lifespan="on", log_level="critical",
                                access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive(), "uvicorn did not start"
            time.sleep(0.01)

    def ask(self, target: bytes, method: bytes = b"GET") -> tuple[bytes, bytes]:
        """The status line and body of one request for ``target`` on a new connection."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as c:
            c.sendall(method + b" " + target + b" HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            data = b""
            while chunk := c.recv(65536):
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        return head.split(b"\r\n", 1)[0], body

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


@pytest.fixture(scope="module")
def pair():
    ours = Running(guarded_protocol(64 * 1024, 100, 512 * 1024, 30))
    theirs = Running(HttpToolsProtocol)
    yield ours, theirs
    ours.stop()
    theirs.stop()


def targets() -> list[bytes]:
    found = []
    for b in range(256):
        c = bytes([b])
        found += [b"/sparql?query=" + c, b"/sparql?" + c + b"=1", b"/sp" + c + b"arql?q=1",
                  b"/sparql?q=a" + c + b"b#frag", b"/sparql?q=1#" + c, b"/" + c]
    found += [b"/", b"/?", b"/??", b"/sparql?", b"/sparql??", b"/sparql?a?b", b"/sparql?#", b"/sparql#",
              b"/a#b?c", b"/a?b#c", b"/a?b#c#d", b"/a%3Fb?c=%3F", b"/a?query=%ZZ%", b"/a?query=%253F%2526",
              b"/id/wco%20x?lang=fr", b"/%E2%82%AC?q=%E2%82%AC", "/é?q=é".encode(), "/é?q=é".encode("latin-1"),
              b"//double//slash?x", b"/.././..?x", b"http://example.org/sparql?query=ASK", b"http://t/?#",
              b"*", b"sparql?query=1", b"?query=1", b"/sparql?" + b"query=" + b"%7B" * 20_000,
              b"/sparql?q=" + b"x" * 100_000, b"/" + b"p" * 50_000 + b"?q=1"]
    return found


def test_every_target_is_read_as_uvicorn_reads_it(pair):
    ours, theirs = pair
    seen = set()
    for target in targets():
        mine, uvicorns = ours.ask(target), theirs.ask(target)
        status = mine[0].split(b" ")[1]
        seen.add(status)
        path, _, query = target.partition(b"?")
        if len(target) > 65_535 and len(path) <= 65_535 and b"#" not in target:
            # uvicorn's URL parser keeps 16-bit offsets: it refuses any longer URL (400); ours
            # reads a long query itself, and the application's own limit (414) then applies.
            assert uvicorns[0].split(b" ")[1] == b"400" and status == b"200", target[:80]
            assert json.loads(mine[1])["query_string"] == query.decode("latin-1")
            continue
        assert status == uvicorns[0].split(b" ")[1], target[:80]
        if status == b"200":  # (a refusal is worded by each in its own way)
            assert mine == uvicorns, target[:80]
    assert seen >= {b"200", b"400"}  # both accepted and refused targets were among them
    assert json.loads(ours.ask(b"/sparql?query=%7B?x#f")[1])["query_string"] == "query=%7B?x"


def test_other_methods_and_a_pipelined_pair(pair):
    ours, theirs = pair
    for method in (b"HEAD", b"POST", b"OPTIONS", b"DELETE"):
        assert ours.ask(b"/sparql?q=1", method)[0] == theirs.ask(b"/sparql?q=1", method)[0]
    for server in pair:  # two requests in one write: each keeps its own query string
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as c:
            c.sendall(b"GET /a?first HTTP/1.1\r\nHost: t\r\n\r\nGET /b?second HTTP/1.1\r\nHost: t\r\n"
                      b"Connection: close\r\n\r\n")
            data = b""
            while chunk := c.recv(65536):
                data += chunk
        assert data.count(b'"query_string": "first"') == 1 and data.count(b'"query_string": "second"') == 1
        assert data.index(b"first") < data.index(b"second")


def test_a_body_and_the_next_head_in_one_read_are_not_a_long_head():
    """The last of a request's body and the next request's head may arrive in one read; only
    the head counts toward its limit (a 20 kB body here, against a 1 KiB + 4 KiB bound), and a
    head still arriving is bounded from its next read on."""
    small = Running(guarded_protocol(1024, 100, 4096, 30))
    try:
        body = b"x" * 20_000
        with socket.create_connection(("127.0.0.1", small.port), timeout=10) as c:
            c.sendall(b"POST /a?first HTTP/1.1\r\nHost: t\r\nContent-Length: %d\r\n\r\n" % len(body) + body
                      + b"GET /b?second HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            data = b""
            while chunk := c.recv(65536):
                data += chunk
        assert data.count(b"HTTP/1.1 200") == 2 and b"431" not in data.split(b"\r\n", 1)[0]
        assert b'"query_string": "second"' in data
        with socket.create_connection(("127.0.0.1", small.port), timeout=10) as c:
            c.sendall(b"GET /a HTTP/1.1\r\nHost: t\r\n\r\nGET /b HTTP/1.1\r\nX-Long: " + b"y" * 500)
            time.sleep(0.2)
            try:
                for _ in range(10):  # the head goes on and on, a read at a time
                    c.sendall(b"y" * 2000)
                    time.sleep(0.05)
            except OSError:  # refused and closed meanwhile
                pass
            data = b""
            try:
                while chunk := c.recv(65536):
                    data += chunk
            except OSError:
                pass
        assert data.startswith(b"HTTP/1.1 200") and b"HTTP/1.1 431" in data
    finally:
        small.stop()
