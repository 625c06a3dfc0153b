from .base import Optimizer
from .transforms import add_decayed_weights, chain, scale_by_learning_rate, trace
from . import validate


class SGD(Optimizer):
    """Stochastic gradient descent with (Nesterov) momentum, as torch.optim.SGD.

        g <- g + weight_decay * p                      (L2 penalty)
        b <- momentum * b + (1 - dampening) * g        (b = g on the first step)
        g <- g + momentum * b   if nesterov  else  b
        p <- p - lr * g

    As a chain: add_decayed_weights, trace (if momentum), scale_by_learning_rate.
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

    def transform(self):
        links = [add_decayed_weights(self.weight_decay)]
        if self.momentum:
            links.append(trace(self.momentum, self.dampening, self.nesterov))
        return chain(*links, scale_by_learning_rate(lambda t: self.lr))
