"""The engine behind every ``check_<exercise>``: run, compare, name the mistake.

An exercise is described by an :class:`Exercise`: the reference answer, the
names of its outputs, the test cases, how the lesson calls the function, and
a list of classic mistakes, each a :class:`Mistake` (what the student did, the
fix, and a *mutant*: the reference with that one mistake made).  :func:`check`
then

1. refuses adamlib's own reference (handed back by an earlier check, so a
   re-run check cell would grade it) and any function that calls it;
2. calls the student's function on every case, the way the lesson will
   (keyword names included; fresh inputs, warnings silenced, prints captured,
   every exception caught);
3. gives ONE verdict, the first that applies:
   not done yet (NotImplementedError) / raised an exception / wrong number,
   type or shape of outputs / changed an input in place / correct / a named
   mistake (the first mutant whose outputs equal the student's on EVERY case)
   / outputs in the wrong order (with a named mistake, if one fits then) /
   two mistakes (a pair of mutants, or one output explained by a mutant) /
   wrong, with where it first differs;
4. prints it (the verdict line, then the hint, wrapped under 100 columns) and
   returns the function the lesson goes on with: the student's if it passed,
   otherwise the reference.

The corrected formula (a mistake's ``fix``) is shown from the third failed
attempt on, or at once with ``check_<name>(fn, hint=True)``: the first
verdict names the mistake and leaves the thinking to the student.

It never raises into the notebook, except when grading (nbgrader's autograde
or Validate, ``ADAMLIB_GRADING=1``, or a graded run: ``reporting.grading``):
then a failed or not-done check raises ``AssertionError(<the printed
message>)`` after printing, with no traceback chain from the student's code.

Writing a new check (one module per lesson, e.g. ``adamlib/checks/sgd.py``)::

    from .engine import Case, Exercise, Mistake, make_check

    def _cases():
        return [Case({"x": np.array([1.0, 2.0])}, "x = [1, 2]"), ...]

    def _forgot_square(x): ...

    MY_EXERCISE = Exercise(
        name="my_fn", reference=steps.my_fn, outputs=("y",), cases=_cases,
        mistakes=[Mistake("you forgot to square x.", "y = x**2 * ...", _forgot_square)],
        debug_hint="Print x**2 inside your function and compare ...")
    check_my_fn = make_check(MY_EXERCISE)

For "derive a number" and "predict, then run" exercises see
:mod:`adamlib.checks.answers`.  The pieces live beside this module:
``cases`` (what to call with), ``calling`` (how), ``comparing`` (equal or
not), ``verdicts`` and ``explaining`` (which mistake), ``reporting`` (what is
printed, attempts, grading) and ``messages`` (the words).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from .calling import call, code_of, is_reference, more_than_the_stub, signature_problem
from .cases import SETTINGS, Case, optimizer_cases, rollout
from .comparing import RTOL, as_outputs, first_difference, outputs_equal
from .explaining import exception_hint, explain, shape_problem
from .messages import describe_value, fmt, index_text, shape_text
from .reporting import GRADING_VARIABLE, CheckFailed, finish, grading, reset_attempts
from .verdicts import Mistake, Verdict, as_mistake, judged, not_done_verdict, raised_verdict, reference_verdict

__all__ = [
    "Case", "Exercise", "Mistake", "Verdict", "check", "make_check", "verdict", "optimizer_cases",
    "rollout", "SETTINGS", "RTOL", "GRADING_VARIABLE", "first_difference", "outputs_equal",
    "as_outputs", "as_mistake", "call", "fmt", "shape_text", "index_text", "describe_value",
    "grading", "reset_attempts", "CheckFailed", "finish", "not_done_verdict", "reference_verdict",
]


@dataclass(frozen=True)
class Exercise:
    """Everything the engine needs to check one exercise.

    name:       the function's name, as the lesson spells it ("adam_step").
    reference:  the right answer (from ``adamlib.steps``).
    outputs:    names of what it returns, e.g. ("theta_new", "m_new", "v_new");
                a single name means it returns one bare value, not a tuple.
    cases:      a function returning the list of :class:`Case` (built on demand,
                seeded, so every run sees the same numbers).
    mistakes:   :class:`Mistake` s (or ``(description, mutant)`` pairs), most
                specific first.
    combined:   mistakes made of two classic ones, tried only when no single
                mistake and no reordering explains the answer.
    debug_hint: what to print when no mistake matches.
    keywords:   argument names the lesson passes by keyword (the others go
                positionally), e.g. ("lr", "eps") for ``adam_step(..., lr=lr, eps=eps)``.
    defaults_used: argument names the lesson leaves out somewhere, relying on
                the reference's default values.
    also_reference: other adamlib functions or methods that count as "the
                reference" when the student's function calls them (e.g.
                ``optim.Adam.update``).
    near_miss_hint: what else, in this exercise, makes an answer agree to about 7
                digits (e.g. a fixed eps written in where the argument belongs),
                added to the generic float32 explanation of a near miss.
    """
    name: str
    reference: Callable
    outputs: tuple
    cases: Callable[[], list]
    mistakes: list = field(default_factory=list)
    debug_hint: str = ("Call your function yourself on a small example, print the intermediate "
                       "values and compare them with the equations above.")
    keywords: tuple = ()
    defaults_used: tuple = ()
    combined: Callable[[], list] = list
    also_reference: tuple = ()
    near_miss_hint: str = ""


def _reference_codes(ex: Exercise):
    codes = code_of(ex.reference)
    for fn in ex.also_reference:
        codes |= code_of(fn)
    return frozenset(codes)


def verdict(ex: Exercise, student_fn) -> Verdict:
    """Judge ``student_fn`` against ``ex``, without printing.

    Whatever the student's function raises or returns ends up in the verdict;
    only a bug in ``ex`` itself (its cases or reference) can raise here.
    """
    name = ex.name
    if not callable(student_fn):
        return Verdict("form", f"{name}: expected your function, but got {describe_value(student_fn)}.",
                       f"Pass the function itself: `{name} = check_{name}({name})`, without calling "
                       "it (no brackets after its name).")
    if is_reference(student_fn, ex.reference, *ex.also_reference):
        return reference_verdict(name, called=False)
    problem = signature_problem(name, ex.reference, student_fn, ex.keywords, ex.defaults_used)
    if problem:
        return Verdict("form", f"{name}: {problem[0]}", problem[1])
    cases = ex.cases()
    n = len(ex.outputs)
    expected = [as_outputs(call(ex.reference, case)[0], n) for case in cases]
    watch = _reference_codes(ex)

    got = []
    for case, want in zip(cases, expected):
        try:
            result, after, used_reference = call(student_fn, case, ex.keywords, watch)
        except NotImplementedError:
            return not_done_verdict(name, stub_left_in=more_than_the_stub(student_fn))
        except Exception as error:  # the student's bug, reported, not raised
            return raised_verdict(name, error, case.label, exception_hint(ex, error))
        if used_reference:
            return reference_verdict(name, called=True)
        problem = shape_problem(ex, result, want, case)
        if problem:
            return Verdict("form", f"{name}: {problem[0]}", problem[1])
        for arg, before in case.args.items():
            if isinstance(before, np.ndarray) and not np.array_equal(before, after[arg], equal_nan=True):
                return Verdict("mutated", (
                    f"{name}: you changed `{arg}` in place (e.g. with `{arg} *= ...`, `{arg} -= ...` "
                    f"or `{arg}[:] = ...`); return new arrays instead."), (
                    f"The caller still needs the old values: `{arg} = {arg} * ...` makes a new array; "
                    f"`{arg} *= ...` overwrites the old one."))
        got.append(as_outputs(result, n))

    if all(outputs_equal(w, g) for w, g in zip(expected, got)):
        return Verdict("passed", f"{name}: correct on {len(cases)} test cases. Well done!")
    return explain(ex, cases, expected, got)


def check(ex: Exercise, student_fn, hint: bool = False):
    """Check ``student_fn``, print the verdict, return the function to go on with.

    Returns ``student_fn`` if it passed, otherwise ``ex.reference``.  Never
    raises, unless grading (``reporting.grading``) and the check failed: then it raises
    ``AssertionError`` with the printed message (for nbgrader).
    """
    __tracebackhide__ = True
    result = judged(lambda fn: verdict(ex, fn), student_fn, ex.name)
    use = finish(result, ex.name, ex.reference, student_fn, hint, attempt=frozenset(code_of(student_fn)) or None)
    if use is not student_fn:
        _notebook_goes_on_with(use, student_fn)
    return use


def _notebook_goes_on_with(reference, student_fn):
    """Make "the rest of this lesson uses adamlib's reference" true even when the check cell lost its
    ``name =`` (``check_adam_step(adam_step)``): every name of the notebook that holds the function
    that did not pass now holds the reference. Only the notebook's own namespace (``__main__``) is
    touched, never a module's."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("adamlib"):
        frame = frame.f_back
    if frame is None or frame.f_globals.get("__name__") != "__main__" or not callable(student_fn):
        return
    names = frame.f_globals
    for name, value in list(names.items()):
        if value is student_fn and not name.startswith("_"):
            names[name] = reference


def make_check(ex: Exercise) -> Callable[[Any], Callable]:
    """``check_<name>(student_fn, hint=False) -> fn_to_use`` for exercise ``ex``, with a docstring."""
    def check_exercise(student_fn, hint=False):
        __tracebackhide__ = True
        return check(ex, student_fn, hint)
    check_exercise.__name__ = check_exercise.__qualname__ = f"check_{ex.name}"
    check_exercise.__doc__ = (
        f"Check your `{ex.name}` against adamlib's reference and name the mistake if there is one.\n\n"
        f"Prints the verdict and returns the function to use from here on: yours if it passed,\n"
        f"otherwise `adamlib.steps.{ex.name}`.  Usage: `{ex.name} = check_{ex.name}({ex.name})`;\n"
        f"`check_{ex.name}({ex.name}, hint=True)` also shows the corrected formula.\n")
    check_exercise.exercise = ex
    return check_exercise
