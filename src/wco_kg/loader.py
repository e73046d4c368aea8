"""Load ontology/ and data/ into one dataset, add the standard superterms, describe it (VoID), cache it.

The dataset keeps one named graph per source (``graph:<source>``), the ontology in its
own graph, and the generated VoID/DCAT description in ``graph:description``.
``load_graph()`` is what every command works on: ``load`` (parse and check the files),
``entail`` (the standard superterms), ``describe`` (the counts), optionally kept in a disk
cache. Writing the exports is ``builder.build()``'s job.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Sequence

import pyoxigraph as ox

from .dataset_cache import dataset_file, open_persisted, persist, prune
from .errors import DataError
from .formats import DATA_FORMATS, RDF_FORMATS, Format, by_extension, rdf
from .namespaces import (DATASET, DESCRIPTION_GRAPH, DUMP_BASE, DUMP_NAME, ID, ONTOLOGY_GRAPH, PREFIXES,
                         sparql_prologue)
from .project import Project
from .store import execute

Progress = Callable[[str], None]


def no_progress(_: str) -> None:
    """The default progress callback: say nothing."""
    pass


# ---------------------------------------------------------------------- loading

def _parse_error(path: Path, err: SyntaxError) -> DataError:
    msg = str(getattr(err, "msg", err))
    line, col = getattr(err, "lineno", None), getattr(err, "offset", None)
    # "Parser error at line 4 between columns 28 and 32: message" -> keep the message
    if ": " in msg and msg.startswith("Parser error"):
        msg = msg.split(": ", 1)[1]
    return DataError(msg, str(path), line, col)


#: The longest term (literal, IRI) the parser holds in its buffer (pyoxigraph's limit).
MAX_TERM_BYTES = 16 * 1024 * 1024


def check_regular(paths: Iterable[Path]) -> None:
    """Refuse what is not a regular file (a FIFO would block the build, a device never ends)."""
    import stat

    for path in paths:
        try:
            mode = os.stat(path).st_mode
        except OSError as e:
            raise DataError(e.strerror or str(e), str(path)) from None
        if not stat.S_ISREG(mode):
            kind = ("a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else
                    "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a folder" if stat.S_ISDIR(mode)
                    else "a special file")
            raise DataError(f"{kind}, not a regular file; data files must be regular files", str(path))


def _long_line(path: Path, limit: int) -> int | None:
    """The first line longer than ``limit`` bytes, read in chunks (the line itself is never held)."""
    line, length = 1, 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            start = 0
            while (nl := chunk.find(b"\n", start)) != -1:
                if length + nl - start > limit:
                    return line
                line, length, start = line + 1, 0, nl + 1
            length += len(chunk) - start
            if length > limit:
                return line
    return None


def load_file(store: ox.Store, path: Path, graph: str | None = None) -> None:
    """Parse one file into ``store`` (into ``graph`` for Turtle), as a ``file:line:col:`` error if malformed."""
    fmt = _data_format(path)
    check_regular([path])
    kwargs = {"to_graph": ox.NamedNode(graph)} if graph and not fmt.supports_datasets else {}
    try:
        store.bulk_load(path=str(path), format=fmt, **kwargs)
    except SyntaxError as e:
        raise _parse_error(path, e) from None
    except MemoryError:  # the parser's buffer limit: one term over 16 MiB
        raise DataError(f"a literal or IRI over {MAX_TERM_BYTES // (1024 * 1024)} MiB, the parser's limit",
                        str(path), _long_line(path, MAX_TERM_BYTES)) from None
    except OSError as e:
        raise DataError(e.strerror or str(e), str(path)) from None


def _data_format(path: Path) -> ox.RdfFormat:
    """pyoxigraph's format for a data file, by its extension (``formats.DATA_FORMATS``)."""
    found = by_extension(path.suffix, DATA_FORMATS)
    if found is None or not path.suffix:
        exts = [f".{f.extension}" for f in DATA_FORMATS]
        use = ", ".join(exts[:-1]) + " or " + exts[-1]
        raise DataError(f"unsupported file type {path.suffix!r} (use {use})", str(path))
    return found.ox


def _check_file(path: Path) -> None:
    """The slow, precise check of one data file: named graphs only, no blank nodes."""
    for q in ox.parse(path=str(path), format=_data_format(path)):
        if isinstance(q.graph_name, ox.DefaultGraph):
            raise DataError(f"{q.subject} {q.predicate} is outside a named graph; put every fact in "
                            "the GRAPH of its source (see data/sources.trig)", str(path))
        for t in (q.subject, q.object):
            if isinstance(t, ox.BlankNode):
                raise DataError(f"blank node in a fact about {q.subject}; give it an IRI under {ID} "
                                "so it can be linked and exports stay byte-stable", str(path))


def load(project: Project | None = None, data_files: Sequence[str | os.PathLike[str]] | None = None,
         progress: Progress = no_progress) -> ox.Store:
    """Parse the ontology and the data files (default: every file in data/) into a new store."""
    project = project or Project.locate()
    store = ox.Store()
    for path in project.ontology_files():
        load_file(store, path, ONTOLOGY_GRAPH)
    files = [Path(p) for p in data_files] if data_files else project.data_files()
    if not files:
        raise DataError("no data files (*.trig, *.ttl, *.nq)", str(project.data_dir))
    for path in files:
        if not path.exists():
            raise DataError("no such file", str(path))
        load_file(store, path)
    progress(f"loaded {len(files)} data file(s), {len(store)} quads")
    # Cheap whole-store checks; on failure, find the file and say where.
    bad = execute(store, "ASK { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } FILTER(isBlank(?s) || isBlank(?o)) } }",
                  union=False)  # `?s ?p ?o` outside GRAPH: the triples outside every named graph
    if bad:
        for path in files:
            _check_file(path)
    return store


# ---------------------------------------------------------------------- entailment

_ENTAIL = sparql_prologue() + """
INSERT {{ GRAPH ?g {{ ?s {what} }} }}
WHERE {{
  GRAPH <{ontology}> {{ ?minted {axiom}+ ?super }}
  GRAPH ?g {{ {pattern} }}
  FILTER(?g != <{ontology}>)
}}"""


def entail(store: ox.Store) -> int:
    """Write the standard superclasses and superproperties of our minted terms into the data.

    Only the ontology's own ``rdfs:subClassOf`` / ``rdfs:subPropertyOf`` axioms are used
    (no other reasoning), and each new triple goes into the graph of the triple it comes
    from, so it keeps its source. Returns the number of quads added.
    """
    before = len(store)
    store.update(_ENTAIL.format(what="a ?super", axiom="rdfs:subClassOf", pattern="?s a ?minted",
                                ontology=ONTOLOGY_GRAPH))
    store.update(_ENTAIL.format(what="?super ?o", axiom="rdfs:subPropertyOf", pattern="?s ?minted ?o",
                                ontology=ONTOLOGY_GRAPH))
    return len(store) - before


# ---------------------------------------------------------------------- description (VoID/DCAT)

def _count(store: ox.Store, query: str) -> int:
    rows = list(execute(store, query))
    return int(rows[0][0].value) if rows else 0


def describe(store: ox.Store, formats: Iterable[Format] = RDF_FORMATS) -> None:
    """Add what can be counted to the dataset description in ``graph:description``."""
    g = ox.NamedNode(DESCRIPTION_GRAPH)
    ds = ox.NamedNode(DATASET)

    def iri(x: str) -> ox.NamedNode:
        return ox.NamedNode(x)

    def lit(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=iri(PREFIXES["xsd"] + "integer"))

    v, dcat, dct = PREFIXES["void"], PREFIXES["dcat"], PREFIXES["dcterms"]
    not_description = f"FILTER(?g != <{DESCRIPTION_GRAPH}>)"
    stats = {
        "triples": f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {not_description} }} }}",
        "entities": f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {not_description} FILTER(STRSTARTS(STR(?s), \"{ID}\")) }}",
        "classes": f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ GRAPH ?g {{ ?s a ?c }} {not_description} }}",
        "properties": f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {not_description} }}",
        "distinctSubjects": f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {not_description} }}",
        "distinctObjects": f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {not_description} }}",
    }
    quads = [ox.Quad(ds, iri(v + name), lit(_count(store, q)), g) for name, q in stats.items()]
    # One subset per named graph (source graphs and the ontology), with its size.
    for row in execute(store, f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {not_description} }} GROUP BY ?g"):
        graph_iri = row["g"]
        quads += [ox.Quad(ds, iri(v + "subset"), graph_iri, g),
                  ox.Quad(graph_iri, iri(PREFIXES["rdf"] + "type"), iri(v + "Dataset"), g),
                  ox.Quad(graph_iri, iri(v + "triples"), row["n"], g)]
    # A distribution per export format (DCAT-AP 3.0.0: access URL, licence; the classes of what
    # the description links to, and each dump's size and checksum: wco_kg.catalog).
    licences = [q.object for q in store.quads_for_pattern(ds, iri(dct + "license"), None, g)]
    for f in formats:
        dist = iri(f"{DATASET}/distribution/{f.extension}")
        url = iri(f"{DUMP_BASE}{DUMP_NAME}.{f.extension}")
        quads += [ox.Quad(ds, iri(dcat + "distribution"), dist, g),
                  ox.Quad(ds, iri(v + "dataDump"), url, g),
                  ox.Quad(dist, iri(PREFIXES["rdf"] + "type"), iri(dcat + "Distribution"), g),
                  ox.Quad(dist, iri(dct + "title"), ox.Literal(f"wco-kg in {f.label}", language="en"), g),
                  ox.Quad(dist, iri(dct + "description"),
                          ox.Literal(f"The whole dataset in one {f.label} file.", language="en"), g),
                  ox.Quad(dist, iri(dcat + "mediaType"), iri("https://www.iana.org/assignments/media-types/" + f.media_type), g),
                  ox.Quad(dist, iri(dct + "format"), iri(f.iri), g),
                  ox.Quad(dist, iri(dcat + "accessURL"), url, g),
                  ox.Quad(dist, iri(dcat + "downloadURL"), url, g)]
        quads += [ox.Quad(dist, iri(dct + "license"), lic, g) for lic in licences]
    store.extend(quads)
    from .catalog import range_types

    store.extend(range_types(store))


# ---------------------------------------------------------------------- the dataset, cached

def load_graph(project: Project | None = None, data_files: Sequence[str | os.PathLike[str]] | None = None,
               progress: Progress = no_progress, cache: bool = False, read_only: bool = False) -> ox.Store:
    """Load, entail and describe: the dataset every command works on.

    With ``cache`` (the CLI's choice; off for library callers unless they ask), the finished
    dataset is kept as N-Quads in the cache folder (``$WCO_KG_CACHE``, else
    ``$XDG_CACHE_HOME/wco-kg`` or ``~/.cache/wco-kg``) under a hash of the input files' bytes
    and of the code that builds it, so the next command on the same files reads it back
    instead of parsing, entailing and describing again (a cold ``query`` in about half the time).
    Any change to a file, or to wco-kg, is a new key (the hash is remembered under the files'
    status, so unchanged files are not read again: ``dataset_cache.digest``); a cache that cannot be written is
    skipped silently, a damaged one is made again. ``wco_kg.load()`` wraps the store in a
    ``KnowledgeGraph``.

    With ``read_only`` (which implies ``cache``), it is also kept as an on-disk Oxigraph store, returned opened
    read-only (so it cannot be changed): opening it takes a third of the CPU of parsing the
    N-Quads, but it mostly waits (about 40 ms of wall time here, 10 of CPU, where parsing
    takes 28), and pyoxigraph lets other threads run meanwhile: ``wco-kg query`` opens it on a
    thread while it reads the question and imports the rest.

    >>> store = load_graph()
    >>> len(store) > 10_000, ox.NamedNode(DESCRIPTION_GRAPH) in set(store.named_graphs())
    (True, True)
    """
    project = project or Project.locate()
    files = [Path(p) for p in data_files] if data_files else project.data_files()
    check_regular([p for p in files if p.exists()])  # before hashing them: a FIFO would block the read
    cache = cache or read_only  # the on-disk store is kept in the cache folder
    cached = dataset_file(project.ontology_files(), files) if cache else None
    if cached is not None and read_only:
        store = open_persisted(cached.with_suffix(".store"))
        if store is not None:
            progress(f"opened the dataset from the cache ({cached.with_suffix('.store')})")
            return store
    store = None
    if cached is not None and cached.is_file():
        store = ox.Store()
        try:
            store.bulk_load(path=str(cached), format=rdf("nquads"))
            progress(f"read the dataset from the cache ({len(store)} quads, {cached})")
        except (OSError, SyntaxError):  # unreadable or damaged: rebuild it below
            store = None
    if store is None:
        store = load(project, data_files, progress)
        added = entail(store)
        describe(store)
        progress(f"added {added} standard superterm triples; dataset has {len(store)} quads")
        if cached is not None:
            _write_cache(store, cached)
    if cached is not None and read_only:
        persist(store, cached.with_suffix(".store"))
    return store


def _write_cache(store: ox.Store, path: Path) -> None:
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as tmp:
            store.dump(tmp, format=rdf("nquads"))
        os.replace(tmp.name, path)
        prune(path.parent, "dataset-*.nq")
    except OSError:
        try:
            os.unlink(tmp.name)
        except (OSError, NameError):
            pass
