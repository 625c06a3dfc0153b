"""nbgrader compatibility: instructors can run nbgrader on solutions/ unchanged.

1. nbgrader's own ClearSolutions, run on every solution, gives our lessons/ cell for cell.
2. grading/nbgrader_config.py, the file instructors copy into their grading folder, turns on
   grading mode (ADAMLIB_GRADING=1) by itself;
3. INSTRUCTORS.md's whole sequence (generate, release, fetch, submit, collect, autograde, export,
   feedback) through a temporary exchange grades a correct, a two-mistake and an untouched
   submission of the welcome lesson 1/0/0, with ADAMLIB_GRADING unset in the shell.

nbgrader is installed by .ci/run (not requirements.txt): in CI a missing nbgrader fails.
"""
import csv
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


CONFIG = ROOT / "grading" / "nbgrader_config.py"
LESSON = "00_welcome.ipynb"
STUB = "    # YOUR CODE HERE\n    raise NotImplementedError()"
# Two mistakes at once: the factor 2 forgotten and the sign of the error flipped.
TWO_MISTAKES = """    error = y - (w * x + b)
    return np.mean(error * x), np.mean(error)"""


def test_the_shipped_config_sets_grading_mode_and_the_course(monkeypatch):
    """Reading grading/nbgrader_config.py, as nbgrader does, turns grading mode on by itself."""
    from traitlets.config import Config

    monkeypatch.setenv("ADAMLIB_GRADING", "")  # so that monkeypatch restores the variable afterwards
    monkeypatch.delenv("ADAMLIB_GRADING")
    config = Config()
    exec(compile(CONFIG.read_text(), str(CONFIG), "exec"), {"get_config": lambda: config})
    assert os.environ["ADAMLIB_GRADING"] == "1"
    assert config.CourseDirectory.course_id == "adam-course"
    assert config.Exchange.root == "/srv/nbgrader/exchange"


def nbgrader(*args, cwd, env):
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"nbgrader {' '.join(args)}:\n" + result.stdout[-2000:] + result.stderr[-4000:]
    return result


def solution_bodies(name):
    """The body of every code solution region in solutions/``name``, in order, markers dropped."""
    bodies = []
    for cell in nbformat.read(ROOT / "solutions" / name, as_version=4).cells:
        if cell.cell_type == "code" and "### BEGIN SOLUTION" in cell.source:
            lines = cell.source.split("\n")
            begin = next(i for i, line in enumerate(lines) if line.strip() == "### BEGIN SOLUTION")
            end = next(i for i, line in enumerate(lines) if line.strip() == "### END SOLUTION")
            bodies.append("\n".join(lines[begin + 1:end]))
    return bodies


def answer(path, bodies):
    """What a student does: replace the code stubs of their fetched notebook, in order, by ``bodies``."""
    nb = nbformat.read(path, as_version=4)
    stubs = [cell for cell in nb.cells if cell.cell_type == "code" and STUB in cell.source]
    assert len(stubs) >= len(bodies) >= 1
    for cell, body in zip(stubs, bodies):
        cell.source = cell.source.replace(STUB, body)
    nbformat.write(nb, path)


def autograded_points(name):
    """The points of the lesson's autograded check cells (nbgrader test cells)."""
    return sum(cell.metadata["nbgrader"]["points"]
               for cell in nbformat.read(ROOT / "solutions" / name, as_version=4).cells
               if cell.metadata.get("nbgrader", {}).get("grade") and not cell.metadata["nbgrader"].get("solution"))


@pytest.mark.slow
def test_the_documented_nbgrader_sequence_grades_right_two_mistakes_and_untouched_as_1_0_0(tmp_path):
    """INSTRUCTORS.md's sequence with grading/nbgrader_config.py, ADAMLIB_GRADING unset in the shell."""
    course, exchange = tmp_path / "adam-grading", tmp_path / "exchange"
    (course / "source" / "lab").mkdir(parents=True)
    exchange.mkdir()
    shutil.copy(CONFIG, course / "nbgrader_config.py")
    shutil.copy(ROOT / "solutions" / LESSON, course / "source" / "lab")
    env = {k: v for k, v in os.environ.items() if k != "ADAMLIB_GRADING"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"  # nbgrader's alembic
    on_exchange = f"--Exchange.root={exchange}"
    student_flags = ["--course=adam-course", on_exchange]

    nbgrader("generate_assignment", "lab", "--force", cwd=course, env=env)
    nbgrader("release_assignment", "lab", on_exchange, cwd=course, env=env)
    # ada answers every exercise right; bob makes two mistakes in the first (mse_gradient) and
    # leaves the others; cy hands in the notebook untouched.
    answers = {"ada": solution_bodies(LESSON), "bob": [TWO_MISTAKES], "cy": None}
    for student, bodies in answers.items():
        home = tmp_path / student
        home.mkdir()
        nbgrader("fetch_assignment", "lab", *student_flags, cwd=home, env=env)
        if bodies is not None:
            answer(home / "lab" / LESSON, bodies)
        nbgrader("submit", "lab", f"--student={student}", *student_flags, cwd=home, env=env)
    nbgrader("collect", "lab", on_exchange, cwd=course, env=env)
    nbgrader("autograde", "lab", "--force", cwd=course, env=env)
    nbgrader("export", cwd=course, env=env)
    nbgrader("generate_feedback", "lab", cwd=course, env=env)
    nbgrader("release_feedback", "lab", on_exchange, cwd=course, env=env)

    with open(course / "grades.csv", newline="") as grades:
        rows = {row["student_id"]: row for row in csv.DictReader(grades)}
    full = autograded_points(LESSON)
    assert full >= 1
    assert {s: float(rows[s]["score"]) for s in answers} == {"ada": full, "bob": 0.0, "cy": 0.0}
    for student in answers:
        html = (course / "feedback" / student / "lab" / LESSON.replace(".ipynb", ".html")).read_text()
        assert "Score" in html and "check_mse_gradient" in html, f"{student}'s feedback has no graded check"
    # A student fetches their feedback through the exchange (all three share this OS account here,
    # so one fetch stands for the three).
    nbgrader("fetch_feedback", "lab", "--student=ada", *student_flags, cwd=tmp_path / "ada", env=env)
    assert list((tmp_path / "ada" / "lab" / "feedback").glob(f"*/{LESSON.replace('.ipynb', '.html')}"))

    # Control: the same autograde without the config's grading line passes the untouched notebook's
    # checks, which is exactly what the line prevents (so the 0 above came from it).
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text().replace('os.environ["ADAMLIB_GRADING"] = "1"', ""))
    nbgrader("autograde", "lab", "--student=cy", "--force", cwd=course, env=env)
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        assert gb.find_submission("lab", "cy").score == full
