import math

import numpy as np

from .base import Optimizer
from .pieces import bias_correction, ema
from . import validate


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2015, Algorithm 1), as torch.optim.Adam.

        g <- g + weight_decay * p                      (L2 penalty, folded into g)
        m <- beta1 * m + (1 - beta1) * g               (momentum: mean of g)
        v <- beta2 * v + (1 - beta2) * g^2             (RMS scale: mean of g^2)
        v_max <- max(v_max, v)   if amsgrad, and use v_max for v below
        p <- p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)

    eps is added to the bias-corrected sqrt(v), as in the paper's Algorithm 1 and
    in torch.  (The paper's faster "eps-hat" rewrite, used by TensorFlow/Keras,
    adds eps to the uncorrected sqrt(v) instead: lesson 06 compares them.)
    AMSGrad keeps the max of the raw v, as torch does (Reddi et al. and optax
    take the max of the bias-corrected v).
    """

    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                 amsgrad=False, maximize=False):
        super().__init__(lr, weight_decay, maximize)
        self.betas = validate.betas(betas)
        self.eps = validate.non_negative("eps", eps)
        self.amsgrad = validate.flag("amsgrad", amsgrad)

    @property
    def slots(self):
        return ("m", "v", "v_max") if self.amsgrad else ("m", "v")

    def update(self, p, g, slots, t):
        return self.adam_update(p, g + self.weight_decay * p, slots, t)

    def adam_update(self, p, g, slots, t):
        beta1, beta2 = self.betas
        new = {"m": ema(slots["m"], g, beta1), "v": ema(slots["v"], g * g, beta2)}
        if self.amsgrad:
            new["v_max"] = np.maximum(slots["v_max"], new["v"])
        v = new["v_max"] if self.amsgrad else new["v"]
        denom = np.sqrt(v) / math.sqrt(bias_correction(beta2, t)) + self.eps
        return p - self.lr / bias_correction(beta1, t) * new["m"] / denom, new
