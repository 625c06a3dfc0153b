"""The examples in the docstrings of the modules students read run, and say what they print."""
import doctest
import importlib

import pytest

MODULES = ["adamlib.steps", "adamlib.tree", "adamlib.schedules", "adamlib.optim.transforms", "adamlib.stats"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no docstring example"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} print something else"
