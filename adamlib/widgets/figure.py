"""The playground's picture: paths on the loss landscape (left), loss against step (right).

Every optimizer of the menu owns two ``Line2D`` objects for the figure's whole
life, ``paths[name]`` and ``losses[name]``; an update only calls ``set_data``
and ``set_visible`` on them.  For a 1-D problem (Reddi's) the left panel shows
x_t against t instead of a contour plot, and the right one the average regret
R_t / t, the quantity that tells online convergence.
"""
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator, NullLocator

from .. import plotting
from .optimizers import NAMES
from .render import Renderer


def average_regret(problem, xs):
    """R_t / t for t = 1..T on an online problem: xs[t-1] is the point played at step t."""
    played = xs[:-1, 0]
    slopes = np.array([problem.slope(t) for t in range(1, len(played) + 1)])
    regret = np.cumsum(slopes * (played - problem.x_star[0]))
    return regret / np.arange(1, len(played) + 1)


LOSS_FLOOR = 1e-10  # the loss chart shows f - f* down to this fraction of its starting value


def legend_label(name, run, runs, problem):
    """``name``, plus why its lines may not be visible: a shown line never vanishes silently.

    Lines are drawn in menu order, so a run whose path equals a later one's is painted over
    (Adam with beta1 = 0 is RMSprop with bias correction, and with beta2 = alpha = 0 both are
    sign descent: the very same points).  A loss gap under the chart's floor leaves the picture.
    """
    if run.diverged is not None:
        return f"{name} (diverged at step {run.diverged})"
    later = list(runs)[list(runs).index(name) + 1:]
    for other in later:
        xs = runs[other].xs
        if (runs[other].diverged is None and np.abs(run.xs[-1] - xs[-1]).max() <= 1e-9  # cheap test first
                and np.allclose(run.xs, xs, rtol=1e-9, atol=1e-12)):
            return f"{name} (same path as {other}, drawn under it)"
    if problem.dim == 2:
        (x_lo, x_hi), (y_lo, y_hi) = problem.xlim, problem.ylim
        outside = np.flatnonzero((run.xs[:, 0] < x_lo) | (run.xs[:, 0] > x_hi)
                                 | (run.xs[:, 1] < y_lo) | (run.xs[:, 1] > y_hi))
        if outside.size:
            return f"{name} (left the picture at step {outside[0]})"
        below = np.flatnonzero(run.losses - problem.f_star < LOSS_FLOOR * (problem.loss(problem.x0) - problem.f_star))
        if below.size:
            return f"{name} (below the loss chart from step {below[0]})"
    return name


class PlaygroundFigure:
    def __init__(self, figsize=(10.0, 4.2), dpi=90):
        self.figure = Figure(figsize=figsize, dpi=dpi, layout="none")
        self.ax_path, self.ax_loss = self.figure.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.1]})
        self.figure.subplots_adjust(left=0.07, right=0.98, bottom=0.13, top=0.9, wspace=0.25)
        self.renderer = Renderer(self.figure)
        style = {"marker": "o", "markersize": 2.5, "linewidth": 1.2, "zorder": 3}
        self.paths = {n: self.ax_path.plot([], [], color=plotting.color(n), label=n, **style)[0]
                      for n in NAMES}
        self.losses = {n: self.ax_loss.plot([], [], color=plotting.color(n), label=n)[0] for n in NAMES}
        self.start = self.ax_path.plot([], [], marker="o", markersize=9, markerfacecolor="none",
                                       markeredgecolor="black", linestyle="none", zorder=4)[0]
        self._landscape = []  # the artists drawn for the current problem, removed on the next
        self.problem = None
        self._steps = None
        self.legend, self._legend_key = None, None

    @property
    def one_dimensional(self):
        return self.problem is not None and self.problem.dim == 1

    def show_problem(self, problem):
        """Draw ``problem``'s landscape (a contour plot, or the frame of an x_t-vs-t plot in 1-D)."""
        for artist in self._landscape:
            artist.remove()
        self.problem = problem
        ax = self.ax_path
        before = set(ax.get_children())
        if problem.dim == 2:
            plotting.contour(problem, ax)
            self.start.set_data([problem.x0[0]], [problem.x0[1]])
            self.start.set_visible(True)
        else:
            ax.set_aspect("auto")
            ax.axhline(problem.x_star[0], color="black", linewidth=0.8, linestyle="--")
            ax.set_ylim(-1.1, 1.1)
            ax.set_xlabel("step $t$")
            ax.set_ylabel("$x_t$")
            ax.grid(True)
            self.start.set_visible(False)
        self._landscape = [a for a in ax.get_children() if a not in before]
        if self._steps is not None:
            self._frame_axes()

    def show_runs(self, runs, steps):
        """Put each run of ``runs`` ({name: Trajectory}) on its lines; hide the others."""
        problem = self.problem
        if steps != self._steps:  # the t axes changed: a new background
            self._steps = steps
            self._frame_axes()
        for name in NAMES:
            path, loss = self.paths[name], self.losses[name]
            run = runs.get(name)
            path.set_visible(run is not None)
            loss.set_visible(run is not None)
            if run is None:
                continue
            t = np.arange(len(run.xs))
            path.set_markersize(0 if self.one_dimensional else 2.5)  # 600 dots on a line are noise
            if self.one_dimensional:
                path.set_data(t, run.xs[:, 0])
                loss.set_data(t[1:], average_regret(problem, run.xs))
            else:
                path.set_data(run.xs[:, 0], run.xs[:, 1])
                loss.set_data(t, run.losses - problem.f_star)
            label = legend_label(name, run, runs, problem)
            path.set_label(label)
            loss.set_label(label)
        self._update_legend([self.losses[n] for n in runs])
        # Only the lines change from one update to the next: the axes (fixed
        # limits, ticks, labels) and the legend are part of the cached picture.
        self.renderer.dynamic_artists = [*self.paths.values(), *self.losses.values()]

    def _update_legend(self, shown):
        """One legend for both panels, above them: rebuilt (with the picture) only when its text changes."""
        key = tuple(line.get_label() for line in shown)
        if key == self._legend_key:
            return
        self._legend_key = key
        if self.legend is not None:
            self.legend.remove()
        self.legend = self.figure.legend(handles=shown, loc="upper center", ncol=max(len(shown), 1),
                                         frameon=False, fontsize=9, bbox_to_anchor=(0.5, 1.0))
        self.renderer.invalidate()

    def _frame_axes(self):
        """Fixed limits for the step axes and the loss axis, so the frame is drawn only once.

        The loss gap is shown from 1e-10 to 1e3 times its starting value: every
        run starts at the same point, so this window is the same for all of them;
        a run that converges further, or diverges, leaves it (and says so in the legend).
        """
        problem, steps, ax = self.problem, self._steps, self.ax_loss
        ax.set_xlim(0, steps)
        ax.set_xlabel("step $t$")
        if self.one_dimensional:
            self.ax_path.set_xlim(0, steps)
            ax.set_yscale("linear")
            ax.set_ylabel("average regret $R_t / t$")
            worst = 2 * abs(problem.slope(None))  # the average regret of always playing the worst point
            ax.set_ylim(-0.25 * worst, 1.5 * worst)
        else:
            start = problem.loss(problem.x0) - problem.f_star
            ax.set_yscale("log")
            ax.set_ylim(start * LOSS_FLOOR, start * 1e3)
            # Few labelled decades, no minor labels: tick labels are slow to draw.
            ax.yaxis.set_major_locator(LogLocator(numticks=6))
            ax.yaxis.set_minor_locator(NullLocator())
            ax.set_ylabel("$f(x_t) - f^*$")
        self.renderer.invalidate()

    def image(self):
        return self.renderer.image()
