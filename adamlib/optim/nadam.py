import numpy as np

from .base import Optimizer
from .pieces import apply_weight_decay, bias_correction, ema
from . import validate


class NAdam(Optimizer):
    """NAdam (Dozat, 2016), as torch.optim.NAdam: Adam with a Nesterov look-ahead.

        mu_t = beta1 * (1 - 0.5 * 0.96^(t * momentum_decay))      (momentum warms up)
        m <- beta1 * m + (1 - beta1) * g;   v <- beta2 * v + (1 - beta2) * g^2
        p <- p - lr * [ (1 - mu_t) / (1 - prod_{i<=t} mu_i) * g           (this gradient)
                      + mu_{t+1} / (1 - prod_{i<=t+1} mu_i) * m ]         (next momentum)
                    / (sqrt(v / (1 - beta2^t)) + eps)
    """
    slots = ("m", "v", "mu_product")

    def __init__(self, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                 momentum_decay=4e-3, decoupled_weight_decay=False, maximize=False):
        super().__init__(lr, weight_decay, maximize)
        self.betas = validate.betas(betas)
        self.eps = validate.non_negative("eps", eps)
        self.momentum_decay = validate.non_negative("momentum_decay", momentum_decay)
        self.decoupled_weight_decay = validate.flag("decoupled_weight_decay", decoupled_weight_decay)

    def init_slot(self, name, p):
        return 1.0 if name == "mu_product" else np.zeros_like(p)  # a running product of the mu_t

    def update(self, p, g, slots, t):
        beta1, beta2 = self.betas
        p, g = apply_weight_decay(p, g, self.lr, self.weight_decay, self.decoupled_weight_decay)
        mu, mu_next = (beta1 * (1 - 0.5 * 0.96 ** (k * self.momentum_decay)) for k in (t, t + 1))
        mu_product = slots["mu_product"] * mu
        m, v = ema(slots["m"], g, beta1), ema(slots["v"], g * g, beta2)
        denom = np.sqrt(v / bias_correction(beta2, t)) + self.eps
        p = p - self.lr * (1 - mu) / (1 - mu_product) * g / denom
        p = p - self.lr * mu_next / (1 - mu_product * mu_next) * m / denom
        return p, {"m": m, "v": v, "mu_product": mu_product}
