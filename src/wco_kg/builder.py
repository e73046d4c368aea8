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
from .loader import Progress, no_progress, load_graph
from .namespaces import DESCRIPTION_GRAPH, DUMP_NAME
from .project import Project
from .validate import validate_store


@dataclass
class BuildResult:
    """What ``build()`` did: the files it wrote, the dataset's size, the report, the time per stage.

    >>> import tempfile
    >>> result = build(tempfile.mkdtemp(), progress=lambda _m: None)
    >>> result.report.conforms, sorted(result.seconds)
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
    from .catalog import distribution_files
    from .export import context_document, serialize_store, serialize_triples

    files: dict[str, bytes] = {}
    for f in RDF_FORMATS:
        files[f"{DUMP_NAME}.{f.extension}"] = serialize_store(store, f)
    files["context.jsonld"] = (json.dumps(context_document(), indent=2) + "\n").encode()
    description = [q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(DESCRIPTION_GRAPH))]
    files["void.ttl"] = serialize_triples(description + distribution_files(files), "turtle")
    files["card.jsonld"] = (json.dumps(partner_card(store), ensure_ascii=False, indent=2) + "\n").encode()
    return files


def build(out_dir: str | os.PathLike[str] = "dist", project: Project | None = None,
          data_files: Sequence[str | os.PathLike[str]] | None = None,
          progress: Progress = no_progress, strict: bool = False, engine: str = "fast") -> BuildResult:
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
    project = project or Project.locate()
    remove_stale(out_dir)
    t0 = time.perf_counter()
    store = load_graph(project, data_files, progress, cache=False)  # a build always reads its files
    t1 = time.perf_counter()
    report = validate_store(store, project, engine)
    t2 = time.perf_counter()
    progress(report.summary())
    if not report.conforms or (strict and report.warnings):
        raise ValidationFailed(report)
    files = export_files(store)
    t3 = time.perf_counter()
    written = publish(files, out_dir)
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
               progress: Progress = no_progress) -> tuple[ox.Store, bytes]:
    """Build into ``out_dir`` (or, with ``fresh=False``, take the last build there and validate
    it again) and load its N-Quads: the one build that ``serve`` and ``push`` work on.

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
    store = ox.Store()
    try:
        store.bulk_load(nquads, format=rdf("nquads"))
    except SyntaxError as e:
        raise DataError(f"unreadable build: {e}", str(path)) from None
    if not fresh:
        report = validate_store(store, project)
        progress(report.summary())
        if not report.conforms:
            raise ValidationFailed(report)
    return store, nquads
