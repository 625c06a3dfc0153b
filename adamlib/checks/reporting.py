"""Printing a verdict, counting attempts, and failing loudly only when grading.

A failure prints the verdict line, the hint (the corrected formula from the
third different failed attempt on, or with ``hint=True``: see :data:`TRIES_BEFORE_THE_FIX`) and what the
lesson does next; when grading (see :func:`grading`) it then raises :class:`CheckFailed`
(an ``AssertionError``), which Jupyter shows as one line, without a traceback.
"""
from __future__ import annotations

import os

from .messages import wrap
from .verdicts import Verdict

GRADING_VARIABLE = "ADAMLIB_GRADING"
# nbgrader sets this variable while it runs a notebook: "autograde" (grading) or "validate" (the
# student's Validate button), and the kernel it starts inherits it. Both are graded runs: Validate
# must name unfinished work, not print "Success!" over checks that say "not done yet".
NBGRADER_VARIABLE = "NBGRADER_EXECUTION"
NBGRADER_GRADED_RUNS = ("autograde", "validate")

FORCED = False
"""True only in the private copy of adamlib that a graded run loads (``adamlib.checks.graded``): there
grading is on whatever the environment says, so a student's code cannot switch it off."""


class CheckFailed(AssertionError):
    """A failed check while grading (see :func:`grading`): nbgrader counts the cell as failed.

    Jupyter shows ``_render_traceback_`` instead of a traceback, so the
    student's feedback holds the check's own words (printed just above, and
    the verdict once more in the error line, which is all nbgrader's Validate
    shows), not adamlib's frames.  ``str()`` of the error is the whole printed
    message; ``verdict`` is its first sentence.
    """

    def __init__(self, message, verdict=""):
        super().__init__(message)
        self.verdict = verdict or message.split("\n", 1)[0]

    def _render_traceback_(self):
        # The verdict is repeated here because nbgrader's Validate shows a failed cell's error and
        # not what it printed.
        return [f"{type(self).__name__}: graded as not passed. {self.verdict}"]


TRIES_BEFORE_THE_FIX = 2
"""The course's one policy for every check of every lesson: the fix (the corrected formula, or a
reasoning exercise's worked answer) is printed only after this many different failed attempts, i.e. from
the third on, or when the student asks for it with ``hint=True``. The first two tries get the verdict
and the nudge only, so the student has to think twice before reading the answer."""

_failures: dict = {}
"""Failed attempts per exercise name in this kernel: the fix is shown after TRIES_BEFORE_THE_FIX."""

_last_failure: dict = {}
"""Per exercise name, (attempt, message) of the last failed check: the same answer checked again (a
check cell re-run without changing anything) is the same attempt, not a second one, so it must not
unlock the fix (otherwise two clicks give the answer away)."""

FAILED_KINDS = ("raised", "form", "mutated", "mistake", "order", "wrong")


EXPLAINED = {"message": ""}
"""The reason ``answers.answer_of`` last printed for an answer function (a raise left in, no return), which
the check that reads that value shows instead of "not done yet"; any other check must not see it."""


def reset_attempts():
    """Forget earlier failed attempts (tests; a fresh kernel starts empty anyway)."""
    _failures.clear()
    _last_failure.clear()
    EXPLAINED["message"] = ""


def grading() -> bool:
    """True when a failed check must raise: in a graded run's private copy of the checks
    (``FORCED``), under ``ADAMLIB_GRADING=1``, or while nbgrader autogrades or validates.

    The environment can be changed by a student's own cell, so the graded verdict never rests on
    it: nbgrader's hidden part of each check cell runs a fresh copy with ``FORCED`` set
    (``adamlib.checks.graded``). The environment only makes the visible check cells fail early.
    """
    return (FORCED or os.environ.get(GRADING_VARIABLE) == "1"
            or os.environ.get(NBGRADER_VARIABLE) in NBGRADER_GRADED_RUNS)


def fallback_sentence(name: str) -> str:
    return f"The rest of this lesson uses adamlib's reference {name} until yours passes."


REPEATED = ("This is the same answer as your last try, so it does not count as a new attempt: change "
            "your answer, run its cell, then this check.")
"""Printed when an unchanged wrong answer is checked again."""


def render(result: Verdict, name: str, hint: bool = False, check_name: str = "",
           closing=None, hint_call: str = "", fix_is: str = "the corrected formula",
           repeated: bool = False) -> str:
    """The printed text of ``result``: verdict, hint or fix, what happens next; under 100 columns.

    A mistake's ``fix`` is shown when ``hint`` is true (asked for, or a third
    different failed attempt); otherwise a line says how to ask for it: with ``hint_call``
    (the lesson's own check call, by default ``check_<name>(<name>, hint=True)``),
    which shows ``fix_is``.  ``closing`` is the last line of a failure (default:
    the lesson goes on with the reference).  ``repeated``: the same wrong answer
    as the last try (a line says it is not a new attempt).
    """
    advice = result.hint
    if result.fix:
        if hint:
            advice = f"{advice}\nHint: {result.fix}" if advice else f"Hint: {result.fix}"
        else:
            call_text = hint_call or f"{check_name or 'check_' + name}({name}, hint=True)"
            advice = (f"{advice}\n" if advice else "") + (
                f"Think it over and try again; `{call_text}` shows {fix_is}.")
    if result.kind in ("passed", "not done"):
        closing = ""
    elif closing is None:
        closing = fallback_sentence(name)
    return wrap(result.message, advice, REPEATED if repeated else "", closing)


def finish(result: Verdict, name: str, reference, student_fn, hint: bool = False,
           check_name: str = "", closing=None, hint_call: str = "", fix_is: str = "the corrected formula",
           attempt=None):
    """Print ``result``, count a failed attempt, raise when grading; return the function to use.

    ``attempt``: what identifies the answer checked (the number given, the function's code), or None
    when unknown.  A failure with the same ``attempt`` and the same verdict as the last failure of
    ``name`` is the same attempt checked again: it is not counted, so it shows the fix only if the
    last one did (or ``hint`` asks for it).
    """
    __tracebackhide__ = True  # IPython and pytest hide this frame from the student's traceback
    repeated = False
    if result.kind in FAILED_KINDS:
        repeated = attempt is not None and _last_failure.get(name) == (attempt, result.message)
        if repeated:   # the fix shows again only if it was already shown for this answer
            hint = hint or _failures.get(name, 0) > TRIES_BEFORE_THE_FIX
        else:
            hint = hint or _failures.get(name, 0) >= TRIES_BEFORE_THE_FIX
            _failures[name] = _failures.get(name, 0) + 1
        _last_failure[name] = (attempt, result.message)
    elif result.passed:
        _last_failure.pop(name, None)
    message = render(result, name, hint, check_name, closing, hint_call, fix_is, repeated)
    print(message)
    if not result.passed and grading():
        raise CheckFailed(message, result.message) from None
    return student_fn if result.passed else reference


def fail_quietly(name: str, message: str):
    """An answer that is not there for a reason already printed (``answers.answer_of``): nothing more
    to print, but a graded run must still fail."""
    __tracebackhide__ = True
    if grading():
        raise CheckFailed(message, f"{name}: {message}") from None
