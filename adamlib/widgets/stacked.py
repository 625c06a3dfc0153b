"""Every optimizer of the playground in one NumPy array: one step for all of them at once.

A slider that redraws while it is dragged needs a whole update (6 optimizers x 500 steps,
then a picture) in well under 50 ms.  Stepping each optimizer through ``runner.run`` costs
a Python call per optimizer per step (~0.2 ms each: 6 x 500 of them is 0.6 s).  Here row i
of one (k, dim) array is optimizer i, and one loop of ``steps`` NumPy steps moves all k,
as ``runner.run_batch`` moves many seeds of one optimizer.

That works because every optimizer of the menu is one instance of a single rule

    m <- c1 m + c2 g                       (momentum buffer, or Adam's first moment; 0 for SGD)
    v <- d1 v + d2 g^2                     (Adagrad's sum, RMSprop's / Adam's average of g^2)
         or max(d1 v, (|g| + eps)^2)       (Adamax: v = torch's exp_inf, squared)
    v_used = max(v_used, v) for AMSGrad (torch's raw max), else v
    x <- keep x - (A_t m + B_t g) / (C_t sqrt(v_used) + E_t)

with per-optimizer constants (c1, c2, d1, d2, keep) and per-step scalars (A_t .. E_t) that
depend only on t and the hyperparameters, so they are computed for every t before the loop:

    SGD        A = 0,              B = lr,  C = 0,                E = 1
    Momentum   c = (mu, 1),        A = lr,  B = 0,  C = 0,        E = 1    (torch: b <- mu b + g)
    Nesterov   c = (mu, 1),        A = lr mu, B = lr, C = 0,      E = 1    (torch: g + mu b)
    Adagrad    d = (1, 1),         B = lr,  C = 1,                E = eps
    RMSprop    d = (a, 1 - a),     B = lr,  C = 1,                E = eps
    Adam       c = (b1, 1 - b1),   d = (b2, 1 - b2),  A = lr / (1 - b1^t),  C = 1 / sqrt(1 - b2^t),  E = eps
    AdamW      Adam with keep = 1 - lr wd (the decoupled decay)
    NAdam      Adam's moments, A and B from the momentum schedule mu_t (torch's formula)
    RAdam      Adam's moments; C = E = 0/1 (plain momentum) until rho_t > 5, then rectified
    Adamax     A = lr / (1 - b1^t), C = 1, E = 0 (eps is inside v)

Each row's arithmetic is that of ``adamlib.optim`` up to the order of floating-point
operations, so a path agrees with ``runner.run``'s to ~1e-12 (tested); a row whose point
stops being finite has diverged at that step and is NaN from there on, as in ``runner.run``.
"""
import numpy as np

from ..optim.pieces import bias_correction
from ..problems.base import Problem, Surface
from ..runner import Trajectory


def _coefficients(name, s, t):
    """(constants, per-step scalars) of optimizer ``name`` at settings ``s`` for steps t (array)."""
    lr, alr, mu, eps = s["lr"], s["adaptive_lr"], s["momentum"], s["eps"]
    b1, b2 = s["beta1"], s["beta2"]
    one, zero = np.ones_like(t, dtype=float), np.zeros_like(t, dtype=float)
    const = {"c1": 0.0, "c2": 0.0, "d1": 0.0, "d2": 0.0, "keep": 1.0, "inf": False, "ams": False}
    if name == "SGD":
        return const, (zero, lr * one, zero, one)
    if name in ("Momentum", "Nesterov"):
        const.update(c1=mu, c2=1.0)
        a, b = (lr * mu, lr) if name == "Nesterov" else (lr, 0.0)
        return const, (a * one, b * one, zero, one)
    if name == "Adagrad":
        const.update(d1=1.0, d2=1.0)
        return const, (zero, alr * one, one, eps * one)
    if name == "RMSprop":
        const.update(d1=b2, d2=1.0 - b2)
        return const, (zero, alr * one, one, eps * one)
    const.update(c1=b1, c2=1.0 - b1, d1=b2, d2=1.0 - b2)
    bc1, bc2 = bias_correction(b1, t), bias_correction(b2, t)
    if name in ("Adam", "AMSGrad", "AdamW"):
        const.update(ams=name == "AMSGrad", keep=1.0 - alr * s["weight_decay"] if name == "AdamW" else 1.0)
        return const, (alr / bc1, zero, 1.0 / np.sqrt(bc2), eps * one)
    if name == "NAdam":
        mus = b1 * (1 - 0.5 * 0.96 ** (np.append(t, t[-1] + 1) * 4e-3))  # torch's momentum_decay 4e-3
        product = np.cumprod(mus)
        a = alr * mus[1:] / (1 - product[1:])
        b = alr * (1 - mus[:-1]) / (1 - product[:-1])
        return const, (a, b, 1.0 / np.sqrt(bc2), eps * one)
    if name == "RAdam":
        rho_inf = 2 / (1 - b2) - 1
        rho = rho_inf - 2 * t * b2 ** t / bc2
        rectified = rho > 5
        with np.errstate(invalid="ignore", divide="ignore"):
            rect = np.sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho))
        a = np.where(rectified, alr * rect / bc1, alr / bc1)
        root = np.sqrt(bc2)
        return const, (a, zero, np.where(rectified, 1 / root, 0.0), np.where(rectified, eps / root, 1.0))
    if name == "Adamax":
        const.update(d1=b2 * b2, d2=0.0, inf=True)
        return const, (alr / bc1, zero, one, zero)
    raise ValueError(f"unknown optimizer {name!r}")


def run_stacked(names, settings, problem, steps):
    """{name: Trajectory} for the optimizers ``names``, all stepped together from ``problem.x0``."""
    names, steps = list(names), int(steps)
    if not names:
        return {}
    x0 = np.atleast_1d(problem.project(np.asarray(problem.x0, dtype=float)))
    k, dim = len(names), x0.size
    t = np.arange(1, steps + 1)
    consts, scalars = zip(*(_coefficients(n, settings, t) for n in names))
    # Layout (dim, k): coordinate j of every optimizer is one contiguous row, so a 2-D surface's
    # gradient formula df(x, y) applies to x[0], x[1] directly (no stacking per step).
    row = lambda key: np.array([c[key] for c in consts], dtype=float)        # (k,)
    c1, c2, d1, d2, keep = (row(key) for key in ("c1", "c2", "d1", "d2", "keep"))
    inf_rows, ams_rows = row("inf").astype(bool), row("ams").astype(bool)
    A, B, C, E = (np.stack([s[i] for s in scalars], axis=1) for i in range(4))  # (steps, k)
    C_used = C != 0
    eps = settings["eps"]
    any_inf, any_ams, any_denom = inf_rows.any(), ams_rows.any(), bool(C_used.any())
    gradient = _gradient_of(problem)
    project = None if type(problem).project is Problem.project else problem.project  # identity: skip
    x = np.repeat(x0[:, None], k, axis=1)
    m, v, v_max = np.zeros_like(x), np.zeros_like(x), np.zeros_like(x)
    xs = np.empty((steps + 1, dim, k))
    xs[0] = x
    with np.errstate(all="ignore"):  # a diverging row is an outcome: it turns NaN, the others go on
        for i in range(steps):
            g = gradient(x, i + 1)
            m = c1 * m + c2 * g
            step = A[i] * m + B[i] * g
            if any_denom:
                if any_inf:
                    v = np.where(inf_rows, np.maximum(d1 * v, (np.abs(g) + eps) ** 2), d1 * v + d2 * (g * g))
                else:
                    v = d1 * v + d2 * (g * g)
                if any_ams:
                    v_max = np.maximum(v_max, v)
                    used = np.where(ams_rows, v_max, v)
                else:
                    used = v
                # where C_t = 0 the row divides by E_t alone (an overflowed g^2 must not make 0 * inf = NaN)
                step = step / np.where(C_used[i], C[i] * np.sqrt(used) + E[i], E[i])
            x = keep * x - step
            if project is not None:
                x = problem.project(x.T).T
            xs[i + 1] = x
    xs = xs.transpose(2, 0, 1)  # (k, steps + 1, dim)
    return {name: _trajectory(name, xs[r], problem) for r, name in enumerate(names)}


def _gradient_of(problem):
    """g(x, t) for x of shape (dim, k): a surface's own formula on the rows, else grad_batch."""
    if isinstance(problem, Surface):
        return lambda x, t: np.array(problem.df(x[0], x[1]))
    return lambda x, t: problem.grad_batch(x.T, t).T


def _trajectory(name, xs, problem):
    """A ``runner.Trajectory`` from one row's points: NaN from the first non-finite step on."""
    bad = ~np.isfinite(xs).all(axis=1)
    diverged = int(np.argmax(bad)) if bad.any() else None
    if diverged is not None:
        xs = xs.copy()
        xs[diverged:] = np.nan
    with np.errstate(all="ignore"):  # a point far out overflows the loss: inf, drawn off the chart
        if hasattr(problem, "loss_grid") and xs.shape[1] == 2:
            losses = np.asarray(problem.loss_grid(xs[:, 0], xs[:, 1]), dtype=float)
        else:
            losses = np.asarray(problem.loss_batch(xs), dtype=float)
    return Trajectory(xs, losses, name, None, problem.f_star, diverged)
