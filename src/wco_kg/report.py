"""The validation report: its findings, SHACL's verdict beside the command's policy, and its forms.

A ``Report`` holds ``Finding``s (severity, focus node, path, value, constraint component,
source shape, the shape's message) from whichever engine produced them. Two answers are kept
apart, as SHACL asks:

* ``conforms``: SHACL's own verdict (SHACL 1.0, section 3.6.1): true only when there is no
  result at all, whatever its severity;
* ``passes(strict)``: the project's policy: violations fail; warnings and infos fail only
  with ``--strict``.

People read ``text()``; machines read ``to_json()`` (plain strings and IRIs) or the
``sh:ValidationReport`` of ``to_turtle()``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pyoxigraph as ox

from .namespaces import PREFIXES, SH, shorten

SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True, order=True)
class Finding:
    """One validation result. IRIs are full; a literal is in its N-Triples form (``"x"@en``)."""

    severity: str
    focus: str
    path: str | None
    component: str
    shape: str
    message: str = ""
    value: str | None = None

    def sort_key(self) -> tuple[str, ...]:
        """Orders findings with optional fields unset (None sorts as "")."""
        return tuple("" if v is None else v for v in (self.severity, self.focus, self.path, self.component,
                                                       self.shape, self.message, self.value))

    def key(self) -> tuple[str, str | None, str]:
        """What a fixture asserts: (focus node, path, constraint component)."""
        return (self.focus, self.path, self.component)

    def to_dict(self) -> dict:
        """Plain strings and IRIs: a literal value's lexical form, with its datatype or language."""
        out = {"severity": self.severity, "focus": plain(self.focus)[0], "path": self.path,
               "component": self.component, "shape": self.shape, "message": self.message, "value": None}
        if self.value is not None:
            out["value"], datatype, language = plain(self.value)
            if language:
                out["value_language"] = language
            elif datatype and datatype != PREFIXES["xsd"] + "string":
                out["value_datatype"] = datatype
        return out


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    engine: str = "turbo"

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        """Warnings and infos: the results that fail only with ``--strict``."""
        return [f for f in self.findings if f.severity != "Violation"]

    @property
    def conforms(self) -> bool:
        """SHACL's verdict (section 3.6.1): no result of any severity."""
        return not self.findings

    def passes(self, strict: bool = False) -> bool:
        """The command's policy: no violation, and, with ``strict``, no warning or info either."""
        return not self.violations and not (strict and self.warnings)

    def verdict(self, strict: bool = False) -> str:
        """Both answers in one line: ``does not conform: 1 warning; passes (warnings allowed)``."""
        counts = [_count(sum(f.severity == s for f in self.findings), s.lower()) for s in SEVERITIES
                  if any(f.severity == s for f in self.findings)]
        shacl = "conforms: no results" if self.conforms else f"does not conform: {', '.join(counts)}"
        if not self.passes(strict):
            policy = "fails (--strict: warnings fail too)" if not self.violations else "fails"
        elif self.warnings:
            policy = "passes (warnings allowed)"
        else:
            policy = "passes"
        return f"{shacl}; {policy}"

    def summary(self, strict: bool = False) -> str:
        return f"validation: {self.verdict(strict)}"

    def text(self, strict: bool = False) -> str:
        """Grouped by focus node: each finding's severity, message, path and offending value."""
        lines = [self.summary(strict)]
        by_focus: dict[str, list[Finding]] = {}
        for f in sorted(self.findings, key=lambda f: (SEVERITIES.index(f.severity) if f.severity in SEVERITIES else 9, f.focus)):
            by_focus.setdefault(f.focus, []).append(f)
        for focus, items in by_focus.items():
            lines.append("")
            lines.append(shorten(focus))
            for f in items:
                where = f" [{shorten(f.path)}]" if f.path else ""
                value = f" (value: {_show(f.value)})" if f.value else ""
                lines.append(f"  {f.severity.upper()}{where}: {f.message or shorten(f.component)}{value}")
                lines.append(f"    shape {shorten(f.shape)}, {shorten(f.component)}")
        return "\n".join(lines) + "\n"

    def to_json(self, strict: bool = False) -> str:
        return json.dumps({"conforms": self.conforms, "passes": self.passes(strict), "strict": strict,
                           "summary": self.verdict(strict), "engine": self.engine,
                           "violations": len(self.violations), "warnings": len(self.warnings),
                           "results": [f.to_dict() for f in sorted(self.findings, key=Finding.sort_key)]},
                          ensure_ascii=False, indent=2) + "\n"

    def to_turtle(self) -> str:
        """The report as a SHACL ``sh:ValidationReport`` in Turtle (``sh:conforms`` as SHACL defines it)."""
        from .export import serialize_triples

        sh = lambda n: ox.NamedNode(SH + n)  # noqa: E731
        report = ox.BlankNode("report")
        triples = [ox.Triple(report, ox.NamedNode(PREFIXES["rdf"] + "type"), sh("ValidationReport")),
                   ox.Triple(report, sh("conforms"), ox.Literal("true" if self.conforms else "false",
                                                                  datatype=ox.NamedNode(PREFIXES["xsd"] + "boolean")))]
        for i, f in enumerate(sorted(self.findings, key=Finding.sort_key)):
            r = ox.BlankNode(f"r{i}")
            triples += [ox.Triple(report, sh("result"), r),
                        ox.Triple(r, ox.NamedNode(PREFIXES["rdf"] + "type"), sh("ValidationResult")),
                        ox.Triple(r, sh("resultSeverity"), sh(f.severity)),
                        ox.Triple(r, sh("focusNode"), term(f.focus)),
                        ox.Triple(r, sh("sourceConstraintComponent"), ox.NamedNode(f.component)),
                        ox.Triple(r, sh("sourceShape"), ox.NamedNode(f.shape))]
            if f.path:
                triples.append(ox.Triple(r, sh("resultPath"), ox.NamedNode(f.path)))
            if f.message:
                triples.append(ox.Triple(r, sh("resultMessage"), ox.Literal(f.message, language="en")))
            if f.value:
                triples.append(ox.Triple(r, sh("value"), term(f.value)))
        return serialize_triples(triples, "turtle").decode()


def _show(value: str) -> str:
    return value if value.startswith('"') else shorten(value)


def term(text: str):
    """A term from its stored form: an IRI, or an N-Triples literal (``"x"@en``)."""
    if text.startswith('"'):
        t = next(iter(ox.parse(f"<x:s> <x:p> {text} .".encode(), format=ox.RdfFormat.N_TRIPLES)))
        return t.object
    return ox.NamedNode(text)


def plain(text: str) -> tuple[str, str | None, str | None]:
    """(value, datatype, language) of a stored term: an IRI as it is, a literal's lexical form."""
    if not text.startswith('"'):
        return text, None, None
    lit = term(text)
    return lit.value, lit.datatype.value, lit.language
