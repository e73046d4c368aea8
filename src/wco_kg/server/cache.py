"""Answers kept between requests, and the ETags that let clients keep them too.

The graph is read-only between builds, so an answer depends only on the request and the
build. Every ETag is derived from the build id (a hash of the build's N-Quads, see
``dataset.py``) and the request, so a rebuild with changed data changes every ETag and a
client's ``If-None-Match`` no longer matches; the in-memory cache lives as long as the
server process, which serves one build.

>>> cache = ResponseCache("build1", max_bytes=2000)
>>> e = cache.etag(("SELECT 1", "json"))
>>> e == ResponseCache("build1").etag(("SELECT 1", "json")), e == ResponseCache("build2").etag(("SELECT 1", "json"))
(True, False)
>>> for name in "qrstu":
...     cache.put((name,), Cached(200, name.encode() * 100, "text/csv", e))
>>> cache.get(("q",)) is None, cache.get(("u",)).body[:3]
(True, b'uuu')
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import Hashable, NamedTuple


class Cached(NamedTuple):
    status: int
    body: bytes
    media_type: str
    etag: str


def compact(key: Hashable) -> Hashable:
    """A key as the cache holds it: itself when small, else a 16-byte digest of it, so a
    250 KiB query costs the cache 16 bytes of key, not 250 KiB.

    >>> compact(("SELECT 1",)) == ("SELECT 1",), len(compact(("x" * 1000,)))
    (True, 16)
    """
    if size_of(key) <= 512:
        return key
    return hashlib.blake2b(repr(key).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def size_of(key: object) -> int:
    """About how many bytes a key's texts hold (cheap: no repr on the hot path)."""
    if isinstance(key, (str, bytes)):
        return len(key)
    if isinstance(key, tuple):
        return 8 + sum(size_of(k) for k in key)
    return 16


class ResponseCache:
    """A least-recently-used map of answers, bounded in bytes, keys and bookkeeping counted
    (``max_bytes=0`` turns it off)."""

    #: What an entry costs beyond its body and key: the map's slot, the tuple, the headers.
    OVERHEAD = 300

    def __init__(self, build_id: str, max_bytes: int = 64 * 1024 * 1024):
        self.build_id = build_id
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, Cached] = OrderedDict()
        self._bytes = 0
        self.hits = self.misses = 0

    def etag(self, key: Hashable) -> str:
        """A strong ETag for an answer to ``key`` from this build."""
        digest = hashlib.blake2b(repr((self.build_id, key)).encode(), digest_size=12).hexdigest()
        return f'"{digest}"'

    def _cost(self, key: Hashable, item: Cached) -> int:
        return len(item.body) + size_of(key) + len(item.media_type) + len(item.etag) + self.OVERHEAD

    def get(self, key: Hashable, *, compacted: bool = False) -> Cached | None:
        """The answer for ``key`` (``compacted``: the key is already ``compact(key)``)."""
        if not compacted:
            key = compact(key)
        item = self._items.get(key)
        if item is None:
            self.misses += 1
            return None
        self._items.move_to_end(key)
        self.hits += 1
        return item

    def __contains__(self, key: Hashable) -> bool:
        """Whether an answer is kept for ``key``, already ``compact``: nothing counted or reordered."""
        return key in self._items

    def put(self, key: Hashable, item: Cached) -> None:
        key = compact(key)
        size = self._cost(key, item)
        if not self.max_bytes or size > self.max_bytes // 4:
            return
        old = self._items.pop(key, None)
        if old is not None:
            self._bytes -= self._cost(key, old)
        self._items[key] = item
        self._bytes += size
        while self._bytes > self.max_bytes:
            k, evicted = self._items.popitem(last=False)
            self._bytes -= self._cost(k, evicted)


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison of an ``If-None-Match`` header with our ETag.

    >>> etag_matches('W/"a", "b"', '"a"'), etag_matches('*', '"a"'), etag_matches('"c"', '"a"')
    (True, True, False)
    """
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    ours = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == ours for tag in if_none_match.split(","))


class Documents:
    """Pages and resource descriptions, each made once per build and then served as bytes.

    A page depends only on the build, its URL and the language, so the first request for
    one makes it through its route and every later one is answered from here with the same
    headers, ETag and 304 handling, also by the application's fast path (``app.FastPath``)
    before any routing. Only URLs whose query string is empty or just ``lang=en|fr`` are kept,
    so the keys are bounded by the graph's resources; bodies and keys count against
    ``max_bytes`` (the least recently used go first).
    """

    KEPT_QUERIES = ("", "lang=en", "lang=fr")

    def __init__(self, max_bytes: int = 32 * 1024 * 1024):
        self.max_bytes = max_bytes
        #: (path, query, language) -> (body, media type, ETag, Vary)
        self._items: OrderedDict[tuple[str, str, str], tuple[bytes, str, str, str]] = OrderedDict()
        self._bytes = 0

    @staticmethod
    def _size(key: tuple, body: bytes) -> int:
        return len(body) + len(repr(key)) + 200  # the key, the headers kept and the entry itself

    def get(self, path: str, query: str, lang: str) -> tuple[bytes, str, str, str] | None:
        if query not in self.KEPT_QUERIES:
            return None
        hit = self._items.get((path, query, lang))
        if hit is not None:
            self._items.move_to_end((path, query, lang))
        return hit

    def serve(self, request, lang: str, make):
        """The response to ``request``: from memory, or ``make()`` (kept when it is a 200 with an ETag)."""
        key = (request.scope["path"], request.scope["query_string"].decode("latin-1"), lang)
        if not self.max_bytes or key[1] not in self.KEPT_QUERIES:
            return make()
        hit = self.get(*key)
        if hit is not None:
            body, media_type, etag, vary = hit
            return request.app.state.server.conditional(request, body, media_type, etag, vary=vary)
        response = make()
        etag = response.headers.get("etag")
        if response.status_code == 200 and etag:
            body = bytes(response.body)
            size = self._size(key, body)
            if size <= self.max_bytes // 4:
                media_type = response.headers["content-type"].split(";")[0]
                self._items[key] = (body, media_type, etag, response.headers.get("vary", "Accept"))
                self._bytes += size
                while self._bytes > self.max_bytes:
                    old_key, (old, *_rest) = self._items.popitem(last=False)
                    self._bytes -= self._size(old_key, old)
        return response


class Memo:
    """A pure function's results by argument, least recently used first out, bounded in bytes
    (each entry counts twice its key's length, for the key and a value made from it, and
    ``cost`` per entry), so hostile
    distinct arguments can evict each other but never grow the memory.

    >>> m = Memo(len, max_bytes=1000, cost=100)
    >>> m("abc"), m("abc"), m.hits
    (3, 3, 1)
    >>> all(m(f"{i:02d}" * 20) == 40 for i in range(100)) and m.size <= 1000
    True
    >>> m("x" * 5000)  # too big to keep: computed every time
    5000
    """

    def __init__(self, fn, max_bytes: int = 1024 * 1024, cost: int = 256):
        self.fn, self.max_bytes, self.cost = fn, max_bytes, cost
        self._items: OrderedDict = OrderedDict()
        self.size = self.hits = 0

    def __call__(self, key):
        try:
            value = self._items[key]
        except KeyError:
            pass
        else:
            self._items.move_to_end(key)
            self.hits += 1
            return value
        value = self.fn(key)
        size = 2 * len(key) + self.cost
        if size <= self.max_bytes // 8:
            self._items[key] = value
            self.size += size
            while self.size > self.max_bytes:
                old, _ = self._items.popitem(last=False)
                self.size -= 2 * len(old) + self.cost
        return value
