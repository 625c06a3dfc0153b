"""A network as a list of layers; its parameters as a separate list of arrays.

    model = mlp([64, 128, 10], activation="relu")   # Linear, ReLU, Linear
    params = model.init(rng)                        # [{"W", "b"}, {"W", "b"}]
    loss, grads = model.loss_and_grads(params, X, y)
    params, state = opt.step(params, grads, state)  # any adamlib.optim optimizer

The model holds no numbers, only the architecture (as in JAX's flax or haiku):
``params`` is a plain list with one ``{"W": ..., "b": ...}`` dict per Linear
layer, in order, so ``params[k]`` and ``grads[k]`` are the k-th layer's weights
and their gradient, and the whole list is the tree that ``adamlib.optim``
optimizers take.
"""
import numpy as np

from .activations import ACTIVATIONS
from .linear import Linear
from .loss import softmax_cross_entropy


class Sequential:
    """Layers applied in order.  Every layer has ``forward(params, x) -> (y, cache)``
    and ``backward(params, cache, dy) -> (dx, grads)``; ``has_params`` says whether
    it owns an entry of the params list."""

    def __init__(self, *layers):
        self.layers = list(layers)

    def init(self, rng):
        """Fresh parameters: one dict per layer that has parameters, in order."""
        return [layer.init(rng) for layer in self.layers if layer.has_params]

    def _with_params(self, params):
        """Pair each layer with its params ({} for a layer without)."""
        expected = sum(layer.has_params for layer in self.layers)
        if len(params) != expected:
            raise ValueError(f"params has {len(params)} entries but the model has "
                             f"{expected} layers with parameters")
        it = iter(params)
        return [(layer, next(it) if layer.has_params else {}) for layer in self.layers]

    def forward(self, params, x):
        """``(output, caches)``: the network's output and what backward needs."""
        caches = []
        for layer, p in self._with_params(params):
            x, cache = layer.forward(p, x)
            caches.append(cache)
        return x, caches

    def backward(self, params, caches, dout):
        """Gradients of the loss w.r.t. ``params`` (same structure), given dL/doutput."""
        grads = []
        for (layer, p), cache in zip(reversed(self._with_params(params)), reversed(caches)):
            dout, g = layer.backward(p, cache, dout)
            if layer.has_params:
                grads.append(g)
        return grads[::-1]

    def loss_and_grads(self, params, X, y):
        """``(loss, grads)``: mean softmax cross-entropy on the batch and its gradient."""
        logits, caches = self.forward(params, X)
        loss, dlogits = softmax_cross_entropy(logits, y)
        return loss, self.backward(params, caches, dlogits)

    def loss(self, params, X, y):
        """The mean softmax cross-entropy on (X, y), without gradients."""
        return softmax_cross_entropy(self.forward(params, X)[0], y)[0]

    def predict(self, params, X):
        """The predicted class of each row of X (the index of the largest output)."""
        return self.forward(params, X)[0].argmax(axis=1)

    def accuracy(self, params, X, y):
        """The fraction of rows of X whose predicted class is y, as a Python float."""
        return float(np.mean(self.predict(params, X) == np.asarray(y)))

    def __repr__(self):
        return "Sequential(" + ", ".join(map(repr, self.layers)) + ")"


def mlp(sizes, activation="relu", init=None):
    """A multilayer perceptron: Linear layers of ``sizes`` with ``activation`` between.

    ``mlp([64, 128, 10])`` is Linear(64, 128), ReLU, Linear(128, 10): the output
    is raw scores (logits) for softmax cross-entropy.  ``activation`` is "relu",
    "tanh" or "sigmoid"; ``init`` is "he", "xavier", "small" or a std (see
    ``adamlib.nn.initializers``), by default "he" for ReLU and "xavier" otherwise.
    """
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}; use one of {sorted(ACTIVATIONS)}")
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least an input and an output size; got {sizes!r}")
    if init is None:
        init = "he" if activation == "relu" else "xavier"
    layers = []
    for k, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        if k > 0:
            layers.append(ACTIVATIONS[activation]())
        layers.append(Linear(fan_in, fan_out, init=init))
    return Sequential(*layers)
