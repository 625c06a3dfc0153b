"""Lesson 06: ``amsgrad_step`` and ``adamw_step``, two repairs of Adam."""
import numpy as np

from .. import steps
from .adam import ADAM_HYPER, ADAM_UNUSUAL
from .engine import Exercise, make_check, optimizer_cases


# --- amsgrad_step ------------------------------------------------------------

def _moments(grad, m, v, beta1, beta2):
    return beta1 * m + (1 - beta1) * grad, beta2 * v + (1 - beta2) * grad**2


def _max_of_corrected(theta, grad, m, v, v_max, t, lr, beta1, beta2, eps):
    m, v = _moments(grad, m, v, beta1, beta2)
    v_max = np.maximum(v_max, v / (1 - beta2**t))
    return theta - lr * m / (1 - beta1**t) / (np.sqrt(v_max) + eps), m, v, v_max


def _max_not_used(theta, grad, m, v, v_max, t, lr, beta1, beta2, eps):
    theta, m, v = steps.adam_step(theta, grad, m, v, t, lr, beta1, beta2, eps)
    return theta, m, v, np.maximum(v_max, v)


def _no_max(theta, grad, m, v, v_max, t, lr, beta1, beta2, eps):
    theta, m, v = steps.adam_step(theta, grad, m, v, t, lr, beta1, beta2, eps)
    return theta, m, v, None  # whatever v_max_new is, theta moved like plain Adam


def _max_before_update(theta, grad, m, v, v_max, t, lr, beta1, beta2, eps):
    v_max = np.maximum(v_max, v)
    m, v = _moments(grad, m, v, beta1, beta2)
    return theta - lr * m / (1 - beta1**t) / (np.sqrt(v_max / (1 - beta2**t)) + eps), m, v, v_max


def _v_max_uncorrected(theta, grad, m, v, v_max, t, lr, beta1, beta2, eps):
    m, v = _moments(grad, m, v, beta1, beta2)
    v_max = np.maximum(v_max, v)
    return theta - lr * m / (1 - beta1**t) / (np.sqrt(v_max) + eps), m, v, v_max


AMSGRAD_STEP = Exercise(
    name="amsgrad_step",
    reference=steps.amsgrad_step,
    outputs=("theta_new", "m_new", "v_new", "v_max_new"),
    cases=lambda: optimizer_cases(steps.amsgrad_step, ADAM_HYPER, ADAM_UNUSUAL, seed=7, steps=4),
    mistakes=[
        ("you kept the max of the bias-corrected v_hat. That is the paper's and optax's version; "
         "torch (and this course) keeps the max of the RAW v, v_max_new = np.maximum(v_max, v_new), "
         "and bias-corrects when dividing: np.sqrt(v_max_new / (1 - beta2**t)) + eps.",
         _max_of_corrected),
        ("you computed v_max_new but divided by v_new: AMSGrad's point is to divide by "
         "np.sqrt(v_max_new / (1 - beta2**t)) + eps, so the step never grows because v fell.",
         _max_not_used),
        ("theta moved exactly as in plain Adam: you forgot the max. Keep v_max_new = np.maximum(v_max, "
         "v_new) and divide by np.sqrt(v_max_new / (1 - beta2**t)) + eps.", _no_max),
        ("you took the max with the OLD v: update v first, then v_max_new = np.maximum(v_max, v_new).",
         _max_before_update),
        ("you forgot to bias-correct v_max in the denominator: np.sqrt(v_max_new / (1 - beta2**t)) + eps.",
         _v_max_uncorrected),
    ],
    debug_hint="Check one step by hand: amsgrad_step(np.array([1.0]), np.array([0.5]), np.zeros(1), "
               "np.zeros(1), np.array([1.0]), 1) should keep v_max_new 1 and give theta_new 0.999984 "
               "(= 1 - 0.001 * 0.5 / sqrt(1 / 0.001)); print the denominator inside to compare.",
)
check_amsgrad_step = make_check(AMSGRAD_STEP)


# --- adamw_step --------------------------------------------------------------

def _l2(theta, grad, m, v, t, lr, beta1, beta2, eps, weight_decay):
    return steps.adam_step(theta, grad + weight_decay * theta, m, v, t, lr, beta1, beta2, eps)


def _decay_after(theta, grad, m, v, t, lr, beta1, beta2, eps, weight_decay):
    theta, m, v = steps.adam_step(theta, grad, m, v, t, lr, beta1, beta2, eps)
    return theta * (1 - lr * weight_decay), m, v


def _decay_without_lr(theta, grad, m, v, t, lr, beta1, beta2, eps, weight_decay):
    return steps.adam_step(theta * (1 - weight_decay), grad, m, v, t, lr, beta1, beta2, eps)


def _no_decay(theta, grad, m, v, t, lr, beta1, beta2, eps, weight_decay):
    return steps.adam_step(theta, grad, m, v, t, lr, beta1, beta2, eps)


def _decay_grows(theta, grad, m, v, t, lr, beta1, beta2, eps, weight_decay):
    return steps.adam_step(theta * (1 + lr * weight_decay), grad, m, v, t, lr, beta1, beta2, eps)


ADAMW_STEP = Exercise(
    name="adamw_step",
    reference=steps.adamw_step,
    outputs=("theta_new", "m_new", "v_new"),
    cases=lambda: optimizer_cases(steps.adamw_step, {**ADAM_HYPER, "weight_decay": 1e-2},
                                  {**ADAM_UNUSUAL, "weight_decay": 0.1}, seed=8),
    mistakes=[
        ("you added weight_decay * theta to the gradient: that is an L2 penalty, i.e. "
         "torch.optim.Adam(weight_decay=...), where Adam's scaling reshapes the decay. AdamW decouples "
         "it: theta = theta * (1 - lr * weight_decay) first, then Adam's step with the raw grad.", _l2),
        ("you decayed theta AFTER the Adam step; torch's AdamW decays first: "
         "theta = theta * (1 - lr * weight_decay), then the Adam step.", _decay_after),
        ("the decay must be scaled by the learning rate: theta * (1 - lr * weight_decay), "
         "not theta * (1 - weight_decay).", _decay_without_lr),
        ("theta moved exactly as in plain Adam: you forgot the weight decay, "
         "theta = theta * (1 - lr * weight_decay) before the Adam step.", _no_decay),
        ("your decay makes the weights grow: multiply by (1 - lr * weight_decay), with a minus.",
         _decay_grows),
    ],
    debug_hint="Check one step by hand: adamw_step(np.array([1.0]), np.array([0.5]), np.zeros(1), "
               "np.zeros(1), 1, lr=0.1, weight_decay=0.5) should give theta_new 0.85 (decay to 0.95, "
               "then Adam's first step of size lr).",
)
check_adamw_step = make_check(ADAMW_STEP)
