"""A graded check for a function that returns several numbers, judged as ONE answer (lesson 04).

``answers.make_parts_check`` gives each number its own verdict and remembers each number as its own
attempt. Three things go wrong with that, and this check does them differently:

1. **One number where several are asked.** ``make_parts_check`` hands the single number to every part,
   so ``return 0.01`` for "(how far x1 moves, how far x2 moves)" passed both parts. Here a single number
   is refused by name: "adam_first_step() returned one number, 0.01; it should return two: ...".
2. **The attempt is the whole answer.** A part left unchanged while another part changed is a new try,
   not "the same answer as your last try": the repeat rule (``reporting.finish``) sees the whole tuple.
3. **Negative answers.** "-4.91 is too large" is true of the number but points the student the wrong
   way when the answer is -5.18: the trouble is its size. A wrong number with the right sign is told
   whether its *size* is too large or too small.

Each part is still judged by its own ``make_answer_check`` (its ``.verdict``), so the named mistakes,
the rounding messages and the hints are the shared ones.
"""
from __future__ import annotations

import dataclasses
import itertools

import numpy as np

from .answers import _number, answer_of, attempt_of, short  # _number: one real number or None, as answers reads it
from .reporting import finish
from .verdicts import Verdict, judged


_WORDS = {2: "two", 3: "three", 4: "four"}


def _sized(verdict: Verdict, value, right: float, name: str) -> Verdict:
    """``verdict``, with "too large / too small" said of the size when ``value`` has ``right``'s sign."""
    number = _number(value)
    plain = (f"{name}: not quite — {short(number)} is too large." if number is not None else None,
             f"{name}: not quite — {short(number)} is too small." if number is not None else None)
    if verdict.kind != "wrong" or verdict.message not in plain or right >= 0 or number >= 0:
        return verdict
    size = "too large" if abs(number) > abs(right) else "too small"
    return dataclasses.replace(verdict, message=f"{name}: not quite — {short(number)} has the right sign, "
                                                f"but its size, {short(abs(number))}, is {size}.")


def _other_order(answer, part_checks):
    """The order (indices into ``answer``) in which every number passes its part, if not the given one."""
    if any(_number(part) is None for part in answer):
        return None

    def passes(order):
        return all(check.verdict(answer[i]).kind == "passed" for i, check in zip(order, part_checks))

    if passes(range(len(answer))):   # right as given (two equal answers may pass either way)
        return None
    for order in itertools.permutations(range(len(answer))):
        if passes(order):
            return order
    return None


def make_whole_answer_check(name, argument, part_checks, returns):
    """A graded check ``check_<name>(argument, hint=False)`` for ``argument() -> returns`` (several numbers).

    part_checks: one ``make_answer_check`` per number, in the order the function returns them.
    returns:     the numbers' names as the lesson writes them, e.g. "(first_step_x1, first_step_x2)".
    """
    count = len(part_checks)

    def check_whole(fn, hint=False):
        __tracebackhide__ = True
        call = f"check_{name}({argument}, hint=True)"
        answer = answer_of(fn, count)
        if _number(answer) is not None:        # one number where `count` are asked
            verdict = Verdict("form", f"{argument}() returned one number, {short(_number(answer))}; it should "
                                      f"return {_WORDS.get(count, count)}, {returns}.",
                              f"End it with `return {returns.strip('()')}`.")
            finish(verdict, name, None, None, hint, closing="", hint_call=call, attempt=attempt_of(answer))
            return
        if isinstance(answer, np.ndarray) and answer.shape == (count,):
            answer = tuple(float(x) for x in answer)
        if not (isinstance(answer, (tuple, list)) and len(answer) == count):
            answer = (answer,) * count   # another form (a string, 3 numbers): each part says what it is
        whole = tuple(attempt_of(part) for part in answer)   # the attempt: every number together
        order = _other_order(answer, part_checks)
        if order is not None:   # every number right, in the wrong places: say so, not "too large"
            verdict = Verdict("form", f"{argument}() returned the right numbers in the wrong order: "
                                      f"{', '.join(short(_number(answer[i])) for i in order)} belong in the "
                                      f"order {returns}.", f"End it with `return {returns.strip('()')}`.")
            finish(verdict, name, None, None, hint, closing="", hint_call=call, attempt=whole)
            return
        for part, check in zip(answer, part_checks):
            part_name = check.__name__.removeprefix("check_")
            right = check.answer()
            result = judged(lambda v: _sized(check.verdict(v, f"{argument}()"), v, right, part_name),
                            part, part_name)
            finish(result, part_name, None, None, hint, closing="", hint_call=call, attempt=whole)

    check_whole.__name__ = check_whole.__qualname__ = f"check_{name}"
    check_whole.__doc__ = f"Check ``{argument}() -> {returns}``: prints one verdict per number."
    return check_whole
