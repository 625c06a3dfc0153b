"""The small parts Adam is assembled from (optax-style building blocks).

    momentum          m <- ema(m, g, beta1)
    RMS scaling       v <- ema(v, g*g, beta2);  step ∝ m / sqrt(v)
    bias correction   divide by 1 - beta**t, because the averages start at 0
"""


def ema(average, x, beta):
    """Exponential moving average: ``beta * average + (1 - beta) * x``."""
    return beta * average + (1.0 - beta) * x


def bias_correction(beta, t):
    """``1 - beta**t``: the weight an average started at zero has after t steps.

    E[ema after t steps] = (1 - beta**t) * E[x], so dividing by it removes the
    pull towards the zero start.  ``t`` counts from 1.
    """
    return 1.0 - beta**t


def apply_weight_decay(p, g, lr, weight_decay, decoupled):
    """Weight decay either way torch offers: ``(p, g)`` after it.

    L2 (decoupled=False) adds ``weight_decay * p`` to the gradient, so the
    optimizer's scaling reshapes it; decoupled (AdamW's) shrinks the weights
    directly by ``1 - lr * weight_decay``.
    """
    if decoupled:
        return p * (1 - lr * weight_decay), g
    return p, g + weight_decay * p
