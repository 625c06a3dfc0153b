"""Figures of lesson 04 (Adam). Each function returns the figure; the cell calls plt.show().

The bias-correction variants and the ladder's steps are not optimizers of their own, but each has its
colour in ``plotting.COLORS`` (one colour per method across the course), and a line style as well, so
that they stay apart in grey print too.
"""
import matplotlib.pyplot as plt
import numpy as np

from .. import plotting

VARIANT_STYLE = {
    "Adam": dict(color=plotting.COLORS["Adam"], linestyle="-"),
    "no correction": dict(color=plotting.COLORS["no correction"], linestyle="-"),
    "only m corrected": dict(color=plotting.COLORS["only m corrected"], linestyle="--"),
    "only v corrected": dict(color=plotting.COLORS["only v corrected"], linestyle="-.", linewidth=2.2),
}


def step_lengths(t, measured, predicted, marks):
    """Step length / lr against t for each variant: measured (lines) and predicted (circles at ``marks``)."""
    fig, ax = plt.subplots(figsize=(8, 4.2))
    for name, values in measured.items():
        style = VARIANT_STYLE[name]
        ax.plot(t, values, label=name, **style)
        ax.plot(t[marks], predicted[name][marks], linestyle="none", marker="o", markerfacecolor="none",
                color=style["color"])
    ax.plot([], [], linestyle="none", marker="o", markerfacecolor="none", color="gray", label="predicted")
    ax.set(xscale="log", yscale="log", xlabel="step $t$ (log scale)", ylabel=r"step length / $\eta$ (log scale)",
           title=r"constant gradient, $\beta_1 = 0.9$, $\beta_2 = 0.999$")
    fig.legend(loc="outside right center")
    return fig


# The ablation of section 7 that takes RMSProp to Adam one component at a time (and Adam without momentum,
# the same component removed in the other order): RMSProp and Adam keep their optimizer colours; the
# variants get colours (and line styles) of their own.
CONTROL_STYLE = {
    "RMSprop": dict(color=plotting.COLORS["RMSprop"], linestyle="-"),
    "+ correction": dict(color=plotting.COLORS["+ correction"], linestyle="--"),
    "+ momentum": dict(color=plotting.COLORS["+ momentum"], linestyle="-."),
    "Adam": dict(color=plotting.COLORS["Adam"], linestyle="-"),
    "Adam, no momentum": dict(color=plotting.COLORS["Adam, no momentum"], linestyle=":", linewidth=2.4),  # the other order
}


def tuning_curves(result, styles, title):
    """``compare.Comparison.plot`` in the lesson's own styles: one panel per horizon.

    Each curve is a method's mean score over the seeds against its learning rate; the circle marks the
    rate the comparison chose. A rate missing from a curve diverged on at least one seed. ``styles``:
    {method: matplotlib line keywords}, for methods (such as the bias-correction variants) that are
    not optimizers of the course and so have no entry in ``plotting.COLORS``.
    """
    fig, axes = plt.subplots(1, len(result.horizons), figsize=(12, 4.2), sharey=True)
    for ax, steps in zip(np.atleast_1d(axes), result.horizons):
        for (name, horizon), tuning in result.tunings.items():
            if horizon != steps:
                continue
            style = styles[name]
            ok = np.isfinite(tuning.curve)
            ax.plot(tuning.grid[ok], tuning.curve[ok], label=name, **style)
            ax.plot([tuning.lr], [tuning.curve[tuning.grid == tuning.lr][0]], marker="o", markersize=8,
                    markerfacecolor="none", linestyle="none", color=style["color"])
        tuned_on = (f"{result.held_out} tuning starts" if getattr(result, "held_out", 0)  # tune_seeds given
                    else f"{result.n} starts")
        ax.set(xscale="log", xlabel=r"learning rate $\eta$ (log scale)", title=f"{title}, {steps} steps",
               ylabel=f"{result.criterion}\n(mean over the {tuned_on})")
    handles, labels = np.atleast_1d(axes)[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside right center")
    return fig


def eps_conventions(G, steps, lr, eps):
    """Adam's first step / lr against the gradient size for each eps convention; legend outside the axes.

    steps: {label: first step (array like G)}, drawn solid, dash-dot, dashed in that order.
    """
    fig, ax = plt.subplots(figsize=(9, 4))
    for (label, step), style in zip(steps.items(), ["-", "-.", "--"]):
        ax.loglog(G, np.abs(step) / lr, linestyle=style, color=plotting.COLORS["Adam"], label=label)
    for x, text in [(eps, r" $\epsilon$"), (eps / np.sqrt(1 - 0.999), r" $31.6\,\epsilon$"),
                    (np.sqrt(eps), r" $\sqrt{\epsilon}$")]:
        ax.axvline(x, color="black", linewidth=0.7, linestyle=":")
        ax.text(x, 2e-4, text)
    ax.set(xlabel="gradient size $G$ (log scale)", ylabel=r"first step / $\eta$ (log scale)", ylim=(1e-4, 3),
           title=r"Adam's first step, $\epsilon = 10^{-8}$ in each convention")
    fig.legend(loc="outside right center")
    return fig
