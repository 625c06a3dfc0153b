"""Quadratic bowls: the local model of every smooth loss, where gradient descent is exact algebra."""
import numpy as np

from .. import theory
from .base import Problem, frozen


class Quadratic(Problem):
    """f(x) = 1/2 x^T A x with A = diag(eigenvalues): the model of every valley.

        grad f(x) = A x,   minimum x* = 0, f* = 0.

    Near a minimum every smooth loss looks like this, and on it gradient
    descent is exact algebra: coordinate i evolves as x_i <- (1 - lr * lambda_i) x_i,
    so it converges iff lr < 2 / L (L = the largest eigenvalue), at a rate set
    by the condition number kappa = L / mu.  Attributes for the lessons:
    ``A``, ``eigenvalues``, ``L``, ``mu``, ``condition_number``, ``lr_max`` (2/L),
    ``lr_best`` (2/(L+mu), the best fixed step), and heavy ball's optimal pair
    ``momentum_best`` = ((sqrt(kappa)-1)/(sqrt(kappa)+1))^2 with
    ``lr_momentum_best`` = 4 / (sqrt(L) + sqrt(mu))^2 (Polyak; torch's
    SGD(momentum=beta) is exactly heavy ball with step lr).
    """

    def __init__(self, eigenvalues, name="quadratic", x0=None):
        self.eigenvalues = frozen(eigenvalues)
        if self.eigenvalues.ndim != 1 or np.any(self.eigenvalues <= 0):
            raise ValueError(f"eigenvalues must be a 1-D list of positive numbers, got {eigenvalues!r}")
        self.name = name
        n = self.eigenvalues.size
        self.A = frozen(np.diag(self.eigenvalues))
        self.x_star, self.f_star = frozen(np.zeros(n)), 0.0
        self.x0 = frozen(np.ones(n) if x0 is None else x0)
        self.L, self.mu = float(self.eigenvalues.max()), float(self.eigenvalues.min())
        self.condition_number = self.L / self.mu
        self.lr_max = theory.gd_max_lr(self.L)
        self.lr_best, _ = theory.gd_optimal(self.L, self.mu)
        self.lr_momentum_best, self.momentum_best, _ = theory.heavy_ball_optimal(self.L, self.mu)
        if n == 2:  # a window that holds the start and the minimum
            r = 1.5 * float(np.max(np.abs(self.x0)))
            self.xlim = self.ylim = (-r, r)

    def loss(self, x, t=None):
        x = np.asarray(x, dtype=float)
        return float(0.5 * np.sum(self.eigenvalues * x * x))

    def grad(self, x, t=None):
        return self.eigenvalues * np.asarray(x, dtype=float)

    def loss_batch(self, X, t=None):
        X = np.asarray(X, dtype=float)
        return 0.5 * np.sum(self.eigenvalues * X * X, axis=1)

    def grad_batch(self, X, t=None):
        return self.eigenvalues * np.asarray(X, dtype=float)

    def loss_grid(self, X, Y):
        l1, l2 = self.eigenvalues  # 2-D only
        return 0.5 * (l1 * np.asarray(X, dtype=float) ** 2 + l2 * np.asarray(Y, dtype=float) ** 2)


def quadratic(condition_number=10.0, scale=1.0, dim=2):
    """f(x) = 1/2 x^T diag(L, ..., L/kappa) x, with L = ``scale``, kappa = ``condition_number``.

    The curvatures are log-spaced from L down to L/kappa (in 2-D: exactly L and
    L/kappa), so x_1 is the steep direction and x_dim the flat one.  Start: all ones.
    """
    if condition_number < 1 or scale <= 0 or dim < 1:
        raise ValueError("need condition_number >= 1, scale > 0, dim >= 1; got "
                         f"{condition_number!r}, {scale!r}, {dim!r}")
    return Quadratic(np.geomspace(scale, scale / condition_number, dim),
                     name=f"quadratic (kappa={condition_number:g})")


def scaled_quadratic(factor=1000.0):
    """f(x) = 1/2 (x_1^2 + factor * x_2^2): the bowl of lesson 03, one coordinate's gradient scaled.

        grad f(x) = (x_1, factor * x_2),  x* = 0, f* = 0.

    At the start (1, 1) the gradient is (1, factor).  SGD must use lr < 2/factor
    and then crawls along x_1; Adam divides each coordinate by its own RMS
    gradient, so its steps are the same for every factor (scale invariance).
    """
    if factor <= 0:
        raise ValueError(f"factor must be positive, got {factor!r}")
    return Quadratic([1.0, factor], name=f"scaled quadratic (factor={factor:g})")
