from .base import Optimizer
from .transforms import add_decayed_weights, chain, scale_by_learning_rate, scale_by_sum_of_squares
from . import validate


class Adagrad(Optimizer):
    """AdaGrad (Duchi et al., 2011), as torch.optim.Adagrad.

        g <- g + weight_decay * p
        s <- s + g^2                                   (sum of all squared gradients)
        p <- p - lr / (1 + (t - 1) * lr_decay) * g / (sqrt(s) + eps)

    As a chain: add_decayed_weights, scale_by_sum_of_squares, and scale_by_learning_rate with
    the schedule lr / (1 + (t - 1) lr_decay).
    """

    def __init__(self, lr=1e-2, lr_decay=0.0, weight_decay=0.0,
                 initial_accumulator_value=0.0, eps=1e-10, maximize=False):
        super().__init__(lr, weight_decay, maximize)
        self.lr_decay = validate.non_negative("lr_decay", lr_decay)
        self.initial_accumulator_value = validate.non_negative(
            "initial_accumulator_value", initial_accumulator_value)
        self.eps = validate.non_negative("eps", eps)

    def transform(self):
        lr_decay = self.lr_decay
        return chain(add_decayed_weights(self.weight_decay),
                     scale_by_sum_of_squares(self.eps, self.initial_accumulator_value),
                     scale_by_learning_rate(lambda t: self.lr / (1 + (t - 1) * lr_decay)))
