"""The competency questions in queries/: find them, read their headers, bind their parameters.

Each ``queries/<name>.rq`` opens with a header::

    # title: Where is the WCO headquartered?
    # title@fr: Où se trouve le siège de l'OMD ?
    # description@fr: Le site, la ville et le pays du siège,
    #   avec la source et la date de chacun.
    # description: The site, city and country of the headquarters,
    #   with the source and date of each.
    # returns: one row per site.
    # param: year xsd:gYear 2000 -- members that joined after this year
    # service: https://query.wikidata.org/sparql -- what the question asks there

``title`` and ``description`` are English; ``title@fr`` and ``description@fr`` are the
same in French (every question has both; ``Question.title_in(lang)`` picks one, falling
back to English for a language it lacks).

A parameter is bound by replacing the query's ``VALUES ?name { default }`` block with
the given value, written as a checked RDF term (never pasted text), so the same bound
query runs on the embedded store and on any endpoint. ``*-violation.rq`` files are
checks that must return no rows; ``validate`` runs them.

A *federated* question declares each endpoint it calls with ``SERVICE`` in a ``# service:``
line; ``bind(services={IRI: URL})`` sends those calls elsewhere (a local stand-in, a mirror),
so the tests never reach the internet and a user without Wikidata can point at a copy.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from collections import namedtuple

import pyoxigraph as ox

from .errors import QueryError, UsageError
from .namespaces import PREFIXES, XSD
from .project import Project

_HEADER_KEY = re.compile(r"^#\s*(title(?:@fr)?|description(?:@fr)?|returns|param|service)\s*:\s*(.*)$")


# Param and Question are named tuples (``collections.namedtuple``), neither dataclasses nor
# ``typing.NamedTuple``: a cold ``wco-kg query`` imports this module, and ``dataclasses`` (with
# the ``inspect`` it imports) took about 8 ms of it, ``typing`` 3.6 ms.

class Param(namedtuple("Param", "name datatype default description", defaults=("",))):
    """One ``# param:`` line: the parameter's ``name``, its ``datatype`` (``"iri"`` or an xsd
    local name), its ``default`` value and its ``description`` (str, default "")."""

    __slots__ = ()

    def term(self, value: str) -> ox.NamedNode | ox.Literal:
        """``value`` as a checked RDF term of this parameter's type; UsageError if it is not one."""
        bad = UsageError(f"parameter {self.name}: {value!r} is not a valid {self.datatype}")
        v = value.strip()
        if self.datatype == "iri":
            prefix, _, local = v.partition(":")
            if prefix in PREFIXES and not local.startswith("//"):
                v = PREFIXES[prefix] + local
            if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$", v):
                raise bad
            try:
                return ox.NamedNode(v)
            except ValueError:
                raise bad from None
        checks = {
            "integer": lambda s: re.fullmatch(r"[+-]?\d+", s),
            "decimal": lambda s: re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", s),
            "gYear": lambda s: re.fullmatch(r"-?\d{4,}", s),
            "date": lambda s: re.fullmatch(r"\d{4}-\d{2}-\d{2}", s) and _date(s),
            "string": lambda s: True,
            "boolean": lambda s: s in ("true", "false"),
        }
        check = checks.get(self.datatype)
        if check is None:
            raise UsageError(f"parameter {self.name}: unsupported type {self.datatype}")
        try:
            ok = check(v)
        except ValueError:
            ok = False
        if not ok:
            raise bad
        return ox.Literal(v, datatype=ox.NamedNode(XSD + self.datatype))


def _date(text: str):
    """``text`` as a calendar date (ValueError if it is none): ``datetime`` imported when a date is given."""
    import datetime

    return datetime.date.fromisoformat(text)


class Question(namedtuple("Question", "name path text title description returns params services title_fr "
                                       "description_fr", defaults=("", "", "", (), (), "", ""))):
    """One query file: its ``name``, ``path`` and ``text``, and its header: ``title``,
    ``description`` and ``returns`` (str), ``params`` (a tuple of ``Param``), ``services`` (a
    tuple of the endpoints its SERVICE calls: ``# service:``), ``title_fr`` and
    ``description_fr`` (``# title@fr:``, ``# description@fr:``), each "" or () when absent.

    >>> q = parse_question(Path("x.rq"), "# title: Any\\n# param: n xsd:integer 1\\nSELECT * { VALUES ?n { 1 } }")
    >>> q.title, q.bind({"n": "42"}).splitlines()[-1]
    ('Any', 'SELECT * { VALUES ?n { "42"^^<http://www.w3.org/2001/XMLSchema#integer> } }')
    """

    __slots__ = ()

    def title_in(self, lang: str) -> str:
        """The title in ``lang`` (``en`` or ``fr``), else the English one."""
        return (self.title_fr if lang == "fr" else "") or self.title

    def description_in(self, lang: str) -> str:
        """The description in ``lang`` (``en`` or ``fr``), else the English one."""
        return (self.description_fr if lang == "fr" else "") or self.description

    @property
    def is_check(self) -> bool:
        """A ``*-violation`` check: must return no rows."""
        return self.name.endswith("-violation")

    @property
    def federated(self) -> bool:
        """True when the question calls another endpoint with SERVICE (``# service:`` lines)."""
        return bool(self.services)

    @property
    def ordered(self) -> bool:
        """True when the answer's row order is part of it (an outer ORDER BY)."""
        body = "\n".join(line for line in self.text.splitlines() if not line.lstrip().startswith("#"))
        return bool(re.search(r"\bORDER\s+BY\b", body, re.I))

    def bind(self, values: dict[str, str] | None = None, services: dict[str, str] | None = None) -> str:
        """The query text with each parameter's VALUES block set to the given value (or its
        default), and each ``SERVICE <IRI>`` of ``services`` sent to its URL instead."""
        text = self._bind_values(dict(values or {}))
        for iri, url in (services or {}).items():
            if iri not in self.services:
                declared = ", ".join(self.services) or "none"
                raise UsageError(f"{self.name}: does not call SERVICE <{iri}> (it calls: {declared})")
            if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", url):
                raise UsageError(f"--service {iri}={url}: not an http(s) URL")
            text = text.replace(f"SERVICE <{iri}>", f"SERVICE <{url}>")
        return text

    def _bind_values(self, values: dict[str, str]) -> str:
        unknown = set(values) - {p.name for p in self.params}
        if unknown:
            names = ", ".join(p.name for p in self.params) or "none"
            raise UsageError(f"{self.name}: unknown parameter(s) {', '.join(sorted(unknown))}; "
                             f"this question takes: {names}")
        text = self.text
        for p in self.params:
            if p.name not in values:
                continue
            term = p.term(values[p.name])
            pattern = re.compile(r"VALUES\s+\?" + re.escape(p.name) + r"\s*\{[^}]*\}")
            text, n = pattern.subn(lambda _m: f"VALUES ?{p.name} {{ {term} }}", text)
            if n != 1:
                raise QueryError(f"{self.path}: parameter {p.name} needs exactly one "
                                 f"'VALUES ?{p.name} {{ ... }}' block (found {n})")
        return text


def parse_question(path: Path, text: str | None = None, name: str | None = None) -> Question:
    """Read a query file's header (see module doc) into a ``Question``."""
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as e:
            raise UsageError(f"{path}: {e.strerror or e}") from None
    fields: dict[str, str] = {}
    params: list[Param] = []
    services: list[str] = []
    last = None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER_KEY.match(line)
        if m:
            key, value = m.group(1), m.group(2).strip()
            if key == "param":
                params.append(_parse_param(path, value))
                last = None
            elif key == "service":
                services.append(value.split()[0] if value else "")
                last = None
            else:
                fields[key] = value
                last = key
        elif last and line[1:].strip():
            fields[last] += " " + line[1:].strip()
    return Question(name or path.stem, path, text, fields.get("title", ""), fields.get("description", ""),
                    fields.get("returns", ""), tuple(params), tuple(services),
                    fields.get("title@fr", ""), fields.get("description@fr", ""))


def _parse_param(path: Path, spec: str) -> Param:
    m = re.match(r"(\w+)\s+(iri|xsd:\w+)\s+(\S+)\s*(?:--\s*(.*))?$", spec)
    if not m:
        raise QueryError(f"{path}: bad '# param:' line {spec!r}; write '# param: NAME xsd:TYPE DEFAULT -- what it is'")
    dtype = m.group(2).removeprefix("xsd:")
    return Param(m.group(1), dtype, m.group(3), (m.group(4) or "").strip())


def questions(project: Project | None = None) -> dict[str, Question]:
    """Every question in queries/, by name (checks included), sorted by name.

    >>> qs = questions()
    >>> qs["headquarters"].title, qs["dangling-reference-violation"].is_check
    ('Where is the WCO headquartered?', True)
    """
    project = project or Project.locate()
    return {p.stem: parse_question(p) for p in sorted(project.queries_dir.glob("*.rq"))}


def resolve(ref: str, project: Project | None = None) -> Question:
    """A question by name, a path to a .rq file, or ``-`` for standard input.

    >>> resolve("members-joined-after").params[0].default
    '2000'
    >>> resolve("members-per-regoin")
    Traceback (most recent call last):
    ...
    wco_kg.errors.UsageError: unknown question 'members-per-regoin'; did you mean: members-per-region, ...
    """
    if ref == "-":
        return parse_question(Path("<stdin>"), sys.stdin.read(), name="stdin")
    path = Path(ref)
    if path.suffix in (".rq", ".sparql") or path.exists():
        if not path.is_file():
            raise UsageError(f"{ref}: no such query file")
        return parse_question(path)
    project = project or Project.locate()
    named = project.question_file(ref)
    if named is not None:  # the one file ``questions`` would find it in
        return parse_question(named)
    known = questions(project)
    if ref in known:
        return known[ref]
    raise UsageError(unknown_question(ref, [n for n, q in known.items() if not q.is_check] +
                                      [n for n, q in known.items() if q.is_check]))


def unknown_question(name: str, known: list[str]) -> str:
    """``unknown question 'X'; did you mean: a, b?``: the nearest names (difflib), never all of them.

    >>> unknown_question("headquarter", ["headquarters", "history", "links"])
    "unknown question 'headquarter'; did you mean: headquarters? (wco-kg questions lists them all)"
    >>> unknown_question("zzz", ["headquarters"])
    "unknown question 'zzz'; no question has a similar name (wco-kg questions lists them all)"
    """
    import difflib

    shown = name if len(name) <= 80 else name[:77] + "..."
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    if not close:
        close = [k for k in known if len(name) >= 3 and name in k][:3]
    hint = f"did you mean: {', '.join(close)}?" if close else "no question has a similar name"
    return f"unknown question {shown!r}; {hint} (wco-kg questions lists them all)"
