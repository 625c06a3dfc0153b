"""Run an optimizer on a problem and record where it went.

    traj = run(Adam(lr=0.1), problems.rosenbrock(), steps=300)
    traj.xs        # (steps + 1, dim): the start, then the point after each step
    traj.losses    # (steps + 1,): problem.loss at each point (full-data / average loss)
    traj.name      # "Adam" (the optimizer's class name unless given)

Step t (from 1) asks ``problem.grad(x, t)``, so stochastic and online problems
see their step's minibatch / loss; after each step the point is projected
back onto the problem's domain.  ``schedule(t)`` (if given) sets ``opt.lr``
before step t; the optimizer's own lr is restored afterwards, so a schedule
never leaks into the next run.

Additions beyond the contract: ``Trajectory.lrs`` (the lr of each step),
``f_star`` (copied from the problem, for loss-gap plots), ``diverged`` (the
first step whose gradient or update was not finite, or None: the run stops
there and the remaining rows are NaN, instead of raising mid-lesson), the
properties ``x`` (final point), ``steps`` and ``gaps`` (losses - f_star), and
the ``name`` keyword of ``run``.
"""
import copy
import math
from dataclasses import dataclass

import numpy as np

from .optim import NonFiniteError


def finite(a):
    """True when every entry of ``a`` is finite.

    Summing a Python list is ~10x faster than ``np.isfinite(a).all()`` on the
    tiny arrays of a 2-D problem, and this check runs every step.  (A sum
    of huge finite values can overflow to inf; that point has diverged anyway.)
    """
    return math.isfinite(sum(a.tolist()))


@dataclass
class Trajectory:
    xs: np.ndarray
    losses: np.ndarray
    name: str
    lrs: np.ndarray = None
    f_star: float = 0.0
    diverged: int = None

    @property
    def x(self):
        """The final point."""
        return self.xs[-1]

    @property
    def steps(self):
        return len(self.xs) - 1

    @property
    def gaps(self):
        """f(x_t) - f*: how far from the minimum, step by step."""
        return self.losses - self.f_star

    def __repr__(self):
        end = f"diverged at step {self.diverged}" if self.diverged else f"final loss {self.losses[-1]:.4g}"
        return f"<Trajectory {self.name}: {self.steps} steps, {end}>"


def run(opt, problem, steps, x0=None, schedule=None, name=None):
    """Take ``steps`` steps of ``opt`` on ``problem`` from ``x0`` (default ``problem.x0``)."""
    x = np.atleast_1d(problem.project(problem.x0 if x0 is None else x0))  # a fresh float copy
    xs = np.full((steps + 1, x.size), np.nan)
    lrs = np.full(steps, np.nan)
    xs[0] = x
    diverged, lr0 = None, opt.lr
    state = opt.init(x)
    # Overflow is an outcome to show (lr too large), not a warning to print into a notebook.
    with np.errstate(over="ignore", invalid="ignore"):
        try:
            for t in range(1, steps + 1):
                if schedule is not None:
                    opt.lr = schedule(t)
                lrs[t - 1] = opt.lr
                try:
                    x, state = opt.step(x, problem.grad(x, t), state)
                except NonFiniteError:  # the gradient overflowed, or the update did: the optimizer refused
                    diverged = t
                    break
                x = problem.project(x)
                if not finite(x):
                    diverged = t
                    break
                xs[t] = x
        finally:
            opt.lr = lr0
        if hasattr(problem, "loss_grid") and xs.shape[1] == 2:  # one vectorised call (NaN rows stay NaN)
            losses = np.asarray(problem.loss_grid(xs[:, 0], xs[:, 1]), dtype=float)
        else:
            losses = np.array([problem.loss(x) if finite(x) else np.nan for x in xs])
    return Trajectory(xs, losses, name or type(opt).__name__, lrs, problem.f_star, diverged)


def run_many(optimizers, problem, steps, x0=None, schedule=None):
    """{name: run(opt, ...)} for a dict {name: optimizer}, each from the same start."""
    return {name: run(opt, problem, steps, x0, schedule, name=name) for name, opt in optimizers.items()}


def run_batch(opt, problem, starts, steps, lrs=None):
    """Run ``opt`` from every row of ``starts`` (n, dim) at once: losses (steps + 1, n).

    The seeds of an experiment as a batch dimension, as JAX's ``vmap`` would: all runs share
    one (n, dim) array and take each step in one NumPy call, so 20 seeds cost about what one
    does. Row i follows exactly the path ``run(opt, problem, steps, x0=starts[i])`` takes
    (tested), for optimizers that treat every entry on its own (``opt.elementwise``; not
    Adafactor or Muon) and problems with ``grad_batch`` (every problem; the 2-D surfaces and
    quadratics vectorise it). A row whose point or update stops being finite has diverged:
    its losses are NaN from that step on, and the other rows go on. Losses are taken at
    ``opt.eval_params`` (Schedule-Free's average).

    ``lrs`` (optional, shape (n,)): a learning rate per row, so that a sweep's rates can share
    the batch with its seeds (rows = rates x seeds: one run instead of one per rate). Row i then
    follows exactly the path of ``opt`` at ``lr = lrs[i]`` (tested): every elementwise update
    multiplies by ``lr`` entry by entry, so a column of rates broadcasts over the rows. Not for
    Schedule-Free, whose rate enters a running maximum.
    """
    if not getattr(opt, "elementwise", False):
        raise ValueError(f"run_batch needs an optimizer that treats each entry on its own; "
                         f"{type(opt).__name__} looks across whole arrays: use run() per start")
    x = np.array(starts, dtype=float)
    if x.ndim != 2 or x.shape[1] != problem.dim:
        raise ValueError(f"starts must be an (n, {problem.dim}) array, one start per row; got shape {x.shape}")
    if int(steps) != steps or steps < 0:
        raise ValueError(f"steps must be a whole number >= 0, got {steps!r}")
    if lrs is not None:
        opt = _with_row_rates(opt, lrs, len(x))
    x = problem.project(x)
    state = opt.init(x)
    slots = {name: state[name] for name in opt.slots}
    alive = np.ones(len(x), dtype=bool)
    losses = np.full((int(steps) + 1, len(x)), np.nan)
    losses[0] = problem.loss_batch(opt.eval_params(x, state))
    with np.errstate(all="ignore"):  # a diverging row is an outcome, recorded as NaN
        for t in range(1, int(steps) + 1):
            g = problem.grad_batch(x, t)
            g = -g if opt.maximize else g
            new_x, new_slots = opt.update(x, np.where(alive[:, None], g, 0.0), slots, t)
            new_x = problem.project(new_x)
            alive &= np.isfinite(new_x).all(axis=1)
            if alive.all():  # the usual case, and a quicker step
                x, slots = new_x, dict(new_slots)
            else:  # a diverged row keeps its last finite values, so it cannot spread NaN; its losses stay NaN
                x = np.where(alive[:, None], new_x, x)
                slots = {name: np.where(alive[:, None], value, slots[name]) if np.ndim(value) == 2 else value
                         for name, value in new_slots.items()}
            losses[t] = np.where(alive, problem.loss_batch(opt.eval_params(x, {"step": t, **slots})), np.nan)
    return losses


def _with_row_rates(opt, lrs, n):
    """A copy of ``opt`` whose lr is the column ``lrs[:, None]``: one rate per row of the batch."""
    if type(opt).__name__ == "ScheduleFreeAdamW":
        raise ValueError("lrs: ScheduleFreeAdamW's rate enters a running maximum, so it takes one lr "
                         "for the whole batch; run one batch per rate")
    lrs = np.asarray(lrs, dtype=float)
    if lrs.shape != (n,) or not (np.isfinite(lrs).all() and (lrs >= 0).all()):
        raise ValueError(f"lrs must hold one finite learning rate >= 0 per start, shape ({n},); "
                         f"got {lrs!r}")
    opt = copy.copy(opt)
    opt._lr = lrs[:, None]  # past the scalar check of the lr setter on purpose: a rate per row
    return opt
