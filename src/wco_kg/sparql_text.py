"""Read what a SPARQL request asks for before the engine sees it: its form, its SERVICE targets, its nesting.

A tokenizer for the terminals of the SPARQL 1.1 grammar (section 19.8: IRIREF, PNAME_NS,
PNAME_LN with PN_LOCAL's escapes and its rule that a local part never starts or ends
with '.', strings with ECHAR, VAR1/VAR2, LANGTAG, numbers, comments), applied after the
grammar's codepoint escapes (``\\uXXXX`` and ``\\UXXXXXXXX``, section 19.2) are decoded in
the whole text, as the engine does. It runs in one pass of anchored regular expressions,
each linear, so its time is linear in the query's length.

'<' is the one character whose meaning depends on context: inside an expression, after
an operand, it is "less than" (``FILTER(?a<?b)``), elsewhere it starts an IRI. The
tokenizer keeps a stack of open brackets, each marked as an expression or a pattern, to
decide as the grammar does.

What it gives (``analyse``): the query form, each SERVICE target as an absolute IRI (None
when it is a variable or cannot be read), how deeply brackets nest and how many chained
operators are open at once (the engine's parser and evaluator recurse on both, and a
deep enough query overflows their stack), and whether the text was readable to the end.

It is the first and friendly guard against server-side request forgery: the server refuses
a SERVICE on a host its operator did not allow. It is not the one that holds: the query
workers have no network, and an allowed SERVICE leaves only through the egress proxy,
which connects to allowed hosts and ports only (``server/egress.py``).

>>> info = analyse("PREFIX ex: <http://example.org/> SELECT * { SERVICE ex:sparql { ?s ?p ?o } }")
>>> info.form, info.services
('SELECT', ['http://example.org/sparql'])
>>> analyse('ASK { ?s ?p "SERVICE <http://x/> {}" } # SERVICE <http://y/>').services
[]
>>> analyse("SELECT * { SERVICE SILENT ?endpoint { ?s ?p ?o } }").services
[None]
>>> analyse("INSERT DATA { <a:b> <a:c> <a:d> }").form
'UPDATE'
>>> analyse("SELECT * { ?s ?p ex:. SERVICE <http://h/> {} }").services   # 'ex:' then '.'
['http://h/']
>>> analyse("SELECT * { ?s ?p ?o } # \\u000A SERVICE <http://h/> {}").services   # an escaped newline
['http://h/']
>>> analyse("SELECT * " + "{" * 70 + "}" * 70).depth
70
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

# ---------------------------------------------------------------------- the grammar's terminals (19.8)

_PN_CHARS_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
                  "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
_VARNAME = f"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*"
_ECHAR = r"\\[tbnrf\\\"']"

_TOKEN_PARTS = [
    r"(?P<ws>[ \t\r\n]+)",
    r"(?P<comment>#[^\r\n]*)",
    r"(?P<string>'''(?:(?:'|'')?(?:[^'\\]|" + _ECHAR + r"))*'''"
    r'|"""(?:(?:"|"")?(?:[^"\\]|' + _ECHAR + r'))*"""'
    r"|'(?:[^'\\\n\r]|" + _ECHAR + r")*'"
    r'|"(?:[^"\\\n\r]|' + _ECHAR + r')*")',
    f"(?P<var>[?$]{_VARNAME})",
    f"(?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)",
    f"(?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)",
    r"(?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)",
    r"(?P<number>[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.[0-9]+[eE][+-]?[0-9]+|[0-9]+[eE][+-]?[0-9]+"
    r"|[0-9]*\.[0-9]+|[0-9]+)",
    r"(?P<word>[A-Za-z][A-Za-z0-9_]*)",
    r"(?P<punct>\^\^|\|\||&&|!=|<=|>=|[{}()\[\].,;=<>!+\-*/|^?$])",
]
_TOKEN = re.compile("|".join(_TOKEN_PARTS))
# The same without prefixed names: used inside a run of name characters that no ':' follows,
# where no prefixed name can start, so a run like ``a.a.a.a`` is read once, not once per dot.
_TOKEN_NO_PNAME = re.compile("|".join(p for p in _TOKEN_PARTS if not p.startswith("(?P<pname>")))
_NAME_RUN = re.compile(f"[{_PN_CHARS}.]*+")
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

#: How deeply a query's brackets may nest, and (16 times that) how many chained operators
#: may be open at once, before the engine sees it: its parser and evaluator recurse on
#: both, and a query nested a few thousand levels deep overflows their stack (a crash).
MAX_DEPTH = 64
QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
#: Tokens that chain the algebra: each one nests what follows it one level deeper
#: (a left-deep join, union, filter or operator tree), so they count like brackets.
_CHAINING = {"OPTIONAL", "UNION", "MINUS", "FILTER", "BIND", "SERVICE", "GRAPH", "||", "&&", "=", "!=", "<",
             ">", "<=", ">=", "+", "-", "*", "/", "|", "^", "!", "IN", "NOT"}
_OPERAND_ENDS = {"var", "string", "number", "langtag", "iri", "pname", "bnode"}
_OPEN = {"{": "}", "(": ")", "[": "]"}


def unescape_codepoints(text: str) -> str:
    """Decode ``\\uXXXX`` and ``\\UXXXXXXXX`` everywhere, before tokenizing (SPARQL 1.1, 19.2).

    >>> unescape_codepoints(r"SE\\u0052VICE <a:\\U0000003e")
    'SERVICE <a:>'
    """
    if "\\u" not in text and "\\U" not in text:
        return text

    def one(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group()

    return _CODEPOINT.sub(one, text)


@dataclass
class Token:
    kind: str  # iri, string, var, bnode, pname, langtag, number, word, punct
    value: str


@dataclass
class QueryText:
    """What ``analyse`` read.

    ``form``: SELECT, ASK, CONSTRUCT, DESCRIBE, UPDATE, or "" when it cannot tell (the
    engine's parser will then say what is wrong). ``services``: each SERVICE target as an
    absolute IRI, or None where it is a variable or unreadable. ``depth``: the deepest
    nesting of brackets; ``chain``: the most chained operators open at once (summed over
    the open brackets). ``readable``: False when the text stops being SPARQL tokens (an
    unterminated string, a stray character): the engine will refuse it.
    """

    form: str = ""
    services: list[str | None] = field(default_factory=list)
    depth: int = 0
    chain: int = 0
    readable: bool = True
    tokens: list[Token] = field(default_factory=list, repr=False)

    @property
    def kind(self) -> str:
        """``results`` (SELECT, ASK), ``graph`` (CONSTRUCT, DESCRIBE) or ``""``."""
        return {"SELECT": "results", "ASK": "results", "CONSTRUCT": "graph",
                "DESCRIBE": "graph"}.get(self.form, "")


@dataclass
class _Frame:
    bracket: str
    expression: bool
    ops: int = 0


def tokenize(text: str, info: QueryText | None = None) -> QueryText:
    """Tokens of ``text`` (codepoint escapes decoded), with the nesting measures (see ``QueryText``)."""
    import gc

    collecting = gc.isenabled()
    gc.disable()  # the tokens make no cycles; full collections over them would make the time superlinear
    try:
        return _tokenize(text, info or QueryText())
    finally:
        if collecting:
            gc.enable()


def _tokenize(text: str, info: QueryText) -> QueryText:
    text = unescape_codepoints(text)
    out = info.tokens
    stack: list[_Frame] = []
    chain = 0  # sum of the open frames' ops, plus the top level's
    top_ops = 0
    i, n = 0, len(text)
    no_pname_until = 0
    while i < n:
        if text[i] == "<":
            prev = out[-1] if out else None
            in_expression = stack[-1].expression if stack else False
            after_operand = prev is not None and (prev.kind in _OPERAND_ENDS or prev.value in (")", "}")
                                                  or (prev.kind == "word" and prev.value.upper() in ("TRUE", "FALSE")))
            if not (in_expression and after_operand):
                m = _IRIREF.match(text, i)
                if m:
                    out.append(Token("iri", m.group()[1:-1]))
                    i = m.end()
                    continue
        m = (_TOKEN if i >= no_pname_until else _TOKEN_NO_PNAME).match(text, i)
        if m is None:
            info.readable = False
            break
        kind = m.lastgroup
        if kind in ("word", "number") and i >= no_pname_until:
            e = _NAME_RUN.match(text, i).end()
            if not (e < n and text[e] == ":" and text[e - 1] != "."):
                no_pname_until = e
        i = m.end()
        if kind in ("ws", "comment"):
            continue
        value = m.group()
        tok = Token(kind, value)
        if kind == "punct" and value in _OPEN:
            expression = value == "(" and _opens_expression(stack, out)
            stack.append(_Frame(value, expression))
            info.depth = max(info.depth, len(stack))
        elif kind == "punct" and value in (")", "}", "]"):
            if stack and _OPEN[stack[-1].bracket] == value:
                chain -= stack.pop().ops
        else:
            key = value.upper() if kind == "word" else value if kind == "punct" else ""
            if key in _CHAINING:
                if stack:
                    stack[-1].ops += 1
                else:
                    top_ops += 1
                chain += 1
                info.chain = max(info.chain, chain)
        out.append(tok)
    return info


def _opens_expression(stack: list[_Frame], out: list[Token]) -> bool:
    """Does a '(' here open an expression (where '<' after an operand means "less than")?"""
    if stack and stack[-1].expression:
        return True
    prev = out[-1] if out else None
    if prev is not None and prev.kind == "word" and (prev.value == "a" or prev.value.upper() == "VALUES"):
        return False  # a collection after rdf:type, or VALUES' variable list
    if not stack:
        return True  # the SELECT clause, GROUP BY, HAVING, ORDER BY
    if stack[-1].bracket != "{" and stack[-1].bracket != "[":
        return False
    if prev is not None and prev.kind == "word":
        return True  # FILTER, BIND, a built-in function
    before = out[-2] if len(out) > 1 else None
    return (prev is not None and prev.kind in ("iri", "pname") and before is not None
            and before.kind == "word" and before.value.upper() == "FILTER")  # FILTER ex:f(...)


def analyse(text: str, predeclared: dict[str, str] | None = None) -> QueryText:
    """The form of a query, the targets of its SERVICE calls, its nesting (see module doc).

    ``predeclared``: prefixes the engine knows without PREFIX lines (a query's own
    declaration of the same prefix wins, as in the engine).
    """
    info = tokenize(text)
    toks = info.tokens
    prefixes: dict[str, list[str]] = {}
    base = ""
    form_seen = False
    for i, tok in enumerate(toks):
        upper = tok.value.upper() if tok.kind == "word" else ""
        if upper == "BASE" and i + 1 < len(toks) and toks[i + 1].kind == "iri":
            base = _resolve(base, toks[i + 1].value)
        elif upper == "PREFIX" and i + 2 < len(toks) and toks[i + 1].kind == "pname" and toks[i + 2].kind == "iri":
            name = toks[i + 1].value
            if name.endswith(":"):
                prefixes.setdefault(name[:-1], []).append(_resolve(base, toks[i + 2].value))
        elif tok.kind == "word" and not form_seen and upper not in ("BASE", "PREFIX"):
            form_seen = True
            if upper in QUERY_FORMS:
                info.form = upper
            elif upper in UPDATE_WORDS:
                info.form = "UPDATE"
        if upper == "SERVICE":
            k = i + 1
            if k < len(toks) and toks[k].kind == "word" and toks[k].value.upper() == "SILENT":
                k += 1
            known = {p: [iri] for p, iri in (predeclared or {}).items()}
            known.update(prefixes)
            info.services.append(_target(toks[k] if k < len(toks) else None, known, base))
    return info


def nesting_error(info: QueryText, max_depth: int = MAX_DEPTH) -> str | None:
    """Why a query nests too deeply for the engine, or None.

    >>> nesting_error(analyse("SELECT * WHERE " + "{" * 5000 + "}" * 5000))
    'the query nests 5000 levels of brackets; the limit is 64'
    >>> nesting_error(analyse("ASK { FILTER(" + "STR(" * 1000 + "1" + ")" * 1000 + ") }"))
    'the query nests 1002 levels of brackets; the limit is 64'
    >>> nesting_error(analyse("ASK { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o } " * 2000 + "}"))
    'the query chains 2000 operators inside each other; the limit is 1024'
    """
    if info.depth > max_depth:
        return f"the query nests {info.depth} levels of brackets; the limit is {max_depth}"
    if info.chain > 16 * max_depth:
        return f"the query chains {info.chain} operators inside each other; the limit is {16 * max_depth}"
    return None


def has_dataset_clause(text: str) -> bool:
    """Does the query name its own dataset (``FROM`` or ``FROM NAMED``)? Then the engine must
    query those graphs, not the union default graph the project uses otherwise.

    >>> has_dataset_clause("SELECT * FROM <http://example.org/g> { ?s ?p ?o }")
    True
    >>> has_dataset_clause('SELECT * { ?s ?p "from" } # FROM <http://example.org/g>')
    False
    """
    if "from" not in text.lower() and "\\u" not in text.lower():  # the common case, without reading the tokens
        return False
    return any(t.kind == "word" and t.value.upper() == "FROM" for t in tokenize(text).tokens)


def mentions_service(text: str) -> bool:
    """Does the word SERVICE appear anywhere, in any case, escaped or not (strings, IRIs and
    comments included)? The check that refuses every SERVICE when the workers could not be
    isolated from the network: it reads no structure, so nothing can hide from it.

    >>> mentions_service("ASK { ?s ?p ?o }"), mentions_service(r"ASK { SERV\\u0049CE <x:y> {} }")
    (False, True)
    """
    once = unescape_codepoints(text)
    return any("service" in t.lower() for t in (text, once, unescape_codepoints(once)))


def _resolve(base: str, iri: str) -> str:
    return urljoin(base, iri) if base else iri


def _target(tok: Token | None, prefixes: dict[str, list[str]], base: str) -> str | None:
    if tok is None:
        return None
    if tok.kind == "iri":
        return _resolve(base, tok.value)
    if tok.kind == "pname":
        prefix, _, local = tok.value.partition(":")
        declared = set(prefixes.get(prefix, []))
        if len(declared) == 1:
            return declared.pop() + re.sub(r"\\(.)", r"\1", local)  # PN_LOCAL_ESC: the character itself
    return None  # a variable, an undeclared or twice-declared prefix: not checkable, so not allowed


def host_allowed(iri: str | None, allowed: frozenset[str] | set[str]) -> bool:
    """True when ``iri`` is an http(s) URL on an allowed ``host:port``, or on an allowed
    ``host`` at the scheme's own port (80 for http, 443 for https): what the egress proxy admits.

    >>> host_allowed("http://127.0.0.1:7878/query", {"127.0.0.1:7878"})
    True
    >>> host_allowed("http://127.0.0.1:9999/query", {"127.0.0.1:7878"})
    False
    >>> host_allowed("https://query.wikidata.org/sparql", {"query.wikidata.org"})
    True
    >>> host_allowed("https://query.wikidata.org:8443/sparql", {"query.wikidata.org"})
    False
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
    default = 443 if parts.scheme == "https" else 80
    port = port or default
    return f"{host}:{port}" in allowed or (host in allowed and port == default)
