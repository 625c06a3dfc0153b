import numpy as np

from .base import Optimizer
from .pieces import ema
from . import validate


class Adadelta(Optimizer):
    """Adadelta (Zeiler, 2012), as torch.optim.Adadelta: a step with the units of p.

        g <- g + weight_decay * p
        v <- rho * v + (1 - rho) * g^2                   (moving average of g^2, as RMSProp)
        delta = sqrt(u + eps) / sqrt(v + eps) * g        (RMS of past steps / RMS of gradients)
        u <- rho * u + (1 - rho) * delta^2               (moving average of the squared steps)
        p <- p - lr * delta

    Why the ratio: if p is in metres and the loss in joules, g is in J/m and
    g / RMS(g) has no unit at all, so RMSProp's step needs lr to carry the
    metres.  RMS(delta) / RMS(g) * g is in metres: the paper drops the
    learning rate (lr = 1, torch's default).  The first steps are tiny
    (sqrt(eps) times a unit step) because u starts at 0.  Slot names are torch's.
    """
    slots = ("square_avg", "acc_delta")

    def __init__(self, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0, maximize=False):
        super().__init__(lr, weight_decay, maximize)
        self.rho = validate.in_unit_interval("rho", rho)
        self.eps = validate.non_negative("eps", eps)

    def update(self, p, g, slots, t):
        g = g + self.weight_decay * p
        v = ema(slots["square_avg"], g * g, self.rho)
        delta = np.sqrt(slots["acc_delta"] + self.eps) / np.sqrt(v + self.eps) * g
        u = ema(slots["acc_delta"], delta * delta, self.rho)
        return p - self.lr * delta, {"square_avg": v, "acc_delta": u}
