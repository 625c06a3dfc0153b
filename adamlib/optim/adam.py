from .base import Optimizer
from .transforms import add_decayed_weights, chain, scale_by_adam, scale_by_learning_rate
from . import validate


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2015, Algorithm 1), as torch.optim.Adam.

        g <- g + weight_decay * p                      (L2 penalty, folded into g)
        m <- beta1 * m + (1 - beta1) * g               (momentum: mean of g)
        v <- beta2 * v + (1 - beta2) * g^2             (RMS scale: mean of g^2)
        v_max <- max(v_max, v)   if amsgrad, and use v_max for v below
        p <- p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)

    As a chain: ``add_decayed_weights(weight_decay)``, ``scale_by_adam(...)``,
    ``scale_by_learning_rate(lr)``. eps is added to the bias-corrected sqrt(v), as in
    the paper's Algorithm 1 and in torch.  (The paper's faster "eps-hat" rewrite, used by
    TensorFlow/Keras, adds eps to the uncorrected sqrt(v) instead: lesson 06 compares them.)
    AMSGrad keeps the max of the raw v, as torch does (Reddi et al. and optax take the max
    of the bias-corrected v).
    """

    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                 amsgrad=False, maximize=False):
        super().__init__(lr, weight_decay, maximize)
        self.betas = validate.betas(betas)
        self.eps = validate.non_negative("eps", eps)
        self.amsgrad = validate.flag("amsgrad", amsgrad)

    def transform(self):
        return chain(add_decayed_weights(self.weight_decay),
                     scale_by_adam(*self.betas, self.eps, amsgrad=self.amsgrad),
                     scale_by_learning_rate(lambda t: self.lr))
