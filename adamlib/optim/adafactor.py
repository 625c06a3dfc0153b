import math

import numpy as np

from .base import Optimizer
from .pieces import ema
from . import validate


def unused_slot(p):
    """The value of a slot this array does not use: an empty array (0 bytes, any state check passes)."""
    return np.zeros(0, dtype=p.dtype)


def rms(x):
    """Root mean square of all entries: ||x||_2 / sqrt(size)."""
    return float(np.linalg.norm(x.ravel())) / math.sqrt(x.size)


class Adafactor(Optimizer):
    """Adafactor (Shazeer & Stern, 2018, Algorithms 4 and 5), as torch.optim.Adafactor.

        beta2_t = 1 - t^beta2_decay                      (0 at t = 1, then slowly towards 1)
        rho_t = min(lr, 1 / sqrt(t));  alpha_t = max(eps2, RMS(p)) * rho_t   (a relative step)
        p <- p * (1 - lr * weight_decay)
        matrix G (n x m):  R <- beta2_t R + (1 - beta2_t) mean_cols(G^2)      (n numbers)
                           C <- beta2_t C + (1 - beta2_t) mean_rows(G^2)      (m numbers)
                           V = R C / max(mean(R), eps1)                       (rank-1: n + m, not n m)
        vector g:          V <- beta2_t V + (1 - beta2_t) g^2                 (full, as Adam's v)
        U = G / sqrt(max(V, eps1^2));  U <- U / max(1, RMS(U) / d)          (clip the update's RMS)
        p <- p - alpha_t * U

    Memory is the point: the second moment of a matrix is factored into its row
    and column means (slots ``row_var``, ``col_var``); a vector (or a 0-d
    array) keeps a full second moment (slot ``variance``).  The slots an array
    does not use hold an empty array (size 0).  Arrays of 3 or more dimensions are factored over their
    last two, batched over the others.  No momentum (beta1 = 0, as the paper).

    Differences from the paper, all torch's: lr caps rho_t (the paper's cap is
    a fixed 0.01, torch's default lr); weight decay is decoupled and scaled by
    lr; eps1 is applied to mean(R) and to V, not added to G^2; eps1=None means
    the machine epsilon of p's dtype.  Mean squares instead of sums: the same V.

    Two switches for ablations (lesson 08), both on by default as in torch:
    ``factored=False`` keeps a full second moment for matrices too (Adam's v, no
    factoring); ``scale_parameter=False`` drops the relative step, alpha_t = rho_t
    (Hugging Face's Adafactor has the same switch under this name).
    """
    elementwise = False  # it looks across a whole array (its rows, columns or RMS)
    slots = ("row_var", "col_var", "variance")

    def __init__(self, lr=1e-2, beta2_decay=-0.8, eps=(None, 1e-3), d=1.0, weight_decay=0.0,
                 maximize=False, *, factored=True, scale_parameter=True):
        super().__init__(lr, weight_decay, maximize)
        self.beta2_decay = validate.at_most("beta2_decay", beta2_decay, 0.0)
        if not isinstance(eps, (tuple, list)) or len(eps) != 2:
            raise ValueError(f"eps must be a pair (eps1 or None, eps2), each in [0, inf); got {eps!r}")
        eps1 = None if eps[0] is None else validate.non_negative("eps[0] (eps1)", eps[0])
        self.eps = (eps1, validate.non_negative("eps[1] (eps2)", eps[1]))
        self.d = validate.at_least("d", d, 1.0)
        self.factored, self.scale_parameter = bool(factored), bool(scale_parameter)

    def init_slot(self, name, p):
        factored = p.ndim >= 2 and self.factored
        if name == "row_var" and factored:
            return np.zeros_like(p[..., :1])     # shape (..., n, 1)
        if name == "col_var" and factored:
            return np.zeros_like(p[..., :1, :])  # shape (..., 1, m)
        if name == "variance" and not factored:
            return np.zeros_like(p)
        return unused_slot(p)

    def update(self, p, g, slots, t):
        eps1, eps2 = self.eps
        eps1 = np.finfo(p.dtype).eps if eps1 is None else eps1
        beta2 = 1 - t**self.beta2_decay
        alpha = (max(eps2, rms(p)) if self.scale_parameter else 1.0) * min(self.lr, 1 / math.sqrt(t))
        p = p * (1 - self.lr * self.weight_decay)
        if p.ndim >= 2 and self.factored:
            R = ema(slots["row_var"], np.mean(g * g, axis=-1, keepdims=True), beta2)
            C = ema(slots["col_var"], np.mean(g * g, axis=-2, keepdims=True), beta2)
            V = R @ C / np.maximum(np.mean(R, axis=-2, keepdims=True), eps1)
            new = {"row_var": R, "col_var": C, "variance": slots["variance"]}
        else:
            V = ema(slots["variance"], g * g, beta2)
            new = {"row_var": slots["row_var"], "col_var": slots["col_var"], "variance": V}
        U = g / np.sqrt(np.maximum(V, eps1 * eps1))
        U = U / max(1.0, rms(U) / self.d)
        return p - alpha * U, new
