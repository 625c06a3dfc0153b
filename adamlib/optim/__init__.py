"""Optimizers with torch.optim's names, defaults and semantics, in NumPy.

    opt = Adam(lr=1e-3)
    state = opt.init(params)
    params, state = opt.step(params, grads, state)

Each of SGD, Adagrad, RMSprop, Adam, AdamW and Adamax is a chain of small transforms
(``optim.transforms``, as optax builds them): ``Adam(lr).transform()`` is
``chain(add_decayed_weights(0), scale_by_adam(0.9, 0.999, 1e-8), scale_by_learning_rate(lr))``.
``Chained(*links, lr=...)`` makes any chain an optimizer.
"""
from .adadelta import Adadelta
from .adafactor import Adafactor
from .adagrad import Adagrad
from .adam import Adam
from .adamax import Adamax
from .adamw import AdamW
from .base import NonFiniteError, Optimizer
from .chained import Chained
from .clipping import clip_by_global_norm, global_norm
from .lion import Lion
from .muon import Muon, newton_schulz
from .nadam import NAdam
from .per_parameter import PerParameter
from .radam import RAdam
from .rmsprop import RMSprop
from .schedule_free import ScheduleFreeAdamW
from .sgd import SGD
from . import transforms

ALL = {cls.__name__: cls for cls in (SGD, Adagrad, RMSprop, Adam, AdamW, Adamax, NAdam, RAdam)}
# Lesson 08's: Muon takes matrices only, and Schedule-Free evaluates at opt.eval_params(params, state).
AFTER_ADAM = {cls.__name__: cls for cls in (Adadelta, Adafactor, Lion, Muon, ScheduleFreeAdamW)}

__all__ = ["Optimizer", "Chained", "transforms", "NonFiniteError", "clip_by_global_norm", "global_norm", "PerParameter",
           "newton_schulz", *ALL, *AFTER_ADAM]
