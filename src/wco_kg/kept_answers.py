"""Keep what ``wco-kg query NAME`` printed, and print it again while nothing it depends on changed.

A question's answer is a function of the dataset, the question's text, the code that runs
and writes it (wco-kg's and pyoxigraph's) and the output format; the graph changes only when
data/ or ontology/ do. So the answer of a question of the project, asked with its default
parameters, is kept in the cache folder under a key made of the digests of those (each
remembered by its files' status: ``dataset_cache.digest``), and the next ``wco-kg query NAME``
on the same files prints it without starting the engine: a cold command then costs little
more than Python's own start.

Never kept: an answer to a query file or standard input, to a question given ``--param``,
``--service`` or ``--endpoint``, to a federated question (its SERVICE reads data that changes
elsewhere), or to one whose answer can change from one run to the next (it calls NOW, RAND,
UUID, STRUUID or BNODE: read with the SPARQL tokenizer, not by searching the text).
``wco-kg query --fresh`` runs the engine anyway, and leaves the kept answers as they are.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .dataset_cache import cache_dir, code_files, dataset_key, digest, prune, read_entry, sha256_of

#: Built-in functions whose value changes from one evaluation to the next (SPARQL 1.1, 17.4).
VOLATILE = frozenset({"NOW", "RAND", "UUID", "STRUUID", "BNODE"})
#: How many answers the cache keeps.
KEEP = 256


def _code_files() -> list[Path]:
    """wco-kg's modules and pyoxigraph's files: a new version of either is a new key."""
    files = code_files()
    for entry in sys.path:
        engine = Path(entry or ".") / "pyoxigraph"
        if engine.is_dir():
            files += sorted(p for p in engine.iterdir() if p.is_file())
            break
    return files


def answer_key(ontology_files: list[Path], data_files: list[Path], question: Path, fmt: str | None) -> str | None:
    """The key of this question's answer on these files in format ``fmt`` (None: the default
    one), or None when an input cannot be read (then the engine runs, and says why)."""
    dataset = dataset_key(ontology_files, data_files)
    text = digest("question", [question], lambda: sha256_of([question]))
    code_files = _code_files()
    code = digest("code", code_files, lambda: sha256_of(code_files))
    if dataset is None or text is None or code is None:
        return None
    return f"{dataset}-{text[:16]}-{code[:16]}-{fmt or 'default'}"


def _path(key: str) -> Path:
    return cache_dir() / "answers" / key


def _header(key: str, size: int) -> bytes:
    """The first line of a kept answer: what it answers and how long it is, so an entry that is
    cut short, or is not one, is never printed."""
    return f"wco-kg answer {key} {size}\n".encode()


def kept(key: str) -> bytes | None:
    """The answer kept under ``key``, or None."""
    data = read_entry(_path(key))
    if data is None:
        return None
    head, _, answer = data.partition(b"\n")
    return answer if head + b"\n" == _header(key, len(answer)) else None


def keepable(query: str) -> bool:
    """May this query's answer be kept? Not when it calls SERVICE or a volatile function.

    >>> keepable("SELECT ?s { ?s ?p ?o }"), keepable("SELECT (NOW() AS ?t) {}")
    (True, False)
    >>> keepable('SELECT ?s { ?s ?p "NOW()" } # RAND()'), keepable("SELECT (r\\\\u0041nd() AS ?x) {}")
    (True, False)
    """
    from .sparql_text import tokenize

    info = tokenize(query)
    if not info.readable:
        return False
    return not any(t.kind == "word" and (t.value.upper() in VOLATILE or t.value.upper() == "SERVICE")
                   for t in info.tokens)


def keep(key: str, answer: bytes) -> None:
    """Keep ``answer`` under ``key`` (its query ``keepable``); skipped on errors."""
    import tempfile

    path = _path(key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".", suffix=".part", delete=False) as tmp:
            tmp.write(_header(key, len(answer)) + answer)
        os.replace(tmp.name, path)
        prune(path.parent, "[!.]*", keep=KEEP)
    except OSError:
        try:
            os.unlink(tmp.name)
        except (OSError, NameError):
            pass
