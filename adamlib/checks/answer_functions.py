"""A number written as a function (``def max_stable_lr(): return ...``), judged the same way in every lesson.

Reasoning exercises ask for a number (or a few) returned by a function of no arguments, so the
lesson's stub can raise ``NotImplementedError`` like every other exercise. Before a number check
sees the answer, the function is run ONCE here, and what can go wrong with it gets one verdict,
whichever lesson it is in:

- the untouched stub (raises ``NotImplementedError``): no answer yet, ``...``; the number check
  then says "not done yet", as for an exercise left blank;
- an answer written above the stub's ``raise``, which still runs: "not done yet", and which line
  to delete (``verdicts.not_done_verdict(stub_left_in=True)``, as function exercises say);
- any other exception: ``verdicts.raised_verdict``, naming it (never "not done yet": the student
  wrote something, and it crashed), the same rule function exercises follow;
- ``None`` (the number printed or assigned, ``return`` forgotten): said so, with the missing line.

Otherwise the value goes on to the number check. A value handed in directly (``max_lr = 0.2``)
goes on unchanged.
"""
from __future__ import annotations

import dataclasses
from typing import Callable

from .calling import Quiet, more_than_the_stub
from .reporting import EXPLAINED, finish
from .verdicts import Verdict, not_done_verdict, raised_verdict


def answer_value(fn, name: str, count: int | None = None):
    """``(value, None)`` or ``(None, verdict)`` for the answer ``fn`` (a function, or the value itself).

    ``count``: how many numbers the function returns; the untouched stub's value is then ``count``
    times ``...``, one "not done yet" per number. The function runs once, its prints captured.
    """
    if not callable(fn):
        return fn, None
    function = getattr(fn, "__name__", name)
    try:
        with Quiet():
            value = fn()
    except NotImplementedError:
        if more_than_the_stub(fn):  # the words of a function exercise; no reference takes over a number
            return None, dataclasses.replace(not_done_verdict(name, stub_left_in=True), hint="")
        return (... if count is None else (...,) * count), None
    except Exception as error:  # the student's bug: a verdict, and the lesson goes on
        return None, raised_verdict(name, error)
    if value is None:
        return None, Verdict("form", f"{name}: your function `{function}()` returns nothing (None); perhaps it "
                                     "prints or assigns the number instead of returning it.",
                             f"End `{function}()` with `return` and the number, then run this check again.")
    return value, None


def check_answer_function(check: Callable, answer, hint: bool = False, name: str | None = None,
                          count: int | None = None, **options):
    """Run the number check ``check`` on the student's ``answer`` (a function, or the value itself).

    The function goes through ``answer_value``: a verdict it gives is printed (counted as an
    attempt, raised when grading) and ``check`` is not run; a value goes on to ``check``.
    ``name`` is the answer's name in the verdicts (default: ``check``'s name without ``check_``).
    """
    __tracebackhide__ = True
    name = name or check.__name__.removeprefix("check_")
    EXPLAINED["message"] = ""  # a reason answer_of printed for another answer is not this one's
    value, stop = answer_value(answer, name, count)
    if stop is not None:
        finish(stop, name, None, None, hint, closing="")
        return None
    return check(value, hint=hint, **options)


def accepting_answer_functions(check: Callable, name: str | None = None, count: int | None = None) -> Callable:
    """``check`` (a number check taking a value) made to take the student's answer function too,
    through ``check_answer_function``; its ``answer`` and ``verdict`` stay available."""
    name = name or check.__name__.removeprefix("check_")

    def check_answer(answer, hint=False, **options):
        __tracebackhide__ = True
        return check_answer_function(check, answer, hint, name, count, **options)

    def verdict(answer):
        value, stop = answer_value(answer, name, count)
        return stop if stop is not None else check.verdict(value)

    check_answer.__name__ = check_answer.__qualname__ = check.__name__
    check_answer.__doc__ = check.__doc__
    if hasattr(check, "answer"):
        check_answer.answer = check.answer
    if hasattr(check, "verdict"):
        check_answer.verdict = verdict
    return check_answer
