"""Figures of lesson 02 (momentum). Each function returns the figure; the cell calls plt.show()."""
import matplotlib.colors
import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np

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
    ax.set_yticks([20, 30, 50, 100, 200, 400])
    ax.yaxis.set_major_formatter(matplotlib.ticker.ScalarFormatter())   # 20, 30, ... not 2×10¹
    ax.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.set_xlabel("momentum β (with lr = lr*)")
    ax.set_ylabel("steps to reduce the loss 10⁶-fold (log scale)")
    ax.set_title(f"the best momentum on the ravine (κ = {kappa:.0f})")
    ax.legend(loc="upper center", framealpha=0.95)   # above the minimum, clear of the rising branch
    return fig


def steps_against_kappa(kappas, gd_steps, ball_steps, ball_rate_steps=None):
    """Steps to reduce the loss 10^6-fold against kappa, gradient descent and heavy ball (log-log).

    ball_rate_steps: heavy ball's count predicted from its rate, drawn as a dashed line (the measured
    count at beta* lies above it: the critically damped factor k)."""
    lines = [(gd_steps, "o-", "GD", "GD at 2/(L+μ) (∝ κ)"),
             (ball_steps, "o-", "Momentum", "heavy ball at (lr*, β*), measured")]
    if ball_rate_steps is not None:
        lines.append((ball_rate_steps, "--", "Momentum", "heavy ball, predicted from its rate (∝ √κ)"))
    return kappa_plot(kappas, lines, xlabel="condition number κ (log scale)", title="momentum turns κ into √κ")


def root_window(lr, momentum, mu, L, x0, tol=1e-6):
    """Left: |z| of heavy ball's two roots against lr * lambda, with the complex-root window and the
    ravine's two curvatures marked; right: the share of the loss along each of the two directions at
    (lr, momentum) from ``x0``, against the target ``tol`` times the starting loss.

    At the rate-optimal pair both curvatures sit on the window's edges: each direction has a double
    root, so its error decays like (c1 + c2 k) z^k, the rate times a factor that grows like k (never
    parallel to the rate alone, on this log scale)."""
    import numpy as np

    from .. import theory

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8))
    blue = plotting.color("Momentum")
    h = np.linspace(0.0, 4.2, 421)
    moduli = np.array([np.sort(np.abs(np.linalg.eigvals(theory.heavy_ball_matrix(1.0, momentum, x))))
                       for x in h])
    left.plot(h, moduli[:, 1], color=blue, label="larger |z|")
    left.plot(h, moduli[:, 0], color=blue, linestyle=":", label="smaller |z|")
    edges = (1 - np.sqrt(momentum)) ** 2, (1 + np.sqrt(momentum)) ** 2
    left.axvspan(*edges, color="0.9", label="complex roots: |z| = √β")
    left.axhline(1, color="black", linewidth=0.8)
    for value, name in ((lr * mu, "ημ"), (lr * L, "ηL")):
        left.axvline(value, color="black", linestyle="--", linewidth=1)
        left.annotate(name, (value, 1.25), xytext=(3, 0), textcoords="offset points", fontsize=9)
    left.set_ylim(0, 1.4)
    left.set_xlabel("η λ (learning rate × curvature)")
    left.set_ylabel("|z|, the factor per step")
    left.set_title(f"heavy ball's roots at β = {momentum:.3f}")
    left.legend(loc="lower right", fontsize=8.5)

    curvatures, steps = np.array([mu, L]), np.arange(60)
    x, previous = np.array(x0, dtype=float), np.array(x0, dtype=float)
    shares = []
    for _ in steps:
        shares.append(0.5 * curvatures * x ** 2)
        # the two-step recursion; its first step (previous = x) is a plain gradient step, as heavy ball's
        x, previous = x - lr * curvatures * x + momentum * (x - previous), x
    shares, start = np.array(shares), 0.5 * float(np.sum(curvatures * np.asarray(x0, float) ** 2))
    for j, (name, style) in enumerate((("flattest direction (μ)", "--"), ("steepest direction (L)", "-"))):
        right.semilogy(steps, shares[:, j], style, color=blue, label=name)
    right.axhline(tol * start, color="black", linestyle=":", linewidth=1, label=f"target: {tol:g} × start")
    right.set_xlabel("step k")
    right.set_ylabel("loss along one direction (log scale)")
    right.set_title(f"at β = {momentum:.3f}: a double root in both directions")
    right.legend(loc="lower left", fontsize=8.5)
    return fig


def race(problem, runs, levels, title):
    """Paths on the contour plot (left) and the loss gap (right) of runs {name: Trajectory}."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.6), width_ratios=[1.4, 1])
    plotting.trajectories(problem, runs, ax=left, levels=levels)
    plotting.loss_curves(runs, ax=right)
    for ax in (left, right):
        for line in ax.get_lines():
            if line.get_label() == "Nesterov":
                line.set(**NESTEROV_STYLE, markersize=3)
        # the ravine's paths start upper left and end at the centre: the lower right corner is empty
        ax.legend(loc="lower left" if ax is right else "lower right", framealpha=0.95)
    left.set_title(title)
    right.set_title("loss gap")
    right.set_ylabel("$f(x) - f^*$ (log scale)")
    return fig



def joint_sweep(lrs, momenta, counts, lr_opt, momentum_opt, best):
    """A heat map of the steps heavy ball needs to a target, over learning rate (x) and momentum (y).

    counts: (len(momenta), len(lrs)), NaN where a run diverged or missed the target (drawn white);
    lr_opt, momentum_opt: the rate-optimal pair, marked with a cross; best: the (lr, momentum) with the
    fewest steps, marked with a star. A sequential map: fewer steps are darker.
    """
    fig, ax = plt.subplots(figsize=(6.6, 4.4))
    mesh = ax.pcolormesh(lrs, momenta, counts, cmap="viridis", shading="nearest",
                         norm=matplotlib.colors.LogNorm(vmin=np.nanmin(counts), vmax=np.nanmax(counts)))
    fig.colorbar(mesh, ax=ax, label="steps to reduce the loss $10^6$-fold (log scale)")
    ax.plot(lr_opt, momentum_opt, "X", color="white", markeredgecolor="black", markersize=11,
            label=f"(η*, β*) = ({lr_opt:.2f}, {momentum_opt:.3f})")
    ax.plot(*best, "*", color="white", markeredgecolor="black", markersize=14,
            label=f"fewest steps: ({best[0]:.2f}, {best[1]:.2f})")
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(matplotlib.ticker.ScalarFormatter())
    ax.set_xlabel("learning rate η (log scale)")
    ax.set_ylabel("momentum β")
    ax.set_title("heavy ball on the ravine (white: diverged, or target not reached)")
    # below the axes: every corner of the map holds counts, and the legend must hide none of them
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=8.5, frameon=False)
    return fig
