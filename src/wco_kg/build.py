"""Load ontology/ and data/ into one dataset, add the standard superterms, describe it, write it out.

The dataset keeps one named graph per source (``graph:<source>``), the ontology in its
own graph, and the generated VoID/DCAT description in ``graph:description``.

``build()`` is the whole pipeline: load, entail, describe, validate, export; it writes
nothing unless the graph conforms, and then writes every file or none.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

import pyoxigraph as ox

from .errors import DataError, ValidationFailed
from .formats import RDF_FORMATS, Format
from .namespaces import (BASE, DATASET, DESCRIPTION_GRAPH, ID, ONTOLOGY_GRAPH, PREFIXES,
                         sparql_prologue)
from .project import Project

_PARSE_FORMATS = {".trig": ox.RdfFormat.TRIG, ".ttl": ox.RdfFormat.TURTLE, ".nq": ox.RdfFormat.N_QUADS}

#: Where the dumps are published (the server serves them under /dump/).
DUMP_BASE = BASE + "dump/"
DUMP_NAME = "wco-kg"

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
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
    fmt = _PARSE_FORMATS.get(path.suffix)
    if fmt is None:
        raise DataError(f"unsupported file type {path.suffix!r} (use .trig, .ttl or .nq)", str(path))
    check_regular([path])
    kwargs = {"to_graph": ox.NamedNode(graph)} if graph and fmt is ox.RdfFormat.TURTLE else {}
    try:
        store.bulk_load(path=str(path), format=fmt, **kwargs)
    except SyntaxError as e:
        raise _parse_error(path, e) from None
    except MemoryError:  # the parser's buffer limit: one term over 16 MiB
        raise DataError(f"a literal or IRI over {MAX_TERM_BYTES // (1024 * 1024)} MiB, the parser's limit",
                        str(path), _long_line(path, MAX_TERM_BYTES)) from None
    except OSError as e:
        raise DataError(e.strerror or str(e), str(path)) from None


def _check_file(path: Path) -> None:
    """The slow, precise check of one data file: named graphs only, no blank nodes."""
    fmt = _PARSE_FORMATS[path.suffix]
    for q in ox.parse(path=str(path), format=fmt):
        if isinstance(q.graph_name, ox.DefaultGraph):
            raise DataError(f"{q.subject} {q.predicate} is outside a named graph; put every fact in "
                            "the GRAPH of its source (see data/sources.trig)", str(path))
        for t in (q.subject, q.object):
            if isinstance(t, ox.BlankNode):
                raise DataError(f"blank node in a fact about {q.subject}; give it an IRI under {ID} "
                                "so it can be linked and exports stay byte-stable", str(path))


def load(project: Project | None = None, data_files: Sequence[str | os.PathLike[str]] | None = None,
         progress: Progress = _quiet) -> ox.Store:
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
    bad = store.query("ASK { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } FILTER(isBlank(?s) || isBlank(?o)) } }")
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
    rows = list(store.query(sparql_prologue() + query, use_default_graph_as_union=True))
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
    for row in store.query(f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {not_description} }} GROUP BY ?g"):
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


# ---------------------------------------------------------------------- the pipeline

def load_graph(project: Project | None = None, data_files: Sequence[str | os.PathLike[str]] | None = None,
               progress: Progress = _quiet, cache: bool = True, read_only: bool = False) -> ox.Store:
    """Load, entail and describe: the dataset every command works on.

    With ``cache`` (the default), the finished dataset is kept as N-Quads in the cache folder
    (``$WCO_KG_CACHE``, else ``$XDG_CACHE_HOME/wco-kg`` or ``~/.cache/wco-kg``) under a hash of
    the input files' bytes and of the code that builds it, so the next command on the same
    files reads it back instead of parsing, entailing and describing again (a cold ``query``
    in about half the time). Any change to a file, or to wco-kg, is a new key; a cache that
    cannot be written is skipped silently, a damaged one is made again.

    With ``read_only`` too, it is also kept as an on-disk Oxigraph store, returned opened
    read-only (so it cannot be changed): opening it takes a third of the CPU of parsing the
    N-Quads, but it mostly waits (about 40 ms of wall time here, 10 of CPU, where parsing
    takes 28), and pyoxigraph lets other threads run meanwhile: ``wco-kg query`` opens it on a
    thread while it reads the question and imports the rest.
    """
    project = project or Project.locate()
    files = [Path(p) for p in data_files] if data_files else project.data_files()
    check_regular([p for p in files if p.exists()])  # before hashing them: a FIFO would block the read
    cached = _cache_path(project, files) if cache else None
    if cached is not None and read_only:
        store = open_persisted(cached.with_suffix(".store"))
        if store is not None:
            progress(f"opened the dataset from the cache ({cached.with_suffix('.store')})")
            return store
    store = None
    if cached is not None and cached.is_file():
        store = ox.Store()
        try:
            store.bulk_load(path=str(cached), format=ox.RdfFormat.N_QUADS)
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


def cache_dir() -> Path:
    """Where ``load_graph`` keeps finished datasets (see there)."""
    given = os.environ.get("WCO_KG_CACHE")
    if given:
        return Path(given)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "wco-kg"


def _cache_path(project: Project, files: Sequence[Path]) -> Path | None:
    """The cache file for these inputs, or None when an input cannot be read (``load`` says why)."""
    import hashlib

    h = hashlib.sha256()
    code = Path(__file__).parent
    try:
        for path in [code / "build.py", code / "catalog.py", code / "namespaces.py", code / "formats.py",
                     *project.ontology_files(), *files]:
            h.update(str(path.name).encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return None
    return cache_dir() / f"dataset-{h.hexdigest()[:32]}.nq"


#: How many finished datasets the cache keeps of each kind (the oldest go first).
_CACHE_KEEP = 8


def _prune(folder: Path, pattern: str) -> None:
    import shutil

    entries = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[_CACHE_KEEP:]:
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)


def _write_cache(store: ox.Store, path: Path) -> None:
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as tmp:
            store.dump(tmp, format=ox.RdfFormat.N_QUADS)
        os.replace(tmp.name, path)
        _prune(path.parent, "dataset-*.nq")
    except OSError:
        try:
            os.unlink(tmp.name)
        except (OSError, NameError):
            pass


def open_persisted(path: Path) -> ox.Store | None:
    """The on-disk store at ``path`` (see ``persist``) opened read-only, or None when there is
    none; a damaged one is removed, so the caller makes it again."""
    if not (path / "CURRENT").is_file():
        return None
    try:
        return ox.Store.read_only(str(path))
    except (OSError, RuntimeError):  # RocksDB says "Corruption: ..." as a RuntimeError
        import shutil

        shutil.rmtree(path, ignore_errors=True)
        return None


def persist(source: ox.Store | bytes, path: Path) -> bool:
    """Write a dataset (a store, or N-Quads) as an on-disk Oxigraph store at ``path``: made in a
    temporary folder beside it and renamed into place, so a reader never sees half a store.
    False when it cannot be written (then nothing is left behind)."""
    import shutil
    import tempfile

    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=path.name + ".", suffix=".part"))
        disk = ox.Store(str(tmp))
        if isinstance(source, ox.Store):
            disk.bulk_extend(source)
        else:
            disk.bulk_load(source, format=ox.RdfFormat.N_QUADS)
        disk.flush()
        disk.optimize()
        del disk
        os.replace(tmp, path)  # fails if another process got there first: theirs is as good
        tmp = None
        _prune(path.parent, "*.store")
        return True
    except (OSError, RuntimeError, SyntaxError):
        return False
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


@dataclass
class BuildResult:
    out_dir: Path
    files: list[Path]
    quads: int
    report: object
    seconds: dict[str, float] = field(default_factory=dict)


def export_files(store: ox.Store) -> dict[str, bytes]:
    """Every export by file name: the six RDF formats, the JSON-LD context, VoID, the partner card."""
    import json

    from .card import partner_card
    from .export import context_document, serialize_store, serialize_triples

    files: dict[str, bytes] = {}
    for f in RDF_FORMATS:
        files[f"{DUMP_NAME}.{f.extension}"] = serialize_store(store, f)
    files["context.jsonld"] = (json.dumps(context_document(), indent=2) + "\n").encode()
    description = [q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(DESCRIPTION_GRAPH))]
    from .catalog import distribution_files

    files["void.ttl"] = serialize_triples(description + distribution_files(files), "turtle")
    files["card.jsonld"] = (json.dumps(partner_card(store), ensure_ascii=False, indent=2) + "\n").encode()
    return files


def build(out_dir: str | os.PathLike[str] = "dist", project: Project | None = None,
          data_files: Sequence[str | os.PathLike[str]] | None = None,
          progress: Progress = _quiet, strict: bool = False, engine: str = "turbo") -> BuildResult:
    """Load, validate and write every export to ``out_dir``.

    Raises ``DataError`` for malformed input and ``ValidationFailed`` (carrying the report)
    when the graph does not conform; in both cases nothing is written and the previous
    outputs stay as they were.
    """
    from .validation import validate_store

    project = project or Project.locate()
    remove_stale(out_dir)
    t0 = time.perf_counter()
    store = load_graph(project, data_files, progress, cache=False)  # a build always reads its files
    t1 = time.perf_counter()
    report = validate_store(store, project, engine)
    t2 = time.perf_counter()
    progress(report.summary(strict))
    if not report.passes(strict):
        raise ValidationFailed(report, strict)
    files = export_files(store)
    from .examples_rdf import examples_turtle  # the questions as RDF (sparql-examples)
    from .queries import questions

    files["sparql-examples.ttl"] = examples_turtle(questions(project).values())
    t3 = time.perf_counter()
    written = publish(files, out_dir)
    record_validation(files[f"{DUMP_NAME}.nq"], project, report.summary())
    progress(f"wrote {len(written)} files to {out_dir}")
    return BuildResult(Path(out_dir), written, len(store), report,
                       {"load": t1 - t0, "validate": t2 - t1, "export": t3 - t2})


# ---------------------------------------------------------------------- publishing dist/ as one set

_TEMP = ".wco-kg-"


def _owner_alive(name: str) -> bool:
    """Is the process named in a temporary folder's name (``.wco-kg-KIND-PID-…``) still running?"""
    parts = name.split("-")
    try:
        pid = int(parts[3])
    except (IndexError, ValueError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(out_dir: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary folders of builds that were killed (beside ``out_dir`` and, from
    older versions, inside it); put back a previous build a killed swap left aside."""
    import shutil

    out = Path(out_dir)
    removed = []
    places = [out.parent if str(out.parent) else Path("."), out]
    for place in places:
        if not place.is_dir():
            continue
        for tmp in place.glob(_TEMP + "*"):
            if not tmp.is_dir() or _owner_alive(tmp.name):
                continue
            if tmp.name.startswith(_TEMP + "old-") and not out.exists():
                os.rename(tmp, out)  # killed between the two renames: the previous build comes back
                continue
            shutil.rmtree(tmp, ignore_errors=True)
            removed.append(tmp)
    return removed


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def publish(files: dict[str, bytes], out_dir: str | os.PathLike[str]) -> list[Path]:
    """Make ``out_dir`` hold exactly ``files``, as one change: every file of this build or, if
    anything fails or the process is killed, the previous build's, never a mix.

    The files go to a sibling folder first (``.wco-kg-new-PID-…``), which then takes the
    place of ``out_dir`` in one atomic exchange of the two folders (or, where the system
    cannot exchange, two renames: a reader may briefly find no folder, never a mixed one).
    A SIGTERM during the build removes the temporary folders; after a SIGKILL, the next
    build does (``remove_stale``).
    """
    import shutil
    import signal
    import tempfile
    import threading

    out = Path(out_dir)
    parent = out.parent if str(out.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        new = Path(tempfile.mkdtemp(prefix=f"{_TEMP}new-{os.getpid()}-", dir=parent))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(new, 0o777 & ~umask)  # a folder like mkdir's, not mkdtemp's private one
    except OSError as e:
        raise DataError(f"cannot write to {out}: {e.strerror or e}") from None
    old = parent / f"{_TEMP}old-{os.getpid()}-{new.name.rsplit('-', 1)[-1]}"
    previous = None
    if threading.current_thread() is threading.main_thread():
        def on_term(signum, frame):
            raise SystemExit(128 + signum)
        previous = signal.signal(signal.SIGTERM, on_term)
    try:
        for name, content in files.items():
            with open(new / name, "wb") as f:
                f.write(content)
                f.flush()
                os.fsync(f.fileno())
        if out.is_dir() and not out.is_symlink():
            if not _exchange(new, out):
                os.rename(out, old)
                os.rename(new, out)
                new = old
        else:
            if out.exists() or out.is_symlink():
                out.unlink()
            os.rename(new, out)
    except OSError as e:
        raise DataError(f"cannot write {out}: {e.strerror or e}") from None
    finally:
        shutil.rmtree(new, ignore_errors=True)  # after the exchange: the previous build
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return [out / name for name in files]


def load_build(out_dir: str | os.PathLike[str] = "dist", project: Project | None = None, fresh: bool = True,
               progress: Progress = _quiet, read_only_in: Path | None = None) -> tuple[ox.Store, bytes]:
    """Build into ``out_dir`` (or, with ``fresh=False``, take the last build there and validate
    it again) and load its N-Quads: the one build that ``serve`` and ``push`` work on.

    A build validated before (the same N-Quads, shapes, checks and code: see
    ``validated_before``) is not validated again. With ``read_only_in`` (a folder), such a
    build is opened as an on-disk store instead of parsed: the build's store in the cache
    (made on first use) is linked into that folder, so pruning the cache cannot pull it from
    under the caller, and opened read-only, which takes milliseconds.

    Raises ``DataError`` (bad data, no build to load) or ``ValidationFailed``.
    """
    project = project or Project.locate()
    out = Path(out_dir)
    if fresh:
        build(out, project, progress=progress)
    path = out / f"{DUMP_NAME}.nq"
    if not path.is_file():
        raise DataError(f"no build to serve or push ({path} is missing); run 'wco-kg build' or drop --no-build")
    nquads = path.read_bytes()
    summary = validated_before(nquads, project)
    if summary is not None and not fresh:
        progress(f"{summary} (this build, with these shapes and checks, was validated before)")
    if summary is not None and read_only_in is not None:
        store = _open_build_store(nquads, Path(read_only_in))
        if store is not None:
            return store, nquads
    store = ox.Store()
    try:
        store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    except SyntaxError as e:
        raise DataError(f"unreadable build: {e}", str(path)) from None
    if summary is None and not fresh:
        from .validation import validate_store

        report = validate_store(store, project)
        progress(report.summary())
        if not report.passes():
            raise ValidationFailed(report)
        record_validation(nquads, project, report.summary())
    return store, nquads


def _open_build_store(nquads: bytes, folder: Path) -> ox.Store | None:
    """The build's on-disk store (``cache_dir()/build-HASH.store``, made now if missing), linked
    file by file into ``folder/store`` (copied where links cannot be made) and opened read-only."""
    import hashlib
    import shutil

    kept = cache_dir() / f"build-{hashlib.sha256(nquads).hexdigest()[:32]}.store"
    if not (kept / "CURRENT").is_file():
        shutil.rmtree(kept, ignore_errors=True)  # half of one (or none): made again
        if not persist(nquads, kept):
            return None
    mine = folder / "store"
    try:
        mine.mkdir(parents=True)
        for f in kept.iterdir():
            try:
                os.link(f, mine / f.name)
            except OSError:
                shutil.copy2(f, mine / f.name)
    except OSError:
        shutil.rmtree(mine, ignore_errors=True)
        return None
    store = open_persisted(mine)
    if store is None:  # damaged: the next start makes it again
        shutil.rmtree(kept, ignore_errors=True)
    return store


# ---------------------------------------------------------------------- validations already done

def _validation_record(nquads: bytes, project: Project) -> Path | None:
    """Where the outcome of validating these N-Quads is kept: a hash of them, of every shapes
    and query file (the checks) and of wco-kg's own code, so a change to any is a new record."""
    import hashlib

    h = hashlib.sha256(nquads)
    try:
        for path in [*project.shape_files(), *sorted(project.queries_dir.glob("*.rq")),
                     *sorted(Path(__file__).parent.rglob("*.py"))]:
            h.update(b"\0" + str(path.name).encode() + b"\0" + path.read_bytes())
    except OSError:
        return None
    return cache_dir() / f"validated-{h.hexdigest()[:32]}"


def validated_before(nquads: bytes, project: Project) -> str | None:
    """The summary of an earlier validation that these N-Quads passed, or None (validate them)."""
    record = _validation_record(nquads, project)
    try:
        return record.read_text(encoding="utf-8").strip() or None if record is not None else None
    except OSError:
        return None


def record_validation(nquads: bytes, project: Project, summary: str) -> None:
    """Keep that these N-Quads conform (the report's ``summary``); skipped if it cannot be written."""
    from .export import write_file_atomically

    record = _validation_record(nquads, project)
    if record is None:
        return
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        write_file_atomically(record, summary.encode("utf-8"))
        _prune(record.parent, "validated-*")
    except (OSError, DataError):
        pass
