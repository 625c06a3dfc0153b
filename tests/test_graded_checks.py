"""The graded run of a check cell (adamlib/checks/graded.py, adamlib/course/graded_cells.py).

Fast, in this process: a check cell with its hidden graded run, executed the way a kernel would
run it after a student's cells, passes a correct answer and fails every cheat of issue 23 that
makes the visible check pass. tests/test_nbgrader.py repeats the cheats through nbgrader itself.
"""
import importlib.util
import os
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("nbgrader") is None and os.environ.get("CI") != "true",
    reason="nbgrader not installed (pip install -e '.[grading]') — CI runs this test")


def check_cells(path):
    return [cell for cell in nbformat.read(path, as_version=4).cells
            if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade")
            and not cell.metadata["nbgrader"].get("solution")]


@pytest.mark.parametrize("solution", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_every_check_cell_gets_a_graded_run_that_nbgrader_hides(solution):
    from nbgrader.preprocessors import ClearHiddenTests

    from adamlib import checks
    from adamlib.checks.graded import check_names
    from adamlib.course.graded_cells import with_graded_run

    cells = check_cells(solution)
    assert cells
    for cell in cells:
        graded = nbformat.from_dict({**cell, "source": with_graded_run(cell.source)})
        compile(graded.source, solution.name, "exec")
        assert with_graded_run(graded.source) == graded.source  # added once only
        cleared, _ = ClearHiddenTests().preprocess_cell(graded, {}, 0)
        assert cleared.source == cell.source.rstrip("\n")
        names = check_names(cell.source)
        assert names and all(hasattr(checks, name) for name in names), cell.source


IMPORTS = "import numpy as np\nfrom adamlib.checks import check_mse_gradient\n"
STUB = "def mse_gradient(w, b, x, y):\n    raise NotImplementedError()\n"
RIGHT = ("def mse_gradient(w, b, x, y):\n    error = w * x + b - y\n"
         "    return np.mean(2 * error * x), np.mean(2 * error)\n")
CHECK_CELL = "mse_gradient = check_mse_gradient(mse_gradient)"

CHEATS = {
    "grading switched off": STUB + 'import os\nos.environ["ADAMLIB_GRADING"] = "0"\n'
                                   'os.environ["NBGRADER_EXECUTION"] = ""\n',
    "switched off while the check runs": (
        "def mse_gradient(w, b, x, y):\n    import os\n    os.environ['ADAMLIB_GRADING'] = '0'\n"
        "    os.environ['NBGRADER_EXECUTION'] = ''\n    return 0.0, 0.0\n"),
    "check redefined": STUB + "check_mse_gradient = lambda fn, hint=False: fn\n",
    "adamlib.checks patched": STUB + (
        "import sys, types\nimport adamlib.checks, adamlib.checks.engine, adamlib.checks.reporting\n"
        "adamlib.checks.reporting.grading = lambda: False\n"
        "adamlib.checks.engine.verdict = lambda ex, fn: adamlib.checks.Verdict('passed', 'ok')\n"
        "adamlib.checks.check_mse_gradient = lambda fn, hint=False: fn\n"
        "sys.modules['adamlib.checks.gradients'] = types.ModuleType('fake')\n"),
    "reference by another name": "from adamlib.steps import mse_gradient as mine\nmse_gradient = mine\n",
    "reference in a wrapper": ("import adamlib.steps as s\n"
                               "def mse_gradient(w, b, x, y):\n    return s.mse_gradient(w, b, x, y)\n"),
    "SystemExit when called": "def mse_gradient(w, b, x, y):\n    raise SystemExit(0)\n",
    "KeyboardInterrupt when called": "def mse_gradient(w, b, x, y):\n    raise KeyboardInterrupt\n",
}


def run_cells(*sources):
    """Run ``sources`` in one namespace, as a kernel runs cells (an exception stops that cell only);
    return what the last cell raised, or None. nbgrader gives a check cell that raised 0 points."""
    namespace = {"__name__": "__main__"}
    error = None
    for source in sources:
        try:
            error = None
            exec(compile(source, "<cell>", "exec"), namespace)
        except BaseException as raised:  # noqa: B036 - a kernel survives SystemExit in a cell
            error = raised
    return error


@pytest.fixture
def clean_adamlib(monkeypatch):
    """Undo what a cheat does to this process: environment, patched modules, sys.modules."""
    monkeypatch.delenv("ADAMLIB_GRADING", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    kept = {name: module for name, module in sys.modules.items() if name.split(".")[0] == "adamlib"}
    patched = {(module, attr): getattr(module, attr) for module in kept.values()
               for attr in ("grading", "verdict", "check_mse_gradient") if hasattr(module, attr)}
    yield
    for name in [n for n in sys.modules if n.split(".")[0] == "adamlib"]:
        del sys.modules[name]
    sys.modules.update(kept)
    for (module, attr), value in patched.items():
        setattr(module, attr, value)
    os.environ.pop("ADAMLIB_GRADING", None)
    os.environ.pop("NBGRADER_EXECUTION", None)


def graded_cell():
    from adamlib.course.graded_cells import with_graded_run

    return with_graded_run(CHECK_CELL)


def test_a_right_answer_passes_the_graded_run_and_leaves_the_modules_as_they_were(clean_adamlib, capsys):
    import adamlib

    os.environ["NBGRADER_EXECUTION"] = "autograde"
    assert run_cells(IMPORTS, RIGHT, graded_cell()) is None
    assert capsys.readouterr().out.count("correct") == 1  # the visible check; the graded run is quiet
    assert sys.modules["adamlib"] is adamlib


@pytest.mark.parametrize("cheat", list(CHEATS), ids=list(CHEATS))
def test_every_cheat_fails_the_graded_run(cheat, clean_adamlib, capsys):
    from adamlib.checks.reporting import CheckFailed

    os.environ["NBGRADER_EXECUTION"] = "autograde"
    error = run_cells(IMPORTS, CHEATS[cheat], graded_cell())
    assert error is not None, f"{cheat}: the graded run passed"
    if cheat.endswith("when called"):  # the visible check already stops there, before the graded run
        assert isinstance(error, (SystemExit, KeyboardInterrupt))
        error = run_cells(IMPORTS, CHEATS[cheat], graded_cell().split("\n", 1)[1])  # the graded run alone
    assert type(error).__name__ == CheckFailed.__name__, repr(error)
    assert "graded as not passed" in error._render_traceback_()[0]


@pytest.mark.parametrize("cheat", ["grading switched off", "check redefined", "adamlib.checks patched"])
def test_without_the_graded_run_these_cheats_pass(cheat, clean_adamlib):
    """The control: the visible line alone is fooled, so the graded run is what gives them 0."""
    os.environ["NBGRADER_EXECUTION"] = "autograde"
    assert run_cells(IMPORTS, CHEATS[cheat], CHECK_CELL) is None


def test_nbgrader_validate_and_autograde_turn_grading_on(monkeypatch):
    from adamlib.checks.reporting import grading

    monkeypatch.delenv("ADAMLIB_GRADING", raising=False)
    for value, on in [("autograde", True), ("validate", True), ("", False), ("other", False)]:
        monkeypatch.setenv("NBGRADER_EXECUTION", value)
        assert grading() is on
    monkeypatch.delenv("NBGRADER_EXECUTION")
    assert grading() is False
    monkeypatch.setenv("ADAMLIB_GRADING", "1")
    assert grading() is True
