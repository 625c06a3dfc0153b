"""Figures of lesson 00 (welcome). Each function returns the figure; the cell calls plt.show().

Lesson 00 writes the parameters as (w, b), the slope and intercept of a line, and keeps x for the
data; these figures label their axes that way (the course's general plots say x and f(x)).
"""
import matplotlib.pyplot as plt
import numpy as np

from .. import plotting

# Two learning rates of ONE method (gradient descent): the same colour, told apart by the line.
LINE_STYLES = ("-", "--")


def _relabel(ax):
    """Lesson 00's notation on a plotting.contour axis: the star is the minimum (w*, b*)."""
    for line in ax.lines:
        if line.get_label() == "$x^*$":
            line.set_label("minimum (w*, b*) = (1, 0)")
    ax.set_xlabel("slope w")
    ax.set_ylabel("intercept b")


def _label_levels(ax):
    """Write the loss gap on every other contour line (the lines are log-spaced)."""
    lines = ax.collections[0]                     # plotting.contour's ContourSet
    # not the inner lines: their labels would crowd the star that marks the minimum
    outer = [level for level in lines.levels[1::2] if level > 0.5]
    ax.clabel(lines, outer, fmt=lambda gap: f"{gap:.1g}", fontsize=7, inline=True)


def loss_landscape(problem):
    """The contour lines of f(w, b), every other line labelled with its loss gap f - f*."""
    fig, ax = plt.subplots(figsize=(5.2, 5))
    plotting.contour(problem, ax)
    _relabel(ax)
    _label_levels(ax)
    ax.legend(loc="upper right", fontsize=8.5)
    ax.set_title("loss f(w, b) of the toy regression\n(numbers on the lines: f - f*)")
    return fig


def _inside(problem, xs):
    """The index of the last point of ``xs`` before the first one outside the problem's window."""
    (x0, x1), (y0, y1) = problem.xlim, problem.ylim
    outside = ~((xs[:, 0] >= x0) & (xs[:, 0] <= x1) & (xs[:, 1] >= y0) & (xs[:, 1] <= y1))
    return int(np.argmax(outside)) - 1 if outside.any() else len(xs) - 1


def paths_and_losses(problem, runs, title):
    """Left: each run's path over the contour lines; right: its loss against the step (log scale).

    runs: {label: Trajectory}, all gradient descent (one colour), at different learning rates.
    A path that leaves the window (a diverging run) is drawn up to its first point outside it.
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2))
    plotting.contour(problem, left)
    _relabel(left)
    gd = plotting.color("GD")
    for order, ((label, run), style) in enumerate(zip(runs.items(), LINE_STYLES)):
        xs = run.xs[:_inside(problem, run.xs) + 2]    # a diverging path: up to its first step outside
        left.plot(xs[:, 0], xs[:, 1], style, marker="o", markersize=3 - order, linewidth=1.2 - 0.5 * order,
                  color=gd, label=label, zorder=4 - order)   # the first run on top
        right.semilogy(np.arange(len(run.losses)), run.losses - run.f_star, style, color=gd, label=label)
    left.plot(*next(iter(runs.values())).xs[0], marker="o", markersize=9, markerfacecolor="none",
              markeredgecolor="black", linestyle="none", zorder=4, label="start (0, 0)")
    left.legend(loc="upper right", fontsize=8.5)
    left.set_title(title)
    right.set_xlabel("step")
    right.set_ylabel("loss gap f(w, b) - f* (log scale)")
    right.set_title("loss against step")
    right.legend(loc="best")
    return fig
