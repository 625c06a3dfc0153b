"""What every optimizer shares: the init/step interface over a tree of arrays.

A subclass only says which buffers ("slots") it keeps per parameter array and
how one array is updated: ``update(p, g, slots, t) -> (p, slots)``, returning
new arrays.  This class does the rest: checks the input, counts steps, keeps
the state's shape, and never mutates its arguments.
"""
import numpy as np

from .. import tree
from . import validate


def as_float_array(x):
    """``x`` as an array of floats: ints become float64, float16/32/64 keep their dtype."""
    x = np.asarray(x)
    return x if np.issubdtype(x.dtype, np.floating) else x.astype(np.float64)


def non_finite_count(x):
    return int(np.size(x) - np.count_nonzero(np.isfinite(x)))


class NonFiniteError(ValueError):
    """A NaN or Inf in the gradients, or produced by the update: the step is refused."""


class Optimizer:
    def __init__(self, lr, weight_decay=0.0, maximize=False):
        self.lr = lr
        self.weight_decay = validate.non_negative("weight_decay", weight_decay)
        self.maximize = validate.flag("maximize", maximize)

    @property
    def lr(self):
        return self._lr

    @lr.setter
    def lr(self, value):  # checked on every change, so a schedule cannot set a bad lr either
        self._lr = validate.non_negative("lr", value)

    @property
    def slots(self):
        """Names of the per-parameter buffers this optimizer keeps, e.g. ("m", "v")."""
        return ()

    def init_slot(self, name, p):
        """The starting value of buffer ``name`` for parameter array ``p``: zeros unless overridden."""
        return np.zeros_like(p)

    def init(self, params):
        """A fresh state: ``{"step": 0, <slot name>: <tree shaped like params>, ...}``."""
        state = {"step": 0}
        for name in self.slots:
            state[name] = tree.tree_map(lambda p: self.init_slot(name, as_float_array(p)), params)
        return state

    def step(self, params, grads, state):
        """One step. Returns ``(new_params, new_state)``; params, grads and state are left as they were."""
        t = state["step"] + 1  # a Python int: the number of this step, 1 for the first
        if not (tree.is_container(params) or tree.is_container(grads)) and np.shape(params) == np.shape(grads):
            # One array, the common case in the lessons: no tree bookkeeping, same arithmetic.
            p, slots = self.step_array("", params, grads, {name: state[name] for name in self.slots}, t)
            return p, {"step": t, **slots}
        paths, ps, gs = tree.aligned_leaves(params, grads)
        columns = {name: tree.leaves(state[name]) for name in self.slots}
        new_ps, new_columns = [], {name: [] for name in self.slots}
        for i, (path, p, g) in enumerate(zip(paths, ps, gs)):
            p, slots = self.step_array(path, p, g, {name: column[i] for name, column in columns.items()}, t)
            new_ps.append(p)
            for name in self.slots:
                new_columns[name].append(slots[name])
        new_state = {"step": t}
        for name, column in new_columns.items():
            new_state[name] = tree.rebuild(params, column)
        return tree.rebuild(params, new_ps), new_state

    def step_array(self, path, p, g, slots, t):
        """``update`` on one array, refusing NaN/Inf in the gradient or the result (``path`` names it)."""
        g = np.asarray(g)
        if not np.isfinite(g).all():
            raise NonFiniteError(
                f"grads{path} has {non_finite_count(g)} NaN or Inf value(s) at step {t}; the "
                "step was not taken and the state is unchanged. Look for an overflow or a "
                "division by zero in the loss or its gradient.")
        with np.errstate(all="ignore"):  # a NaN or Inf result is reported just below, clearly
            p, slots = self.update(as_float_array(p), -g if self.maximize else g, slots, t)
        if not np.isfinite(p).all():
            raise NonFiniteError(
                f"the update of params{path} at step {t} gave {non_finite_count(p)} NaN or Inf "
                "value(s) from finite gradients, so the step was not taken. Typical causes: "
                "eps=0 with a zero gradient (0/0), or an overflow in float16/float32 "
                "(try a larger eps or float64).")
        return p, slots

    def update(self, p, g, slots, t):
        """The per-array rule: the subclass's pseudocode. Returns (new p, new slots)."""
        raise NotImplementedError

    def hyperparameters(self):
        return {"lr": self.lr, **{k: v for k, v in vars(self).items() if not k.startswith("_")}}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyperparameters().items())
        return f"{type(self).__name__}({args})"
