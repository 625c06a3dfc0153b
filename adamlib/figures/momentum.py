"""Figures of lesson 02 (momentum). Each function returns the figure; the cell calls plt.show()."""
import matplotlib.pyplot as plt

from .. import plotting
from .sgd import kappa_plot  # lesson 02 redraws lesson 01's picture with heavy ball beside GD

# Nesterov is drawn dashed with square markers beside heavy ball, so the pair is told apart even where
# their colours are close.
NESTEROV_STYLE = {"linestyle": "--", "marker": "s"}


def gradient_components(grads, name="GD"):
    """The two components of the gradient a run sees, step by step: along the floor and across the valley."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.2))
    for ax, i, what in [(axes[0], 0, "along the floor"), (axes[1], 1, "across the valley")]:
        ax.plot(grads[:, i], marker="o", markersize=3, color=plotting.color(name), label=name)
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_xlabel("step")
        ax.set_ylabel(f"gradient component $g_{i + 1}$")
        ax.set_title(f"$x_{i + 1}$: {what}")
    return fig


def momentum_sweep(momenta, predicted, measured, momentum_star, diverge_below, kappa):
    """Steps to reduce the loss 10^6-fold against the momentum (lr fixed): prediction, measurements, beta*.

    measured: {momentum: steps or None (diverged)}.
    """
    fig, ax = plt.subplots(figsize=(6.8, 4.0))
    ax.semilogy(momenta, predicted, color=plotting.color("Momentum"), label="prediction from the rate")
    done = [(m, s) for m, s in measured.items() if s is not None]
    ax.semilogy([m for m, _ in done], [s for _, s in done], "o", markersize=4,
                color=plotting.color("Momentum"), label="measured")
    ax.axvline(momentum_star, color="black", linestyle="--", linewidth=1.2, label="β* (critical damping)")
    ax.axvspan(min(momenta), diverge_below, color="0.85", label="diverges: lr > 2(1+β)/L")
    ax.set_xlim(min(momenta), max(momenta))
    ax.set_xlabel("momentum β (with lr = lr*)")
    ax.set_ylabel("steps to reduce the loss 10⁶-fold (log scale)")
    ax.set_title(f"the best momentum on the ravine (κ = {kappa:.0f})")
    ax.legend(loc="upper right")
    return fig


def steps_against_kappa(kappas, gd_steps, ball_steps):
    """Steps to reduce the loss 10^6-fold against kappa, gradient descent and heavy ball (log-log)."""
    return kappa_plot(kappas, [(gd_steps, "o-", "GD", "GD (∝ κ)"), (ball_steps, "o-", "Momentum", "heavy ball (∝ √κ)")],
                      xlabel="condition number κ (log scale)", title="momentum turns κ into √κ")


def race(problem, runs, levels, title):
    """Paths on the contour plot (left) and the loss gap (right) of runs {name: Trajectory}."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.6), width_ratios=[1.4, 1])
    plotting.trajectories(problem, runs, ax=left, levels=levels)
    plotting.loss_curves(runs, ax=right)
    for ax in (left, right):
        for line in ax.get_lines():
            if line.get_label() == "Nesterov":
                line.set(**NESTEROV_STYLE, markersize=3)
        ax.legend(loc="lower left" if ax is right else "best")
    left.set_title(title)
    right.set_title("loss gap")
    right.set_ylabel("$f(x) - f^*$ (log scale)")
    return fig

