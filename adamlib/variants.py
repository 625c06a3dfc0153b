"""Adam as other libraries write it: the same name, one detail different from torch.optim.Adam.

``adamlib.optim.Adam`` follows torch.  Two details differ elsewhere, and both
change the trajectory, not just the rounding:

- ``AMSGradCorrected``: optax's AMSGrad keeps the max of the bias-CORRECTED
  v_hat = v / (1 - beta2^t); torch (and ``Adam(amsgrad=True)``) keeps the max of
  the raw v and divides by 1 - beta2^t afterwards.  (Reddi et al.'s Algorithm 2
  has no bias correction at all.)
- ``KerasAdam``: Keras / TF1 fold both bias corrections into the step size and add
  eps to the UNcorrected sqrt(v) ("eps-hat" in Kingma & Ba, Section 2):

      lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
      p   <- p - lr_t * m / (sqrt(v) + eps)

  which is torch's formula with a time-varying eps_t = eps / sqrt(1 - beta2^t):
  larger than eps in the first steps (x31.6 at t = 1 with beta2 = 0.999).
"""
import numpy as np

from .optim import Adam
from .optim.pieces import bias_correction, ema


class AMSGradCorrected(Adam):
    """AMSGrad as optax writes it: the running max is taken of v / (1 - beta2^t).

        m <- beta1 * m + (1 - beta1) * g;   v <- beta2 * v + (1 - beta2) * g^2
        v_max <- max(v_max, v / (1 - beta2^t))
        p <- p - lr * (m / (1 - beta1^t)) / (sqrt(v_max) + eps)
    """

    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, maximize=False):
        super().__init__(lr, betas, eps, weight_decay, amsgrad=True, maximize=maximize)

    def update(self, p, g, slots, t):  # its own rule: one detail differs inside scale_by_adam
        beta1, beta2 = self.betas
        g = g + self.weight_decay * p
        m, v = ema(slots["m"], g, beta1), ema(slots["v"], g * g, beta2)
        v_max = np.maximum(slots["v_max"], v / bias_correction(beta2, t))
        step = self.lr * (m / bias_correction(beta1, t)) / (np.sqrt(v_max) + self.eps)
        return p - step, {"m": m, "v": v, "v_max": v_max}


class KerasAdam(Adam):
    """Adam as Keras (and TF1) write it: eps added before the bias correction.

        m <- beta1 * m + (1 - beta1) * g;   v <- beta2 * v + (1 - beta2) * g^2
        p <- p - lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps)

    Keras's default eps is 1e-7 (torch's is 1e-8).
    """

    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-7, weight_decay=0.0, maximize=False):
        super().__init__(lr, betas, eps, weight_decay, amsgrad=False, maximize=maximize)

    def update(self, p, g, slots, t):  # its own rule: eps sits before the bias correction
        beta1, beta2 = self.betas
        g = g + self.weight_decay * p
        m, v = ema(slots["m"], g, beta1), ema(slots["v"], g * g, beta2)
        lr_t = self.lr * bias_correction(beta2, t) ** 0.5 / bias_correction(beta1, t)
        return p - lr_t * m / (np.sqrt(v) + self.eps), {"m": m, "v": v}
