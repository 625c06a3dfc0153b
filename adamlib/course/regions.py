"""Solution regions: the ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` markers, and the lesson made by clearing them.

This is nbgrader's ``ClearSolutions`` preprocessor, line for line, so an instructor's nbgrader makes
from ``solutions/`` the same lessons ``build`` writes. ``build`` and ``web_sources`` clear regions;
``distribution`` reads their bodies to prove none is handed out. Both read the markers from here.
"""
import copy

# nbgrader's ClearSolutions defaults (nbgrader/preprocessors/clearsolutions.py).
BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
TEXT_STUB = "YOUR ANSWER HERE"


def clear_solutions(source, cell_type="code"):
    """``source`` with each BEGIN/END SOLUTION region (markers included) replaced by the stub.

    The stub is ``CODE_STUB`` in code cells and ``TEXT_STUB`` in markdown cells,
    indented like the region's BEGIN line: exactly what nbgrader's
    ``ClearSolutions`` preprocessor writes. A marker must be alone on its line
    (surrounding whitespace allowed). Raises ``ValueError`` on a nested BEGIN or
    a missing END, naming the problem.
    """
    stub = (CODE_STUB if cell_type == "code" else TEXT_STUB).split("\n")
    out, inside = [], False
    for line in source.split("\n"):
        if line.strip() == BEGIN_SOLUTION:
            if inside:
                raise ValueError(f"nested {BEGIN_SOLUTION!r} inside a solution region")
            inside = True
            indent = line[: line.find(BEGIN_SOLUTION)]
            out.extend(indent + stub_line for stub_line in stub)
        elif line.strip() == END_SOLUTION:
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"{BEGIN_SOLUTION!r} without a matching {END_SOLUTION!r}")
    return "\n".join(out)


def has_solution(cell):
    """True when the cell holds a BEGIN SOLUTION marker line."""
    return any(line.strip() == BEGIN_SOLUTION for line in cell.source.split("\n"))


def solution_bodies(source):
    """The non-empty bodies of the solution regions in ``source``, each normalised for searching:
    lines stripped, blank lines dropped, joined by newlines. Lenient (an unclosed region is skipped):
    it looks for answers in a text, it does not validate one."""
    bodies, inside, body = [], False, []
    for line in source.split("\n"):
        if line.strip() == BEGIN_SOLUTION:
            inside, body = True, []
        elif line.strip() == END_SOLUTION:
            inside = False
            if body:
                bodies.append("\n".join(body))
        elif inside and line.strip():
            body.append(line.strip())
    return bodies


def make_lesson(solution):
    """A new notebook: ``solution`` with solutions cleared and every output removed."""
    lesson = copy.deepcopy(solution)
    for cell in lesson.cells:
        if has_solution(cell):
            cell.source = clear_solutions(cell.source, cell.cell_type)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return lesson
