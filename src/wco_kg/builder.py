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
    from .export import write_atomically

    project = project or Project.locate()
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
    written = write_atomically(files, out_dir)
    progress(f"wrote {len(written)} files to {out_dir}")
    return BuildResult(Path(out_dir), written, len(store), report,
                       {"load": t1 - t0, "validate": t2 - t1, "export": t3 - t2})


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
