import numpy as np

from .base import Optimizer
from .pieces import ema
from . import validate


class Lion(Optimizer):
    """Lion (Chen et al., 2023, "Symbolic discovery of optimization algorithms", Program 1),
    as optax.lion.

        c <- beta1 * m + (1 - beta1) * g                 (interpolate: new gradient, old momentum)
        p <- p - lr * (sign(c) + weight_decay * p)       (every coordinate moves by exactly lr)
        m <- beta2 * m + (1 - beta2) * g                 (the momentum, updated after the sign)

    One buffer (Adam keeps two), and a step whose size does not depend on the
    gradient's scale: the sign makes it larger than Adam's, so Lion wants a
    learning rate 3-10x smaller than AdamW's (and a weight decay 3-10x larger
    to keep lr * weight_decay).  Weight decay is decoupled, as in AdamW.
    torch.optim has no Lion; the names follow the others here.  Defaults:
    lr=1e-4, betas=(0.9, 0.99) as the paper; weight_decay=0.0 (optax's is 1e-3).
    """
    slots = ("m",)

    def __init__(self, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0, maximize=False):
        super().__init__(lr, weight_decay, maximize)
        self.betas = validate.betas(betas)

    def update(self, p, g, slots, t):
        beta1, beta2 = self.betas
        c = ema(slots["m"], g, beta1)
        p = p - self.lr * (np.sign(c) + self.weight_decay * p)
        return p, {"m": ema(slots["m"], g, beta2)}
