"""Figures of lesson 01 (gradient descent and SGD). Each function returns the figure; the cell calls plt.show()."""
import matplotlib.pyplot as plt

from .. import plotting

# One method (SGD) at several batch sizes: the full batch is gradient descent ("GD"); the minibatch
# sizes get colours that no optimizer of the course uses, so no colour means two methods.
BATCH_COLORS = ("#CC6677", "#3B2A6B")   # rose and a dark indigo: apart in hue AND in lightness


def steps_against_kappa(kappas, predicted, measured):
    """Steps to reduce the loss 10^6-fold against the condition number (log-log): theory line, measured dots."""
    return kappa_plot(kappas, [(predicted, "-", "GD", "prediction from (κ-1)/(κ+1)"),
                               (measured, "o", "GD", "measured, gradient descent")],
                      xlabel="condition number κ = L/μ (log scale)", title="gradient descent's cost grows like κ")


def kappa_plot(kappas, lines, xlabel, title):
    """Steps to reduce the loss 10^6-fold against κ, log-log; ``lines``: (steps, format, method, label)."""
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    for steps, fmt, method, label in lines:
        ax.loglog(kappas, steps, fmt, color=plotting.color(method), label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("steps to reduce the loss 10⁶-fold (log scale)")
    ax.set_title(title)
    ax.legend(loc="upper left")
    return fig


def noise_floor(gaps, floors, window, lr):
    """f - f* against the step for each batch size (one run each), the floor as a dashed line.

    gaps:   {batch size: f - f* per step}; the largest batch size is the full batch (GD).
    floors: {batch size: the floor, the mean gap over ``window``} (minibatch sizes only).
    """
    fig, ax = plt.subplots(figsize=(8.6, 4.0))
    full = max(gaps)
    colors = iter(BATCH_COLORS)
    for batch_size, gap in gaps.items():
        color = plotting.color("GD") if batch_size == full else next(colors)
        label = f"full batch, B = {full} (GD)" if batch_size == full else f"SGD, B = {batch_size}"
        ax.semilogy(gap, color=color, label=label, linewidth=1.0, alpha=0.85)
        if batch_size in floors:
            ax.axhline(floors[batch_size], color=color, linestyle="--", linewidth=1.5,
                       label=f"its floor (mean over the window), B = {batch_size}")
    ax.axvspan(*window, color="0.92", zorder=0, label="window the floor averages over")
    low = min(float(g[-1]) for g in gaps.values() if g[-1] > 0)
    ax.set_ylim(min(1e-6, low / 3), 10)          # down to GD's last value, which the text quotes
    ax.set_xlabel("step")
    ax.set_ylabel("$f(\\theta) - f^*$, full-data loss (log scale)")
    ax.set_title(f"SGD stalls at a noise floor (lr = {lr:g})")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8.5)  # beside the data, never on it
    return fig


def eigen_axes(problem, title):
    """The contour lines of a 2-D quadratic with its Hessian's eigenvectors drawn from the minimum.

    Each arrow is a unit eigenvector v_i (both drawn the same length): the directions of the axes of the
    contour ellipses. Along the long (flat) axis the curvature lambda_i is small, along the short one large.
    """
    import numpy as np

    eigenvalues, vectors = np.linalg.eigh(problem.hessian)
    fig, ax = plt.subplots(figsize=(5.4, 5))
    plotting.contour(problem, ax)
    centre = np.asarray(problem.x_star, dtype=float)
    length = 0.35 * min(np.ptp(problem.xlim), np.ptp(problem.ylim))
    for value, vector, name in zip(eigenvalues, vectors.T, ("flat", "steep")):
        vector = vector if vector[0] >= 0 else -vector      # both pointing to the right
        tip = centre + length * vector                      # an axis of the ellipses, not a method: black
        ax.annotate("", xy=tip, xytext=centre, arrowprops=dict(arrowstyle="->", color="black", linewidth=2))
        ax.annotate(f"{name}: λ = {value:.3f}", xy=tip, xytext=(4, 4), textcoords="offset points",
                    fontsize=9, bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="none"))
    ax.set_title(title)
    return fig


# Several learning rates of ONE method, gradient descent: GD's grey for all, told apart by line and marker.
GD_STYLES = (("-", "o"), ("--", "s"), (":", "^"))


def gd_paths(problem, runs, title, loss_title, levels=None, width_ratios=(1, 1)):
    """Left: gradient-descent paths on the contour lines; right: their loss gaps (log scale).

    runs: Trajectories of gradient descent at different learning rates (their names label them); all
    are drawn in GD's colour, told apart by line style and marker, because colour means the method.
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.0), width_ratios=list(width_ratios))
    plotting.contour(problem, left, levels=levels)
    gd = plotting.color("GD")
    for run, (line, marker) in zip(runs, GD_STYLES):
        left.plot(run.xs[:, 0], run.xs[:, 1], linestyle=line, marker=marker, markersize=3, linewidth=1.2,
                  color=gd, label=run.name, zorder=3)
        right.semilogy(run.losses - run.f_star, linestyle=line, color=gd, label=run.name)
    left.plot(*runs[0].xs[0], marker="o", markersize=9, markerfacecolor="none", markeredgecolor="black",
              linestyle="none", zorder=4, label="start")
    left.legend(loc="lower left", fontsize=8.5)
    left.set_title(title)
    right.set_xlabel("step")
    right.set_ylabel("$f(x) - f^*$ (log scale)")
    right.set_title(loss_title)
    right.legend(loc="best", fontsize=8.5)
    return fig
