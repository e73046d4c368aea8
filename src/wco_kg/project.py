"""Where the project's files are: ontology/, data/, shapes/, queries/.

A checkout (or an editable install) uses the folders at the top of the repository; a wheel
carries copies under ``wco_kg/resources``. ``--project DIR`` (or ``WCO_KG_PROJECT``) points
at another tree with the same layout, e.g. a copy of data/ being edited.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import UsageError

_PACKAGE = Path(__file__).resolve().parent
_FOLDERS = ("ontology", "data", "shapes", "queries")

#: The shapes files the project requires, in shapes/: declared, not discovered, so a deleted
#: file is an error rather than a shape that silently stops checking. Each must exist, hold
#: shapes, and conform to SHACL-SHACL (``wco_kg.validation.load_shapes``); a .ttl in shapes/
#: that is not listed is an error too. A name ending in ``-recommended.ttl`` holds sh:Warning
#: shapes, any other sh:Violation ones. A new shapes file is one more line here.
SHAPES_FILES = (
    "wco-kg-shapes.ttl",
    "wco-kg-shapes-recommended.ttl",
    "members-shapes.ttl",
    "members-shapes-recommended.ttl",
    "igos-shapes.ttl",
)


class Project:
    """A tree with ontology/, data/, shapes/ and queries/, and the files in each.

    >>> p = Project.locate()
    >>> p.data_dir.name, all(f.suffix in (".trig", ".ttl", ".nq") for f in p.data_files())
    ('data', True)
    >>> Project("x") == Project(Path("x")), Project("x")
    (True, Project(root=PosixPath('x')))

    A plain class rather than a dataclass: every command locates its project first, and
    ``dataclasses`` imports ``inspect``, about 7 ms of a cold command that prints a kept answer
    in about 30 (``kept_answers``).
    """

    __slots__ = ("root",)

    def __init__(self, root: str | os.PathLike[str]):
        object.__setattr__(self, "root", Path(root))

    def __setattr__(self, name, value):
        raise AttributeError(f"a Project is read-only (cannot set {name!r})")

    def __eq__(self, other) -> bool:
        return isinstance(other, Project) and other.root == self.root

    def __hash__(self) -> int:
        return hash(self.root)

    def __repr__(self) -> str:
        return f"Project(root={self.root!r})"

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def reference_dir(self) -> Path:
        """The reference tables the generated data files are imported from (data/reference/)."""
        return self.root / "data" / "reference"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    def ontology_files(self) -> list[Path]:
        return sorted(self.ontology_dir.glob("*.ttl"))

    def data_files(self) -> list[Path]:
        return sorted(p for p in self.data_dir.glob("*") if p.suffix in (".trig", ".ttl", ".nq"))

    def question_file(self, ref: str) -> Path | None:
        """The file of the project's question called ``ref`` (``queries/REF.rq``), or None when
        ``ref`` is not such a name: ``-``, a path (a separator, a ``.rq`` or ``.sparql`` suffix,
        or an existing file: ``queries.resolve`` reads those), or no question is called that.

        >>> p = Project.locate()
        >>> p.question_file("headquarters").name, p.question_file("queries/headquarters.rq")
        ('headquarters.rq', None)
        """
        path = Path(ref)
        if ref == "-" or "/" in ref or "\\" in ref or path.suffix in (".rq", ".sparql") or path.exists():
            return None
        named = self.queries_dir / f"{ref}.rq"
        return named if named.is_file() else None

    def shape_files(self) -> list[Path]:
        """The declared shapes files (``SHAPES_FILES``), whether or not they exist."""
        return [self.shapes_dir / name for name in SHAPES_FILES]

    @classmethod
    def locate(cls, root: str | os.PathLike[str] | None = None) -> "Project":
        """The project at ``root``, else ``$WCO_KG_PROJECT``, else the checkout or the wheel's copy."""
        given = root or os.environ.get("WCO_KG_PROJECT")
        if given:
            path = Path(given)
            missing = [f for f in _FOLDERS if not (path / f).is_dir()]
            if missing:
                raise UsageError(f"{path}: not a wco-kg project (missing {', '.join(f + '/' for f in missing)})")
            return cls(path)
        for candidate in (_PACKAGE.parents[1], _PACKAGE / "resources"):
            if all((candidate / f).is_dir() for f in _FOLDERS):
                return cls(candidate)
        raise UsageError("cannot find the project's ontology/ data/ shapes/ queries/; pass --project DIR")
