"""nbgrader compatibility: instructors can run nbgrader on solutions/ unchanged.

1. nbgrader's own ClearSolutions, run on every solution, gives our lessons/ cell for cell.
2. nbgrader's full pipeline (generate_assignment, autograde) grades a correct, a wrong
   and an untouched submission of the welcome lesson with the points we expect.

nbgrader is installed by .ci/run (not requirements.txt): in CI a missing nbgrader fails.
"""
import copy
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
HAVE_NBGRADER = importlib.util.find_spec("nbgrader") is not None


@pytest.fixture(autouse=True)
def need_nbgrader():
    if not HAVE_NBGRADER:
        if os.environ.get("CI") == "true":
            pytest.fail("nbgrader is not installed; .ci/run must install it")
        pytest.skip("nbgrader not installed (pip install nbgrader) — CI runs this test")


@pytest.mark.parametrize("solution", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_nbgrader_clear_solutions_gives_our_lesson_cell_for_cell(solution):
    from nbgrader.preprocessors import ClearSolutions

    cleared, _ = ClearSolutions().preprocess(nbformat.read(solution, as_version=4), {})
    lesson = nbformat.read(ROOT / "lessons" / solution.name, as_version=4)
    assert [c.cell_type for c in cleared.cells] == [c.cell_type for c in lesson.cells]
    for index, (ours, theirs) in enumerate(zip(lesson.cells, cleared.cells)):
        assert ours.source == theirs.source, f"cell {index} differs from nbgrader's ClearSolutions"


WRONG_MSE_GRADIENT = """    error = w * x + b - y
    return np.mean(error * x), np.mean(error)  # forgot the factor 2"""


def nbgrader(*args, cwd, env):
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]


@pytest.mark.slow
def test_nbgrader_autogrades_a_correct_a_wrong_and_an_untouched_submission(tmp_path):
    from nbgrader.api import Gradebook

    course = tmp_path / "course"
    (course / "source" / "lab").mkdir(parents=True)
    shutil.copy(ROOT / "solutions" / "00_welcome.ipynb", course / "source" / "lab")
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.course_id = 'adam'\n"
        "c.CourseDirectory.db_students = [dict(id='ada'), dict(id='bob'), dict(id='cy')]\n")
    env = {**os.environ, "ADAMLIB_GRADING": "1",  # failed checks raise, so nbgrader sees them
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}  # its alembic
    nbgrader("generate_assignment", "lab", "--force", cwd=course, env=env)

    released = nbformat.read(course / "release" / "lab" / "00_welcome.ipynb", as_version=4)
    answers = {"ada": nbformat.read(ROOT / "solutions" / "00_welcome.ipynb", as_version=4),
               "bob": with_answer(released, WRONG_MSE_GRADIENT),
               "cy": released}
    for student, nb in answers.items():
        folder = course / "submitted" / student / "lab"
        folder.mkdir(parents=True)
        nbformat.write(released_with_cells_of(released, nb), folder / "00_welcome.ipynb")
    nbgrader("autograde", "lab", "--force", cwd=course, env=env)

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        scores = {s: gb.find_submission("lab", s).score for s in answers}
        max_score = gb.find_assignment("lab").max_score
    assert max_score >= 1
    assert scores == {"ada": max_score, "bob": 0, "cy": 0}


def with_answer(released, body):
    """The released notebook with the student's ``body`` in place of the stub."""
    nb = copy.deepcopy(released)
    for cell in nb.cells:
        if "raise NotImplementedError()" in cell.source:
            cell.source = cell.source.replace("    # YOUR CODE HERE\n    raise NotImplementedError()", body)
    return nb


def released_with_cells_of(released, answer):
    """A submission: the released notebook's metadata and cell ids, the student's cell sources."""
    nb = copy.deepcopy(released)
    for cell, source in zip(nb.cells, (c.source for c in answer.cells)):
        cell.source = source
    return nb
