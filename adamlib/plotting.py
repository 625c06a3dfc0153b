"""The course's one plotting style: call ``use_style()`` once at the top of a notebook.

    use_style()                                  readable, colour-blind-safe defaults
    COLORS["Adam"]                               each optimizer's fixed colour
    contour(problem, ax=None, levels=None)       the loss landscape, x* marked with a star
    trajectories(problem, runs, ax=None)         contour + each run's path
    loss_curves(runs, ax=None, log=True, gap=True)   f(x_t) - f* against the step

``runs`` is a dict {name: Trajectory} (as ``runner.run_many`` returns), a list
of Trajectory, or one Trajectory.  A run named like an optimizer in COLORS
gets that colour everywhere in the course; any other name takes the next
colour of the (colour-blind-safe) cycle.  Every function returns its Axes and
never calls ``plt.show()``: the notebook does.

Additions beyond the contract: ``iterates(runs, ax=None)`` (coordinate against
step, for 1-D problems such as Reddi's), ``color(name)``, ``PALETTE``.
"""
import matplotlib as mpl
import numpy as np
from matplotlib.colors import LogNorm

# Okabe & Ito (2008), the standard colour-blind-safe palette, for the optimizers
# that share a figure most often; Paul Tol's "muted" colours for the variants.
# Pairs that lessons compare directly (Momentum/Nesterov aside) differ in hue
# AND lightness: SGD grey, Momentum blue, RMSprop green, Adam vermillion.
COLORS = {
    "SGD": "#666666",
    "GD": "#666666",  # full-batch gradient descent: SGD's grey (lesson 01 separates the two)
    "sign descent": "#000000",  # Adam with beta1 = beta2 = 0 and eps = 0 (lesson 07)
    "Momentum": "#0072B2",
    "Nesterov": "#56B4E9",
    "Adagrad": "#999933",
    "RMSprop": "#009E73",
    "Adam": "#D55E00",
    "AdamW": "#332288",
    "AMSGrad": "#CC79A7",
    "Adamax": "#E69F00",
    "NAdam": "#882255",
    "RAdam": "#44AA99",
    "Adadelta": "#DDCC77",      # lesson 08's optimizers (Paul Tol's muted and bright colours)
    "Adafactor": "#88CCEE",
    "Lion": "#AA4499",
    "Muon": "#117733",
    "Schedule-Free": "#661100",
    # Lesson 04's ablations: Adam with one bias correction switched off, and the ladder from RMSProp
    # to Adam. Not optimizers of their own, but each is a method its figures compare, so each has a
    # colour of its own, at least 30 CIELAB units (Delta E 1976) from every other colour here.
    "no correction": "#EE3377",
    "only m corrected": "#9ACD32",
    "only v corrected": "#222255",
    "+ correction": "#0000FF",
    "+ momentum": "#E31A1C",
    "Adam, no momentum": "#666633",
    "Adam, cosine": "#F4A582",  # Adam with a cosine decay (lesson 08): a light vermillion, Adam's hue
}
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#882255"]

STYLE = {
    "figure.figsize": (6.4, 4.0),  # fits a notebook column without scrolling
    "figure.dpi": 90,              # inline PNGs stay small, so notebooks stay small
    "figure.constrained_layout.use": True,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.fontsize": 9.5,
    "legend.frameon": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=PALETTE),
    "lines.linewidth": 1.8,
    "image.cmap": "viridis",
}


def use_style():
    """Set the course's matplotlib defaults (rcParams) for the rest of the session."""
    import matplotlib.pyplot as plt  # importing pyplot first lets the inline backend apply its rc, then ours wins

    plt.rcParams.update(STYLE)


def color(name):
    """The fixed colour of optimizer ``name``, or None (= the next colour of the cycle)."""
    return COLORS.get(name)


def _axes(ax):
    import matplotlib.pyplot as plt

    return plt.gca() if ax is None else ax


def _as_list(runs):
    if isinstance(runs, dict):
        return list(runs.values())
    if hasattr(runs, "xs"):  # a single Trajectory
        return [runs]
    return list(runs)


def contour(problem, ax=None, levels=None, resolution=200, equal=True):
    """Contour lines of a 2-D problem's loss over its ``xlim`` x ``ylim`` window, x* as a star.

    ``levels``: an int (how many) or a list of loss values.  By default 15
    levels; for problems with ``log_levels`` (Rosenbrock, Beale, regression)
    they are log-spaced in f - f*, so the valley floor is drawn as finely as
    the walls.  ``equal`` keeps one unit the same length on both axes, so the
    gradient is seen perpendicular to the contour lines.
    """
    ax = _axes(ax)
    X, Y = np.meshgrid(np.linspace(*problem.xlim, resolution), np.linspace(*problem.ylim, resolution))
    Z = problem.loss_grid(X, Y)
    if problem.log_levels and (levels is None or np.isscalar(levels)):
        gap = Z - problem.f_star
        top = float(gap.max())
        low = max(float(gap[gap > 0].min()), top * 1e-7)  # not down to round-off
        levels = problem.f_star + np.geomspace(low, top, 15 if levels is None else int(levels))
        norm = LogNorm(levels[0] - problem.f_star, levels[-1] - problem.f_star)
        ax.contour(X, Y, gap, levels=levels - problem.f_star, norm=norm, cmap="viridis",
                   linewidths=0.8, alpha=0.7)
    else:
        ax.contour(X, Y, Z, levels=15 if levels is None else levels, cmap="viridis",
                   linewidths=0.8, alpha=0.7)
    ax.plot(*problem.x_star, marker="*", markersize=14, color="black", linestyle="none",
            label="$x^*$", zorder=5)
    ax.set_xlim(problem.xlim)
    ax.set_ylim(problem.ylim)
    if equal:
        ax.set_aspect("equal")
    ax.set_xlabel(problem.labels[0])
    ax.set_ylabel(problem.labels[1])
    ax.grid(False)  # contour lines are the grid here
    return ax


def trajectories(problem, runs, ax=None, markersize=3, **contour_kw):
    """The contour plot of ``problem`` with each run's path x_0, x_1, ... drawn over it.

    A hollow circle marks the start; the legend names the runs.  Points that
    leave the window (a diverging run) are clipped, the window stays put.
    """
    ax = contour(problem, ax, **contour_kw)
    for run in _as_list(runs):
        ax.plot(run.xs[:, 0], run.xs[:, 1], marker="o", markersize=markersize, linewidth=1.2,
                color=color(run.name), label=run.name, zorder=3)
    starts = {tuple(run.xs[0]) for run in _as_list(runs)}
    for start in starts:
        ax.plot(*start, marker="o", markersize=9, markerfacecolor="none", markeredgecolor="black",
                linestyle="none", zorder=4)
    ax.legend(loc="best")
    return ax


def loss_curves(runs, ax=None, log=True, gap=True):
    """Loss against step for each run: f(x_t) - f* (``gap``) on a log axis (``log``).

    On a log axis linear convergence is a straight line, and its slope is the
    rate.  A gap that reaches exactly 0 cannot be drawn on a log axis and ends
    the line there.
    """
    ax = _axes(ax)
    for run in _as_list(runs):
        y = run.losses - run.f_star if gap else run.losses
        ax.plot(np.arange(len(y)), y, color=color(run.name), label=run.name)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("$f(x) - f^*$" if gap else "$f(x)$")
    ax.legend(loc="best")
    return ax


def iterates(runs, ax=None, coordinate=0, label="$x$"):
    """One coordinate of each run's point against the step (for 1-D problems such as Reddi's)."""
    ax = _axes(ax)
    for run in _as_list(runs):
        ax.plot(np.arange(len(run.xs)), run.xs[:, coordinate], color=color(run.name), label=run.name)
    ax.set_xlabel("step")
    ax.set_ylabel(label)
    ax.legend(loc="best")
    return ax
