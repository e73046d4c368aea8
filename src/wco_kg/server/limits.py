"""Limits the HTTP layer enforces on every connection before the application sees a request.

uvicorn's httptools protocol, with four bounds added where it reads bytes:

- the request head (request line and headers) may hold at most ``max_head_bytes``
  bytes of headers and ``max_headers`` header fields; over either, ``431`` and the
  connection is closed. Bytes are also counted as they arrive, before httptools has
  assembled a header, so a 10 MB header costs at most one read buffer, not 10 MB;
- a whole request (head and body) must arrive within ``read_timeout`` seconds of the
  connection opening or of the previous answer: a half-sent request, a slow drip or a
  stream of bare CRLFs is answered ``408`` and closed. One sweep a second checks every
  open connection's deadline, so a request costs a float, not a timer;
- a URL longer than ``max_url_bytes`` gets ``414``.

It also reads an origin-form request target's query itself (see ``on_headers_complete``),
so a long query string is not walked byte by byte a second time.

The application's own limits (body size, query checks, deadlines) are in ``app.py`` and
``pool.py``; ``config.py`` holds every default.
"""

from __future__ import annotations

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

REASONS = {400: b"Bad Request", 408: b"Request Timeout", 414: b"URI Too Long",
           431: b"Request Header Fields Too Large"}


class _Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def guarded_protocol(max_head_bytes: int, max_headers: int, max_url_bytes: int, read_timeout: float):
    """An httptools protocol class for uvicorn with these limits (see module doc)."""
    waiting: set = set()  # connections with a request still to arrive (their deadline set)
    sweeper: list = []
    most_buffered = max_head_bytes + max_url_bytes

    def sweep(loop) -> None:
        now = loop.time()
        for conn in [c for c in waiting if c._deadline <= now]:
            conn._too_slow()
        if waiting:
            sweeper[0] = loop.call_later(min(1.0, read_timeout / 2), sweep, loop)
        else:
            sweeper.clear()

    class GuardedHttpToolsProtocol(HttpToolsProtocol):
        _deadline = 0.0
        _head_bytes = 0
        _in_head = True
        _ended_in_chunk = False
        _header_count = 0
        _header_bytes = 0
        _pending: _Refused | None = None

        # -------------------------------------------------------------- the read deadline

        def _arm(self) -> None:
            self._deadline = self.loop.time() + read_timeout
            waiting.add(self)
            if not sweeper:
                sweeper.append(self.loop.call_later(min(1.0, read_timeout / 2), sweep, self.loop))

        def _too_slow(self) -> None:
            waiting.discard(self)
            if self.transport.is_closing():
                return
            if self.cycle is None or not self.cycle.response_started:
                self._refuse(408, f"the request did not arrive within {read_timeout:g} s")
            else:
                self.transport.close()

        def connection_made(self, transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def connection_lost(self, exc) -> None:
            waiting.discard(self)
            super().connection_lost(exc)

        def on_response_complete(self) -> None:
            super().on_response_complete()
            # The next request's deadline starts now, unless this request's body is still
            # arriving (answered before it was read): its own deadline still runs.
            if not self.transport.is_closing() and (self.cycle is None or not self.cycle.more_body):
                self._arm()

        # -------------------------------------------------------------- the head's size

        def data_received(self, data: bytes) -> None:
            if self.transport.is_closing():
                return
            self._ended_in_chunk = False
            super().data_received(data)
            if self._in_head and not self.transport.is_closing() and not self._ended_in_chunk:
                # Still no whole head: httptools holds the partial header; bound it. A chunk
                # that completes the head may carry a body too, and one that ends a request
                # may carry the last of its body before the next head: neither counts, so a
                # next head's start is uncounted for at most one read, and only behind a
                # whole request (its next read counts).
                self._head_bytes += len(data)
                if self._head_bytes > most_buffered:
                    self._refuse(431, f"request head over this server's limit of {max_head_bytes} bytes")

        def send_400_response(self, msg: str) -> None:
            # httptools wraps an exception raised in a callback; ours is kept in _pending.
            cause = self._pending
            if cause is not None:
                self._refuse(cause.status, cause.message)
            else:
                self._refuse(400, "malformed HTTP request")

        def on_message_begin(self) -> None:
            self._pending = None
            self._header_count = self._header_bytes = 0
            super().on_message_begin()

        def on_url(self, url: bytes) -> None:
            self.url += url
            if len(self.url) > max_url_bytes:
                self._pending = _Refused(414, f"URL over this server's limit of {max_url_bytes} bytes; "
                                              "POST the query instead")
                raise self._pending

        def on_header(self, name: bytes, value: bytes) -> None:
            self._header_count += 1
            self._header_bytes += len(name) + len(value) + 4
            if self._header_count > max_headers:
                self._pending = _Refused(431, f"more than {max_headers} header fields, this server's limit")
                raise self._pending
            if self._header_bytes > max_head_bytes:
                self._pending = _Refused(431, f"request headers over this server's limit of {max_head_bytes} bytes")
                raise self._pending
            name = name.lower()  # what uvicorn's own on_header does
            if name == b"expect" and value.lower() == b"100-continue":
                self.expect_100_continue = True
            self.headers.append((name, value))

        def on_headers_complete(self) -> None:
            self._in_head = False
            # An origin-form target (RFC 9112 3.2.1: an absolute path, then "?" and the query)
            # is split at its first "?" here, so uvicorn's URL parser, which walks every
            # byte, reads the path alone: a query of kilobytes costs a memchr, not a parse.
            # llhttp has already checked every byte of the target; any other form (absolute,
            # asterisk, with a fragment) is parsed whole by uvicorn, as before.
            url, query = self.url, None
            if url[:1] == b"/" and b"#" not in url:
                path, mark, rest = url.partition(b"?")
                if mark:
                    self.url, query = path, rest
            super().on_headers_complete()
            if query is not None:
                self.scope["query_string"] = query

        def on_message_complete(self) -> None:
            self._in_head, self._head_bytes = True, 0  # what follows is the next request's head
            self._ended_in_chunk = True
            if self.cycle is not None and self.cycle.response_complete:
                self._arm()  # answered already: now the next request must arrive in time
            else:
                waiting.discard(self)
            super().on_message_complete()

        def _refuse(self, status: int, message: str) -> None:
            waiting.discard(self)
            if self.transport.is_closing():
                return
            body = (message + "\n").encode("utf-8")
            head = [b"HTTP/1.1 %d %s\r\n" % (status, REASONS.get(status, b"Error"))]
            for name, value in self.server_state.default_headers:
                head += [name, b": ", value, b"\r\n"]
            head += [b"content-type: text/plain; charset=utf-8\r\n",
                     b"content-length: %d\r\n" % len(body), b"connection: close\r\n\r\n", body]
            self.transport.write(b"".join(head))
            self.transport.close()

    return GuardedHttpToolsProtocol
