"""What every problem shares: the interface the runner and the plots rely on.

    problem.loss(x, t=None) -> float         f(x), or f_t(x) for an online / stochastic problem
    problem.grad(x, t=None) -> ndarray       its gradient at x (a new array)
    problem.project(x)      -> ndarray       the nearest point of the domain (a copy of x if none)
    problem.x0, x_star, f_star, name, dim    start, minimiser, minimum, label, size
    problem.xlim, ylim, labels, loss_grid    2-D only: what a contour plot needs

Inputs are never mutated; the arrays a problem holds (x0, x_star, ...) are
read-only, so a lesson cannot change a shared problem by accident.
"""
import numpy as np


def frozen(values):
    """A read-only float array: a problem's constants must not change under a lesson."""
    a = np.array(values, dtype=float)
    a.setflags(write=False)
    return a


class Problem:
    """The base of every problem: subclasses set x0, x_star, f_star and define loss and grad."""

    name = "problem"
    labels = ("$x_1$", "$x_2$")  # axis labels for plots
    xlim = ylim = None           # contour-plot window (2-D problems)
    log_levels = False           # contour lines log-spaced in f - f*: for steep valleys

    @property
    def dim(self):
        return self.x_star.size

    def loss(self, x, t=None):
        raise NotImplementedError

    def grad(self, x, t=None):
        raise NotImplementedError

    def project(self, x):
        """The identity (as a float copy): most problems have no constraint."""
        return np.array(x, dtype=float)

    def loss_batch(self, X, t=None):
        """``loss`` at each row of ``X`` (n, dim): one loss per row (subclasses vectorise it)."""
        return np.array([self.loss(x, t) for x in np.asarray(X, dtype=float)])

    def grad_batch(self, X, t=None):
        """``grad`` at each row of ``X`` (n, dim): an (n, dim) array (subclasses vectorise it)."""
        return np.array([self.grad(x, t) for x in np.asarray(X, dtype=float)])

    def __repr__(self):
        return f"<{self.name} problem, dim={self.dim}>"


class Surface(Problem):
    """A 2-D problem given by a vectorised ``f(x, y)`` and its gradient ``df(x, y)``.

    Writing f over coordinates makes ``loss_grid`` free: the same code that
    returns one loss evaluates a whole contour-plot grid in one NumPy call.
    """

    def f(self, x, y):
        raise NotImplementedError

    def df(self, x, y):
        """(df/dx, df/dy)."""
        raise NotImplementedError

    def loss(self, x, t=None):
        x = np.asarray(x, dtype=float)
        return float(self.f(x[0], x[1]))

    def grad(self, x, t=None):
        x = np.asarray(x, dtype=float)
        return np.array(self.df(x[0], x[1]), dtype=float)

    def loss_batch(self, X, t=None):
        X = np.asarray(X, dtype=float)
        return self.f(X[:, 0], X[:, 1])

    def grad_batch(self, X, t=None):
        X = np.asarray(X, dtype=float)
        return np.stack(self.df(X[:, 0], X[:, 1]), axis=1)

    def loss_grid(self, X, Y):
        """f at every point of the grid (X, Y), e.g. from ``np.meshgrid``."""
        return self.f(np.asarray(X, dtype=float), np.asarray(Y, dtype=float))
