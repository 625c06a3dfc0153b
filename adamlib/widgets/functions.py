"""The playground's test-function menu: each function with its own sensible defaults.

A learning rate that is good on one surface is useless on another (the
gradients of Rosenbrock are 100x those of the unit quadratic), so each entry
carries its own lr ranges and defaults; the start point and the plot window
come from the problem itself (``problem.x0``, ``xlim``, ``ylim``).
"""
from dataclasses import dataclass

from .. import problems


@dataclass(frozen=True)
class Function:
    """One entry of the menu.

    ``make(condition)`` builds the ``adamlib.problems`` problem; ``condition``
    is used only when ``condition_label`` is set (the quadratics).  Learning
    rate ranges are log10 exponents (the sliders are logarithmic).
    """
    title: str
    make: object
    lr: float                    # SGD-family default step size
    lr_range: tuple              # (log10 min, log10 max)
    adaptive_lr: float           # adaptive-family default
    adaptive_lr_range: tuple
    steps: int = 150
    condition_label: str = ""    # "" = no condition slider for this function
    condition: float = 10.0
    condition_range: tuple = (0.0, 3.0)  # log10 min, max


FUNCTIONS = {
    "quadratic": Function(
        "ill-conditioned quadratic  f = (x1² + x2²/κ) / 2",
        lambda kappa: problems.quadratic(condition_number=kappa),
        lr=1.0, lr_range=(-3, 0.5), adaptive_lr=0.1, adaptive_lr_range=(-3, 0),
        steps=100, condition_label="condition κ", condition=10.0),
    "scaled quadratic": Function(
        "badly scaled quadratic  f = (x1² + s·x2²) / 2",
        lambda factor: problems.scaled_quadratic(factor=factor),
        lr=0.01, lr_range=(-4, 0.5), adaptive_lr=0.1, adaptive_lr_range=(-3, 0),
        steps=100, condition_label="scale s", condition=100.0),
    "Rosenbrock": Function(
        "Rosenbrock's banana valley",
        lambda _: problems.rosenbrock(),
        lr=1e-3, lr_range=(-5, -1.5), adaptive_lr=0.2, adaptive_lr_range=(-3, 0),
        steps=300),
    "Beale": Function(
        "Beale's function",
        lambda _: problems.beale(),
        lr=3e-3, lr_range=(-4, -1), adaptive_lr=0.05, adaptive_lr_range=(-3, 0),
        steps=300),
    "saddle": Function(
        "saddle  f = x² - y² + y⁴/2",
        lambda _: problems.saddle(),
        lr=0.05, lr_range=(-3, -0.3), adaptive_lr=0.05, adaptive_lr_range=(-3, 0),
        steps=150),
    "Reddi": Function(
        "Reddi et al.'s online problem (1-D, x in [-1, 1])",
        lambda _: problems.reddi(),
        lr=0.05, lr_range=(-3, 0), adaptive_lr=0.05, adaptive_lr_range=(-3, 0),
        steps=600),
}


def lookup(name):
    if name not in FUNCTIONS:
        raise ValueError(f"unknown function {name!r}; choose from {', '.join(FUNCTIONS)}")
    return FUNCTIONS[name]
