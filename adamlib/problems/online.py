"""Online problems: a new loss f_t at every step t."""
import numpy as np

from .base import Problem, frozen


class Reddi(Problem):
    """The online problem on which Adam fails to converge (Reddi, Kale & Kumar, ICLR 2018).

    On the domain [-1, 1], at step t = 1, 2, 3, ... the loss is

        f_t(x) = C x   if t mod 3 == 1,   else  -x          (C > 2)
        grad f_t(x) = C  or  -1

    Over one period the losses add to (C - 2) x, so the best fixed point in
    hindsight is x* = -1; ``loss(x)`` without t is the average (C - 2) x / 3,
    with f* = -(C - 2) / 3.  With beta1 = 0 and beta2 = 1 / (1 + C^2), Adam's
    denominator forgets the rare large gradient C so fast that the two small
    gradients -1 move x up by more than C moved it down: x drifts to +1, the
    worst point.  AMSGrad, whose denominator never shrinks, goes to -1.
    ``project`` clips to [-1, 1]; ``regret(xs)`` measures the online cost.
    """

    name = "Reddi"
    labels = ("$x$",)

    def __init__(self, C=3.0):
        if not C > 2:
            raise ValueError(f"C must be > 2 (so that x* = -1), got {C!r}")
        self.C = float(C)
        self.x0 = frozen([0.0])
        self.x_star, self.f_star = frozen([-1.0]), -(self.C - 2.0) / 3.0
        self.beta2_fail = 1.0 / (1.0 + self.C**2)

    def slope(self, t):
        """The slope of f_t; t = None gives the average slope (C - 2) / 3."""
        if t is None:
            return (self.C - 2.0) / 3.0
        return self.C if t % 3 == 1 else -1.0

    def loss(self, x, t=None):
        return float(self.slope(t) * np.asarray(x, dtype=float)[0])

    def grad(self, x, t=None):
        return np.full(np.shape(x), self.slope(t), dtype=float)

    def project(self, x):
        return np.clip(np.asarray(x, dtype=float), -1.0, 1.0)

    def regret(self, xs):
        """R_T = sum_t f_t(x_t) - f_t(-1) for the points played, xs[t-1] at step t.

        Pass ``trajectory.xs[:-1]`` (the last point is never played).  An
        algorithm converges in the online sense when R_T / T -> 0.
        """
        xs = np.asarray(xs, dtype=float).reshape(len(xs), -1)[:, 0]
        slopes = np.array([self.slope(t) for t in range(1, len(xs) + 1)])
        return float(np.sum(slopes * (xs + 1.0)))


# The contract's constructor name.
reddi = Reddi
