"""Naming what is wrong: the form of the outputs, an exception, or which mistake fits.

:func:`explain` tries, in order: one classic mistake on every output; the
outputs in another order (alone, or with one mistake); two mistakes at once
(the exercise's ``combined`` list); one output explained by a mistake while
something else is wrong too; and last, where the answer first differs.
"""
from __future__ import annotations

import itertools

import numpy as np

from .calling import call, plain_signature
from .comparing import as_outputs, equal_on_every_case, first_difference, wrong_outputs
from .messages import (ROUND_OFF_LEVEL, agreeing_digits, describe_value, difference_text, fmt,
                       fmt_apart, index_text, names_text, shape_text)
from .verdicts import Verdict, as_mistake


def shape_problem(ex, result, expected, case):
    """Why ``result`` does not have the form of ``expected``: a (what, hint) pair, or None."""
    n = len(ex.outputs)
    if result is None:
        return "returned None.", "Did you forget the `return` statement at the end?"
    if n > 1:
        if not isinstance(result, (tuple, list)) or len(result) != n:
            return (f"returned {describe_value(result)}, but it must return {n} values.",
                    f"End with `return {', '.join(ex.outputs)}`, in that order.")
    elif isinstance(result, tuple):
        return (f"returned {describe_value(result)}, but it must return just one array, "
                f"{ex.outputs[0]}.", f"Write `return {ex.outputs[0]}`, without a comma or brackets.")
    for name, want, got in zip(ex.outputs, expected, as_outputs(result, n)):
        want_shape = np.shape(want)
        if want_shape == ():  # a number: accept a Python float, a NumPy scalar or a 0-d array
            try:
                value = np.asarray(got, dtype=float)
            except (TypeError, ValueError):  # a string, a complex number, ...
                value = None
            if value is None or value.shape != ():
                return (f"returned {describe_value(got)} for {name} on {case.label}; it should be "
                        "a single number.", "Did you forget to take the mean?")
            dtype = np.asarray(got).dtype
            if np.issubdtype(dtype, np.floating) and dtype.itemsize < 8:
                return (f"returned a {dtype.name} number for {name} on {case.label}; keep NumPy's "
                        "float64.", f"A {dtype.name} keeps too few digits to compare with the "
                        "reference.")
            continue
        if isinstance(got, (int, float, np.number)):
            return (f"returned a single number for {name} on {case.label}, but it should be an "
                    f"array of shape {shape_text(want_shape)}, like the input.",
                    "Look for an accidental np.sum, np.mean or float(...).")
        if not isinstance(got, np.ndarray):
            return (f"returned {describe_value(got)} for {name} on {case.label}, but it should "
                    f"be a NumPy array of shape {shape_text(want_shape)}.",
                    "Compute with NumPy operations on the input arrays, or convert with "
                    "np.array(...).")
        if not (np.issubdtype(got.dtype, np.integer) or np.issubdtype(got.dtype, np.floating)):
            return (f"returned an array of {got.dtype.name} values for {name} on {case.label}; "
                    "it should hold real numbers (floats), like the input.", "")
        if np.issubdtype(got.dtype, np.floating) and got.dtype.itemsize < 8:
            return (f"returned {got.dtype.name} values for {name} on {case.label}; keep NumPy's "
                    "float64.", f"A {got.dtype.name} keeps too few digits to compare with the "
                    "reference.")
        if got.shape != want_shape:
            return (f"returned {name} with shape {shape_text(got.shape)} on {case.label}, but "
                    f"it should have the shape of the input, {shape_text(want_shape)}.",
                    "Look for an accidental sum, a reshape, or broadcasting of arrays of "
                    "different shapes.")
    return None


def exception_hint(ex, error: Exception) -> str:
    text = str(error)
    if isinstance(error, TypeError) and "argument" in text:
        signature = f"{ex.name}{plain_signature(ex.reference)}"
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


def constant_factor(expected, got):
    """k if ``got`` is k times ``expected`` on every case (k != 1, same k everywhere), else None."""
    ratios = []
    for e, g in zip(expected, got):
        e, g = np.asarray(e, dtype=float), np.asarray(g, dtype=float)
        if e.shape != g.shape or not (np.isfinite(e).all() and np.isfinite(g).all()):
            return None
        big = np.abs(e) > 1e-12 * max(np.abs(e).max(initial=0.0), 1e-300)
        if not np.all(g[~big] == 0) and (~big).any():
            return None
        ratios.extend((g[big] / e[big]).ravel())
    if not ratios:
        return None
    k = ratios[0]
    if np.isclose(k, 1.0) or k == 0 or not np.allclose(ratios, k, rtol=1e-9, atol=0):
        return None
    return k


def _where(ex, wrong) -> str:
    """'theta_new is wrong (m_new and v_new are right): ' for exercises with several outputs."""
    if len(ex.outputs) < 2 or not wrong:
        return ""
    bad = [ex.outputs[i] for i in wrong]
    good = [o for i, o in enumerate(ex.outputs) if i not in wrong]
    text = f"{names_text(bad)} {'is' if len(bad) == 1 else 'are'} wrong"
    if good:
        text += f" ({names_text(good)} {'is' if len(good) == 1 else 'are'} right)"
    return text + ": "


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", ")")) else text + "."


def _near_miss_hint(ex, expected, got) -> str:
    """The hint for a wrong value: what a tiny relative gap means, or the exercise's debugging hint."""
    e, g = float(expected), float(got)
    if e != 0 and np.isfinite(e) and np.isfinite(g) and abs(g - e) <= ROUND_OFF_LEVEL * abs(e):
        return (f"Yours agrees to about {agreeing_digits(e, g)} significant digits: too close for a slip "
                "in the formula, too far for float64 round-off. That is what float32 arithmetic or a "
                "numerical approximation (a finite difference, a truncated series) gives; compute the "
                "exact formula in float64." + (" " + ex.near_miss_hint if ex.near_miss_hint else ""))
    return ex.debug_hint


def explain(ex, cases, expected, got) -> Verdict:
    """The verdict for outputs of the right form that are not all correct."""
    name, n = ex.name, len(ex.outputs)
    wrong = wrong_outputs(expected, got)

    def predictions(mistakes):
        for entry in mistakes:
            mistake = as_mistake(entry)
            try:
                predicted = [as_outputs(call(mistake.mutant, case)[0], n) for case in cases]
            except Exception:  # a mutant that cannot run on these cases names nothing
                continue
            yield mistake, predicted

    singles = list(predictions(ex.mistakes))
    for mistake, predicted in singles:
        if equal_on_every_case(predicted, got):
            return Verdict("mistake", f"{name}: not quite — {_where(ex, wrong)}"
                                      f"{_sentence(mistake.what)}", fix=mistake.fix)

    for perm in itertools.permutations(range(n)):
        if perm == tuple(range(n)):
            continue
        reordered = [tuple(g[perm[i]] for i in range(n)) for g in got]
        returned = ", ".join(ex.outputs[perm.index(i)] for i in range(n))
        order = (f"{name}: not quite — you returned the outputs in the wrong order: yours come "
                 f"out as ({returned})")
        fix = f"Return them in the order `return {', '.join(ex.outputs)}`."
        if equal_on_every_case(expected, reordered):
            return Verdict("order", order + "; the values themselves are right.", hint=fix)
        for mistake, predicted in singles:
            if equal_on_every_case(predicted, reordered):
                return Verdict("order", f"{order}, and {_sentence(mistake.what)}",
                               fix=f"{fix} {mistake.fix}".strip())

    for mistake, predicted in predictions(ex.combined()):
        if equal_on_every_case(predicted, got):
            return Verdict("mistake", f"{name}: not quite — {_where(ex, wrong)}two mistakes: "
                                      f"{_sentence(mistake.what)}", fix=mistake.fix)

    state_first = [i for i in list(range(1, n)) + [0] if i in wrong]
    for i in state_first:
        for mistake, predicted in singles:
            if any(p[i] is None for p in predicted):
                continue
            if equal_on_every_case(predicted, got, outputs={i}):
                if wrong == [i]:   # the mistake made in this output only; every other output is right
                    return Verdict("mistake", f"{name}: not quite — {_where(ex, wrong)}in {ex.outputs[i]}, "
                                              f"{_sentence(mistake.what)}", fix=mistake.fix)
                return Verdict("mistake", (
                    f"{name}: not quite — {_where(ex, wrong)[:-2] or 'it is wrong'}, for more "
                    f"than one reason. One of them, in {ex.outputs[i]}: {_sentence(mistake.what)}"),
                    hint="Fix that one, run both cells again, and the check will look for the "
                         "next.", fix=mistake.fix)

    for i in state_first:
        factor = constant_factor([w[i] for w in expected], [g[i] for g in got])
        if factor is not None:
            what = ("has the wrong sign" if np.isclose(factor, -1.0) else
                    f"is {fmt(factor)} times the right value")
            return Verdict("mistake", (
                f"{name}: not quite — {_where(ex, wrong)}your {ex.outputs[i]} {what} on every test: "
                "a constant factor is missing or extra (a 2, a count, 1 - beta, lr) or a sign is "
                "flipped."), hint=ex.debug_hint)

    for case, want, have in zip(cases, expected, got):
        for i in state_first:
            diff = first_difference(want[i], have[i])
            if diff is not None:
                index, e, g = diff
                where = f"{ex.outputs[i]}{index_text(index)}"
                want_text, got_text = fmt_apart(e, g)
                return Verdict("wrong", (
                    f"{name}: not quite — on {case.label}, {where} should be {want_text} but yours "
                    f"gives {got_text}{difference_text(e, g)}."), hint=_near_miss_hint(ex, e, g))
    raise AssertionError("unreachable: outputs differ but no difference found")
