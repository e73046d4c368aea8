"""A rebuild with changed data changes every ETag; the command line's errors are one line."""

from __future__ import annotations

import re
import shutil
import socket

import httpx
from servers import ROOT, make_project, start_server

QUERY = "SELECT ?n WHERE { <https://w3id.org/wco-kg/id/wco> <https://w3id.org/wco-kg/ontology#acronym> ?n }"


def test_rebuild_with_changed_data_changes_the_etag(served, tmp_path):
    before = httpx.get(served.sparql, params={"query": QUERY})
    etag = before.headers["etag"]
    assert httpx.get(served.sparql, params={"query": QUERY}, headers={"If-None-Match": etag}).status_code == 304
    # Same data, another build: the same ETag (the id is a hash of the N-Quads).
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    same = start_server(make_project(tmp_path / "same", data), tmp_path / "dist-same")
    try:
        r = httpx.get(same.sparql, params={"query": QUERY}, headers={"If-None-Match": etag})
        assert r.status_code == 304
    finally:
        same.stop()
    # Changed data: a new build id, so the old ETag no longer matches and the answer is new.
    wco = data / "wco.trig"
    wco.write_text(wco.read_text().replace('wkg:acronym "WCO"@en , "CCC"@en ;',
                                           'wkg:acronym "WCO"@en , "CCC"@en , "OMA"@es ;'))
    changed = start_server(make_project(tmp_path / "changed", data), tmp_path / "dist-changed")
    try:
        r = httpx.get(changed.sparql, params={"query": QUERY}, headers={"If-None-Match": etag})
        assert r.status_code == 200 and r.headers["etag"] != etag
        assert "OMA" in r.text and "OMA" not in before.text
        assert r.headers["x-build-id"] != before.headers["x-build-id"]
    finally:
        changed.stop()


def test_serve_prints_its_url_and_stops_cleanly(served):
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", served.url)
    assert any("network: netns" in line for line in served.log)


def test_taken_port_is_a_one_line_error(served, cli):
    r = cli("--project", str(served.project), "serve", "--no-build", "--out", str(served.out),
            "--port", str(served.port))
    assert r.returncode == 2
    assert r.stderr.strip().splitlines()[-1].startswith("wco-kg: error: cannot listen on 127.0.0.1:")
    assert "Traceback" not in r.stderr


def test_bad_options(cli):
    r = cli("serve", "--port", "70000")
    assert r.returncode == 2 and "not a port number" in r.stderr and "Traceback" not in r.stderr
    r = cli("serve", "--timeout", "0")
    assert r.returncode == 2 and "--timeout must be positive" in r.stderr
    r = cli("serve", "--no-build", "--out", "/nonexistent-dir")
    assert r.returncode == 2 and "no build to serve" in r.stderr and "Traceback" not in r.stderr


def test_help_documents_the_guards(cli):
    r = cli("serve", "--help")
    assert r.returncode == 0
    for option in ("--host", "--port", "--timeout", "--max-request-bytes", "--max-rows", "--allow-service",
                   "--no-build", "--max-age"):
        assert option in r.stdout
