"""The student distribution (`python -m adamlib.course distribute DEST`): lessons and library, no solutions."""
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from adamlib.course.chapters import BEGIN_SOLUTION, END_SOLUTION
from adamlib.course.distribution import MARKER, distribute, solution_leaks

ROOT = Path(__file__).resolve().parents[1]


def git(folder, *args):
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, text=True).stdout


def exercise_answers():
    """(lesson name, answer line) for every non-trivial line inside a solution region."""
    answers = []
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            lines = cell.source.split("\n")
            starts = [i for i, line in enumerate(lines) if line.strip() == BEGIN_SOLUTION]
            for start in starts:
                end = next(i for i in range(start, len(lines)) if lines[i].strip() == END_SOLUTION)
                answers.append((path.name, "\n".join(lines[start + 1:end])))
    return answers


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    dest = tmp_path_factory.mktemp("published") / "adam-course"
    subprocess.run([sys.executable, "-m", "adamlib.course", "distribute", str(dest), "--commit", "term start"],
                   cwd=ROOT, check=True, capture_output=True, text=True)
    return dest


def test_the_distribution_holds_the_lessons_and_the_library_and_nothing_else(dist):
    tracked = set(git(dist, "ls-files").split())
    top = {name.split("/")[0] for name in tracked}
    assert top == {".adam-course-distribution", ".gitignore", "LICENSE", "LICENSE-CONTENT.md", "README.md",
                   "adamlib", "lessons", "pyproject.toml", "requirements.txt", "runtime.txt"}
    lessons = {p.name for p in (ROOT / "lessons").glob("*.ipynb")}
    translated = {f"zh/{p.name}" for p in (ROOT / "lessons" / "zh").glob("*.ipynb")}  # the Chinese edition's
    assert translated and {n.removeprefix("lessons/") for n in tracked if n.endswith(".ipynb")} == lessons | translated
    for name in lessons:  # the very lessons of the repository, stored outputs included
        ours, theirs = (nbformat.read(folder / "lessons" / name, as_version=4) for folder in (ROOT, dist))
        if any("solutions/" in c.source for c in ours.cells if c.cell_type == "markdown"):
            continue  # lesson 00: see the next test
        assert (dist / "lessons" / name).read_bytes() == (ROOT / "lessons" / name).read_bytes()
    assert "adamlib/steps.py" in tracked and "adamlib/data/digits.csv.gz" in tracked
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in tracked)


def test_a_class_lesson_never_points_to_a_solutions_folder_it_does_not_have(dist):
    """Lesson 00 introduces solutions/ to self-study readers; a class's copy says what to do instead,
    and differs from the repository's lesson in those lines only."""
    for path in sorted((dist / "lessons").glob("*.ipynb")):
        theirs = nbformat.read(path, as_version=4)
        ours = nbformat.read(ROOT / "lessons" / path.name, as_version=4)
        assert [c.id for c in theirs.cells] == [c.id for c in ours.cells]
        for mine, student in zip(ours.cells, theirs.cells):
            assert "`solutions/`" not in student.source.replace("no `solutions/` folder", ""), path.name
            if mine.cell_type == "code" or "solutions/" not in mine.source:
                assert mine.source == student.source
    welcome = (dist / "lessons" / "00_welcome.ipynb").read_text()
    assert "no `solutions/` folder" in welcome and "ask your instructor" in welcome


def test_the_distribution_holds_no_solution_text(dist):
    answers = exercise_answers()
    assert len(answers) >= 10  # every chapter's exercises were found
    for path in dist.rglob("*"):
        if ".git" in path.parts or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if "adamlib" not in path.relative_to(dist).parts[:1]:
            assert BEGIN_SOLUTION not in text, path
        if path.suffix == ".ipynb":
            sources = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
            for lesson, answer in answers:
                if lesson == path.name:
                    assert answer not in sources, f"{path.name} holds its own exercise's answer"
    assert solution_leaks(dist, ROOT / "solutions") == []


def test_a_planted_solution_is_refused(tmp_path):
    course = tmp_path / "course"
    for name in ("lessons", "adamlib", "solutions"):
        shutil.copytree(ROOT / name, course / name, ignore=shutil.ignore_patterns("__pycache__", "src"))
    shutil.copy(ROOT / "solutions" / "04_adam.ipynb", course / "lessons" / "04_adam.ipynb")
    with pytest.raises(ValueError, match="04_adam.ipynb holds a '### BEGIN SOLUTION' region"):
        distribute(course, tmp_path / "out")


def test_a_second_distribution_is_one_more_commit_on_the_same_history(dist, tmp_path):
    first = git(dist, "rev-parse", "HEAD").strip()
    course = tmp_path / "course"
    for name in ("lessons", "adamlib", "solutions"):
        shutil.copytree(ROOT / name, course / name, ignore=shutil.ignore_patterns("__pycache__", "src"))
    (course / "adamlib" / "midterm.py").write_text("WEEK = 6\n")
    (course / "lessons" / "01_sgd.ipynb").unlink()  # a lesson withdrawn: it must vanish from DEST too
    distribute(course, dist, commit_message="week 6")
    assert git(dist, "rev-parse", "HEAD~1").strip() == first
    changed = set(git(dist, "diff", "--name-status", "HEAD~1", "HEAD").splitlines())
    assert {"A\tadamlib/midterm.py", "D\tlessons/01_sgd.ipynb"} <= changed


def test_a_folder_that_is_not_a_distribution_is_never_emptied(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ValueError, match="not empty"):
        distribute(ROOT, tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine" and not (tmp_path / MARKER).exists()


def test_a_kernel_started_in_the_lessons_imports_the_distributed_adamlib(dist):
    """Why lessons/adamlib exists: each student's kernel uses their own pulled copy of the library."""
    from jupyter_client.manager import start_new_kernel

    for folder in (dist / "lessons", dist / "lessons" / "zh"):  # the Chinese edition's lessons too
        manager, client = start_new_kernel(kernel_name="python3", cwd=str(folder))
        try:
            printed = []
            client.execute_interactive("import adamlib; print(adamlib.__file__)", timeout=60,
                                       output_hook=lambda m: printed.append(m["content"].get("text", "")))
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)
        assert "".join(printed).strip() == str(folder / "adamlib" / "__init__.py")
