"""Drift: where the course differs from a fresh build, found without executing anything (``check``).

Text source against solution notebook (cell types, sources, tags), solution against lesson (sources,
not outputs), and each solution's nbgrader metadata against what ``build`` would stamp today.
"""
import copy
from pathlib import Path

from .nbgrader_cells import stamp_nbgrader
from .notebooks import read
from .regions import make_lesson
from .stems import chapter_stems, source_stems
from .text import SOURCE_FOLDER, read_text, same_cells, source_path


def drift(solutions_dir, lessons_dir):
    """Human-readable problems that make the course differ from a fresh build; [] if none.

    Text source against solution notebook (cell types, sources, tags), solution
    against lesson (sources, not outputs), and the solution's nbgrader metadata
    against what ``build`` stamps. One line per bad notebook, naming its first
    differing cell.
    """
    sources, solutions = source_stems(solutions_dir), chapter_stems(solutions_dir)
    lessons = chapter_stems(lessons_dir)
    problems = [f"solutions/{s}.ipynb has no text source solutions/{SOURCE_FOLDER}/{s}.md"
                for s in solutions if s not in sources]
    problems += [f"lessons/{s}.ipynb has no solutions/{s}.ipynb" for s in lessons if s not in solutions]
    for stem in sources:
        if stem not in solutions:
            problems.append(f"solutions/{SOURCE_FOLDER}/{stem}.md has no solutions/{stem}.ipynb")
            continue
        solution = read(Path(solutions_dir) / f"{stem}.ipynb")
        text = read_text(source_path(solutions_dir, stem))
        where = same_cells(text, solution) or _nbgrader_drift(text, solution)
        if where:
            problems.append(f"solutions/{stem}.ipynb is out of date with solutions/{SOURCE_FOLDER}/{stem}.md: "
                            f"first difference at {where}")
            continue
        if stem not in lessons:
            problems.append(f"solutions/{stem}.ipynb has no lessons/{stem}.ipynb")
            continue
        problem = notebook_drift(solution, read(Path(lessons_dir) / f"{stem}.ipynb"))
        if problem:
            problems.append(f"lessons/{stem}.ipynb is out of date with solutions/{stem}.ipynb: {problem}")
    return problems


def _nbgrader_drift(text, solution):
    """Where the solution's nbgrader metadata is not what ``build`` stamps from ``text``; None if nowhere."""
    stamped = stamp_nbgrader(copy.deepcopy(text))
    for index, (want, have) in enumerate(zip(stamped.cells, solution.cells)):
        if want.metadata.get("nbgrader") != have.metadata.get("nbgrader"):
            return f"cell {index} (stale nbgrader metadata, e.g. its points)"
    return None


def notebook_drift(solution, lesson):
    """Where ``lesson`` first differs from ``make_lesson(solution)``, as a phrase; None if nowhere."""
    try:
        stamped = stamp_nbgrader(copy.deepcopy(solution))
        expected = make_lesson(stamped)
    except ValueError as error:
        return f"the solution cannot be built: {error}"
    for index, (want, have) in enumerate(zip(expected.cells, lesson.cells)):
        if (want.cell_type, want.source) != (have.cell_type, have.source):
            first_line = (want.source.split("\n") or [""])[0][:60]
            return f"first difference at cell {index} ({want.cell_type}: {first_line!r})"
    if len(expected.cells) != len(lesson.cells):
        return f"{len(lesson.cells)} cells in the lesson, {len(expected.cells)} expected"
    for index, (want, have) in enumerate(zip(stamped.cells, solution.cells)):
        if want.metadata.get("nbgrader") != have.metadata.get("nbgrader"):
            return f"solution cell {index} has stale nbgrader metadata"
    return None
