"""Reading a reference CSV: UTF-8, strict quoting, an exact header, no control characters.

Every import of a reference table (``wco-kg members import``, ``wco-kg igos import``) reads
its CSV through ``read_table``, so each refuses the same things in the same words, as one
``CSV:LINE: what`` ``DataError``: a file that is not UTF-8, a malformed quote, a wrong header,
a row with the wrong number of cells, and a control character (Unicode category Cc: NUL, the
other C0 characters including tab and a line break inside a quoted cell, DEL, the C1
characters) or a line or paragraph separator (U+2028, U+2029) in any cell. Such characters
are never part of a name, code or URL, and they would pass into the generated Turtle and
split its lines or hide text from a reviewer.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
>>> _ = p.write_bytes(b"a,b\\n1,2\\n")
>>> [(row.line, row.cells) for row in read_table(p, ("a", "b"))]
[(2, {'a': '1', 'b': '2'})]
>>> _ = p.write_bytes(b"a,b\\n1,x\\x00y\\n")
>>> read_table(p, ("a", "b"))
Traceback (most recent call last):
...
wco_kg.errors.DataError: ...t.csv:2: column b holds a control character (U+0000 NUL at position 2)
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError

# A cell holding a web address (a source's page): http(s), no spaces or characters an IRI forbids.
URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")

#: The largest reference CSV accepted, in bytes (ours are under 100 KB): a guard against a
#: wrong file given by mistake, read whole into memory otherwise.
MAX_BYTES = 16 * 1024 * 1024
_SEPARATORS = {"\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}


@dataclass(frozen=True)
class Row:
    """One row of a table: its first line in the file and its cells by column (stripped)."""

    line: int
    cells: dict[str, str]


def control_character(text: str) -> str | None:
    """A description of the first control character in ``text``, or None.

    >>> control_character("Côte d'Ivoire"), control_character("a\\tb")
    (None, 'U+0009 CHARACTER TABULATION at position 2')
    """
    for i, ch in enumerate(text, start=1):
        if unicodedata.category(ch) == "Cc" or ch in _SEPARATORS:
            name = _SEPARATORS.get(ch) or unicodedata.name(ch, "") or _C0_NAMES.get(ord(ch), "control character")
            return f"U+{ord(ch):04X} {name} at position {i}"
    return None


_C0_NAMES = {0: "NUL", 9: "CHARACTER TABULATION", 10: "LINE FEED", 13: "CARRIAGE RETURN", 0x7F: "DELETE"}


def read_text(path: str | Path) -> str:
    """The file's text (UTF-8, an optional BOM dropped), or a one-line ``DataError``."""
    path = Path(path)
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DataError(f"{size} bytes: larger than the {MAX_BYTES} a reference table may have", where)
        data = path.read_bytes()
    except OSError as e:
        raise DataError(e.strerror or str(e), where) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DataError(f"not UTF-8 ({e.reason} at byte {e.start})", where) from None


def read_table(path: str | Path, columns: tuple[str, ...], what: str = "row") -> list[Row]:
    """Every row of the CSV at ``path``, whose header must be exactly ``columns``.

    Blank lines are skipped. Raises ``DataError('CSV:LINE: what')`` at the first bad line;
    ``what`` names a row in the messages ("one row per member").
    """
    where = str(path)
    text = read_text(path)
    # Lines end at \n, \r\n or \r only (str.splitlines would also split at U+0085, U+2028... and
    # so hide them from the check below).
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as e:
        raise DataError(f"malformed CSV: {e}", where, 1) from None
    if header is None:
        raise DataError(f"empty file: expected a header and {what}", where)
    for cell in header:
        bad = control_character(cell)
        if bad:
            raise DataError(f"the header holds a control character ({bad})", where, 1)
    if tuple(h.strip() for h in header) != columns:
        raise DataError(f"header must be {','.join(columns)}", where, 1)
    rows: list[Row] = []
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            raise DataError(f"malformed CSV: {e}", where, start) from None
        if not cells or cells == [""]:
            continue
        if len(cells) != len(columns):
            raise DataError(f"{len(cells)} columns, expected {len(columns)} ({','.join(columns)})", where, start)
        for column, cell in zip(columns, cells):
            bad = control_character(cell)
            if bad:
                raise DataError(f"column {column} holds a control character ({bad})", where, start)
        rows.append(Row(start, dict(zip(columns, (c.strip() for c in cells)))))
    return rows
