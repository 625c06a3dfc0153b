"""``runner.run`` for one parameter array, without the tree machinery: the playground's hot loop.

``Optimizer.step`` works on trees (dicts / lists of arrays): it flattens params,
grads and state, checks them, and rebuilds them, on every step.  The problems
in the playground have a single array of 2 (or 1) numbers, where that
bookkeeping costs more than the arithmetic (about 2/3 of ``runner.run``'s time
on Rosenbrock).  This loop calls the optimizer's own per-array rule
``opt.update(p, g, slots, t)`` directly, so the numbers are the very same
(tests/test_widgets.py checks them bit for bit against ``runner.run``).

One difference, on purpose: where ``Optimizer.step`` raises because an update
overflowed to Inf (a too-large lr on a quadratic), this loop records the step
as ``diverged``, as ``runner.run`` does for a non-finite gradient, because a
playground must show a divergence, not crash on it.
"""
import numpy as np

from ..optim.base import as_float_array
from ..problems import Surface
from ..runner import Trajectory


def _finite(x):
    return np.isfinite(x).all()


def fast_run(opt, problem, steps, name=None):
    """Like ``runner.run(opt, problem, steps, name=name)`` for a problem with one array."""
    x = problem.project(problem.x0)
    xs = np.full((steps + 1, x.size), np.nan)
    lrs = np.full(steps, opt.lr)
    xs[0] = x
    slots = {slot: opt.init_slot(slot, as_float_array(x)) for slot in opt.slots}
    diverged = None
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, steps + 1):
            g = problem.grad(x, t)
            if not _finite(g):
                diverged = t
                break
            x, slots = opt.update(x, -g if opt.maximize else g, slots, t)
            if not _finite(x):
                diverged = t
                break
            x = problem.project(x)
            if not _finite(x):
                diverged = t
                break
            xs[t] = x
        losses = _losses(problem, xs)
    return Trajectory(xs, losses, name or type(opt).__name__, lrs, problem.f_star, diverged)


def _losses(problem, xs):
    """``problem.loss`` at every row (NaN where the row is not finite), vectorised when possible."""
    ok = np.isfinite(xs).all(axis=1)
    if isinstance(problem, Surface):  # loss is f(x, y) itself: one NumPy call instead of 300
        losses = np.full(len(xs), np.nan)
        losses[ok] = problem.loss_grid(xs[ok, 0], xs[ok, 1])
        return losses
    return np.array([problem.loss(x) if good else np.nan for x, good in zip(xs, ok)])
