"""Lesson 08 (after Adam): ``lion_step`` and the Adafactor-memory reasoning exercise.

``lion_step(theta, grad, m, lr, beta1, beta2, weight_decay) -> (theta_new, m_new)``:
Lion's classic mistakes are switches of :func:`lion_like` (an independent Lion
with each mistake a flag), named alone or two at a time.  Lion's step is a
sign, so two different rules often give the same step: the cases therefore
include a mid-training state (``m`` not zero, where the sign of the
interpolation and the sign of the momentum disagree in many coordinates) and
a large learning rate and weight decay (where the place of the decay shows).

``check_adafactor_bytes``: the optimizer-state bytes per parameter that
Adafactor keeps for one float32 matrix of GPT-2's MLP (768 x 3072).
"""
import itertools

import numpy as np

from .. import optim, steps
from .answer_functions import check_answer_function
from .answers import make_answer_check
from .engine import Case, Exercise, Mistake, make_check, optimizer_cases

LION_HYPER = {"lr": 1e-3, "beta1": 0.9, "beta2": 0.99, "weight_decay": 0.1}
LION_UNUSUAL = {"lr": 0.3, "beta1": 0.5, "beta2": 0.8, "weight_decay": 1.0}
LION_KEYWORDS = ("lr", "beta1", "beta2", "weight_decay")  # lesson 08: lion_step(w, g, m, lr=lr, ...)


def lion_like(theta, grad, m, lr, beta1, beta2, weight_decay, flags=()):
    """Lion, with the mistakes named in ``flags`` made."""
    flags = set(flags)
    if "l2_in_grad" in flags:
        grad = grad + weight_decay * theta
    m_new = ((1 - beta2) * m + beta2 * grad if "beta2_swapped" in flags
             else beta2 * m + (1 - beta2) * grad)
    m_seen = m_new if "momentum_first" in flags else m
    b1, b2 = (beta2, beta1) if "betas_swapped" in flags else (beta1, beta2)
    c = (1 - b1) * m_seen + b1 * grad if "beta1_swapped" in flags else b1 * m_seen + (1 - b1) * grad
    if "betas_swapped" in flags:
        m_new = b2 * m + (1 - b2) * grad
    direction = (m_new if "sign_of_momentum" in flags else m if "sign_of_old_m" in flags
                 else grad if "sign_of_grad" in flags else c)
    wd_inside = weight_decay * theta if "decay_inside_sign" in flags else 0
    update = direction if "no_sign" in flags else np.sign(direction + wd_inside)
    if "sign_of_zero" in flags:  # np.where(c >= 0, 1, -1): sign(0) = +1
        update = np.where(direction + wd_inside >= 0, 1.0, -1.0)
    if "sign_flipped" in flags:
        update = -update
    if "decay_after" in flags:
        theta_new = (theta - lr * update) * (1 - lr * weight_decay)
    elif flags & {"l2_in_grad", "decay_inside_sign", "no_decay"}:
        theta_new = theta - lr * update
    elif "decay_without_lr" in flags:
        theta_new = theta * (1 - weight_decay) - lr * update
    else:
        theta_new = theta - lr * (update + weight_decay * theta)
    if "returned_c" in flags:
        m_new = c
    return theta_new, m_new


def lion_mutant(flags):
    def mutant(theta, grad, m, lr, beta1, beta2, weight_decay):
        return lion_like(theta, grad, m, lr, beta1, beta2, weight_decay, flags)
    mutant.__name__ = "_".join(flags)
    return mutant


# flag -> (what the student did, the fix)
LION_WORDS = {
    "sign_of_momentum": (
        "you took the sign of the UPDATED momentum m_new (with beta2), not of the interpolation.",
        "The sign is taken of c = beta1 * m + (1 - beta1) * grad, with the OLD m and beta1; m_new "
        "(with beta2) is only kept for the next step."),
    "sign_of_old_m": (
        "you took the sign of the old momentum m alone: the new gradient never enters the step.",
        "Interpolate first: c = beta1 * m + (1 - beta1) * grad, then step by np.sign(c)."),
    "sign_of_grad": (
        "you took the sign of the gradient itself: that is signSGD, without Lion's momentum.",
        "Step by np.sign(c) with c = beta1 * m + (1 - beta1) * grad."),
    "momentum_first": (
        "you updated the momentum BEFORE the sign (m_new = beta2 * m + ... first, then the "
        "interpolation with m_new): the new gradient is counted twice.",
        "Compute c = beta1 * m + (1 - beta1) * grad from the OLD m, take the step, and only then "
        "m_new = beta2 * m + (1 - beta2) * grad."),
    "betas_swapped": (
        "beta1 and beta2 are swapped: beta1 belongs to the interpolation c, beta2 to the momentum "
        "kept for the next step.",
        "c = beta1 * m + (1 - beta1) * grad;  m_new = beta2 * m + (1 - beta2) * grad."),
    "beta1_swapped": (
        "in the interpolation, beta1 and 1 - beta1 are swapped: the new gradient got the big weight.",
        "c = beta1 * m + (1 - beta1) * grad."),
    "beta2_swapped": (
        "in the momentum, beta2 and 1 - beta2 are swapped: the new gradient got the big weight.",
        "m_new = beta2 * m + (1 - beta2) * grad."),
    "no_sign": (
        "you stepped by c itself, without the sign: every coordinate should move by exactly lr.",
        "theta_new = theta - lr * (np.sign(c) + weight_decay * theta)."),
    "sign_of_zero": (
        "where c is exactly 0 your step is +-lr, but sign(0) = 0: such a weight (a blank pixel's, "
        "whose gradient and momentum are both 0) must not move, apart from its weight decay.",
        "Use np.sign(c), which gives 0 at c = 0, not np.where(c >= 0, 1, -1)."),
    "sign_flipped": (
        "you stepped uphill: theta moves along the sign of the gradient.",
        "Subtract: theta_new = theta - lr * (np.sign(c) + weight_decay * theta)."),
    "l2_in_grad": (
        "you added weight_decay * theta to the gradient (an L2 penalty): inside the sign the decay "
        "is lost whenever it is smaller than the gradient.",
        "Lion's decay is decoupled, as AdamW's: theta_new = theta - lr * (np.sign(c) + "
        "weight_decay * theta), with the raw grad in c and m."),
    "decay_inside_sign": (
        "you put the weight decay inside the sign: np.sign(c + weight_decay * theta) is still "
        "just +-1, so the decay vanishes.",
        "Add it outside the sign: theta_new = theta - lr * (np.sign(c) + weight_decay * theta)."),
    "decay_after": (
        "you decayed theta AFTER the sign step (so the step itself was decayed too).",
        "Both come from the old theta: theta_new = theta - lr * (np.sign(c) + weight_decay * theta)."),
    "decay_without_lr": (
        "your weight decay is not scaled by the learning rate.",
        "theta_new = theta - lr * (np.sign(c) + weight_decay * theta): lr multiplies the decay too."),
    "no_decay": (
        "theta moved without any weight decay.",
        "theta_new = theta - lr * (np.sign(c) + weight_decay * theta)."),
    "returned_c": (
        "theta is right, but your m_new is the interpolation c = beta1 * m + (1 - beta1) * grad "
        "(beta1 where Lion keeps its momentum with beta2).",
        "c is used for the sign and then thrown away; return m_new = beta2 * m + (1 - beta2) * grad."),
}

LION_FLAGS = list(LION_WORDS)
PAIR_FLAGS = ["sign_of_momentum", "momentum_first", "betas_swapped", "beta1_swapped",
              "beta2_swapped", "sign_flipped", "l2_in_grad", "decay_inside_sign", "decay_after",
              "decay_without_lr", "no_decay", "no_sign"]
WEIGHT_DECAY_FLAGS = {"l2_in_grad", "decay_inside_sign", "decay_after", "decay_without_lr", "no_decay"}
MOMENTUM_FLAGS = {"betas_swapped", "beta2_swapped", "returned_c"}


def _compatible(a, b):
    if {a, b} <= WEIGHT_DECAY_FLAGS or {a, b} <= MOMENTUM_FLAGS:
        return False
    return True


def lion_pairs():
    """Two classic mistakes at once, each pair one Mistake naming both (built on demand)."""
    mistakes = []
    for a, b in itertools.combinations(PAIR_FLAGS, 2):
        if _compatible(a, b):
            (what_a, fix_a), (what_b, fix_b) = LION_WORDS[a], LION_WORDS[b]
            mistakes.append(Mistake(f"{what_a} And {what_b}", f"{fix_a} {fix_b}", lion_mutant((a, b))))
    return mistakes


def lion_cases():
    """The standard cases (5 consecutive steps from m = 0), two mid-training states, and zeros.

    From m = 0 the sign of c and the sign of m_new agree in most coordinates;
    with an m of the gradient's size (mid-training) they disagree in many. Where grad
    and m are both 0, c = 0 and the step must be 0 (sign(0) = 0, not +1).
    """
    cases = optimizer_cases(steps.lion_step, LION_HYPER, LION_UNUSUAL, seed=10, steps=5)
    rng = np.random.default_rng(11)
    for shape, values, label in [((40,), LION_HYPER, "mid-training (m from earlier steps), shape (40,)"),
                                 ((5, 8), LION_UNUSUAL, "mid-training, shape (5, 8), lr=0.3, "
                                                        "weight_decay=1")]:
        args = {"theta": rng.normal(size=shape), "grad": rng.normal(size=shape),
                "m": 1.5 * rng.normal(size=shape), **values}
        cases.append(Case(args, f"the test {label}"))
    # grad = m = 0 in some coordinates, as the blank pixels of section 3: there c = 0 and sign(0) = 0
    grad, m = np.array([0.5, 0.0, -1.0, 0.0, 2.0, -0.3]), np.array([0.1, 0.0, 0.2, 0.0, -1.0, 0.0])
    cases.append(Case({"theta": rng.normal(size=6), "grad": grad, "m": m, **LION_HYPER},
                      "the test where grad = m = 0 in some coordinates (c = 0 there), shape (6,)"))
    return cases


LION_STEP = Exercise(
    name="lion_step",
    reference=steps.lion_step,
    outputs=("theta_new", "m_new"),
    cases=lion_cases,
    mistakes=[Mistake(*LION_WORDS[flag], lion_mutant((flag,))) for flag in LION_FLAGS],
    combined=lion_pairs,
    keywords=LION_KEYWORDS,
    defaults_used=("beta1", "beta2", "weight_decay"),
    also_reference=(optim.Lion.update,),
    debug_hint="Check one step by hand: lion_step(np.array([1.0]), np.array([-2.0]), np.array([3.0]), "
               "lr=0.1, weight_decay=0.5) has c = 0.9 * 3 + 0.1 * (-2) = 2.5 > 0, so theta_new = "
               "1 - 0.1 * (1 + 0.5) = 0.85 and m_new = 0.99 * 3 + 0.01 * (-2) = 2.95.",
)
check_lion_step = make_check(LION_STEP)


# --- reasoning: Adafactor's memory --------------------------------------------

ADAFACTOR_SHAPE = (768, 3072)   # GPT-2 small: one MLP matrix (d_model x 4 d_model)
FLOAT32_BYTES = 4


def adafactor_bytes_per_parameter(shape=ADAFACTOR_SHAPE, itemsize=FLOAT32_BYTES):
    """Adafactor keeps one number per row and one per column: itemsize * (n + m) / (n * m) bytes."""
    n, m = shape
    return itemsize * (n + m) / (n * m)


_N, _M = ADAFACTOR_SHAPE
_check_adafactor_bytes = make_answer_check(
    "adafactor_bytes",
    answer=adafactor_bytes_per_parameter,
    rtol=2e-3,
    wrong_answers={
        8: "8 bytes per parameter is Adam's state (m and v, 4 bytes each); Adafactor keeps no m and "
           "does not keep a full v either.",
        4: "about 4 bytes per parameter is one float32 per parameter: a full second moment v, or a "
           "float32 momentum m on top of the factored v. Adafactor as here keeps neither: no m "
           "(beta1 = 0) and, for v, only the numbers of its rows and columns.",
        FLOAT32_BYTES * (_N + _M): "that is the state of the whole matrix in bytes; the question "
                                   "asks for bytes PER PARAMETER (divide by the number of entries).",
        _N + _M: "that is how many numbers the state holds for the whole matrix; the question asks "
                 "for bytes per parameter.",
        (_N + _M) / (_N * _M): "that is numbers per parameter: each float32 number takes 4 bytes.",
        8 * (_N + _M) / (_N * _M): "that would be float64; this matrix (and so its state) is float32.",
        FLOAT32_BYTES * 2 / _N: "close, but a matrix of n x m entries has n row means and m column "
                                "means: count both, they differ here.",
    },
    hint="Count the numbers Adafactor stores for one n x m matrix (one per row, one per column), "
         "multiply by the bytes of one float32, and divide by the number of parameters n * m.",
    explain="Adafactor keeps R (one mean square per row: 768 numbers) and C (one per column: 3072), "
            "so 4 * (768 + 3072) = 15,360 bytes for 768 * 3072 = 2,359,296 parameters: "
            "4 * (n + m) / (n * m) = 0.00651 bytes per parameter, about 1,200 times less than "
            "Adam's 8.",
)


def check_adafactor_bytes(fn, hint=False):
    """Check your `adafactor_bytes` (a function returning one number); prints a verdict.

    The function goes through :func:`answer_functions.check_answer_function`, as every reasoning
    answer of the course does: a `raise NotImplementedError()` left below the answer, a body that
    raises or never returns (a print instead of a return), is named as such.
    `check_adafactor_bytes(adafactor_bytes, hint=True)` also shows how to work it out.
    """
    __tracebackhide__ = True
    returned_by = f"{getattr(fn, '__name__', 'adafactor_bytes')}()" if callable(fn) else ""
    check_answer_function(_check_adafactor_bytes, fn, hint, "adafactor_bytes", returned_by=returned_by)


check_adafactor_bytes.answer = _check_adafactor_bytes.answer
check_adafactor_bytes.verdict = _check_adafactor_bytes.verdict


# --- the lesson's predictions: what each is told, kept here so that no answer is on screen while predicting ---

ADADELTA_FEEDBACK = dict(
    wrong_predictions={1: "lr = 1 does not make the step 1: the numerator is the RMS of the PAST steps, "
                          "and there are none yet."},
    why="u_0 = 0, so the numerator is sqrt(eps) = 0.001, and v_1 = 0.1 g**2: the step is "
        "0.001 / sqrt(0.1) = 0.0032.")

LION_RMS_FEEDBACK = dict(
    why="sign(c) is +1 or -1 in every coordinate whose gradient is not exactly 0, so those weights move by "
        "exactly lr; only the weights of blank pixels (c = 0, sign(0) = 0) stay put.")

NEWTON_SCHULZ_FEEDBACK = dict(
    wrong_predictions={1: "1 is not a fixed point of this quintic: put s = 1 into a s + b s**3 + c s**5."},
    why="One iteration sends s to a s + b s**3 + c s**5; at s = 1 that is a + b + c = 3.4445 - 4.7750 + "
        "2.0315 = 0.701. So even a singular value that is already 1 moves: the iteration leaves the "
        "singular values in a band around 1, not at 1.")
