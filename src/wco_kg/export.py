"""Serialise the graph in every format of ``formats.RDF_FORMATS``, byte-stable, and write files atomically.

Byte-stable: quads are sorted (subject, then ``rdf:type`` first, then predicate and object)
before pyoxigraph writes them, and the data has no blank nodes, so a rebuild of the same
data changes no byte. JSON-LD is written here (pyoxigraph writes expanded JSON-LD only):
one node object per subject, compacted with the project's context, which is also written
as ``context.jsonld`` for others to reference.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Iterable, Mapping

import pyoxigraph as ox

from .errors import DataError
from .formats import Format, by_name, rdf
from .namespaces import BASE, CONTEXT, ID, PREFIXES, RDF_TYPE, STANDARD_PREFIXES, WKG, XSD

#: Prefixes written into exports: ours and the standard ones, not the shapes' namespace.
OUTPUT_PREFIXES = {p: ns for p, ns in PREFIXES.items() if p not in ("wkgsh",)}


_TYPE = ox.NamedNode(RDF_TYPE)


def _key(t) -> str:
    """Sort key (subject, rdf:type first, predicate, object) as one string: NUL separates the
    parts (it sorts before any character of a term), so it orders exactly like the tuple, with
    half the memory and time at a million triples."""
    p = t.predicate
    return f"{t.subject}\0{'1' if p != _TYPE else '0'}{p}\0{t.object}"


def sorted_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """Distinct triples in a stable order (subject, ``rdf:type`` first, predicate, object)."""
    return sorted(set(triples), key=_key)


def sorted_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    return sorted(quads, key=lambda q: f"{q.graph_name}\0{_key(q)}")


def serialize_triples(triples: Iterable[ox.Triple], fmt: str | Format = "turtle") -> bytes:
    """Triples in any RDF format, sorted."""
    f = fmt if isinstance(fmt, Format) else by_name(fmt)
    ordered = sorted_triples(triples)
    if f.name == "jsonld":
        return jsonld_stream(ordered)
    if f.datasets:
        return ox.serialize([ox.Quad(t.subject, t.predicate, t.object) for t in ordered],
                            format=f.ox, prefixes=_prefixes_for(f))
    return ox.serialize(ordered, format=f.ox, prefixes=_prefixes_for(f))


def serialize_store(store: ox.Store, fmt: str | Format = "turtle") -> bytes:
    """The whole dataset: named graphs kept in N-Quads and TriG, merged in the others."""
    f = fmt if isinstance(fmt, Format) else by_name(fmt)
    if f.datasets:
        return ox.serialize(sorted_quads(store), format=f.ox, prefixes=_prefixes_for(f))
    return serialize_triples((q.triple for q in store), f)


def _prefixes_for(f: Format) -> dict[str, str] | None:
    if f.name in ("ntriples", "nquads"):
        return None
    return OUTPUT_PREFIXES


# ---------------------------------------------------------------------- JSON-LD

def context_document() -> dict:
    """The published ``@context`` (https://w3id.org/wco-kg/context.jsonld): the prefixes.

    The resource prefix ``id`` is left out on purpose: many contexts (schema.org's among
    them) alias ``id`` to ``@id``. Our exports use ``@base`` for resources instead.
    No ``@version``: the context uses nothing of JSON-LD 1.1 (prefixes, ``@base``, ``@language``
    and ``@type`` values are all 1.0), and declaring 1.1 makes a 1.0 processor refuse the file.
    Every prefix ends in ``/`` or ``#``, so 1.1 processors use them as prefixes too.
    """
    ctx: dict = {"wkg": str(WKG)}
    ctx.update(STANDARD_PREFIXES)
    ctx.pop("sh", None)
    return {"@context": ctx}


def _jsonld_iri(iri: str, prefixes: Mapping[str, str]) -> str:
    if iri.startswith(ID) and ":" not in iri[len(ID):]:
        return iri[len(ID):]  # relative to @base
    for p, ns in prefixes.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            local = iri[len(ns):]
            if not local.startswith("//") and all(c not in local for c in " #/?:"):
                return f"{p}:{local}"
    return iri


def _jsonld_value(term, prefixes: Mapping[str, str]):
    if isinstance(term, ox.NamedNode):
        return {"@id": _jsonld_iri(term.value, prefixes)}
    if isinstance(term, ox.BlankNode):
        return {"@id": "_:" + term.value}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == XSD + "string":
        return term.value
    return {"@value": term.value, "@type": _jsonld_iri(term.datatype.value, prefixes)}


def jsonld_bytes(doc: dict) -> bytes:
    """A JSON-LD document as text, one node object per line (linear at a million triples:
    the C JSON encoder writes each node; an indented dump of the whole graph is several times slower)."""
    head = json.dumps(doc["@context"], ensure_ascii=False, indent=2).replace("\n", "\n  ")
    nodes = ",\n    ".join(json.dumps(node, ensure_ascii=False) for node in doc["@graph"])
    return f'{{\n  "@context": {head},\n  "@graph": [\n    {nodes}\n  ]\n}}\n'.encode()


def jsonld_nodes(triples: Iterable[ox.Triple]):
    """Node objects, one per subject, from triples sorted by subject (one node in memory at a time)."""
    prefixes = context_document()["@context"]
    prefixes = {k: v for k, v in prefixes.items() if not k.startswith("@")}
    memo: dict[str, str] = {}

    def iri(value: str) -> str:
        got = memo.get(value)
        if got is None:
            got = memo[value] = _jsonld_iri(value, prefixes)
        return got

    def finish(node: dict) -> dict:
        return {k: (v[0] if isinstance(v, list) and len(v) == 1 and k != "@type" else v) for k, v in node.items()}

    node: dict | None = None
    for t in triples:
        s = t.subject
        sid = "_:" + s.value if isinstance(s, ox.BlankNode) else iri(s.value)
        if node is None or node["@id"] != sid:
            if node is not None:
                yield finish(node)
            node = {"@id": sid}
        if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            node.setdefault("@type", []).append(iri(t.object.value))
            continue
        o = t.object
        key = iri(t.predicate.value)
        node.setdefault(key, []).append({"@id": iri(o.value)} if isinstance(o, ox.NamedNode)
                                        else _jsonld_value(o, prefixes))
    if node is not None:
        yield finish(node)


def _context(context_iri: str | None) -> object:
    if context_iri:
        return [context_iri, {"@base": ID}]
    return dict(context_document()["@context"], **{"@base": ID})


def jsonld_stream(triples: Iterable[ox.Triple], context_iri: str | None = None) -> bytes:
    """``jsonld_bytes(jsonld_document(...))`` without holding the whole document: sorted triples in, text out."""
    return jsonld_bytes({"@context": _context(context_iri), "@graph": jsonld_nodes(triples)})


def jsonld_document(triples: Iterable[ox.Triple], context_iri: str | None = None,
                    presorted: bool = False) -> dict:
    """Compact JSON-LD: one node object per subject, keys as compact IRIs, ``@type`` arrays.

    With ``context_iri`` the context is referenced (plus ``@base``); without, it is inlined,
    so the file is readable offline by any JSON-LD processor.
    """
    graph = list(jsonld_nodes(triples if presorted else sorted_triples(triples)))
    return {"@context": _context(context_iri), "@graph": graph}


# ---------------------------------------------------------------------- comparison

def isomorphic_triples(a: Iterable[ox.Triple], b: Iterable[ox.Triple]) -> bool:
    """Graph isomorphism (blank nodes matched by structure), through rdflib.compare."""
    from rdflib import Graph
    from rdflib.compare import isomorphic

    ga, gb = Graph(), Graph()
    ga.parse(data=ox.serialize(list(a), format=rdf("ntriples")), format="nt")
    gb.parse(data=ox.serialize(list(b), format=rdf("ntriples")), format="nt")
    return isomorphic(ga, gb)


# ---------------------------------------------------------------------- atomic writes

def write_atomically(files: Mapping[str, bytes], out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write every file or none: all go to a temporary folder beside ``out_dir`` first,
    then each is moved into place with ``os.replace`` (atomic on one file system).
    """
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".wco-kg-", dir=out))
    except OSError as e:
        raise DataError(f"cannot write to {out}: {e.strerror or e}") from None
    written = []
    try:
        for name, content in files.items():
            (tmp / name).write_bytes(content)
        for name in files:
            os.replace(tmp / name, out / name)
            written.append(out / name)
    except OSError as e:
        raise DataError(f"cannot write {out}: {e.strerror or e}") from None
    finally:
        for leftover in tmp.glob("*"):
            leftover.unlink()
        tmp.rmdir()
    return written


def write_file_atomically(path: str | os.PathLike[str], content: bytes) -> Path:
    p = Path(path)
    return write_atomically({p.name: content}, p.parent if str(p.parent) else ".")[0]


def line_changes(path: Path, new_text: str) -> tuple[list[str], int, int]:
    """What writing ``new_text`` to ``path`` would change: the unified diff (no context lines)
    and the counts of lines added and removed (a missing file counts as empty)."""
    import difflib

    old = path.read_bytes().decode("utf-8", "replace") if path.exists() else ""
    diff = list(difflib.unified_diff(old.splitlines(), new_text.splitlines(), str(path), str(path),
                                     lineterm="", n=0))
    added = sum(1 for d in diff if d.startswith("+") and not d.startswith("+++"))
    removed = sum(1 for d in diff if d.startswith("-") and not d.startswith("---"))
    return diff, added, removed


__all__ = ["serialize_store", "serialize_triples", "jsonld_document", "context_document",
           "write_atomically", "write_file_atomically", "isomorphic_triples", "BASE", "CONTEXT"]


def serialize_quads(quads: Iterable[ox.Quad], fmt: str | Format = "trig") -> bytes:
    """Quads in any RDF format, sorted: named graphs kept in N-Quads and TriG, merged in the others."""
    f = fmt if isinstance(fmt, Format) else by_name(fmt)
    if f.datasets:
        return ox.serialize(sorted_quads(set(quads)), format=f.ox, prefixes=_prefixes_for(f))
    return serialize_triples((q.triple for q in quads), f)
