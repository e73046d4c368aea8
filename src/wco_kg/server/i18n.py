"""Numbers and dates written the way each page language writes them (Babel's CLDR data).

``1,234`` and ``February 2, 2024`` in English, ``1 234`` and ``2 février 2024`` in French:
Babel carries the Unicode CLDR's rules for every locale, so a third language is one more
code, not one more table here.
"""

from __future__ import annotations

import datetime as _dt
import re

LANGUAGES = ("en", "fr")


def number(value: float | int, lang: str) -> str:
    """``value`` with the language's digit grouping and decimal sign."""
    from babel.numbers import format_decimal  # (Babel is imported by the first page, not at start-up)

    return format_decimal(value, locale=lang if lang in LANGUAGES else "en")


def date(text: str | None, lang: str) -> str:
    """An ISO date (``2024-02-02``), month (``2024-02``) or year, written out in the language.

    Anything else comes back as it was (a date is data: better shown raw than dropped).
    """
    if not text:
        return ""
    from babel.dates import format_date

    locale = lang if lang in LANGUAGES else "en"
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return format_date(_dt.date.fromisoformat(text), format="long", locale=locale)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return format_date(_dt.date.fromisoformat(text + "-01"), format="LLLL y", locale=locale)
    except ValueError:
        return text
    return text


def request_language(request) -> str:
    """A request's page language: its ``?lang=``, else its Accept-Language (see ``language``)."""
    return language(request.query_params.get("lang"), request.headers.get("accept-language", ""))


def language(param: str | None, accepted: str) -> str:
    """The page language: ``?lang=`` if it is en or fr, else the best of them in Accept-Language."""
    if param in ("en", "fr"):
        return param
    best, best_q = "en", 0.0
    for part in accepted.split(","):
        tag, _, q = part.strip().partition(";q=")
        tag = tag.strip().lower()[:2]
        try:
            qv = float(q) if q else 1.0
        except ValueError:
            qv = 0.0
        if tag in ("en", "fr") and qv > best_q:
            best, best_q = tag, qv
    return best
