"""Shared fixtures: the graph is loaded once per session; the CLI runs as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wco_kg.loader import load_graph
from wco_kg.project import Project
from wco_kg.store import LocalStore

ROOT = Path(__file__).resolve().parents[1]

# The dataset cache of load_graph (see wco_kg.loader) goes to a folder of this run, not the
# user's ~/.cache; the CLI processes the tests start inherit it.
if "WCO_KG_CACHE" not in os.environ:
    import tempfile

    os.environ["WCO_KG_CACHE"] = tempfile.mkdtemp(prefix="wco-kg-test-cache-")


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def store(project):
    """The built dataset (loaded, entailed, described). Do not modify: copy it first."""
    return load_graph(project)  # no disk cache: the library default


@pytest.fixture(scope="session")
def local(store) -> LocalStore:
    return LocalStore(store)


def run_cli(*args: str, input: str | None = None, cwd: Path | None = None, env: dict | None = None):
    """Run ``python -m wco_kg ARGS`` as a process; return the CompletedProcess."""
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "wco_kg", *args], input=input, capture_output=True,
                          text=True, cwd=cwd or ROOT, env=full_env, timeout=300)


@pytest.fixture
def cli():
    return run_cli


# The server tests' fixtures (a real `wco-kg serve` process, a silent listener): tests/server/servers.py
sys.path.insert(0, str(ROOT / "tests" / "server"))
from servers import listener, served  # noqa: E402,F401

# The triple-store tests' fixtures (real Virtuoso 7 and Oxigraph servers): tests/stores.py
sys.path.insert(0, str(ROOT / "tests"))
from stores import bind, fresh_oxigraph, oxigraph, virtuoso, wikidata  # noqa: E402,F401
