import numpy as np

from .base import Optimizer
from .pieces import ema
from . import validate


class RMSprop(Optimizer):
    """RMSProp (Hinton, 2012), as torch.optim.RMSprop: no bias correction, eps outside the sqrt.

        g <- g + weight_decay * p
        v <- alpha * v + (1 - alpha) * g^2             (moving average of g^2)
        a <- alpha * a + (1 - alpha) * g;  v~ = v - a^2   if centered  else  v~ = v
        b <- momentum * b + g / (sqrt(v~) + eps);  p <- p - lr * b
    """

    def __init__(self, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0,
                 centered=False, maximize=False):
        super().__init__(lr, weight_decay, maximize)
        self.alpha = validate.in_unit_interval("alpha", alpha)
        self.eps = validate.non_negative("eps", eps)
        self.momentum = validate.in_unit_interval("momentum", momentum)
        self.centered = validate.flag("centered", centered)

    @property
    def slots(self):
        return (("square_avg",) + ("grad_avg",) * self.centered
                + ("momentum_buffer",) * (self.momentum > 0))

    def update(self, p, g, slots, t):
        g = g + self.weight_decay * p
        new = {"square_avg": ema(slots["square_avg"], g * g, self.alpha)}
        v = new["square_avg"]
        if self.centered:  # subtract the squared mean: a variance instead of a second moment
            new["grad_avg"] = ema(slots["grad_avg"], g, self.alpha)
            v = v - new["grad_avg"] ** 2
        step = g / (np.sqrt(v) + self.eps)
        if self.momentum > 0:
            step = new["momentum_buffer"] = self.momentum * slots["momentum_buffer"] + step
        return p - self.lr * step, new
