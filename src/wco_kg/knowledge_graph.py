"""The library's front door: ``load()`` a project's graph and work on it through one ``KnowledgeGraph``.

One object holds the loaded dataset (ontology, data, standard superterms, VoID counts)
and the project it came from; each method is one thing the CLI does, returning a value
instead of printing (the model: rdflib's ``Graph``, sqlite-utils' ``Database``):

>>> import wco_kg
>>> kg = wco_kg.load()
>>> [row["valueName"].value for row in kg.query("headquarters").dicts() if row["fact"].value == "city"]
['Brussels']
>>> kg.validate().passes()  # no violation (SHACL's own verdict: .conforms)
True

Nothing is written to disk unless asked: ``load(cache=True)`` keeps the loaded dataset in
the cache folder, as the CLI does; ``export(fmt, path)`` writes a file atomically.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Sequence

import pyoxigraph as ox

from .errors import UsageError, ValidationFailed
from .formats import by_extension, by_name
from .loader import Progress, load_graph, no_progress
from .project import Project
from .queries import Question, parse_question, questions
from .results import Result
from .store import LocalStore

#: A question's name (``headquarters``): no whitespace, braces or colon, unlike any SPARQL query.
_NAME = re.compile(r"[\w.-]+")


class KnowledgeGraph:
    """The dataset of one project, loaded once, with what can be done with it.

    ``store`` is the pyoxigraph ``Store`` (one named graph per source, the ontology, the
    description); ``project`` says where ontology/, data/, shapes/ and queries/ are.

    >>> kg = load()
    >>> len(kg) > 10_000, "headquarters" in kg.questions()
    (True, True)
    """

    def __init__(self, store: ox.Store, project: Project):
        self.store = store
        self.project = project
        self._local = LocalStore(store)

    def __len__(self) -> int:
        return len(self.store)

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {len(self)} quads from {self.project.root}>"

    def questions(self, checks: bool = False) -> dict[str, Question]:
        """The ready-made questions of ``queries/`` by name (with ``checks``, the ``*-violation`` checks too).

        >>> q = load().questions()["headquarters"]
        >>> q.title
        'Where is the WCO headquartered?'
        >>> "dangling-reference-violation" in load().questions(checks=True)
        True
        """
        return {name: q for name, q in questions(self.project).items() if checks or not q.is_check}

    def question(self, ref: str) -> Question:
        """A question by name, or read from a ``.rq`` file; ``UsageError`` listing the names if unknown.

        >>> load().question("members-joined-after").params[0].name
        'year'
        >>> load().question("headquarter")
        Traceback (most recent call last):
        ...
        wco_kg.errors.UsageError: unknown question 'headquarter'; known questions: ...
        """
        known = questions(self.project)
        if ref in known:
            return known[ref]
        path = Path(ref)
        if path.suffix in (".rq", ".sparql"):
            if not path.is_file():
                raise UsageError(f"{ref}: no such query file")
            return parse_question(path)
        raise UsageError(f"unknown question {ref!r}; known questions: {', '.join(known)}")

    def query(self, query: str | Question, /, *, services: dict[str, str] | None = None, **params) -> Result:
        """Ask a question (by name, or a ``Question``; its parameters as keywords), or run a SPARQL query's text.

        A question's parameters are checked against its declared type (``UsageError``);
        ``services`` sends a federated question's ``SERVICE <IRI>`` calls to another URL. For
        query text, ``params`` pre-bind its variables to pyoxigraph terms (``ox.NamedNode``,
        ``ox.Literal``; a Python ``str``, ``int``, ``float`` or ``bool`` becomes a literal; pyoxigraph
        binds only variables the query selects). The
        default graph is the union of the source graphs; the project's prefixes are declared.
        A malformed query raises ``QueryError`` with its line and column.

        >>> kg = load()
        >>> len(kg.query("members-joined-after", year=2000)) > len(kg.query("members-joined-after", year=2010))
        True
        >>> import pyoxigraph as ox
        >>> r = kg.query("SELECT ?org ?name WHERE { ?org wkg:name ?name FILTER(lang(?name) = 'fr') }",
        ...              org=ox.NamedNode("https://w3id.org/wco-kg/id/wco"))
        >>> r.rows[0][1].value
        'Organisation mondiale des douanes'
        >>> kg.query("ASK { id:wco a schema:Organization }").boolean
        True
        """
        if isinstance(query, Question) or _NAME.fullmatch(query.strip()) or query.strip().endswith((".rq", ".sparql")):
            question = query if isinstance(query, Question) else self.question(query.strip())
            text = question.bind({k: str(v) for k, v in params.items()}, services)
            return self._local.query(text, source=str(question.path))
        if services:
            raise UsageError("services= redirects a question's SERVICE calls; rewrite the query text instead")
        return self._local.query(query, substitutions={k: _term(k, v) for k, v in params.items()})

    def validate(self, engine: str | None = None):
        """The SHACL report (shapes/ and the ``*-violation`` checks): ``passes()``, ``conforms``, ``findings``,
        ``text()``, ``to_json()``, ``to_turtle()``. ``engine="pyshacl"`` runs the reference validator
        (default: ``shacl_engines.DEFAULT_ENGINE``).

        >>> report = load().validate()
        >>> report.passes(), len(report.violations)
        (True, 0)
        """
        from .validation import validate_store

        from .shacl_engines import DEFAULT_ENGINE

        return validate_store(self.store, self.project, engine or DEFAULT_ENGINE)

    def export(self, fmt: str | None = None, path: str | os.PathLike[str] | None = None) -> bytes | Path:
        """The whole graph in one RDF format: bytes, or, given ``path``, a file written atomically
        (its path returned). ``fmt`` is a name or alias (``turtle``, ``ttl``, ``jsonld``, ``nq``...);
        without one, it follows ``path``'s extension, else Turtle. N-Quads and TriG keep the
        named graph of each fact's source; the other formats merge them.

        >>> kg = load()
        >>> kg.export("nt").count(b"\\n") > 10_000
        True
        >>> import tempfile, json
        >>> out = kg.export(path=Path(tempfile.mkdtemp()) / "wco.jsonld")
        >>> out.name, "@graph" in json.loads(out.read_bytes())
        ('wco.jsonld', True)
        """
        from .export import serialize_store, write_file_atomically  # not needed by a cold `query`

        if fmt:
            f = by_name(fmt)
        elif path is not None and str(path) != "-":
            f = by_extension(Path(path).suffix)
            if f is None:  # never Turtle under a name that says otherwise
                from .formats import RDF_FORMATS

                known = ", ".join("." + r.extension for r in RDF_FORMATS)
                raise UsageError(f"-o {path}: unknown extension {Path(path).suffix or '(none)'!r}; "
                                 f"use one of {known}, or give --format")
        else:
            f = by_name("turtle")
        data = serialize_store(self.store, f)
        if path is None:
            return data
        return write_file_atomically(path, data)

    def card(self, lang: str = "en") -> dict:
        """The schema.org ``Organization`` JSON-LD for the WCO's partner page (``lang``: ``en`` or ``fr``).

        >>> card = load().card(lang="fr")
        >>> card["@type"], card["name"]
        ('Organization', 'Organisation mondiale des douanes')
        """
        from .card import partner_card

        if lang not in ("en", "fr"):
            raise UsageError(f"unknown card language {lang!r} (use en or fr)")
        return partner_card(self.store, lang=lang)

    def push(self, url: str, *, graph: str | None = None, user: str | None = None,
             password: str | None = None, timeout: float = 60.0, progress: Progress = no_progress):
        """Load this graph into a triple store through the SPARQL 1.1 Graph Store Protocol.

        Each named graph replaces the store's graph of the same name (or, with ``graph``, the
        whole graph goes into that one graph); a failed push puts back what the store held.
        The graph is validated first: one with a violation raises ``ValidationFailed``
        and nothing is sent. Returns a ``PushResult``; ``EndpointError`` names the URL and
        HTTP status when the store fails.

        >>> load().push("http://127.0.0.1:9/store", timeout=2)
        Traceback (most recent call last):
        ...
        wco_kg.errors.EndpointError: http://127.0.0.1:9/store...: no response: ...
        """
        from .push import probe, push

        probe(url, user=user, password=password, timeout=timeout)
        report = self.validate()
        if not report.passes():
            raise ValidationFailed(report)
        return push(self.store, url, target_graph=graph, user=user, password=password, timeout=timeout,
                    progress=progress)


def _term(name: str, value) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A query parameter as an RDF term: pyoxigraph terms as they are, Python values as literals."""
    if isinstance(value, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return value
    if isinstance(value, (bool, int, float, str)):
        return ox.Literal(value)
    raise UsageError(f"parameter {name}: {value!r} is not an RDF term (use pyoxigraph.NamedNode or Literal)")


def load(project: str | os.PathLike[str] | Project | None = None,
         data_files: Sequence[str | os.PathLike[str]] | None = None, *, cache: bool = False,
         progress: Progress = no_progress) -> KnowledgeGraph:
    """Load a project's graph: ``project`` is a folder with ontology/ data/ shapes/ queries/
    (default: ``$WCO_KG_PROJECT``, else this checkout or the installed copy); ``data_files``
    replace data/ (the ontology is always loaded). With ``cache``, the loaded dataset is kept
    in (and next time read from) the cache folder, as the CLI does; by default nothing is
    written. Raises ``DataError`` (``file:line:col: message``) for malformed data.

    >>> kg = load()
    >>> kg.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0].value == str(len(kg))
    True
    >>> load("/nonexistent")
    Traceback (most recent call last):
    ...
    wco_kg.errors.UsageError: /nonexistent: not a wco-kg project (missing ontology/, data/, shapes/, queries/)
    """
    proj = project if isinstance(project, Project) else Project.locate(project)
    return KnowledgeGraph(load_graph(proj, data_files, progress, cache=cache), proj)
