"""nbgrader's metadata, derived from each cell's code: which cells are answers, tests and locked.

``build`` stamps it on every solution notebook, so an instructor can run nbgrader on ``solutions/``
unchanged; ``drift`` checks a stored notebook still carries what would be stamped today.
"""
import re

from .regions import has_solution

NBGRADER_SCHEMA = 3
_DEFINED_NAME = re.compile(r"^\s*def\s+([A-Za-z_]\w*)\s*\(", re.MULTILINE)
_CHECK_CALL = re.compile(r"(?<!def )\bcheck_(\w+)\s*\(")
FORMATIVE = {"prediction"}  # check_prediction teaches and never grades: its cell is not an nbgrader test
_IMPORTS_CHECKS = re.compile(r"^\s*(from\s+adamlib\.checks\b|from\s+adamlib\s+import\s+.*\bchecks\b|import\s+adamlib\.checks\b)",
                             re.MULTILINE)

# nbgrader's cell kinds, as (grade, solution, locked): see nbgrader's "cell types" documentation.
CELL_KINDS = {
    "solution": (False, True, False),  # autograded answer: the student writes code here
    "grade": (True, False, True),      # autograder test: a locked check_...(...) call
    "locked": (False, False, True),    # read-only: nbgrader restores its source before grading
    "answer": (True, True, False),     # manually graded written answer (a markdown solution cell)
}


def nbgrader_metadata(kind, grade_id, points=1):
    """The nbgrader metadata of a cell of ``kind`` (a key of ``CELL_KINDS``); graded kinds get ``points``."""
    grade, solution, locked = CELL_KINDS[kind]
    metadata = {"grade": grade, "grade_id": grade_id, "locked": locked,
                "schema_version": NBGRADER_SCHEMA, "solution": solution, "task": False}
    if grade:
        metadata["points"] = points
    return metadata


def nbgrader_role(cell):
    """``(kind, grade_id)`` of the cell for nbgrader, or ``None`` for an ordinary cell.

    A code cell with a solution region is a ``"solution"`` named after the first
    function it defines; a markdown cell with one is a written ``"answer"``; a
    code cell that calls ``check_<name>(`` is a ``"grade"`` cell named ``check_<name>``;
    a code cell that imports the checks is ``"locked"`` (named ``imports``), so a
    student's edit there (``check_adam_step = lambda f: f``) is undone before grading.
    """
    if has_solution(cell):
        if cell.cell_type == "markdown":
            return ("answer", "answer")
        defined = _DEFINED_NAME.search(cell.source)
        return ("solution", defined.group(1) if defined else "solution")
    if cell.cell_type != "code":
        return None
    called = next((m for m in _CHECK_CALL.finditer(cell.source) if m.group(1) not in FORMATIVE), None)
    if called:
        return ("grade", "check_" + called.group(1))
    return ("locked", "imports") if _IMPORTS_CHECKS.search(cell.source) else None


def stamp_nbgrader(nb):
    """Set (or remove) every cell's nbgrader metadata from its role, in place; grade ids are unique.

    A grade cell's points come from its ``points`` metadata (written in the text
    source; then removed) or its previous nbgrader metadata, else 1.
    """
    seen = set()
    for cell in nb.cells:
        role = nbgrader_role(cell)
        old = cell.metadata.pop("nbgrader", None) or {}
        points = cell.metadata.pop("points", old.get("points", 1))
        if role is not None:
            kind, grade_id = role
            cell.metadata["nbgrader"] = nbgrader_metadata(kind, _unique(grade_id, seen), points)
    return nb


def _unique(name, seen):
    """``name``, or ``name_2``, ``name_3``... whichever is not in ``seen`` yet (then added)."""
    candidate, n = name, 1
    while candidate in seen:
        n += 1
        candidate = f"{name}_{n}"
    seen.add(candidate)
    return candidate
