import numpy as np

from .base import Optimizer
from . import validate


class Adagrad(Optimizer):
    """AdaGrad (Duchi et al., 2011), as torch.optim.Adagrad.

        g <- g + weight_decay * p
        s <- s + g^2                                   (sum of all squared gradients)
        p <- p - lr / (1 + (t - 1) * lr_decay) * g / (sqrt(s) + eps)
    """
    slots = ("sum",)  # a plain tuple: AdaGrad always keeps exactly this buffer

    def __init__(self, lr=1e-2, lr_decay=0.0, weight_decay=0.0,
                 initial_accumulator_value=0.0, eps=1e-10, maximize=False):
        super().__init__(lr, weight_decay, maximize)
        self.lr_decay = validate.non_negative("lr_decay", lr_decay)
        self.initial_accumulator_value = validate.non_negative(
            "initial_accumulator_value", initial_accumulator_value)
        self.eps = validate.non_negative("eps", eps)

    def init_slot(self, name, p):
        return np.full_like(p, self.initial_accumulator_value)

    def update(self, p, g, slots, t):
        g = g + self.weight_decay * p
        s = slots["sum"] + g * g
        clr = self.lr / (1 + (t - 1) * self.lr_decay)
        return p - clr * g / (np.sqrt(s) + self.eps), {"sum": s}
