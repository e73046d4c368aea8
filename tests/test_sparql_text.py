"""The tokenizer's stand-ins for non-ASCII characters read every text as the grammar's full classes do.

The tokenizer matches on a copy of the text where each non-ASCII character is replaced by
one of three stand-ins (see ``sparql_text.stand_ins``), so its expressions compile in
milliseconds. The derivation it is checked against here is the other one: the same
expressions compiled with the full character classes of SPARQL 1.1 section 19.8, matched
on the text itself.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from wco_kg import sparql_text
from wco_kg.sparql_text import full_lexicon, stand_ins, tokenize

ROOT = Path(__file__).resolve().parents[1]

# The grammar's classes written out from the specification's text, not from the module's tables.
PN_CHARS_BASE = re.compile(
    "[A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F"
    "\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF]")
PN_CHARS_MORE = re.compile("[\u00B7\u0300-\u036F\u203F-\u2040]")

# Every range end of both classes, and its neighbours: where a wrong table would show.
EDGES = sorted({chr(c) for lo, hi in sparql_text._BASE_RANGES + sparql_text._EXTRA_RANGES
                for c in (lo - 1, lo, hi, hi + 1) if 0x80 <= c <= 0x10FFFF} | {"\ud800", "\udfff", "\U0010FFFF"})


@pytest.fixture(scope="module")
def full():
    return full_lexicon()


def read(text, lexicon=None):
    info = tokenize(text, lexicon=lexicon)
    return [(t.kind, t.value, t.start) for t in info.tokens], info.readable, info.depth, info.chain


@pytest.mark.parametrize("ch", EDGES, ids=lambda c: f"U+{ord(c):04X}")
def test_each_stand_in_is_of_its_characters_class(ch):
    kind = stand_ins(ch)
    assert len(kind) == 1
    assert bool(PN_CHARS_BASE.fullmatch(ch)) == bool(PN_CHARS_BASE.fullmatch(kind))
    assert bool(PN_CHARS_MORE.fullmatch(ch)) == bool(PN_CHARS_MORE.fullmatch(kind))


def test_the_questions_read_alike(full):
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "queries").rglob("*.rq"))]
    assert any(not t.isascii() for t in texts)  # the French titles: the stand-ins are used
    for text in texts:
        assert read(text) == read(text, full)


def test_random_texts_read_alike(full):
    """Texts made of the pieces names are made of, with the edge characters among them."""
    rng = random.Random(20261201)
    pieces = ["?", "$", "_:", ":", "ex:", ".", "-", "_", "%2F", "\\-", "a", "Z", "9", " ", "\n", "#", '"', "'",
              "<", ">", "{", "}", "(", ")", "SELECT", "FILTER", "@fr", "1.5e3", "\\u00E9", "é", "·", "×"] + EDGES
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 24)))
        assert read(text) == read(text, full), text


def test_names_with_letters_beyond_ascii():
    toks = tokenize('PREFIX é: <http://x/é> SELECT ?naïve ?a·b { ?s é:lé·x _:b̃ } # ×').tokens
    assert [(t.kind, t.value) for t in toks if t.kind in ("pname", "var", "bnode", "iri")] == [
        ("pname", "é:"), ("iri", "http://x/é"), ("var", "?naïve"), ("var", "?a·b"), ("var", "?s"),
        ("pname", "é:lé·x"), ("bnode", "_:b̃")]
    assert tokenize("SELECT ×").readable is False  # × is in no class: the grammar stops there


def test_the_expressions_compile_in_milliseconds():
    """Why the stand-ins exist: checked as a ratio to the full classes, in the same run."""
    import time

    re.purge()
    t0 = time.perf_counter()
    sparql_text._lexicon("A-Za-z\u00C0", "\u00B7")
    small = time.perf_counter() - t0
    re.purge()
    t0 = time.perf_counter()
    full_lexicon()
    big = time.perf_counter() - t0
    assert small * 5 < big


# ---------------------------------------------------------------------- the bounds read without the tokenizer
# ``within_limits`` and ``_may_say_from`` let the query path skip the tokenizer. Each is a
# bound, so its "no" must never be wrong: checked here against the tokenizer's own reading,
# on every question and on random texts built from the pieces that could fool a count.

PIECES = ["{", "}", "(", ")", "[", "]", " ", "\n", "\r", "\t", "#", "# from\n", "FROM", "from", "From <g>",
          "OPTIONAL", "UNION", "FILTER", "NOT IN", "||", "&&", "=", "<", ">", "!", "+", "-", "*", "/", "^", "|",
          '"', "'", '"""', "'''", '"a # b"', "<http://e.org/a#b>", "\\u007B", "\\u0046ROM", "\\U0000000A",
          "?x", "ex:a", "SELECT", "ASK", "WHERE", "minus", "bind", "x", "fromage"]


def random_texts(seed: int, n: int, size: int):
    rng = random.Random(seed)
    for _ in range(n):
        yield "".join(rng.choice(PIECES) for _ in range(rng.randrange(1, size)))


def test_within_limits_is_never_wrong():
    """When it says a text is within the limits, the tokenizer finds it so."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "queries").glob("*.rq"))]
    texts += ["ASK " + "{" * 64 + "}" * 64, "ASK " + "{" * 65 + "}" * 65, "ASK " + "\\u007B" * 70,
              "ASK { " + "OPTIONAL { } " * 1100 + "}", "ASK { FILTER(" + "1 + " * 1100 + "1) }"]
    small = [sparql_text.within_limits(t, max_depth=4) for t in random_texts(1, 4000, 40)]
    said = 0
    for text in texts + list(random_texts(2, 3000, 400)):
        if sparql_text.within_limits(text):
            said += 1
            assert sparql_text.nesting_error(sparql_text.analyse(text)) is None, text[:200]
    for text, ok in zip(random_texts(1, 4000, 40), small):
        if ok:
            assert sparql_text.nesting_error(sparql_text.analyse(text), max_depth=4) is None, text
    assert said > len(texts) // 2 and any(small) and not all(small)  # it does say yes, and no
    assert not sparql_text.within_limits("ASK " + "\\u007B" * 70)  # escaped brackets count


def test_may_say_from_is_never_wrong():
    """When it says a text holds no FROM, the tokenizer finds none."""
    def has_from(text):
        return any(t.kind == "word" and t.value.upper() == "FROM" for t in tokenize(text).tokens)

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "queries").glob("*.rq"))]
    no = 0
    for text in texts + list(random_texts(3, 6000, 30)):
        if not sparql_text._may_say_from(text):
            no += 1
            assert not has_from(text), repr(text)
    assert no > len(texts) // 2
    assert sparql_text._may_say_from("# x\\u000A FROM <g> ASK {}")  # an escaped line feed ends the comment
    assert sparql_text.has_dataset_clause('SELECT ("""a\n# b""" AS ?x) FROM <g> {}')
