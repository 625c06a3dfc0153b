"""The affine layer: y = x @ W + b, for a batch of row vectors x."""
import numpy as np

from .initializers import init_weights


class Linear:
    """``y = x @ W + b`` with ``W`` of shape (fan_in, fan_out) and ``b`` of shape (fan_out,).

    Backward, for a batch x of shape (n, fan_in) and upstream gradient dy = dL/dy:

        dL/dW = x.T @ dy       (sums the n per-sample outer products)
        dL/db = dy.sum(0)
        dL/dx = dy @ W.T
    """

    has_params = True

    def __init__(self, fan_in, fan_out, init="he"):
        self.fan_in, self.fan_out, self.init_scheme = int(fan_in), int(fan_out), init

    def init(self, rng):
        """Fresh parameters: ``{"W": random (fan_in, fan_out), "b": zeros (fan_out,)}``."""
        return {"W": init_weights(rng, self.fan_in, self.fan_out, self.init_scheme),
                "b": np.zeros(self.fan_out)}

    def forward(self, params, x):
        """``(y, cache)``; the cache is what backward needs (the input x)."""
        return x @ params["W"] + params["b"], x

    def backward(self, params, cache, dy):
        """``(dx, {"W": dW, "b": db})`` given dy = dL/dy."""
        x = cache
        return dy @ params["W"].T, {"W": x.T @ dy, "b": dy.sum(axis=0)}

    def __repr__(self):
        return f"Linear({self.fan_in}, {self.fan_out}, init={self.init_scheme!r})"
