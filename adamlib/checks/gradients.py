"""Lesson 00: ``mse_gradient(w, b, x, y) -> (dw, db)``, the gradient of the mean squared error."""
import numpy as np

from .. import steps
from .engine import Case, Exercise, Mistake, fmt, make_check, shape_text


def _cases():
    """The toy data of the course, plus 1-D data of other lengths and scales (the docstring promises
    1-D arrays, so a loop over zip(x, y) is a correct answer and must pass)."""
    rng = np.random.default_rng(0)
    datasets = [
        (np.array([1.0, 2.0]), np.array([1.0, 2.0])),           # the course's training data
        (np.array([3.0]), np.array([2.5])),                     # a single point
        (1e-3 * rng.normal(size=5), 1e-3 * rng.normal(size=5)),  # tiny numbers
        (1e3 * rng.normal(size=6), 1e3 * rng.normal(size=6)),   # six points, huge numbers
    ]
    cases = []
    for x, y in datasets:
        for w, b in rng.normal(size=(2, 2)).round(2):
            w, b = np.float64(w), np.float64(b)
            cases.append(Case({"w": w, "b": b, "x": x, "y": y},
                              f"the test with x of shape {shape_text(x.shape)}, w={fmt(w)}, b={fmt(b)}"))
    return cases


def _gradient(w, b, x, y):
    """(mean(2 error x), mean(2 error)): the pieces the mutants rearrange (written out, not adamlib's)."""
    error = w * x + b - y
    return np.mean(2 * error * x), np.mean(2 * error)


def _no_factor_2(w, b, x, y):
    dw, db = _gradient(w, b, x, y)
    return dw / 2, db / 2


def _sign_flipped(w, b, x, y):
    dw, db = _gradient(w, b, x, y)
    return -dw, -db


def _sum_not_mean(w, b, x, y):
    dw, db = _gradient(w, b, x, y)
    return dw * np.size(x), db * np.size(x)


def _no_x_in_dw(w, b, x, y):
    dw, db = _gradient(w, b, x, y)
    return db, db


def _no_factor_2_sign_flipped(w, b, x, y):
    dw, db = _gradient(w, b, x, y)
    return -dw / 2, -db / 2


MSE_GRADIENT = Exercise(
    name="mse_gradient",
    reference=steps.mse_gradient,
    outputs=("dw", "db"),
    cases=_cases,
    mistakes=[
        Mistake("you left out the factor 2 of the derivative of error**2.",
                "d(error**2) = 2 * error * d(error): dw = np.mean(2 * error * x), "
                "db = np.mean(2 * error), with error = w * x + b - y.", _no_factor_2),
        Mistake("your gradient points the wrong way: your error is target minus prediction.",
                "The error is prediction minus target, w * x + b - y, not y - (w * x + b).",
                _sign_flipped),
        Mistake("your gradient points the wrong way and lacks the factor 2.",
                "Use error = w * x + b - y (prediction minus target) and dw = np.mean(2 * error * x), "
                "db = np.mean(2 * error).", _no_factor_2_sign_flipped),
        Mistake("you summed over the data points instead of averaging: the loss is a MEAN, so its "
                "gradient is too.", "Use np.mean(...) instead of np.sum(...).", _sum_not_mean),
        Mistake("your dw is missing the factor x.",
                "By the chain rule, d(w * x + b)/dw = x: dw = np.mean(2 * error * x).", _no_x_in_dw),
    ],
    debug_hint="Check by hand: mse_gradient(0.0, 0.0, np.array([1.0, 2.0]), np.array([1.0, 2.0])) "
               "should give dw = -5, db = -3 (the errors are -1 and -2).",
)
check_mse_gradient = make_check(MSE_GRADIENT)
