"""Find the graph's resources by name: names, alternative names, acronyms and notations, in English and French.

The index is built once from a loaded store (once per build: the server builds it when it
loads the build, ``wco-kg search`` when it loads the graph) into an in-memory SQLite
database from Python's standard library:

- ``names`` holds one row per (resource, name): the name as written, its language, its
  kind (name, alternative name, acronym, notation) and a *folded* form: NFKD, combining
  marks removed, case-folded (``unicodedata`` + ``str.casefold``), so "Douanes", "douanes"
  and "DOUANES" are one word, and so are "Curaçao" and "curacao";
- ``names_fts`` is an FTS5 table over the folded form (tokenizer ``unicode61
  remove_diacritics 2``), which finds a *word* of a name by its beginning.

FTS5 matches whole tokens and their prefixes but cannot find text inside a word, and its
trigram tokenizer folds no accents in this SQLite (3.40), so "contains" is a ``LIKE`` on the
folded column (a few thousand rows). A hit is ranked: 0 the whole name equals the text,
1 the name starts with it, 2 each of its words begins a word of the name, 3 the name contains it;
then acronyms and names before notations, shorter names first.

User text never reaches SQL as code: it is bound as a parameter, FTS5 gets each word as a
quoted prefix (``"…"*``, inner quotes doubled), ``LIKE`` wildcards are escaped.

>>> fold("Organisation mondiale des DOUANES"), fold("Curaçao")
('organisation mondiale des douanes', 'curacao')
"""

from __future__ import annotations

import sqlite3
import unicodedata
from dataclasses import dataclass

import pyoxigraph as ox

from .namespaces import PREFIXES, is_ours, shorten

RDF_TYPE = PREFIXES["rdf"] + "type"
SKOS, SCHEMA, WKG, RDFS = PREFIXES["skos"], PREFIXES["schema"], PREFIXES["wkg"], PREFIXES["rdfs"]

#: The properties whose values name a resource, and what kind of name each gives.
NAME_PROPERTIES = {
    SKOS + "prefLabel": "name", SCHEMA + "name": "name", WKG + "name": "name", RDFS + "label": "name",
    SKOS + "altLabel": "alternative name", SCHEMA + "alternateName": "alternative name",
    WKG + "alternativeName": "alternative name", WKG + "adoptedName": "alternative name",
    WKG + "acronym": "acronym",
    SKOS + "notation": "notation", WKG + "iso3166Alpha2": "notation", WKG + "iso3166Alpha3": "notation",
}
_KIND_ORDER = {"acronym": 0, "name": 1, "alternative name": 2, "notation": 3}
MAX_QUERY = 200  # characters of search text; more is refused (a name here is far shorter)


def fold(text: str) -> str:
    """Case- and accent-insensitive form: NFKD, combining marks dropped, case-folded, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


@dataclass(frozen=True)
class Hit:
    iri: str
    name: str  # the name that matched, as written
    lang: str
    kind: str  # name, alternative name, acronym, notation
    rank: int  # 0 exact, 1 prefix of the name, 2 prefix of a word, 3 contained
    types: tuple[str, ...]
    label: str  # the resource's English name (or its IRI, shortened)

    def as_json(self) -> dict:
        return {"iri": self.iri, "label": self.label, "matched": self.name, "lang": self.lang, "kind": self.kind,
                "match": ("exact", "prefix", "word", "contains")[self.rank], "types": list(self.types)}


class SearchIndex:
    """The names of every resource of a store (see module doc); ``search(text)`` ranks the hits."""

    def __init__(self, store: ox.Store):
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.executescript(
            "CREATE TABLE names(id INTEGER PRIMARY KEY, iri TEXT, text TEXT, norm TEXT, lang TEXT, kind TEXT);"
            "CREATE VIRTUAL TABLE names_fts USING fts5(norm, content='names', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 2');")
        rows, seen = [], set()
        for prop in NAME_PROPERTIES:
            for q in store.quads_for_pattern(None, ox.NamedNode(prop), None, None):
                s, o = q.subject, q.object
                if not isinstance(s, ox.NamedNode) or not isinstance(o, ox.Literal):
                    continue
                key = (s.value, o.value, o.language or "", NAME_PROPERTIES[prop])
                if key not in seen and o.value.strip():
                    seen.add(key)
                    rows.append((s.value, o.value, fold(o.value), o.language or "", NAME_PROPERTIES[prop]))
        rows.sort()
        self.db.executemany("INSERT INTO names(iri, text, norm, lang, kind) VALUES (?, ?, ?, ?, ?)", rows)
        self.db.execute("INSERT INTO names_fts(names_fts) VALUES ('rebuild')")
        self.types: dict[str, tuple[str, ...]] = {}
        for iri in {r[0] for r in rows}:
            ts = sorted({q.object.value for q in store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(RDF_TYPE),
                                                                         None, None)})
            self.types[iri] = tuple(sorted(ts, key=lambda t: (not is_ours(t), t)))
        self.labels = {}
        for iri, text, _norm, lang, kind in rows:  # English name first, then any name
            rank = (kind != "name", lang not in ("en", ""), len(text))
            if iri not in self.labels or rank < self.labels[iri][0]:
                self.labels[iri] = (rank, text)
        self.size = len(rows)

    def search(self, text: str, limit: int = 20) -> list[Hit]:
        """The resources whose names match ``text``, best first (one hit per resource).

        Raises ValueError for text over ``MAX_QUERY`` characters.
        """
        if len(text) > MAX_QUERY:
            raise ValueError(f"search text of {len(text)} characters is over the limit of {MAX_QUERY}")
        q = fold("".join(c if c.isprintable() else " " for c in text))
        if not q:
            return []
        like = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        words = [w for w in q.split() if any(ch.isalnum() for ch in w)]
        ranked: dict[int, int] = {}
        for rowid, rank in self.db.execute(
                "SELECT id, CASE WHEN norm = ? THEN 0 WHEN norm LIKE ? ESCAPE '\\' THEN 1 ELSE 3 END FROM names "
                "WHERE norm LIKE ? ESCAPE '\\'", (q, like + "%", "%" + like + "%")):
            ranked[rowid] = rank
        if words:  # every word of the text begins a word of the name
            fts = " ".join('"' + w.replace('"', '""') + '"*' for w in words)
            for (rowid,) in self.db.execute("SELECT rowid FROM names_fts WHERE names_fts MATCH ?", (fts,)):
                ranked[rowid] = min(ranked.get(rowid, 2), 2)
        if not ranked:
            return []
        marks = ",".join("?" * len(ranked))
        rows = self.db.execute(f"SELECT id, iri, text, lang, kind FROM names WHERE id IN ({marks})", list(ranked))
        best: dict[str, tuple] = {}
        for rowid, iri, name, lang, kind in rows:
            key = (ranked[rowid], _KIND_ORDER[kind], len(name), name, lang)
            if iri not in best or key < best[iri][0]:
                best[iri] = (key, name, lang, kind)
        order = sorted(best.items(), key=lambda item: (item[1][0], item[0]))[:limit]
        return [Hit(iri, name, lang, kind, key[0], self.types.get(iri, ()), self.label(iri))
                for iri, (key, name, lang, kind) in order]

    def label(self, iri: str) -> str:
        found = self.labels.get(iri)
        return found[1] if found else shorten(iri).strip("<>")

    def completions(self) -> list[dict]:
        """Every named resource for the query editor's completion: IRI, short name, labels (en, fr), type."""
        out: dict[str, dict] = {}
        for iri, text, lang, kind in self.db.execute("SELECT iri, text, lang, kind FROM names ORDER BY id"):
            item = out.setdefault(iri, {"iri": iri, "short": shorten(iri).strip("<>"), "en": "", "fr": "",
                                        "type": shorten(self.types[iri][0]).strip("<>") if self.types.get(iri) else ""})
            if kind == "name" and lang in ("en", "fr") and not item[lang]:
                item[lang] = text
            elif kind == "name" and not lang and not item["en"]:
                item["en"] = text
        return sorted(out.values(), key=lambda i: i["short"])
