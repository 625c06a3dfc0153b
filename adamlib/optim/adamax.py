import numpy as np

from .base import Optimizer
from .pieces import bias_correction, ema
from . import validate


class Adamax(Optimizer):
    """AdaMax (Kingma & Ba, 2015, Algorithm 2), as torch.optim.Adamax: Adam with an infinity norm.

        g <- g + weight_decay * p
        m <- beta1 * m + (1 - beta1) * g
        u <- max(beta2 * u, |g| + eps)                 (a decaying max of |g|: needs no bias correction)
        p <- p - lr / (1 - beta1^t) * m / u
    """
    slots = ("exp_avg", "exp_inf")

    def __init__(self, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, maximize=False):
        super().__init__(lr, weight_decay, maximize)
        self.betas = validate.betas(betas)
        self.eps = validate.non_negative("eps", eps)

    def update(self, p, g, slots, t):
        beta1, beta2 = self.betas
        g = g + self.weight_decay * p
        m = ema(slots["exp_avg"], g, beta1)
        u = np.maximum(beta2 * slots["exp_inf"], np.abs(g) + self.eps)
        return p - self.lr / bias_correction(beta1, t) * m / u, {"exp_avg": m, "exp_inf": u}
