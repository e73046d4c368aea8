"""wco-kg: the World Customs Organization's partner profile as a linked-data knowledge graph.

The library does the work; the ``wco-kg`` command is a thin layer over it.

>>> from wco_kg import load_graph, LocalStore
>>> store = LocalStore(load_graph())
>>> store.query("ASK { <https://w3id.org/wco-kg/id/wco> ?p ?o }").boolean
True

Heavy modules (rdflib, the SHACL validators, SPARQLWrapper) are imported only by the functions that
need them, so ``import wco_kg`` and a cold ``wco-kg query`` stay fast.
"""

__version__ = "0.1.0"

from .errors import (DataError, EndpointError, QueryError, UsageError,  # noqa: E402
                     ValidationFailed, WcoKgError)

__all__ = [
    "__version__", "WcoKgError", "DataError", "QueryError", "EndpointError", "UsageError",
    "ValidationFailed", "load_graph", "build", "validate", "LocalStore", "RemoteStore",
    "questions", "resolve", "Project", "partner_card",
]

_LAZY = {
    "load_graph": "build", "build": "build", "validate": "validation", "LocalStore": "store",
    "RemoteStore": "store", "questions": "queries", "resolve": "queries", "Project": "project",
    "partner_card": "card",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'wco_kg' has no attribute {name!r}")
