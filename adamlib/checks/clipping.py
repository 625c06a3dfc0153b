"""Lesson 07: ``clip_global_norm(grads, max_norm) -> (clipped, norm)``, gradient clipping by the global norm.

The contract (what the lesson asks, torch's ``clip_grad_norm_``): ``grads`` is a dict of arrays; the
global norm is the square root of the sum of the squares of ALL their entries; every array is
multiplied by the same ``min(1, max_norm / (norm + 1e-6))``; the function returns a new dict (the
caller's arrays are not changed) and the norm measured BEFORE clipping.

The check runs the student's function on a few dicts (one far above ``max_norm``, one below it,
one with several 2-D arrays) and compares with the reference below. Each classic slip has a verdict
that names it: each array clipped by its own norm, the sum of squares used without its square root,
gradients below the limit scaled UP (``min`` forgotten), clipping entries one by one (``np.clip``,
which changes the direction), the norm returned after clipping, the caller's arrays changed.
"""
from __future__ import annotations

import numpy as np

from ..optim import clip_by_global_norm
from .calling import Quiet, code_of, watching
from .engine import Verdict, finish, not_done_verdict, reference_verdict
from .verdicts import judged

NAME = "clip_global_norm"
TORCH_EPS = 1e-6          # torch's clip_grad_norm_ adds it to the norm; leaving it out is tolerated
RTOL = 1e-6               # ... because it changes the result by about 1e-6 / norm, relatively


def clip_global_norm(grads, max_norm):
    """The reference: ``(clipped, norm)`` with one common factor for every array; ``grads`` unchanged."""
    norm = float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))
    scale = min(1.0, max_norm / (norm + TORCH_EPS))
    return {name: g * scale for name, g in grads.items()}, norm


def _per_array(grads, max_norm):
    out = {}
    for name, g in grads.items():
        n = float(np.sqrt(np.sum(g * g)))
        out[name] = g * min(1.0, max_norm / (n + TORCH_EPS))
    return out, float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))


def _no_sqrt(grads, max_norm):
    squares = float(sum(np.sum(g * g) for g in grads.values()))
    return {k: g * min(1.0, max_norm / (squares + TORCH_EPS)) for k, g in grads.items()}, squares


def _scales_up(grads, max_norm):
    norm = float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))
    return {k: g * (max_norm / (norm + TORCH_EPS)) for k, g in grads.items()}, norm


def _by_value(grads, max_norm):
    norm = float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))
    return {k: np.clip(g, -max_norm, max_norm) for k, g in grads.items()}, norm


# (variant, what the slip is, how to fix it); the norm-after slip is judged separately
SLIPS = [
    (_per_array, "each array is clipped by its OWN norm, so their relative sizes change",
     "Compute one norm over all arrays together (the square root of the sum of every entry's square) "
     "and scale every array by the same factor."),
    (_no_sqrt, "you used the sum of the squares as the norm: its square root is missing",
     "norm = sqrt(sum over all arrays of np.sum(g * g))."),
    (_scales_up, "gradients whose norm is already below max_norm are scaled UP",
     "Clipping only ever shrinks: the factor is min(1, max_norm / (norm + 1e-6))."),
    (_by_value, "you clipped each entry to [-max_norm, max_norm] (clipping by value): that changes the "
                "direction of the gradient",
     "Scale every array by the same factor, min(1, max_norm / (norm + 1e-6)), so the direction is kept."),
]


def _cases():
    rng = np.random.default_rng(7)
    return [("the example of the text (norm 13, max_norm 6.5)",
             {"W": np.array([[3.0, 4.0]]), "b": np.array([12.0])}, 6.5),
            ("gradients below the limit (norm 0.5, max_norm 1)",
             {"W": np.array([[0.3, 0.0], [0.0, 0.4]]), "b": np.array([0.0])}, 1.0),
            ("three random arrays (norm about 9, max_norm 1)",
             {"W1": rng.normal(size=(4, 3)), "W2": rng.normal(size=(3, 5)), "b": 5 * rng.normal(size=5)}, 1.0)]


def _same(a, b):
    return isinstance(a, dict) and set(a) == set(b) and all(
        np.shape(a[k]) == np.shape(b[k]) and np.allclose(a[k], b[k], rtol=RTOL, atol=1e-12) for k in b)


def verdict(student_fn) -> Verdict:
    """Judge ``student_fn`` without printing."""
    if not callable(student_fn):
        return Verdict("form", f"{NAME}: expected your function, but got a {type(student_fn).__name__}.",
                       f"Pass the function itself: `{NAME} = check_{NAME}({NAME})`.")
    if code_of(student_fn) & code_of(clip_global_norm):
        return reference_verdict(NAME, called=False)
    codes = code_of(clip_global_norm) | code_of(clip_by_global_norm)
    results = []                        # (label, grads, max_norm, clipped, norm) of every case
    for label, grads, max_norm in _cases():
        given = {k: g.copy() for k, g in grads.items()}
        try:
            with Quiet(), watching(codes) as seen:
                result = student_fn(given, max_norm)
        except NotImplementedError:
            return not_done_verdict(NAME)
        except Exception as error:
            message = " ".join(str(error).split())[:160]
            return Verdict("raised", f"{NAME} raised {type(error).__name__}: {message} (on {label}).",
                           "Call your function on the example of the text in a new cell to see the traceback.")
        if seen:
            return Verdict("reference", f"{NAME}: your function calls adamlib's clip_by_global_norm instead "
                                        "of doing the work itself, so there is nothing of yours to check.",
                           "Write the computation yourself, with NumPy operations on the arrays.")
        if not all(np.array_equal(given[k], grads[k]) for k in grads):
            return Verdict("mutated", f"{NAME}: you changed the caller's gradients (on {label}).",
                           "Return new arrays (`g * scale`), do not write into the ones you were given "
                           "(`g *= scale` does).")
        if not (isinstance(result, tuple) and len(result) == 2):
            return Verdict("form", f"{NAME}: return two things, (clipped, norm); you returned "
                                   f"{type(result).__name__} {str(result)[:60]}.",
                           "return clipped, norm   (a dict like grads, and the norm before clipping)")
        results.append((label, grads, max_norm, *result))
    wrong = [r for r in results if not _same(r[3], clip_global_norm(r[1], r[2])[0])]
    if wrong:
        for variant, what, fix in SLIPS:   # a slip is named when it explains every case
            if all(_same(clipped, variant(grads, max_norm)[0]) for _, grads, max_norm, clipped, _ in results):
                return Verdict("mistake", f"{NAME}: not quite — {what} (on {wrong[0][0]}).", fix)
        return Verdict("wrong", f"{NAME}: not quite — the clipped gradients differ from the formula's "
                                f"(on {wrong[0][0]}).",
                       "Print your result for the example of the text: W should become [[1.5, 2.0]] and "
                       "b [6.0].")
    for label, grads, max_norm, clipped, norm in results:
        want = clip_global_norm(grads, max_norm)
        try:
            norm = float(norm)
        except (TypeError, ValueError):
            return Verdict("form", f"{NAME}: the second thing you return should be the norm, a number.",
                           "return clipped, norm")
        if not np.isclose(norm, want[1], rtol=RTOL):
            after = float(np.sqrt(sum(np.sum(g * g) for g in want[0].values())))
            what = (" That is the norm AFTER clipping; return the one measured before (as torch does: "
                    "it is what you log to see spikes)." if np.isclose(norm, after, rtol=1e-4) else "")
            return Verdict("mistake", f"{NAME}: the clipped gradients are right, but the norm you return is "
                                      f"{norm:.4g} instead of {want[1]:.4g} (on {label}).{what}",
                           "Return the global norm of the gradients you were given.")
    return Verdict("passed", f"{NAME}: correct on {len(_cases())} cases: one factor for all arrays, never "
                             "scaling up, the norm before clipping. Well done!")


def check_clip_global_norm(student_fn, hint=False):
    """Check your `clip_global_norm`; prints the verdict and returns the function to use from here on
    (yours if it passed, otherwise adamlib's reference)."""
    __tracebackhide__ = True
    return finish(judged(verdict, student_fn, NAME), NAME, clip_global_norm, student_fn, hint)
