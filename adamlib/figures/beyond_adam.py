"""Figures of lesson 06 (Beyond Adam). Each function returns the figure; the cell calls plt.show()."""
import matplotlib.pyplot as plt
import numpy as np

from .. import plotting


def _color(name):
    """The course colour of the method a label names ("AdamW (lr 0.1), ..." -> AdamW's)."""
    return plotting.color(name.split(",")[0].split(" (")[0].split(" +")[0])


def reddi(runs, average_regret, period=3):
    """Reddi's problem: the point played at the end of each period, and the average regret R_t / t.

    runs: {name: Trajectory}; average_regret: {name: R_t / t for t = 1..T}. Sampling once per
    period removes the within-period zig-zag, so lines that end at the same place stay visible
    (drawn in order, each with its own line style).
    """
    fig, (ax_x, ax_r) = plt.subplots(1, 2, figsize=(11, 3.8))
    styles = ["-", "--", ":", "-."]
    for k, (name, trajectory) in enumerate(runs.items()):
        t = np.arange(period, trajectory.steps + 1, period)
        look = dict(color=_color(name), linestyle=styles[k % len(styles)], label=name,
                    linewidth=2.4 if k == 0 else 1.8, zorder=2 + k)
        ax_x.plot(t, trajectory.xs[t, 0], **look)
        ax_r.loglog(t, average_regret[name][t - 1], **look)
    ax_x.set(xlabel="step $t$ (end of each period)", ylabel="$x_t$ (best point $x^* = -1$)",
             title="the point played", ylim=(-1.1, 1.1))
    ax_r.set(xlabel="step $t$ (log scale)", ylabel="average regret $R_t / t$ (log scale)",
             title="does the average regret vanish?")
    ax_x.legend(loc="center right")
    ax_r.legend(loc="lower left")
    return fig


def drift_by_beta2(beta2s, net, turn, derived=None):
    """Net movement of one late period (divided by lr_t) against beta2, with the measured turning point."""
    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.plot(beta2s, net, "o-", color=_color("Adam"), markersize=4, label="Adam, measured")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.axvline(turn, color="black", linestyle="--", linewidth=1, label=rf"measured turn $\beta_2 \approx$ {turn:.3f}")
    if derived is not None:
        ax.axvline(derived, color=_color("AMSGrad"), linestyle=":", linewidth=2, label="your derived value")
    ax.set(xlabel=r"$\beta_2$", ylabel="net movement of one period / $\\alpha_t$",
           title="up (to +1) above the line, down (to -1) below")
    ax.legend(loc="upper right")
    return fig


def rosenbrock_amsgrad(runs, title):
    """Loss gap against step for Adam and the two AMSGrads."""
    fig, ax = plt.subplots(figsize=(7, 3.8))
    for (name, trajectory), style in zip(runs.items(), ["-", "-", "--"]):
        ax.semilogy(trajectory.gaps, color=_color(name), linestyle=style, label=name)
    ax.set(xlabel="step", ylabel="$f(x) - f^*$ (log scale)", title=title)
    ax.legend(loc="lower left")
    return fig


def weight_decay(feature_scale, decay, shrink, ridge_shrink, probe):
    """Left: the decay each weight receives per step; right: the converged shrink factors w / w_OLS.

    decay: {label: per-weight decay at step ``probe``}; shrink: {name: w_final / w_OLS}.
    """
    fig, (ax_d, ax_s) = plt.subplots(1, 2, figsize=(11, 3.8))
    for (label, values), marker in zip(decay.items(), ["o", "s"]):
        ax_d.loglog(feature_scale, values, marker + "-", color=_color(label), label=label)
    ax_d.set(xlabel="feature scale (log scale)", ylabel="fraction of $w_j$ removed per step (log scale)",
             title=f"decay each weight receives (step {probe})")
    ax_d.legend(loc="lower left")
    looks = {"Adam + L2": ("o", 13), "GD + weight decay": ("^", 8), "AdamW": ("s", 7)}  # nested, all visible
    for name, values in shrink.items():
        marker, size = looks.get(name, ("o", 7))
        ax_s.semilogx(feature_scale, values, marker, linestyle="-" if name == "AdamW" else "none",
                      color=_color(name), label=name, markersize=size, markerfacecolor="none", markeredgewidth=1.6)
    ax_s.semilogx(feature_scale, ridge_shrink, "x", color="black", markersize=5, label="ridge (closed form)")
    ax_s.set(xlabel="feature scale (log scale)", ylabel="shrink factor $w_j / w_j^{\\mathrm{OLS}}$",
             title="final weights (converged)", ylim=(-0.05, 1.15))
    ax_s.legend(loc="lower right")
    return fig


def radam(t, rho, thresholds, sizes, title):
    """RAdam's rho_t with the switch thresholds, and |step| / lr of Adam and RAdam on a gradient stream."""
    fig, (ax_rho, ax_step) = plt.subplots(1, 2, figsize=(11, 3.8))
    ax_rho.plot(t, rho, "o-", markersize=3, color=_color("RAdam"), label=r"$\rho_t$")
    for (label, value), style in zip(thresholds.items(), ["--", ":"]):
        ax_rho.axhline(value, color="black", linewidth=1, linestyle=style, label=label)
    ax_rho.set(xlabel="step $t$", ylabel=r"$\rho_t$ (effective number of gradients)", title="RAdam's switch",
               xlim=(0, 20), ylim=(0, 20))
    ax_rho.legend(loc="upper left")
    for (name, values), marker in zip(sizes.items(), ["o", "s"]):
        ax_step.semilogy(t, values, marker + "-", markersize=3, color=_color(name), label=name)
    ax_step.set(xlabel="step $t$", ylabel="|step| / lr (log scale)", title=title)
    ax_step.legend(loc="lower right")
    return fig


def adamax_spike(grads, sqrt_v_hat, u):
    """The scale Adam and AdaMax divide by, through one gradient spike."""
    fig, ax = plt.subplots(figsize=(7, 3.8))
    steps = np.arange(1, len(grads) + 1)
    ax.semilogy(steps, np.abs(grads), color="black", linewidth=0.6, alpha=0.5, label="$|g_t|$")
    ax.semilogy(steps, sqrt_v_hat, color=_color("Adam"), label=r"Adam: $\sqrt{\hat v_t}$")
    ax.semilogy(steps, u, color=_color("Adamax"), label=r"AdaMax: $u_t = \max(\beta_2 u_{t-1}, |g_t|)$")
    spike = int(np.argmax(np.abs(grads)))   # drawn on top: the jump lines of both scales would hide it
    ax.plot(steps[spike], abs(grads[spike]), "v", color="black", markersize=8, zorder=5,
            label=f"the spike, $|g| = {abs(grads[spike]):g}$")
    ax.set(xlabel="step $t$", ylabel="the scale the step is divided by (log scale)",
           title="one gradient spike at $t = 101$")
    ax.legend(loc="center right")
    return fig


def nadam_valley(paths, gaps, steps=60):
    """The steep coordinate and the loss gap of each run over the first ``steps`` steps.

    paths: {name: points, array (steps + 1, 2)}; gaps: {name: f - f*, array (steps + 1,)}.
    Variants of one method share its colour and differ in line style.
    """
    fig, (ax_x, ax_l) = plt.subplots(1, 2, figsize=(11, 3.8))
    styles = ["-", "--", ":", "-."]
    seen = {}
    for name, xs in paths.items():
        colour = _color(name)
        style = styles[seen.get(colour, 0) % len(styles)]
        seen[colour] = seen.get(colour, 0) + 1
        ax_x.plot(xs[:steps + 1, 1], color=colour, linestyle=style, label=name)
        ax_l.semilogy(gaps[name][:steps + 1], color=colour, linestyle=style, label=name)
    ax_x.set(xlabel="step", ylabel="$x_2$ (the steep direction)", title=f"across the valley, first {steps} steps")
    ax_l.set(xlabel="step", ylabel="$f(x) - f^*$ (log scale)", title=f"loss gap, first {steps} steps")
    ax_l.legend(loc="lower left", fontsize="small")
    return fig


def first_steps(g_sizes, first_step):
    """Adam's first step / lr against the gradient size, for several eps conventions."""
    fig, ax = plt.subplots(figsize=(7, 3.8))
    for (name, size), style in zip(first_step.items(), ["-", "--", ":"]):
        ax.loglog(g_sizes, size, linestyle=style, color=_color("Adam"), label=name, linewidth=2.2)
    ax.set(xlabel="gradient size $|g|$ (log scale)", ylabel="first step / lr (log scale)",
           title="Adam's first step")
    ax.legend(loc="lower right")
    return fig


def minibatch_paths(steps, shrink, lrs, lams):
    """How fast minibatch AdamW's weight settles: the smallest-scale feature's shrink factor against step.

    steps: (k,) the steps sampled; shrink: (k, lr, lambda), the mean over seeds; one panel per
    lambda, one line per learning rate (all AdamW's colour, told apart by line style), the step
    tau = 1 / (lr lambda) marked on each line.
    """
    fig, axes = plt.subplots(1, len(lams), figsize=(4 * len(lams), 3.5), sharey=False)
    styles = [":", "--", "-"]
    for j, (ax, lam) in enumerate(zip(np.atleast_1d(axes), lams)):
        for i, lr in enumerate(lrs):
            line, = ax.semilogx(steps, shrink[:, i, j], styles[i % 3], color=_color("AdamW"),
                                label=f"AdamW, lr {lr:g}")
            tau = 1 / (lr * lam)
            k = np.searchsorted(steps, tau)
            if k < len(steps):
                ax.plot([steps[k]], [shrink[k, i, j]], "o", mfc="none", color=line.get_color())
        ax.set(xlabel="step (log scale)", ylabel="$w_1 / w_1^{OLS}$ (mean over seeds)",
               title=rf"$\lambda$ = {lam:g} (circles: step $\tau$)")
        ax.legend(loc="upper left", fontsize="small")
    return fig  # the course style lays figures out itself (constrained layout); tight_layout would warn
