"""The command line: help, exit codes, one-line errors, no tracebacks for expected errors."""

from __future__ import annotations

import http.server
import json
import socket
import threading

import pytest

COMMANDS = ["build", "validate", "questions", "query", "export", "card"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(cli, command):
    r = cli(command, "--help")
    assert r.returncode == 0
    assert f"usage: wco-kg {command}" in r.stdout
    assert len(r.stdout.splitlines()) > 3


def test_top_level_help_lists_commands_and_exit_codes(cli):
    r = cli("--help")
    assert r.returncode == 0
    for c in COMMANDS:
        assert c in r.stdout
    assert "exit codes" in r.stdout


def test_no_command_is_a_usage_error(cli):
    r = cli()
    assert r.returncode == 2
    assert "usage:" in r.stderr


def test_validate_passes(cli):
    """The real graph passes (its one warning is allowed); SHACL's verdict is stated beside it."""
    r = cli("validate")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("validation: does not conform: 1 warning; passes (warnings allowed)")


def test_validate_json_report(cli):
    r = cli("validate", "--format", "json")
    doc = json.loads(r.stdout)
    assert doc["passes"] is True and doc["violations"] == 0
    assert doc["conforms"] is False and doc["warnings"] == 1  # SHACL 3.6.1: any result


def test_query_from_stdin(cli):
    r = cli("query", "-", "--format", "csv",
            input="SELECT ?n WHERE { <https://w3id.org/wco-kg/id/wco> <https://schema.org/name> ?n } ORDER BY ?n")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["n", "Organisation mondiale des douanes", "World Customs Organization"]


def test_construct_query_gives_turtle(cli):
    r = cli("query", "-", input="CONSTRUCT WHERE { <https://w3id.org/wco-kg/id/wco> <http://xmlns.com/foaf/0.1/homepage> ?h }")
    assert r.returncode == 0, r.stderr
    assert "foaf:homepage <https://www.wcoomd.org/>" in r.stdout


def test_malformed_query_from_stdin_gives_position(cli):
    r = cli("query", "-", input="SELECT ?x WHERE { ?x ?y }")
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 3  # the one-line message, then the line and a caret (tests/test_query_errors.py)
    assert "<stdin>:1:" in lines[0]
    assert "Traceback" not in r.stderr


def test_export_infers_format_from_extension(cli, tmp_path):
    out = tmp_path / "wco.jsonld"
    r = cli("export", "-o", str(out), "-q")
    assert r.returncode == 0, r.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert "@graph" in doc


def test_export_unknown_format_is_a_usage_error(cli):
    r = cli("export", "--format", "xls")
    assert r.returncode == 2
    assert "invalid choice" in r.stderr


def test_card_is_schema_org_json_ld(cli):
    r = cli("card")
    assert r.returncode == 0, r.stderr
    card = json.loads(r.stdout)
    assert card["@context"] == "https://schema.org" and card["@type"] == "Organization"
    assert card["name"] == "World Customs Organization"


def test_card_in_french_as_html(cli):
    r = cli("card", "--lang", "fr", "--html")
    assert r.stdout.startswith('<script type="application/ld+json">')
    card = json.loads(r.stdout.split("\n", 1)[1].rsplit("</script>", 1)[0])
    assert card["name"] == "Organisation mondiale des douanes"


def test_python_dash_m_works(cli):
    r = cli("--version")
    assert r.returncode == 0 and r.stdout.startswith("wco-kg ")


# ---------------------------------------------------------------------- failing endpoints

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_endpoint_is_one_line(cli):
    url = f"http://127.0.0.1:{free_port()}/sparql"
    r = cli("query", "-", "--endpoint", url, input="ASK { ?s ?p ?o }")
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and url in lines[0]
    assert "Traceback" not in r.stderr


class _Failing(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        self.send_response(500)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"the store is on fire\n")

    do_GET = do_POST

    def log_message(self, *args):
        pass


def test_failing_endpoint_names_url_and_status(cli):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    try:
        r = cli("query", "-", "--endpoint", url, input="ASK { ?s ?p ?o }")
    finally:
        server.shutdown()
    assert r.returncode == 2
    line = r.stderr.strip()
    assert "\n" not in line
    assert url in line and "HTTP 500" in line
    assert "Traceback" not in r.stderr


def test_bad_endpoint_url_is_refused(cli):
    r = cli("query", "-", "--endpoint", "ftp://example.org/sparql", input="ASK {}")
    assert r.returncode == 2
    assert "not an http(s) endpoint URL" in r.stderr


# ---------------------------------------------------------------------- the end of a short command
# query, questions, search and card end the process themselves once their output is written
# (``cli._end_now``): nothing they print may be lost, and a reader that goes away is no error.

def test_what_a_command_that_ends_at_once_prints_is_whole(cli, tmp_path):
    shown = cli("query", "members-on-map", "--format", "csv")
    assert shown.returncode == 0, shown.stderr
    written = tmp_path / "members.csv"
    r = cli("query", "members-on-map", "--format", "csv", "-o", str(written))
    assert r.returncode == 0 and r.stdout == "" and r.stderr == ""
    rows = written.read_text(encoding="utf-8").splitlines()
    assert rows == shown.stdout.splitlines()
    import csv

    parsed = list(csv.reader(written.read_text(encoding="utf-8").splitlines()))
    assert len(rows) > 150 and all(len(row) == len(parsed[0]) for row in parsed)  # every row, whole


def test_a_reader_that_goes_away_is_no_error():
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "wco_kg", "query", "labels-in-french", "--format", "json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.read(10)  # the start of a long answer, then the reader is gone
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0 and err == "", err


def test_help_is_as_wide_as_the_terminal_says(cli):
    """The options are wrapped to $COLUMNS (the description and the epilog keep their lines)."""
    def options(columns):
        text = cli("query", "--help", env={"COLUMNS": columns}).stdout
        return text.split("options:\n", 1)[1].split("\n\n", 1)[0].splitlines()

    narrow, wide = options("50"), options("200")
    assert max(map(len, narrow)) <= 50 < max(map(len, wide)) and len(wide) < len(narrow)
