"""The cache folder: finished datasets and builds kept as on-disk stores, and the digests of their inputs.

Everything here is keyed by a digest of the inputs' bytes (``load_graph``'s datasets, the
builds' stores, the validation records), so a change to any input is a new key. Reading and
hashing the inputs again on every command costs more than the rest of a cold ``wco-kg
query``, so ``digest`` remembers each digest under the inputs' file status (device, inode,
size, modification and change times, as Python's own ``.pyc`` files and git's index do) and
reads them again only when a status changed. A file changed within the clock's resolution of
the moment its digest was taken would keep its old status, so a digest is remembered only
when every input is older than ``SETTLED_S`` (git's "racily clean" rule); until then it is
computed each time.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path
from collections.abc import Callable, Sequence

#: How many entries of each kind the cache keeps (the oldest go first).
KEEP = 8
#: How old every input must be (seconds since its last change) before its digest is remembered.
SETTLED_S = 2.0


def cache_dir() -> Path:
    """``$WCO_KG_CACHE``, else ``$XDG_CACHE_HOME/wco-kg``, else ``~/.cache/wco-kg``."""
    given = os.environ.get("WCO_KG_CACHE")
    if given:
        return Path(given)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "wco-kg"


def prune(folder: Path, pattern: str, keep: int = KEEP) -> None:
    """Remove all but the ``keep`` newest entries of ``folder`` that match ``pattern``."""
    import shutil

    def mtime(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:  # removed meanwhile by another process
            return 0.0

    for old in sorted(folder.glob(pattern), key=mtime, reverse=True)[keep:]:
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)


# ---------------------------------------------------------------------- digests remembered by status

def _status(paths: Sequence[Path]) -> tuple[str, float] | None:
    """The inputs' status as one text, and the time of the newest change; None when one is
    missing or not a regular file (then the caller reads them, and says what is wrong)."""
    lines, newest = [], 0.0
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        lines.append(f"{os.path.abspath(path)}\0{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}")
        newest = max(newest, st.st_mtime_ns / 1e9, st.st_ctime_ns / 1e9)
    return "\n".join(lines), newest


def read_entry(path: Path) -> bytes | None:
    """The bytes of a cache entry, or None when there is none or it is not a regular file (a
    FIFO, a device or a link put there is never read: opening one could block or lead elsewhere)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb") as f:
            fd = -1
            return f.read()
    except OSError:
        return None
    finally:
        if fd >= 0:
            os.close(fd)


def _entry(kind: str, status: str) -> Path:
    import zlib

    return cache_dir() / "digests" / f"{kind}-{zlib.crc32(status.encode('utf-8', 'surrogateescape')):08x}"


def digest(kind: str, paths: Sequence[Path], compute: Callable[[], str | None]) -> str | None:
    """The digest of ``paths`` that ``compute()`` gives (a text, or None when an input cannot
    be read), taken from the cache when their status has not changed since it was computed.
    None, without reading anything, when an input is missing or is not a regular file (a FIFO
    would block the read): the caller goes on without the cache, and its reading says what is wrong.

    >>> import tempfile
    >>> f = Path(tempfile.mkdtemp()) / "a.ttl"
    >>> _ = f.write_text("x")
    >>> calls = []
    >>> d = lambda: calls.append(1) or "d1"
    >>> digest("doc", [f], d), digest("doc", [f], d), len(calls)  # changed just now: not remembered yet
    ('d1', 'd1', 2)
    """
    found = _status(paths)
    if found is None:
        return None
    status, newest = found
    entry = _entry(kind, status)
    text = (read_entry(entry) or b"").decode("utf-8", "surrogateescape")
    remembered, _, value = text.rpartition("\n\n")
    if remembered == status and value:
        return value
    value = compute()
    if value is not None and time.time() - newest >= SETTLED_S:
        _remember(entry, status + "\n\n" + value)
    return value


def _remember(entry: Path, text: str) -> None:
    """Write ``entry`` whole or not at all (a reader never sees half of one); skipped on errors."""
    import tempfile

    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=entry.parent, suffix=".part", delete=False,
                                         encoding="utf-8", errors="surrogateescape") as tmp:
            tmp.write(text)
        os.replace(tmp.name, entry)
        prune(entry.parent, "*-*[0-9a-f]", keep=256)
    except OSError:
        try:
            os.unlink(tmp.name)
        except (OSError, NameError):
            pass


def sha256_of(paths: Sequence[Path]) -> str | None:
    """A digest of these files' names and bytes (32 hex digits), or None when one cannot be read."""
    import hashlib

    h = hashlib.sha256()
    try:
        for path in paths:
            h.update(str(path.name).encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return None
    return h.hexdigest()[:32]


def code_files() -> list[Path]:
    """wco-kg's own modules: part of every key whose entry the code makes."""
    return sorted(Path(__file__).parent.rglob("*.py"))


def dataset_inputs(ontology_files: Sequence[Path], data_files: Sequence[Path]) -> list[Path]:
    """What a finished dataset is made of: the ontology, the data, and the code that loads,
    entails and describes them (``loader.load_graph``)."""
    code = Path(__file__).parent
    return [code / "loader.py", code / "catalog.py", code / "namespaces.py", code / "formats.py",
            code / "store.py", *ontology_files, *data_files]


def dataset_key(ontology_files: Sequence[Path], data_files: Sequence[Path]) -> str | None:
    """The digest that names a finished dataset in the cache, or None when an input cannot be read."""
    inputs = dataset_inputs(ontology_files, data_files)
    return digest("dataset", inputs, lambda: sha256_of(inputs))


def dataset_file(ontology_files: Sequence[Path], data_files: Sequence[Path]) -> Path | None:
    """Where the finished dataset of these files is kept as N-Quads (``dataset-KEY.nq``; its
    on-disk store beside it, ``dataset-KEY.store``), or None when an input cannot be read."""
    key = dataset_key(ontology_files, data_files)
    return None if key is None else cache_dir() / f"dataset-{key}.nq"


# ---------------------------------------------------------------------- on-disk stores

def open_persisted(path: Path):
    """The on-disk store at ``path`` (see ``persist``) opened read-only, or None when there is
    none; a damaged one is removed, so the caller makes it again."""
    import pyoxigraph as ox

    if not (path / "CURRENT").is_file():
        return None
    try:
        with _one_cpu():
            return ox.Store.read_only(str(path))
    except (OSError, RuntimeError):  # RocksDB says "Corruption: ..." as a RuntimeError
        import shutil

        shutil.rmtree(path, ignore_errors=True)
        return None


class _one_cpu:
    """The calling thread kept on one of the CPUs it may run on, while in the block.

    RocksDB opens a store with about 180 short threads (for each of Oxigraph's 12 column
    families, 15 that open its table files); each inherits the affinity of the thread that
    starts it. Spread over the CPUs, their starts and ends cost cross-CPU interrupts and
    migrations: the opening took 14.8 ms of wall and 17 of CPU on 2 cores, 10.6 and 9 on one.
    Where the affinity cannot be read or set, the block runs as it is.
    """

    def __enter__(self):
        self.before = None
        try:
            allowed = os.sched_getaffinity(0)  # 0: this thread
            if len(allowed) > 1:
                os.sched_setaffinity(0, {min(allowed)})
                self.before = allowed
        except (AttributeError, OSError):  # not Linux, or not allowed
            pass
        return self

    def __exit__(self, *exc):
        if self.before is not None:
            try:
                os.sched_setaffinity(0, self.before)
            except OSError:
                pass
        return False


def persist(source, path: Path) -> bool:
    """Write a dataset (a ``pyoxigraph.Store``, or N-Quads bytes) as an on-disk Oxigraph store at
    ``path``: made in a temporary folder beside it and renamed into place, so a reader never sees
    half a store. False when it cannot be written (then nothing is left behind)."""
    import shutil
    import tempfile

    import pyoxigraph as ox

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
        prune(path.parent, "*.store")
        return True
    except (OSError, RuntimeError, SyntaxError):
        return False
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
