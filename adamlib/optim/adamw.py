from .adam import Adam
from .transforms import add_decayed_weights, chain, scale_by_adam, scale_by_learning_rate


class AdamW(Adam):
    """AdamW (Loshchilov & Hutter, 2019), as torch.optim.AdamW: decoupled weight decay.

        p <- p * (1 - lr * weight_decay)               (decay the weights directly ...)
        then Adam's update with the raw gradient g     (... not through g, where Adam's
                                                        per-coordinate scaling would reshape it)

    As a chain, the same links as Adam's in another order: ``scale_by_adam(...)``, then
    ``add_decayed_weights(weight_decay)``, then ``scale_by_learning_rate(lr)``, since
    p - lr * (u + weight_decay * p) = p * (1 - lr * weight_decay) - lr * u.
    """

    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
                 amsgrad=False, maximize=False):
        super().__init__(lr, betas, eps, weight_decay, amsgrad, maximize)

    def transform(self):
        return chain(scale_by_adam(*self.betas, self.eps, amsgrad=self.amsgrad),
                     add_decayed_weights(self.weight_decay),
                     scale_by_learning_rate(lambda t: self.lr))
