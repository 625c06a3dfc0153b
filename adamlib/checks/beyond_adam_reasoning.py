"""Reasoning exercise of lesson 06 (Beyond Adam): the beta2 at which Reddi's example turns.

On Reddi et al.'s online problem (gradient C at every third step, -1 at the two others, beta1 = 0,
lr_t = alpha / sqrt(t), x clipped to [-1, 1]) Adam drifts to the worst point x = +1 when beta2 is
small and to the best point x = -1 when beta2 is close to 1. The student derives the beta2 where the
drift turns and writes it as a small function, so the lesson version (nbgrader's stub,
``raise NotImplementedError()``) still runs to the end::

    def beta2_turn():
        return 0.47

    check_beta2_turn(beta2_turn)

The derivation: late in the run the bias correction is 1 and v is periodic. With a = beta2,

    v1 = a v3 + (1 - a) C^2,   v2 = a v1 + (1 - a),   v3 = a v2 + (1 - a)
    =>  v1 = (C^2 + a + a^2) / (1 + a + a^2)

and one period moves x by alpha_t times  -C / sqrt(v1) + 1 / sqrt(v2) + 1 / sqrt(v3)  (the steps
are g / sqrt(v), v including the current gradient). Its zero is the turning point.
"""
from __future__ import annotations

import math

from .answer_functions import check_answer_function
from .answers import make_answer_check

REDDI_C = 3.0


def periodic_v(beta2, C=REDDI_C):
    """v after the C-step and after each of the two -1 steps, in the periodic steady state."""
    a = beta2
    v1 = (C * C + a + a * a) / (1 + a + a * a)
    v2 = a * v1 + (1 - a)
    return v1, v2, a * v2 + (1 - a)


def net_unit_step(beta2, C=REDDI_C):
    """Adam's movement over one late period divided by the learning rate (> 0: upwards, to +1)."""
    v1, v2, v3 = periodic_v(beta2, C)
    return -C / math.sqrt(v1) + 1 / math.sqrt(v2) + 1 / math.sqrt(v3)


def _root(f, lo, hi):
    """Bisection for a sign change of f in [lo, hi] (60 halvings: double precision)."""
    f_lo = f(lo)
    for _ in range(60):
        mid = (lo + hi) / 2
        if (f(mid) > 0) == (f_lo > 0):
            lo, f_lo = mid, f(mid)
        else:
            hi = mid
    return (lo + hi) / 2


def turning_beta2(C=REDDI_C):
    """The beta2 at which one late period of Adam on Reddi's problem nets no movement (0.4723 for C = 3)."""
    return _root(lambda a: net_unit_step(a, C), 0.01, 0.99)


def _same_v_for_both_small_steps(beta2, C=REDDI_C):
    v1, v2, _ = periodic_v(beta2, C)
    return -C / math.sqrt(v1) + 2 / math.sqrt(v2)


def _divided_by_v(beta2, C=REDDI_C):
    v1, v2, v3 = periodic_v(beta2, C)
    return -C / v1 + 1 / v2 + 1 / v3


# Typical wrong answers, each computed from the mistake that leads to it.
WRONG_ANSWERS = {
    1 / (1 + REDDI_C**2):
        "That is the paper's beta2 = 1 / (1 + C^2) = 0.1, a value at which Adam provably fails, not "
        "the value where the drift turns. Raise beta2 until one period nets no movement.",
    (lambda: 1 - turning_beta2()):
        "That is 1 minus the answer: check which weight multiplies the old v (beta2) and which the "
        "new g^2 (1 - beta2).",
    (lambda: _root(_same_v_for_both_small_steps, 0.01, 0.99)):
        "You gave both small steps the same v. v keeps decaying between them: the second -1 step "
        "sees v3 = beta2 v2 + (1 - beta2), smaller than v2, so it buys a larger step.",
    (lambda: _root(_divided_by_v, 0.01, 0.99)):
        "You divided the gradients by v instead of sqrt(v). Adam's step is g / sqrt(v_hat).",
    0.5: "0.5 is a round guess, close but not the balance point: write the net movement of one "
         "period as a function of beta2 and find its zero.",
}

_check = make_answer_check(
    "beta2_turn", answer=turning_beta2, rtol=0.01,
    wrong_answers=WRONG_ANSWERS,
    hint="Late in the run v repeats every period: write v after each of the three gradients as a "
         "function of beta2, then the net movement of one period, and find where it changes sign.",
    explain="Periodic v: v1 = beta2 v3 + (1 - beta2) C^2, v2 = beta2 v1 + (1 - beta2), v3 = beta2 v2 + "
            "(1 - beta2), so v1 = (C^2 + beta2 + beta2^2) / (1 + beta2 + beta2^2). One period moves "
            "x by lr_t (-C / sqrt(v1) + 1 / sqrt(v2) + 1 / sqrt(v3)); for C = 3 it is zero at "
            "beta2 = 0.4723 (a few lines of bisection).")


def check_beta2_turn(beta2_turn, hint=False):
    """Check ``beta2_turn() -> the beta2 at which Adam's drift on Reddi's problem (C = 3) turns``."""
    __tracebackhide__ = True
    returned_by = f"{getattr(beta2_turn, '__name__', 'beta2_turn')}()" if callable(beta2_turn) else ""
    check_answer_function(_check, beta2_turn, hint, "beta2_turn", returned_by=returned_by)


check_beta2_turn.answer = _check.answer


# --- the lesson's predictions: what check_prediction says (kept here, out of sight while predicting) ---

ADAM_X_FEEDBACK = dict(
    rtol=0.05,
    wrong_predictions={
        -1: "that is where GD and the best point are; Adam's normalised steps change the balance.",
        0: "the two pulls do not cancel: per period, one side's steps are longer, and x drifts to a wall.",
    },
    why="With beta2 = 0.1, v forgets the large gradient within a step or two: the two small gradients of "
        "each period buy steps about as long as the large one's, so two steps up beat one step down.",
    why_when_right=True)
"""``check_prediction``'s keywords for Adam's final x on Reddi's problem (``**ADAM_X_FEEDBACK``)."""

ADAMW_SHRINK_FEEDBACK = dict(
    rtol=0.05,
    wrong_predictions={0.06: "that is ridge's: AdamW does not minimise the penalised loss."},
    why="AdamW stops where the decay lr * lam * w equals Adam's normalised step, which stays near lr "
        "however small a full-batch gradient gets: a vanishing gradient balances it.",
    why_when_right=True)
"""``check_prediction``'s keywords for AdamW's shrink factor (``**ADAMW_SHRINK_FEEDBACK``)."""
