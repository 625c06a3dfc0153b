"""Lesson 03: ``adagrad_step`` and ``rmsprop_step``, per-coordinate step sizes."""
import numpy as np

from .. import optim, steps
from .engine import Exercise, Mistake, make_check, optimizer_cases
from .eps_mistakes import NEAR_MISS as EPS_NEAR_MISS, eps_mistakes


# --- adagrad_step ------------------------------------------------------------

def _adagrad(theta, grad, sum_sq, lr, eps, add=lambda g: g**2, old=False, inside=False,
             root=np.sqrt, sign=-1):
    """AdaGrad with switches: what is added to the sum, which sum divides, where eps goes."""
    s_new = sum_sq + add(grad)
    s = sum_sq if old else s_new
    denom = root(s + eps) if inside else root(s) + eps
    return theta + sign * lr * grad / denom, s_new


def _ag_eps_inside(theta, grad, sum_sq, lr, eps):
    return _adagrad(theta, grad, sum_sq, lr, eps, inside=True)


def _ag_not_squared(theta, grad, sum_sq, lr, eps):
    return _adagrad(theta, grad, sum_sq, lr, eps, add=lambda g: g)


def _ag_abs(theta, grad, sum_sq, lr, eps):
    return _adagrad(theta, grad, sum_sq, lr, eps, add=np.abs)


def _ag_not_accumulated(theta, grad, sum_sq, lr, eps):
    return _adagrad(theta, grad, 0 * sum_sq, lr, eps)


def _ag_old_sum(theta, grad, sum_sq, lr, eps):
    return _adagrad(theta, grad, sum_sq, lr, eps, old=True)


def _ag_no_sqrt(theta, grad, sum_sq, lr, eps):
    return _adagrad(theta, grad, sum_sq, lr, eps, root=lambda s: s)


def _ag_sign(theta, grad, sum_sq, lr, eps):
    return _adagrad(theta, grad, sum_sq, lr, eps, sign=+1)


def _ag_no_eps(theta, grad, sum_sq, lr, eps):
    # eps left out (or set to 0): the same step to about 7 digits, since eps is tiny next to sqrt(s).
    return _adagrad(theta, grad, sum_sq, lr, 0.0)


def _ag_eps_on_theta(theta, grad, sum_sq, lr, eps):
    # theta - lr * grad / np.sqrt(s) + eps: without brackets eps is added to theta, not to the root.
    theta_new, s_new = _adagrad(theta, grad, sum_sq, lr, 0.0)
    return theta_new + eps, s_new


def _ag_eps_squared_inside(theta, grad, sum_sq, lr, eps):
    return _adagrad(theta, grad, sum_sq, lr, eps**2, inside=True)  # sqrt(s + eps**2)


def _ag_global_sum(theta, grad, sum_sq, lr, eps):
    # One accumulator for the whole array: every coordinate's sum grows by the SAME total
    # np.sum(grad**2), so all coordinates share one step size (AdaGrad-norm, not AdaGrad).
    return _adagrad(theta, grad, sum_sq, lr, eps, add=lambda g: np.sum(g**2))


def _ag_global_divisor(theta, grad, sum_sq, lr, eps):
    # The sum is kept per coordinate, but the step divides by the root of its TOTAL.
    return _adagrad(theta, grad, sum_sq, lr, eps, root=lambda s: np.sqrt(np.sum(s)))


def _ag_decaying(alpha, weighted):
    """AdaGrad whose sum forgets, as RMSProp's average does: alpha * s + (1 - alpha) * g**2
    (``weighted``) or alpha * s + g**2.  The usual decays 0.9, 0.99 and 0.999 are tried."""
    def mutant(theta, grad, sum_sq, lr, eps):
        s_new = alpha * sum_sq + ((1 - alpha) if weighted else 1.0) * grad**2
        return theta - lr * grad / (np.sqrt(s_new) + eps), s_new
    return mutant


_GLOBAL_SUM_WHAT = ("you kept ONE accumulator for the whole array (np.sum over all coordinates), so "
                    "every coordinate gets the same step size. AdaGrad's point is one sum per "
                    "coordinate.")
_GLOBAL_SUM_FIX = ("Add each coordinate's own squared gradient, elementwise and without np.sum: "
                   "sum_sq_new = sum_sq + grad**2; divide by np.sqrt(sum_sq_new) + eps.")
_NO_EPS_WHAT = ("you left eps out of the denominator (or used eps = 0). It is tiny, so your steps "
                "agree to about 7 digits, but a coordinate whose gradients are all zero would then "
                "divide 0 by 0.")
_EPS_ON_THETA_WHAT = ("eps landed outside the division: without brackets, theta - lr * grad / "
                      "np.sqrt(...) + eps adds eps to theta. It is tiny, so your steps agree to about 7 "
                      "digits, but the denominator never got its eps.")
_EPS_SQUARED_WHAT = ("you put eps**2 inside the square root, sqrt(s + eps**2): a third convention, close to "
                     "torch's only while the root is much larger than eps. torch adds eps itself, outside "
                     "the root.")
_DECAYING_WHAT = ("your sum forgets: you multiplied the old sum by a decay factor. That is RMSProp's "
                  "moving average (section 3); AdaGrad's sum keeps every past gradient with weight 1.")
_DECAYING_FIX = "No decay and no weights: sum_sq_new = sum_sq + grad**2."


ADAGRAD_STEP = Exercise(
    name="adagrad_step",
    reference=steps.adagrad_step,
    outputs=("theta_new", "sum_sq_new"),
    cases=lambda: optimizer_cases(steps.adagrad_step, {"lr": 0.1, "eps": 1e-10},
                                  {"lr": 0.5, "eps": 1e-3}, seed=4),
    mistakes=[
        Mistake("you put eps inside the square root.",
                "torch adds eps outside the root: theta - lr * grad / (np.sqrt(sum_sq_new) + eps).",
                _ag_eps_inside),
        Mistake("you added the gradient itself to the sum, not its square (the sum can then "
                "shrink, or turn negative).",
                "The sum collects grad**2, always positive: sum_sq_new = sum_sq + grad**2.",
                _ag_not_squared),
        Mistake("you added abs(grad) to the sum, where the squared gradient belongs: the scale "
                "then has the wrong units (sqrt(|g|) instead of |g|).",
                "Add grad**2 (or grad * grad): sum_sq_new = sum_sq + grad**2.", _ag_abs),
        Mistake("you used only this step's grad**2, so nothing accumulates.",
                "AdaGrad ADDS it to the running sum, sum_sq_new = sum_sq + grad**2, so the steps "
                "keep shrinking.", _ag_not_accumulated),
        Mistake("you divided by the OLD sum.",
                "First sum_sq_new = sum_sq + grad**2, then divide by np.sqrt(sum_sq_new) + eps.",
                _ag_old_sum),
        Mistake("you forgot the square root in the denominator.",
                "Divide by np.sqrt(sum_sq_new) + eps, which has the units of a gradient, so the "
                "step has the units of lr.", _ag_no_sqrt),
        Mistake("you stepped uphill (theta grows along the gradient).",
                "theta_new = theta - lr * grad / (np.sqrt(sum_sq_new) + eps).", _ag_sign),
        Mistake(_NO_EPS_WHAT, "Add eps to the root in the denominator: np.sqrt(sum_sq_new) + eps.", _ag_no_eps),
        Mistake(_EPS_ON_THETA_WHAT, "Brackets around the denominator: lr * grad / (np.sqrt(sum_sq_new) + eps).",
                _ag_eps_on_theta),
        *eps_mistakes(_adagrad, "Use the argument: np.sqrt(sum_sq_new) + eps."),
        Mistake(_EPS_SQUARED_WHAT, "theta - lr * grad / (np.sqrt(sum_sq_new) + eps).", _ag_eps_squared_inside),
        Mistake(_GLOBAL_SUM_WHAT, _GLOBAL_SUM_FIX, _ag_global_sum),
        Mistake("you divided every coordinate by the root of the sum over ALL coordinates "
                "(np.sum inside the root), so every coordinate gets the same step size. AdaGrad "
                "divides each coordinate by the root of its own sum.",
                "Elementwise: theta - lr * grad / (np.sqrt(sum_sq_new) + eps), no np.sum.",
                _ag_global_divisor),
        *[Mistake(_DECAYING_WHAT, _DECAYING_FIX, _ag_decaying(alpha, weighted))
          for alpha in (0.99, 0.9, 0.999) for weighted in (True, False)],
    ],
    also_reference=(optim.Adagrad.update,),
    near_miss_hint=EPS_NEAR_MISS,
    debug_hint="Check one step by hand: adagrad_step(np.array([1.0]), np.array([0.5]), np.zeros(1), "
               "0.1) should give theta_new 0.9, sum_sq_new 0.25.",
)
check_adagrad_step = make_check(ADAGRAD_STEP)


# --- rmsprop_step ------------------------------------------------------------

def _rmsprop(theta, grad, sq_avg, lr, alpha, eps, average=None, divide_by=None, inside=False,
             root=np.sqrt, sign=-1):
    """RMSProp with switches: how the average is formed, what divides, where eps goes."""
    v = alpha * sq_avg + (1 - alpha) * grad**2 if average is None else average
    d = v if divide_by is None else divide_by
    denom = root(d + eps) if inside else root(d) + eps
    return theta + sign * lr * grad / denom, v


def _rms_swapped(theta, grad, sq_avg, lr, alpha, eps):
    return _rmsprop(theta, grad, sq_avg, lr, alpha, eps, average=(1 - alpha) * sq_avg + alpha * grad**2)


def _rms_no_one_minus_alpha(theta, grad, sq_avg, lr, alpha, eps):
    return _rmsprop(theta, grad, sq_avg, lr, alpha, eps, average=alpha * sq_avg + grad**2)


def _rms_eps_inside(theta, grad, sq_avg, lr, alpha, eps):
    return _rmsprop(theta, grad, sq_avg, lr, alpha, eps, inside=True)


def _rms_bias_corrected(theta, grad, sq_avg, lr, alpha, eps):
    v = alpha * sq_avg + (1 - alpha) * grad**2
    return _rmsprop(theta, grad, sq_avg, lr, alpha, eps, divide_by=v / (1 - alpha))


def _rms_old_v(theta, grad, sq_avg, lr, alpha, eps):
    return _rmsprop(theta, grad, sq_avg, lr, alpha, eps, divide_by=sq_avg)


def _rms_not_squared(theta, grad, sq_avg, lr, alpha, eps):
    return _rmsprop(theta, grad, sq_avg, lr, alpha, eps, average=alpha * sq_avg + (1 - alpha) * grad)


def _rms_abs(theta, grad, sq_avg, lr, alpha, eps):
    return _rmsprop(theta, grad, sq_avg, lr, alpha, eps,
                    average=alpha * sq_avg + (1 - alpha) * np.abs(grad))


def _rms_no_sqrt(theta, grad, sq_avg, lr, alpha, eps):
    return _rmsprop(theta, grad, sq_avg, lr, alpha, eps, root=lambda d: d)


def _rms_no_eps(theta, grad, sq_avg, lr, alpha, eps):
    return _rmsprop(theta, grad, sq_avg, lr, alpha, 0.0)


def _rms_eps_on_theta(theta, grad, sq_avg, lr, alpha, eps):
    theta_new, v = _rmsprop(theta, grad, sq_avg, lr, alpha, 0.0)
    return theta_new + eps, v


def _rms_eps_squared_inside(theta, grad, sq_avg, lr, alpha, eps):
    v = alpha * sq_avg + (1 - alpha) * grad**2
    return theta - lr * grad / np.sqrt(v + eps**2), v


def _rms_alpha_fixed(theta, grad, sq_avg, lr, alpha, eps):
    return _rmsprop(theta, grad, sq_avg, lr, 0.99, eps)  # torch's default written in, the argument ignored


def _rms_adagrad_sum(theta, grad, sq_avg, lr, alpha, eps):
    return _rmsprop(theta, grad, sq_avg, lr, alpha, eps, average=sq_avg + grad**2)


def _rms_sign(theta, grad, sq_avg, lr, alpha, eps):
    return _rmsprop(theta, grad, sq_avg, lr, alpha, eps, sign=+1)


RMSPROP_STEP = Exercise(
    name="rmsprop_step",
    reference=steps.rmsprop_step,
    outputs=("theta_new", "sq_avg_new"),
    cases=lambda: optimizer_cases(steps.rmsprop_step, {"lr": 0.01, "alpha": 0.99, "eps": 1e-8},
                                  {"lr": 0.1, "alpha": 0.9, "eps": 1e-3}, seed=5),
    mistakes=[
        Mistake("alpha and 1 - alpha are swapped: the new squared gradient got the big weight.",
                "The old average keeps the big weight alpha: sq_avg_new = alpha * sq_avg + "
                "(1 - alpha) * grad**2.", _rms_swapped),
        Mistake("the new squared gradient lacks its weight 1 - alpha, so the average keeps "
                "growing (to about 1 / (1 - alpha) times the mean of grad**2).",
                "sq_avg_new = alpha * sq_avg + (1 - alpha) * grad**2, not alpha * sq_avg + grad**2.",
                _rms_no_one_minus_alpha),
        Mistake("you put eps inside the square root.",
                "torch adds eps outside the root: theta - lr * grad / (np.sqrt(sq_avg_new) + eps).",
                _rms_eps_inside),
        Mistake("you bias-corrected the average (divided it by 1 - alpha). RMSProp has no bias "
                "correction: that is one of the things Adam adds.",
                "Use np.sqrt(sq_avg_new) + eps as it is.", _rms_bias_corrected),
        Mistake("you divided by the OLD average.",
                "First sq_avg_new = alpha * sq_avg + (1 - alpha) * grad**2, then divide by "
                "np.sqrt(sq_avg_new) + eps.", _rms_old_v),
        Mistake("the average holds the gradient itself, not its square (it can turn negative, "
                "and its square root NaN).",
                "sq_avg_new = alpha * sq_avg + (1 - alpha) * grad**2.", _rms_not_squared),
        Mistake("the average holds abs(grad), where the squared gradient belongs: the scale then "
                "has the wrong units (sqrt(|g|) instead of |g|).",
                "Use grad**2 (or grad * grad): sq_avg_new = alpha * sq_avg + (1 - alpha) * grad**2.",
                _rms_abs),
        Mistake("you forgot the square root in the denominator.",
                "Divide by np.sqrt(sq_avg_new) + eps.", _rms_no_sqrt),
        Mistake("you stepped uphill (theta grows along the gradient).",
                "theta_new = theta - lr * grad / (np.sqrt(sq_avg_new) + eps).", _rms_sign),
        Mistake(_NO_EPS_WHAT, "Add eps to the root in the denominator: np.sqrt(sq_avg_new) + eps.", _rms_no_eps),
        Mistake(_EPS_ON_THETA_WHAT, "Brackets around the denominator: lr * grad / (np.sqrt(sq_avg_new) + eps).",
                _rms_eps_on_theta),
        *eps_mistakes(_rmsprop, "Use the argument: np.sqrt(sq_avg_new) + eps."),
        Mistake(_EPS_SQUARED_WHAT, "theta - lr * grad / (np.sqrt(sq_avg_new) + eps).", _rms_eps_squared_inside),
        Mistake("you wrote alpha = 0.99 into the formula, so a caller's alpha is ignored (the tests with "
                "alpha = 0.9 fail). Use the argument alpha.",
                "sq_avg_new = alpha * sq_avg + (1 - alpha) * grad**2.", _rms_alpha_fixed),
        Mistake("your average never forgets: sq_avg + grad**2 is AdaGrad's sum (section 2). RMSProp "
                "shrinks the old average by alpha and weights the new squared gradient by 1 - alpha.",
                "sq_avg_new = alpha * sq_avg + (1 - alpha) * grad**2.", _rms_adagrad_sum),
    ],
    also_reference=(optim.RMSprop.update,),
    near_miss_hint=EPS_NEAR_MISS,
    # The hand check starts from a warm average (sq_avg = 1), not from zeros: from zeros it would
    # give away the answer to section 3's prediction (the length of RMSProp's first step).
    debug_hint="Check one step by hand from a warm average: rmsprop_step(np.array([1.0]), np.array([0.5]), "
               "np.array([1.0]), 0.01) should give sq_avg_new 0.99 * 1 + 0.01 * 0.25 = 0.9925 and "
               "theta_new 1 - 0.01 * 0.5 / sqrt(0.9925) = 0.994981. Compare your two outputs with "
               "these, one at a time.",
)
check_rmsprop_step = make_check(RMSPROP_STEP)
