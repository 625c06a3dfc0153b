"""nbgrader compatibility: instructors can run nbgrader on solutions/ unchanged, and grades hold up.

1. nbgrader's own ClearSolutions, run on every solution, gives our lessons/ cell for cell.
2. grading/nbgrader_config.py (the instructor's) and grading/student_nbgrader_config.py (the
   students') agree on the course and the exchange, and the instructor's adds the hidden graded
   run to every check cell (adamlib/course/graded_cells.py).
3. INSTRUCTORS.md's whole sequence, with those two files as the guide installs them (only the
   exchange folder moved into a temporary one), the instructor and each student in their own home:
   generate, release, fetch, validate, submit, collect, autograde, manual grading, export,
   feedback. A correct, a two-mistake and an untouched submission score what they should, and
   every cheat of issue 23 (grading switched off through os.environ, a redefined check, a patched
   adamlib.checks, adamlib's reference under another name, SystemExit) scores 0.

nbgrader is installed by .ci/run from pyproject's [grading] extra (the one pin): in CI a missing
nbgrader fails.
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
        pytest.skip("nbgrader not installed (pip install -e '.[grading]') — CI runs this test")


@pytest.mark.parametrize("solution", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_nbgrader_clear_solutions_gives_our_lesson_cell_for_cell(solution):
    from nbgrader.preprocessors import ClearSolutions

    cleared, _ = ClearSolutions().preprocess(nbformat.read(solution, as_version=4), {})
    lesson = nbformat.read(ROOT / "lessons" / solution.name, as_version=4)
    assert [c.cell_type for c in cleared.cells] == [c.cell_type for c in lesson.cells]
    for index, (ours, theirs) in enumerate(zip(lesson.cells, cleared.cells)):
        assert ours.source == theirs.source, f"cell {index} differs from nbgrader's ClearSolutions"


GRADING = ROOT / "grading"
CONFIG = GRADING / "nbgrader_config.py"
STUDENT_CONFIG = GRADING / "student_nbgrader_config.py"
GUIDE_EXCHANGE = "/srv/nbgrader/exchange"
LESSON = "00_welcome.ipynb"
STUB = "    # YOUR CODE HERE\n    raise NotImplementedError()"
WRITTEN_STUB = "YOUR ANSWER HERE"
# Two mistakes at once: the factor 2 forgotten and the sign of the error flipped.
TWO_MISTAKES = """    error = y - (w * x + b)
    return np.mean(error * x), np.mean(error)"""


def read_config(path):
    """The traitlets Config that nbgrader builds from the file at ``path``."""
    from traitlets.config import Config

    config = Config()
    exec(compile(path.read_text(), str(path), "exec"), {"get_config": lambda: config})
    return config


def test_the_configs_agree_and_the_instructors_adds_the_graded_runs(monkeypatch):
    """Both shipped configs name one course and one exchange; generate_assignment's first
    preprocessor is the graded run's, followed by all of nbgrader's own, in order."""
    from nbgrader.converters import GenerateAssignment

    from adamlib.course.graded_cells import PREPROCESSOR

    monkeypatch.delenv("ADAMLIB_GRADING", raising=False)
    instructor, student = read_config(CONFIG), read_config(STUDENT_CONFIG)
    for config in (instructor, student):
        assert config.CourseDirectory.course_id == "adam-course"
        assert config.Exchange.root == GUIDE_EXCHANGE
    default = GenerateAssignment.class_traits()["preprocessors"].default()
    assert instructor.GenerateAssignment.preprocessors == [PREPROCESSOR, *default]
    assert {"*.py", "*.pyc", "*.so"} <= set(instructor.CourseDirectory.ignore)
    assert "ADAMLIB_GRADING" not in os.environ  # grading mode comes from nbgrader itself
    assert "GenerateAssignment" not in student and "Execute" not in student


def nbgrader(*args, cwd, env, ok=True):
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=600)
    if ok:
        assert result.returncode == 0, (f"nbgrader {' '.join(args)}:\n" + result.stdout[-2000:]
                                        + result.stderr[-4000:])
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


def answer(path, bodies, before="", after="", written=None):
    """What a student does in their fetched notebook: replace the code stubs, in order, by
    ``bodies`` (None keeps a stub), add ``before`` at the top and ``after`` at the end of the first
    answer cell, and write ``written`` in place of the written answer's stub."""
    nb = nbformat.read(path, as_version=4)
    stubs = [cell for cell in nb.cells if cell.cell_type == "code" and STUB in cell.source]
    assert len(stubs) >= len(bodies)
    for cell, body in zip(stubs, bodies):
        if body is not None:
            cell.source = cell.source.replace(STUB, body)
    stubs[0].source = before + stubs[0].source + after
    if written is not None:
        (cell,) = [c for c in nb.cells if c.cell_type == "markdown" and WRITTEN_STUB in c.source]
        cell.source = cell.source.replace(WRITTEN_STUB, written)
    nbformat.write(nb, path)


def graded_points(name):
    """``(autograded, manual)``: the points of the lesson's check cells and of its written answer."""
    auto = manual = 0
    for cell in nbformat.read(ROOT / "solutions" / name, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            if meta.get("solution"):
                manual += meta["points"]
            else:
                auto += meta["points"]
    return auto, manual


CORRECT = solution_bodies(LESSON)
# Each cheat leaves the exercises undone (or wrong): its honest score is 0.
CHEATS = {
    # grading switched off from the student's own cell, for adamlib and for nbgrader's variable
    "env": dict(before='import os\nos.environ["ADAMLIB_GRADING"] = "0"\n'
                       'os.environ["NBGRADER_EXECUTION"] = ""\n'),
    # the names the locked check cells call, redefined in an answer cell
    "redefined": dict(after="\n\ncheck_mse_gradient = lambda fn, hint=False: fn\n"
                            "check_loss_after_one_step = lambda fn, hint=False: None\n"),
    # adamlib.checks patched, and a fake adamlib.checks put into sys.modules
    "patched": dict(after="\n\nimport sys, types\nimport adamlib.checks, adamlib.checks.engine\n"
                          "import adamlib.checks.reporting\n"
                          "adamlib.checks.reporting.grading = lambda: False\n"
                          "adamlib.checks.engine.verdict = lambda ex, fn: adamlib.checks.Verdict("
                          "'passed', 'correct. Well done!')\n"
                          "fake = types.ModuleType('adamlib.checks')\n"
                          "fake.check_mse_gradient = lambda fn, hint=False: fn\n"
                          "fake.check_loss_after_one_step = lambda fn, hint=False: None\n"
                          "sys.modules['adamlib.checks'] = fake\n"),
    # adamlib's own reference, under the exercise's name and through a wrapper
    "alias": dict(bodies=["    from adamlib.steps import mse_gradient as helper\n"
                          "    return helper(w, b, x, y)"],
                  after="\n\nimport adamlib.steps\nmse_gradient = adamlib.steps.mse_gradient\n"),
    # the exercise stops the run: SystemExit raised when the check calls it, and sys.exit in a cell
    "exit": dict(bodies=["    raise SystemExit(0)", "    import sys\n    sys.exit(0)"],
                 after="\n\nimport sys\nsys.exit(0)\n"),
}


def student_env(base, home, student, exchange):
    """A student's own home and login, with the students' config where the guide puts it
    (/etc/jupyter/nbgrader_config.py; here the home's Jupyter config folder), exchange moved."""
    (home / ".jupyter").mkdir(parents=True)
    text = STUDENT_CONFIG.read_text()
    assert GUIDE_EXCHANGE in text
    (home / ".jupyter" / "nbgrader_config.py").write_text(text.replace(GUIDE_EXCHANGE, str(exchange)))
    return {**base, "HOME": str(home), "USER": student, "LOGNAME": student,
            "JUPYTER_CONFIG_DIR": str(home / ".jupyter")}


@pytest.mark.slow
def test_the_documented_nbgrader_sequence_grades_honest_work_and_gives_every_cheat_0(tmp_path):
    """INSTRUCTORS.md's sequence with the shipped configs, ADAMLIB_GRADING unset in every shell."""
    instructor_home, exchange = tmp_path / "instructor", tmp_path / "exchange"
    course = instructor_home / "adam-grading"
    (course / "source" / "lab").mkdir(parents=True)
    exchange.mkdir()
    (course / "nbgrader_config.py").write_text(CONFIG.read_text().replace(GUIDE_EXCHANGE, str(exchange)))
    shutil.copy(ROOT / "solutions" / LESSON, course / "source" / "lab")
    base = {k: v for k, v in os.environ.items()
            if k not in ("ADAMLIB_GRADING", "NBGRADER_EXECUTION", "JUPYTER_CONFIG_DIR")}
    base["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{base.get('PATH', '')}"  # nbgrader's alembic
    base["PYTHONPATH"] = str(ROOT)  # the kernels import this checkout's adamlib
    instructor = {**base, "HOME": str(instructor_home), "USER": "instructor", "LOGNAME": "instructor"}

    nbgrader("generate_assignment", "lab", "--force", cwd=course, env=instructor)
    released = nbformat.read(course / "release" / "lab" / LESSON, as_version=4)
    assert "HIDDEN TESTS" not in "".join(c.source for c in released.cells)  # students never see it
    nbgrader("release_assignment", "lab", cwd=course, env=instructor)

    auto, manual = graded_points(LESSON)
    assert (auto, manual) == (2, 1)
    # who: (code answers, what else they do, expected autograded score)
    students = {
        "ada": (dict(bodies=CORRECT, written="1. 0.25. 2. No; 0.05. 3. 4 steps."), auto),
        "bob": (dict(bodies=[TWO_MISTAKES, CORRECT[1]]), 1),  # two mistakes in mse_gradient
        "cy": (dict(bodies=[]), 0),                            # untouched
        **{f"cheat_{name}": ({"bodies": [], **cheat}, 0) for name, cheat in CHEATS.items()},
    }
    envs = {}
    for student, (work, _) in students.items():
        home = tmp_path / student
        env = envs[student] = student_env(base, home, student, exchange)
        nbgrader("fetch_assignment", "lab", cwd=home, env=env)  # no --course, no --Exchange.root
        answer(home / "lab" / LESSON, **work)
        if student == "cheat_patched":  # and a fake adamlib beside the notebook, for the autograder
            (home / "lab" / "adamlib").mkdir()
            (home / "lab" / "adamlib" / "__init__.py").write_text("raise SystemExit('fake adamlib')\n")
        if student == "cy":  # Validate names the unfinished exercises instead of "Success!"
            said = nbgrader("validate", f"lab/{LESSON}", cwd=home, env=env, ok=False).stdout
            assert "Success" not in said and "VALIDATION FAILED" in said, said[-3000:]
            assert "mse_gradient: not done yet" in said and "loss_after_one_step" in said, said[-3000:]
        if student == "ada":
            said = nbgrader("validate", f"lab/{LESSON}", cwd=home, env=env).stdout
            assert "Success! Your notebook passes all the tests." in said, said[-3000:]
        # Every student here shares one OS account, whose name nbgrader would take as the id.
        nbgrader("submit", "lab", f"--student={student}", cwd=home, env=env)
    nbgrader("collect", "lab", cwd=course, env=instructor)
    for student in students:  # the notebook and nbgrader's own files; no Python code a student added
        collected = course / "submitted" / student / "lab"
        files = sorted(p.name for p in collected.rglob("*") if p.is_file())
        assert LESSON in files and "timestamp.txt" in files, student
        assert not [name for name in files if name.endswith(".py")], student  # an empty adamlib/ shadows nothing
    nbgrader("autograde", "lab", "--force", cwd=course, env=instructor)

    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        scores = {s: gb.find_submission("lab", s).score for s in students}
        assert scores == {s: float(want) for s, (_, want) in students.items()}, scores
        # Manual marking (formgrader does this): the written answer of each submission.
        for student in students:
            (grade,) = [g for g in gb.find_submission_notebook(LESSON[:-6], "lab", student).grades
                        if g.cell.name == "answer"]
            assert grade.needs_manual_grade == (student == "ada")  # the others left the stub
            grade.manual_score = float(manual) if student == "ada" else 0.0
        gb.db.commit()
    nbgrader("export", cwd=course, env=instructor)
    nbgrader("generate_feedback", "lab", cwd=course, env=instructor)
    nbgrader("release_feedback", "lab", cwd=course, env=instructor)

    with open(course / "grades.csv", newline="") as grades:
        rows = {row["student_id"]: row for row in csv.DictReader(grades)}
    assert float(rows["ada"]["score"]) == auto + manual == float(rows["ada"]["max_score"])
    for student in students:
        html = (course / "feedback" / student / "lab" / LESSON.replace(".ipynb", ".html")).read_text()
        assert "Score" in html and "check_mse_gradient" in html, f"{student}'s feedback has no graded check"
    assert "graded run of this check" in (course / "feedback" / "cheat_redefined" / "lab" /
                                          LESSON.replace(".ipynb", ".html")).read_text()
    # A student fetches their feedback through the exchange, from their own home.
    nbgrader("fetch_feedback", "lab", cwd=tmp_path / "ada", env=envs["ada"])
    assert list((tmp_path / "ada" / "lab" / "feedback").glob(f"*/{LESSON.replace('.ipynb', '.html')}"))
