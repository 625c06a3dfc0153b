"""pytest plugin (loaded by ``-p adamlib.course.pytest_plugin`` in pyproject.toml): how nbval replays the course.

``solutions/`` store their outputs and nbval compares them strictly. ``lessons/`` are stored clean (no
outputs: a student opens them with nothing answered), so nbval replays them lax: every cell must run
without an error, and every graded check cell of the untouched lesson must print "not done yet".
"""
from pathlib import Path

import pytest

from .chapters import untouched_check_problem
from .translation import LANGUAGES


def _in_lessons(item):
    """A lesson notebook: in lessons/, or in a translated edition's lessons/<language>/."""
    folder = Path(str(item.path)).parent
    in_edition = folder.name in LANGUAGES and folder.parent.name == "lessons"
    return (folder.name == "lessons" or in_edition) and item.path.suffix == ".ipynb"


def pytest_collection_modifyitems(items):
    for item in items:
        if _in_lessons(item) and hasattr(item, "options"):
            item.options["check"] = False  # nothing stored to compare with


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    outcome = yield
    if outcome.excinfo is None and _in_lessons(item) and getattr(item, "test_outputs", None) is not None:
        cell = item.cell.copy()
        cell["outputs"] = item.test_outputs
        problem = untouched_check_problem(cell)
        if problem:
            pytest.fail(f"{item.path.parent.name}/{item.path.name} {item.name}, untouched: {problem}", pytrace=False)
