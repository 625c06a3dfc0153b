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

from .answers import answer_of, make_answer_check


def _accepting_functions(check):
    """``check`` (from make_answer_check) taking the student's answer function or its value."""
    def check_answer(answer, hint=False):
        __tracebackhide__ = True
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
    },
    hint="After the jump, the part of the gap still open is multiplied by the same factor every step.",
    explain="The open part of the gap after k steps is beta2**k (of the whole gap); it is one half "
            "when k = ln(1/2) / ln(beta2) = 0.693 / 0.0010005 = 692.8 steps, about 0.693 / (1 - beta2)."))


# --- section 6: the bytes of mixed-precision Adam ----------------------------------------------

MIXED_PRECISION_BYTES = 2 + 2 + 4 + 4 + 4   # bf16 weights and gradient; float32 master, m and v

check_bytes_per_parameter = _accepting_functions(make_answer_check(
    "bytes_per_parameter", answer=MIXED_PRECISION_BYTES, rtol=0, atol=1e-9, integer=True,
    wrong_answers={
        12: "one of the five arrays is missing: the bfloat16 weights, the bfloat16 gradient, the "
            "float32 master copy, m and v all live in memory at the step.",
        14: "one of the two bfloat16 arrays (the weights the model computes with, or the gradient) "
            "is missing.",
        8: "m and v alone are 8 bytes; the weights, their master copy and the gradient count too.",
        10: "m and v stay in float32 (4 bytes each) in this recipe; only the weights the model "
            "computes with and the gradient are bfloat16.",
        18: "the gradient is bfloat16 here (2 bytes), like the weights it comes from.",
        20: "the gradient is bfloat16 here (2 bytes), and there is no second float32 copy of it.",
    },
    hint="List every array of one parameter's size that exists during the step, with its format.",
    explain="bfloat16 weights 2 + bfloat16 gradient 2 + float32 master 4 + float32 m 4 + float32 v 4 "
            "= 16 bytes: exactly what plain float32 Adam needs (4 + 4 + 4 + 4)."))
