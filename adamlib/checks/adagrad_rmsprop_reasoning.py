"""Reasoning exercises of lesson 03 (AdaGrad and RMSProp): derive a number, then the lesson measures it.

The student writes the answer as a small function, so the lesson version (nbgrader's stub,
``raise NotImplementedError()``) still runs to the end::

    def adagrad_freeze():
        return 2, 88          # (which coordinate freezes first, at which step)

    check_adagrad_freeze(adagrad_freeze)

:func:`answer_of` turns such a function into its value (``...`` while it is not written yet), for
``check_prediction`` and for the measurement cells that follow.
"""
from __future__ import annotations

from .answer_functions import accepting_answer_functions
from .answers import make_answer_check, make_parts_check

# The set-up of the exercise, as the lesson states it.
FREEZE_LR = 0.1
FREEZE_WALL_GRAD, FREEZE_WALL_STEPS = 1.5, 10   # x2: a short, steeper stretch first
FREEZE_SLOPE_GRAD = 1.0                          # then both coordinates see this gradient
FREEZE_FRACTION = 0.1                            # "frozen": a step shorter than lr / 10


def adagrad_freeze_step():
    """The first step at which x2's AdaGrad step is shorter than FREEZE_FRACTION * lr (exact arithmetic)."""
    s, t = 0.0, 0
    while True:
        t += 1
        g = FREEZE_WALL_GRAD if t <= FREEZE_WALL_STEPS else FREEZE_SLOPE_GRAD
        s += g * g
        if g / s**0.5 < FREEZE_FRACTION:
            return t


_check_first_frozen = make_answer_check(
    "first_frozen", answer=2, rtol=0, atol=0, integer=True,
    wrong_answers={
        1: "x1 has the smaller gradient, but on a steady slope AdaGrad's step is lr / sqrt(t) "
           "whatever the gradient's size: compare the two sums s_t instead.",
        88: "first_frozen is a coordinate, 1 or 2; 88 looks like a step number: did you swap the two?",
    },
    hint="Write down the sum s_t of each coordinate; the step is lr * |g_t| / sqrt(s_t).",
    explain="After step 10, x1's sum holds 10 and x2's 10 * 1.5**2 = 22.5; from then on both grow by "
            "1 per step. The larger sum gives the shorter step.")

# x1's step lr / sqrt(t) equals lr / 10 exactly at t = 100: in exact arithmetic it is first SHORTER
# at t = 101, but eps = 1e-10 in the denominator makes the step at t = 100 a hair shorter, so the
# lesson's measurement says 100.  Both are x1's freezing step; x2 is first either way.
_X1_TIE = ("x1's step lr / sqrt(t) reaches lr / 10 at t = 100 (exactly lr / 10 without eps, a hair "
           "shorter with eps = 1e-10), so x1 is frozen from t = 100 or 101, a tie that eps decides. "
           "Which coordinate is first?")

_check_freeze_step = make_answer_check(
    "freeze_step", answer=adagrad_freeze_step, rtol=0, atol=0, integer=True,
    wrong_answers={
        101: "That is when x1 freezes: " + _X1_TIE,
        100: "That is when x1 freezes: " + _X1_TIE,
        87: "At step 87 x2's sum is 99.5, so its step is still a little longer than lr / 10.",
        78: "That counts the steps after the steep stretch; the question asks for the step number t.",
        11: "Right after the steep stretch x2's step is 1 / sqrt(23.5) = 0.21 lr: not frozen yet.",
        10: "During the steep stretch x2's step is lr / sqrt(t), like x1's: not frozen yet.",
        2: "freeze_step is a step number; 2 looks like the coordinate: did you swap the two?",
    },
    hint="Write x2's sum s_t as a function of t after the steep stretch; its step is lr * g_t / sqrt(s_t).",
    explain="After the steep stretch x2's sum is s_t = 22.5 + (t - 10): find the smallest whole t with "
            "s_t > 100.")


check_adagrad_freeze = accepting_answer_functions(make_parts_check(
    "adagrad_freeze", "adagrad_freeze", [_check_first_frozen, _check_freeze_step], "(first_frozen, freeze_step)"),
    "adagrad_freeze", count=2)


# The lesson's predictions, keyed by the name the lesson shows. Each entry holds the keyword
# arguments of check_prediction (tolerance, typical wrong predictions, the explanation), so the
# expected answer lives here and not on screen while the student guesses:
#     check_prediction(name, answer_of(prediction_fn), measured, **prediction_feedback(name))
# With no prediction yet the check prints only that.
_PREDICTIONS = {
    # Section 1: the boundary of GD's stability on f = 1/2 (x1**2 + 1000 x2**2).
    "GD's largest stable lr on the scaled bowl": dict(
        rtol=0.05,
        wrong_predictions={
            0.001: "1/1000 puts x2 on its minimum in ONE step (the factor 1 - 1000 lr is 0 there); GD "
                   "stays stable while that factor only flips sign, up to a factor of -1.",
            1: "lr = 1 is the best rate on the round bowl; on the scaled bowl the gradient of x2 is "
               "1000 x2, so the same lr multiplies x2 by 1 - 1000 per step.",
            2: "2 / lambda is the right bound, but lambda is the LARGEST curvature, 1000 here, not 1.",
        },
        why="GD multiplies x2 by 1 - 1000 lr per step; x2 shrinks only while |1 - 1000 lr| < 1, that is "
            "lr < 2 / 1000 (lesson 01's 2 / lambda_max)."),
    # Section 3: RMSProp's first step on the stream, in units of lr.
    "RMSProp's first step / lr": dict(
        rtol=0.05,
        wrong_predictions={1: "that is the step once v has warmed up; at t = 1, v is only (1 - alpha) g**2."},
        why="v_1 = (1 - alpha) g**2 = 0.01 g**2, so sqrt(v_1) = 0.1 |g| and the step is 10 lr."),
    # Section 4: the invariance to scaling one coordinate's gradient.
    "RMSProp's distance, scaled bowl / round bowl": dict(
        rtol=0.05,
        wrong_predictions={
            1000: "the gradient of x2 is 1000 times larger, but RMSProp divides it by the root of its own "
                  "average of squared gradients, which is 1000 times larger too.",
            0.001: "the gradient of x2 is 1000 times larger, but RMSProp divides it by the root of its own "
                   "average of squared gradients, which is 1000 times larger too.",
            31.6: "the average of squared gradients grows by 1000**2, and its square root by 1000: the "
                  "factor cancels completely.",
        },
        why="Multiply x2's gradients by c: v grows by c**2, sqrt(v) by c, and c g / sqrt(c**2 v) = "
            "g / sqrt(v). Apart from eps, every step, and so the whole path, is the same on both bowls."),
    # Section 5: AdaGrad's effective step size, rarest feature (p = 0.01) over the most frequent (p = 0.5).
    "AdaGrad's step size, rarest / most frequent feature": dict(
        within_factor=1.5,
        wrong_predictions={
            50: "the sum holds about p t squared gradients, but the step divides by its square ROOT: "
                "the ratio is about sqrt(0.5 / 0.01).",
            0.14: "it is the other way round: the rare feature's sum grows on fewer steps, so it is "
                  "SMALLER and its step LONGER.",
            1: "AdaGrad's sum grows only on the steps where a feature is present: the sums, and so the "
               "step sizes, differ.",
        },
        why="Feature j's sum collects about p_j t squared gradients, so its step size is about "
            "lr / sqrt(p_j t) and the ratio about sqrt(0.5 / 0.01) = 7 (less when the residuals differ "
            "between features)."),
}


def prediction_feedback(name):
    """The keyword arguments of ``check_prediction`` for the lesson's prediction ``name``."""
    if name not in _PREDICTIONS:
        raise ValueError(f"name must be one of {sorted(_PREDICTIONS)}, got {name!r}")
    return dict(_PREDICTIONS[name])


# Section 3's prediction as keyword arguments of check_prediction, name included (older form):
#     check_prediction(predicted=answer_of(predicted_first_step), measured=..., **RMSPROP_FIRST_STEP)
RMSPROP_FIRST_STEP = dict(name="RMSProp's first step / lr", **_PREDICTIONS["RMSProp's first step / lr"])
