"""A minimal neural-network library in NumPy (float64), to train with adamlib.optim.

    from adamlib.nn import mlp
    model = mlp([64, 128, 10], activation="relu")
    params = model.init(rng)                          # list of {"W", "b"} per layer
    loss, grads = model.loss_and_grads(params, X, y)  # grads shaped like params
    params, state = opt.step(params, grads, state)

One idea per file: ``linear`` (the affine layer), ``activations`` (ReLU,
Tanh, Sigmoid), ``loss`` (softmax cross-entropy), ``initializers`` (He,
Xavier, small), ``sequential`` (layers in order and the ``mlp`` builder),
``training`` (one epoch of minibatch training), ``copies`` (many independent
copies trained at once: seeds and learning rates side by side), ``gradcheck``
(finite differences to test every backward pass).
"""
from .activations import ReLU, Sigmoid, Tanh
from .copies import CopiesRun, stack, train_copies, unstack
from .gradcheck import numerical_gradient, relative_error
from .initializers import init_weights, weight_std
from .linear import Linear
from .loss import log_softmax, softmax_cross_entropy
from .sequential import Sequential, mlp
from .training import train_epoch

__all__ = ["Linear", "ReLU", "Tanh", "Sigmoid", "Sequential", "mlp", "softmax_cross_entropy",
           "log_softmax", "init_weights", "weight_std", "train_epoch", "numerical_gradient",
           "relative_error", "train_copies", "stack", "unstack", "CopiesRun"]
