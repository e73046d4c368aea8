"""Build the graph's files: load, validate, write every export (all or nothing); read a build back.

``build()`` is the whole pipeline: ``loader.load_graph`` (load, entail, describe), validation,
``export_files`` (the six RDF formats, the JSON-LD context, VoID, the partner card); it
writes nothing unless the graph conforms, and then writes every file or none.
``load_build()`` gives ``serve`` and ``push`` the one build they work on.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import pyoxigraph as ox

from .errors import DataError, ValidationFailed
from .formats import RDF_FORMATS, rdf
from .dataset_cache import cache_dir, open_persisted, persist, prune
from .loader import Progress, load_graph, no_progress
from .namespaces import DESCRIPTION_GRAPH, DUMP_NAME
from .project import Project


@dataclass
class BuildResult:
    """What ``build()`` did: the files it wrote, the dataset's size, the report, the time per stage.

    >>> import tempfile
    >>> result = build(tempfile.mkdtemp(), progress=lambda _m: None)
    >>> result.report.passes(), sorted(result.seconds)
    (True, ['export', 'load', 'validate'])
    """

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
          progress: Progress = no_progress, strict: bool = False, engine: str = "turbo") -> BuildResult:
    """Load, validate and write every export to ``out_dir``.

    Raises ``DataError`` for malformed input and ``ValidationFailed`` (carrying the report)
    when the graph does not conform; in both cases nothing is written and the previous
    outputs stay as they were.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> sorted(p.name for p in build(out).files) == sorted(p.name for p in out.iterdir())
    True
    >>> build(out, data_files=[out / "wco-kg.rdf"])
    Traceback (most recent call last):
    ...
    wco_kg.errors.DataError: ...wco-kg.rdf: unsupported file type '.rdf' (use .trig, .ttl or .nq)
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


def read_build(out_dir: str | os.PathLike[str] = "dist") -> bytes:
    """The N-Quads of the last build in ``out_dir``; DataError when there is none."""
    path = Path(out_dir) / f"{DUMP_NAME}.nq"
    try:
        return path.read_bytes()
    except OSError:
        raise DataError(f"no build to serve or push ({path} is missing); run 'wco-kg build' or drop --no-build") \
            from None


def load_build(out_dir: str | os.PathLike[str] = "dist", project: Project | None = None, fresh: bool = True,
               progress: Progress = no_progress, read_only_in: Path | None = None,
               nquads: bytes | None = None, digest: str | None = None) -> tuple[ox.Store, bytes]:
    """Build into ``out_dir`` (or, with ``fresh=False``, take the last build there and validate
    it again) and load its N-Quads: the one build that ``serve`` and ``push`` work on.

    A build validated before (the same N-Quads, shapes, checks and code: see
    ``validated_before``) is not validated again. With ``read_only_in`` (a folder), such a
    build is opened as an on-disk store instead of parsed: the build's store in the cache
    (made on first use) is linked into that folder, so pruning the cache cannot pull it from
    under the caller, and opened read-only, which takes milliseconds. ``nquads``: the last
    build's N-Quads, already read by the caller (``read_build``; with ``fresh=False`` only), and
    ``digest``, their SHA-256 in hex, if the caller has it too.

    Raises ``DataError`` (bad data, no build to load) or ``ValidationFailed``.
    """
    project = project or Project.locate()
    out = Path(out_dir)
    if fresh:
        build(out, project, progress=progress)
    path = out / f"{DUMP_NAME}.nq"
    if nquads is None or fresh:
        nquads, digest = read_build(out), None
    import hashlib

    digest = digest or hashlib.sha256(nquads).hexdigest()  # (once: the validation record and the store are named by it)
    summary = validated_before(nquads, project, digest)
    if summary is not None and not fresh:
        progress(f"{summary} (this build, with these shapes and checks, was validated before)")
    if summary is not None and read_only_in is not None:
        store = _open_build_store(nquads, Path(read_only_in), digest)
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
        record_validation(nquads, project, report.summary(), digest)
    return store, nquads


def _open_build_store(nquads: bytes, folder: Path, digest: str) -> ox.Store | None:
    """The build's on-disk store (``cache_dir()/build-HASH.store``, made now if missing), linked
    file by file into ``folder/store`` (copied where links cannot be made) and opened read-only.
    ``digest``: the SHA-256 of ``nquads``, in hex."""
    import shutil

    kept = cache_dir() / f"build-{digest[:32]}.store"
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

def _validation_record(nquads: bytes, project: Project, digest: str | None = None) -> Path | None:
    """Where the outcome of validating these N-Quads is kept: a hash of them (``digest``, their
    SHA-256 in hex, when the caller has it), of every shapes and query file (the checks) and
    of wco-kg's own code, so a change to any is a new record. The checks' and the code's digest
    is remembered under their files' status (``dataset_cache.digest``): a start reads none of them."""
    import hashlib

    from .dataset_cache import code_files, digest as remembered, sha256_of

    try:
        checks = [*project.shape_files(), *sorted(project.queries_dir.glob("*.rq")), *code_files()]
    except OSError:
        return None
    of_checks = remembered("checks", checks, lambda: sha256_of(checks))
    if of_checks is None:
        return None
    h = hashlib.sha256(f"{digest or hashlib.sha256(nquads).hexdigest()}\0{of_checks}".encode())
    return cache_dir() / f"validated-{h.hexdigest()[:32]}"


def validated_before(nquads: bytes, project: Project, digest: str | None = None) -> str | None:
    """The summary of an earlier validation that these N-Quads passed, or None (validate them)."""
    record = _validation_record(nquads, project, digest)
    try:
        return record.read_text(encoding="utf-8").strip() or None if record is not None else None
    except OSError:
        return None


def record_validation(nquads: bytes, project: Project, summary: str, digest: str | None = None) -> None:
    """Keep that these N-Quads conform (the report's ``summary``); skipped if it cannot be written."""
    from .export import write_file_atomically

    record = _validation_record(nquads, project, digest)
    if record is None:
        return
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        write_file_atomically(record, summary.encode("utf-8"))
        prune(record.parent, "validated-*")
    except (OSError, DataError):
        pass
