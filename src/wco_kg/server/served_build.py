"""What the server serves: one validated build of the graph, loaded once.

``prepare()`` builds the graph into ``dist/`` (load, validate, export: ``wco_kg.build``),
or, with ``build=False``, takes the last build found there and validates it again, then
loads its N-Quads into one store. The build id is a hash of those N-Quads: the exports
are byte-stable, so the same data always gives the same id and any change gives another.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from ..builder import load_build
from ..namespaces import DUMP_NAME
from ..project import Project
from ..queries import Question, questions

NQUADS = f"{DUMP_NAME}.nq"


@dataclass
class ServedGraph:
    """The store, the build's files (served under /dump/), its id and its questions.

    ``nquads_path`` is the server's own copy of the build's N-Quads (the query workers load
    it), so a rebuild into dist/ while the server runs cannot mix two builds; beside it, for
    a build validated before, the server's own links to the build's on-disk store, which
    ``store`` is (opened read-only: see ``build.load_build``). ``close()`` removes them.
    """

    store: ox.Store
    nquads_path: Path
    build_id: str
    files: dict[str, bytes]
    questions: list[Question] = field(default_factory=list)
    quads: int = 0

    def close(self) -> None:
        shutil.rmtree(self.nquads_path.parent, ignore_errors=True)


def prepare(project: Project | None = None, out_dir: str | Path = "dist", build: bool = True,
            progress: Callable[[str], None] = lambda _m: None) -> ServedGraph:
    """Build (or take the last build in ``out_dir``), validate, and load it.

    Raises ``DataError`` (bad data, no build to load) or ``ValidationFailed``.
    """
    project = project or Project.locate()
    out = Path(out_dir)
    private = Path(tempfile.mkdtemp(prefix="wco-kg-serve-"))
    try:
        store, nquads = load_build(out, project, fresh=build, progress=progress, read_only_in=private)
    except BaseException:
        shutil.rmtree(private, ignore_errors=True)
        raise
    files = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and not p.name.startswith(".")}
    # Federated questions call other endpoints, which the server refuses unless --allow-service.
    qs = [q for q in questions(project).values() if not q.is_check and not q.federated]
    build_id = hashlib.sha256(nquads).hexdigest()[:16]
    snapshot = private / NQUADS
    snapshot.write_bytes(nquads)
    progress(f"serving build {build_id}: {len(store)} quads, {len(qs)} example questions")
    return ServedGraph(store, snapshot, build_id, files, qs, len(store))
