"""Element-wise nonlinearities and their derivatives.

Each has no parameters; backward multiplies the upstream gradient by the local
derivative, written in terms of what forward already computed:

    ReLU     y = max(x, 0)            dy/dx = 1 where x > 0, else 0
    Tanh     y = tanh(x)              dy/dx = 1 - y^2        (at most 1)
    Sigmoid  y = 1 / (1 + e^-x)       dy/dx = y (1 - y)      (at most 1/4)

The bounds on the right are why deep sigmoid networks have vanishing
gradients: backprop multiplies one such factor per layer.
"""
import numpy as np


class Activation:
    has_params = False

    def init(self, rng):
        return {}

    def __repr__(self):
        return f"{type(self).__name__}()"


class ReLU(Activation):
    def forward(self, params, x):
        return np.maximum(x, 0.0), x > 0

    def backward(self, params, cache, dy):
        positive = cache
        return dy * positive, {}


class Tanh(Activation):
    def forward(self, params, x):
        y = np.tanh(x)
        return y, y

    def backward(self, params, cache, dy):
        y = cache
        return dy * (1.0 - y * y), {}


class Sigmoid(Activation):
    def forward(self, params, x):
        # 1 / (1 + exp(-x)) overflows exp for x << 0; this identity never does.
        y = 0.5 * (1.0 + np.tanh(0.5 * x))
        return y, y

    def backward(self, params, cache, dy):
        y = cache
        return dy * y * (1.0 - y), {}


ACTIVATIONS = {"relu": ReLU, "tanh": Tanh, "sigmoid": Sigmoid}
