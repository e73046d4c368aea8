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

import bisect
import functools
import re
from collections import namedtuple
from urllib.parse import urljoin, urlsplit

from .records import Record

# ---------------------------------------------------------------------- the grammar's terminals (19.8)

# Beyond ASCII, the name classes hold two sets of code points: PN_CHARS_BASE's ([164]) and
# the ones PN_CHARS adds to it ([166]); no other non-ASCII character is in any name class.
_BASE_RANGES = ((0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x2FF), (0x370, 0x37D), (0x37F, 0x1FFF), (0x200C, 0x200D),
                (0x2070, 0x218F), (0x2C00, 0x2FEF), (0x3001, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFFD),
                (0x10000, 0xEFFFF))
_EXTRA_RANGES = ((0xB7, 0xB7), (0x300, 0x36F), (0x203F, 0x2040))
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_ECHAR = r"\\[tbnrf\\\"']"


class _Lexicon(namedtuple("_Lexicon", "token token_no_pname name_run")):
    """The tokenizer's compiled expressions for one repertoire of name characters: ``token``;
    ``token_no_pname``, the same without prefixed names, used inside a run of name characters
    that no ':' follows, where no prefixed name can start (so a run like ``a.a.a.a`` is read
    once, not once per dot); and ``name_run``."""

    __slots__ = ()


def _lexicon(base: str, extra: str) -> _Lexicon:
    """Compile the terminals with ``base`` as PN_CHARS_BASE and ``extra`` as PN_CHARS' own additions."""
    chars_u = base + "_"
    chars = chars_u + "\\-0-9" + extra
    prefix = f"[{base}](?:[{chars}.]*[{chars}])?"
    local = f"(?:[{chars_u}:0-9]|{_PLX})(?:(?:[{chars}.:]|{_PLX})*(?:[{chars}:]|{_PLX}))?"
    varname = f"[{chars_u}0-9][{chars_u}0-9{extra}]*"
    parts = [
        r"(?P<ws>[ \t\r\n]+)",
        r"(?P<comment>#[^\r\n]*)",
        r"(?P<string>'''(?:(?:'|'')?(?:[^'\\]|" + _ECHAR + r"))*'''"
        r'|"""(?:(?:"|"")?(?:[^"\\]|' + _ECHAR + r'))*"""'
        r"|'(?:[^'\\\n\r]|" + _ECHAR + r")*'"
        r'|"(?:[^"\\\n\r]|' + _ECHAR + r')*")',
        f"(?P<var>[?$]{varname})",
        f"(?P<bnode>_:[{chars_u}0-9](?:[{chars}.]*[{chars}])?)",
        f"(?P<pname>(?:{prefix})?:(?:{local})?)",
        r"(?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)",
        r"(?P<number>[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.[0-9]+[eE][+-]?[0-9]+|[0-9]+[eE][+-]?[0-9]+"
        r"|[0-9]*\.[0-9]+|[0-9]+)",
        r"(?P<word>[A-Za-z][A-Za-z0-9_]*)",
        r"(?P<punct>\^\^|\|\||&&|!=|<=|>=|[{}()\[\].,;=<>!+\-*/|^?$])",
    ]
    return _Lexicon(re.compile("|".join(parts)),
                    re.compile("|".join(p for p in parts if not p.startswith("(?P<pname>"))),
                    re.compile(f"[{chars}.]*+"))


def _class(ranges: tuple[tuple[int, int], ...]) -> str:
    """The regular-expression class text of code point ranges."""
    return "".join(chr(lo) if lo == hi else f"{chr(lo)}-{chr(hi)}" for lo, hi in ranges)


# Every non-ASCII character is read as one of three stand-ins of its class: a PN_CHARS_BASE
# letter, a PN_CHARS addition, or neither. Every class of the grammar's terminals treats all
# characters of one class alike (the name classes are unions of ASCII ranges and of those two
# sets; the others exclude ASCII characters only), so the stand-ins change no token's extent,
# and the expressions need only the stand-ins: they compile in under 2 ms, where the full
# classes take about 40 ms (Python's compiler walks every code point of a class's ranges).
_IN_BASE, _IN_EXTRA, _IN_NEITHER = "\u00C0", "\u00B7", "\u00D7"


@functools.lru_cache(maxsize=None)
def _stand_in_lexicon() -> _Lexicon:
    """The expressions on the stand-ins, compiled on the first text read (about 4 ms: a
    server answers its first query, which needs none in its own process, without them)."""
    return _lexicon("A-Za-z" + _IN_BASE, _IN_EXTRA)


_BOUNDS = sorted([(lo, hi, _IN_BASE) for lo, hi in _BASE_RANGES] + [(lo, hi, _IN_EXTRA) for lo, hi in _EXTRA_RANGES])
_STARTS = [lo for lo, _, _ in _BOUNDS]
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@functools.lru_cache(maxsize=4096)
def _stand_in(ch: str) -> str:
    k = bisect.bisect_right(_STARTS, ord(ch)) - 1
    return _BOUNDS[k][2] if k >= 0 and ord(ch) <= _BOUNDS[k][1] else _IN_NEITHER


def full_lexicon() -> _Lexicon:
    """The terminals with the grammar's full classes (about 40 ms to compile), for the tests."""
    return _lexicon("A-Za-z" + _class(_BASE_RANGES), _class(_EXTRA_RANGES))


def stand_ins(text: str) -> str:
    """``text`` with each non-ASCII character replaced by its class's stand-in (same length).

    >>> stand_ins("?café·× x")
    '?cafÀ·× x'
    """
    if text.isascii():
        return text
    return _NON_ASCII.sub(lambda m: "".join(map(_stand_in, m.group())), text)


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


# Token and QueryText are ``records.Record``s and _Frame a plain class, not dataclasses: a
# cold ``wco-kg query``, whose whole engine path imports this module, does without them.

class Token(Record):
    """One terminal: its kind (iri, string, var, bnode, pname, langtag, number, word, punct),
    its text, and its offset in the text after codepoint escapes (not compared)."""

    __slots__ = ("kind", "value", "start")

    def __init__(self, kind: str, value: str, start: int = -1):
        self.kind, self.value, self.start = kind, value, start

    def _fields(self) -> tuple:
        return (self.kind, self.value)


class QueryText(Record):
    """What ``analyse`` read.

    ``form``: SELECT, ASK, CONSTRUCT, DESCRIBE, UPDATE, or "" when it cannot tell (the
    engine's parser will then say what is wrong). ``services``: each SERVICE target as an
    absolute IRI, or None where it is a variable or unreadable. ``depth``: the deepest
    nesting of brackets; ``chain``: the most chained operators open at once (summed over
    the open brackets). ``readable``: False when the text stops being SPARQL tokens (an
    unterminated string, a stray character): the engine will refuse it.
    """

    __slots__ = ("form", "services", "depth", "chain", "readable", "tokens")
    _unshown = ("tokens",)

    def __init__(self, form: str = "", services: list[str | None] | None = None, depth: int = 0, chain: int = 0,
                 readable: bool = True, tokens: list[Token] | None = None):
        self.form, self.depth, self.chain, self.readable = form, depth, chain, readable
        self.services = [] if services is None else services
        self.tokens = [] if tokens is None else tokens

    @property
    def kind(self) -> str:
        """``results`` (SELECT, ASK), ``graph`` (CONSTRUCT, DESCRIBE) or ``""``."""
        return {"SELECT": "results", "ASK": "results", "CONSTRUCT": "graph",
                "DESCRIBE": "graph"}.get(self.form, "")


class _Frame:
    """An open bracket: which one, whether it opens an expression, its chained operators."""

    __slots__ = ("bracket", "expression", "ops")

    def __init__(self, bracket: str, expression: bool, ops: int = 0):
        self.bracket, self.expression, self.ops = bracket, expression, ops


def tokenize(text: str, info: QueryText | None = None, lexicon: _Lexicon | None = None) -> QueryText:
    """Tokens of ``text`` (codepoint escapes decoded), with the nesting measures (see ``QueryText``).

    ``lexicon``: match with these expressions on the text itself instead of the stand-ins'
    (the tests give the full classes' here, to show both read every text alike)."""
    import gc

    collecting = gc.isenabled()
    gc.disable()  # the tokens make no cycles; full collections over them would make the time superlinear
    try:
        return _tokenize(text, info or QueryText(), lexicon)
    finally:
        if collecting:
            gc.enable()


def _tokenize(text: str, info: QueryText, lexicon: _Lexicon | None) -> QueryText:
    text = unescape_codepoints(text)
    out = info.tokens
    stack: list[_Frame] = []
    chain = 0  # sum of the open frames' ops, plus the top level's
    top_ops = 0
    i, n = 0, len(text)
    no_pname_until = 0
    # matched on ``scan``; the tokens' values come from ``text``
    lex, scan = (_stand_in_lexicon(), stand_ins(text)) if lexicon is None else (lexicon, text)
    while i < n:
        if text[i] == "<":
            prev = out[-1] if out else None
            in_expression = stack[-1].expression if stack else False
            after_operand = prev is not None and (prev.kind in _OPERAND_ENDS or prev.value in (")", "}")
                                                  or (prev.kind == "word" and prev.value.upper() in ("TRUE", "FALSE")))
            if not (in_expression and after_operand):
                m = _IRIREF.match(scan, i)
                if m:
                    out.append(Token("iri", text[i + 1:m.end() - 1], i))
                    i = m.end()
                    continue
        m = (lex.token if i >= no_pname_until else lex.token_no_pname).match(scan, i)
        if m is None:
            info.readable = False
            break
        kind = m.lastgroup
        if kind in ("word", "number") and i >= no_pname_until:
            e = lex.name_run.match(scan, i).end()
            if not (e < n and text[e] == ":" and text[e - 1] != "."):
                no_pname_until = e
        i = m.end()
        if kind in ("ws", "comment"):
            continue
        value = text[m.start():i]
        tok = Token(kind, value, m.start())
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


_CHAINING_WORDS = tuple(sorted(w for w in _CHAINING if w.isalpha()))
_CHAINING_MARKS = "".join(sorted({c for op in _CHAINING if not op.isalpha() for c in op}))


def within_limits(text: str, max_depth: int = MAX_DEPTH) -> bool:
    """True when ``text`` cannot nest or chain beyond ``nesting_error``'s limits, which a count
    of characters shows without tokenizing (False: it may, and only ``analyse`` can tell).

    A bound, never a guess: every bracket the tokenizer opens is one ``{``, ``(`` or ``[`` of
    the text with its codepoint escapes decoded, so the depth is at most their number; every
    operator it chains is a word of ``_CHAINING`` (counted in the upper-cased text) or holds
    one of their marks, so the chain is at most the sum of those counts. A question's text has
    30 to 60 brackets, so ``wco-kg query`` skips the tokenizer's compilation and reading
    (3 ms of a cold command) for most of them.

    >>> within_limits("SELECT * { ?s ?p ?o }"), within_limits("ASK " + "{" * 65 + "}" * 65)
    (True, False)
    >>> within_limits("ASK " + "\\u007B" * 65 + "}" * 65)  # escaped brackets are brackets
    False
    """
    text = unescape_codepoints(text)
    if sum(map(text.count, "{([")) > max_depth:
        return False
    upper = text.upper()
    chained = sum(map(text.count, _CHAINING_MARKS)) + sum(map(upper.count, _CHAINING_WORDS))
    return chained <= 16 * max_depth


def _may_say_from(text: str) -> bool:
    r'''False when no FROM keyword can be in ``text``, read without the tokenizer: it has no
    codepoint escape (which could spell FROM, or end a comment) and no long string, and none
    of its lines but whole comments holds "from", in any case. Without a long string, a line
    whose first character other than a space or a tab is ``#`` is a comment to its end: a
    short string and an IRI hold no line break, and a comment ends at a line feed or a
    carriage return, as the grammar says.

    >>> _may_say_from("# where it comes from\nSELECT * { ?s ?p ?o }"), _may_say_from("# x\rFROM <g> {}")
    (False, True)
    >>> _may_say_from('SELECT ("""a\n# b""" AS ?x) FROM <g> {}')  # the second line is in a string
    True
    '''
    lowered = text.lower()
    if "\\u" in lowered or '"""' in lowered or "'''" in lowered:
        return True
    if "from" not in lowered:
        return False
    code = (line for line in lowered.replace("\r", "\n").split("\n") if not line.lstrip(" \t").startswith("#"))
    return any("from" in line for line in code)


def has_dataset_clause(text: str) -> bool:
    """Does the query name its own dataset (``FROM`` or ``FROM NAMED``)? Then the engine must
    query those graphs, not the union default graph the project uses otherwise.

    >>> has_dataset_clause("SELECT * FROM <http://example.org/g> { ?s ?p ?o }")
    True
    >>> has_dataset_clause('SELECT * { ?s ?p "from" } # FROM <http://example.org/g>')
    False
    """
    if not _may_say_from(text):  # the common case, without reading the tokens
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
