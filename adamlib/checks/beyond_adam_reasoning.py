"""Reasoning exercises of lesson 06 (Beyond Adam): the beta2 at which Reddi's example turns
(``check_beta2_turn``), and Keras's first Adam step over torch's after a port (``check_first_step_ratio``,
at the end of this file).

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

import functools
import math

import numpy as np

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


def _v_without_memory(beta2, C=REDDI_C):
    # v after the C-step taken as (1 - beta2) C^2 + beta2 * 1, as if v had been 1 before it: it is v3
    a = beta2
    v1 = (1 - a) * C * C + a
    v2 = a * v1 + (1 - a)
    return -C / math.sqrt(v1) + 1 / math.sqrt(v2) + 1 / math.sqrt(a * v2 + (1 - a))


def _lagged_steady_state(beta2, C=REDDI_C):
    # the period closed one step short: v1 = beta2 v2 + (1 - beta2) C^2, skipping v3
    a = beta2
    v1 = (a * (1 - a) + (1 - a) * C * C) / (1 - a * a)
    v2 = a * v1 + (1 - a)
    return -C / math.sqrt(v1) + 1 / math.sqrt(v2) + 1 / math.sqrt(a * v2 + (1 - a))


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
    (lambda: _root(_v_without_memory, 0.01, 0.99)):
        "You wrote v after the C-step as (1 - beta2) C^2 + beta2, as if v were 1 before it. Before the "
        "C-step v is v3, the value after the second -1 step of the previous period: close the period, "
        "v1 = beta2 v3 + (1 - beta2) C^2, and solve for v1.",
    (lambda: _root(_lagged_steady_state, 0.01, 0.99)):
        "You closed the period one step short (v1 = beta2 v2 + (1 - beta2) C^2). A period has three "
        "steps: v1 follows v3, which follows v2.",
    0.99: "At 0.99 (the end of a bisection bracket) the drift never turned: if your net movement is "
          "negative for every beta2, your steps probably divide by v from before the current gradient. "
          "Adam updates v with g_t^2 first, then divides g_t by sqrt(v_t): at beta2 = 0.1 your formula "
          "should give the table's net +0.68.",
    100 * turning_beta2():
        "That looks like a percentage: beta2 is a number between 0 and 1.",
    0.5: "0.5 is a round guess, close but not the balance point: write the net movement of one "
         "period as a function of beta2 and find its zero.",
}

_check = make_answer_check(
    "beta2_turn", answer=turning_beta2, rtol=0.01, wrong_rtol=0.005,   # 0.4876 (a slip) is 3 % from 0.4723
    wrong_answers=WRONG_ANSWERS,
    hint="Late in the run v repeats every period: write v after each of the three gradients as a "
         "function of beta2, then the net movement of one period, and find where it changes sign.",
    explain="Periodic v: v1 = beta2 v3 + (1 - beta2) C^2, v2 = beta2 v1 + (1 - beta2), v3 = beta2 v2 + "
            "(1 - beta2), so v1 = (C^2 + beta2 + beta2^2) / (1 + beta2 + beta2^2). One period moves "
            "x by lr_t (-C / sqrt(v1) + 1 / sqrt(v2) + 1 / sqrt(v3)); for C = 3 it is zero at "
            "beta2 = 0.4723 (a few lines of bisection).")


def _one_number(fn):
    """``fn`` with a one-element array answer (np.array([0.4723]), from vectorised code) made a number."""
    if not callable(fn):
        return np.asarray(fn).item() if isinstance(fn, np.ndarray) and fn.size == 1 else fn

    @functools.wraps(fn)
    def number():
        value = fn()
        return value.item() if isinstance(value, np.ndarray) and value.size == 1 else value
    return number


def check_beta2_turn(beta2_turn, hint=False):
    """Check ``beta2_turn() -> the beta2 at which Adam's drift on Reddi's problem (C = 3) turns``."""
    __tracebackhide__ = True
    beta2_turn = _one_number(beta2_turn)
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


# -- Exercise 4: porting eps from Keras to torch ---------------------------------------------------
#
# At t = 1, m_1 = (1 - beta1) g and v_1 = (1 - beta2) g^2, so torch's step is lr g / (|g| + eps) and
# Keras's lr sqrt(1 - beta2) g / (sqrt(1 - beta2) |g| + eps_hat) = lr g / (|g| + eps_hat / sqrt(1 - beta2)).

PORT = {"g": 1e-7, "eps": 1e-8, "eps_hat": 1e-7, "beta2": 0.999}


def _ratio(eps_keras_effective, eps_torch=PORT["eps"], g=PORT["g"]):
    return (g + eps_torch) / (g + eps_keras_effective)


def first_step_ratio():
    """Keras's first step over torch's, for |g_1| = 1e-7, eps_hat = 1e-7, eps = 1e-8 (0.0337)."""
    return _ratio(PORT["eps_hat"] / math.sqrt(1 - PORT["beta2"]))


FIRST_STEP_SLIPS = {
    (lambda: _ratio(PORT["eps_hat"])):
        "You compared the two constants as if both were added to the same sqrt(v_hat). Keras adds "
        "eps_hat to the uncorrected sqrt(v_1) = sqrt(1 - beta2) |g|: divide through by sqrt(1 - beta2) "
        "to see the epsilon it amounts to in torch's form.",
    (lambda: 1 / first_step_ratio()):
        "That is torch's step over Keras's: the question asks for Keras's over torch's.",
    (lambda: _ratio(PORT["eps_hat"] / (1 - PORT["beta2"]))):
        "You divided eps_hat by (1 - beta2); the bias correction of v enters through a square root: "
        "sqrt(1 - beta2).",
    (lambda: _ratio(PORT["eps_hat"] * math.sqrt(1 - PORT["beta2"]))):
        "You multiplied eps_hat by sqrt(1 - beta2) where it should be divided: in torch's terms Keras's "
        "epsilon is larger at the start, eps_hat / sqrt(1 - beta2^t).",
    (lambda: _ratio(PORT["eps_hat"] / math.sqrt(1 - PORT["beta2"]), eps_torch=0.0)):
        "You left out torch's own eps = 1e-8: next to |g| = 1e-7 it still counts (10 %).",
    1.0: "The same eps-like number does not make the same step: the two frameworks add it in different "
         "places. Write both first steps with m_1 = (1 - beta1) g and v_1 = (1 - beta2) g^2.",
}

_check_port = make_answer_check(
    "keras_over_torch", answer=first_step_ratio, rtol=0.01, wrong_answers=FIRST_STEP_SLIPS,
    hint="Write both first steps with m_1 = (1 - beta1) g and v_1 = (1 - beta2) g^2, and bring Keras's "
         "into torch's form g / (|g| + something).",
    explain="t = 1: torch's step is lr g / (|g| + eps); Keras's is lr sqrt(1 - beta2) / (1 - beta1) * "
            "(1 - beta1) g / (sqrt(1 - beta2) |g| + eps_hat) = lr g / (|g| + eps_hat / sqrt(1 - beta2)). "
            "Ratio (|g| + eps) / (|g| + eps_hat / sqrt(1 - beta2)) = 1.1e-7 / 3.26e-6 = 0.0337.")


def check_first_step_ratio(keras_over_torch, hint=False):
    """Check ``keras_over_torch() -> Keras's first Adam step over torch's`` (exercise 4 of lesson 06)."""
    __tracebackhide__ = True
    keras_over_torch = _one_number(keras_over_torch)
    returned_by = f"{getattr(keras_over_torch, '__name__', 'keras_over_torch')}()" if callable(keras_over_torch) else ""
    check_answer_function(_check_port, keras_over_torch, hint, "keras_over_torch", returned_by=returned_by,
                          call="check_first_step_ratio(keras_over_torch, hint=True)")  # the lesson's own call


check_first_step_ratio.answer = _check_port.answer
