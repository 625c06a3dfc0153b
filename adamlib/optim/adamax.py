from .base import Optimizer
from .transforms import add_decayed_weights, chain, scale_by_adamax, scale_by_learning_rate
from . import validate


class Adamax(Optimizer):
    """AdaMax (Kingma & Ba, 2015, Algorithm 2), as torch.optim.Adamax: Adam with an infinity norm.

        g <- g + weight_decay * p
        m <- beta1 * m + (1 - beta1) * g
        u <- max(beta2 * u, |g| + eps)                 (a decaying max of |g|: needs no bias correction)
        p <- p - lr / (1 - beta1^t) * m / u

    As a chain: add_decayed_weights, scale_by_adamax, scale_by_learning_rate.
    """
    def __init__(self, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, maximize=False):
        super().__init__(lr, weight_decay, maximize)
        self.betas = validate.betas(betas)
        self.eps = validate.non_negative("eps", eps)

    def transform(self):
        return chain(add_decayed_weights(self.weight_decay), scale_by_adamax(*self.betas, self.eps),
                     scale_by_learning_rate(lambda t: self.lr))
