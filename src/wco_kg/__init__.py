"""wco-kg: the World Customs Organization's partner profile as a linked-data knowledge graph.

The library does the work; the ``wco-kg`` command is a thin layer over it. Start with
``load()``, which returns a ``KnowledgeGraph``:

>>> import wco_kg
>>> kg = wco_kg.load()
>>> kg.query("ASK { <https://w3id.org/wco-kg/id/wco> ?p ?o }").boolean
True
>>> import tempfile
>>> result = wco_kg.build(tempfile.mkdtemp())  # validate, then write every export
>>> sorted(p.name for p in result.files)[:3]
['card.jsonld', 'context.jsonld', 'void.ttl']

Every public name is a function or a class, never a module (``wco_kg.build`` is the
function; the module that holds it is ``wco_kg.builder``). Heavy modules (rdflib, the SHACL
validators, SPARQLWrapper) are imported only by the functions that need them, so ``import wco_kg`` and
a cold ``wco-kg query`` stay fast: the names below are imported on first use.
"""

__version__ = "0.1.0"

from .errors import (DataError, EndpointError, QueryError, UsageError,  # noqa: E402
                     ValidationFailed, WcoKgError)

#: Each public name, and the module it is defined in (imported on first use).
_LAZY = {
    "load": "knowledge_graph", "KnowledgeGraph": "knowledge_graph",
    "build": "builder", "BuildResult": "builder",
    "load_graph": "loader",
    "LocalStore": "store", "RemoteStore": "store",
    "Result": "results",
    "questions": "queries", "resolve": "queries", "Question": "queries",
    "Project": "project",
    "validate": "validation",
    "partner_card": "card",
}

__all__ = [
    "__version__", "WcoKgError", "DataError", "QueryError", "EndpointError", "UsageError",
    "ValidationFailed", *_LAZY,
]


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value  # once imported, an ordinary attribute
        return value
    raise AttributeError(f"module 'wco_kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
