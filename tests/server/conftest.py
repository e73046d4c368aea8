"""A real ``wco-kg serve`` process on loopback, shared by the server tests.

It serves a project tree made of the checkout's ontology/, data/ and shapes/ and the
test questions in tests/server/queries/ (the project's own queries/ belong to others),
with a short timeout so the timeout test is quick.
"""

from __future__ import annotations

import pytest
from servers import Listener, Served, make_project, start_server


@pytest.fixture(scope="session")
def served(tmp_path_factory) -> Served:
    base = tmp_path_factory.mktemp("served")
    project = make_project(base / "project")
    s = start_server(project, base / "dist", "--timeout", "3", "--max-request-bytes", "65536",
                     "--max-rows", "5000")
    yield s
    assert s.stop() == 0, "\n".join(s.log)


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()
