"""``runner.run`` for one parameter array, without the tree machinery: the playground's hot loop.

``Optimizer.step`` works on trees (dicts / lists of arrays): it flattens params,
grads and state, checks them, and rebuilds them, on every step.  The problems
in the playground have a single array of 2 (or 1) numbers, where that
bookkeeping costs more than the arithmetic (about 2/3 of ``runner.run``'s time
on Rosenbrock).  This loop calls the optimizer's own per-array rule
``opt.update(p, g, slots, t)`` directly, so the numbers are the very same
(tests/test_widgets.py checks them bit for bit against ``runner.run``).

Divergence is recorded exactly as ``runner.run`` records it: the run stops at
the first step whose gradient, update or projected point is not finite, with
``diverged`` set to that step and the remaining rows NaN.
"""
import math

import numpy as np

from ..optim.base import as_float_array
from ..runner import Trajectory, finite


def _all_finite(x):
    """``np.isfinite(x).all()`` (the test ``Optimizer.step`` applies to an update), faster on 2 numbers."""
    return all(map(math.isfinite, x.tolist()))


def fast_run(opt, problem, steps, name=None):
    """Like ``runner.run(opt, problem, steps, name=name)`` for a problem with one array."""
    x = np.atleast_1d(problem.project(problem.x0))
    xs = np.full((steps + 1, x.size), np.nan)
    lrs = np.full(steps, np.nan)
    xs[0] = x
    slots = {slot: opt.init_slot(slot, as_float_array(x)) for slot in opt.slots}
    diverged = None
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, steps + 1):
            lrs[t - 1] = opt.lr
            g = problem.grad(x, t)
            if not finite(g):
                diverged = t
                break
            x, slots = opt.update(x, -g if opt.maximize else g, slots, t)
            if not _all_finite(x):  # where Optimizer.step raises NonFiniteError
                diverged = t
                break
            x = problem.project(x)
            if not finite(x):
                diverged = t
                break
            xs[t] = x
        losses = _losses(problem, xs)
    return Trajectory(xs, losses, name or type(opt).__name__, lrs, problem.f_star, diverged)


def _losses(problem, xs):
    """``problem.loss`` at every row, computed as ``runner.run`` computes it (NaN rows stay NaN)."""
    if hasattr(problem, "loss_grid") and xs.shape[1] == 2:  # one vectorised call
        return np.asarray(problem.loss_grid(xs[:, 0], xs[:, 1]), dtype=float)
    return np.array([problem.loss(x) if finite(x) else np.nan for x in xs])
