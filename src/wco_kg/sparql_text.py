"""Read what a SPARQL request asks for before it runs: its form, and every SERVICE it calls.

A small lexer for the SPARQL 1.1 grammar's tokens (strings, IRIs, comments, variables,
prefixed names with their escapes, keywords): enough to find the query form and each
``SERVICE`` target without a full parse. It skips text only where the grammar is
certain (a complete string, a complete ``<IRI>``, a comment outside either), so a
``SERVICE`` keyword cannot hide from it; the query engine parses the query again anyway.

It is the first of two guards against server-side request forgery: the server refuses a
query that calls a SERVICE on a host the operator did not allow (``--allow-service``).
The second guard does not depend on reading queries right: query workers run in a
network namespace of their own with no interface up, so they cannot connect anywhere.

>>> info = analyse("PREFIX ex: <http://example.org/> SELECT * { SERVICE ex:sparql { ?s ?p ?o } }")
>>> info.form, info.services
('SELECT', ['http://example.org/sparql'])
>>> analyse('ASK { ?s ?p "SERVICE <http://x/> {}" } # SERVICE <http://y/>').services
[]
>>> analyse("SELECT * { SERVICE SILENT ?endpoint { ?s ?p ?o } }").services
[None]
>>> analyse("INSERT DATA { <a:b> <a:c> <a:d> }").form
'UPDATE'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

# The grammar's terminals that may contain text that looks like code.
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRING = re.compile(
    r"'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"
    r'|"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|"(?:[^"\\\n\r]|\\.)*"', re.S)
# Keywords, prefixed names, numbers, "a", language tags' bodies: letters and what a
# PN_LOCAL may hold, including its backslash escapes (``ex:a\#b`` is one name).
_WORD = re.compile(r"(?:[\w:.%\-\u00B7-\U0010FFFF]|\\[^\s])+")
_VAR = re.compile(r"[?$][\w\u00B7-\U0010FFFF]*")

QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


@dataclass
class QueryText:
    """``form`` is SELECT, ASK, CONSTRUCT, DESCRIBE, UPDATE, or "" when it cannot tell
    (the engine's parser will then say what is wrong). ``services`` holds each SERVICE
    target as an absolute IRI, or None where the target is a variable or unreadable."""

    form: str = ""
    services: list[str | None] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """``results`` (SELECT, ASK), ``graph`` (CONSTRUCT, DESCRIBE) or ``""``."""
        return {"SELECT": "results", "ASK": "results", "CONSTRUCT": "graph",
                "DESCRIBE": "graph"}.get(self.form, "")


def tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) pairs: iri, string, var, word, punct. Comments and spaces are dropped."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if c == "#":
            j = text.find("\n", i)
            k = text.find("\r", i)
            ends = [x for x in (j, k) if x != -1]
            i = min(ends) if ends else n
            continue
        if c == "<":
            m = _IRIREF.match(text, i)
            if m:
                out.append(("iri", m.group()[1:-1]))
                i = m.end()
                continue
            out.append(("punct", c))
            i += 1
            continue
        if c in "\"'":
            m = _STRING.match(text, i)
            if not m:  # unterminated: the engine will reject the query; stop reading here
                out.append(("punct", c))
                i += 1
                continue
            out.append(("string", m.group()))
            i = m.end()
            continue
        if c in "?$":
            m = _VAR.match(text, i)
            out.append(("var", m.group()))
            i = m.end()
            continue
        m = _WORD.match(text, i)
        if m:
            out.append(("word", m.group()))
            i = m.end()
            continue
        out.append(("punct", c))
        i += 1
    return out


def analyse(text: str, predeclared: dict[str, str] | None = None) -> QueryText:
    """The form of a query and the targets of its SERVICE calls (see module doc).

    ``predeclared``: prefixes the engine knows without PREFIX lines (a query's own
    declaration of the same prefix wins, as in the engine).
    """
    toks = tokens(text)
    info = QueryText()
    prefixes: dict[str, list[str]] = {}
    base = ""
    i = 0
    # The prologue: BASE <iri> and PREFIX p: <iri>, in any order.
    while i < len(toks):
        kind, value = toks[i]
        upper = value.upper() if kind == "word" else ""
        if upper == "BASE" and i + 1 < len(toks) and toks[i + 1][0] == "iri":
            base = urljoin(base, toks[i + 1][1]) if base else toks[i + 1][1]
            i += 2
        elif upper == "PREFIX" and i + 2 < len(toks) and toks[i + 1][0] == "word" and toks[i + 2][0] == "iri":
            name = toks[i + 1][1]
            prefixes.setdefault(name[:-1] if name.endswith(":") else name, []).append(
                urljoin(base, toks[i + 2][1]) if base else toks[i + 2][1])
            i += 3
        else:
            break
    if i < len(toks) and toks[i][0] == "word":
        first = toks[i][1].upper()
        if first in QUERY_FORMS:
            info.form = first
        elif first in UPDATE_WORDS:
            info.form = "UPDATE"
    # Every SERVICE keyword, wherever it is.
    for j, (kind, value) in enumerate(toks):
        if kind != "word" or "SERVICE" not in _keywords(value):
            continue
        k = j + 1
        if k < len(toks) and toks[k][0] == "word" and toks[k][1].upper() == "SILENT":
            k += 1
        known = {p: [iri] for p, iri in (predeclared or {}).items()}
        known.update(prefixes)
        info.services.append(_target(toks[k] if k < len(toks) else ("", ""), known, base))
    return info


def has_dataset_clause(text: str) -> bool:
    """Does the query name its own dataset (``FROM`` or ``FROM NAMED``)? Then the engine must
    query those graphs, not the union default graph the project uses otherwise.

    >>> has_dataset_clause("SELECT * FROM <http://example.org/g> { ?s ?p ?o }")
    True
    >>> has_dataset_clause('SELECT * { ?s ?p "from" } # FROM <http://example.org/g>')
    False
    """
    if "from" not in text.lower():  # the common case, without reading the tokens
        return False
    return any(kind == "word" and "FROM" in _keywords(value) for kind, value in tokens(text))


def _keywords(word: str) -> list[str]:
    """The keywords a word token may hold, upper-cased.

    A prefixed name (it has a colon) is one token in the grammar. Anything else is split
    at every non-letter, because the lexer's words are wider than the grammar's:
    ``1.SERVICE`` is the number 1, a dot and the keyword SERVICE.
    """
    if ":" in word:
        return [word.upper()]
    return [part.upper() for part in re.split(r"[^A-Za-z]+", word) if part]


def _target(tok: tuple[str, str], prefixes: dict[str, list[str]], base: str) -> str | None:
    kind, value = tok
    if kind == "iri":
        return urljoin(base, value) if base else value
    if kind == "word" and ":" in value:
        prefix, _, local = value.partition(":")
        declared = set(prefixes.get(prefix, []))
        if len(declared) == 1 and "\\" not in local and "%" not in local:
            return declared.pop() + local
    return None  # a variable, an escaped or undeclared name: not checkable, so not allowed


def host_allowed(iri: str | None, allowed: frozenset[str] | set[str]) -> bool:
    """True when ``iri`` is an http(s) URL on an allowed ``host`` or ``host:port``.

    >>> host_allowed("http://127.0.0.1:7878/query", {"127.0.0.1:7878"})
    True
    >>> host_allowed("http://127.0.0.1:9999/query", {"127.0.0.1:7878"})
    False
    >>> host_allowed("https://query.wikidata.org/sparql", {"query.wikidata.org"})
    True
    """
    if not iri or not allowed:
        return False
    try:
        parts = urlsplit(iri)
        host, port = (parts.hostname or "").lower(), parts.port
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not host or parts.username or parts.password:
        return False
    port = port or (443 if parts.scheme == "https" else 80)
    return host in allowed or f"{host}:{port}" in allowed
