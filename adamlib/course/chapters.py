"""The lesson generator's public names in one place: ``adamlib.course.X`` and ``adamlib.course.chapters.X``.

Each idea has its own module; this one only gathers them for the tests and for authors' scripts:

    regions            BEGIN/END SOLUTION markers, clear_solutions, make_lesson (nbgrader's ClearSolutions)
    nbgrader_cells     which cell is an answer, a test or locked (stamp_nbgrader)
    stems              finding the chapters and choosing some (select)
    untouched          the rule that an untouched lesson's checks say "not done yet"
    builder            text source -> executed solution and lesson notebooks; sync back
    drift_check        where the course differs from a fresh build (``check``)
    cli                ``python -m adamlib.course build|check|sync|distribute``
"""
from .builder import build, build_one, sync, unsynced_edit
from .cli import main
from .drift_check import drift, notebook_drift
from .nbgrader_cells import (CELL_KINDS, FORMATIVE, NBGRADER_SCHEMA, nbgrader_metadata, nbgrader_role,
                             stamp_nbgrader)
from .regions import (BEGIN_SOLUTION, CODE_STUB, END_SOLUTION, TEXT_STUB, clear_solutions, has_solution,
                      make_lesson)
from .stems import chapter_stems, select, source_stems
from .untouched import NOT_DONE, untouched_check_problem, untouched_lesson_problems

__all__ = ["BEGIN_SOLUTION", "CELL_KINDS", "CODE_STUB", "END_SOLUTION", "FORMATIVE", "NBGRADER_SCHEMA", "NOT_DONE",
           "TEXT_STUB", "build", "build_one", "chapter_stems", "clear_solutions", "drift", "has_solution", "main",
           "make_lesson", "nbgrader_metadata", "nbgrader_role", "notebook_drift", "select", "source_stems",
           "stamp_nbgrader", "sync", "unsynced_edit", "untouched_check_problem", "untouched_lesson_problems"]
