"""Figures of lesson 03 (AdaGrad and RMSProp). Each function returns the figure; the cell calls plt.show()."""
import matplotlib.pyplot as plt
import numpy as np

from .. import plotting


def gradient_stream(stream, runs, lr):
    """Three panels for a one-coordinate gradient stream: |g_t|, effective step size, step length.

    runs: {optimizer name: (effective step sizes, step lengths)}, one value per step.
    """
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.6))
    steps = np.arange(1, len(stream) + 1)
    axes[0].plot(steps, np.abs(stream), color="black")
    axes[0].set(title="the gradient stream", xlabel="step $t$", ylabel="$|g_t|$ (log scale)", yscale="log")
    for name, (effective, lengths) in runs.items():
        axes[1].plot(steps, effective, color=plotting.color(name), label=name)
        axes[2].plot(steps, lengths, color=plotting.color(name), label=name)
    axes[1].set(title="effective step size", xlabel="step $t$", yscale="log",
                ylabel="AdaGrad $\\eta/(\\sqrt{s_t}+\\epsilon)$,\nRMSProp $\\eta/(\\sqrt{v_t}+\\epsilon)$ (log scale)")
    axes[2].axhline(lr, color="black", linestyle=":", linewidth=1, label=r"$\eta$")
    axes[2].set(title="step length", xlabel="step $t$", ylabel=r"$|\theta_t - \theta_{t-1}|$ (log scale)",
                yscale="log")
    axes[1].legend(loc="center right")  # between AdaGrad (low) and RMSProp (high) after the switch
    axes[2].legend(loc="lower left")
    return fig


def freeze(lengths, lr, fraction, freeze_step):
    """AdaGrad's step length per coordinate against t, the "frozen" threshold and the step it is crossed.

    lengths: {coordinate label: step lengths, one per step}.
    """
    fig, ax = plt.subplots(figsize=(7, 3.8))
    steps = np.arange(1, len(next(iter(lengths.values()))) + 1)
    for (label, values), style in zip(lengths.items(), ["-", "--"]):
        ax.plot(steps, values / lr, color=plotting.color("Adagrad"), linestyle=style, label=label)
    ax.axhline(fraction, color="black", linewidth=0.8, linestyle=":", label=rf"frozen: below {fraction:g} $\eta$")
    ax.axvline(freeze_step, color="black", linewidth=0.8, label=f"$x_2$ frozen from $t$ = {freeze_step}")
    ax.set(xscale="log", yscale="log", xlabel="step $t$ (log scale)",
           ylabel=r"step length / $\eta$ (log scale)", title="AdaGrad, one step size per coordinate")
    ax.legend(loc="lower left")
    return fig


def bowl_paths(bowls, runs):
    """Side by side: each bowl's contour plot with the runs' paths (AdaGrad wide and pale under RMSProp)."""
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.6))
    for ax, bowl in zip(axes, bowls):
        plotting.trajectories(bowl, runs[bowl.name], ax=ax, markersize=2)
        for line in ax.get_lines():  # AdaGrad's path lies under RMSProp's: draw it wide and pale
            if line.get_label() == "Adagrad":
                line.set(linewidth=6, alpha=0.5, zorder=2)
        ax.legend(loc="upper right")
    axes[0].set_title(r"round bowl: $\frac{1}{2}(x_1^2 + x_2^2)$")
    axes[1].set_title(r"scaled bowl: $\frac{1}{2}(x_1^2 + 1000\,x_2^2)$")
    return fig


def bowl_losses(bowls, runs, ylim=(1e-12, 1e5)):
    """Side by side: f - f* against the step on each bowl. A run that reaches f* exactly ends its line there."""
    fig, axes = plt.subplots(1, 2, figsize=(12, 3.8))
    for ax, bowl in zip(axes, bowls):
        plotting.loss_curves(runs[bowl.name], ax=ax)
        ax.set(title=bowl.name, ylim=ylim, ylabel="$f(x) - f^*$ (log scale)")
        ax.legend(loc="lower left")
    return fig


def eps_placement(G, outside, inside, eps):
    """Last step / lr of RMSProp against the gradient size, eps outside and inside the root, and SGD."""
    fig, ax = plt.subplots(figsize=(7, 4))
    color = plotting.color("RMSprop")
    ax.loglog(G, outside, color=color, label=r"torch: $g\,/\,(\sqrt{v}+\epsilon)$")
    ax.loglog(G, inside, color=color, linestyle="--", label=r"TF1: $g\,/\,\sqrt{v+\epsilon}$")
    ax.loglog(G, G, color=plotting.color("SGD"), linestyle=":", label=r"SGD: $g$")
    ax.axvline(eps, color="black", linewidth=0.8)
    ax.axvline(np.sqrt(eps), color="black", linewidth=0.8, linestyle="--")
    ax.text(eps, 1.5e-5, r" $\epsilon$")
    ax.text(np.sqrt(eps), 1.5e-5, r" $\sqrt{\epsilon}$")
    ax.set(xlabel="gradient size $G$ (log scale)", ylabel=r"step length / $\eta$ (log scale)", ylim=(1e-5, 3),
           title=r"RMSProp, the same $\epsilon$ in both, after 2000 steps of a constant gradient")
    ax.legend(loc="lower right")
    return fig


def rare_features(result, frequencies, finals, horizon):
    """Three panels for the rare-features race: tuning curves, step size per feature, error per feature.

    result:  the ``compare`` result (its tuning curves are the first panel).
    finals:  {optimizer name: (lr, effective step sizes, errors)} at ``horizon``, the last two of
             shape (n_seeds, n_features): lr / (sqrt(s_j) + eps) for AdaGrad (lr for SGD) and w_j - w*_j.
    """
    fig, axes = plt.subplots(1, 3, figsize=(15, 4))
    _tuning_panel(result, axes[0])
    for name, (lr, effective, errors) in finals.items():
        color = plotting.color(name)
        axes[1].loglog(frequencies, np.mean(effective, axis=0), "o-", color=color, label=f"{name} (lr {lr:.2g})")
        axes[2].loglog(frequencies, np.sqrt(np.mean(errors**2, axis=0)), "o-", color=color, label=name)
    axes[1].set(xlabel="feature frequency $p_j$ (log scale)", ylabel="effective step size (log scale)",
                title=f"step size per feature after {horizon} steps")
    axes[2].set(xlabel="feature frequency $p_j$ (log scale)",
                ylabel=r"RMS error $|w_j - w^*_j|$ over seeds (log scale)",
                title=f"error per feature after {horizon} steps")
    for ax in axes[1:]:
        ax.invert_xaxis()  # frequent features on the left, rare ones on the right
        ax.legend(loc="best")
    return fig


def moving_target(result, trace, scales, segment):
    """Three panels for the moving-target race: tuning curves, then one seed step by step.

    trace:  {optimizer name: (lr, effective step sizes, |x_{t-1} - c_t|^2)}, one value per step,
            for one seed; scales: the loss scale a of each of that seed's segments.  The middle
            panel also draws 1/a (right axis): the step size a quadratic of scale a calls for.
    """
    fig, axes = plt.subplots(1, 3, figsize=(15, 4))
    _tuning_panel(result, axes[0])
    for name, (lr, effective, distances) in trace.items():
        steps = np.arange(1, len(distances) + 1)
        axes[1].semilogy(steps, effective, color=plotting.color(name), label=f"{name} (lr {lr:.2g})")
        axes[2].semilogy(steps, distances, color=plotting.color(name), label=name, linewidth=1)
    inverse = axes[1].twinx()
    edges = np.arange(len(scales) + 1) * segment
    inverse.stairs(1 / np.asarray(scales), edges, color="black", linestyle=":", label="1 / a (right axis)")
    inverse.set(yscale="log", ylabel="1 / a (log scale)")
    for ax in axes[1:]:
        for edge in edges[1:-1]:
            ax.axvline(edge + 0.5, color="black", linewidth=0.4, linestyle=":")
        ax.set_xlabel("step $t$")
    lines = axes[1].get_legend_handles_labels()
    extra = inverse.get_legend_handles_labels()
    axes[1].legend(lines[0] + extra[0], lines[1] + extra[1], loc="lower left", fontsize="small")
    axes[2].legend(loc="lower left")
    axes[1].set_ylabel("effective step size, mean over coordinates\n"
                       r"$\eta/(\sqrt{s_t}+\epsilon)$, $\eta/(\sqrt{v_t}+\epsilon)$ (log scale)")
    axes[1].set_title("seed 0: effective step size (a: the loss scale)")
    axes[2].set_ylabel(r"$|x_{t-1} - c_t|^2$ (log scale)")
    axes[2].set_title("seed 0: squared distance to the target")
    return fig


def _tuning_panel(result, ax, span=1.5):
    """compare's tuning curves, the y-axis cut at ``span`` above the best mean so a diverging rate
    does not flatten the rest of the curve."""
    result.plot(ax=ax)
    best = min(float(np.min(t.curve[np.isfinite(t.curve)])) for t in result.tunings.values())
    ax.set_ylim(best - 0.1 * span, best + span)
    ax.set_title("tuning curves (circles: the chosen rates)")
