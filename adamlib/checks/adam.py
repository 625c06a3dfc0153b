"""Lesson 04: ``adam_step(theta, grad, m, v, t, lr, beta1, beta2, eps) -> (theta_new, m_new, v_new)``.

Each mutant below is torch's Adam with ONE classic mistake.
"""
import numpy as np

from .. import steps
from .engine import Exercise, make_check, optimizer_cases

ADAM_HYPER = {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
ADAM_UNUSUAL = {"lr": 0.1, "beta1": 0.8, "beta2": 0.95, "eps": 1e-3}  # a large eps shows where eps goes


def _moments(grad, m, v, beta1, beta2):
    return beta1 * m + (1 - beta1) * grad, beta2 * v + (1 - beta2) * grad**2


def _finish(theta, m, v, t, lr, beta1, beta2, eps):
    """The correct update, from already-updated m and v."""
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def _no_bias_correction(theta, grad, m, v, t, lr, beta1, beta2, eps):
    m, v = _moments(grad, m, v, beta1, beta2)
    return theta - lr * m / (np.sqrt(v) + eps), m, v


def _only_m_corrected(theta, grad, m, v, t, lr, beta1, beta2, eps):
    m, v = _moments(grad, m, v, beta1, beta2)
    return theta - lr * m / (1 - beta1**t) / (np.sqrt(v) + eps), m, v


def _only_v_corrected(theta, grad, m, v, t, lr, beta1, beta2, eps):
    m, v = _moments(grad, m, v, beta1, beta2)
    return theta - lr * m / (np.sqrt(v / (1 - beta2**t)) + eps), m, v


def _t_minus_1(theta, grad, m, v, t, lr, beta1, beta2, eps):
    return steps.adam_step(theta, grad, m, v, t - 1, lr, beta1, beta2, eps)


def _t_plus_1(theta, grad, m, v, t, lr, beta1, beta2, eps):
    return steps.adam_step(theta, grad, m, v, t + 1, lr, beta1, beta2, eps)


def _eps_inside_sqrt(theta, grad, m, v, t, lr, beta1, beta2, eps):
    m, v = _moments(grad, m, v, beta1, beta2)
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    return theta - lr * m_hat / np.sqrt(v_hat + eps), m, v


def _eps_hat(theta, grad, m, v, t, lr, beta1, beta2, eps):
    m, v = _moments(grad, m, v, beta1, beta2)
    lr_t = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t)
    return theta - lr_t * m / (np.sqrt(v) + eps), m, v


def _beta1_swapped(theta, grad, m, v, t, lr, beta1, beta2, eps):
    m = (1 - beta1) * m + beta1 * grad
    return _finish(theta, m, beta2 * v + (1 - beta2) * grad**2, t, lr, beta1, beta2, eps)


def _beta2_swapped(theta, grad, m, v, t, lr, beta1, beta2, eps):
    v = (1 - beta2) * v + beta2 * grad**2
    return _finish(theta, beta1 * m + (1 - beta1) * grad, v, t, lr, beta1, beta2, eps)


def _sign_flipped(theta, grad, m, v, t, lr, beta1, beta2, eps):
    theta_new, m, v = steps.adam_step(theta, grad, m, v, t, lr, beta1, beta2, eps)
    return 2 * theta - theta_new, m, v


def _g_not_squared(theta, grad, m, v, t, lr, beta1, beta2, eps):
    v = beta2 * v + (1 - beta2) * grad
    return _finish(theta, beta1 * m + (1 - beta1) * grad, v, t, lr, beta1, beta2, eps)


def _no_sqrt(theta, grad, m, v, t, lr, beta1, beta2, eps):
    m, v = _moments(grad, m, v, beta1, beta2)
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    return theta - lr * m_hat / (v_hat + eps), m, v


def _old_moments(theta, grad, m, v, t, lr, beta1, beta2, eps):
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    m_new, v_new = _moments(grad, m, v, beta1, beta2)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


def _returned_corrected(theta, grad, m, v, t, lr, beta1, beta2, eps):
    m, v = _moments(grad, m, v, beta1, beta2)
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m_hat, v_hat


ADAM_MISTAKES = [
    ("you left out the bias correction. m and v start at 0, so in the first steps they are too "
     "small; divide them by 1 - beta**t: m_hat = m / (1 - beta1**t), v_hat = v / (1 - beta2**t), "
     "theta - lr * m_hat / (np.sqrt(v_hat) + eps).", _no_bias_correction),
    ("you bias-corrected m but not v: also use v_hat = v / (1 - beta2**t) in the denominator.",
     _only_m_corrected),
    ("you bias-corrected v but not m: also use m_hat = m / (1 - beta1**t) in the numerator.",
     _only_v_corrected),
    ("your step counter is off by one: you used t - 1 in 1 - beta**t. Here t is already the number "
     "of THIS step (1 on the first call), so use 1 - beta1**t and 1 - beta2**t as they are.", _t_minus_1),
    ("your step counter is off by one: you used t + 1 in 1 - beta**t. Here t is already the number "
     "of THIS step (1 on the first call), so use 1 - beta1**t and 1 - beta2**t as they are.", _t_plus_1),
    ("you put eps inside the square root, np.sqrt(v_hat + eps). torch adds it outside: "
     "theta - lr * m_hat / (np.sqrt(v_hat) + eps).", _eps_inside_sqrt),
    ("you added eps to the uncorrected np.sqrt(v) and folded the bias correction into the step size "
     "(lr * sqrt(1 - beta2**t) / (1 - beta1**t) * m / (np.sqrt(v) + eps)). That is the paper's "
     "faster 'eps-hat' form (Kingma & Ba, end of Section 2; TensorFlow/Keras use it): very close, "
     "but its eps acts up to 1/sqrt(1 - beta2**t) times larger (about 32 times at t = 1). This course "
     "follows torch and Algorithm 1: theta - lr * m_hat / (np.sqrt(v_hat) + eps).", _eps_hat),
    ("in m, beta1 and 1 - beta1 are swapped: the old average keeps the big weight, "
     "m_new = beta1 * m + (1 - beta1) * grad.", _beta1_swapped),
    ("in v, beta2 and 1 - beta2 are swapped: the old average keeps the big weight, "
     "v_new = beta2 * v + (1 - beta2) * grad**2.", _beta2_swapped),
    ("you stepped uphill: theta_new = theta - lr * m_hat / (np.sqrt(v_hat) + eps), with a minus.",
     _sign_flipped),
    ("v must average the SQUARED gradient: v_new = beta2 * v + (1 - beta2) * grad**2 "
     "(with grad, v can turn negative and its square root NaN).", _g_not_squared),
    ("you forgot the square root: divide by np.sqrt(v_hat) + eps, which has the units of a "
     "gradient, so the step has the units of lr.", _no_sqrt),
    ("you moved theta with the OLD m and v: update m and v first, then bias-correct the new ones "
     "and take the step.", _old_moments),
    ("theta is right, but you returned the bias-corrected m_hat and v_hat: return the raw m_new "
     "and v_new (the correction is recomputed from them at every step).", _returned_corrected),
]

ADAM_STEP = Exercise(
    name="adam_step",
    reference=steps.adam_step,
    outputs=("theta_new", "m_new", "v_new"),
    cases=lambda: optimizer_cases(steps.adam_step, ADAM_HYPER, ADAM_UNUSUAL, seed=6),
    mistakes=ADAM_MISTAKES,
    debug_hint="Check one step by hand: adam_step(np.array([1.0]), np.array([0.5]), np.zeros(1), "
               "np.zeros(1), 1) should give theta_new 0.999 (the first Adam step has size lr), "
               "m_new 0.05, v_new 0.00025; print m_hat and v_hat inside to see where yours differs.",
)
check_adam_step = make_check(ADAM_STEP)
