"""Reasoning exercises of lesson 01: from a Hessian, the largest stable learning rate and the steps needed.

The Hessian is lesson 00's toy regression (the line through (1, 1) and (2, 2)): a tilted valley, so
its curvatures are the EIGENVALUES of H, not its diagonal entries. The student writes each answer
as a small function, so the lesson version (nbgrader's stub) still runs to the end::

    def max_stable_lr():
        return ...        # the largest lr for which gradient descent converges
    check_max_stable_lr(max_stable_lr)

    def steps_needed():
        return ...        # steps at lr = 2 / (L + mu) until f - f* <= 1e-6 (f(x0) - f*)
    check_steps_needed(steps_needed)

Every wrong value named below is computed from H with one classic slip, not typed in.
"""
from __future__ import annotations

import math

import numpy as np

from .. import problems
from .answer_functions import check_answer_function
from .answers import answer_of as answer_of  # re-exported: the lesson imports it from here for its predictions
from .answers import make_answer_check

HESSIAN = problems.toy_regression().hessian  # 2 [[mean x^2, mean x], [mean x, 1]] for x = 1, 2: [[5, 3], [3, 2]]
TOL = 1e-6
_mu, _L = np.linalg.eigvalsh(HESSIAN)
_diag_mu, _diag_L = sorted(np.diag(HESSIAN))


def _steps(rate_per_step):
    """Steps until rate_per_step**k <= TOL."""
    return math.ceil(math.log(TOL) / math.log(rate_per_step))


def _minimax_rate(L, mu):
    return (L - mu) / (L + mu)


MAX_LR_WRONG = {
    2 / np.linalg.norm(HESSIAN): "That is 2 divided by the Frobenius norm of H (the root of the sum of "
                                 "its squared entries), which is a little LARGER than its largest "
                                 "eigenvalue: close, but a different quantity, and here it gives a "
                                 "limit slightly too small.",
    2 / np.abs(HESSIAN).sum(axis=1).max(): "That is 2 divided by the largest row sum of |H| (a bound on "
                                           "the eigenvalues, Gershgorin's): safe, but not the limit.",
    2 / _diag_L: "That is 2 divided by the largest DIAGONAL entry of H. The valley is tilted, so the "
                 "curvatures that matter are along its own axes: the eigenvalues of H.",
    1 / _L: "That lr lands on the minimum of the steepest direction in one step; the question asks for "
            "the largest lr that still converges.",
    2 / (_L + _mu): "That is 2 / (L + mu) (also 2 / trace(H)), the rate-optimal constant lr: it balances "
                    "the steep and the flat direction; larger ones still converge.",
    2 / _mu: "That uses the flattest curvature; the steepest one sets the limit.",
    0.2917: "That is 2 / L = 0.291796 cut to 4 digits: it converges, but it is not the largest rate "
            "that does. Let Python compute 2 / L instead of typing digits.",
    2 / round(_L, 3): "That is 2 / 6.854, with the eigenvalue rounded DOWN to the 4 digits printed in "
                      "section 3: the true L = 6.8541 is a little larger, so your lr is just above the "
                      "limit. Compute L with np.linalg.eigvalsh instead of typing it.",
}

STEPS_WRONG = {
    _steps(_minimax_rate(_L, _mu)): "That counts steps for the DISTANCE to shrink 10^6-fold; the LOSS gap "
                                 "is quadratic in the distance, so it shrinks by the rate squared per step.",
    _steps(_minimax_rate(_L, _mu) ** 2) - 1: "After that many steps the gap is still a little above 1e-6 of "
                                          "its start: round up.",
    _steps(_minimax_rate(_diag_L, _diag_mu) ** 2): "That uses the diagonal entries of H as the curvatures; "
                                                "use its eigenvalues.",
    _steps((1 - _mu / _L) ** 2): "That is the count at lr = 1/L; the question asks for the count at "
                                 "lr = 2 / (L + mu).",
    _steps((1 - 2 * _mu / _L) ** 2): "That uses the approximation rho = 1 - 2/kappa, which is good only for "
                                     "a large kappa; the count needs the exact rho = (kappa - 1) / (kappa + 1).",
}

MAX_LR_BELOW = 2e-4
"""The largest stable lr is a threshold: gradient descent converges for every lr below 2/L = 0.291796
and diverges (or, at 2/L exactly, oscillates forever) at and above it.  So the check is one-sided: it
accepts values from 2/L (1 - MAX_LR_BELOW) up to 2/L itself (plus float64 round-off), so 0.29179
(still stable) passes, 0.2917 (2/L cut to 4 digits) and 2/||H||_F = 0.29173 are named, and never a value
above, however close: 0.2918, 2/L rounded up, diverges (slowly: its factor along the steep direction is
-1.00003), and is told so.  Lesson 00's
going-further answer says the same."""


def _below_the_limit(value, limit):
    return limit * (1 - MAX_LR_BELOW) <= value <= limit * (1 + 1e-12)


_check_max_lr = make_answer_check(
    "max_stable_lr", answer=2 / _L, accept=_below_the_limit, wrong_rtol=1e-6, wrong_answers=MAX_LR_WRONG,
    digits=6,   # so a rounded-down answer that passes never prints as 0.2918, which is above the limit
    too_large="Above the limit the steep direction's error grows at every step: gradient descent "
              "diverges there.",
    hint="Find the curvatures of this valley first (np.linalg.eigvalsh), then ask when the factor "
         "1 - lr * lambda leaves [-1, 1].",
    explain=f"The eigenvalues of H are (7 +- sqrt(45)) / 2 = {_L:.4f} and {_mu:.4f}. Gradient descent "
            f"multiplies the error along each eigenvector by 1 - lr * lambda, so it converges while "
            f"lr < 2 / {_L:.4f} = {2 / _L:.6f} (0.2918, rounded up, is already above it).")

_check_steps = make_answer_check(
    "steps_needed", answer=_steps(_minimax_rate(_L, _mu) ** 2), rtol=0, atol=0, integer=True,
    wrong_answers=STEPS_WRONG,
    hint="At lr = 2 / (L + mu) every direction shrinks by the same factor per step: find that factor, "
         "then count.",
    explain=f"kappa = {_L:.4f} / {_mu:.4f} = {_L / _mu:.2f}; at lr = 2 / (L + mu) the distance shrinks by "
            f"rho = (kappa - 1) / (kappa + 1) = {_minimax_rate(_L, _mu):.4f} per step and the loss gap by "
            f"rho**2 = {_minimax_rate(_L, _mu) ** 2:.4f}. The smallest k with rho**(2k) <= 1e-6 is "
            f"ceil(ln(1e-6) / ln(rho**2)) = {_steps(_minimax_rate(_L, _mu) ** 2)}.")


def check_max_stable_lr(fn, hint=False):
    """Check your `max_stable_lr` (a function returning one number); prints a verdict.

    `check_max_stable_lr(max_stable_lr, hint=True)` also shows the derivation.
    """
    __tracebackhide__ = True
    check_answer_function(_check_max_lr, fn, hint)


def check_steps_needed(fn, hint=False):
    """Check your `steps_needed` (a function returning a whole number); prints a verdict.

    `check_steps_needed(steps_needed, hint=True)` also shows the derivation.
    """
    __tracebackhide__ = True
    check_answer_function(_check_steps, fn, hint)


check_max_stable_lr.answer = _check_max_lr.answer
check_steps_needed.answer = _check_steps.answer


# --- the prediction: the noise floor's ratio, B = 1 against B = 10 --------------------------------

FLOOR_RATIO_FEEDBACK = dict(
    within_factor=1.5,
    wrong_predictions={
        1: "the batch size changes how noisy each step is, so it moves the floor.",
        10 ** 0.5: "that is the ratio of the noise's STANDARD DEVIATIONS (sqrt(10) = 3.16); the floor "
                   "follows its VARIANCE.",
        0.1: "that is the ratio the other way round: the SMALLER batch has the noisier gradient, so the "
             "higher floor.",
        100: "that squares the variance ratio: the floor grows like the variance, not its square.",
    },
    why="A minibatch gradient is a mean over B examples: its noise has 1/B of one example's variance, "
        "and the floor grows in proportion to that variance.",
    why_when_right=True)
"""What ``check_prediction`` says about the floor-ratio prediction (the lesson passes it as
``**FLOOR_RATIO_FEEDBACK``, so the explanations are not on screen while the student guesses)."""


# --- the prediction: the largest learning rate that converges on the bowl (curvatures 1 and 4) -----

LARGEST_LR_FEEDBACK = dict(
    rtol=0.05,
    wrong_predictions={
        2.0: "that is 2 / 1, the limit of the FLAT direction x1 alone. Along x2 (curvature 4) each step "
             "multiplies the coordinate by 1 - 4 lr, which passes -1 at lr = 0.5: x2 blows up first.",
        0.8: "that is 2 over the AVERAGE curvature (2.5). No average counts: every direction must shrink "
             "on its own, and the steepest one fails first.",
        0.4: "that is 2 / (1 + 4), the rate that balances the two directions (section 3 meets it). It "
             "converges, but a little more still does.",
        0.25: "that is 1 / 4, the step that lands x2 on the minimum in one step. Up to twice that, x2 "
              "zig-zags across the minimum but still closes in.",
    },
    why="Along each axis gradient descent multiplies the coordinate by 1 - lr * curvature, as for section "
        "1's parabola. Both must stay inside (-1, 1), so the steepest curvature, L = 4, sets the limit "
        "for all: lr < 2 / L = 0.5.",
    why_when_right=True)
"""What ``check_prediction`` says about section 2's prediction (the lesson passes it as
``**LARGEST_LR_FEEDBACK``, so the explanations are not on screen while the student guesses)."""
