"""Content negotiation over the one format table (``wco_kg.formats``).

An ``Accept`` header is a list of media ranges with q-values (RFC 9110, section 12.5.1).
For each format of a table, the most specific range that matches one of its media types
gives its quality; the best quality wins, and a tie goes to the table's order (the
server's preference: the first format of a table is its default). A quality of 0 means
"not acceptable". No header, or an empty one, means "anything": the table's first format.

>>> from wco_kg.formats import RESULT_FORMATS, RDF_FORMATS
>>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_FORMATS)
Choice(format='xml', media_type='application/sparql-results+xml')
>>> negotiate("application/json", RESULT_FORMATS)
Choice(format='json', media_type='application/json')
>>> negotiate(None, RDF_FORMATS).format
'turtle'
>>> negotiate("text/*;q=0.9, text/turtle;q=0", RDF_FORMATS).format  # N-Triples is also text/plain
'ntriples'
>>> negotiate("image/png", RDF_FORMATS) is None
True
>>> from_param("tsv", RESULT_FORMATS).media_type
'text/tab-separated-values'
>>> from_param("xml", RDF_FORMATS).format
'rdfxml'
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple, Sequence

from ..formats import DOCUMENT_FORMATS, Format


class Choice(NamedTuple):
    """The format chosen (its name in ``formats``) and the media type to answer with."""

    format: str
    media_type: str


class MediaRange(NamedTuple):
    type: str
    subtype: str
    q: float

    def matches(self, media_type: str) -> int:
        """How specifically this range matches ``media_type``: 2 exact, 1 ``type/*``, 0 ``*/*``, -1 no."""
        t, _, s = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != t:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == s else -1


#: Media ranges read from one Accept header (the rest are ignored), and the longest header
#: whose choice is memoised (longer ones are negotiated each time, so the memos stay small).
MAX_RANGES = 64
MEMO_HEADER_CHARS = 256


def parse_accept(header: str) -> tuple[MediaRange, ...]:
    """The media ranges of an Accept header; malformed parts are ignored, q is clamped to 0..1."""
    ranges: list[MediaRange] = []
    for part in header.split(",", MAX_RANGES)[:MAX_RANGES]:
        fields = [f.strip() for f in part.split(";")]
        mtype = fields[0].lower()
        if not mtype:
            continue
        if mtype == "*":  # some clients send a bare "*"
            mtype = "*/*"
        t, sep, s = mtype.partition("/")
        if not sep or not t or not s or (t == "*" and s != "*"):
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value.strip())))
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(t, s, q))
    return tuple(ranges)


def _quality(ranges: Sequence[MediaRange], media_type: str) -> tuple[int, float]:
    """(specificity, q) of the most specific range matching ``media_type``; (-1, 0) if none."""
    best, specificity = 0.0, -1
    for r in ranges:
        m = r.matches(media_type)
        if m > specificity:
            best, specificity = r.q, m
    return (specificity, best if specificity >= 0 else 0.0)


@lru_cache(maxsize=1024)
def _negotiate_memo(header: str, table: tuple[Format, ...]) -> Choice | None:
    return _negotiate(header, table)


def _negotiate(header: str, table: tuple[Format, ...]) -> Choice | None:
    ranges = parse_accept(header)
    if not ranges:
        return Choice(table[0].name, table[0].media_type)
    best: Choice | None = None
    best_q = 0.0
    for f in table:
        # The format's quality is that of the media type the client named most precisely
        # (so "application/sparql-results+json;q=0, */*" refuses SPARQL JSON even though
        # */* covers application/json); answer with that type.
        (spec, q), mtype = _quality(ranges, f.media_type), f.media_type
        for candidate in f.media_types[1:]:
            cspec, cq = _quality(ranges, candidate)
            if (cspec, cq) > (spec, q):
                spec, q, mtype = cspec, cq, candidate
        if q > best_q:
            best, best_q = Choice(f.name, mtype), q
    return best


def negotiate(accept: str | None, table: Sequence[Format]) -> Choice | None:
    """The best format of ``table`` for an Accept header, or None (answer 406)."""
    header = (accept or "").strip()
    if len(header) > MEMO_HEADER_CHARS:
        return _negotiate(header, tuple(table))
    return _negotiate_memo(header, tuple(table))


def from_param(value: str, table: Sequence[Format]) -> Choice | None:
    """A ``format=`` parameter (a name, an alias or a media type) as a choice from ``table``."""
    v = value.strip().lower()
    for f in table:
        if v == f.name or v in f.aliases or v == f.extension:
            return Choice(f.name, f.media_type)
        if v.split(";")[0].strip() in f.media_types:
            return Choice(f.name, v.split(";")[0].strip())
    return None


def describe_choices(table: Sequence[Format]) -> str:
    """``text/turtle (turtle), ...``: for 406 messages."""
    return ", ".join(f"{f.media_type} ({f.name})" for f in table)


TEXT_TYPES = ("text/", "application/sparql-results+json", "application/sparql-results+xml",
              "application/ld+json", "application/n-triples", "application/n-quads", "application/trig",
              "application/rdf+xml", "application/json", "image/svg+xml", "application/javascript")


def media_type_with_charset(media_type: str) -> str:
    """The Content-Type for ``media_type``: text formats say they are UTF-8."""
    return media_type + "; charset=utf-8" if media_type.startswith(TEXT_TYPES) else media_type


def location(path: str, query: str, choice: Choice) -> str:
    """Where a resource's IRI (``path`` without its leading slash) sends a client asking for
    ``choice`` (one of ``DOCUMENT_FORMATS``): the same path with that format's extension.

    >>> from ..formats import HTML
    >>> location("id/wco", "lang=fr", Choice("html", HTML.media_type))
    '/id/wco.html?lang=fr'
    """
    extension = next(f.extension for f in DOCUMENT_FORMATS if f.name == choice.format)
    return f"/{path}.{extension}" + (f"?{query}" if query else "")
