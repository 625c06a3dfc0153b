"""Optimizers as chains of small transforms, as optax builds them.

A transform turns a gradient into an update, one small rule at a time:

    adam  = chain(scale_by_adam(0.9, 0.999, 1e-8), scale_by_learning_rate(1e-3))
    state = adam.init(params)                           # plain data: {"count": 0, "m": ..., "v": ...}
    updates, state = adam.update(grads, state, params)
    params = apply_updates(params, updates)             # params + updates

Each link is written for one array (``rule(u, slots, p, t) -> (u, slots)``: ``u`` is what the
links before it made of the gradient, ``slots`` its own buffers for this array, ``p`` the
parameters, ``t`` the number of this step from 1); ``init`` and ``update`` apply it to every
array of a tree. The order of the links is the algorithm:

    chain(add_decayed_weights(wd), scale_by_adam(...), scale_by_learning_rate(lr))   # Adam + L2 (torch's Adam)
    chain(scale_by_adam(...), add_decayed_weights(wd), scale_by_learning_rate(lr))   # AdamW: decay not rescaled

    >>> adam = chain(scale_by_adam(), scale_by_learning_rate(0.1))
    >>> params = np.array([1.0, 1.0])
    >>> updates, state = adam.update(np.array([3.0, -0.002]), adam.init(params), params)
    >>> np.round(apply_updates(params, updates), 6).tolist(), state["count"]   # each moves by lr first
    ([0.9, 1.1], 1)

Adam's two moments are ONE transform, not ``trace`` followed by ``scale_by_rms``: both must read
the same gradient, and in a chain the second would average the square of the momentum instead.

The classes of ``adamlib.optim`` (``Adam``, ``SGD``, ...) are built from these chains and keep
torch.optim's interface for the lessons.
"""
import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .. import tree
from .pieces import bias_correction, ema


@dataclass(frozen=True)
class Transform:
    """A rule with its buffers: ``slots`` names them, ``init_slots(p)`` starts them for array ``p``
    (a dict), ``rule(u, slots, p, t)`` returns the new ``u`` and the new slots."""
    slots: tuple
    init_slots: Callable
    rule: Callable

    def init(self, params):
        """A fresh state for ``params``: ``{"count": 0, <slot>: <tree like params>, ...}``."""
        starts = [self.init_slots(np.asarray(p, dtype=float)) for p in tree.leaves(params)]
        return {"count": 0, **{name: tree.rebuild(params, [s[name] for s in starts]) for name in self.slots}}

    def update(self, updates, state, params):
        """``(new updates, new state)`` for the gradients (or updates) ``updates``; inputs unchanged."""
        t = state["count"] + 1
        _, ps, us = tree.aligned_leaves(params, updates, "updates")
        columns = {name: tree.leaves(state[name]) for name in self.slots}
        new_us, new_columns = [], {name: [] for name in self.slots}
        for i, (u, p) in enumerate(zip(us, ps)):
            u, slots = self.rule(np.asarray(u, dtype=float), {k: c[i] for k, c in columns.items()}, p, t)
            new_us.append(u)
            for name in self.slots:
                new_columns[name].append(slots[name])
        return (tree.rebuild(params, new_us),
                {"count": t, **{name: tree.rebuild(params, c) for name, c in new_columns.items()}})


def transform(slots, init_slots, rule):
    return Transform(tuple(slots), init_slots, rule)


def stateless(rule):
    """A transform with no buffers, from ``rule(u, p, t) -> u``."""
    return transform((), lambda p: {}, lambda u, slots, p, t: (rule(u, p, t), slots))


def chain(*links):
    """The links applied in order; their buffers side by side (their names must differ)."""
    names = [name for link in links for name in link.slots]
    if len(set(names)) != len(names):
        raise ValueError(f"the links of a chain must keep buffers of different names; got {names}")

    def init_slots(p):
        return {name: value for link in links for name, value in link.init_slots(p).items()}

    def rule(u, slots, p, t):
        new = {}
        for link in links:
            u, mine = link.rule(u, {name: slots[name] for name in link.slots}, p, t)
            new.update(mine)
        return u, new
    return transform(names, init_slots, rule)


def apply_updates(params, updates):
    """params + updates, array by array (optax.apply_updates)."""
    return tree.tree_map(lambda p, u: p + u, params, updates)


def zeros(*names):
    return lambda p: {name: np.zeros_like(p) for name in names}


# -- the links ------------------------------------------------------------------------------

def scale_by_learning_rate(lr):
    """u <- -lr * u: a step downhill. ``lr`` is a number or a schedule ``lr(t)``."""
    return stateless(lambda u, p, t: -(lr(t) if callable(lr) else lr) * u)


def scale(factor):
    """u <- factor * u."""
    return stateless(lambda u, p, t: factor * u)


def add_decayed_weights(weight_decay):
    """u <- u + weight_decay * p. Before the scaling it is an L2 penalty; after it, decoupled decay."""
    return stateless(lambda u, p, t: u + weight_decay * p if weight_decay else u)


def clip(max_delta):
    """Each entry of u clipped to [-max_delta, max_delta] (optax.clip)."""
    return stateless(lambda u, p, t: np.clip(u, -max_delta, max_delta))


def trace(momentum, dampening=0.0, nesterov=False):
    """Heavy-ball momentum as torch.optim.SGD: b <- momentum b + (1 - dampening) u (b = u at t = 1);
    u <- u + momentum b if nesterov else b. The buffer keeps torch's name, momentum_buffer."""
    def rule(u, slots, p, t):
        b = u.copy() if t == 1 else momentum * slots["momentum_buffer"] + (1 - dampening) * u
        return (u + momentum * b if nesterov else b), {"momentum_buffer": b}
    return transform(("momentum_buffer",), zeros("momentum_buffer"), rule)


def scale_by_sum_of_squares(eps=1e-10, initial=0.0):
    """AdaGrad's scaling: s <- s + u^2;  u <- u / (sqrt(s) + eps). (s is torch's "sum".)"""
    def rule(u, slots, p, t):
        s = slots["sum"] + u * u
        return u / (np.sqrt(s) + eps), {"sum": s}
    return transform(("sum",), lambda p: {"sum": np.full_like(p, initial)}, rule)


def scale_by_rms(alpha=0.99, eps=1e-8, centered=False):
    """RMSProp's scaling, as torch: v <- ema(v, u^2, alpha) (minus ema(u)^2 if centered);
    u <- u / (sqrt(v) + eps), no bias correction. (torch's names: square_avg for v, grad_avg.)"""
    def rule(u, slots, p, t):
        new = {"square_avg": ema(slots["square_avg"], u * u, alpha)}
        v = new["square_avg"]
        if centered:  # a variance instead of a second moment
            new["grad_avg"] = ema(slots["grad_avg"], u, alpha)
            v = v - new["grad_avg"] ** 2
        return u / (np.sqrt(v) + eps), new
    names = ("square_avg", "grad_avg") if centered else ("square_avg",)
    return transform(names, zeros(*names), rule)


def scale_by_adam(beta1=0.9, beta2=0.999, eps=1e-8, correct_m=True, correct_v=True, amsgrad=False):
    """Adam's direction (Kingma & Ba, Algorithm 1; eps as torch, after the corrected sqrt(v)):
    m <- ema(m, u, beta1);  v <- ema(v, u^2, beta2);  v_max <- max(v_max, v) if amsgrad (torch's raw max);
    u <- m / (1 - beta1^t) / (sqrt(v) / sqrt(1 - beta2^t) + eps).
    ``correct_m`` / ``correct_v`` switch one bias correction off (lesson 04's ablation)."""
    def rule(u, slots, p, t):
        new = {"m": ema(slots["m"], u, beta1), "v": ema(slots["v"], u * u, beta2)}
        if amsgrad:
            new["v_max"] = np.maximum(slots["v_max"], new["v"])
        v = new["v_max"] if amsgrad else new["v"]
        m_hat = new["m"] / bias_correction(beta1, t) if correct_m else new["m"]
        root_v = np.sqrt(v) / math.sqrt(bias_correction(beta2, t)) if correct_v else np.sqrt(v)
        return m_hat / (root_v + eps), new
    names = ("m", "v", "v_max") if amsgrad else ("m", "v")
    return transform(names, zeros(*names), rule)


def scale_by_adamax(beta1=0.9, beta2=0.999, eps=1e-8):
    """AdaMax (Kingma & Ba, section 7.1), as torch: m <- ema(m, u, beta1);
    n <- max(beta2 n, |u| + eps);  u <- m / (1 - beta1^t) / n.  (torch's names: exp_avg, exp_inf.)"""
    def rule(u, slots, p, t):
        m = ema(slots["exp_avg"], u, beta1)
        n = np.maximum(beta2 * slots["exp_inf"], np.abs(u) + eps)
        return m / bias_correction(beta1, t) / n, {"exp_avg": m, "exp_inf": n}
    return transform(("exp_avg", "exp_inf"), zeros("exp_avg", "exp_inf"), rule)
