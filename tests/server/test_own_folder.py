"""A server's own folder is removed by the next server's sweep once no process holds it, and
only then: a held one, another version's, a link or a planted lock are left alone."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time

from servers import start_server

from wco_kg.server.own_folder import LOCK, PREFIX, OwnFolder, sweep

HOLD = """
import sys, time
from wco_kg.server.own_folder import OwnFolder
folder = OwnFolder(sys.argv[1])
pid = __import__("os").fork()  # a child holds it too, as the fork server and workers do
if pid == 0:
    time.sleep(float(sys.argv[2]))
    __import__("os")._exit(0)
print(folder.path, pid, flush=True)
time.sleep(600)
"""


def _held(lock) -> bool:
    """Whether a process holds ``lock`` (asked with a shared lock, let go at once)."""
    fd = os.open(lock, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def _holder(tmp_path, child_seconds: float):
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path), str(child_seconds)],
                            stdout=subprocess.PIPE, text=True)
    path, child = proc.stdout.readline().split()
    return proc, path, int(child)


def test_a_killed_servers_folder_is_swept_once_its_last_process_is_gone(tmp_path):
    proc, path, child = _holder(tmp_path, 1.5)
    assert os.path.isfile(os.path.join(path, LOCK))
    assert sweep(tmp_path) == [] and os.path.isdir(path)  # held by its server
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert sweep(tmp_path) == [] and os.path.isdir(path)  # its child still holds it
    deadline = time.monotonic() + 20
    while True:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert [str(p) for p in sweep(tmp_path)] == [path] and not os.path.exists(path)


def test_a_running_servers_folder_and_others_are_left_alone(tmp_path):
    mine = OwnFolder(tmp_path)
    legacy = tmp_path / (PREFIX + "legacy")  # another version's: no lock
    legacy.mkdir()
    (legacy / "wco-kg.nq").write_text("")
    target = tmp_path / "elsewhere"
    (target / "keep").mkdir(parents=True)
    (tmp_path / (PREFIX + "link")).symlink_to(target, target_is_directory=True)  # a planted link
    planted = tmp_path / (PREFIX + "planted")  # its lock a link to a file nobody holds
    planted.mkdir()
    (target / "lockfile").write_text("")
    (planted / LOCK).symlink_to(target / "lockfile")
    fifo = tmp_path / (PREFIX + "fifo")  # its lock a FIFO: never opened for reading, never blocks
    fifo.mkdir()
    os.mkfifo(fifo / LOCK)
    started = time.monotonic()
    assert sweep(tmp_path) == []
    assert time.monotonic() - started < 5
    assert mine.path.is_dir() and legacy.is_dir() and (target / "keep").is_dir() and planted.is_dir()
    mine.release()
    assert not mine.path.exists()
    mine.release()  # twice: nothing


def test_a_released_folder_and_a_stale_one_in_the_same_sweep(tmp_path):
    stale = OwnFolder(tmp_path)
    os.close(stale._fd)  # its holder is gone without removing it, as after kill -9
    stale._fd = None
    held = OwnFolder(tmp_path)
    assert sweep(tmp_path) == [stale.path] and held.path.is_dir()
    held.release()
    assert sweep(tmp_path) == [] and list(tmp_path.iterdir()) == []


def test_the_next_server_removes_the_folder_of_one_killed_outright(served, tmp_path):
    """Real servers: one killed with SIGKILL leaves its folder; the next one, once up, removes it."""
    env = {"TMPDIR": str(tmp_path)}
    first = start_server(served.project, served.out, "--no-build", env=env)
    [left] = list(tmp_path.glob(PREFIX + "*"))
    assert (left / LOCK).is_file() and (left / "wco-kg.nq").is_file()
    first.proc.send_signal(signal.SIGKILL)
    first.proc.wait(10)
    assert left.is_dir()  # nobody could remove it
    deadline = time.monotonic() + 30
    while _held(left / LOCK):  # (its fork server and workers end once their server is gone)
        assert time.monotonic() < deadline, "the killed server's processes still hold its folder"
        time.sleep(0.05)
    second = start_server(served.project, served.out, "--no-build", env=env)
    try:
        deadline = time.monotonic() + 30
        while left.exists():
            assert time.monotonic() < deadline, "the killed server's folder was not removed"
            time.sleep(0.1)
        [kept] = list(tmp_path.glob(PREFIX + "*"))  # the running one's own
        assert kept != left and (kept / LOCK).is_file()
    finally:
        assert second.stop() == 0
    assert list(tmp_path.glob(PREFIX + "*")) == []  # stopped: removed its own
