from .base import Optimizer
from . import validate


class SGD(Optimizer):
    """Stochastic gradient descent with (Nesterov) momentum, as torch.optim.SGD.

        g <- g + weight_decay * p                      (L2 penalty)
        b <- momentum * b + (1 - dampening) * g        (b = g on the first step)
        g <- g + momentum * b   if nesterov  else  b
        p <- p - lr * g
    """

    def __init__(self, lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0,
                 nesterov=False, maximize=False):
        super().__init__(lr, weight_decay, maximize)
        self.momentum = validate.in_unit_interval("momentum", momentum)
        self.dampening = validate.non_negative("dampening", dampening)
        self.nesterov = validate.flag("nesterov", nesterov)
        if nesterov and (self.momentum == 0 or self.dampening != 0):
            raise ValueError("nesterov=True needs momentum in (0, 1) and dampening=0; "
                             f"got momentum={momentum!r}, dampening={dampening!r}")

    @property
    def slots(self):
        return ("momentum_buffer",) if self.momentum else ()

    def update(self, p, g, slots, t):
        g = g + self.weight_decay * p
        if self.momentum == 0:
            return p - self.lr * g, slots
        b = slots["momentum_buffer"]
        b = g.copy() if t == 1 else self.momentum * b + (1 - self.dampening) * g
        g = g + self.momentum * b if self.nesterov else b
        return p - self.lr * g, {"momentum_buffer": b}
