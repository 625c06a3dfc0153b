"""Reasoning exercises of lesson 07 (Adam in practice): derive a number, then the lesson measures it.

The student writes each answer as a small function, so the lesson version (nbgrader's stub,
``raise NotImplementedError()``) still runs to the end::

    def v_halfway():
        return ...            # steps until v has covered half of a jump, beta2 = 0.999

    check_v_halfway(v_halfway)

Each check accepts the function or its value (see ``answer_functions``); :func:`answer_of` turns a function into its value
(``...`` while it is not written yet) for ``check_prediction`` and the measurements that follow.
"""
from __future__ import annotations

import math
import numbers

from .answer_functions import accepting_answer_functions, answer_value
from .answers import answer_of as answer_of  # re-exported: lesson 07 imports it from here for its predictions
from .answers import make_answer_check, make_parts_check
from .reporting import finish
from .verdicts import Verdict


# --- section 4: how long v needs to catch up ------------------------------------------------

JUMP_BETA2 = 0.999


def halfway_steps(beta2):
    """k with beta2**k = 1/2: after a jump of g**2, v has covered half the gap after k steps."""
    return math.log(0.5) / math.log(beta2)


check_v_halfway = accepting_answer_functions(make_answer_check(
    "v_halfway", answer=halfway_steps(JUMP_BETA2), rtol=0.005,
    wrong_answers={
        1 / (1 - JUMP_BETA2): "1 / (1 - beta2) = 1000 steps is v's time constant: after it, v has "
                              "covered 1 - 1/e = 63 % of the gap, more than half.",
        0.5 / (1 - JUMP_BETA2): "that is what a straight line would give; v closes the gap "
                                "geometrically, a fixed fraction per step.",
        math.log(2): "ln 2 is the right numerator; divide it by what v loses per step.",
        math.sqrt(1 / (1 - JUMP_BETA2)): "no square root here: v itself must cover half the gap.",
        halfway_steps(0.95): "that is the answer for beta2 = 0.95; this question is about 0.999.",
        -halfway_steps(JUMP_BETA2): "The sign: a number of steps is positive. ln(1/2) and ln(beta2) are both "
                                    "negative, so their ratio is positive; a positive over a negative "
                                    "(ln 2 / ln beta2) gives minus the answer.",
    },
    hint="After the jump, the part of the gap still open is multiplied by the same factor every step.",
    explain="The open part of the gap after k steps is beta2**k (of the whole gap); it is one half "
            "when k = ln(1/2) / ln(beta2) = 0.693 / 0.0010005 = 692.8 steps, about 0.693 / (1 - beta2)."))


# --- section 6: the bytes of mixed-precision Adam ----------------------------------------------

# The five arrays of one parameter's size held during a mixed-precision step, and their bytes. The
# answer is asked array by array: a total alone cannot tell "everything float32, no master copy"
# (4 + 4 + 4 + 4 = 16) from the right reasoning (2 + 2 + 4 + 4 + 4 = 16).
MIXED_PRECISION_ARRAYS = {"weights": 2, "gradient": 2, "master copy": 4, "m": 4, "v": 4}
MIXED_PRECISION_BYTES = sum(MIXED_PRECISION_ARRAYS.values())   # 16

_BYTES_WRONG = {
    "weights": {16: "That is the number of bits of one number of this format; the question asks for bytes, 8 bits each.",
        4: "The weights the model computes with are bfloat16 in this recipe: 2 bytes (the float32 "
                   "weights are the master copy, counted on their own).",
                8: "Float64 is this course's NumPy default, not the recipe's: the model computes in bfloat16."},
    "gradient": {16: "That is the number of bits of one number of this format; the question asks for bytes, 8 bits each.",
        4: "The gradient comes out of the bfloat16 backward pass: 2 bytes.",
                 8: "The gradient comes out of the bfloat16 backward pass: 2 bytes."},
    "master copy": {32: "That is the number of bits of one number of this format; the question asks for bytes, 8 bits each.",
        0: "Without a float32 master copy, every update smaller than half a bfloat16 ulp is lost "
                       "(section 5): the recipe keeps one, 4 bytes.",
                    2: "The master copy exists to be more precise than the bfloat16 weights: float32, 4 bytes."},
    "m": {32: "That is the number of bits of one number of this format; the question asks for bytes, 8 bits each.",
        2: "m stays in float32 in this recipe (4 bytes); bfloat16 or 8-bit states are a further saving, "
             "with their own risks.",
          1: "8-bit m is Dettmers et al.'s saving, not this recipe: m is float32, 4 bytes."},
    "v": {32: "That is the number of bits of one number of this format; the question asks for bytes, 8 bits each.",
        2: "v stays in float32 in this recipe (4 bytes): in bfloat16 its small updates would be lost too.",
          1: "8-bit v is Dettmers et al.'s saving, not this recipe: v is float32, 4 bytes."},
}

_check_bytes_parts = make_parts_check(
    "bytes_per_parameter", "bytes_per_parameter",
    [make_answer_check(f"bytes of the {array}", answer=size, rtol=0, atol=1e-9, integer=True,
                       wrong_answers=_BYTES_WRONG[array],
                       hint="Which format is this array in, in the recipe of section 5, and how many bytes "
                            "is one number of that format?",
                       explain="bfloat16 weights 2, bfloat16 gradient 2, float32 master copy 4, float32 m 4, "
                               "float32 v 4: 16 bytes in all.", explain_is="the breakdown")
     for array, size in MIXED_PRECISION_ARRAYS.items()],
    "(weights, gradient, master copy, m, v)")


def check_bytes_per_parameter(bytes_per_parameter, hint=False):
    """Check ``bytes_per_parameter() -> (weights, gradient, master copy, m, v)``, bytes per parameter each."""
    __tracebackhide__ = True
    value, stop = answer_value(bytes_per_parameter, "bytes_per_parameter", count=5)
    if stop is not None:
        finish(stop, "bytes_per_parameter", None, None, hint, closing="")
        return
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        finish(Verdict("form", f"bytes_per_parameter: you returned one number ({value:g}); return five, one "
                               "per array: (weights, gradient, master copy, m, v).",
                       "A total cannot show which array is in which format: e.g. 4 + 4 + 4 + 4 is also 16."),
               "bytes_per_parameter", None, None, hint, closing="")
        return
    if getattr(value, "ndim", None) == 1:         # a NumPy array of five numbers is an answer too
        value = tuple(value.tolist())
    _check_bytes_parts(value, hint=hint)


check_bytes_per_parameter.answer = lambda: tuple(MIXED_PRECISION_ARRAYS.values())


# --- the lesson's predictions: what check_prediction says (kept here, out of sight while predicting) ---

RARE_LOSS_FEEDBACK = dict(
    rtol=0.15,
    wrong_predictions={
        0.3: "That is where Adam gets: the best possible. GD moves the rare words' logits far more slowly "
             "than the frequent words'.",
        5.3: "That is the loss of a model that knows nothing: GD does move the rare words, only slowly.",
    },
    why="A word's gradient is proportional to its frequency: word 100 appears in about 0.2 % of the "
        "tokens, so GD's step on its logits is hundreds of times smaller than on word 1's, while Adam's "
        "step is about lr for both.",
    why_when_right=True)
"""``check_prediction``'s keywords for GD's loss on the rare words (``**RARE_LOSS_FEEDBACK``)."""

BFLOAT16_FEEDBACK = dict(
    rtol=0.01,
    wrong_predictions={1.49: "That is float32's answer. In bfloat16 each update has to survive rounding "
                             "to the nearest representable number."},
    why="Near 1 the bfloat16 numbers are 2^-7 = 0.0078 apart, so any change smaller than half that "
        "(0.0039) rounds back to the old weight. Adam's steps are about lr = 0.001: every single one is lost.",
    why_when_right=True)
"""``check_prediction``'s keywords for the bfloat16 weight after 1000 steps (``**BFLOAT16_FEEDBACK``)."""
