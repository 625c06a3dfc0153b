"""Reasoning exercises: a number the student derives, a prediction the lesson then measures.

Two helpers for lesson authors (each lesson's own checks go in a new module
beside this one, e.g. ``adamlib/checks/sgd_reasoning.py``):

:func:`make_answer_check` builds a GRADED check for "derive a number"::

    check_max_lr = make_answer_check(
        "max_lr", answer=lambda: 2 / L, rtol=1e-6,
        wrong_answers={1 / L: "1/L is the best step size for this bowl, not the largest stable one: "
                              "ask when |1 - lr * L| reaches 1."},
        hint="Gradient descent multiplies the error along each eigenvector by 1 - lr * lambda.",
        explain="Stable while |1 - lr * L| < 1, i.e. lr < 2 / L.")

    max_lr = ...        # the student's cell: replace ... by a number or an expression
    check_max_lr(max_lr)

The value may also be a function of no arguments returning it (then the
lesson's nbgrader stub, ``raise NotImplementedError()``, reads as "not done").

It prints "not done yet" while the value is still ``...`` or None, names the
typical wrong answers, says "too large" or "too small" otherwise (never the
answer), shows ``explain`` from the third different failed attempt on (or with
``hint=True``), and returns None.  Like every check, it raises
``AssertionError`` only when ``ADAMLIB_GRADING=1`` (nbgrader) and the answer
is missing or wrong.

:func:`check_prediction` is FORMATIVE: "predict, then run".  It compares a
prediction with the value just measured, says how far off it was and why,
and never raises, not even when grading: a prediction is a question to think
about, not a mark, and the lesson must go on whatever was guessed.
"""
from __future__ import annotations

import math

import numpy as np

from .calling import Quiet, more_than_the_stub
from .engine import Verdict, finish
from .reporting import EXPLAINED, fail_quietly
from .verdicts import judged
from .messages import describe_value as _describe
from .messages import wrap

NOT_GIVEN = (Ellipsis, None)


def _number(value):
    """``value`` as a float, or None when it is not one real number."""
    if isinstance(value, (bool, np.bool_, str, bytes)) or (
            not isinstance(value, np.ndarray) and value in NOT_GIVEN):
        return None
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return float(array) if array.shape == () else None


def _quietly(fn):
    """``fn()`` with its prints captured and NumPy warnings silenced."""
    with Quiet():
        return fn()


def short(x, digits=4) -> str:
    """A number with ``digits`` significant digits, stable across machines: 0.2, 1.5e-06, 1200."""
    return f"{float(x):.{digits}g}"


def _close(a, b, rtol, atol) -> bool:
    return math.isfinite(a) and abs(a - b) <= atol + rtol * abs(b)


def attempt_of(value):
    """What identifies an answer between two runs of its check: the number, else its type's name.

    Checking the same number again is the same attempt (see ``reporting.finish``).
    """
    if callable(value):
        try:
            value = _quietly(value)
        except Exception:
            return None
    number = _number(value)
    return ("number", number) if number is not None else ("other", type(value).__name__)


# ---------------------------------------------------------------------------
# graded: derive a number


_explained = EXPLAINED  # shared with reporting, so reset_attempts and check_answer_function clear it
"""Why the last :func:`answer_of` call returned no answer, when it printed that reason (else "")."""


def explained_empty(value) -> str:
    """The reason :func:`answer_of` just printed for returning no answer, once; "" otherwise.

    A check that receives ``value`` from ``answer_of`` asks this before saying "not done yet": when the
    student's function did hold an answer (a `raise NotImplementedError()` left below it, no `return`,
    an error), that reason is the one message to show, and "not done yet" would contradict it.
    """
    message, _explained["message"] = _explained["message"], ""
    empty = value is Ellipsis or value is None or (
        isinstance(value, tuple) and all(part is Ellipsis for part in value))
    return message if empty else ""


def _said(message, empty):
    print(wrap(message))
    _explained["message"] = message
    return empty


def answer_of(fn, count=None):
    """What the answer function ``fn`` returns; ``...`` (or ``count`` of them) while it is not written.

    ``fn`` may also be the value itself (a number, a tuple). A function that raises
    ``NotImplementedError`` (the lesson's stub) counts as not answered yet; any other exception
    is printed in one line and also counts as not answered, so the lesson goes on. When the reason is
    printed, the check that follows says nothing more (:func:`explained_empty`).
    """
    _explained["message"] = ""
    empty = ... if count is None else (...,) * count
    if not callable(fn):
        return empty if fn is None else fn
    name = getattr(fn, "__name__", "your function")
    try:
        value = fn()
    except NotImplementedError:
        if more_than_the_stub(fn):   # an answer written above the stub's raise, which still runs
            return _said(f"{name}() still raises NotImplementedError: delete the line "
                         "`raise NotImplementedError()` below your answer, then run both cells again.", empty)
        return empty
    except Exception as error:  # the student's bug: say it, keep the lesson going
        return _said(f"{name}() raised {type(error).__name__}: {' '.join(str(error).split())[:120]}", empty)
    if value is None:               # a body that computes the answer but never returns it
        return _said(f"{name}() returned nothing (None): end it with `return` and your answer.", empty)
    return value


def _parts(value, count):
    """``value`` split into ``count`` answers; the whole value for each part when it has another form."""
    if value is Ellipsis or value is None:
        return (...,) * count
    if isinstance(value, (tuple, list)) and len(value) == count:
        return tuple(value)
    return (value,) * count


def make_parts_check(name, argument, part_checks, returns):
    """A graded check ``check_<name>(argument, hint=False)`` for a function returning several numbers.

    Each number gets its own verdict from its ``make_answer_check`` in ``part_checks`` (in order),
    and every hint line quotes the lesson's own call, ``check_<name>(<argument>, hint=True)``.
    ``returns`` names the numbers in the docstring, e.g. "(first_frozen, freeze_step)".
    """
    def check_parts(fn, hint=False):
        __tracebackhide__ = True
        call = f"check_{name}({argument}, hint=True)"
        value = answer_of(fn, len(part_checks))
        reason = explained_empty(value)
        if reason:   # already printed: the one message
            fail_quietly(name, reason)
            return
        for part, check in zip(_parts(value, len(part_checks)), part_checks):
            check(part, hint=hint, call=call, returned_by=f"{argument}()")

    check_parts.__name__ = check_parts.__qualname__ = f"check_{name}"
    check_parts.__doc__ = f"Check ``{argument}() -> {returns}``: prints one verdict per number."
    return check_parts


def significant_digits(number: float) -> int:
    """How many significant digits the shortest text of ``number`` has: 0.27 -> 2, 0.2918 -> 4, 163 -> 3."""
    mantissa = repr(abs(float(number))).split("e")[0].replace(".", "").strip("0")
    return max(len(mantissa), 1)


def rounded_from(number: float, right: float):
    """``(digits, "up"/"down")`` when ``number`` is ``right`` rounded to its own few (at most 6)
    significant digits, e.g. 0.27 from 0.265; else None."""
    k = significant_digits(number)
    if number == right or right == 0 or k > 6:
        return None
    unit = 10.0 ** (math.floor(math.log10(abs(right))) - k + 1)   # one in the k-th digit of right
    if abs(number - right) > 0.5 * unit * (1 + 1e-6):             # (1 + 1e-6): 0.265 may be 0.26499...
        return None
    return k, "up" if number > right else "down"


def make_answer_check(name, answer, *, rtol=1e-6, atol=0.0, wrong_answers=None, hint="",
                      explain="", integer=False, digits=4, explain_is="the corrected formula",
                      accept=None, wrong_rtol=None, too_large=""):
    """A graded check ``check_<name>(value, hint=False)`` for a number the student derives.

    name:          the variable the student assigns, as the lesson spells it.
    answer:        the right value, or a function of no arguments returning it
                   (computed when first needed, so it can use the lesson's numbers).
    rtol, atol:    how close counts as right (relative, absolute).
    wrong_answers: {typical wrong value: what that value means}, matched with the
                   same tolerance; values may also be functions of no arguments.
    hint:          a nudge printed with every wrong answer (no formula).
    explain:       the derivation, printed from the third different failed attempt on, or
                   with ``hint=True``.
    integer:       the answer is a count (of steps, ...): a fraction is refused.
    digits:        significant digits when the student's value is printed.
    explain_is:    what ``explain`` is, in the "try again; ... hint=True shows ..." line.
    accept:        for answers that are one-sided (the largest stable lr: everything above it
                   diverges), a function (value, right) -> bool that replaces the symmetric rtol/atol
                   test, e.g. ``lambda x, r: r * (1 - 1e-4) <= x <= r * (1 + 1e-9)``.
    wrong_rtol:    the tolerance for matching ``wrong_answers`` (default ``rtol``): smaller when a
                   wrong answer lies close to the right one.
    too_large:     a sentence added when the value is above the right one (e.g. "it diverges").

    A value that is the answer rounded to a few significant digits (0.27 for 0.265) is told so,
    instead of "too large"; a one-sided answer rounded the wrong way is told that too.
    """
    wrong_answers = dict(wrong_answers or {})
    wrong_rtol = rtol if wrong_rtol is None else wrong_rtol
    if accept is None:
        def accept(number, right):
            return _close(number, right, rtol, atol)

    def value_of(x):
        return float(x() if callable(x) else x)

    def verdict(value, returned_by="") -> Verdict:
        """``returned_by``: the student's function the value came from ("adagrad_freeze()"), if any."""
        written_as = f"Make `{returned_by}` return" if returned_by else f"Write `{name} = ` and"
        if callable(value):  # an answer written as a function: the lesson's stub raises NotImplementedError
            written_as = f"Make `{getattr(value, '__name__', name)}()` return"
            try:
                value = _quietly(value)
            except NotImplementedError:
                value = ...
            except Exception as error:
                text = " ".join(str(error).split())[:120]
                return Verdict("raised", f"{name}: your function raised {type(error).__name__}"
                                         f"{': ' + text if text else ''}.",
                               "Call it in a new cell to see the full traceback.")
        if not isinstance(value, np.ndarray) and value in NOT_GIVEN:
            return Verdict("not done", f"{name}: not done yet — write your answer in the cell above and "
                                       "run this check again.")
        number = _number(value)
        if number is None:
            return Verdict("form", f"{name}: your answer should be one number, but it is "
                                   f"{_describe(value)}.", f"{written_as} a number or an "
                                   "expression that computes it, e.g. 2 / 3.")
        if not math.isfinite(number):
            return Verdict("form", f"{name}: your answer is {short(number)}; it should be a finite "
                                   "number.", hint)
        if integer and number != round(number):
            return Verdict("form", f"{name}: your answer is {short(number, digits)}, but this is a "
                                   "count: a whole number.",
                           "Round up or down as the question asks (e.g. math.ceil for 'at least').")
        right = value_of(answer)
        if accept(number, right):
            return Verdict("passed", f"{name} = {short(number, digits)}: correct. Well done!")
        for wrong, meaning in wrong_answers.items():
            if _close(number, value_of(wrong), wrong_rtol, atol):
                return Verdict("mistake", f"{name}: not quite — you gave {short(number, digits)}. "
                                          f"{meaning}", hint, explain)
        above = too_large if number > right else ""
        rounded = None if integer else rounded_from(number, right)
        if rounded:
            k, way = rounded
            return Verdict("wrong", f"{name}: not quite — {short(number, digits)} is the answer rounded "
                                    f"{way} to {k} significant digit{'s' if k > 1 else ''}, outside "
                                    f"what the check accepts. {above}",
                           "Keep more digits: let Python compute the expression instead of typing a "
                           "rounded number.")
        side = "too large" if number > right else "too small"
        return Verdict("wrong", f"{name}: not quite — {short(number, digits)} is {side}. {above}".strip(),
                       hint, explain)

    def check_answer(value, hint=False, call="", returned_by=""):
        """``call``: the lesson's own check call to quote in the hint line, when it is not ``check_<name>``;
        ``returned_by``: the student's function that returned ``value`` (one of several numbers)."""
        __tracebackhide__ = True
        reason = explained_empty(value)
        if reason:   # answer_of printed why there is no answer: that is the one message
            fail_quietly(name, reason)
            return
        result = judged(lambda v: verdict(v, returned_by), value, name)
        finish(result, name, None, None, hint, closing="", hint_call=call, fix_is=explain_is,
               attempt=attempt_of(value))

    check_answer.__name__ = check_answer.__qualname__ = f"check_{name}"
    check_answer.__doc__ = (f"Check your value of `{name}`: prints a verdict, returns None.\n\n"
                            f"`check_{name}({name}, hint=True)` also shows how to derive it.\n")
    check_answer.answer = lambda: value_of(answer)
    check_answer.verdict = verdict
    return check_answer


# ---------------------------------------------------------------------------
# formative: predict, then run


def check_prediction(name, predicted, measured, *, rtol=0.1, within_factor=None, why="",
                     wrong_predictions=None, digits=4, synonyms=None, why_when_right=False, choices=None):
    """Compare a prediction with what the lesson just measured; print a short verdict.

    Formative: never raises (also under ``ADAMLIB_GRADING=1``) and returns None,
    so the lesson goes on whatever the student guessed.

    name:          what was predicted, as the lesson calls it ("steps_to_1e-6").
    predicted:     the student's value (``...`` or None: no prediction yet), a
                   number, or a word/label when the answer is a choice ("x", "Adam").
    measured:      the value the experiment gave (a number, or a word/label).
    rtol:          a numeric prediction within this relative distance is "right";
    within_factor: or, for quantities spread over orders of magnitude, within
                   this factor (e.g. 2).
    why:           what drives the measured value, printed when the prediction
                   was off (the explanation of the gap).
    wrong_predictions: {typical prediction: what it overlooks}, for numbers
                   (matched with ``rtol``) or labels.
    digits:        significant digits in the printed numbers.
    synonyms:      {label: other wordings of it}, e.g. {"diverges": ["blows up"]}.  Labels are
                   compared as words, whatever their case, punctuation or ending ("diverge",
                   "it diverges", "Diverging!" all say "diverges"; see :func:`same_label`).
    why_when_right: print ``why`` after a right prediction too, in place of "Well reasoned!": a
                   right number or label may be a lucky guess ("Adam" for a race's winner), and the
                   student should see the reasoning to compare with their own.
    choices:       for a choice among labels ("below", "at", "above"): the labels a prediction may
                   name. A prediction that names none of them (with their synonyms) is told that it was
                   not understood and which labels to write, instead of being judged wrong ("0.6").
    """
    try:
        text = _prediction_text(name, predicted, measured, rtol, within_factor, why,
                                dict(wrong_predictions or {}), digits, dict(synonyms or {}),
                                why_when_right, tuple(choices or ()))
    except Exception as error:  # formative: never stop the lesson
        text = f"{name}: could not compare your prediction ({type(error).__name__})."
    if text:
        print(text)


_FILLER = {"a", "an", "the", "it", "its", "will", "would", "be", "is", "gets", "get", "just", "i",
           "think", "guess", "gd", "gradient", "descent", "loss", "training", "go", "goes"}


def _stem(word: str) -> str:
    """A word without its English ending: diverges, diverged, diverging, diverge -> diverg."""
    for ending in ("ing", "ed", "es", "s", "e"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[:-len(ending)]
    return word


def _words(text) -> tuple:
    """The label's content words, stemmed: 'It Diverges!' -> ('diverg',)."""
    cleaned = "".join(c if c.isalnum() else " " for c in str(text).lower())
    return tuple(_stem(w) for w in cleaned.split() if w not in _FILLER)


def same_label(said, label, synonyms=()) -> bool:
    """True when the words ``said`` name ``label`` or one of its ``synonyms``, whatever the case,
    punctuation, filler words ("it", "will") or endings ("diverge", "diverging", "diverges")."""
    words = _words(said)
    return bool(words) and any(words == _words(option) for option in (label, *synonyms))


def _prediction_text(name, predicted, measured, rtol, within_factor, why, known, digits, synonyms=None,
                     why_when_right=False, choices=()):
    synonyms = synonyms or {}
    praise = ("Right; the reasoning, to check against yours:", why) if why_when_right and why else ("Well reasoned!",)
    if callable(predicted):  # a prediction written as a function (the lesson's stub raises)
        try:
            predicted = _quietly(predicted)
        except NotImplementedError:
            predicted = ...
    if explained_empty(predicted):
        return ""   # answer_of printed why there is no prediction: nothing to add
    if not isinstance(predicted, np.ndarray) and predicted in NOT_GIVEN:
        return wrap(f"{name}: no prediction yet — write your guess in the prediction cell before "
                    "running the experiment, then run both again.")
    if isinstance(measured, str):
        said, got = str(predicted).strip(), str(measured).strip()
        if choices and not any(same_label(said, c, synonyms.get(c, ())) for c in choices):
            named = ", ".join(repr(c) for c in choices)
            return wrap(f"{name}: I could not read your prediction {said!r} as one of {named}. Write one "
                        "of them in your prediction cell, then run both cells again.")
        if same_label(said, got, synonyms.get(measured, ())):
            return wrap(f"{name}: you predicted {said!r}, and so it is. {praise[0]}", *praise[1:])
        meaning = next((m for k, m in known.items() if same_label(said, k, synonyms.get(k, ()))), "")
        return wrap(f"{name}: you predicted {said!r}; the experiment says {got!r}.", meaning, why)
    guess, value = _number(predicted), _number(measured)
    if guess is None:
        return wrap(f"{name}: a prediction here is one number, but yours is {_describe(predicted)}.")
    if value is None:
        raise TypeError("measured must be one number or a label")
    if within_factor is not None:
        right = guess * value > 0 and max(guess / value, value / guess) <= within_factor
        closeness = f"within a factor {short(within_factor)}"
    else:
        right = _close(guess, value, rtol, 0.0)
        closeness = f"within {short(100 * rtol)} %"
    head = f"{name}: you predicted {short(guess, digits)}, the experiment measured {short(value, digits)}"
    if right:
        return wrap(f"{head}: {closeness}. {praise[0]}", *praise[1:])
    meaning = next((m for k, m in known.items()
                    if _number(k) is not None and _close(guess, _number(k), rtol, 0.0)), "")
    return wrap(f"{head}: {_gap(guess, value)}.", meaning, why)


def _gap(guess, value) -> str:
    """How a prediction misses: by what factor, or in which direction."""
    if guess == 0 or value == 0 or (guess > 0) != (value > 0):
        if (guess > 0) != (value > 0) and guess != 0 and value != 0:
            return "the sign is the other way round"
        return f"yours is {'larger' if guess > value else 'smaller'}"
    ratio = value / guess
    if 0.5 <= ratio <= 2:
        off = 100 * abs(guess - value) / abs(value)
        return f"yours is {short(off, 2)} % {'too small' if abs(guess) < abs(value) else 'too large'}"
    if ratio > 1:
        return f"the measurement is {short(ratio, 2)} times your prediction"
    return f"your prediction is {short(1 / ratio, 2)} times the measurement"
