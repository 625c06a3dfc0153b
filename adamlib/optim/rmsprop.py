from .base import Optimizer
from .transforms import add_decayed_weights, chain, scale_by_learning_rate, scale_by_rms, trace
from . import validate


class RMSprop(Optimizer):
    """RMSProp (Hinton, 2012), as torch.optim.RMSprop: no bias correction, eps outside the sqrt.

        g <- g + weight_decay * p
        v <- alpha * v + (1 - alpha) * g^2             (moving average of g^2)
        a <- alpha * a + (1 - alpha) * g;  v~ = v - a^2   if centered  else  v~ = v
        b <- momentum * b + g / (sqrt(v~) + eps);  p <- p - lr * b

    As a chain: add_decayed_weights, scale_by_rms, trace (if momentum), scale_by_learning_rate.
    """

    def __init__(self, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0,
                 centered=False, maximize=False):
        super().__init__(lr, weight_decay, maximize)
        self.alpha = validate.in_unit_interval("alpha", alpha)
        self.eps = validate.non_negative("eps", eps)
        self.momentum = validate.in_unit_interval("momentum", momentum)
        self.centered = validate.flag("centered", centered)

    def transform(self):
        links = [add_decayed_weights(self.weight_decay), scale_by_rms(self.alpha, self.eps, self.centered)]
        if self.momentum > 0:
            links.append(trace(self.momentum))  # b <- momentum b + u: torch's, as b starts at 0
        return chain(*links, scale_by_learning_rate(lambda t: self.lr))
