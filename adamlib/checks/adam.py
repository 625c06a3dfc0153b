"""Lesson 04: ``adam_step(theta, grad, m, v, t, lr, beta1, beta2, eps) -> (theta_new, m_new, v_new)``.

Adam's classic mistakes are written once, as switches of :func:`adam_like`
(an independent Adam with each mistake a flag), so lesson 06's
``amsgrad_step`` and ``adamw_step`` checks know them too, and any two of them
together can be named (:func:`pairs`).
"""
import itertools

import numpy as np

from .. import optim, steps
from .engine import Exercise, Mistake, make_check, optimizer_cases

ADAM_HYPER = {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
ADAM_UNUSUAL = {"lr": 0.1, "beta1": 0.8, "beta2": 0.95, "eps": 1e-3}  # a large eps shows where eps goes
ADAM_KEYWORDS = ("lr", "beta1", "beta2", "eps")  # lesson 04 calls adam_step(theta, g, m, v, 1, lr=lr, eps=eps)


def adam_like(theta, grad, m, v, t, lr, beta1, beta2, eps, flags=(), v_max=None, weight_decay=None):
    """Adam as torch computes it, with the mistakes named in ``flags`` made.

    ``v_max`` given: AMSGrad (returns v_max_new too); ``weight_decay`` given:
    AdamW (theta decayed by 1 - lr * weight_decay first).
    """
    flags = set(flags)
    if "hard_coded_betas" in flags:
        beta1, beta2 = 0.9, 0.999
    if weight_decay is not None:
        theta = theta * (1 - lr * weight_decay)
    t = t - 1 if "t_minus_1" in flags else t + 1 if "t_plus_1" in flags else t
    g2 = np.abs(grad) if "abs_g" in flags else grad if "g_not_squared" in flags else grad**2
    m_new = (1 - beta1) * m + beta1 * grad if "beta1_swapped" in flags else beta1 * m + (1 - beta1) * grad
    beta_v = beta1 if "beta1_for_v" in flags else beta2
    v_new = (1 - beta_v) * v + beta_v * g2 if "beta2_swapped" in flags else beta_v * v + (1 - beta_v) * g2
    m_used, v_used = (m, v) if "old_moments" in flags else (m_new, v_new)
    if v_max is not None:
        v_max = np.maximum(v_max, v_new)
        v_used = v_max
    bc1 = 1 if flags & {"no_bias_correction", "only_v_corrected"} else 1 - beta1**t
    bc2 = 1 if flags & {"no_bias_correction", "only_m_corrected"} else 1 - (
        beta1 if "v_corrected_with_beta1" in flags else beta2)**t
    if "eps_hat" in flags:
        step = lr * np.sqrt(bc2) / bc1 * m_used / (np.sqrt(v_used) + eps)
    else:
        v_hat = v_used / bc2
        if "no_sqrt" in flags:
            denom = v_hat + eps
        elif "eps_inside_sqrt" in flags:
            denom = np.sqrt(v_hat + eps)
        else:
            denom = np.sqrt(v_hat) + eps
        step = lr * ((grad if "no_momentum" in flags else m_used) / bc1) / denom
    theta_new = theta + step if "sign_flipped" in flags else theta - step
    if "returned_corrected" in flags:
        m_new, v_new = m_new / bc1, v_new / bc2
    return (theta_new, m_new, v_new) if v_max is None else (theta_new, m_new, v_new, v_max)


def adam_mutant(flags, kind="adam"):
    """``adam_like`` with ``flags``, taking the arguments of adam_step / amsgrad_step / adamw_step."""
    if kind == "amsgrad":
        def mutant(theta, grad, m, v, v_max, t, lr, beta1, beta2, eps):
            return adam_like(theta, grad, m, v, t, lr, beta1, beta2, eps, flags, v_max=v_max)
    elif kind == "adamw":
        def mutant(theta, grad, m, v, t, lr, beta1, beta2, eps, weight_decay):
            return adam_like(theta, grad, m, v, t, lr, beta1, beta2, eps, flags,
                             weight_decay=weight_decay)
    else:
        def mutant(theta, grad, m, v, t, lr, beta1, beta2, eps):
            return adam_like(theta, grad, m, v, t, lr, beta1, beta2, eps, flags)
    mutant.__name__ = "_".join(flags)
    return mutant


# flag -> (what the student did, the fix with {denom} for the right denominator, {v} for v's name)
ADAM_WORDS = {
    "no_bias_correction": (
        "you left out the bias correction: m and v start at 0 and stay biased towards 0 for many "
        "steps (v far longer than m, so the uncorrected steps come out too LARGE, not too small).",
        "Divide them by 1 - beta**t: m_hat = m_new / (1 - beta1**t), and {denom}."),
    "only_m_corrected": (
        "you bias-corrected m but not v.",
        "Also divide v by 1 - beta2**t in the denominator: {denom}."),
    "only_v_corrected": (
        "you bias-corrected v but not m.",
        "Also use m_hat = m_new / (1 - beta1**t) in the numerator."),
    "t_minus_1": (
        "your step counter is off by one: you used t - 1 in 1 - beta**t.",
        "Here t is already the number of THIS step (1 on the first call): use 1 - beta1**t and "
        "1 - beta2**t as they are."),
    "t_plus_1": (
        "your step counter is off by one: you used t + 1 in 1 - beta**t.",
        "Here t is already the number of THIS step (1 on the first call): use 1 - beta1**t and "
        "1 - beta2**t as they are."),
    "eps_inside_sqrt": (
        "you put eps inside the square root.",
        "torch adds eps outside the root: theta - lr * m_hat / ({denom})."),
    "eps_hat": (
        "you added eps to the uncorrected np.sqrt(v) and folded the bias correction into the step "
        "size: the paper's faster 'eps-hat' form (Kingma & Ba, end of Section 2; TensorFlow/Keras "
        "use it). Very close, but its eps acts up to 1/sqrt(1 - beta2**t) times larger (about 32 "
        "times at t = 1); this course follows torch and Algorithm 1.",
        "Bias-correct first, then add eps: theta - lr * m_hat / ({denom})."),
    "beta1_swapped": (
        "in m, beta1 and 1 - beta1 are swapped: the new gradient got the big weight.",
        "The old average keeps the big weight: m_new = beta1 * m + (1 - beta1) * grad."),
    "beta2_swapped": (
        "in v, beta2 and 1 - beta2 are swapped: the new squared gradient got the big weight.",
        "The old average keeps the big weight: v_new = beta2 * v + (1 - beta2) * grad**2."),
    "sign_flipped": (
        "you stepped uphill (theta grows along the gradient).",
        "Subtract the step: theta_new = theta - lr * m_hat / ({denom})."),
    "g_not_squared": (
        "v averages the gradient itself, not its square (so v can turn negative and its square "
        "root NaN).",
        "v must average the SQUARED gradient: v_new = beta2 * v + (1 - beta2) * grad**2."),
    "abs_g": (
        "v averages abs(grad), where the squared gradient belongs: the scale then has the wrong "
        "units (sqrt(|g|) instead of |g|).",
        "Use grad**2 (or grad * grad): v_new = beta2 * v + (1 - beta2) * grad**2."),
    "no_sqrt": (
        "you forgot the square root in the denominator.",
        "Divide by {denom}, which has the units of a gradient, so the step has the units of lr."),
    "old_moments": (
        "you moved theta with the OLD m and v.",
        "Update m and v first, then bias-correct the new ones and take the step."),
    "no_momentum": (
        "you stepped along the gradient itself where m_hat belongs: you forgot the momentum (that "
        "is RMSProp with a bias correction, not Adam).",
        "The numerator is the bias-corrected average of g: m_hat = m_new / (1 - beta1**t)."),
    "beta1_for_v": (
        "v is averaged with beta1 where beta2 belongs.",
        "v has its own, longer memory: v_new = beta2 * v + (1 - beta2) * grad**2."),
    "v_corrected_with_beta1": (
        "you bias-corrected v with beta1: v_hat = v_new / (1 - beta1**t).",
        "Each average is corrected with its own beta: v_hat = v_new / (1 - beta2**t)."),
    "hard_coded_betas": (
        "you wrote 0.9 and 0.999 into the formulas instead of using the arguments beta1 and beta2 "
        "(the check also calls adam_step with other betas).",
        "Use the names beta1 and beta2 everywhere; their defaults are 0.9 and 0.999."),
    "returned_corrected": (
        "theta is right, but you returned the bias-corrected m_hat and v_hat.",
        "Return the raw m_new and v_new: the correction is recomputed from them at every step."),
}

ADAM_FLAGS = ["no_bias_correction", "only_m_corrected", "only_v_corrected", "t_minus_1", "t_plus_1",
              "eps_inside_sqrt", "eps_hat", "beta1_swapped", "beta2_swapped", "sign_flipped",
              "g_not_squared", "abs_g", "no_sqrt", "old_moments", "returned_corrected"]
PAIR_FLAGS = ["no_bias_correction", "only_m_corrected", "only_v_corrected", "t_minus_1",
              "t_plus_1", "eps_inside_sqrt", "beta1_swapped", "beta2_swapped", "sign_flipped",
              "g_not_squared", "abs_g", "no_sqrt", "old_moments"]
CONFLICTS = [{"t_minus_1", "t_plus_1"}, {"g_not_squared", "abs_g"}, {"eps_inside_sqrt", "no_sqrt"}]
CONFLICTS += [{"no_bias_correction", f} for f in ("only_m_corrected", "only_v_corrected")]
CONFLICTS += [{"only_m_corrected", "only_v_corrected"}]


def family_mistakes(flags, kind="adam", denom="np.sqrt(v_hat) + eps"):
    """Mistakes for ``flags`` (names from :data:`ADAM_WORDS`) in the exercise ``kind``."""
    mistakes = []
    for flag in flags:
        what, fix = ADAM_WORDS[flag]
        mistakes.append(Mistake(what, fix.format(denom=denom), adam_mutant((flag,), kind)))
    return mistakes


def pairs(kind="adam", denom="np.sqrt(v_hat) + eps", flags=PAIR_FLAGS):
    """Two classic mistakes at once, each pair as one Mistake naming both (built on demand)."""
    mistakes = []
    for a, b in itertools.combinations(flags, 2):
        if {a, b} in CONFLICTS:
            continue
        (what_a, fix_a), (what_b, fix_b) = ADAM_WORDS[a], ADAM_WORDS[b]
        mistakes.append(Mistake(f"{what_a} And {what_b}",
                                f"{fix_a.format(denom=denom)} {fix_b.format(denom=denom)}",
                                adam_mutant((a, b), kind)))
    return mistakes


# Mistakes only adam_step is checked for (lesson 06's amsgrad_step and adamw_step keep ADAM_FLAGS).
ADAM_STEP_FLAGS = ["no_momentum", "beta1_for_v", "v_corrected_with_beta1", "hard_coded_betas"]
ADAM_MISTAKES = family_mistakes(ADAM_FLAGS + ADAM_STEP_FLAGS)

ADAM_STEP = Exercise(
    name="adam_step",
    reference=steps.adam_step,
    outputs=("theta_new", "m_new", "v_new"),
    cases=lambda: optimizer_cases(steps.adam_step, ADAM_HYPER, ADAM_UNUSUAL, seed=6),
    mistakes=ADAM_MISTAKES,
    combined=pairs,
    keywords=ADAM_KEYWORDS,
    defaults_used=("beta1", "beta2", "eps"),
    also_reference=(optim.Adam.update,),
    debug_hint="Check one step by hand: adam_step(np.array([1.0]), np.array([0.5]), np.zeros(1), "
               "np.zeros(1), 1) should give theta_new 0.999 (the first Adam step has size lr), "
               "m_new 0.05, v_new 0.00025; print m_hat and v_hat inside to see where yours differs.",
)
check_adam_step = make_check(ADAM_STEP)
