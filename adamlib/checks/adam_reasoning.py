"""Reasoning exercises of lesson 04 (Adam): the bias-correction factor, the size of Adam's first step,
and reading a paired comparison.

As in lesson 03, the student writes the numbers inside a small function (so the lesson's nbgrader stub
runs to the end) and passes the function to the check::

    check_bias_correction(bias_correction_answers)
    check_adam_first_step(adam_first_step)
    scores_a, scores_b = paired_exercise_scores()     # the table the lesson prints
    check_paired_difference(paired_difference)
"""
from __future__ import annotations

import functools
import math

import numpy as np

from ..stats import t_critical
from .answer_functions import accepting_answer_functions
from .adam_predictions import compare_prediction_in_decades, prediction_feedback  # noqa: F401 - lesson 04's imports
from .answers import make_answer_check
from .whole_answer import make_whole_answer_check

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
        1.0: "That is what the corrected v_hat holds: v_hat / g**2 = 1 exactly, at every step (1 - 0.9**100, "
             "the factor of the m average, is as close to 1). The question asks for the raw v, uncorrected.",
        lambda: 1 - BETA1**V_AT: "That is 1 - 0.9**100, the factor of the m average (beta1 = 0.9); "
                                 "this question is about v, whose beta2 is 0.999.",
        lambda: 100 * _fraction(V_AT): "That is a percentage: the question asks for the fraction "
                                       "v_100 / g**2, a number between 0 and 1.",
    },
    hint="Unroll v_t = beta2 * v_(t-1) + (1 - beta2) * g**2 from v_0 = 0 for a constant g, and sum the "
         "geometric series.",
    explain="v_t = (1 - beta2) * (1 + beta2 + ... + beta2**(t-1)) * g**2 = (1 - beta2**t) * g**2, "
            "so v_100 / g**2 = 1 - 0.999**100 = 0.0952.")

_check_steps_to_99 = make_answer_check(
    "steps_for_v_99", answer=_steps_to_target, rtol=0, atol=0, integer=True, digits=7,
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
        name, answer=lambda: _first_step(g), rtol=5e-4, wrong_rtol=1e-3,
        wrong_answers={
            lambda: FIRST_LR * abs(g) / math.sqrt(g * g + FIRST_EPS): (
                "That puts eps inside the square root, lr * |g| / sqrt(g**2 + eps) (optax's eps_root): "
                "torch and Algorithm 1 add eps after the root, to sqrt(v_hat)."),
            lambda: -_first_step(g): (
                "The question asks for the length |theta_1 - theta_0|, a positive number."),
            lambda: FIRST_LR * abs(g): "That is SGD's step, lr * |g|; Adam divides by the root of v.",
            lambda: FIRST_LR * (1 - BETA1) / math.sqrt(1 - BETA2): (
                "That is the first step WITHOUT bias correction: 0.1 / sqrt(0.001) = 3.16 lr."),
            lambda: FIRST_LR / math.sqrt(1 - BETA2): "That corrects m but not v: 31.6 lr.",
            lambda: FIRST_LR * (1 - BETA1): "That corrects v but not m: 0.1 lr.",
            lambda: FIRST_LR / math.sqrt(1 - 0.99): "That is RMSProp's first step (10 lr, lesson 03), "
                                                    "which has no bias correction.",
            lambda: _first_step(g) / FIRST_LR: (
                "That is the step in units of lr. The question asks how far the coordinate moves: "
                "multiply by lr = 0.01."),
        },
        hint="At t = 1, write m_1 and v_1, then divide each by its bias correction.",
        explain="m_hat_1 = g_1 and v_hat_1 = g_1**2, so the step is lr * g_1 / (|g_1| + eps): "
                "lr = 0.01 per coordinate, whatever the size of g_1 (as long as |g_1| >> eps).")


_check_step_x1 = _first_step_check("first_step_x1", FIRST_GRAD[0])
_check_step_x2 = _first_step_check("first_step_x2", FIRST_GRAD[1])


def _read_as(convert, check):
    """``check`` that first passes the student's answers through ``convert``: a form of a right answer
    the shared checks would refuse (a NumPy array of both numbers, True for 1) is read as meant."""
    def check_converted(fn, hint=False):
        __tracebackhide__ = True
        if callable(fn):
            @functools.wraps(fn)   # its name and, through __wrapped__, its source: the stub is still seen
            def converted():
                return convert(fn())
            return check(converted, hint=hint)
        return check(convert(fn), hint=hint)

    check_converted.__name__ = check_converted.__qualname__ = check.__name__
    check_converted.__doc__ = check.__doc__
    return check_converted


def _array_as_numbers(answers):
    # adam_first_step() may return np.abs(theta_1 - theta_0), one array of both lengths: two numbers.
    if isinstance(answers, np.ndarray) and answers.shape == (2,):
        return tuple(float(x) for x in answers)
    return answers


check_bias_correction = accepting_answer_functions(make_whole_answer_check(
    "bias_correction", "bias_correction_answers", [_check_v_fraction, _check_steps_to_99],
    "(v_fraction_at_100, steps_for_v_99)"), "bias_correction_answers", count=2)
check_adam_first_step = accepting_answer_functions(_read_as(_array_as_numbers, make_whole_answer_check(
    "adam_first_step", "adam_first_step", [_check_step_x1, _check_step_x2],
    "(length of the x1 move, length of the x2 move)")), "adam_first_step", count=2)


# -- Reading a paired comparison -------------------------------------------------------------
# Ten seeds, scores log10(f - f*) of methods A and B (lower is better), invented for the exercise but
# of the kind section 4 measures: the seeds spread over four decades, while A - B stays near -0.5 on
# every seed. Built so that each typical mistake (the spread of single runs, an unpaired standard
# error, forgetting sqrt(n)) gives |t| < 2.26, "not detectable", while the paired test finds it.
PAIRED_B = (-3.1, -1.4, -4.6, -2.2, -5.3, -0.9, -3.8, -2.7, -4.1, -1.8)
PAIRED_D = (-0.9, -0.2, -0.7, -0.4, 0.1, -0.6, -0.8, -0.3, -0.5, -0.7)
PAIRED_A = tuple(round(b + d, 1) for b, d in zip(PAIRED_B, PAIRED_D))
PAIRED_LEVEL = 0.05   # two-sided


def paired_exercise_scores():
    """The exercise's table: (scores of A, scores of B), one entry per seed, the same seeds in order."""
    return np.array(PAIRED_A), np.array(PAIRED_B)


def _differences():
    a, b = paired_exercise_scores()
    return a - b


def _mean():
    return float(_differences().mean())


def _se():
    d = _differences()
    return float(d.std(ddof=1) / math.sqrt(len(d)))


def _spread_of_single_runs():
    a, b = paired_exercise_scores()
    return float(a.std(ddof=1)), float(b.std(ddof=1))


def _unpaired_se():
    a, b = paired_exercise_scores()
    return float(math.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b)))


def _critical_t():
    return t_critical(PAIRED_LEVEL, len(PAIRED_B) - 1)


def _detectable():
    return int(abs(_mean() / _se()) > _critical_t())


_SINGLE = ("That is the spread of single runs (the sd of one method's scores): it measures how much the "
           "seeds differ, which the pairing cancels.")
_UNPAIRED = ("That is the UNPAIRED standard error, sqrt(sd_A**2 / n + sd_B**2 / n): it treats A and B as if "
             "they had run on different seeds, so the seeds' own spread stays in it.")
_NO_ROOT = ("That is the sd of the differences itself: the MEAN of n differences varies sqrt(n) times "
            "less than one difference does.")
_ROOT_N_MINUS_1 = ("Close: you divided by sqrt(n - 1). The sd with ddof=1 has already used n - 1; the "
                   "standard error of the mean divides that sd by sqrt(n).")
_DDOF0 = ("Close: you divided by n instead of n - 1 in the sd (np.std's default, ddof=0); "
          "the sample sd uses n - 1.")

_check_mean = make_answer_check(
    "mean_difference", answer=_mean, rtol=1e-3, atol=1e-9,
    wrong_answers={lambda: -_mean(): "That is B minus A; the question asks for A minus B (negative: A ahead)."},
    hint="Subtract seed by seed, d_i = a_i - b_i, then average the ten differences.",
    explain="d = scores_a - scores_b; d.mean() = -0.5.")

_check_se = make_answer_check(
    "standard_error", answer=_se, rtol=0.02,
    wrong_answers={lambda: _spread_of_single_runs()[0]: _SINGLE,
                   lambda: _spread_of_single_runs()[1]: _SINGLE,
                   _unpaired_se: _UNPAIRED,
                   lambda: _se() * math.sqrt(len(PAIRED_B)): _NO_ROOT,
                   lambda: _se() * math.sqrt((len(PAIRED_B) - 1) / len(PAIRED_B)): _DDOF0,
                   lambda: _se() * math.sqrt(len(PAIRED_B) / (len(PAIRED_B) - 1)): _ROOT_N_MINUS_1},
    hint="The standard error of a mean of n numbers is their sd divided by sqrt(n); which numbers?",
    explain="se = d.std(ddof=1) / sqrt(10) = 0.3055 / 3.162 = 0.0966.")

_check_t = make_answer_check(
    "t", answer=lambda: _mean() / _se(), rtol=0.02,
    wrong_answers={lambda: _mean() / _spread_of_single_runs()[0]: _SINGLE,
                   lambda: _mean() / _spread_of_single_runs()[1]: _SINGLE,
                   lambda: _mean() / _unpaired_se(): _UNPAIRED,
                   lambda: _mean() / (_se() * math.sqrt(len(PAIRED_B))): _NO_ROOT,
                   lambda: _mean() / (_se() * math.sqrt((len(PAIRED_B) - 1) / len(PAIRED_B))): _DDOF0,
                   lambda: _mean() / (_se() * math.sqrt(len(PAIRED_B) / (len(PAIRED_B) - 1))): _ROOT_N_MINUS_1,
                   lambda: -_mean() / _se(): "Right size, wrong sign: t = mean(A - B) / se is negative "
                                             "when A scores lower."},
    hint="t is the mean paired difference in units of its standard error.",
    explain="t = -0.5 / 0.0966 = -5.2.")

_check_detectable = make_answer_check(
    "detectable", answer=_detectable, rtol=0, atol=0, integer=True,
    wrong_answers={lambda: 1 - _detectable(): (
        "Compare |t| with the critical value 2.26 (two-sided 5 %, 9 degrees of freedom): a |t| beyond it "
        "is a detectable difference. If your t was below it, check the standard error first.")},
    hint="Write 1 if |t| > 2.26, else 0.",
    explain="|t| = 5.2 > 2.26: detectable. Nine of ten seeds agree on the sign, although the seeds' "
            "own spread (sd about 1.4) is three times the difference.")

def _boolean_as_number(answers):
    # detectable = abs(t) > 2.26 gives True / False (or NumPy's bool): read as 1 / 0, as asked.
    if isinstance(answers, (tuple, list)) and len(answers) == 4 and isinstance(answers[3], (bool, np.bool_)):
        return (*answers[:3], int(answers[3]))
    return answers


check_paired_difference = accepting_answer_functions(_read_as(_boolean_as_number, make_whole_answer_check(
    "paired_difference", "paired_difference",
    [_check_mean, _check_se, _check_t, _check_detectable],
    "(mean_difference, standard_error, t, detectable)")), "paired_difference", count=4)
