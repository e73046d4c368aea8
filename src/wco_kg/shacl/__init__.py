"""A SHACL Core + SHACL-SPARQL validator that runs on the pyoxigraph store, no rdflib.

``shapes.py`` reads the shapes graph into plain dataclasses; ``literals.py`` decides whether a
literal is well formed and compares literals; ``engine.py`` evaluates the shapes on a store and
returns the same ``Finding`` records as the pySHACL path in ``validate.py``. pySHACL stays the
reference: tests/test_shacl_engine.py checks both report the same results on the real build and
on every fixture.
"""

from .engine import validate_shapes
from .shapes import ShapesGraph, load_shapes

__all__ = ["validate_shapes", "ShapesGraph", "load_shapes"]
