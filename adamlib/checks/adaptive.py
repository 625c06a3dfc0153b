"""Lesson 03: ``adagrad_step`` and ``rmsprop_step``, per-coordinate step sizes."""
import numpy as np

from .. import steps
from .engine import Exercise, make_check, optimizer_cases


# --- adagrad_step ------------------------------------------------------------

def _adagrad(theta, grad, s_used, s_new, lr, eps, inside=False):
    denom = np.sqrt(s_used + eps) if inside else np.sqrt(s_used) + eps
    return theta - lr * grad / denom, s_new


def _ag_eps_inside(theta, grad, sum_sq, lr, eps):
    s = sum_sq + grad**2
    return _adagrad(theta, grad, s, s, lr, eps, inside=True)


def _ag_not_squared(theta, grad, sum_sq, lr, eps):
    s = sum_sq + grad
    return _adagrad(theta, grad, s, s, lr, eps)


def _ag_not_accumulated(theta, grad, sum_sq, lr, eps):
    s = grad**2
    return _adagrad(theta, grad, s, s, lr, eps)


def _ag_old_sum(theta, grad, sum_sq, lr, eps):
    return _adagrad(theta, grad, sum_sq, sum_sq + grad**2, lr, eps)


def _ag_no_sqrt(theta, grad, sum_sq, lr, eps):
    s = sum_sq + grad**2
    return theta - lr * grad / (s + eps), s


def _ag_sign(theta, grad, sum_sq, lr, eps):
    s = sum_sq + grad**2
    return theta + lr * grad / (np.sqrt(s) + eps), s


ADAGRAD_STEP = Exercise(
    name="adagrad_step",
    reference=steps.adagrad_step,
    outputs=("theta_new", "sum_sq_new"),
    cases=lambda: optimizer_cases(steps.adagrad_step, {"lr": 0.1, "eps": 1e-10},
                                  {"lr": 0.5, "eps": 1e-3}, seed=4),
    mistakes=[
        ("you put eps inside the square root, np.sqrt(sum_sq_new + eps). torch adds it outside: "
         "theta - lr * grad / (np.sqrt(sum_sq_new) + eps).", _ag_eps_inside),
        ("you forgot to square the gradient: the sum collects grad**2 (always positive), "
         "s_new = sum_sq + grad**2.", _ag_not_squared),
        ("you used only this step's grad**2: AdaGrad ADDS it to the running sum, "
         "sum_sq_new = sum_sq + grad**2, so the steps keep shrinking.", _ag_not_accumulated),
        ("you divided by the OLD sum: first sum_sq_new = sum_sq + grad**2, then divide by "
         "np.sqrt(sum_sq_new) + eps.", _ag_old_sum),
        ("you forgot the square root: divide by np.sqrt(sum_sq_new) + eps, which has the units "
         "of a gradient, so the step has the units of lr.", _ag_no_sqrt),
        ("you stepped uphill: theta_new = theta - lr * grad / (np.sqrt(sum_sq_new) + eps).", _ag_sign),
    ],
    debug_hint="Check one step by hand: adagrad_step(np.array([1.0]), np.array([0.5]), np.zeros(1), "
               "0.1) should give theta_new 0.9, sum_sq_new 0.25.",
)
check_adagrad_step = make_check(ADAGRAD_STEP)


# --- rmsprop_step ------------------------------------------------------------

def _rms_swapped(theta, grad, sq_avg, lr, alpha, eps):
    v = (1 - alpha) * sq_avg + alpha * grad**2
    return theta - lr * grad / (np.sqrt(v) + eps), v


def _rms_eps_inside(theta, grad, sq_avg, lr, alpha, eps):
    v = alpha * sq_avg + (1 - alpha) * grad**2
    return theta - lr * grad / np.sqrt(v + eps), v


def _rms_bias_corrected(theta, grad, sq_avg, lr, alpha, eps):
    v = alpha * sq_avg + (1 - alpha) * grad**2
    return theta - lr * grad / (np.sqrt(v / (1 - alpha)) + eps), v


def _rms_old_v(theta, grad, sq_avg, lr, alpha, eps):
    v = alpha * sq_avg + (1 - alpha) * grad**2
    return theta - lr * grad / (np.sqrt(sq_avg) + eps), v


def _rms_not_squared(theta, grad, sq_avg, lr, alpha, eps):
    v = alpha * sq_avg + (1 - alpha) * grad
    return theta - lr * grad / (np.sqrt(v) + eps), v


def _rms_no_sqrt(theta, grad, sq_avg, lr, alpha, eps):
    v = alpha * sq_avg + (1 - alpha) * grad**2
    return theta - lr * grad / (v + eps), v


def _rms_sign(theta, grad, sq_avg, lr, alpha, eps):
    v = alpha * sq_avg + (1 - alpha) * grad**2
    return theta + lr * grad / (np.sqrt(v) + eps), v


RMSPROP_STEP = Exercise(
    name="rmsprop_step",
    reference=steps.rmsprop_step,
    outputs=("theta_new", "sq_avg_new"),
    cases=lambda: optimizer_cases(steps.rmsprop_step, {"lr": 0.01, "alpha": 0.99, "eps": 1e-8},
                                  {"lr": 0.1, "alpha": 0.9, "eps": 1e-3}, seed=5),
    mistakes=[
        ("alpha and 1 - alpha are swapped: the old average keeps the big weight alpha, "
         "sq_avg_new = alpha * sq_avg + (1 - alpha) * grad**2.", _rms_swapped),
        ("you put eps inside the square root, sqrt(v + eps). torch adds it outside: "
         "theta - lr * grad / (np.sqrt(sq_avg_new) + eps).", _rms_eps_inside),
        ("you bias-corrected v (divided it by 1 - alpha). RMSProp has no bias correction: that is one "
         "of the things Adam adds. Use np.sqrt(sq_avg_new) + eps as it is.", _rms_bias_corrected),
        ("you divided by the OLD average: first sq_avg_new = alpha * sq_avg + (1 - alpha) * grad**2, "
         "then divide by np.sqrt(sq_avg_new) + eps.", _rms_old_v),
        ("you forgot to square the gradient in the average: sq_avg_new = alpha * sq_avg + "
         "(1 - alpha) * grad**2.", _rms_not_squared),
        ("you forgot the square root: divide by np.sqrt(sq_avg_new) + eps.", _rms_no_sqrt),
        ("you stepped uphill: theta_new = theta - lr * grad / (np.sqrt(sq_avg_new) + eps).", _rms_sign),
    ],
    debug_hint="Check one step by hand: rmsprop_step(np.array([1.0]), np.array([0.5]), np.zeros(1), "
               "0.01) should give theta_new 0.9 (the first step is lr / sqrt(1 - alpha) = 10 times lr), "
               "sq_avg_new 0.0025.",
)
check_rmsprop_step = make_check(RMSPROP_STEP)
