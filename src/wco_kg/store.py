r"""Running a SPARQL query: the one query path of the embedded store, and any SPARQL 1.1 endpoint.

``execute()`` is the only place that runs a query on a pyoxigraph ``Store``: it picks the
dataset (the request's graphs, else the query's own ``FROM`` / ``FROM NAMED``, else the
union of the source graphs as the default graph, as on Virtuoso), predeclares the
project's prefixes and passes pre-bound variables. The library, the CLI, the server's
workers, validation's checks, the questions and the build's statistics all call it.

``LocalStore`` wraps a store behind the small ``query(text) -> Result`` interface, turning
errors into ``QueryError`` with the query's line and column; ``RemoteStore`` implements
the same interface for an endpoint through SPARQLWrapper. Both return ``results.Result``,
so a question gives the same answer on either, and tests compare them directly.

>>> import pyoxigraph as ox
>>> s = ox.Store()
>>> s.add(ox.Quad(ox.NamedNode(ID + "a"), ox.NamedNode(RDF_TYPE), ox.NamedNode(WKG.Agreement),
...               ox.NamedNode(GRAPH + "g")))
>>> [str(r["x"]) for r in execute(s, "SELECT ?x WHERE { ?x a wkg:Agreement }")]
['<https://w3id.org/wco-kg/id/a>']
>>> bool(execute(s, "ASK { ?x a wkg:Agreement }", union=False))  # the store's own default graph is empty
False
>>> LocalStore(s).query("SELECT ?x WHERE {\n ?x a }", source="q.rq")
Traceback (most recent call last):
...
wco_kg.errors.QuerySyntaxError: q.rq:2:7: unexpected '}': expected a variable, an IRI or a literal
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence

import pyoxigraph as ox

from . import formats
from .errors import EndpointError, QueryError, QuerySyntaxError
from .namespaces import GRAPH, ID, PREFIXES, RDF_TYPE, WKG  # noqa: F401 (the doctest uses some)
from .results import Result, from_sparql_json
from .sparql_text import analyse, has_dataset_clause, nesting_error, within_limits

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def dataset_options(text: str, default_graphs: Sequence[str] | None = None,
                    named_graphs: Sequence[str] | None = None, union: bool = True,
                    dataset_clause: bool | None = None) -> dict:
    """pyoxigraph's keyword arguments selecting the dataset ``text`` runs on.

    ``default_graphs`` (SPARQL Protocol ``default-graph-uri``) wins; else a query's own
    ``FROM`` names its dataset; else, with ``union``, the default graph is the union of every
    graph. ``named_graphs`` (``named-graph-uri``) limit ``GRAPH ?g``; none means all graphs.

    >>> dataset_options("SELECT * { ?s ?p ?o }")
    {'use_default_graph_as_union': True}
    >>> dataset_options("SELECT * FROM <http://example.org/g> { ?s ?p ?o }")
    {}
    >>> dataset_options("ASK {}", ["http://example.org/g"], ["http://example.org/h"])
    {'default_graph': [<NamedNode value=http://example.org/g>], 'named_graphs': [<NamedNode value=http://example.org/h>]}
    """
    kwargs: dict = {}
    if default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    elif union and not (has_dataset_clause(text) if dataset_clause is None else dataset_clause):
        # a query's own FROM names its dataset (``dataset_clause``: the caller has read it already)
        kwargs["use_default_graph_as_union"] = True
    if named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    return kwargs


def execute(store: ox.Store, text: str, *, default_graphs: Sequence[str] | None = None,
            named_graphs: Sequence[str] | None = None, union: bool = True,
            substitutions: dict[str, Term] | None = None, dataset_clause: bool | None = None):
    """Run one query on the embedded store: pyoxigraph's own answer (solutions, boolean or triples).

    The dataset is chosen by ``dataset_options`` (``union=False``: the store's own default
    graph, the triples outside every named graph); the project's prefixes (``wkg:``, ``id:``,
    ``schema:``...) are predeclared; ``substitutions`` pre-bind variables by name
    (``{"this": NamedNode(...)}``), as pySHACL binds ``$this``. Raises pyoxigraph's
    ``SyntaxError`` (its message holds the line and column) for a malformed query and
    ``OSError``/``ValueError`` for a failing one; ``LocalStore.query`` turns them into
    ``QueryError``.
    """
    kwargs = dataset_options(text, default_graphs, named_graphs, union, dataset_clause)
    if substitutions:
        kwargs["substitutions"] = {ox.Variable(k) if isinstance(k, str) else k: v for k, v in substitutions.items()}
    return store.query(text, prefixes=PREFIXES, **kwargs)


class QueryStore:
    """What the CLI, the questions and the tests need of a store: ``LocalStore`` and
    ``RemoteStore`` are both. (A base class, not a ``typing.Protocol``: a cold ``wco-kg query``
    imports this module, and ``typing`` took 3.6 ms of it.)"""

    name: str

    def query(self, text: str, *, source: str = "query") -> Result:
        raise NotImplementedError


class LocalStore(QueryStore):
    """The embedded store: a pyoxigraph ``Store``, queried with the union default graph.

    The project's prefixes (``namespaces.PREFIXES``) are predeclared, so ad-hoc queries may
    use ``wkg:``, ``id:``, ``schema:``... without PREFIX lines (remote endpoints need them).

    >>> s = LocalStore()
    >>> s.query("ASK { id:wco ?p ?o }").boolean, len(s)
    (False, 0)
    """

    name = "embedded"

    def __init__(self, store: ox.Store | None = None):
        self.store = store if store is not None else ox.Store()

    def query(self, text: str, *, source: str = "query",
              default_graphs: Sequence[str] | None = None,
              named_graphs: Sequence[str] | None = None,
              substitutions: dict | None = None) -> Result:
        """Run ``text`` (see ``execute``); ``QueryError('source:line:col: message')`` if it is malformed.

        Text nested or chained deeper than ``sparql_text.nesting_error`` allows is refused
        before the engine sees it: pyoxigraph parses recursively, and such text used to end
        the process with a segmentation fault.
        """
        too_deep = None if within_limits(text) else nesting_error(analyse(text))
        if too_deep:
            raise QueryError(f"{source}: {too_deep}")
        try:
            return _to_result(execute(self.store, text, default_graphs=default_graphs, named_graphs=named_graphs,
                                      substitutions=substitutions))
        except SyntaxError as e:
            from .query_errors import explain

            problem = explain(text, e.msg or str(e), PREFIXES)
            raise QuerySyntaxError(problem.one_line(source), problem.excerpt()) from None
        except (OSError, ValueError, TypeError, RuntimeError) as e:  # RuntimeError: a bad substitution
            raise QueryError(f"{source}: {e}") from None

    def __len__(self) -> int:
        return len(self.store)


def _to_result(answer) -> Result:
    """pyoxigraph's answer as a ``Result`` (every row read)."""
    if isinstance(answer, ox.QueryBoolean):
        return Result.ask(bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        return Result.select(variables, (tuple(sol[v] for v in variables) for sol in answer))
    return Result.graph(answer)


def _query_form(text: str) -> str | None:
    r"""SELECT, CONSTRUCT, ASK or DESCRIBE: the first keyword after comments and the prologue.

    SPARQLWrapper's own guess removes only every other line of a comment block, so a header
    mentioning "add" or "described" made it send a query as an update (or ask for RDF).

    >>> _query_form("# title: x\n# described\n# add\nPREFIX a: <http://a/>\nselect * {}")
    'SELECT'
    >>> _query_form("INSERT DATA {}") is None
    True
    """
    rest = text
    while True:
        rest = rest.lstrip()
        if rest.startswith("#"):
            rest = rest.partition("\n")[2]
            continue
        m = re.match(r"(PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>)", rest, re.I)
        if not m:
            break
        rest = rest[m.end():]
    m = re.match(r"(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", rest, re.I)
    return m.group(1).upper() if m else None


# What to say when an endpoint gave no message of its own (never SPARQLWrapper's guesses,
# such as "probably the SPARQL query is badly formed" for every 400).
_LIBRARY_WORDS = {400: "Bad Request", 401: "Unauthorized (check --user/--password)", 404: "Not Found",
                  414: "URI Too Long", 500: "Internal Server Error"}


def _server_message(text: str) -> str:
    """The endpoint's own message out of a SPARQLWrapper exception's text ("…Response:\nb'…'")."""
    if "Response:" not in text:
        return ""
    body = text.split("Response:", 1)[1].strip()
    if body.startswith(("b'", 'b"')):
        body = body[2:-1].encode("latin-1", "backslashreplace").decode("unicode_escape", "replace")
    return " ".join(body.split())[:300]


class RemoteStore(QueryStore):
    """Any SPARQL 1.1 endpoint, queried through SPARQLWrapper (imported only when used).

    >>> RemoteStore("http://127.0.0.1:9/sparql", timeout=2).query("ASK {}")
    Traceback (most recent call last):
    ...
    wco_kg.errors.EndpointError: http://127.0.0.1:9/sparql: no response: ...
    >>> RemoteStore("file:///etc/passwd")
    Traceback (most recent call last):
    ...
    wco_kg.errors.EndpointError: file:///etc/passwd: no response: not an http(s) endpoint URL
    """

    def __init__(self, url: str, *, timeout: float = 30.0,
                 default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (),
                 user: str | None = None, password: str | None = None):
        if not re.match(r"^https?://[^\s/]+", url or ""):
            raise EndpointError(url or "''", "not an http(s) endpoint URL")
        self.url = url
        self.name = url
        self.timeout = timeout
        self.default_graphs = list(default_graphs)
        self.named_graphs = list(named_graphs)
        self.user, self.password = user, password

    def query(self, text: str, *, source: str = "query") -> Result:
        # SPARQLWrapper warns on stderr about its own guesses (the query's type, the answer's
        # format); what went wrong is said once, in the EndpointError.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return self._query(text)

    def _query(self, text: str) -> Result:
        from SPARQLWrapper import JSON, N3, POST, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        from . import __version__

        # A User-Agent naming the client: Wikidata's query service asks for one.
        sw = SPARQLWrapper(self.url, agent=f"wco-kg/{__version__} (https://w3id.org/wco-kg/; SPARQLWrapper)")
        sw.setTimeout(int(self.timeout))
        sw.setMethod(POST)
        sw.setQuery(text)
        for g in self.default_graphs:
            sw.addDefaultGraph(g)
        for g in self.named_graphs:
            sw.addNamedGraph(g)
        if self.user:
            sw.setCredentials(self.user, self.password or "")
        kind = sw.queryType = _query_form(text) or sw.queryType
        graph_query = kind in ("CONSTRUCT", "DESCRIBE")
        sw.setReturnFormat(N3 if graph_query else JSON)
        if graph_query:
            # Ask for N-Triples first: every endpoint we target writes it, and it is the
            # simplest to read back.
            sw.addCustomHttpHeader("Accept", "application/n-triples, text/turtle;q=0.9")
        try:
            response = sw.query()
            body = response.response.read()
            ctype = response.response.headers.get("Content-Type", "") or ""
        except SPARQLWrapperException as e:
            status = {"QueryBadFormed": 400, "Unauthorized": 401, "EndPointNotFound": 404,
                      "URITooLong": 414, "EndPointInternalError": 500}.get(type(e).__name__)
            reason, said = _LIBRARY_WORDS.get(status, type(e).__name__), _server_message(str(e))
            raise EndpointError(self.url, f"{reason}: {said}" if said else reason, status) from None
        except Exception as e:  # urllib's HTTPError, URLError, socket timeouts
            status = getattr(e, "code", None)
            reason = " ".join(str(getattr(e, "reason", None) or e or type(e).__name__).split())
            said = ""
            if hasattr(e, "read"):  # an HTTP error status: the server's own words are in the body
                try:
                    said = " ".join(e.read(2000).decode("utf-8", "replace").split())[:300]
                except Exception:  # noqa: BLE001 - no body to read
                    said = ""
            raise EndpointError(self.url, f"{reason}: {said}" if said else reason, status) from None
        if graph_query:
            try:
                return Result.graph(q.triple for q in ox.parse(body, format=formats.of_content_type(ctype).ox))
            except SyntaxError as e:
                raise EndpointError(self.url, f"unreadable {ctype or 'RDF'} answer: {e}") from None
        try:
            return from_sparql_json(body)
        except ValueError as e:
            raise EndpointError(self.url, f"unreadable SPARQL JSON answer ({ctype}): {e}") from None
