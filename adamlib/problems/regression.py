"""Fitting the line y = w x + b: the seed article's toy data, and a noisy version for minibatches."""
import functools

import numpy as np

from .base import Surface, frozen


class LineFit(Surface):
    """Fit a line y = w x + b to data (xs, ys) by mean squared error; params are (w, b).

        f(w, b)  = mean_i (w x_i + b - y_i)^2
        df/dw    = 2 mean_i r_i x_i,   df/db = 2 mean_i r_i,   r_i = w x_i + b - y_i
        minimum  the least-squares line, found exactly by ``np.linalg.lstsq``

    f is a quadratic in (w, b) with Hessian 2 [[mean x^2, mean x], [mean x, 1]]:
    a tilted, elongated valley whenever the inputs are not centred at 0.
    """

    labels = ("$w$", "$b$")
    log_levels = True
    xlim, ylim = (-1.0, 3.0), (-2.0, 2.0)

    def __init__(self, xs, ys, x0=(0.0, 0.0)):
        self.xs, self.ys = frozen(xs), frozen(ys)
        design = np.stack([self.xs, np.ones_like(self.xs)], axis=1)
        self.x_star = frozen(np.linalg.lstsq(design, self.ys, rcond=None)[0])
        self.f_star = float(self.f(*self.x_star))
        self.x0 = frozen(x0)
        self.hessian = frozen(2.0 * design.T @ design / len(self.xs))

    def predict(self, params, xs):
        """The model's outputs w * xs + b."""
        w, b = np.asarray(params, dtype=float)
        return w * np.asarray(xs, dtype=float) + b

    def f(self, w, b, idx=slice(None)):
        w, b, xs, ys = np.asarray(w), np.asarray(b), self.xs[idx], self.ys[idx]
        if w.ndim == 0 and b.ndim == 0:
            r = w * xs + b - ys
            return (r @ r) / len(xs)
        # A grid: loop over the data, not over the grid points.  One
        # (grid x data) array would be 8 million numbers for a 200 x 200 contour
        # of 200 points, and ~50x slower to fill.
        total = np.zeros(np.broadcast(w, b).shape)
        for x, y in zip(xs, ys):
            total += (w * x + b - y) ** 2
        return total / len(xs)

    def df(self, w, b, idx=slice(None)):
        xs, ys = self.xs[idx], self.ys[idx]
        r = w * xs + b - ys  # w, b are numbers here: the runner's per-step call
        return 2.0 * (r @ xs) / len(xs), 2.0 * r.sum() / len(xs)  # means; @ is faster than np.mean


class ToyRegression(LineFit):
    """The seed article's data: train x = (1, 2) -> y = (1, 2), test x = (3, 4) -> y = (3, 4).

    Two points, two parameters: the line y = x fits exactly, so
    x* = (w, b) = (1, 0) and f* = 0.  Hessian 2 [[2.5, 1.5], [1.5, 1]]: eigenvalues
    7/2 +- sqrt(45)/2 (about 6.85 and 0.146, condition number about 47).
    ``test_loss(params)`` is the same MSE on the test points.
    """

    name = "toy regression"

    def __init__(self):
        super().__init__([1.0, 2.0], [1.0, 2.0])
        self.x_star, self.f_star = frozen([1.0, 0.0]), 0.0  # exact, not lstsq's round-off
        self.x_test, self.y_test = frozen([3.0, 4.0]), frozen([3.0, 4.0])
        self.x_train, self.y_train = self.xs, self.ys

    def test_loss(self, params):
        r = self.predict(params, self.x_test) - self.y_test
        return float(np.mean(r * r))


class NoisyRegression(LineFit):
    """n points around the line y = x: x ~ Uniform(0, 4), y = x + noise * N(0, 1).

    ``loss(x)`` and ``grad(x)`` use all the data.  With ``batch_size`` set,
    ``grad(x, t)`` (and ``loss(x, t)``) use the minibatch of step t: batch_size
    indices drawn without replacement by ``np.random.default_rng([seed, t])``, so
    a run is reproducible and every optimizer sees the same batches.  x* is the
    exact least-squares line and f* its mean squared residual (about noise^2).
    """

    name = "noisy regression"

    def __init__(self, n=200, noise=0.5, batch_size=None, seed=0):
        if batch_size is not None and not 1 <= batch_size <= n:
            raise ValueError(f"batch_size must be None or in [1, n={n}], got {batch_size!r}")
        self.n, self.noise, self.batch_size, self.seed = n, noise, batch_size, seed
        rng = np.random.default_rng(seed)
        xs = rng.uniform(0.0, 4.0, size=n)
        super().__init__(xs, xs + noise * rng.standard_normal(n))
        # Seeding a generator costs more than the gradient itself; the cache lets
        # every optimizer of a comparison (run_many) reuse step t's batch.
        self._draw = functools.lru_cache(maxsize=4096)(self._draw_batch)

    def batch(self, t):
        """The data indices of step t's minibatch (all data when batch_size is None or t is None)."""
        if self.batch_size is None or t is None:
            return slice(None)
        return self._draw(t)

    def _draw_batch(self, t):
        idx = np.random.default_rng([self.seed, t]).choice(self.n, self.batch_size, replace=False)
        idx.setflags(write=False)  # shared by every caller of step t
        return idx

    def loss(self, x, t=None):
        w, b = np.asarray(x, dtype=float)
        return float(self.f(w, b, self.batch(t)))

    def grad(self, x, t=None):
        w, b = np.asarray(x, dtype=float)
        return np.array(self.df(w, b, self.batch(t)))


# The contract's constructor names.
toy_regression, noisy_regression = ToyRegression, NoisyRegression
