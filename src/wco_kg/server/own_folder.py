"""A server's own folder in the temporary directory, and the removal of those whose server is gone.

Each ``wco-kg serve`` keeps its copy of the build (the N-Quads, links to the build's store and
files) in a private folder, ``wco-kg-serve-*``, removed when it stops. A server killed outright
(``kill -9``, the out-of-memory killer, a power cut) cannot remove its own, so each folder
holds a lock, ``.owner``: an ``flock`` taken by the server when the folder is made and held by
it, its fork server and its workers for as long as any of them lives (the kernel drops it
when the last one ends, however it ends). ``sweep`` removes every folder of this user whose
lock it can take: no process holds it, so nobody uses the folder. A folder without a lock
(made by a version before this one, or one being made this very moment) is left alone.

The lock is taken on a file of another name and only then renamed ``.owner``, so no sweep
can find an ``.owner`` that nobody holds yet. Folders are read with ``lstat`` and the lock
opened with ``O_NOFOLLOW``: a link planted in the temporary directory is never followed,
and another user's folders are never touched (``shutil.rmtree`` does not follow links).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import stat
import tempfile
from pathlib import Path

PREFIX = "wco-kg-serve-"
LOCK = ".owner"


class OwnFolder:
    """A server's folder, held (its lock open) until ``release``."""

    def __init__(self, where: str | Path | None = None):
        self.path = Path(tempfile.mkdtemp(prefix=PREFIX, dir=where))
        taking = self.path / (LOCK + ".new")
        self._fd = os.open(taking, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.rename(taking, self.path / LOCK)
        except BaseException:
            os.close(self._fd)
            shutil.rmtree(self.path, ignore_errors=True)
            raise

    def release(self) -> None:
        """Remove the folder and let go of its lock (once; again does nothing)."""
        if self._fd is not None:
            shutil.rmtree(self.path, ignore_errors=True)
            os.close(self._fd)
            self._fd = None


def sweep(where: str | Path | None = None) -> list[Path]:
    """Remove this user's server folders in ``where`` (the temporary directory) that no
    process holds; return them. Never raises for a folder it cannot read or remove."""
    where = Path(where or tempfile.gettempdir())
    removed = []
    try:
        names = [n for n in os.listdir(where) if n.startswith(PREFIX)]
    except OSError:
        return removed
    uid = os.getuid()
    for name in names:
        folder = where / name
        try:
            st = os.lstat(folder)
            if not stat.S_ISDIR(st.st_mode) or st.st_uid != uid:
                continue
            fd = os.open(folder / LOCK, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
        except OSError:
            continue  # gone meanwhile, not ours, or no lock (another version's, or being made)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # held: its server runs
            shutil.rmtree(folder, ignore_errors=True)
            if not folder.exists():
                removed.append(folder)
        finally:
            os.close(fd)
    return removed
