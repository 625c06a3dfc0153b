"""The engine behind every ``check_<exercise>``: run, compare, name the mistake.

An exercise is described by an :class:`Exercise`: the reference answer, the
names of its outputs, the test cases, and a list of classic mistakes, each a
``(description, mutant)`` pair where the mutant is the reference with that
one mistake made.  :func:`check` then

1. calls the student's function on every case (a fresh copy of the inputs,
   warnings silenced, every exception caught);
2. gives ONE verdict, the first that applies:
   not done yet (NotImplementedError) / raised an exception / returned the
   wrong number, type or shape of outputs / changed an input in place /
   correct / a named mistake (the first mutant whose outputs equal the
   student's on EVERY case) / wrong, with where it first differs;
3. prints that verdict as one line and returns the function the lesson should
   go on with: the student's if it passed, otherwise the reference.

It never raises into the notebook, except when the environment variable
``ADAMLIB_GRADING=1`` is set (autograding with nbgrader): then a failed or
not-done check raises ``AssertionError(<the printed message>)`` after printing.

Writing a new check (e.g. in ``adamlib/checks/training.py``)::

    from .engine import Case, Exercise, make_check

    def _cases():
        return [Case({"x": np.array([1.0, 2.0])}, "x = [1, 2]"), ...]

    def _forgot_square(x): ...

    MY_EXERCISE = Exercise(
        name="my_fn", reference=steps.my_fn, outputs=("y",), cases=_cases,
        mistakes=[("you forgot to square x: ... Fix: ...", _forgot_square)],
        debug_hint="Print x**2 inside your function and compare ...")
    check_my_fn = make_check(MY_EXERCISE)

For optimizer steps, :func:`optimizer_cases` builds the cases: several shapes
and gradient scales, consecutive steps t = 1, 2, 3 with the outputs fed back in.

Messages are plain, stable text (numbers formatted with 6 significant
digits, no object reprs), because nbval compares notebook outputs.
"""
from __future__ import annotations

import contextlib
import inspect
import io
import os
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

RTOL = 1e-9
"""Relative tolerance for "equal": far above round-off, far below any real mistake."""

GRADING_VARIABLE = "ADAMLIB_GRADING"


@dataclass(frozen=True)
class Case:
    """One call of an exercise.

    ``args`` maps each parameter name to its value, in the signature's order
    (the functions are called positionally, so a student's own defaults never
    matter).  ``label`` says where the case comes from in words a student
    reads in a message, e.g. "the test with shape (3,), gradients ~1e-3, step t=2".
    """
    args: dict
    label: str


@dataclass(frozen=True)
class Exercise:
    """Everything the engine needs to check one exercise.

    name:       the function's name, as the lesson spells it ("adam_step").
    reference:  the right answer (from ``adamlib.steps``).
    outputs:    names of what it returns, e.g. ("theta_new", "m_new", "v_new");
                a single name means it returns one bare value, not a tuple.
    cases:      a function returning the list of :class:`Case` (built on demand,
                seeded, so every run sees the same numbers).
    mistakes:   ``(description, mutant)`` pairs, most specific first.  A mutant
                takes the same arguments as the reference; it may return
                ``None`` for an output whose value does not identify the
                mistake ("anything goes" there).  The description is one or
                two sentences: what the student did, and the fix.
    debug_hint: what to print when no mistake matches.
    """
    name: str
    reference: Callable
    outputs: tuple
    cases: Callable[[], list]
    mistakes: list = field(default_factory=list)
    debug_hint: str = ("Call your function yourself on a small example, print the intermediate "
                       "values and compare them with the equations above.")


@dataclass(frozen=True)
class Verdict:
    """The outcome of a check.

    kind:    "passed", "not done", "raised", "form" (wrong number, type or shape
             of outputs), "mutated", "mistake" (a named one) or "wrong".
    message: the line to print (without the closing "the rest of this lesson
             uses the reference" sentence, which :func:`check` adds).
    """
    kind: str
    message: str

    @property
    def passed(self) -> bool:
        return self.kind == "passed"


# ---------------------------------------------------------------------------
# numbers and arrays in messages


def fmt(x) -> str:
    """A number with 6 significant digits, the same on every machine: 0.00123457, -1.5e+07, nan."""
    return f"{float(x):.6g}"


def shape_text(shape) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def describe_value(value) -> str:
    """What a returned object is, in a few words and without a repr."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"an array of shape {shape_text(value.shape)}"
    if isinstance(value, (int, float, np.number)):
        return "a single number"
    if isinstance(value, (tuple, list)):
        n = len(value)
        return f"a {type(value).__name__} of {n} value{'' if n == 1 else 's'}"
    return f"a {type(value).__name__}"


def first_difference(expected, got):
    """Where ``got`` differs from ``expected`` (same shapes), or None if they are equal.

    Equal means ``allclose`` with relative tolerance :data:`RTOL`, an absolute
    tolerance of RTOL * 1e-3 times the largest entry of ``expected`` (for
    entries that cancel to almost 0), and NaN equal to NaN, inf to inf.
    Returns ``(index, expected_value, got_value)`` with ``index`` a tuple.
    """
    expected = np.asarray(expected, dtype=float)
    got = np.asarray(got, dtype=float)
    finite = np.abs(expected[np.isfinite(expected)])
    atol = RTOL * 1e-3 * (finite.max() if finite.size else 0.0)
    with np.errstate(all="ignore"):
        close = np.isclose(got, expected, rtol=RTOL, atol=atol, equal_nan=True)
    if close.all():
        return None
    index = tuple(int(i) for i in np.argwhere(~close)[0])
    return index, expected[index], got[index]


def index_text(index) -> str:
    return "[" + ", ".join(str(i) for i in index) + "]" if index else ""


# ---------------------------------------------------------------------------
# calling functions safely


def _copy(value):
    return value.copy() if isinstance(value, np.ndarray) else value


def call(fn, case: Case):
    """``fn(*case.args)`` on fresh copies of the inputs, quietly.

    NumPy warnings are silenced and anything ``fn`` prints is discarded: the
    check prints one line however many cases it runs (and a leftover debug
    print in a solution cannot change a notebook's output).
    Returns ``(result, inputs_after_call)``.  Exceptions propagate.
    """
    args = {name: _copy(value) for name, value in case.args.items()}
    with warnings.catch_warnings(), np.errstate(all="ignore"), \
            contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        result = fn(*args.values())
    return result, args


def as_outputs(result, n):
    """The outputs of a call as a tuple of length ``n`` (one bare value when n == 1)."""
    return (result,) if n == 1 else tuple(result)


def outputs_equal(expected, got) -> bool:
    """True if every compared output agrees (None in ``expected`` means: not compared)."""
    return all(e is None or first_difference(e, g) is None for e, g in zip(expected, got))


# ---------------------------------------------------------------------------
# the verdict


def _shape_problem(ex: Exercise, result, expected, case: Case):
    """Why ``result`` does not have the form of ``expected`` (a phrase), or None."""
    n = len(ex.outputs)
    if result is None:
        return "returned None: did you forget the `return` statement at the end?"
    if n > 1:
        wanted = "(" + ", ".join(ex.outputs) + ")"
        if not isinstance(result, (tuple, list)) or len(result) != n:
            return (f"returned {describe_value(result)}, but it must return {n} values: "
                    f"`return {', '.join(ex.outputs)}`, in that order {wanted}.")
    elif isinstance(result, tuple):
        return (f"returned {describe_value(result)}, but it must return just one array, "
                f"{ex.outputs[0]}: `return {ex.outputs[0]}`, without a comma or brackets.")
    for name, want, got in zip(ex.outputs, expected, as_outputs(result, n)):
        want_shape = np.shape(want)
        if want_shape == ():  # a number: accept a Python float, a NumPy scalar or a 0-d array
            try:
                value = np.asarray(got, dtype=float)
            except (TypeError, ValueError):  # a string, a complex number, ...
                value = None
            if value is None or value.shape != ():
                return (f"returned {describe_value(got)} for {name} on {case.label}; "
                        "it should be a single number. Did you forget to take the mean?")
            continue
        if isinstance(got, (int, float, np.number)):
            return (f"returned a single number for {name} on {case.label}, but it should be an "
                    f"array of shape {shape_text(want_shape)}, like the input. Look for an accidental "
                    "np.sum, np.mean or float(...).")
        if not isinstance(got, np.ndarray):
            return (f"returned {describe_value(got)} for {name} on {case.label}, but it should "
                    f"be a NumPy array of shape {shape_text(want_shape)}. Compute with NumPy "
                    "operations on the input arrays, or convert with np.array(...).")
        if not (np.issubdtype(got.dtype, np.integer) or np.issubdtype(got.dtype, np.floating)):
            return (f"returned an array of {got.dtype.name} values for {name} on {case.label}; "
                    "it should hold real numbers (floats), like the input.")
        if np.issubdtype(got.dtype, np.floating) and got.dtype.itemsize < 8:
            return (f"returned {got.dtype.name} values for {name} on {case.label}; keep NumPy's "
                    f"float64 (a {got.dtype.name} keeps too few digits to compare with the reference).")
        if got.shape != want_shape:
            return (f"returned {name} with shape {shape_text(got.shape)} on {case.label}, but "
                    f"it should have the shape of the input, {shape_text(want_shape)}. Look for an "
                    "accidental sum, a reshape, or broadcasting of arrays of different shapes.")
    return None


def _exception_hint(ex: Exercise, error: Exception) -> str:
    text = str(error)
    if isinstance(error, TypeError) and "argument" in text:
        signature = f"{ex.name}{inspect.signature(ex.reference)}"
        return f"Keep the function's parameters exactly as given: {signature}."
    if isinstance(error, NameError):
        return ("A name is used that the function does not define: check the spelling, "
                "and use only the function's parameters and what you compute from them.")
    if isinstance(error, (ValueError, IndexError)) and any(
            word in text for word in ("shape", "broadcast", "dimension")):
        return "Two arrays of different shapes met: combine only arrays shaped like the inputs."
    if isinstance(error, ZeroDivisionError):
        return "Something you divide by is 0, e.g. 1 - beta**t with t = 0: t starts at 1."
    return "Call your function on a small example in a new cell to see the full traceback."


def verdict(ex: Exercise, student_fn) -> Verdict:
    """Judge ``student_fn`` against ``ex``, without printing.

    Whatever the student's function raises or returns ends up in the verdict;
    only a bug in ``ex`` itself (its cases or reference) can raise here.
    """
    name = ex.name
    if not callable(student_fn):
        return Verdict("form", f"{name}: expected your function, but got {describe_value(student_fn)}. "
                              f"Pass the function itself: `{name} = check_{name}({name})`, without "
                              "calling it (no brackets after its name).")
    cases = ex.cases()
    n = len(ex.outputs)
    expected = [as_outputs(call(ex.reference, case)[0], n) for case in cases]

    got = []
    for case, want in zip(cases, expected):
        try:
            result, after = call(student_fn, case)
        except NotImplementedError:
            return Verdict("not done", f"{name}: not done yet — fill in the cell above and run this check "
                                  "again. The lesson continues with adamlib's reference implementation.")
        except Exception as error:  # the student's bug, reported, not raised
            message = " ".join(str(error).split())[:200]
            message = f": {message}" if message else ""
            return Verdict("raised", f"{name} raised {type(error).__name__}{message} (on {case.label}). "
                                  f"{_exception_hint(ex, error)}")
        problem = _shape_problem(ex, result, want, case)
        if problem:
            return Verdict("form", f"{name}: {problem}")
        for arg, before in case.args.items():
            if isinstance(before, np.ndarray) and not np.array_equal(before, after[arg], equal_nan=True):
                return Verdict("mutated", (
                    f"{name}: you changed `{arg}` in place (e.g. with `{arg} *= ...`, `{arg} -= ...` "
                    f"or `{arg}[:] = ...`); return new arrays instead — the caller still needs the "
                    f"old values. `{arg} = {arg} * ...` makes a new array; `{arg} *= ...` overwrites "
                    "the old one."))
        got.append(as_outputs(result, n))

    if all(outputs_equal(w, g) for w, g in zip(expected, got)):
        return Verdict("passed", f"{name}: correct on {len(cases)} test cases. Well done!")

    for description, mutant in ex.mistakes:
        try:
            predicted = [as_outputs(call(mutant, case)[0], n) for case in cases]
        except Exception:  # a mutant that cannot run on these cases names nothing
            continue
        if all(outputs_equal(p, g) for p, g in zip(predicted, got)):
            return Verdict("mistake", f"{name}: not quite — {description}")

    order = list(range(1, n)) + [0]  # state before parameters: a wrong m explains a wrong theta
    for case, want, have in zip(cases, expected, got):
        for i in order:
            diff = first_difference(want[i], have[i])
            if diff is not None:
                index, e, g = diff
                where = f"{ex.outputs[i]}{index_text(index)}"
                return Verdict("wrong", (
                    f"{name}: not quite — on {case.label}, {where} should be {fmt(e)} but yours "
                    f"gives {fmt(g)}{_difference(e, g)}. {ex.debug_hint}"))
    raise AssertionError("unreachable: outputs differ but no difference found")


def _difference(expected, got) -> str:
    if np.isnan(got):
        return " (NaN comes from the square root of a negative number, or from 0 / 0)"
    if np.isinf(got) or np.isinf(expected) or np.isnan(expected):
        return ""
    return f" (a difference of {fmt(got - expected)})"


def fallback_sentence(ex: Exercise) -> str:
    return f" The rest of this lesson uses adamlib's reference {ex.name} until yours passes."


def check(ex: Exercise, student_fn):
    """Check ``student_fn``, print ONE line, return the function to go on with.

    Returns ``student_fn`` if it passed, otherwise ``ex.reference``.  Never
    raises, unless ``ADAMLIB_GRADING=1`` and the check failed: then it raises
    ``AssertionError`` with the printed message (for nbgrader).
    """
    try:
        result = verdict(ex, student_fn)
    except Exception as error:  # a bug in the checker itself must not stop the lesson
        result = Verdict("raised", f"{ex.name}: the checker itself failed ({type(error).__name__}); "
                                "please report this to the course authors.")
    message = result.message
    if result.kind not in ("passed", "not done"):
        message += fallback_sentence(ex)
    print(message)
    if not result.passed and os.environ.get(GRADING_VARIABLE) == "1":
        raise AssertionError(message)
    return student_fn if result.passed else ex.reference


def make_check(ex: Exercise) -> Callable[[Any], Callable]:
    """``check_<name>(student_fn) -> fn_to_use`` for exercise ``ex``, with a docstring."""
    def check_exercise(student_fn):
        return check(ex, student_fn)
    check_exercise.__name__ = check_exercise.__qualname__ = f"check_{ex.name}"
    check_exercise.__doc__ = (
        f"Check your `{ex.name}` against adamlib's reference and name the mistake if there is one.\n\n"
        f"Prints one line and returns the function to use from here on: yours if it passed,\n"
        f"otherwise `adamlib.steps.{ex.name}`.  Usage: `{ex.name} = check_{ex.name}({ex.name})`.\n")
    check_exercise.exercise = ex
    return check_exercise


# ---------------------------------------------------------------------------
# test cases for optimizer steps


SETTINGS = (  # (shape, gradient scale): a scalar-like array, tiny, huge and ordinary gradients
    ((1,), 1.0),
    ((3,), 1e-3),
    ((2, 3), 1e3),
)


def rollout(reference, start: dict, grads, carry, label: str) -> list:
    """Cases for consecutive steps t = 1, 2, ... of an optimizer step function.

    ``start`` holds every argument in signature order; its "grad" is replaced
    by ``grads[t - 1]`` and its "t" (if any) by t.  After each step the
    reference's outputs are fed back in as the lessons' loops do: output i
    becomes argument ``carry[i]`` (e.g. carry = ("theta", "m", "v")).
    Feeding the REFERENCE's outputs (not the student's) keeps every case an
    independent test of one step, so a mistake is named exactly.
    """
    args, cases = dict(start), []
    names = list(inspect.signature(reference).parameters)
    for t, grad in enumerate(grads, start=1):
        args["grad"] = grad
        if "t" in args:
            args["t"] = t
        step = f"step t={t}" if "t" in args else f"step {t}"
        cases.append(Case({name: args[name] for name in names if name in args},
                          f"the test with {label}, {step}"))
        result = reference(*cases[-1].args.values())
        outputs = result if isinstance(result, tuple) else (result,)
        args.update(zip(carry, outputs))
    return cases


def optimizer_cases(reference, hyper: dict, unusual: dict, seed: int, steps: int = 3) -> list:
    """The standard cases for ``reference(theta, grad, *state, [t], *hyperparameters)``.

    For each of :data:`SETTINGS` (1-element, 3-element and 2-D arrays with
    gradients of size ~1, ~1e-3 and ~1e3) plus one more setting with the
    ``unusual`` hyperparameters (e.g. a large eps, so eps placement shows):
    theta random, every state array zero, ``steps`` consecutive steps.
    ``hyper`` holds ALL the hyperparameters' usual values (the defaults, or the
    lesson's values); ``unusual`` overrides some of them.
    """
    rng = np.random.default_rng(seed)
    params = list(inspect.signature(reference).parameters)
    state = [p for p in params[2:] if p != "t" and p not in hyper]
    cases = []
    settings = [(shape, scale, hyper, f"shape {shape_text(shape)}, gradients of size ~{scale:g}")
                for shape, scale in SETTINGS]
    settings.append(((4,), 1.0, {**hyper, **unusual},
                     "shape (4,), " + ", ".join(f"{k}={v:g}" for k, v in unusual.items())))
    for shape, scale, values, label in settings:
        start = {"theta": rng.normal(size=shape), "grad": None}
        start.update({name: np.zeros(shape) for name in state})
        if "t" in params:
            start["t"] = 1
        start.update(values)
        grads = scale * rng.normal(size=(steps, *shape))
        cases += rollout(reference, start, list(grads), ["theta", *state], label)
    return cases
