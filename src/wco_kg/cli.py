"""``wco-kg``: a thin command line over the library. Each command calls one library function.

Library errors (``WcoKgError``) become one line on stderr and exit 2; a graph that does
not conform exits 1 with its report; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from . import __version__
from .errors import UsageError, ValidationFailed, WcoKgError

EPILOG = """\
exit codes: 0 success (the graph conforms), 1 the graph does not conform,
            2 an error (bad input, bad usage, a failing endpoint).

examples:
  wco-kg build                          # validate, then write every export to dist/
  wco-kg questions                      # the ready-made questions
  wco-kg query headquarters             # ask one, as a table
  wco-kg query claims-as-of --param asOf=2024-12-31 --format csv
  wco-kg query my.rq --endpoint https://query.wikidata.org/sparql
  wco-kg export --format jsonld -o wco.jsonld
  wco-kg search douanes                 # find a resource by name (OMD, WCO, douanes...)
  wco-kg card > card.jsonld             # the JSON-LD block for the partner web page
  wco-kg serve --port 8000              # build, validate, serve (SPARQL, Linked Data, pages)
  wco-kg push --store http://127.0.0.1:7878/store   # load the build into a triple store
  wco-kg links check --endpoint https://query.wikidata.org/sparql
"""


def _progress(args) -> callable:
    if getattr(args, "quiet", False):
        return lambda _msg: None
    return lambda msg: print(msg, file=sys.stderr, flush=True)


def _project(args):
    from .project import Project

    return Project.locate(args.project)


def _out(data: bytes | str, path: str | None) -> None:
    """Write to a file atomically, or to stdout."""
    if isinstance(data, str):
        data = data.encode()
    if path and path != "-":
        from .export import write_file_atomically

        write_file_atomically(path, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


# ---------------------------------------------------------------------- commands

def _graph(args, files=None, progress: bool = False):
    """The project's graph (or FILEs, else --data, instead of data/), through the disk cache:
    the CLI's choice (the library's default is no cache)."""
    from .knowledge_graph import load

    files = files or getattr(args, "data", None) or None
    return load(_project(args), files, cache=True, progress=_progress(args) if progress else lambda _m: None)


def cmd_build(args) -> int:
    """Load ontology/ and data/, validate, and write every export (all or nothing)."""
    from .builder import build

    try:
        result = build(args.out, _project(args), args.data or None, progress=_progress(args), strict=args.strict,
                       engine=args.engine)
    except ValidationFailed as e:
        sys.stderr.write(e.report.text(e.strict))
        print(f"error: {e}; nothing written to {args.out}", file=sys.stderr)
        return 1
    if result.report.warnings and not args.quiet:
        sys.stderr.write(result.report.text(args.strict))
    secs = " ".join(f"{k} {v:.2f}s" for k, v in result.seconds.items())
    print(f"built {result.quads} quads into {result.out_dir}/ ({len(result.files)} files; {secs})")
    return 0


def cmd_validate(args) -> int:
    """Validate the data (or FILEs) against the declared shapes files and the *-violation checks.
    The report says both SHACL's verdict (any result, even a warning: does not conform) and the
    policy (violations fail; warnings fail only with --strict), which sets the exit code."""
    report = _graph(args, args.files or None).validate(engine=args.engine)
    if args.format == "turtle":
        sys.stdout.write(report.to_turtle())
    else:
        sys.stdout.write(report.text(args.strict) if args.format == "text" else report.to_json(args.strict))
    return 0 if report.passes(args.strict) else 1


def cmd_questions(args) -> int:
    """List the ready-made questions with their titles (and the checks)."""
    from .queries import questions

    qs = list(questions(_project(args)).values())
    width = max(len(q.name) for q in qs)
    for q in qs:
        if q.is_check and not args.all:
            continue
        params = "".join(f" [{p.name}={p.default}]" for p in q.params)
        print(f"{q.name.ljust(width)}  {q.title}{params}")
    if not args.all:
        checks = sum(q.is_check for q in qs)
        print(f"(and {checks} *-violation checks that must return no rows: --all lists them)", file=sys.stderr)
    return 0


def _parse_params(items: list[str], option: str = "--param", form: str = "NAME=VALUE") -> dict[str, str]:
    params = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise UsageError(f"{option} {item!r}: write {form}")
        params[name.strip()] = value
    return params


def _endpoint(args):
    """``--endpoint`` and its graph options as a ``RemoteStore``."""
    from .store import RemoteStore

    default_graphs, named_graphs = args.default_graph or [], args.named_graph or []
    if args.build_graphs:
        names = sorted(g.value for g in _graph(args).store.named_graphs())
        default_graphs, named_graphs = default_graphs + names, named_graphs + names
    return RemoteStore(args.endpoint, timeout=args.timeout, default_graphs=default_graphs, named_graphs=named_graphs)


def _kept_answer_key(args) -> str | None:
    """The key of the answer ``kept_answers`` may hold for this command, or None when none can
    be kept: a query file or stdin, --param, --service or --endpoint."""
    if args.endpoint or args.param or args.service:
        return None
    project = _project(args)
    path = project.question_file(args.question)  # the file ``resolve`` will read, or not a name
    if path is None:
        return None
    from .kept_answers import answer_key

    return answer_key(project.ontology_files(), _data_files(args, project), path, args.format)


def _data_files(args, project) -> list[Path]:
    """The data files a command reads: ``--data``, else the project's data/."""
    return [Path(p) for p in args.data] if args.data else project.data_files()


def _load_in_background(args):
    """The dataset opening on a thread (``Background``) while the caller reads the question and
    imports the rest. Where it is kept is found first, and pyoxigraph imported, on this thread:
    the other does only what lets Python run beside it (RocksDB opening the on-disk store kept by
    ``loader.load_graph``, 10 ms), so neither waits for the other's Python."""
    import pyoxigraph  # noqa: F401 (imported for the thread)

    from .background import Background
    from .dataset_cache import dataset_file, open_persisted

    project = _project(args)
    kept = dataset_file(project.ontology_files(), _data_files(args, project))

    def open_or_load():
        store = open_persisted(kept.with_suffix(".store")) if kept is not None else None
        if store is None:  # not kept yet (or a file is missing: loading says which)
            from .loader import load_graph

            store = load_graph(project, args.data or None, cache=True, read_only=True)
        return store

    return Background(open_or_load)


def cmd_query(args) -> int:
    """Run a question (NAME), a query file (FILE) or standard input (-)."""
    if args.fresh:  # the engine runs, and what was kept is neither read nor written
        return _answer(args, _load_in_background(args) if not args.endpoint else None, key=None)
    key = _kept_answer_key(args)
    if key is not None:
        from .kept_answers import kept

        answer = kept(key)
        if answer is not None:
            _out(answer, args.output)
            return 0
    return _answer(args, _load_in_background(args) if not args.endpoint else None, key)


def _answer(args, loading, key: str | None) -> int:
    """Run the query on the dataset ``loading`` opens (or on --endpoint), print its answer, and
    keep it under ``key`` (None: not kept)."""
    from .queries import resolve

    try:
        question = resolve(args.question, _project(args))
        text = question.bind(_parse_params(args.param), _parse_params(args.service, "--service", "IRI=URL"))
    except BaseException:
        if loading is not None:
            loading.wait()  # let it finish what it writes to the cache before the error ends the command
        raise
    if key is not None:
        from .kept_answers import keepable

        key = key if keepable(text) else None
    if args.endpoint:
        store = _endpoint(args)
    else:
        from .store import LocalStore

        store = LocalStore(loading.result())  # its query() refuses text nested too deep for the engine
    result = store.query(text, source=str(question.path))
    fmt = args.format or ("turtle" if result.kind == "graph" else "table")
    answer = result.serialize(fmt)
    if key is not None:
        from .kept_answers import keep

        keep(key, answer)
    _out(answer, args.output)
    return 0


def cmd_export(args) -> int:
    """Write the whole graph in one format, to stdout or a file."""
    kg = _graph(args, progress=True)
    if args.output and args.output != "-":
        kg.export(args.format, args.output)
    else:
        _out(kg.export(args.format), None)
    return 0


def cmd_card(args) -> int:
    """Print the schema.org JSON-LD partner card for the WCO's web page."""
    import json

    card = _graph(args).card(lang=args.lang)
    text = json.dumps(card, ensure_ascii=False, indent=2) + "\n"
    if args.html:
        text = f'<script type="application/ld+json">\n{text}</script>\n'
    _out(text, args.output)
    return 0


def cmd_serve(args) -> int:
    """Build (or take the last build of) the graph, validate it, and serve it over HTTP:
    the SPARQL 1.1 endpoint at /sparql, every IRI as Linked Data, and web pages. Prints the
    URL once it is listening; Ctrl+C stops it."""
    from .server.config import ServerConfig
    from .server.run import serve

    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: not a port number (0-65535; 0 = any free port)")
    for name in ("timeout", "max_request_bytes", "max_rows", "max_answer_bytes", "workers", "max_header_bytes",
                 "max_headers", "read_timeout", "max_depth"):
        if getattr(args, name) <= 0:
            raise UsageError(f"--{name.replace('_', '-')} must be positive")
    if args.per_client < 0:
        raise UsageError("--per-client must be 0 (no cap) or positive")
    from .server.sandbox import is_address, is_loopback

    for entry in args.allow_service or ():
        host = entry.rpartition(":")[0] if entry.rpartition(":")[2].isdigit() else entry
        if not host or (is_address(host) and not is_loopback(host)) or ":" in host or "/" in host:
            raise UsageError(f"--allow-service {entry}: give a host name or a loopback IPv4 address, "
                             "with an optional :PORT")
    config = ServerConfig(host=args.host, port=args.port, timeout=args.timeout,
                          max_request_bytes=args.max_request_bytes, max_rows=args.max_rows,
                          max_answer_bytes=args.max_answer_bytes, workers=args.workers,
                          allow_service=frozenset(h.lower() for h in args.allow_service or ()),
                          cache_bytes=int(args.cache_mb * 1024 * 1024), max_age=args.max_age,
                          max_header_bytes=args.max_header_bytes, max_headers=args.max_headers,
                          read_timeout=args.read_timeout, per_client=args.per_client, max_depth=args.max_depth)
    serve(_project(args), config, build=not args.no_build, out_dir=args.out, progress=_progress(args),
          collections_paused=args.collections_paused)
    return 0


def cmd_push(args) -> int:
    """Load the build into a triple store through the SPARQL 1.1 Graph Store Protocol: each
    named graph of the build (one per source, the ontology, the description) replaces the
    store's graph of the same name in one PUT, or, with --graph, the whole graph goes into
    that one graph. A failed push puts back what the store held before."""
    import os

    from .builder import load_build
    from .push import probe, push

    password = args.password if args.password is not None else os.environ.get("WCO_KG_STORE_PASSWORD")
    if args.user and password is None:
        raise UsageError("--user needs --password or $WCO_KG_STORE_PASSWORD")
    probe(args.store, user=args.user, password=password, timeout=args.timeout)  # before a long build
    progress = _progress(args)
    store, _ = load_build(args.out, _project(args), fresh=not args.no_build, progress=progress)
    result = push(store, args.store, target_graph=args.graph, user=args.user, password=password,
                  timeout=args.timeout, progress=progress)
    print(f"pushed {len(result.graphs)} graph(s), {result.triples} triples to {result.store_url} "
          f"in {result.seconds:.2f}s")
    return 0


def cmd_links_check(args) -> int:
    """Check the graph's links to Wikidata against a SPARQL endpoint: each linked item must
    exist there, and its English and French labels must agree with ours (prefLabel or
    altLabel; case and spacing ignored). Prints one line per link and a summary."""
    from .links import check_links
    from .store import LocalStore, RemoteStore

    endpoint = RemoteStore(args.endpoint, timeout=args.timeout)
    report = check_links(LocalStore(_graph(args).store), endpoint)
    sys.stdout.write(report.text())
    return 0 if report.ok else 1


def cmd_members_import(args) -> int:
    """Read the WCO members CSV, check every row, and (re)write the members' TriG (default
    data/members.trig) deterministically. A malformed row is reported as CSV:LINE: what, and
    nothing is written. With --check, write nothing: exit 1 if the file would change."""
    from .members import import_members

    project = _project(args)
    out = Path(args.out) if args.out else project.data_dir / "members.trig"
    csv_path = args.csv or project.reference_dir / "wco-members.csv"
    result = import_members(csv_path, out, project.data_files(), write=not args.check)
    return _import_outcome(result, args)


def _import_outcome(result, args) -> int:
    """Print what an import did (with --check: exit 1 and the diff if the file would change)."""
    if args.check and result.changed:
        print(f"{result.summary()} (would change; run without --check to write it)")
        for line in result.diff[:args.show]:
            print(line)
        if len(result.diff) > args.show:
            print(f"... ({len(result.diff) - args.show} more diff lines)")
        return 1
    print(result.summary())
    return 0


def cmd_igos_import(args) -> int:
    """Read the reference tables of the other intergovernmental bodies (igos.csv: the bodies;
    igo-memberships.csv: who belongs to which; igo-names-fr.csv: their French names; each CSV is
    recognised by its header), check every row, and (re)write data/igos.trig deterministically.
    The members reuse the WCO members' nodes (from the WCO members CSV, --members). A bad row is
    reported as CSV:LINE: what, and nothing is written. With --check, write nothing: exit 1 if
    the file would change."""
    from .igos import default_tables, import_igos

    project = _project(args)
    out = Path(args.out) if args.out else project.data_dir / "igos.trig"
    csvs = args.csv or default_tables(project.reference_dir)
    members = args.members or project.reference_dir / "wco-members.csv"
    result = import_igos(csvs, members, out, project.data_files(), write=not args.check)
    return _import_outcome(result, args)


# ---------------------------------------------------------------------- parser

class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (``wco-kg: error: …``, exit 2), not a usage block."""

    def error(self, message: str):  # type: ignore[override]
        where = self.prog.removeprefix("wco-kg").strip()
        if not where and "required" in message:  # bare `wco-kg`: what the commands are is the answer
            self.print_usage(sys.stderr)
        self.exit(2, f"wco-kg: error: {where + ': ' if where else ''}{' '.join(message.split())} "
                     f"(see {self.prog} --help)\n")


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's, given the terminal's width as ``shutil.get_terminal_size`` reads it ($COLUMNS,
    else the terminal, else 80). argparse makes a formatter for every option it is given, and its
    own reading of the width imports ``shutil`` with the compression modules: 3 ms of every cold
    command, for the help that few of them print."""

    def __init__(self, prog: str, **options):
        options.setdefault("width", _columns() - 2)  # argparse's own margin
        super().__init__(prog, **options)


def _columns() -> int:
    import os

    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def cmd_search(args) -> int:
    """Find resources by name: names, alternative names, acronyms and notations, in English and
    French, case- and accent-insensitive, by prefix; ranked exact, then prefix, then contains."""
    from .search import SearchIndex

    index = SearchIndex(_graph(args).store)
    try:
        hits = index.search(args.text, limit=args.limit)
    except ValueError as e:
        raise UsageError(str(e)) from None
    if args.json:
        import json

        _out(json.dumps([h.as_json() for h in hits], ensure_ascii=False, indent=1) + "\n", None)
        return 0 if hits else 1
    from .namespaces import shorten

    for h in hits:
        kind = shorten(h.types[0]).strip("<>") if h.types else "-"
        print(f"{shorten(h.iri).strip('<>')}\t{h.label}\t{kind}\t{('exact', 'prefix', 'word', 'contains')[h.rank]}: "
              f"{h.name}{' @' + h.lang if h.lang else ''}")
    if not hits:
        print(f"nothing is named {args.text!r}", file=sys.stderr)
    return 0 if hits else 1


def _command(sub, name: str, func, help_: str, epilog: str = "") -> argparse.ArgumentParser:
    """A subcommand whose description is ``func``'s docstring and which runs ``func``."""
    sp = sub.add_parser(name, help=help_, description=func.__doc__, epilog=epilog,
                        formatter_class=HelpFormatter)
    sp.set_defaults(func=func)
    return sp


def _command_word(argv: list[str]) -> str | None:
    """The command named in ``argv`` (the first word that is not an option), or None."""
    words = iter(argv)
    for word in words:
        if word == "--project":
            next(words, None)
        elif not word.startswith("-"):
            return word
        elif not word.startswith("--project="):
            return None  # --help, --version, or a mistake: the whole parser says what to do
    return None


def _data_option(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--data", nargs="+", metavar="FILE",
                    help="data files to use instead of data/*.trig (the ontology is always loaded)")


def _engine_option(sp: argparse.ArgumentParser) -> None:
    from .shacl_engines import DEFAULT_ENGINE, ENGINES

    sp.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE,
                    help="SHACL validator: turbo (pyshacl-turbo on the Oxigraph store, the default) or "
                         "pyshacl (the reference the tests compare with; far slower)")


def _import_options(sp: argparse.ArgumentParser, out: str) -> None:
    """--out, --check and --show, for the commands that regenerate a data file from CSVs."""
    sp.add_argument("--out", metavar="FILE", help=f"output TriG (default: {out} of the project)")
    sp.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 and show the diff if the file would change")
    sp.add_argument("--show", type=int, default=40, metavar="N", help="with --check: diff lines to show (default 40)")


def _output_option(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")


def _quiet_option(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("-q", "--quiet", action="store_true", help="no progress messages")


def _build_options(sp: argparse.ArgumentParser, verb: str) -> None:
    """--out and --no-build, for the commands that work on a build (push, serve)."""
    sp.add_argument("--out", default="dist", metavar="DIR", help="build folder (default: dist)")
    sp.add_argument("--no-build", action="store_true",
                    help=f"{verb} the last build in --out instead of building "
                         "(validated again, unless this build passed before)")


def _add_build(sub) -> None:
    b = _command(sub, "build", cmd_build, "validate, then write every export to a folder",
                 "writes wco-kg.{ttl,jsonld,nt,nq,trig,rdf}, context.jsonld, void.ttl and card.jsonld;\n"
                 "if the graph does not conform, nothing is written and the previous files stay.")
    b.add_argument("--out", default="dist", metavar="DIR", help="output folder (default: dist)")
    b.add_argument("--strict", action="store_true", help="fail on warnings too")
    _quiet_option(b)
    _engine_option(b)
    _data_option(b)


def _add_validate(sub) -> None:
    v = _command(sub, "validate", cmd_validate, "check the data against the SHACL shapes and the checks")
    v.add_argument("files", nargs="*", metavar="FILE", help="data files (default: data/*.trig)")
    v.add_argument("--format", choices=["text", "json", "turtle"], default="text",
                   help="report format (default: text, grouped by focus node)")
    v.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    _engine_option(v)


def _add_questions(sub) -> None:
    qs = _command(sub, "questions", cmd_questions, "list the ready-made questions")
    qs.add_argument("--all", action="store_true", help="include the *-violation checks")


class _FormatChoices:
    """``--format`` choices read from ``formats`` only when argparse needs them (to check a
    given value, or to print the help): importing formats loads pyoxigraph, which printing a
    kept answer (``kept_answers``) does not need."""

    def __init__(self, fixed: list[str]):
        self._fixed = fixed

    def _all(self) -> list[str]:
        from .formats import RDF_FORMATS, names

        return self._fixed + names(RDF_FORMATS)

    def __contains__(self, value) -> bool:
        return value in self._all()

    def __iter__(self):
        return iter(self._all())


def _add_query(sub) -> None:
    q = _command(sub, "query", cmd_query, "run a question, a query file or stdin",
                 "QUESTION is a name from `wco-kg questions`, a path to a .rq file, or - for stdin.\n"
                 "Without --endpoint the query runs on the embedded store (pyoxigraph), whose default\n"
                 "graph is the union of the source graphs; GRAPH ?g reaches each source's facts.")
    q.add_argument("question", metavar="QUESTION")
    q.add_argument("--param", action="append", metavar="NAME=VALUE", help="bind a question's parameter (repeatable)")
    q.add_argument("--format", "-f", choices=_FormatChoices(["table", "csv", "tsv", "json", "xml"]), metavar="FORMAT",
                   help="output: %(choices)s (default: table for SELECT/ASK, turtle for CONSTRUCT/DESCRIBE)")
    q.add_argument("--service", action="append", metavar="IRI=URL",
                   help="a federated question's SERVICE <IRI> calls URL instead (e.g. a local copy of Wikidata)")
    q.add_argument("--endpoint", metavar="URL", help="run on this SPARQL 1.1 endpoint instead")
    q.add_argument("--default-graph", action="append", metavar="IRI", help="with --endpoint: default-graph-uri")
    q.add_argument("--named-graph", action="append", metavar="IRI", help="with --endpoint: named-graph-uri")
    q.add_argument("--build-graphs", action="store_true",
                   help="with --endpoint: query only the build's named graphs (default-graph-uri and "
                        "named-graph-uri for each), for a store that holds other graphs too, as Virtuoso does")
    q.add_argument("--timeout", type=float, default=30.0, metavar="S", help="with --endpoint: seconds (default 30)")
    q.add_argument("--fresh", action="store_true",
                   help="run the engine, and neither print nor keep a kept answer (a question's answer with "
                        "its default parameters is kept from its first run until data/, ontology/, the question "
                        "or wco-kg change)")
    _output_option(q)
    _data_option(q)


def _add_export(sub) -> None:
    from .formats import RDF_FORMATS, names

    e = _command(sub, "export", cmd_export, "write the graph in one RDF format",
                 "N-Quads and TriG keep the named graph of each fact's source; the others merge them.")
    e.add_argument("--format", "-f", choices=names(RDF_FORMATS) + ["ttl", "nt", "nq", "json-ld", "xml"],
                   help="default: from the -o file extension, else turtle")
    _output_option(e)
    _quiet_option(e)
    _data_option(e)



def _add_search(sub) -> None:
    se = _command(sub, "search", cmd_search, "find resources by name (English and French, acronyms, codes)",
                  "examples:\n  wco-kg search OMD\n  wco-kg search douanes --json\n"
                  "exit codes: 0 something found, 1 nothing found, 2 an error.")
    se.add_argument("text", metavar="TEXT", help="a name, part of a name, an acronym or a code (case and accents ignored)")
    se.add_argument("--limit", type=int, default=20, metavar="N", help="most hits (default 20)")
    se.add_argument("--json", action="store_true", help="the hits as JSON (IRI, label, what matched, types)")
    _data_option(se)

def _add_card(sub) -> None:
    c = _command(sub, "card", cmd_card, "print the schema.org JSON-LD partner card")
    c.add_argument("--lang", choices=["en", "fr"], default="en", help="language of the name (default en)")
    c.add_argument("--html", action="store_true", help="wrap it in a <script type=\"application/ld+json\"> tag")
    _output_option(c)
    _data_option(c)


def _add_push(sub) -> None:
    ps = _command(sub, "push", cmd_push, "load the build into a triple store (SPARQL 1.1 Graph Store Protocol)",
                  "STORE URLs: Virtuoso http://HOST:8890/sparql-graph-crud-auth (Digest auth),\n"
                  "Oxigraph http://HOST:7878/store, Fuseki http://HOST:3030/DATASET/data,\n"
                  "GraphDB http://HOST:7200/repositories/ID/rdf-graphs/service.\n"
                  "Read back with: wco-kg query NAME --endpoint QUERY_URL")
    ps.add_argument("--store", required=True, metavar="URL", help="the Graph Store Protocol endpoint")
    ps.add_argument("--graph", metavar="IRI", help="put the whole graph into this one named graph "
                                                   "(default: one graph per source, as in the build)")
    ps.add_argument("--user", metavar="U", help="user name (Basic or Digest, as the store asks)")
    ps.add_argument("--password", metavar="P", help="password (default: $WCO_KG_STORE_PASSWORD)")
    _build_options(ps, "push")
    ps.add_argument("--timeout", type=float, default=60.0, metavar="S", help="seconds per request (default 60)")
    _quiet_option(ps)


def _add_links(sub) -> None:
    lk = sub.add_parser("links", help="check the graph's links to other datasets",
                        description="Check the graph's links to other datasets (Wikidata).")
    lk_sub = lk.add_subparsers(dest="links_command", metavar="ACTION", required=True)
    lc = lk_sub.add_parser("check", help="confirm each linked Wikidata item and its label at an endpoint",
                           description=cmd_links_check.__doc__,
                           epilog="exit codes: 0 every link confirmed, 1 a missing item or a different label,\n"
                                  "            2 the endpoint is unreachable or failing (its URL and HTTP status).\n"
                                  "example: wco-kg links check --endpoint https://query.wikidata.org/sparql",
                           formatter_class=HelpFormatter)
    lc.set_defaults(func=cmd_links_check)
    lc.add_argument("--endpoint", required=True, metavar="URL",
                    help="a SPARQL endpoint holding Wikidata (https://query.wikidata.org/sparql) or an extract of it")
    lc.add_argument("--timeout", type=float, default=60.0, metavar="S", help="seconds per request (default 60)")
    _data_option(lc)


def _add_members(sub) -> None:
    m = _command(sub, "members", lambda a: m.print_help() or 2, "the WCO's members: import them from the reference CSV")
    msub = m.add_subparsers(dest="members_command", metavar="SUBCOMMAND", required=True)
    mi = msub.add_parser("import", help="check the members CSV and regenerate data/members.trig",
                         description=cmd_members_import.__doc__,
                         epilog="examples:\n  wco-kg members import            # data/reference/wco-members.csv\n"
                                "  wco-kg members import --check    # in CI",
                         formatter_class=HelpFormatter)
    mi.set_defaults(func=cmd_members_import)
    mi.add_argument("csv", metavar="CSV", nargs="?",
                    help="the members CSV (default: data/reference/wco-members.csv; columns: see README, \"Members\")")
    _import_options(mi, "data/members.trig")


def _add_igos(sub) -> None:
    ig = _command(sub, "igos", lambda a: ig.print_help() or 2,
                 "the other intergovernmental bodies (UN, OECD, EU…): import them from the reference CSVs")
    igsub = ig.add_subparsers(dest="igos_command", metavar="SUBCOMMAND", required=True)
    ii = igsub.add_parser("import", help="check the bodies' CSVs and regenerate data/igos.trig",
                          description=cmd_igos_import.__doc__,
                          epilog="examples:\n  wco-kg igos import            # the three tables in data/reference/\n"
                                 "  wco-kg igos import --check    # in CI",
                          formatter_class=HelpFormatter)
    ii.set_defaults(func=cmd_igos_import)
    ii.add_argument("csv", metavar="CSV", nargs="*",
                    help="the three tables, in any order (default: data/reference/igos.csv, igo-memberships.csv, "
                         "igo-names-fr.csv; columns: see README, \"Other intergovernmental bodies\")")
    ii.add_argument("--members", metavar="CSV",
                    help="the WCO members CSV whose nodes are reused (default: data/reference/wco-members.csv)")
    _import_options(ii, "data/igos.trig")


def _add_serve(sub) -> None:
    from .server.config import ServerConfig

    d = ServerConfig()
    sv = _command(sub, "serve", cmd_serve, "build, validate and serve the graph (SPARQL endpoint, Linked Data, pages)",
                  "SPARQL Update is refused; SERVICE calls are refused unless --allow-service names the host.\n"
                  "Query workers run without network access; an allowed SERVICE leaves only through the\n"
                  "server's egress proxy to that host and port. Where workers cannot be isolated, every query\n"
                  "that mentions SERVICE is refused (said at start-up). Answers carry ETags derived from the build,\n"
                  "so clients revalidate cheaply and a rebuild changes them.")
    sv.add_argument("--host", default=d.host, help=f"address to listen on (default {d.host})")
    sv.add_argument("--port", type=int, default=d.port, help=f"port (default {d.port}; 0 = any free port)")
    _build_options(sv, "serve")
    sv.add_argument("--timeout", type=float, default=d.timeout, metavar="S",
                    help=f"seconds a query may run; then 503 (default {d.timeout:g})")
    sv.add_argument("--max-request-bytes", type=int, default=d.max_request_bytes, metavar="N",
                    help=f"largest request accepted; then 413 (default {d.max_request_bytes})")
    sv.add_argument("--max-rows", type=int, default=d.max_rows, metavar="N",
                    help=f"most rows or triples in an answer; then 400 (default {d.max_rows:,}: beyond the whole graph)")
    sv.add_argument("--max-answer-bytes", type=int, default=d.max_answer_bytes, metavar="N",
                    help=f"most bytes in an answer; then 400, and the query stops there "
                         f"(default {d.max_answer_bytes})")
    sv.add_argument("--workers", type=int, default=d.workers, metavar="N",
                    help=f"query worker processes (default {d.workers}: the cores, at most 4)")
    sv.add_argument("--allow-service", action="append", metavar="HOST[:PORT]",
                    help="let SERVICE call this host (repeatable; a bare HOST means ports 80 and 443), through "
                         "the egress proxy only; by default SERVICE is refused")
    sv.add_argument("--max-header-bytes", type=int, default=d.max_header_bytes, metavar="N",
                    help=f"largest request head (headers); then 431 (default {d.max_header_bytes})")
    sv.add_argument("--max-headers", type=int, default=d.max_headers, metavar="N",
                    help=f"most header fields in a request; then 431 (default {d.max_headers})")
    sv.add_argument("--read-timeout", type=float, default=d.read_timeout, metavar="S",
                    help=f"seconds a request may take to arrive; then 408 and closed (default {d.read_timeout:g})")
    sv.add_argument("--per-client", type=int, default=d.per_client, metavar="N",
                    help="most queries one client address may run at once (default 0: no cap; a client over its "
                         "fair share gives a worker back to a waiting client anyway)")
    sv.add_argument("--max-depth", type=int, default=d.max_depth, metavar="N",
                    help=f"deepest bracket nesting in a query (chained operators: 16 times this); then 400 "
                         f"(default {d.max_depth})")
    sv.add_argument("--cache-mb", type=float, default=d.cache_bytes / 1024 / 1024, metavar="MB",
                    help="memory for cached answers (default 64; 0 = no cache)")
    sv.add_argument("--max-age", type=int, default=d.max_age, metavar="S",
                    help="Cache-Control max-age of answers and pages (default 0: revalidate with the ETag)")
    _quiet_option(sv)


#: The subcommands by name, in the order ``--help`` lists them.
COMMANDS = {"build": _add_build, "validate": _add_validate, "questions": _add_questions, "query": _add_query,
            "export": _add_export, "search": _add_search, "card": _add_card, "push": _add_push, "links": _add_links,
            "members": _add_members, "igos": _add_igos, "serve": _add_serve}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The ``wco-kg`` parser: global options, then one subparser per command (``COMMANDS``).
    With ``only``, the other commands' parsers are left out (argparse costs about a
    millisecond per command to build, which a cold ``wco-kg query`` would pay for nothing)."""
    p = OneLineParser(
        prog="wco-kg",
        description="The World Customs Organization's partner profile as a linked-data knowledge graph: "
                    "build, validate, query, export and serve it.",
        epilog=EPILOG, formatter_class=HelpFormatter)
    p.add_argument("--version", action="version", version=f"wco-kg {__version__}")
    p.add_argument("--project", metavar="DIR",
                   help="a tree with ontology/ data/ shapes/ queries/ (default: this checkout; or $WCO_KG_PROJECT)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)
    if only is not None and only not in COMMANDS:
        only = None  # not a command: the whole parser, which lists them, says so
    for name, add in COMMANDS.items():
        if only is None or name == only:
            add(sub)
    return p


#: The commands that owe nothing once they have written what they print: run as the program,
#: one of them ends the process at once (``_end_now``).
ENDS_AT_ONCE = frozenset({"query", "questions", "search", "card"})


def _end_now(code: int) -> None:
    """End the process now with exit code ``code``: standard output and error flushed, then
    ``os._exit``, which skips Python's finalization (every module cleared and freed, and the
    native libraries' exit handlers: 4.5 ms of a cold ``wco-kg query`` on this machine).
    Only for ``ENDS_AT_ONCE``: they leave no temporary file, thread or child process whose
    clean-up that skips (a file given with ``-o`` is complete and renamed into place by then)."""
    import os

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader gone (a broken pipe) or a closed stream: nothing more to say
            pass
    os._exit(code)


def _ending() -> None:
    """The program ends now: every object is moved out of the cyclic collector's sight, so
    Python's finalization does not walk them all again in its full collections, which took
    about 9 ms of a cold ``wco-kg query``'s 15 ms exit (what they would free, the end of the
    process frees; no ``__del__`` is owed at exit, and open files are flushed by then)."""
    gc.freeze()


def main(argv: list[str] | None = None) -> int:
    """Run the command in ``argv`` (default: the program's arguments); its exit code. Run as
    the program (``argv`` None), it ends the process itself after the commands of
    ``ENDS_AT_ONCE`` (``_end_now``), and leaves it ready to end after the others (``_ending``)."""
    program = argv is None
    argv = sys.argv[1:] if argv is None else argv
    word = _command_word(argv)
    # Starting makes next to no cyclic garbage, and the collections it would run walk what it
    # imports again and again: a query (short: all of it) and a server's start from a build
    # already made (``serve`` resumes them once it is up) run without them, 3 to 10 ms less.
    paused = program and word in ("query", "serve") and gc.isenabled()
    if paused:
        gc.disable()
    args = build_parser(word).parse_args(argv)
    if paused and word == "serve" and not args.no_build:
        gc.enable()  # (building loads, validates and exports: it makes garbage to collect)
        paused = False
    args.collections_paused = paused
    try:
        code = _run(args)
    except BaseException:  # a bug, or the end argparse asked for (SystemExit): the usual end
        if program:
            _ending()
        raise
    if program:
        if word in ENDS_AT_ONCE:
            _end_now(code)
        _ending()
    return code


def _run(args) -> int:
    """Run the parsed command; its exit code (an expected error is one line on stderr)."""
    try:
        return args.func(args)
    except ValidationFailed as e:
        sys.stderr.write(e.report.text(e.strict))
        return 1
    except WcoKgError as e:
        print(f"wco-kg: error: {e}", file=sys.stderr)
        if getattr(e, "excerpt", ""):
            print(e.excerpt, file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("wco-kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
