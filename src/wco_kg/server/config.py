"""The server's settings, with the defaults ``wco-kg serve --help`` documents."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ServerConfig:
    host: str = "127.0.0.1"
    port: int = 8000
    #: Seconds a query may take (waiting for a free worker included); then 503.
    timeout: float = 10.0
    #: Largest request body or query string accepted, in bytes; then 413 (414 for a URL).
    max_request_bytes: int = 256 * 1024
    #: Most rows (or triples) an answer may have; then 400 asking for a LIMIT. Far above
    #: the whole graph (a CONSTRUCT of every triple passes); the timeout bounds the rest.
    max_rows: int = 5_000_000
    #: Request head (request line and headers) in bytes, and header fields; then 431.
    max_header_bytes: int = 16 * 1024
    max_headers: int = 100
    #: Seconds a request (head and body) may take to arrive; then 408 and the connection closes.
    read_timeout: float = 10.0
    #: Most queries one client (address) may run at once; 0: no cap (the fair queue and
    #: preemption in pool.py still keep one client from starving the others).
    per_client: int = 0
    #: How deeply a query may nest brackets (chained operators: 16 times this); then 400.
    max_depth: int = 64
    #: Most bytes an answer may take, as written; then 400. The query stops where its answer
    #: crosses it, so this also bounds the memory one query can take in the server.
    max_answer_bytes: int = 32 * 1024 * 1024
    #: Query worker processes (each holds a copy of the store).
    workers: int = field(default_factory=lambda: max(1, min(4, os.cpu_count() or 1)))
    #: Hosts (``host`` or ``host:port``) that SERVICE may call; empty: none, and the
    #: workers have no network at all.
    allow_service: frozenset[str] = frozenset()
    #: Memory for cached answers, in bytes (0: no cache; ETags and 304s still work).
    cache_bytes: int = 64 * 1024 * 1024
    #: Memory for the pages and resource descriptions made so far (each is made once per
    #: build, on its first request, and kept while it fits; 0: made on every request).
    page_cache_bytes: int = 32 * 1024 * 1024
    #: ``Cache-Control: max-age`` in seconds for answers and pages (0: clients revalidate
    #: each time, and get a 304 while the build is the same).
    max_age: int = 0

    @property
    def cache_control(self) -> str:
        return f"public, max-age={self.max_age}" if self.max_age > 0 else "public, no-cache"
