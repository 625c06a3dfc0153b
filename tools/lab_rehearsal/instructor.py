"""The instructor's side: publish the student distribution, then push a mid-term update.

The constants say what the update changes and what each student edits, so the students' checks
(``student.Student.check_after_update``) look for exactly that.
"""
import shutil
import subprocess
from pathlib import Path

from adamlib.course.distribution import distribute
from adamlib.course.regions import CODE_STUB

ROOT = Path(__file__).resolve().parents[2]  # the course: lessons/, adamlib/, solutions/, ...
EDITED_LESSON = "01_sgd"
EXERCISE = "def sgd_step"
STUB = "\n".join("    " + line for line in CODE_STUB.split("\n"))  # as the lesson's function body holds it
FIXED_SENTENCE = "(Corrected in week 6: this sentence was fixed by the instructor.)"
INSERTED_CELL = "**Added in week 6.** A hint inserted just above the exercise by the instructor."
NEW_FILE = "lessons/week6_notes.md"
ADAMLIB_CHANGE = 'MIDTERM_UPDATE = "week 6"\n'
RESET_FILE, RESET_COPY = "lessons/00_welcome.ipynb", "lessons/00_welcome-mine.ipynb"


def git(folder, *args):
    return subprocess.run(["git", "-c", "user.name=Instructor", "-c", "user.email=instructor@localhost", *args],
                          cwd=folder, check=True, capture_output=True, text=True).stdout


def publish(workdir):
    """Write the student distribution and publish it as a bare repository; return (course copy, work, bare)."""
    course = workdir / "course"  # the instructor's copy of the course, which the update edits
    for name in ("lessons", "adamlib", "solutions", "requirements.txt", "runtime.txt", "pyproject.toml",
                 "LICENSE", "LICENSE-CONTENT.md"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, course / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        elif source.exists():
            shutil.copy2(source, course / name)
    work = workdir / "distribution"
    distribute(course, work, commit_message="Course release")
    bare = workdir / "published" / "adam-course"  # the clone folder is the repository's name
    bare.parent.mkdir()
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(bare)], check=True, capture_output=True)
    return course, work, bare


def midterm_update(course, work, bare):
    """The instructor's mid-term update, made in the course and published as one new commit.

    A fixed sentence (lesson 01's first markdown cell), a cell inserted just above lesson 01's
    exercise, a new file, and a change to adamlib. Notebooks are written by the course's own
    writer (``notebooks.normalise`` + ``write``), so their cell ids are whatever the course's
    tooling gives an edited notebook.
    """
    import nbformat

    from adamlib.course.notebooks import normalise, write

    path = course / "lessons" / f"{EDITED_LESSON}.ipynb"
    nb = nbformat.read(path, as_version=4)
    first_text = next(c for c in nb.cells if c.cell_type == "markdown")
    first_text.source += f"\n\n{FIXED_SENTENCE}"
    exercise = next(i for i, c in enumerate(nb.cells) if EXERCISE in c.source)
    nb.cells.insert(exercise, nbformat.v4.new_markdown_cell(INSERTED_CELL))
    write(normalise(nb), path)
    (course / NEW_FILE).write_text("# Week 6\n\nNotes added by the instructor in the middle of the term.\n")
    with open(course / "adamlib" / "__init__.py", "a") as init:
        init.write(f"\n# The rehearsal's mid-term change to the library.\n{ADAMLIB_CHANGE}")
    distribute(course, work, commit_message="Week 6 update")
    git(work, "push", "-q", str(bare), "HEAD:main")
