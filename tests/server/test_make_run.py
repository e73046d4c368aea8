"""README's first command, `make run`, starts the server from a fresh clone and prints its URL."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from servers import ROOT


def test_make_run_from_a_fresh_clone_prints_the_url_and_serves(tmp_path):
    if shutil.which("make") is None or shutil.which("git") is None:
        pytest.fail("make and git are needed (README's quick start uses make)")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    venv = Path(sys.executable).parents[1]
    # Reuse this environment (-o: do not re-run the install step); port 0: any free port.
    cmd = ["make", "-s", "run", f"VENV={venv}", "-o", f"{venv}/bin/.installed", "PORT=0"]
    proc = subprocess.Popen(cmd, cwd=clone, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True, env=dict(os.environ, PYTHONUNBUFFERED="1"))
    lines: list[str] = []
    url = None
    try:
        deadline = time.monotonic() + 180
        assert proc.stdout is not None
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line.rstrip())
            m = re.search(r"serving at (http://127\.0\.0\.1:\d+/)", line)
            url = m.group(1) if m else None
        assert url, "\n".join(lines)
        home = httpx.get(url, timeout=30)
        assert home.status_code == 200 and "World Customs Organization" in home.text
        assert (clone / "dist" / "wco-kg.nq").is_file()
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
