"""The graded form of each check cell, written when the instructor runs nbgrader's generate_assignment.

A lesson's check cell is one visible line, ``adam_step = check_adam_step(adam_step)``. Graded that
way, it trusts whatever the student's earlier cells did to the name, to ``adamlib.checks`` or to the
environment (``adamlib.checks.graded`` explains). The instructor's configuration,
``grading/nbgrader_config.py``, puts :class:`AddGradedRuns` first in generate_assignment's
preprocessors; it appends to every graded check cell a hidden test region::

    adam_step = check_adam_step(adam_step)
    ### BEGIN HIDDEN TESTS
    <take adamlib out of sys.modules, import adamlib.checks.graded afresh,
     regrade('adam_step = check_adam_step(adam_step)', globals()), put the modules back>
    ### END HIDDEN TESTS

nbgrader then does the rest, as for any hidden test: it stores the cell with the region in the
gradebook, hands students the cell without it (their lesson reads exactly like ``lessons/``), and
autograde puts the stored cell back before running a submission. The chapters' text sources,
``solutions/`` and ``lessons/`` never hold the region: self-study readers do not see it.

This module imports nbgrader; only nbgrader (through the configuration) and the tests load it.
"""
from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor

BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"

# Written into the cell as it is: every name starts with _adamlib_ so that it cannot collide with a
# student's. The visible lines are passed as a string literal ({source!r}).
_HIDDEN_RUN = '''{begin}
# The graded run (INSTRUCTORS.md, "Grading with nbgrader"): the lines above again, with a fresh copy
# of adamlib's checks and grading on, whatever earlier cells did to names, modules or os.environ.
import sys as _adamlib_sys
_adamlib_kept = {{_n: _adamlib_sys.modules.pop(_n) for _n in list(_adamlib_sys.modules)
                 if _n.split(".")[0] == "adamlib"}}
try:
    import adamlib.checks.graded as _adamlib_graded
    _adamlib_graded.regrade({source!r}, globals())
finally:
    for _n in [_n for _n in _adamlib_sys.modules if _n.split(".")[0] == "adamlib"]:
        del _adamlib_sys.modules[_n]
    _adamlib_sys.modules.update(_adamlib_kept)
{end}'''


def with_graded_run(source):
    """``source`` (a check cell's lines) followed by its hidden graded run; unchanged if it has one."""
    if BEGIN_HIDDEN in source:
        return source
    visible = source.rstrip("\n")
    return visible + "\n" + _HIDDEN_RUN.format(begin=BEGIN_HIDDEN, end=END_HIDDEN, source=visible)


def is_check_cell(cell):
    """A graded code cell that is not a student's answer: the course's locked ``check_...(...)`` cells."""
    return cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell)


class AddGradedRuns(NbGraderPreprocessor):
    """nbgrader preprocessor: give every graded check cell its hidden graded run (see the module)."""

    def preprocess_cell(self, cell, resources, index):
        if is_check_cell(cell):
            cell.source = with_graded_run(cell.source)
        return cell, resources


# The name grading/nbgrader_config.py gives nbgrader (a string: the configuration imports no adamlib).
PREPROCESSOR = f"{__name__}.AddGradedRuns"
