import numpy as np

from .base import Optimizer
from .pieces import apply_weight_decay, bias_correction, ema
from . import validate


class RAdam(Optimizer):
    """RAdam (Liu et al., 2020), as torch.optim.RAdam: Adam whose adaptive step is
    switched on only once the variance of sqrt(v) can be trusted.

        m <- beta1 * m + (1 - beta1) * g;   v <- beta2 * v + (1 - beta2) * g^2
        rho_inf = 2 / (1 - beta2) - 1;   rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)
        if rho_t > 5:  r_t = sqrt((rho_t-4)(rho_t-2) rho_inf / ((rho_inf-4)(rho_inf-2) rho_t))
                       p <- p - lr * m / (1 - beta1^t) * r_t * sqrt(1 - beta2^t) / (sqrt(v) + eps)
        else:          p <- p - lr * m / (1 - beta1^t)          (plain momentum SGD)
    """
    slots = ("m", "v")

    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                 decoupled_weight_decay=False, maximize=False):
        super().__init__(lr, weight_decay, maximize)
        self.betas = validate.betas(betas)
        self.eps = validate.non_negative("eps", eps)
        self.decoupled_weight_decay = validate.flag("decoupled_weight_decay", decoupled_weight_decay)

    def update(self, p, g, slots, t):
        beta1, beta2 = self.betas
        p, g = apply_weight_decay(p, g, self.lr, self.weight_decay, self.decoupled_weight_decay)
        m, v = ema(slots["m"], g, beta1), ema(slots["v"], g * g, beta2)
        m_hat = m / bias_correction(beta1, t)
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * t * beta2**t / bias_correction(beta2, t)
        if rho_t <= 5:
            return p - m_hat * self.lr, {"m": m, "v": v}
        rect = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
        adaptive = bias_correction(beta2, t) ** 0.5 / (np.sqrt(v) + self.eps)
        return p - m_hat * self.lr * adaptive * rect, {"m": m, "v": v}
