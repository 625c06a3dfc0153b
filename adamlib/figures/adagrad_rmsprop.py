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
    formulas = {"Adagrad": "AdaGrad $\\eta/(\\sqrt{s_t}+\\epsilon)$", "RMSprop": "RMSProp $\\eta/(\\sqrt{v_t}+\\epsilon)$"}
    # Only the formulas of the methods plotted (section 2's figure shows AdaGrad alone).
    label = ",\n".join(formulas[name] for name in runs if name in formulas) or "effective step size"
    axes[1].set(title="effective step size", xlabel="step $t$", yscale="log", ylabel=label + " (log scale)")
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


def rare_features(frequencies, finals, horizon):
    """The rare-features race at its tuned rates: each method's effective step size per feature.

    finals:  {optimizer name: (lr, effective step sizes)} at ``horizon``, the step sizes of shape
             (n_seeds, n_features): lr / (sqrt(s_j) + eps) for AdaGrad, lr for SGD.
    """
    fig, ax = plt.subplots(figsize=(7, 3.8))
    for name, (lr, effective) in finals.items():
        ax.loglog(frequencies, np.mean(effective, axis=0), "o-", color=plotting.color(name),
                  label=f"{name} (lr {lr:.2g})")
    ax.set(xlabel="feature frequency $p_j$ (log scale)", ylabel="effective step size, mean over seeds (log scale)",
           title=f"step size per feature after {horizon} steps")
    ax.invert_xaxis()  # frequent features on the left, rare ones on the right
    ax.legend(loc="upper left")
    return fig


def moving_target(trace, scales, segment):
    """One seed of the moving-target race step by step: each method's effective step size, and 1/a.

    trace:  {optimizer name: (lr, effective step sizes)}, one value per step; scales: the loss scale
            a of each of that seed's segments, drawn as 1/a (right axis): the step size a quadratic
            of scale a calls for.  The race's table has the verdicts.
    """
    fig, ax = plt.subplots(figsize=(8, 4))
    for name, (lr, effective) in trace.items():
        ax.semilogy(np.arange(1, len(effective) + 1), effective, color=plotting.color(name),
                    label=f"{name} (lr {lr:.2g})")
    inverse = ax.twinx()
    edges = np.arange(len(scales) + 1) * segment
    inverse.stairs(1 / np.asarray(scales), edges, color="black", linestyle=":", label="1 / a (right axis)")
    inverse.set(yscale="log", ylabel="1 / a (log scale)", xlabel="step $t$")  # its x-axis is ax's
    lines, extra = ax.get_legend_handles_labels(), inverse.get_legend_handles_labels()
    ax.legend(lines[0] + extra[0], lines[1] + extra[1], loc="lower left", fontsize="small")
    ax.set(xlabel="step $t$", title="seed 0: effective step size against the loss scale a",
           ylabel="effective step size, mean over coordinates\n"
                  r"$\eta/(\sqrt{s_t}+\epsilon)$, $\eta/(\sqrt{v_t}+\epsilon)$ (log scale)")
    return fig
