"""Validate the dataset: the declared SHACL shapes files and the ``*-violation.rq`` checks.

``validate_store`` (and ``validate``, which loads the data first) reads the shapes files the
project declares (``wco_kg.project.SHAPES_FILES``; each must exist, hold shapes and conform to
SHACL-SHACL), runs a SHACL engine (``wco_kg.shacl_engines``) and every check query, and
returns a ``wco_kg.report.Report``. It never exits: the command line applies the policy
(``Report.passes``). ``validate``, ``build``, ``push`` and ``serve`` all come through here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox

from .errors import DataError
from .namespaces import PREFIXES, SH, shorten
from .project import Project
from .report import Finding, Report
from .shacl_engines import DEFAULT_ENGINE, ENGINES, Shapes, run_engine, run_turbo, shacl_shacl

CHECK_COMPONENT = PREFIXES["wkgsh"] + "ViolationQuery"
DECLARED_IN = "SHAPES_FILES in wco_kg/project.py"

_HAS_SHAPE = f"""ASK {{
  {{ ?s a ?type VALUES ?type {{ <{SH}NodeShape> <{SH}PropertyShape> }} }}
  UNION {{ ?s ?target ?o VALUES ?target {{ <{SH}targetClass> <{SH}targetNode> <{SH}targetSubjectsOf> <{SH}targetObjectsOf> }} }}
}}"""

#: Shapes already read and checked in this process, by the bytes of their files.
_SHAPES_MEMO: dict[tuple, Shapes] = {}


def _check_against_shacl_shacl(store: ox.Store, path: Path) -> None:
    """A shapes file that is not a valid shapes graph (SHACL 1.0, appendix C) is an error."""
    found = run_turbo(store, shacl_shacl())
    if found:
        # the first result on a named node (a blank node's id would tell the reader nothing)
        first = min(found, key=lambda f: (f.focus.startswith("_:"), f.sort_key()))
        where = shorten(first.focus) + (f" {shorten(first.path)}" if first.path and not first.path.startswith("_:") else "")
        value = f" {first.value}" if first.value and first.value.startswith('"') else ""
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise DataError(f"not a valid shapes graph (SHACL-SHACL): {where}{value}: "
                        f"{shorten(first.component)}{more}", str(path))


def load_shapes(project: Project) -> Shapes:
    """The declared shapes files, each checked, as one shapes graph.

    Raises ``DataError`` (one line naming the file) when a declared file is missing, is not
    Turtle, declares no shape or does not conform to SHACL-SHACL, or when a .ttl in shapes/
    is not declared.
    """
    from .loader import load_file

    declared = project.shape_files()
    undeclared = sorted(set(project.shapes_dir.glob("*.ttl")) - set(declared))
    if undeclared:
        raise DataError(f"a shapes file that is not declared: add it to {DECLARED_IN}, or remove it",
                        str(undeclared[0]))
    contents = []
    for path in declared:
        try:
            contents.append(path.read_bytes())
        except FileNotFoundError:
            raise DataError(f"required shapes file is missing (declared in {DECLARED_IN})", str(path)) from None
        except OSError as e:
            raise DataError(e.strerror or str(e), str(path)) from None
    key = tuple((str(p), hashlib.sha256(c).hexdigest()) for p, c in zip(declared, contents))
    if key in _SHAPES_MEMO:
        return _SHAPES_MEMO[key]
    union = ox.Store()
    for path in declared:
        one = ox.Store()
        load_file(one, path)
        if not one.query(_HAS_SHAPE):
            raise DataError("declares no shape (no sh:NodeShape, sh:PropertyShape or target)", str(path))
        _check_against_shacl_shacl(one, path)
        union.extend(list(one))
    shapes = _SHAPES_MEMO[key] = Shapes(union, tuple(declared))
    return shapes


def run_checks(store: ox.Store, project: Project) -> list[Finding]:
    """Every ``*-violation.rq``: each row it returns is a violation, focused on its first column."""
    from .queries import questions
    from .store import LocalStore

    local = LocalStore(store)
    findings = []
    for q in questions(project).values():
        if not q.is_check:
            continue
        result = local.query(q.bind(), source=str(q.path))
        for row in result.rows:
            focus = row[0]
            value = row[1] if len(row) > 1 else None
            findings.append(Finding(
                "Violation",
                focus.value if isinstance(focus, ox.NamedNode) else str(focus),
                None, CHECK_COMPONENT, PREFIXES["wkgsh"] + q.name,
                q.title, None if value is None else (value.value if isinstance(value, ox.NamedNode) else str(value))))
    return sorted(findings, key=Finding.sort_key)


def validate_store(store: ox.Store, project: Project | None = None, engine: str = DEFAULT_ENGINE) -> Report:
    """Validate a loaded dataset (see ``loader.load_graph``) against the shapes and the checks.

    ``engine``: ``turbo`` (pyshacl-turbo on the store, the default) or ``pyshacl`` (the reference).
    """
    project = project or Project.locate()
    if engine not in ENGINES:
        from .errors import UsageError
        raise UsageError(f"unknown validation engine {engine!r} (use {' or '.join(ENGINES)})")
    shacl = run_engine(engine, store, load_shapes(project))
    return Report(shacl + run_checks(store, project), engine=engine)


def validate(project: Project | None = None, data_files: list[str | Path] | None = None,
             engine: str = DEFAULT_ENGINE) -> Report:
    """Load the project's data (or ``data_files``) and validate it (``wco_kg.validate``).

    >>> report = validate()
    >>> report.passes(), report.violations
    (True, [])
    """
    from .loader import load_graph

    project = project or Project.locate()
    return validate_store(load_graph(project, data_files), project, engine)


__all__ = ["CHECK_COMPONENT", "load_shapes", "run_checks", "validate", "validate_store"]
