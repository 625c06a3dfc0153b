"""Optimizers with torch.optim's names, defaults and semantics, in NumPy.

    opt = Adam(lr=1e-3)
    state = opt.init(params)
    params, state = opt.step(params, grads, state)
"""
from .adagrad import Adagrad
from .adam import Adam
from .adamax import Adamax
from .adamw import AdamW
from .base import NonFiniteError, Optimizer
from .nadam import NAdam
from .radam import RAdam
from .rmsprop import RMSprop
from .sgd import SGD

ALL = {cls.__name__: cls for cls in (SGD, Adagrad, RMSprop, Adam, AdamW, Adamax, NAdam, RAdam)}

__all__ = ["Optimizer", "NonFiniteError", *ALL]
