"""Build a chapter: its text source, executed, becomes ``solutions/NN.ipynb`` and ``lessons/NN.ipynb``.

``build`` reads ``solutions/src/NN_topic.md``, stamps the nbgrader metadata, executes it in a fresh
kernel, and writes the solution; the lesson is the same notebook with every solution region replaced
by nbgrader's stub, executed too (its graded checks must say "not done yet"), and stored clean.
``sync`` goes the other way, after an author edited a solution notebook in JupyterLab.
"""
import copy
import time
from pathlib import Path

from .nbgrader_cells import stamp_nbgrader
from .notebooks import execute, normalise, read, write
from .regions import make_lesson
from .stems import chapter_stems, select, source_stems
from .text import SOURCE_FOLDER, assign_ids, read_text, same_cells, source_path, write_text
from .untouched import untouched_lesson_problems


def unsynced_edit(stem, solutions_dir):
    """Why building ``stem`` would lose edits made in its notebook, or None.

    That is when ``solutions/stem.ipynb`` differs from its text source and was
    saved after it: someone edited the notebook in JupyterLab and did not sync.
    """
    notebook, text = Path(solutions_dir) / f"{stem}.ipynb", source_path(solutions_dir, stem)
    if not notebook.exists() or notebook.stat().st_mtime <= text.stat().st_mtime:
        return None
    where = same_cells(read(notebook), read_text(text))
    if where is None:
        return None
    return (f"solutions/{stem}.ipynb was edited after its text source (first at {where}); "
            f"run `python -m adamlib.course sync {stem}` to keep those edits, "
            f"or `build --discard-notebook-edits {stem}` to drop them")


def build_one(stem, solutions_dir, lessons_dir, run=True):
    """From ``solutions/src/stem.md``: write ``solutions/stem.ipynb`` and ``lessons/stem.ipynb``.

    Nothing is written when an execution fails (``nbclient`` raises, naming the cell).
    With ``run=False`` the notebooks are written without executing them.
    """
    solutions_dir, lessons_dir = Path(solutions_dir).resolve(), Path(lessons_dir).resolve()
    lessons_dir.mkdir(parents=True, exist_ok=True)
    text = read_text(source_path(solutions_dir, stem))
    if assign_ids(text, stem):  # new cells get their id once, in the text, so it never changes
        write_text(text, source_path(solutions_dir, stem))
    solution = stamp_nbgrader(text)
    lesson = make_lesson(solution)  # stored clean: a student opens it with no answers printed
    if run:
        solution = execute(solution, cwd=solutions_dir)
        problems = untouched_lesson_problems(execute(copy.deepcopy(lesson), cwd=lessons_dir))
        if problems:
            raise ValueError(f"lessons/{stem}.ipynb, untouched: " + "; ".join(problems))
    write(normalise(solution), solutions_dir / f"{stem}.ipynb")
    write(normalise(lesson), lessons_dir / f"{stem}.ipynb")


def build(solutions_dir, lessons_dir, wanted=(), run=True, log=print, discard_notebook_edits=False):
    """Build every chapter with a text source (or those in ``wanted``); log one line each.

    Raises ``ValueError`` before building anything when a chosen solution notebook
    holds edits its text source lacks (see ``unsynced_edit``), unless told to discard them.
    """
    stems = select(source_stems(solutions_dir), wanted)
    if not discard_notebook_edits:
        problems = [p for p in (unsynced_edit(stem, solutions_dir) for stem in stems) if p]
        if problems:
            raise ValueError("\n".join(problems))
    for stem in stems:
        start = time.perf_counter()
        build_one(stem, solutions_dir, lessons_dir, run=run)
        log(f"built {stem}: solutions/{stem}.ipynb + lessons/{stem}.ipynb "
            f"({time.perf_counter() - start:.1f} s)")


def sync(solutions_dir, wanted, log=print):
    """Write the cells of each chosen ``solutions/NN.ipynb`` back to its text source.

    A cell JupyterLab created has a random id; it is kept, like every other id.
    """
    for stem in select(chapter_stems(solutions_dir), wanted):
        path = source_path(solutions_dir, stem)
        write_text(read(Path(solutions_dir) / f"{stem}.ipynb"), path)
        log(f"synced solutions/{stem}.ipynb -> solutions/{SOURCE_FOLDER}/{path.name}; "
            f"now run `python -m adamlib.course build {stem}`")
