"""One table of formats, read by export, the CLI's choices and the server's content negotiation.

A format is an object (the habit of pyoxigraph's ``RdfFormat``): its name, media type,
file extension, whether it keeps named graphs, the W3C formats-registry IRI, and the
pyoxigraph format (``RdfFormat`` or ``QueryResultsFormat``) that parses and writes it. Every
parse and serialisation in the package picks its pyoxigraph format here, never by hand.

>>> by_name("ttl").media_type
'text/turtle'
>>> by_media_type("application/ld+json; profile=x").name
'jsonld'
>>> by_extension(".nq").datasets
True
>>> by_name("trig").ox
<RdfFormat TriG>
>>> of_content_type("text/turtle; charset=utf-8").name, of_content_type("text/html").name
('turtle', 'ntriples')
>>> by_name("xls")
Traceback (most recent call last):
...
wco_kg.errors.UsageError: unknown RDF format 'xls'; choose one of: turtle, jsonld, ntriples, nquads, trig, rdfxml
"""

from __future__ import annotations

from collections import namedtuple

import pyoxigraph as ox

from .errors import UsageError


class Format(namedtuple("Format", "name label media_type extension datasets iri aliases other_media_types ox",
                        defaults=((), (), None))):
    """One serialisation: how the CLI, the server and the files name it, and pyoxigraph's own format.

    Its ``name``, ``label``, ``media_type`` and ``extension``; ``datasets``, whether it keeps
    named graphs (the source of each fact); ``iri`` (http://www.w3.org/ns/formats/...);
    ``aliases`` and ``other_media_types`` (tuples of str); ``ox``, the ``pyoxigraph.RdfFormat``
    or ``QueryResultsFormat`` it is parsed and written with, or None.

    (A ``collections.namedtuple``, neither a dataclass nor a ``typing.NamedTuple``: a cold
    ``wco-kg query`` imports this module, and ``dataclasses`` took about 8 ms of it with the
    ``inspect`` it imports, ``typing`` 3.6 ms.)
    """

    __slots__ = ()

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.other_media_types)


_W3C = "http://www.w3.org/ns/formats/"

#: RDF serialisations, in the order the CLI lists them. Turtle first: the default.
RDF_FORMATS: tuple[Format, ...] = (
    # "n3": SPARQLWrapper's N3 asks for Turtle (every Turtle document is N3).
    Format("turtle", "Turtle", "text/turtle", "ttl", False, _W3C + "Turtle", ("ttl", "n3"),
           ("application/x-turtle", "application/turtle"), ox.RdfFormat.TURTLE),
    # "json": a SPARQL client asking ``format=json`` for a CONSTRUCT means JSON-LD.
    # ``datasets`` is False although JSON-LD can hold named graphs: our JSON-LD merges them.
    Format("jsonld", "JSON-LD", "application/ld+json", "jsonld", False, _W3C + "JSON-LD",
           ("json-ld", "json"), ("application/x-json+ld",), ox.RdfFormat.JSON_LD),
    Format("ntriples", "N-Triples", "application/n-triples", "nt", False, _W3C + "N-Triples",
           ("nt",), ("text/plain",), ox.RdfFormat.N_TRIPLES),
    Format("nquads", "N-Quads", "application/n-quads", "nq", True, _W3C + "N-Quads",
           ("nq",), ("text/x-nquads",), ox.RdfFormat.N_QUADS),
    Format("trig", "TriG", "application/trig", "trig", True, _W3C + "TriG", (),
           ("application/x-trig",), ox.RdfFormat.TRIG),
    Format("rdfxml", "RDF/XML", "application/rdf+xml", "rdf", False, _W3C + "RDF_XML",
           ("xml", "rdf", "owl", "rdf+xml"), ("application/xml",), ox.RdfFormat.RDF_XML),
)

#: SPARQL results serialisations (SELECT and ASK).
RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", "SPARQL JSON", "application/sparql-results+json", "srj", False,
           _W3C + "SPARQL_Results_JSON", ("srj",), ("application/json",), ox.QueryResultsFormat.JSON),
    Format("xml", "SPARQL XML", "application/sparql-results+xml", "srx", False,
           _W3C + "SPARQL_Results_XML", ("srx",), (), ox.QueryResultsFormat.XML),
    Format("csv", "CSV", "text/csv", "csv", False, _W3C + "SPARQL_Results_CSV", (), (),
           ox.QueryResultsFormat.CSV),
    Format("tsv", "TSV", "text/tab-separated-values", "tsv", False,
           _W3C + "SPARQL_Results_TSV", (), (), ox.QueryResultsFormat.TSV),
)


#: A web page, the first choice for a resource's description when a browser asks.
HTML = Format("html", "HTML", "text/html", "html", False, "", ("htm",), ("application/xhtml+xml",))
#: Plain JSON (the search hits, a question's rows), for content negotiation against HTML.
JSON = Format("json", "JSON", "application/json", "json", False, "")

#: What a resource IRI can be dereferenced to: a page, or its description in an RDF format.
DOCUMENT_FORMATS: tuple[Format, ...] = (HTML, *RDF_FORMATS)


def _lookup(table: tuple[Format, ...], key: str, attr: str) -> Format | None:
    for f in table:
        if attr == "name" and (key == f.name or key in f.aliases):
            return f
        if attr == "media" and key in f.media_types:
            return f
        if attr == "ext" and key == f.extension:
            return f
    return None


def by_name(name: str, table: tuple[Format, ...] = RDF_FORMATS) -> Format:
    """The format called ``name`` (or one of its aliases); UsageError otherwise."""
    found = _lookup(table, name.strip().lower(), "name")
    if found is None:
        choices = ", ".join(f.name for f in table)
        kind = "results" if table is RESULT_FORMATS else "RDF"
        raise UsageError(f"unknown {kind} format {name!r}; choose one of: {choices}")
    return found


#: The formats a data file (data/, ontology/, a build's N-Quads) is read in, by extension.
DATA_FORMATS: tuple[Format, ...] = tuple(by_name(n) for n in ("trig", "turtle", "nquads"))


def by_media_type(media_type: str, table: tuple[Format, ...] = RDF_FORMATS) -> Format | None:
    """The format for a media type (parameters such as ``; charset=`` ignored), or None."""
    return _lookup(table, media_type.split(";")[0].strip().lower(), "media")


def by_extension(ext: str, table: tuple[Format, ...] = RDF_FORMATS) -> Format | None:
    """The format for a file extension (with or without the dot), or None."""
    return _lookup(table, ext.lower().lstrip("."), "ext")


def names(table: tuple[Format, ...] = RDF_FORMATS) -> list[str]:
    """The formats' names, in the table's order (the CLI's choices)."""
    return [f.name for f in table]


def rdf(name: str) -> ox.RdfFormat:
    """pyoxigraph's format for one of ours, by name or alias.

    >>> rdf("nq")
    <RdfFormat N-Quads>
    """
    found = by_name(name).ox
    assert isinstance(found, ox.RdfFormat)
    return found


def of_content_type(content_type: str | None, default: str = "ntriples") -> Format:
    """The RDF format of a response's ``Content-Type`` (a store's or an endpoint's answer),
    else ``default`` (N-Triples: what every store we target writes)."""
    return by_media_type(content_type or "") or by_name(default)
