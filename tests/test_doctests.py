"""Every docstring example in the library runs (the pyoxigraph habit: docs that are tested)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import wco_kg

MODULES = sorted(m.name for m in pkgutil.walk_packages(wco_kg.__path__, "wco_kg.")
                 if not m.name.endswith("__main__"))


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    failures, _tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert failures == 0


def test_some_modules_have_examples():
    tried = sum(doctest.testmod(importlib.import_module(n), report=False).attempted for n in MODULES)
    assert tried >= 10
