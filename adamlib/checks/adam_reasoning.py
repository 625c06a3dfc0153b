"""Reasoning exercises of lesson 04 (Adam): the bias-correction factor, and the size of Adam's first step.

As in lesson 03, the student writes the numbers inside a small function (so the lesson's nbgrader stub
runs to the end) and passes the function to the check::

    check_bias_correction(bias_correction_answers)
    check_adam_first_step(adam_first_step)
"""
from __future__ import annotations

import math

from .answers import make_answer_check, make_parts_check

BETA1, BETA2 = 0.9, 0.999
V_AT = 100            # "what fraction of g**2 does the raw v hold after V_AT steps?"
V_TARGET = 0.99       # "after how many steps does it hold at least this fraction?"
FIRST_LR, FIRST_EPS = 0.01, 1e-8
FIRST_GRAD = (300.0, -0.002)


def _fraction(t):
    return 1 - BETA2**t


def _steps_to_target():
    return math.ceil(math.log(1 - V_TARGET) / math.log(BETA2))


def _first_step(g):
    return FIRST_LR * abs(g) / (abs(g) + FIRST_EPS)


_check_v_fraction = make_answer_check(
    "v_fraction_at_100", answer=lambda: _fraction(V_AT), rtol=1e-3,
    wrong_answers={
        BETA2**V_AT: "That is the weight still sitting on the zero start, beta2**100; "
                     "the average holds the rest.",
        V_AT * (1 - BETA2): "That is 100 times (1 - beta2): it forgets that every older term has been "
                            "multiplied by beta2 again at each step since.",
        lambda: _fraction(V_AT - 1): "Off by one step: after 100 steps, 100 gradients are in the average.",
        lambda: 1 / _fraction(V_AT): "That is the factor the correction multiplies v by; the question asks "
                                     "what fraction of g**2 the raw v holds.",
        1 - BETA2: "That is only the newest gradient's weight, (1 - beta2).",
    },
    hint="Unroll v_t = beta2 * v_(t-1) + (1 - beta2) * g**2 from v_0 = 0 for a constant g, and sum the "
         "geometric series.",
    explain="v_t = (1 - beta2) * (1 + beta2 + ... + beta2**(t-1)) * g**2 = (1 - beta2**t) * g**2, "
            "so v_100 / g**2 = 1 - 0.999**100 = 0.0952.")

_check_steps_to_99 = make_answer_check(
    "steps_for_v_99", answer=_steps_to_target, rtol=0, atol=0, integer=True,
    wrong_answers={
        _steps_to_target() - 1: "At that step 0.999**t is still a little above 0.01: round up, not down.",
        4605: "Close: you used ln(0.999) = -0.001, which is only approximately true. Solve exactly.",
        4606: "Close: you used ln(0.999) = -0.001, which is only approximately true. Solve exactly.",
        1000: "1 / (1 - beta2) = 1000 steps is the average's memory: after it the raw v holds only "
              "1 - 0.999**1000 = 63% of g**2.",
        44: "That would be for beta1 = 0.9 (the m average); this question is about v with beta2 = 0.999.",
    },
    hint="You need the first t with 1 - 0.999**t >= 0.99; take logarithms.",
    explain="0.999**t <= 0.01  <=>  t >= ln(0.01) / ln(0.999) = 4602.8, so t = 4603.")


def _first_step_check(name, g):
    return make_answer_check(
        name, answer=lambda: _first_step(g), rtol=2e-3,
        wrong_answers={
            lambda: -_first_step(g): (
                "The question asks for the length |theta_1 - theta_0|, a positive number."),
            lambda: FIRST_LR * abs(g): "That is SGD's step, lr * |g|; Adam divides by the root of v.",
            lambda: FIRST_LR * (1 - BETA1) / math.sqrt(1 - BETA2): (
                "That is the first step WITHOUT bias correction: 0.1 / sqrt(0.001) = 3.16 lr."),
            lambda: FIRST_LR / math.sqrt(1 - BETA2): "That corrects m but not v: 31.6 lr.",
            lambda: FIRST_LR * (1 - BETA1): "That corrects v but not m: 0.1 lr.",
            lambda: FIRST_LR / math.sqrt(1 - 0.99): "That is RMSProp's first step (10 lr, lesson 03), "
                                                    "which has no bias correction.",
        },
        hint="At t = 1, write m_1 and v_1, then divide each by its bias correction.",
        explain="m_hat_1 = g_1 and v_hat_1 = g_1**2, so the step is lr * g_1 / (|g_1| + eps): "
                "lr = 0.01 per coordinate, whatever the size of g_1 (as long as |g_1| >> eps).")


_check_step_x1 = _first_step_check("first_step_x1", FIRST_GRAD[0])
_check_step_x2 = _first_step_check("first_step_x2", FIRST_GRAD[1])


check_bias_correction = make_parts_check("bias_correction", "bias_correction_answers",
                                         [_check_v_fraction, _check_steps_to_99], "(v_fraction_at_100, steps_for_v_99)")
check_adam_first_step = make_parts_check("adam_first_step", "adam_first_step", [_check_step_x1, _check_step_x2],
                                         "(length of the x1 move, length of the x2 move)")
