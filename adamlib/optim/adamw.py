from .adam import Adam


class AdamW(Adam):
    """AdamW (Loshchilov & Hutter, 2019), as torch.optim.AdamW: decoupled weight decay.

        p <- p * (1 - lr * weight_decay)               (decay the weights directly ...)
        then Adam's update with the raw gradient g     (... not through g, where Adam's
                                                        per-coordinate scaling would reshape it)
    """

    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
                 amsgrad=False, maximize=False):
        super().__init__(lr, betas, eps, weight_decay, amsgrad, maximize)

    def update(self, p, g, slots, t):
        p = p * (1 - self.lr * self.weight_decay)
        return self.adam_update(p, g, slots, t)
