"""Literals as SHACL sees them: is a typed literal well formed, and how two literals compare.

``well_formed`` follows the XML Schema lexical spaces of the common datatypes (what rdflib
flags as ``ill_typed``); ``compare`` follows SPARQL's ``<`` on numbers, strings, booleans and
dates of the same kind, and says ``None`` when the two cannot be compared.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_TZ = r"(Z|[+-]\d{2}:\d{2})?"
_PATTERNS = {
    "boolean": r"true|false|1|0",
    "decimal": r"[+-]?(\d+(\.\d*)?|\.\d+)",
    "integer": r"[+-]?\d+",
    "double": r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|-INF|NaN",
    "date": r"-?\d{4,}-\d{2}-\d{2}" + _TZ,
    "dateTime": r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?" + _TZ,
    "time": r"\d{2}:\d{2}:\d{2}(\.\d+)?" + _TZ,
    "gYear": r"-?\d{4,}" + _TZ,
    "gYearMonth": r"-?\d{4,}-\d{2}" + _TZ,
    "gMonthDay": r"--\d{2}-\d{2}" + _TZ,
    "gDay": r"---\d{2}" + _TZ,
    "gMonth": r"--\d{2}" + _TZ,
}
_PATTERNS["float"] = _PATTERNS["double"]
_COMPILED = {XSD + k: re.compile(v) for k, v in _PATTERNS.items()}

_INTEGER_RANGES = {
    "integer": (None, None), "long": (-2**63, 2**63 - 1), "int": (-2**31, 2**31 - 1),
    "short": (-2**15, 2**15 - 1), "byte": (-128, 127), "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None), "nonPositiveInteger": (None, 0), "negativeInteger": (None, -1),
    "unsignedLong": (0, 2**64 - 1), "unsignedInt": (0, 2**32 - 1), "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 255),
}
_INTEGERS = {XSD + k: v for k, v in _INTEGER_RANGES.items()}
_NUMERIC = set(_INTEGERS) | {XSD + "decimal", XSD + "double", XSD + "float"}


def well_formed(lit: ox.Literal) -> bool:
    """Whether the lexical form is in the lexical space of its datatype (unknown datatypes: yes)."""
    dtype = lit.datatype.value
    text = lit.value
    if dtype in _INTEGERS:
        if not _COMPILED[XSD + "integer"].fullmatch(text):
            return False
        lo, hi = _INTEGERS[dtype]
        n = int(text)
        return (lo is None or n >= lo) and (hi is None or n <= hi)
    pattern = _COMPILED.get(dtype)
    if pattern is None:
        return True
    if not pattern.fullmatch(text):
        return False
    if dtype in (XSD + "date", XSD + "dateTime"):
        try:
            dt.date.fromisoformat(text.lstrip("-")[:10])
        except ValueError:
            return False
    if dtype == XSD + "gYearMonth":
        month = int(text.lstrip("-").split("-")[1][:2])
        return 1 <= month <= 12
    return True


def _key(lit: ox.Literal):
    """A (kind, value) pair that orders like SPARQL, or None."""
    dtype = lit.datatype.value
    if dtype in _NUMERIC:
        if not well_formed(lit):
            return None
        try:
            if dtype in (XSD + "double", XSD + "float"):
                return ("number", float(lit.value.replace("INF", "inf")))
            return ("number", Decimal(lit.value))
        except (InvalidOperation, ValueError):
            return None
    if dtype == XSD + "string":
        return ("string", lit.value)
    if dtype == XSD + "boolean":
        return ("boolean", lit.value in ("true", "1")) if well_formed(lit) else None
    if dtype in (XSD + "date", XSD + "dateTime", XSD + "gYear", XSD + "gYearMonth", XSD + "time"):
        if not well_formed(lit):
            return None
        # with and without a time zone do not compare (SPARQL: indeterminate)
        zoned = bool(re.search(r"(Z|[+-]\d{2}:\d{2})$", lit.value)) if dtype != XSD + "gYear" or len(lit.value) > 4 else False
        return (dtype + ("@tz" if zoned else ""), _datetime_key(lit.value, dtype))
    return None


def _datetime_key(text: str, dtype: str):
    if dtype == XSD + "dateTime":
        try:
            value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text
        return value.isoformat() if value.tzinfo is None else value.astimezone(dt.timezone.utc).isoformat()
    return text


def compare(a, b) -> int | None:
    """-1, 0 or 1 when ``a`` and ``b`` are comparable literals; ``None`` otherwise."""
    if not isinstance(a, ox.Literal) or not isinstance(b, ox.Literal):
        return None
    ka, kb = _key(a), _key(b)
    if ka is None or kb is None or ka[0] != kb[0]:
        return None
    if isinstance(ka[1], float) and (ka[1] != ka[1] or kb[1] != kb[1]):
        return None
    try:
        return (ka[1] > kb[1]) - (ka[1] < kb[1])
    except TypeError:
        if isinstance(ka[1], float) or isinstance(kb[1], float):
            x, y = float(ka[1]), float(kb[1])
            return (x > y) - (x < y)
        return None
