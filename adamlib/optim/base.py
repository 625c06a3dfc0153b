"""What every optimizer shares: the init/step interface over a tree of arrays.

A subclass only says which buffers ("slots") it keeps per parameter array and
how one array is updated: ``update(p, g, slots, t) -> (p, slots)``.  This class
does the rest: checks the input, counts steps, never mutates its arguments.
"""
import numpy as np

from .. import tree
from . import validate


def as_float_array(x):
    """A float copy of ``x``: ints become float64, float16/32 keep their dtype."""
    x = np.array(x, copy=True)
    return x if np.issubdtype(x.dtype, np.floating) else x.astype(np.float64)


class Optimizer:
    @property
    def slots(self):
        """Names of the per-parameter buffers this optimizer keeps, e.g. ("m", "v")."""
        return ()

    def __init__(self, lr, weight_decay=0.0, maximize=False):
        self.lr = lr
        self.weight_decay = validate.non_negative("weight_decay", weight_decay)
        self.maximize = validate.flag("maximize", maximize)

    @property
    def lr(self):
        return self._lr

    @lr.setter
    def lr(self, value):  # checked on every change, so a schedule cannot set a bad lr
        self._lr = validate.non_negative("lr", value)

    def init_slot(self, name, p):
        """The starting value of buffer ``name`` for parameter ``p`` (zeros by default)."""
        return np.zeros_like(p)

    def init(self, params):
        """A fresh state for ``params``: {"step": 0, slot name: tree like params}."""
        state = {"step": 0}
        for name in self.slots:
            state[name] = tree.tree_map(lambda p: self.init_slot(name, as_float_array(p)), params)
        return state

    def step(self, params, grads, state):
        """One optimizer step. Returns ``(new_params, new_state)``; inputs are not changed."""
        tree.check_same_structure(params, grads)
        t = state["step"] + 1
        paths = [path for path, _ in tree.leaves_with_paths(params)]
        ps, gs = tree.leaves(params), tree.leaves(grads)
        columns = [tree.leaves(state[name]) for name in self.slots]
        new_ps, new_columns = [], [[] for _ in self.slots]
        for i, (path, p, g) in enumerate(zip(paths, ps, gs)):
            g = np.asarray(g)
            if not np.all(np.isfinite(g)):
                bad = int(np.size(g) - np.count_nonzero(np.isfinite(g)))
                raise ValueError(
                    f"grads{path} has {bad} NaN or Inf value(s) at step {t}; the step was "
                    "not taken, so the optimizer state is unchanged. Look for an overflow "
                    "or a division by zero in the loss or its gradient."
                )
            g = -g if self.maximize else g
            slots = {name: column[i] for name, column in zip(self.slots, columns)}
            p, slots = self.update(as_float_array(p), g, slots, t)
            new_ps.append(p)
            for name, column in zip(self.slots, new_columns):
                column.append(slots[name])
        new_state = {"step": t}
        for name, column in zip(self.slots, new_columns):
            new_state[name] = tree.rebuild(params, column)
        return tree.rebuild(params, new_ps), new_state

    def update(self, p, g, slots, t):
        raise NotImplementedError

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyperparameters().items())
        return f"{type(self).__name__}({args})"

    def hyperparameters(self):
        hp = {"lr": self.lr}
        hp.update({k: v for k, v in vars(self).items() if not k.startswith("_")})
        return hp
