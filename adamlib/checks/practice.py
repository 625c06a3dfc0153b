"""Lesson 07: ``adam_inplace(theta, grad, m, v, t, lr, beta1, beta2, eps)``, an Adam step that moves little memory.

The contract (what the lesson asks): update ``theta``, ``m`` and ``v`` IN PLACE to the values of one
Adam step (torch's, as ``adamlib.steps.adam_step``), leave ``grad`` unchanged, return nothing, and
allocate at most ONE new array of theta's size (a scratch buffer) while doing it.

The check runs the student's function on copies of seeded arrays for three consecutive steps (and
one setting with unusual hyperparameters), compares the arrays it wrote with ``adam_step``'s
outputs, and measures with ``tracemalloc`` the largest amount of memory the call held at once
beyond its inputs. One verdict, the first that applies: not done / adamlib's own function handed in
/ raised / a new array returned, or the caller's arrays not updated (rebinding instead of writing)
/ grad changed / a named Adam mistake (eps inside the root, no bias correction, ...) / wrong /
too many temporary arrays / correct.
"""
from __future__ import annotations

import inspect
import tracemalloc

import numpy as np

from .. import steps
from ..steps import adam_inplace  # the reference, handed back until the student's passes
from .adam import ADAM_FLAGS, ADAM_WORDS, adam_like
from .calling import Quiet, code_of, is_reference, watching
from .comparing import first_difference, outputs_equal
from .engine import Verdict, finish, not_done_verdict, reference_verdict
from .verdicts import judged, raised_verdict
from .messages import fmt, index_text, shape_text

NAME = "adam_inplace"
SCRATCH_ARRAYS = 1          # the contract: one scratch array of theta's size
SLACK = 0.25                # plus a quarter array for small objects (Python floats, views)
CHECK_SIZE = 20_000         # elements: 160 kB, well above small-object noise, below NumPy's
                            # temporary-elision threshold (256 kB), so every temporary is real


def _cases():
    """(label, theta, grads for consecutive steps, hyperparameters)."""
    rng = np.random.default_rng(70)
    usual = {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    unusual = {"lr": 0.1, "beta1": 0.8, "beta2": 0.95, "eps": 1e-3}
    settings = [((3,), 1.0, usual), ((2, 3), 1e-3, usual), ((CHECK_SIZE,), 1e3, usual),
                ((4,), 1.0, unusual)]
    cases = []
    for shape, scale, hyper in settings:
        label = f"shape {shape_text(shape)}, gradients of size ~{scale:g}"
        if hyper is unusual:
            label = f"shape {shape_text(shape)}, " + ", ".join(f"{k}={v:g}" for k, v in hyper.items())
        cases.append((label, rng.normal(size=shape), scale * rng.normal(size=(3, *shape)), hyper))
    return cases


def _rollout(step_fn, theta, grads, hyper):
    """Consecutive steps of an out-of-place step function (adam_step): [(theta, m, v) after each step]."""
    m, v, out = np.zeros_like(theta), np.zeros_like(theta), []
    for t, g in enumerate(grads, start=1):
        theta, m, v = step_fn(theta, g, m, v, t, hyper["lr"], hyper["beta1"], hyper["beta2"], hyper["eps"])
        out.append((theta, m, v))
    return out


INPLACE_FLAGS = [f for f in ADAM_FLAGS if f != "returned_corrected"]


def _peak_bytes(fn, args):
    """The largest number of bytes the call held at once beyond its inputs (tracemalloc), and its result."""
    was_tracing = tracemalloc.is_tracing()
    if not was_tracing:
        tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    try:
        result = fn(*args[:5], lr=args[5], beta1=args[6], beta2=args[7], eps=args[8])
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        if not was_tracing:
            tracemalloc.stop()
    return result, peak


def verdict(student_fn) -> Verdict:
    """Judge ``student_fn`` without printing."""
    if not callable(student_fn):
        return Verdict("form", f"{NAME}: expected your function, but got a {type(student_fn).__name__}.",
                       f"Pass the function itself: `{NAME} = check_{NAME}({NAME})`.")
    codes = code_of(adam_inplace) | code_of(steps.adam_step)
    if is_reference(student_fn, adam_inplace):
        return reference_verdict(NAME, called=False)
    try:
        params = inspect.signature(student_fn).parameters
        missing = [k for k in ("lr", "beta1", "beta2", "eps") if k not in params]
        if missing and not any(p.kind == p.VAR_KEYWORD for p in params.values()):
            return Verdict("form", f"{NAME}: your function has no parameter named `{missing[0]}`, but the "
                                   f"lesson calls it by that name.",
                           f"Keep the parameters as given: {NAME}(theta, grad, m, v, t, lr=1e-3, "
                           "beta1=0.9, beta2=0.999, eps=1e-8).")
    except (TypeError, ValueError):
        pass

    peaks, returns_something = [], False
    for label, theta0, grads, hyper in _cases():
        expected = _rollout(steps.adam_step, theta0, grads, hyper)
        theta, m, v = theta0.copy(), np.zeros_like(theta0), np.zeros_like(theta0)
        for t, (g, want) in enumerate(zip(grads, expected), start=1):
            before = (theta.copy(), m.copy(), v.copy())
            grad = g.copy()
            args = (theta, grad, m, v, t, hyper["lr"], hyper["beta1"], hyper["beta2"], hyper["eps"])
            where = f"the test with {label}, step t={t}"
            try:
                with Quiet(), watching(codes) as seen:
                    result, peak = _peak_bytes(student_fn, args)
            except NotImplementedError:
                return not_done_verdict(NAME)
            except Exception as error:
                hint = ("`out=` must be an array of the same shape and dtype, e.g. "
                        "np.multiply(grad, 1 - beta1, out=scratch)." if "out" in str(error)
                        else "Call your function on small arrays in a new cell to see the full traceback.")
                return raised_verdict(NAME, error, where, hint)
            if seen:
                return reference_verdict(NAME, called=True)
            if not np.array_equal(grad, g):
                return Verdict("mutated", f"{NAME}: you changed `grad` (on {where}); the caller still needs "
                                          "its gradient.",
                               "Use your scratch array for intermediate results, never grad.")
            unchanged = [name for name, b, a in zip(("theta", "m", "v"), before, (theta, m, v))
                         if np.array_equal(a, b)]
            returned = isinstance(result, (tuple, list)) and len(result) == 3 and all(
                isinstance(r, np.ndarray) for r in result)
            if unchanged and returned and outputs_equal(want, result):
                return Verdict("form", f"{NAME}: your step computes the right numbers, but returns them as "
                                       f"new arrays: the caller's {', '.join(unchanged)} did not change.",
                               "This exercise is about not making new arrays: write the results into theta, "
                               "m and v themselves (`m *= beta1`, `np.add(m, scratch, out=m)`, ...) and "
                               "return nothing.")
            got = (theta.copy(), m.copy(), v.copy())
            if not outputs_equal(want, got):
                return _explain(before, g, t, hyper, want, got, unchanged, where)
            returns_something = returns_something or result is not None
            peaks.append((peak / theta0.nbytes, label, t) if theta0.size == CHECK_SIZE else None)
            theta, m, v = want[0].copy(), want[1].copy(), want[2].copy()   # the next step starts right
    arrays, label, t = max(p for p in peaks if p is not None)
    if arrays > SCRATCH_ARRAYS + SLACK:
        return Verdict("memory", f"{NAME}: the numbers are right, but your function held about "
                                 f"{arrays:.0f} new arrays of theta's size at once (on the test with {label}, "
                                 f"step t={t}); the exercise allows one scratch array.",
                       "Every operator in an expression like `beta1 * m + (1 - beta1) * grad` makes a new "
                       "array. Compute into your scratch array with `out=` (np.multiply(grad, 1 - beta1, "
                       "out=scratch)) and update in place (`m *= beta1`, `m += scratch`).")
    note = (" (It also returns a value, which the lesson ignores: the exercise asks for None, so that no "
            "caller mistakes a return value for new arrays.)" if returns_something else "")
    return Verdict("passed", f"{NAME}: correct on {sum(len(c[2]) for c in _cases())} steps, writing in place "
                             f"with at most one scratch array. Well done!{note}")


def _explain(before, g, t, hyper, want, got, unchanged, where):
    """A named Adam mistake, else rebinding (arrays left unchanged), else where the numbers first differ."""
    h = (hyper["lr"], hyper["beta1"], hyper["beta2"], hyper["eps"])
    for flag in INPLACE_FLAGS:
        with np.errstate(all="ignore"):
            predicted = adam_like(before[0], g, before[1], before[2], t, *h, (flag,))
        if outputs_equal(predicted, got):
            what, fix = ADAM_WORDS[flag]
            return Verdict("mistake", f"{NAME}: not quite — {what}",
                           fix=fix.format(denom="np.sqrt(v_hat) + eps"))
    if len(unchanged) == 3:
        return Verdict("mistake", f"{NAME}: nothing changed in theta, m or v (on {where}): your function "
                                  "must write its results into them.",
                       "`theta = theta - ...` only rebinds a local name; `theta -= ...` (or out=theta) "
                       "writes into the caller's array.")
    if unchanged:
        return Verdict("mistake", f"{NAME}: not quite — the caller's {' and '.join(unchanged)} did not change "
                                  f"(on {where}). A line like `m = beta1 * m + ...` makes a NEW array and gives "
                                  "it the local name m; the caller's array is untouched.",
                       "Write into the existing array instead: `m *= beta1`, `m += scratch`, or "
                       "`np.multiply(m, beta1, out=m)`.")
    names = ("theta", "m", "v")
    if all(np.allclose(w, g_, rtol=1e-5, atol=0) for w, g_ in zip(want, got)):
        # the right formula, numbers off in the 7th digit: something was computed in float32
        return Verdict("mistake", f"{NAME}: not quite — your numbers agree with Adam's to about 7 digits only "
                                  f"(on {where}): that is float32's precision, not float64's.",
                       "Was your scratch array made as float32 (np.empty(n, dtype=np.float32), or a cast)? "
                       "Make it with np.empty_like(theta): the same shape and dtype as theta.")
    for i in (1, 2, 0):
        diff = first_difference(want[i], got[i])
        if diff is not None:
            index, ev, gv = diff
            return Verdict("wrong", f"{NAME}: not quite — on {where}, {names[i]}{index_text(index)} should "
                                    f"be {fmt(ev)} but yours is {fmt(gv)}.",
                           "If you wrote `scratch = m` (or `= theta`), that is not a new array but a second "
                           "name for the same one: make it with np.empty_like(theta). Otherwise print the "
                           "arrays after each line on a 1-element example and compare with the equations.")
    raise AssertionError("unreachable: the outputs differ but no difference was found")


def check_adam_inplace(student_fn, hint=False):
    """Check your `adam_inplace`: right numbers, written in place, at most one scratch array.

    Prints the verdict and returns the function to use from here on: yours if it passed, otherwise
    adamlib's. `check_adam_inplace(adam_inplace, hint=True)` also shows the corrected formula.
    """
    __tracebackhide__ = True
    result = judged(verdict, student_fn, NAME)
    if result.kind == "memory":  # right numbers: the lesson may go on with them, but it does not pass
        result = Verdict("wrong", result.message, result.hint)
    return finish(result, NAME, adam_inplace, student_fn, hint)
