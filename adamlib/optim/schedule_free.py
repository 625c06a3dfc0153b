import numpy as np

from .. import tree
from .base import Optimizer
from .pieces import bias_correction, ema
from . import validate


class ScheduleFreeAdamW(Optimizer):
    """Schedule-Free AdamW (Defazio et al., 2024, "The road less scheduled", Algorithm 1),
    as optax.contrib.schedule_free_adamw.  Three points instead of one:

        z: the base sequence, moved by AdamW's step without momentum
        x: a weighted average of the z's              (evaluate the model here)
        y = (1 - beta1) z + beta1 x                   (take the gradient here: ``params``)

        lr_t = lr * min(1, t / warmup_steps)          (linear warmup, or lr_t = lr)
        w_t = (max_{s<=t} lr_s)^weight_lr_power;  c = w_t / (w_1 + ... + w_t)
        v <- beta2 * v + (1 - beta2) * g^2            (g: the gradient at y)
        z <- z - lr_{t-1} * (g / (sqrt(v / (1 - beta2^t)) + eps) + weight_decay * y)
        x <- (1 - c) * x + c * z                      (c = 1/t while lr is constant: a plain mean)
        y <- (1 - beta1) * z + beta1 * x

    No schedule: the averaging does what a decaying learning rate does, so the
    run needs no horizon.  ``params`` and ``step`` work with y (the gradient's
    point), like every optimizer here; **evaluate the model at**
    ``opt.eval_params(params, state)``, which returns x.  The state keeps z and
    v (Adam's memory: z replaces the momentum m); x is recovered as
    (y - (1 - beta1) z) / beta1, so beta1 must be in (0, 1).  ``weight_sum``
    and ``max_lr`` are the running scalars of the weights c.

    As optax (and unlike the paper's Algorithm 1, whose weights use the
    bias-corrected lr): the weights use the largest lr so far, and during
    warmup the z step uses lr_{t-1} (0 at step 1) while the weight uses lr_t.
    torch.optim has no Schedule-Free; the defaults are optax's and those of the
    authors' PyTorch package (warmup_steps=0 means no warmup).
    """
    slots = ("z", "v", "weight_sum", "max_lr")

    def __init__(self, lr=0.0025, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, warmup_steps=0,
                 weight_lr_power=2.0, maximize=False):
        super().__init__(lr, weight_decay, maximize)
        self.betas = validate.betas(betas)
        if self.betas[0] == 0:
            raise ValueError("betas[0] (beta1) must be in (0, 1) for Schedule-Free: x is recovered "
                             f"from y and z as (y - (1 - beta1) z) / beta1; got {betas!r}")
        self.eps = validate.non_negative("eps", eps)
        self.warmup_steps = validate.integer("warmup_steps", warmup_steps, 0)
        self.weight_lr_power = validate.non_negative("weight_lr_power", weight_lr_power)

    def init_slot(self, name, p):
        if name == "z":
            return p.copy()  # x = y = z at the start
        return np.zeros_like(p) if name == "v" else 0.0  # weight_sum, max_lr: running scalars

    def lr_at(self, t):
        return self.lr * min(1.0, t / self.warmup_steps) if self.warmup_steps else self.lr

    def update(self, y, g, slots, t):
        beta1, beta2 = self.betas
        max_lr = max(slots["max_lr"], self.lr_at(t))
        weight = max_lr**self.weight_lr_power
        weight_sum = slots["weight_sum"] + weight
        c = weight / weight_sum if weight_sum > 0 else 0.0
        v = ema(slots["v"], g * g, beta2)
        step = g / (np.sqrt(v / bias_correction(beta2, t)) + self.eps) + self.weight_decay * y
        z = slots["z"] - self.lr_at(t - 1) * step
        x = (y - (1 - beta1) * slots["z"]) / beta1     # the average, from y and the old z
        x = (1 - c) * x + c * z
        y = beta1 * x + (1 - beta1) * z
        return y, {"z": z, "v": v, "weight_sum": weight_sum, "max_lr": max_lr}

    def eval_params(self, params, state):
        """x, the averaged point: where to evaluate (validate, test, deploy) the model."""
        beta1 = self.betas[0]
        return tree.tree_map(lambda y, z: (y - (1 - beta1) * z) / beta1, params, state["z"])
