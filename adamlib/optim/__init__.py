"""Optimizers with torch.optim's names, defaults and semantics, in NumPy.

    opt = Adam(lr=1e-3)
    state = opt.init(params)
    params, state = opt.step(params, grads, state)
"""
from .adadelta import Adadelta
from .adafactor import Adafactor
from .adagrad import Adagrad
from .adam import Adam
from .adamax import Adamax
from .adamw import AdamW
from .base import NonFiniteError, Optimizer
from .clipping import clip_by_global_norm, global_norm
from .lion import Lion
from .muon import Muon, newton_schulz
from .nadam import NAdam
from .per_parameter import PerParameter
from .radam import RAdam
from .rmsprop import RMSprop
from .schedule_free import ScheduleFreeAdamW
from .sgd import SGD

ALL = {cls.__name__: cls for cls in (SGD, Adagrad, RMSprop, Adam, AdamW, Adamax, NAdam, RAdam)}
# Lesson 08's: Muon takes matrices only, and Schedule-Free evaluates at opt.eval_params(params, state).
AFTER_ADAM = {cls.__name__: cls for cls in (Adadelta, Adafactor, Lion, Muon, ScheduleFreeAdamW)}

__all__ = ["Optimizer", "NonFiniteError", "clip_by_global_norm", "global_norm", "PerParameter",
           "newton_schulz", *ALL, *AFTER_ADAM]
