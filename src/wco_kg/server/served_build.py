"""What the server serves: one validated build of the graph, loaded once.

``prepare()`` builds the graph into ``dist/`` (load, validate, export: ``wco_kg.build``),
or, with ``build=False``, takes the last build found there and validates it again (unless
it was validated before), and opens its store; the query workers' fork server
(``forkserver.py``) loads the same N-Quads, started by ``start_workers()`` before
anything else when the build is already there. The build id is a hash of those N-Quads: the exports are
byte-stable, so the same data always gives the same id and any change gives another.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..namespaces import DUMP_NAME
from .config import ServerConfig
from .forkserver import ForkServer
from .own_folder import OwnFolder

if TYPE_CHECKING:
    import pyoxigraph as ox

    from ..project import Project
    from ..queries import Question

NQUADS = f"{DUMP_NAME}.nq"


class BuildFiles(Mapping[str, bytes]):
    """The build's files by name (served under /dump/), each read on first use and kept.

    Read from the server's own hard links to them in ``folder``, made now: a rebuild replaces
    the files of ``out_dir`` (``os.replace``), never writes into them, so the linked ones stay
    this build's. A file that cannot be linked (another file system) is read now.
    """

    def __init__(self, out_dir: Path, folder: Path):
        self._paths: dict[str, Path] = {}
        self._read: dict[str, bytes] = {}
        folder.mkdir(parents=True, exist_ok=True)
        for p in sorted(out_dir.iterdir()):
            if not p.is_file() or p.name.startswith("."):
                continue
            try:
                os.link(p, folder / p.name)
                self._paths[p.name] = folder / p.name
            except OSError:
                self._read[p.name] = p.read_bytes()

    def __getitem__(self, name: str) -> bytes:
        if name not in self._read:
            path = self._paths[name]  # KeyError: not a file of this build
            self._read[name] = path.read_bytes()
        return self._read[name]

    def __iter__(self) -> Iterator[str]:
        return iter(sorted({*self._paths, *self._read}))

    def __len__(self) -> int:
        return len({*self._paths, *self._read})


@dataclass
class ServedGraph:
    """The store, the build's files (served under /dump/), its id and its questions.

    ``nquads_path`` is the server's own link to (or copy of) the build's N-Quads (the query
    workers load it), so a rebuild into dist/ while the server runs cannot mix two builds;
    beside it, for a build validated before, the server's own links to the build's on-disk
    store, which ``store`` is (opened read-only: see ``build.load_build``). ``forks``: the
    workers' fork server, loading that file. ``close()`` ends it and removes the files.
    """

    store: ox.Store
    nquads_path: Path
    build_id: str
    files: Mapping[str, bytes]
    questions: list[Question] = field(default_factory=list)
    quads: int = 0
    forks: ForkServer | None = None
    own: OwnFolder | None = None

    def close(self) -> None:
        if self.forks is not None:
            self.forks.close()
        if self.own is not None:
            self.own.release()


@dataclass
class Started:
    """What ``start_workers`` began: the server's own folder (``own_folder``: held while the
    server runs, swept by a later server if this one is killed), and the fork server (None
    when there was no build to copy)."""

    own: OwnFolder
    forks: ForkServer | None = None

    @property
    def folder(self) -> Path:
        return self.own.path

    def close(self) -> None:
        if self.forks is not None:
            self.forks.close()
        self.own.release()


def start_workers(out_dir: str | Path = "dist", config: ServerConfig | None = None) -> Started:
    """The server's own folder and, when ``out_dir`` holds a build, its own link to (or copy
    of) the build's N-Quads there and the workers' fork server started on it, asked for
    ``config.workers`` workers at once.

    Called first, before the server's imports, so the workers' store loads meanwhile; the
    build is read (and validated, if it was not before) from that file, so both are one build.
    """
    started = Started(OwnFolder())
    source, mine = Path(out_dir) / NQUADS, started.folder / NQUADS
    try:
        # A hard link, as ``BuildFiles`` makes (a rebuild replaces the file, never writes into
        # it, so the link stays this build's); a copy where links cannot be made.
        try:
            os.link(source, mine)
        except OSError:
            shutil.copyfile(source, mine)
    except OSError:
        return started  # no build there: ``prepare`` says so
    try:
        started.forks = _fork_server(started.folder / NQUADS, config or ServerConfig())
    except BaseException:
        started.close()
        raise
    return started


def _fork_server(nquads: Path, config: ServerConfig) -> ForkServer:
    return ForkServer(str(nquads), config.allow_service, workers=config.workers)


def prepare(project: Project | None = None, out_dir: str | Path = "dist", build: bool = True,
            progress: Callable[[str], None] = lambda _m: None, config: ServerConfig | None = None,
            started: Started | None = None) -> ServedGraph:
    """Build (or take the last build in ``out_dir``), validate, and load it, with the workers'
    fork server (for ``config``'s workers and allowed hosts): the one ``start_workers`` gave
    (``started``, with ``build=False``), else one started once the build is made.

    Raises ``DataError`` (bad data, no build to load) or ``ValidationFailed``.
    """
    started = started or Started(OwnFolder())
    private, forks = started.folder, started.forks
    snapshot = private / NQUADS
    try:
        from ..builder import load_build
        from ..project import Project
        from ..queries import questions

        project = project or Project.locate()
        out = Path(out_dir)
        copied = snapshot.read_bytes() if forks is not None and not build else None
        digest = hashlib.sha256(copied).hexdigest() if copied is not None else None
        store, nquads = load_build(out, project, fresh=build, progress=progress, read_only_in=private, nquads=copied,
                                   digest=digest)
        if copied is None:
            if forks is not None:  # (started, but a build was asked for: the one made now is served)
                forks.close()
            snapshot.unlink(missing_ok=True)  # (a link to another build's file is left as it is)
            snapshot.write_bytes(nquads)
            forks = _fork_server(snapshot, config or ServerConfig())
        files = BuildFiles(out, private / "dump")
        # Federated questions call other endpoints, which the server refuses unless --allow-service.
        qs = [q for q in questions(project).values() if not q.is_check and not q.federated]
        build_id = (digest or hashlib.sha256(nquads).hexdigest())[:16]
        quads = len(store)
    except BaseException:
        if forks is not None:
            forks.close()
        started.own.release()
        raise
    progress(f"serving build {build_id}: {quads} quads, {len(qs)} example questions")
    return ServedGraph(store, snapshot, build_id, files, qs, quads, forks, started.own)
