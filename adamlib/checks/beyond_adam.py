"""Lesson 06: ``amsgrad_step`` and ``adamw_step``, two repairs of Adam.

Both checks know their own mistakes and Adam's (from :mod:`.adam`: eps inside
the square root, no bias correction, t off by one, ...), single or in pairs.
"""
import numpy as np

from .. import optim, steps
from .adam import (ADAM_HYPER, ADAM_KEYWORDS, ADAM_UNUSUAL, ADAM_WORDS, adam_like, family_mistakes,
                   pairs)
from .engine import Exercise, Mistake, make_check, optimizer_cases

# Adam's mistakes that stay meaningful inside AMSGrad and AdamW (and are told apart on their cases)
SHARED_FLAGS = ["no_bias_correction", "only_m_corrected", "only_v_corrected", "t_minus_1",
                "t_plus_1", "eps_inside_sqrt", "eps_hat", "beta1_swapped", "beta2_swapped",
                "sign_flipped", "g_not_squared", "abs_g", "no_sqrt"]


# --- amsgrad_step ------------------------------------------------------------

def _moments(grad, m, v, beta1, beta2):
    return beta1 * m + (1 - beta1) * grad, beta2 * v + (1 - beta2) * grad**2


def _max_of_corrected(theta, grad, m, v, v_max, t, lr, beta1, beta2, eps):
    m, v = _moments(grad, m, v, beta1, beta2)
    v_max = np.maximum(v_max, v / (1 - beta2**t))
    return theta - lr * m / (1 - beta1**t) / (np.sqrt(v_max) + eps), m, v, v_max


def _max_not_used(theta, grad, m, v, v_max, t, lr, beta1, beta2, eps):
    theta, m, v = adam_like(theta, grad, m, v, t, lr, beta1, beta2, eps)
    return theta, m, v, np.maximum(v_max, v)


def _no_max(theta, grad, m, v, v_max, t, lr, beta1, beta2, eps):
    theta, m, v = adam_like(theta, grad, m, v, t, lr, beta1, beta2, eps)
    return theta, m, v, None  # whatever v_max_new is, theta moved like plain Adam


def _max_before_update(theta, grad, m, v, v_max, t, lr, beta1, beta2, eps):
    v_max = np.maximum(v_max, v)
    m, v = _moments(grad, m, v, beta1, beta2)
    return theta - lr * m / (1 - beta1**t) / (np.sqrt(v_max / (1 - beta2**t)) + eps), m, v, v_max


def _v_max_uncorrected(theta, grad, m, v, v_max, t, lr, beta1, beta2, eps):
    m, v = _moments(grad, m, v, beta1, beta2)
    v_max = np.maximum(v_max, v)
    return theta - lr * m / (1 - beta1**t) / (np.sqrt(v_max) + eps), m, v, v_max


AMSGRAD_DENOM = "np.sqrt(v_max_new / (1 - beta2**t)) + eps"

AMSGRAD_STEP = Exercise(
    name="amsgrad_step",
    reference=steps.amsgrad_step,
    outputs=("theta_new", "m_new", "v_new", "v_max_new"),
    cases=lambda: optimizer_cases(steps.amsgrad_step, ADAM_HYPER, ADAM_UNUSUAL, seed=7, steps=4),
    mistakes=[
        Mistake("you kept the max of the bias-corrected v_hat: the paper's and optax's version.",
                "torch (and this course) keeps the max of the RAW v, v_max_new = np.maximum(v_max, "
                f"v_new), and bias-corrects when dividing: {AMSGRAD_DENOM}.", _max_of_corrected),
        Mistake("you computed v_max_new but divided by v_new.",
                f"AMSGrad's point is to divide by {AMSGRAD_DENOM}, so the step never grows "
                "because v fell.", _max_not_used),
        Mistake("theta moved exactly as in plain Adam: you forgot the max.",
                f"Keep v_max_new = np.maximum(v_max, v_new) and divide by {AMSGRAD_DENOM}.", _no_max),
        Mistake("you took the max with the OLD v.",
                "Update v first, then v_max_new = np.maximum(v_max, v_new).", _max_before_update),
        Mistake("you forgot to bias-correct v_max in the denominator.",
                f"Divide by {AMSGRAD_DENOM}.", _v_max_uncorrected),
        *family_mistakes([f for f in SHARED_FLAGS if f != "only_m_corrected"],  # = v_max uncorrected
                         "amsgrad", AMSGRAD_DENOM),
    ],
    combined=lambda: pairs("amsgrad", AMSGRAD_DENOM),
    keywords=ADAM_KEYWORDS,  # lesson 06 calls amsgrad_step(x, g, m, v, v_max, t, lr=..., beta1=0.0, beta2=...)
    defaults_used=("eps",),
    also_reference=(optim.Adam.update,),
    debug_hint="Check one step by hand: amsgrad_step(np.array([1.0]), np.array([0.5]), np.zeros(1), "
               "np.zeros(1), np.array([1.0]), 1) should keep v_max_new 1 and give theta_new 0.999984 "
               "(= 1 - 0.001 * 0.5 / sqrt(1 / 0.001)); print the denominator inside to compare.",
)
check_amsgrad_step = make_check(AMSGRAD_STEP)


# --- adamw_step --------------------------------------------------------------

def _adam(theta, grad, m, v, t, lr, beta1, beta2, eps):
    return adam_like(theta, grad, m, v, t, lr, beta1, beta2, eps)


def _l2(theta, grad, m, v, t, lr, beta1, beta2, eps, weight_decay):
    return _adam(theta, grad + weight_decay * theta, m, v, t, lr, beta1, beta2, eps)


def _decay_after(theta, grad, m, v, t, lr, beta1, beta2, eps, weight_decay):
    theta, m, v = _adam(theta, grad, m, v, t, lr, beta1, beta2, eps)
    return theta * (1 - lr * weight_decay), m, v


def _decay_without_lr(theta, grad, m, v, t, lr, beta1, beta2, eps, weight_decay):
    return _adam(theta * (1 - weight_decay), grad, m, v, t, lr, beta1, beta2, eps)


def _no_decay(theta, grad, m, v, t, lr, beta1, beta2, eps, weight_decay):
    return _adam(theta, grad, m, v, t, lr, beta1, beta2, eps)


def _decay_grows(theta, grad, m, v, t, lr, beta1, beta2, eps, weight_decay):
    return _adam(theta * (1 + lr * weight_decay), grad, m, v, t, lr, beta1, beta2, eps)


def _adamw_with(decay, flags):
    """AdamW with the decay done the ``decay`` way ("l2", "after", "no_lr", "none", "grows") and Adam's ``flags``."""
    def mutant(theta, grad, m, v, t, lr, beta1, beta2, eps, weight_decay):
        if decay == "l2":
            grad = grad + weight_decay * theta
        elif decay in ("no_lr", "grows"):
            theta = theta * (1 - weight_decay if decay == "no_lr" else 1 + lr * weight_decay)
        theta, m, v = adam_like(theta, grad, m, v, t, lr, beta1, beta2, eps, flags)
        return (theta * (1 - lr * weight_decay) if decay == "after" else theta), m, v
    return mutant


ADAMW_DECAY_MISTAKES = {"l2": _l2, "after": _decay_after, "no_lr": _decay_without_lr,
                        "none": _no_decay, "grows": _decay_grows}


def _adamw_pairs():
    """One decay mistake together with one of Adam's, or two of Adam's."""
    mistakes = []
    by_mutant = {m.mutant: m for m in ADAMW_STEP.mistakes}
    decay_words = {decay: by_mutant[fn] for decay, fn in ADAMW_DECAY_MISTAKES.items()}
    for decay, decay_mistake in decay_words.items():
        for flag in SHARED_FLAGS:
            what, fix = ADAM_WORDS[flag]
            mistakes.append(Mistake(f"{decay_mistake.what} And {what}",
                                    f"{decay_mistake.fix} {fix.format(denom='np.sqrt(v_hat) + eps')}",
                                    _adamw_with(decay, (flag,))))
    return mistakes + pairs("adamw")


ADAMW_STEP = Exercise(
    name="adamw_step",
    reference=steps.adamw_step,
    outputs=("theta_new", "m_new", "v_new"),
    cases=lambda: optimizer_cases(steps.adamw_step, {**ADAM_HYPER, "weight_decay": 1e-2},
                                  {**ADAM_UNUSUAL, "weight_decay": 0.1}, seed=8),
    mistakes=[
        Mistake("you added weight_decay * theta to the gradient: that is an L2 penalty, i.e. "
                "torch.optim.Adam(weight_decay=...), where Adam's scaling reshapes the decay.",
                "AdamW decouples it: theta = theta * (1 - lr * weight_decay) first, then Adam's "
                "step with the raw grad.", _l2),
        Mistake("you decayed theta AFTER the Adam step; torch's AdamW decays first.",
                "theta = theta * (1 - lr * weight_decay), then the Adam step.", _decay_after),
        Mistake("your decay is not scaled by the learning rate.",
                "theta * (1 - lr * weight_decay), not theta * (1 - weight_decay).", _decay_without_lr),
        Mistake("theta moved exactly as in plain Adam: you forgot the weight decay.",
                "theta = theta * (1 - lr * weight_decay) before the Adam step.", _no_decay),
        Mistake("your decay makes the weights grow.",
                "Multiply by (1 - lr * weight_decay), with a minus.", _decay_grows),
        *family_mistakes(SHARED_FLAGS + ["old_moments", "returned_corrected"], "adamw"),
    ],
    combined=lambda: _adamw_pairs(),
    keywords=ADAM_KEYWORDS + ("weight_decay",),  # lesson 06: adamw_step(w, g, m, v, t, lr=lr, weight_decay=lam)
    defaults_used=("beta1", "beta2", "eps"),
    also_reference=(optim.AdamW.update,),
    debug_hint="Check one step by hand: adamw_step(np.array([1.0]), np.array([0.5]), np.zeros(1), "
               "np.zeros(1), 1, lr=0.1, weight_decay=0.5) should give theta_new 0.85 (decay to 0.95, "
               "then Adam's first step of size lr).",
)
check_adamw_step = make_check(ADAMW_STEP)
