"""Test functions with analytic gradients and known minima.

Every problem has ``loss(x, t=None)``, ``grad(x, t=None)``, ``project(x)``,
``x0`` (default start), ``x_star`` (minimiser), ``f_star``, ``name``, ``dim``;
2-D problems also have ``xlim``, ``ylim``, axis ``labels`` and a vectorised
``loss_grid(X, Y)`` for contour plots.  ``t`` is the step number (from 1) for
online / stochastic problems; a deterministic problem ignores it.

    quadratic(condition_number=10, scale=1, dim=2)   1/2 x^T diag(L, .., L/kappa) x
    scaled_quadratic(factor=1000)                    1/2 (x1^2 + factor x2^2)
    rosenbrock(a=1, b=100)                           (a - x)^2 + b (y - x^2)^2
    beale()                                          Beale's function, min (3, 0.5)
    saddle()                                         x^2 - y^2 + y^4/2, saddle at 0
    toy_regression()                                 the seed article's two points
    noisy_regression(n=200, noise=0.5, batch_size=None, seed=0)
    reddi(C=3)                                       Adam's counterexample, on [-1, 1]

Additions beyond the contract: ``Quadratic.A``, ``eigenvalues``, ``L``, ``mu``,
``lr_max``, ``lr_best``, ``momentum_best``, ``lr_momentum_best``;
``LineFit.predict``, ``hessian``; ``ToyRegression.test_loss``;
``NoisyRegression.batch(t)``; ``Reddi.regret(xs)``, ``beta2_fail``;
``Saddle.saddle_point``; ``log_levels`` (contour-level hint for plotting).
"""
from .base import Problem, Surface
from .classic import Beale, Rosenbrock, Saddle, beale, rosenbrock, saddle
from .online import Reddi, reddi
from .quadratics import Quadratic, quadratic, scaled_quadratic
from .regression import LineFit, NoisyRegression, ToyRegression, noisy_regression, toy_regression

__all__ = ["Problem", "Surface", "Quadratic", "Rosenbrock", "Beale", "Saddle", "LineFit",
           "ToyRegression", "NoisyRegression", "Reddi", "quadratic", "scaled_quadratic",
           "rosenbrock", "beale", "saddle", "toy_regression", "noisy_regression", "reddi"]
