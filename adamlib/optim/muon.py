import math

import numpy as np

from .. import tree
from .base import Optimizer
from .pieces import ema
from . import validate

NS_COEFFICIENTS = (3.4445, -4.7750, 2.0315)  # Keller Jordan's quintic: torch's default


def newton_schulz(G, coefficients=NS_COEFFICIENTS, steps=5, eps=1e-7):
    """An approximate orthogonalisation of the matrix G = U S V^T: about U V^T, in G's dtype.

        X <- G / max(||G||_F, eps)                  (all singular values now <= 1)
        repeat steps times:  A = X X^T;  X <- a X + (b A + c A A) X

    Each iteration maps every singular value s to a s + b s^3 + c s^5 and keeps
    U and V.  The default coefficients push small s up fast, so after 5 steps
    every s is roughly in [0.6, 1.2] rather than exactly 1: good enough for a
    step direction.  torch casts G to bfloat16 first; this function does not.
    """
    if np.ndim(G) != 2:
        raise ValueError(f"newton_schulz needs a 2-D matrix, got an array of shape {np.shape(G)}")
    a, b, c = coefficients
    tall = G.shape[0] > G.shape[1]
    X = G.T if tall else G  # wide: X X^T is the smaller Gram matrix
    X = X / float(max(np.linalg.norm(X), eps))  # a Python float keeps X's dtype (bfloat16 too)
    dtype = X.dtype  # bfloat16 products come back as float32 (as torch, each is rounded back)
    for _ in range(steps):
        A = (X @ X.T).astype(dtype, copy=False)
        X = (a * X + (b * A + c * (A @ A).astype(dtype, copy=False)) @ X).astype(dtype, copy=False)
    return X.T if tall else X


class Muon(Optimizer):
    """Muon (Jordan et al., 2024, "Muon: an optimizer for hidden layers"), as torch.optim.Muon.

        B <- mu * B + (1 - mu) * G                       (momentum, an EMA as in torch's code)
        D = mu * B + (1 - mu) * G   if nesterov  else  B
        O = newton_schulz(D)                             (about U V^T where D = U S V^T)
        P <- P * (1 - lr * weight_decay)
        P <- P - lr * scale(shape) * O
            scale = sqrt(max(1, n / m))                 (adjust_lr_fn None or "original")
                  = 0.2 * sqrt(max(n, m))               ("match_rms_adamw": Moonshot's, reuse AdamW's lr)

    Geometry is the point: every singular direction of the momentum moves by
    about the same amount, so directions with small gradients are not starved.
    Muon updates 2-D parameters (matrices) only and raises ValueError for any
    other shape: send biases, gains and embeddings to another optimizer with
    ``PerParameter``, e.g. ``PerParameter({"muon": Muon(), "adamw": AdamW()},
    lambda path, p: "muon" if p.ndim == 2 else "adamw")``.

    torch runs the Newton-Schulz iteration in bfloat16; this one runs in the
    parameters' dtype (float64 here gives torch's algorithm to round-off).
    torch's docstring writes B <- mu B + G; its code (followed here) uses the
    EMA above.  ``maximize`` is adamlib's addition (torch's Muon has none).
    """
    elementwise = False  # it looks across a whole array (its rows, columns or RMS)
    slots = ("momentum_buffer",)

    def __init__(self, lr=1e-3, weight_decay=0.1, momentum=0.95, nesterov=True,
                 ns_coefficients=NS_COEFFICIENTS, eps=1e-7, ns_steps=5, adjust_lr_fn=None,
                 maximize=False):
        super().__init__(lr, weight_decay, maximize)
        self.momentum = validate.in_unit_interval("momentum", momentum)
        self.nesterov = validate.flag("nesterov", nesterov)
        if not isinstance(ns_coefficients, (tuple, list)) or len(ns_coefficients) != 3:
            raise ValueError(f"ns_coefficients must be three real numbers (a, b, c); got {ns_coefficients!r}")
        self.ns_coefficients = tuple(validate.real(f"ns_coefficients[{i}]", c)
                                     for i, c in enumerate(ns_coefficients))
        self.eps = validate.non_negative("eps", eps)
        self.ns_steps = validate.integer("ns_steps", ns_steps, 0, 100)
        self.adjust_lr_fn = validate.one_of("adjust_lr_fn", adjust_lr_fn,
                                            (None, "original", "match_rms_adamw"))

    def init(self, params):
        for path, p in tree.leaves_with_paths(params):
            if np.ndim(p) != 2:
                raise ValueError(
                    f"Muon updates 2-D parameters (matrices) only, but params{path} has shape "
                    f"{np.shape(p)}. Send it to another optimizer, e.g. with PerParameter "
                    "(Muon for matrices, AdamW for the rest).")
        return super().init(params)

    def lr_scale(self, shape):
        n, m = shape
        if self.adjust_lr_fn == "match_rms_adamw":
            return 0.2 * math.sqrt(max(n, m))
        return math.sqrt(max(1.0, n / m))

    def update(self, p, g, slots, t):
        B = ema(slots["momentum_buffer"], g, self.momentum)
        D = ema(B, g, self.momentum) if self.nesterov else B
        O = newton_schulz(D, self.ns_coefficients, self.ns_steps, self.eps)
        p = p * (1 - self.lr * self.weight_decay)
        return p - self.lr * self.lr_scale(p.shape) * O, {"momentum_buffer": B}
