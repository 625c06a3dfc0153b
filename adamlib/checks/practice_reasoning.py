"""Reasoning exercises of lesson 07 (Adam in practice): derive a number, then the lesson measures it.

The student writes each answer as a small function, so the lesson version (nbgrader's stub,
``raise NotImplementedError()``) still runs to the end::

    def v_halfway():
        return ...            # steps until v has covered half of a jump, beta2 = 0.999

    check_v_halfway(v_halfway)

Each check accepts the function or its value; :func:`answer_of` turns a function into its value
(``...`` while it is not written yet) for ``check_prediction`` and the measurements that follow.
"""
from __future__ import annotations

import math
import numbers

from .answers import answer_of, make_answer_check, make_parts_check
from .beyond_adam_reasoning import returned_nothing
from .reporting import finish
from .verdicts import Verdict


def _accepting_functions(check):
    """``check`` (from make_answer_check) taking the student's answer function or its value."""
    def check_answer(answer, hint=False):
        __tracebackhide__ = True
        if not returned_nothing(answer, check.__name__.removeprefix("check_"), hint):
            return check(answer_of(answer), hint=hint)
    check_answer.__name__ = check_answer.__qualname__ = check.__name__
    check_answer.__doc__ = check.__doc__
    check_answer.answer = check.answer
    check_answer.verdict = lambda answer: check.verdict(answer_of(answer))
    return check_answer


# --- section 4: how long v needs to catch up ------------------------------------------------

JUMP_BETA2 = 0.999


def halfway_steps(beta2):
    """k with beta2**k = 1/2: after a jump of g**2, v has covered half the gap after k steps."""
    return math.log(0.5) / math.log(beta2)


check_v_halfway = _accepting_functions(make_answer_check(
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
    if returned_nothing(bytes_per_parameter, "bytes_per_parameter", hint):
        return
    value = answer_of(bytes_per_parameter)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        finish(Verdict("form", f"bytes_per_parameter: you returned one number ({value:g}); return five, one "
                               "per array: (weights, gradient, master copy, m, v).",
                       "A total cannot show which array is in which format: e.g. 4 + 4 + 4 + 4 is also 16."),
               "bytes_per_parameter", None, None, hint, closing="")
        return
    if getattr(value, "ndim", None) == 1:         # a NumPy array of five numbers is an answer too
        parts = tuple(value.tolist())
        _check_bytes_parts(lambda: parts, hint=hint)
        return
    _check_bytes_parts(bytes_per_parameter, hint=hint)


check_bytes_per_parameter.answer = lambda: tuple(MIXED_PRECISION_ARRAYS.values())
