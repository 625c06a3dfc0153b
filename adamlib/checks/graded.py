"""The graded run of a check cell: the same lines again, with a fresh copy of the checks, grading on.

A check cell in a lesson reads ``adam_step = check_adam_step(adam_step)``. When nbgrader grades a
submission, that line runs in the student's own kernel, after the student's own cells, so it trusts
things a student's cell can change: the name ``check_adam_step`` (``check_adam_step = lambda f: f``),
the functions in ``adamlib.checks`` (a monkey-patch), the module objects in ``sys.modules``, and the
environment variable that turns grading on (``os.environ["ADAMLIB_GRADING"] = "0"``).

So every graded check cell also carries a hidden part (nbgrader's ``### BEGIN HIDDEN TESTS``,
written by ``adamlib.course.graded_cells`` when the instructor runs ``generate_assignment``; it is
removed from the students' copy and put back before autograding). The hidden part takes every
``adamlib`` module out of ``sys.modules``, imports this module afresh from the library's files (so
every module it uses is a new copy that no earlier cell has touched), and calls :func:`regrade`,
which

1. runs the cell's visible lines again in a copy of the notebook's namespace where every
   ``check_...`` and ``make_..._check`` name is the fresh copy's own;
2. with grading forced on in that copy (``reporting.FORCED``), whatever the environment says, even
   if the student's function changes the environment while the check calls it;
3. raises :class:`~adamlib.checks.reporting.CheckFailed` (the cell scores 0) when the check fails,
   or when anything at all stops the run: ``SystemExit``, ``KeyboardInterrupt``, any other error.

A passing run prints nothing (the visible check has already printed its verdict). The hidden part
then puts the notebook's own modules back, so the cells after it run as before.

What this does not stop: code that tampers with Python or IPython themselves (the import system,
``sys.setprofile``, NumPy's functions, IPython's input transformers or exception handlers), since a
check runs in the student's kernel; nor a student who copies the reference from ``adamlib/steps.py``
(INSTRUCTORS.md, "What the checks can and cannot prevent").
"""
from __future__ import annotations

import contextlib
import io
import re

from .. import checks  # the package this module was loaded with: in a graded run, a fresh copy
from . import reporting

# The names a check cell calls: check_adam_step, make_chosen_lr_check, ...
_CHECK_NAME = re.compile(r"\b(check_\w+|make_\w+_check)\b")
# A name the cell itself assigns (lesson 05: check_chosen_lr = make_chosen_lr_check(...)) is made
# by the cell's own run from the fresh maker, so it is not looked up in adamlib.checks.
_ASSIGNED = re.compile(r"^(\w+)\s*=(?!=)", re.MULTILINE)


def check_names(source: str) -> list:
    """The adamlib.checks names ``source`` calls and does not define itself, sorted."""
    return sorted(set(_CHECK_NAME.findall(source)) - set(_ASSIGNED.findall(source)))


def regrade(source: str, namespace: dict) -> None:
    """Run ``source`` (a check cell's visible lines) graded, with this copy's checks; raise if it fails.

    ``namespace``: the notebook's globals. They are copied, never changed: ``adam_step =
    check_adam_step(adam_step)`` rebinds ``adam_step`` in the copy only. Raises ``ValueError``
    when ``source`` calls no check (a cell stamped by mistake), and :class:`CheckFailed` when the
    graded run does not pass.
    """
    names = check_names(source)
    if not names:
        raise ValueError("source: a graded check cell calls check_<name>(...); this one calls none")
    fresh_checks = vars(checks)
    missing = [name for name in names if name not in fresh_checks]
    if missing:
        raise ValueError(f"source: adamlib.checks has no {', '.join(missing)}")
    scope = dict(namespace)
    scope.update({name: fresh_checks[name] for name in names})
    reporting.FORCED = True  # this copy of adamlib exists for this one graded run
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            exec(compile(source, "<graded check>", "exec"), scope)
    except reporting.CheckFailed as failed:
        _explain(printed.getvalue())
        raise reporting.CheckFailed(str(failed), failed.verdict) from None
    except BaseException as error:  # noqa: B036 - SystemExit and KeyboardInterrupt must score 0 too
        _explain(printed.getvalue())
        raise reporting.CheckFailed(
            f"the graded run of this check was stopped by {type(error).__name__}.",
            f"The graded run of this check was stopped by {type(error).__name__}.") from None


def _explain(printed: str) -> None:
    """Say why a check that printed a pass above can still score 0 here, then what the fresh copy printed."""
    print("The graded run of this check (a fresh copy of adamlib's check, grading on) did not pass.")
    if printed.strip():
        print(printed, end="" if printed.endswith("\n") else "\n")
