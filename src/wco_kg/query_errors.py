"""Explain a malformed SPARQL query to a person: where it is wrong, the line with a caret, what was expected.

The one formatter of SPARQL syntax errors: the command line (``store.py``), the query
workers (``server/worker.py``) and the query page all call ``explain``.

Why not print the engine's message: pyoxigraph's parser is a PEG parser, and its message is
the set of terminals it tried at the *furthest* position it reached, as character classes
(``expected one of Prefix not found, ['%'], ['-' | '0' ..= '9' | …``); after backtracking
that position is often the end of the query ("error at 4:2" for a mistake on line 3).
So, in order:

1. an empty query (only spaces and comments) says so;
2. an update (``INSERT``, ``DELETE``, ``LOAD``…) says the endpoint is read-only;
3. an undeclared prefix (a prefixed name, as ``sparql_text``'s tokenizer reads it, whose
   prefix neither the query nor the endpoint declares) names the prefix and lists the
   declared ones: the engine says "Prefix not found" only sometimes, and then at the name's end;
4. a string left open says so;
5. anything else is parsed again by rdflib's parser (pyparsing over the W3C grammar,
   already a dependency, imported only here and only on this error path), which stops at
   the first token no rule accepts; where it backtracked out of an unfinished pattern (it
   then expects '}' at the pattern's start), that pattern is parsed alone with the grammar's
   rule for it (``Filter``, ``Bind``, ``TriplesBlock``, ``OrderClause``…) to find the spot
   inside: the right line and column. Its expectation is put in words (``'}'``, "the end of the query"); a misspelled keyword
   gets the nearest keywords (difflib). Where rdflib accepts what Oxigraph refuses (a
   rule outside the grammar, such as a variable bound twice), the engine's position is
   kept and its expectation is cleaned of character classes.

>>> p = explain("SELECT ?s\\nWHERE {\\n  ?s ?p ?o )\\n}", "error at 4:2: expected [_]")
>>> (p.line, p.column, p.message)
(3, 12, "unexpected ')': expected '}' (the end of the group) or more of the pattern")
>>> print(p.excerpt())
  3 |   ?s ?p ?o )
    |            ^
>>> explain("  # nothing\\n", "error at 2:1: expected [_]").message
'the query is empty: write a SELECT, ASK, CONSTRUCT or DESCRIBE query'
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .sparql_text import UPDATE_WORDS, Token, analyse, tokenize

KEYWORDS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "PREFIX", "BASE", "FROM", "NAMED", "DISTINCT",
            "REDUCED", "ORDER", "BY", "ASC", "DESC", "LIMIT", "OFFSET", "GROUP", "HAVING", "VALUES", "OPTIONAL",
            "FILTER", "UNION", "MINUS", "GRAPH", "SERVICE", "SILENT", "BIND", "AS", "NOT", "EXISTS", "IN",
            "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT", "SEPARATOR", "UNDEF", "STR", "LANG",
            "LANGMATCHES", "DATATYPE", "BOUND", "IRI", "URI", "BNODE", "RAND", "ABS", "CEIL", "FLOOR", "ROUND",
            "CONCAT", "STRLEN", "UCASE", "LCASE", "CONTAINS", "STRSTARTS", "STRENDS", "STRBEFORE", "STRAFTER",
            "YEAR", "MONTH", "DAY", "HOURS", "MINUTES", "SECONDS", "NOW", "COALESCE", "IF", "REGEX", "REPLACE",
            "SUBSTR", "ISIRI", "ISURI", "ISBLANK", "ISLITERAL", "ISNUMERIC", "SAMETERM", "STRDT", "STRLANG",
            "ENCODE_FOR_URI", "TRUE", "FALSE")

# What rdflib's grammar elements stand for, in words.
_WORDS = {
    "end of text": "the end of the query",
    "'}'": "'}' (the end of the group) or more of the pattern",
    "'{'": "'{' (the start of a group pattern)",
    "')'": "')'",
    "'?'": "a variable, an IRI or a literal",
    "'<'": "an IRI (<…> or prefix:name) or a variable",
    "'AS'": "AS",
    "'ASC'": "what to order by: ASC(…), DESC(…), a variable or an expression",
    "Re:('[0-9]+')": "a whole number",
    "'!'": "an expression",
    "SelectQuery": "the rest of the query",
    "{SelectQuery | ConstructQuery | DescribeQuery | AskQuery}": "a SELECT, ASK, CONSTRUCT or DESCRIBE query",
    "'SELECT'": "a SELECT, ASK, CONSTRUCT or DESCRIBE query",
    "Var": "a variable (?name)",
    "iri": "an IRI (<…> or prefix:name)",
    "GroupGraphPattern": "a group pattern { … }",
    "WhereClause": "WHERE { … }",
}
_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.S)


@dataclass(frozen=True)
class SyntaxProblem:
    """What is wrong with a query, where (1-based line and column, None when nowhere), and that line."""

    message: str
    line: int | None = None
    column: int | None = None
    line_text: str = ""

    def one_line(self, source: str = "") -> str:
        """``source:line:col: message`` (or ``line L, column C: message`` without a source)."""
        if self.line is None:
            return f"{source}: {self.message}" if source else self.message
        if source:
            return f"{source}:{self.line}:{self.column}: {self.message}"
        return f"line {self.line}, column {self.column}: {self.message}"

    def excerpt(self) -> str:
        """The line of the query with a caret under the column ("" when there is no position)."""
        if self.line is None:
            return ""
        number = f"{self.line:>3}"
        shown = self.line_text.replace("\t", " ")
        return f"{number} | {shown}\n{' ' * len(number)} | {' ' * max(0, (self.column or 1) - 1)}^"


def explain(query: str, engine_message: str = "", predeclared: dict[str, str] | None = None) -> SyntaxProblem:
    """A ``SyntaxProblem`` for ``query``, which the engine refused with ``engine_message`` (see module doc)."""
    message = " ".join(str(engine_message).split())
    lines = query.splitlines() or [""]

    def at(line: int, column: int, what: str) -> SyntaxProblem:
        line = min(max(line, 1), len(lines))
        return SyntaxProblem(what, line, max(column, 1), lines[line - 1])

    read = tokenize(query)
    toks = read.tokens
    if not toks and read.readable:
        return SyntaxProblem("the query is empty: write a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    if analyse(query).form == "UPDATE":
        word = next((t for t in toks if t.kind == "word" and t.value.upper() in UPDATE_WORDS), None)
        line, column = _position(query, word)
        return at(line, column, f"{word.value.upper() if word else 'This'} is SPARQL Update, and this endpoint is "
                                "read-only: only SELECT, ASK, CONSTRUCT and DESCRIBE queries run here")
    declared = sorted({*_declared(toks), *(predeclared or {})})
    unknown = next((t for t in toks if t.kind == "pname" and t.value.split(":", 1)[0] not in declared), None)
    if unknown is not None:
        line, column = _position(query, unknown)
        prefix = unknown.value.split(":", 1)[0]
        return at(line, column, f"unknown prefix '{prefix}:' in {unknown.value}; declared prefixes: "
                                f"{', '.join(p + ':' for p in declared) or 'none'} (add PREFIX {prefix}: <…>)")
    m = _POSITION.match(message)
    line, column, expected = (int(m.group(1)), int(m.group(2)), m.group(3)) if m else (0, 0, message)
    if m and re.search(r'"\\\\?"|"\'"', expected) and "\\\\u" in expected:
        return at(line, column, "the query ends inside a string: close it with the quote that opened it")
    return _reparse(query, lines, line, column, expected, at)


def _reparse(query: str, lines: list[str], line: int, column: int, expected: str, at) -> SyntaxProblem:
    """The first token the W3C grammar (rdflib's parser) refuses, and what it expected there."""
    import pyparsing
    from rdflib.plugins.sparql.parser import parseQuery

    text = query.replace("\t", " ")  # pyparsing expands tabs; one space keeps every offset
    try:
        parseQuery(text)
    except pyparsing.ParseBaseException as e:
        loc, element = _deepest(text, e.loc, e.parser_element)
        loc = min(loc, len(query))
        line = query.count("\n", 0, loc) + 1
        column = loc - (query.rfind("\n", 0, loc) + 1) + 1
        rest = query[loc:]
        found = re.match(r"[A-Za-z_][\w-]*|[?$]\w+|<[^>\s]*>?|\S", rest)
        wanted = str(element) if element is not None else ""
        words = _WORDS.get(wanted) or ("a name or a value" if wanted.startswith("Re:(") else wanted)
        if found is None:
            return at(line, column, f"the query ends too early: expected {words}")
        token = found.group()
        if token.isalpha() and token.upper() not in KEYWORDS:
            close = difflib.get_close_matches(token.upper(), KEYWORDS, n=3, cutoff=0.8)
            if close:
                return at(line, column, f"unknown word '{token}' (did you mean {' or '.join(close)}?)")
        return at(line, column, f"unexpected '{token}': expected {words}")
    except Exception:  # noqa: BLE001 - rdflib failing on its own is no reason to hide the engine's answer
        pass
    if line:
        return at(line, column, _clean(expected))
    return SyntaxProblem(expected or "the query cannot be read")  # not a parser message: as it is


# Where the query failed expecting '}', pyparsing gave up on the group pattern that starts
# there and backtracked to its start. That pattern is parsed alone (the grammar's element for
# its first word), and where it fails is where the mistake is; again while the failure is
# another unfinished group.
_PATTERNS = {"FILTER": "Filter", "OPTIONAL": "OptionalGraphPattern", "BIND": "Bind", "VALUES": "InlineData",
             "GRAPH": "GraphGraphPattern", "MINUS": "MinusGraphPattern", "SERVICE": "ServiceGraphPattern",
             "{": "GroupOrUnionGraphPattern"}
# Where it failed expecting the end of the query, at a solution modifier it could not finish.
_MODIFIERS = {"ORDER": "OrderClause", "GROUP": "GroupClause", "HAVING": "HavingClause",
              "LIMIT": "LimitOffsetClauses", "OFFSET": "LimitOffsetClauses"}
_REFINE_LIMIT = 20_000  # characters: past this, the first failure is kept (bounded time)


def _deepest(text: str, loc: int, element) -> tuple[int, object]:
    """Follow a failure into the pattern it backtracked out of, as far as the grammar goes."""
    import pyparsing
    from rdflib.plugins.sparql import parser as grammar

    if len(text) > _REFINE_LIMIT:
        return loc, element
    for _ in range(50):
        first = re.match(r"\s*([A-Za-z]+|\S)", text[loc:])
        word = first.group(1).upper() if first else ""
        if str(element) == "end of text" and word in _MODIFIERS:
            pattern = _MODIFIERS[word]
        elif str(element) == "'}'" and not (word.isalpha() and word not in KEYWORDS):  # not a misspelt keyword
            pattern = _PATTERNS.get(word, "TriplesBlock")
        else:
            return loc, element
        try:
            getattr(grammar, pattern).parse_string(text[loc:])
            return loc, element
        except pyparsing.ParseBaseException as e:
            if e.loc == 0:
                return loc, element
            loc, element = loc + e.loc, e.parser_element
    return loc, element


def _clean(expected: str) -> str:
    """The engine's expectation without its character classes (``['a'..='z']``) and "any character"."""
    items = [i.strip() for i in re.sub(r"\[[^\]]*\]", "", expected.removeprefix("expected one of ")
                                                               .removeprefix("expected ")).split(",")]
    items = [i for i in items if i and i not in ("|",)]
    if not items:
        return "the query cannot be read from here (the engine expected more text)"
    return "the query engine expected " + " or ".join(items)


def _declared(toks: list[Token]) -> list[str]:
    """The prefixes the query declares itself (``PREFIX p: <…>``)."""
    return [toks[i + 1].value.rstrip(":") for i, t in enumerate(toks[:-2])
            if t.kind == "word" and t.value.upper() == "PREFIX" and toks[i + 1].kind == "pname"
            and toks[i + 2].kind == "iri"]


def _position(query: str, token: Token | None) -> tuple[int, int]:
    """Line and column of a token (from its offset; 1, 1 without one)."""
    if token is None or token.start < 0:
        return 1, 1
    return query.count("\n", 0, token.start) + 1, token.start - (query.rfind("\n", 0, token.start) + 1) + 1
