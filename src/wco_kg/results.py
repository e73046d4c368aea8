r"""Query results as one model, whichever engine produced them, and their serialisations.

Terms are pyoxigraph terms (``NamedNode``, ``BlankNode``, ``Literal``). A local query and a
remote one (SPARQL JSON through SPARQLWrapper) give the same ``Result``, so the CLI, the
tests and the server print and compare them the same way.

>>> import pyoxigraph as ox
>>> r = Result.select(["x"], [(ox.Literal("a"),), (None,)])
>>> r.to_csv()
'x\r\na\r\n""\r\n'
>>> from_sparql_json(r.to_json()) == r
True
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from .errors import DataError
from .records import Record
from .namespaces import PREFIXES, RDF_LANGSTRING, XSD, shorten

Term = ox.NamedNode | ox.BlankNode | ox.Literal

XSD_STRING = XSD + "string"


class Result(Record):
    """An answer: ``kind`` is ``select``, ``ask`` or ``graph`` (CONSTRUCT/DESCRIBE).

    >>> r = Result.select(["n"], [(ox.Literal("1"),), (ox.Literal("2"),)])
    >>> len(r), r.dicts()[1]["n"].value, r.column("n")[0].value, Result.ask(True).boolean
    (2, '2', '1', True)

    A ``records.Record``, not a dataclass (a cold ``wco-kg query`` imports this module). The
    serialisers' modules (csv, json, decimal) are imported by the serialisations that need them.
    """

    __slots__ = ("kind", "variables", "rows", "boolean", "triples")

    def __init__(self, kind: str, variables: list[str] | None = None, rows: list[tuple[Term | None, ...]] | None = None,
                 boolean: bool | None = None, triples: list[ox.Triple] | None = None):
        self.kind = kind
        self.variables = [] if variables is None else variables
        self.rows = [] if rows is None else rows
        self.boolean = boolean
        self.triples = [] if triples is None else triples

    @classmethod
    def select(cls, variables: Sequence[str], rows: Iterable[Sequence[Term | None]]) -> "Result":
        return cls("select", list(variables), [tuple(r) for r in rows])

    @classmethod
    def ask(cls, value: bool) -> "Result":
        return cls("ask", boolean=bool(value))

    @classmethod
    def graph(cls, triples: Iterable[ox.Triple]) -> "Result":
        return cls("graph", triples=list(triples))

    def __len__(self) -> int:
        if self.kind == "select":
            return len(self.rows)
        if self.kind == "graph":
            return len(self.triples)
        return 1

    def dicts(self) -> list[dict[str, Term]]:
        """Rows as ``{variable: term}``, unbound variables left out."""
        return [{v: t for v, t in zip(self.variables, row) if t is not None} for row in self.rows]

    def column(self, name: str) -> list[Term | None]:
        i = self.variables.index(name)
        return [row[i] for row in self.rows]

    # ------------------------------------------------------------------ serialisations

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/)."""
        import json

        if self.kind == "ask":
            doc: dict = {"head": {}, "boolean": self.boolean}
        else:
            self._need_select("JSON")
            doc = {"head": {"vars": self.variables},
                   "results": {"bindings": [{v: term_to_json(t) for v, t in d.items()}
                                            for d in self.dicts()]}}
        return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"

    def to_xml(self) -> str:
        """SPARQL Query Results XML (https://www.w3.org/TR/rdf-sparql-XMLres/)."""
        from xml.sax.saxutils import escape, quoteattr

        out = ['<?xml version="1.0"?>',
               '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
        if self.kind == "ask":
            out += ["</head>", f"<boolean>{'true' if self.boolean else 'false'}</boolean>"]
        else:
            self._need_select("XML")
            out += [f"<variable name={quoteattr(v)}/>" for v in self.variables]
            out += ["</head>", "<results>"]
            for d in self.dicts():
                out.append("<result>")
                for v, t in d.items():
                    if isinstance(t, ox.NamedNode):
                        inner = f"<uri>{escape(t.value)}</uri>"
                    elif isinstance(t, ox.BlankNode):
                        inner = f"<bnode>{escape(t.value)}</bnode>"
                    elif t.language:
                        inner = f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
                    elif t.datatype.value != XSD_STRING:
                        inner = f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
                    else:
                        inner = f"<literal>{escape(t.value)}</literal>"
                    out.append(f"<binding name={quoteattr(v)}>{inner}</binding>")
                out.append("</result>")
            out.append("</results>")
        out.append("</sparql>")
        return "\n".join(out) + "\n"

    def to_csv(self) -> str:
        """SPARQL 1.1 CSV: plain values (https://www.w3.org/TR/sparql11-results-csv-tsv/)."""
        import csv

        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")  # RFC 4180, as the SPARQL CSV spec says
        if self.kind == "ask":
            w.writerow(["boolean"])
            w.writerow(["true" if self.boolean else "false"])
            return buf.getvalue()
        self._need_select("CSV")
        w.writerow(self.variables)
        for row in self.rows:
            w.writerow(["" if t is None else ("_:" + t.value if isinstance(t, ox.BlankNode) else t.value)
                        for t in row])
        return buf.getvalue()

    def to_tsv(self) -> str:
        """SPARQL 1.1 TSV: terms in Turtle/N-Triples syntax."""
        if self.kind == "ask":
            return "?boolean\n" + ("true" if self.boolean else "false") + "\n"
        self._need_select("TSV")
        lines = ["\t".join("?" + v for v in self.variables)]
        for row in self.rows:
            lines.append("\t".join("" if t is None else str(t) for t in row))
        return "\n".join(lines) + "\n"

    def to_table(self, prefixes: dict[str, str] | None = None, max_width: int = 60) -> str:
        """A table for people: prefixed names, labels' language tags, aligned columns."""
        if self.kind == "ask":
            return ("yes" if self.boolean else "no") + "\n"
        if self.kind == "graph":
            return self.to_rdf("turtle").decode()
        header = list(self.variables)
        body = [[display(t, prefixes) for t in row] for row in self.rows]
        widths = [min(max_width, max([len(h)] + [len(r[i]) for r in body])) for i, h in enumerate(header)]

        def fit(s: str, w: int) -> str:
            return s if len(s) <= w else s[: w - 1] + "…"

        lines = ["  ".join(fit(h, w).ljust(w) for h, w in zip(header, widths)).rstrip(),
                 "  ".join("-" * w for w in widths)]
        lines += ["  ".join(fit(c, w).ljust(w) for c, w in zip(r, widths)).rstrip() for r in body]
        lines.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
        return "\n".join(lines) + "\n"

    def to_rdf(self, fmt: str = "turtle") -> bytes:
        """CONSTRUCT/DESCRIBE output in an RDF format of ``formats.RDF_FORMATS``."""
        from .export import serialize_triples

        if self.kind != "graph":
            raise DataError(f"a {self.kind.upper()} result cannot be written as RDF; use table, csv, tsv or json")
        return serialize_triples(self.triples, fmt)

    def serialize(self, fmt: str) -> bytes:
        """Any output format by name: table, csv, tsv, json, xml, or an RDF format."""
        writers = {"table": self.to_table, "csv": self.to_csv, "tsv": self.to_tsv,
                   "json": self.to_json, "xml": self.to_xml}
        if self.kind == "graph" and fmt != "table":
            return self.to_rdf(fmt)
        if fmt not in writers:
            raise DataError(f"a {self.kind.upper()} result cannot be written as {fmt}; "
                            "use table, csv, tsv, json or xml")
        return writers[fmt]().encode()

    def _need_select(self, what: str) -> None:
        if self.kind != "select":
            raise DataError(f"a {self.kind.upper()} result cannot be written as {what}; use turtle or jsonld")


def display(t: Term | None, prefixes: dict[str, str] | None = None) -> str:
    if t is None:
        return ""
    if isinstance(t, ox.NamedNode):
        return shorten(t.value, prefixes or PREFIXES)
    if isinstance(t, ox.BlankNode):
        return "_:" + t.value
    if t.language:
        return f"{t.value} @{t.language}"
    return t.value


def term_to_json(t: Term) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    d = {"type": "literal", "value": t.value}
    if t.language:
        d["xml:lang"] = t.language
    elif t.datatype.value != XSD_STRING:
        d["datatype"] = t.datatype.value
    return d


def term_from_json(d: dict) -> Term:
    kind = d.get("type")
    if kind == "uri":
        return ox.NamedNode(d["value"])
    if kind == "bnode":
        return ox.BlankNode(d["value"])
    if kind in ("literal", "typed-literal"):  # Virtuoso says typed-literal
        if "xml:lang" in d:
            return ox.Literal(d["value"], language=d["xml:lang"])
        if d.get("datatype") and d["datatype"] != RDF_LANGSTRING:
            return ox.Literal(d["value"], datatype=ox.NamedNode(d["datatype"]))
        return ox.Literal(d["value"])
    raise DataError(f"unknown term type {kind!r} in SPARQL JSON results")


def from_sparql_json(text: str | bytes | dict) -> Result:
    """Read SPARQL 1.1 Query Results JSON (also Virtuoso's ``typed-literal``)."""
    import json

    doc = text if isinstance(text, dict) else json.loads(text)
    if "boolean" in doc:
        return Result.ask(doc["boolean"])
    variables = doc.get("head", {}).get("vars", [])
    rows = []
    for b in doc.get("results", {}).get("bindings", []):
        rows.append(tuple(term_from_json(b[v]) if v in b else None for v in variables))
    return Result.select(variables, rows)


# ---------------------------------------------------------------------- comparison

_NUMERIC = {XSD + n for n in ("integer", "decimal", "double", "float", "int", "long", "short",
                              "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger",
                              "nonPositiveInteger", "unsignedInt", "unsignedLong")}


def canonical(t: Term | None) -> tuple:
    """A comparison key under which equal values written differently are equal.

    Engines normalise literals differently (Virtuoso writes ``98.0`` as ``98``, lowercases
    language tags); values, not spellings, are compared.
    """
    if t is None:
        return ("unbound",)
    if isinstance(t, ox.NamedNode):
        return ("iri", t.value)
    if isinstance(t, ox.BlankNode):
        return ("bnode",)
    if t.language:
        return ("lang", t.value, t.language.lower())
    dt = t.datatype.value
    if dt in _NUMERIC:
        from decimal import Decimal, InvalidOperation

        try:
            return ("number", Decimal(t.value).normalize())
        except InvalidOperation:
            return ("number", t.value)
    if dt == XSD + "boolean":
        return ("boolean", t.value.strip() in ("true", "1"))
    return ("literal", t.value, dt)


def same_results(a: Result, b: Result, ordered: bool = False) -> bool:
    """True when two results hold the same answers (rows as a bag unless ``ordered``)."""
    if a.kind != b.kind:
        return False
    if a.kind == "ask":
        return a.boolean == b.boolean
    if a.kind == "graph":
        from .export import isomorphic_triples

        return isomorphic_triples(a.triples, b.triples)
    if sorted(a.variables) != sorted(b.variables):
        return False
    order = [b.variables.index(v) for v in a.variables]
    rows_a = [tuple(canonical(t) for t in r) for r in a.rows]
    rows_b = [tuple(canonical(r[i]) for i in order) for r in b.rows]
    if ordered:
        return rows_a == rows_b
    return sorted(rows_a, key=repr) == sorted(rows_b, key=repr)
