"""The package is layered: no import cycle between its modules, each module says its job.

The imports are read from the source with ``ast`` (every ``import`` statement, at module
level or inside a function: a function-level import still ties the two modules together),
leaving out only what ``if TYPE_CHECKING:`` guards, which never runs.
"""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

import pytest

import wco_kg

PACKAGE = Path(wco_kg.__file__).resolve().parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """ids of the statements under ``if TYPE_CHECKING:`` (never executed)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else test.attr if isinstance(test, ast.Attribute) else ""
            if name == "TYPE_CHECKING":
                skipped |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return skipped


def _resolve(module: str, is_package: bool, level: int, target: str | None) -> str:
    """The absolute name of a relative import in ``module``."""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def imports_of(module: str) -> set[str]:
    """The package's modules that ``module`` imports."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = (_resolve(module, path.name == "__init__.py", node.level, node.module) if node.level
                    else node.module or "")
            for alias in node.names:  # `from . import formats` names a module; `from .x import f`, x
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return {m for m in found if m in MODULES and m != module}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_import_reader_sees_function_level_and_relative_imports():
    """The reader is checked on modules whose imports are known: a lazy import inside a
    function counts, ``from . import x`` names module x, and TYPE_CHECKING is left out."""
    assert "wco_kg.validation" in imports_of("wco_kg.builder")
    assert "wco_kg.formats" in imports_of("wco_kg.store")  # `from . import formats`
    assert "wco_kg" in imports_of("wco_kg.cli")  # `from . import __version__`: the package itself
    assert "wco_kg.export" in imports_of("wco_kg.knowledge_graph")  # inside a method
    assert "wco_kg.server.app" not in imports_of("wco_kg.server.pages")  # only under TYPE_CHECKING
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    graph = {m: imports_of(m) for m in MODULES}
    assert _cycles(graph) == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_module_opens_with_a_line_saying_its_job(module):
    doc = ast.get_docstring(ast.parse(MODULES[module].read_text(encoding="utf-8")))
    assert doc, f"{module} has no docstring"
    first = doc.splitlines()[0]
    assert len(first.split()) >= 4 and first.rstrip().endswith((".", ":")), first


def test_no_public_name_is_also_a_module():
    """``wco_kg.build`` is the function whatever was imported before (the issue's symptom:
    a lazy name shadowed by the submodule of the same name)."""
    submodules = {m.name for m in pkgutil.iter_modules(wco_kg.__path__) if m.name != "__main__"}
    assert not submodules & set(wco_kg.__all__)
    for name in submodules:  # import every module, as a long session would
        __import__(f"wco_kg.{name}")
    for name in wco_kg.__all__:
        assert not isinstance(getattr(wco_kg, name), type(wco_kg)), name


def readme_layers() -> list[list[str]]:
    """The modules of each row of README's layer table ("The library, from the bottom layer up")."""
    import re

    text = (PACKAGE.parents[1] / "README.md").read_text(encoding="utf-8")
    table = text.split("The library, from the bottom layer up", 1)[1].split("\n\n", 2)[1]
    rows = []
    for line in table.splitlines()[2:]:
        cell = line.split("|")[1]
        if "/" in cell:  # `server/`: a package of its own, below nothing here
            continue
        rows.append([f"wco_kg.{m}" for m in re.findall(r"`(\w+)\.py`", cell)])
    return rows


def test_each_module_imports_only_from_the_layers_readme_puts_above_it():
    rows = readme_layers()
    assert len(rows) >= 8 and ["wco_kg.store"] in rows
    rank = {m: i for i, row in enumerate(rows) for m in row}
    assert set(rank) <= set(MODULES), set(rank) - set(MODULES)  # README names no module that is gone
    wrong = [(m, d) for m in rank for d in imports_of(m) if d in rank and rank[d] >= rank[m]]
    assert wrong == []
