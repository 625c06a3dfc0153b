"""Figures of lesson 01 (gradient descent and SGD). Each function returns the figure; the cell calls plt.show()."""
import matplotlib.pyplot as plt

from .. import plotting

# One method (SGD) at several batch sizes: the full batch is gradient descent ("GD"); the minibatch
# sizes get colours that no optimizer of the course uses, so no colour means two methods.
BATCH_COLORS = ("#CC6677", "#7A5195")


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
            ax.axhline(floors[batch_size], color=color, linestyle="--", linewidth=1.5)
    ax.axvspan(*window, color="0.92", zorder=0, label="window of the floor (dashed)")
    ax.set_ylim(1e-6, 10)
    ax.set_xlabel("step")
    ax.set_ylabel("$f(\\theta) - f^*$, full-data loss (log scale)")
    ax.set_title(f"SGD stalls at a noise floor (lr = {lr:g})")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8.5)  # beside the data, never on it
    return fig
