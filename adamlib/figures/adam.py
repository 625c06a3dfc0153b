"""Figures of lesson 04 (Adam). Each function returns the figure; the cell calls plt.show().

The bias-correction variants are not optimizers of their own, so they get colours no optimizer of the
course uses, and line styles as well, so that they stay apart in grey print too.
"""
import matplotlib.pyplot as plt
import numpy as np

from .. import plotting

VARIANT_STYLE = {
    "Adam": dict(color=plotting.COLORS["Adam"], linestyle="-"),
    "no correction": dict(color="#EE3377", linestyle="-"),                 # Paul Tol's vibrant magenta,
    "only m corrected": dict(color="#CCBB44", linestyle="--"),            # bright yellow
    "only v corrected": dict(color="#BBBBBB", linestyle="-.", linewidth=2.6),  # and grey
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


def _loss_against_lr(ax, lrs, scores, styles, ceiling):
    """Median over starts of the score against lr, a band from the best to the worst start; x for divergence."""
    for index, (name, score) in enumerate(scores.items()):
        style = styles(name)
        finite = np.all(np.isfinite(score), axis=1)
        median = np.where(finite, np.median(score, axis=1), np.nan)
        low, high = (np.where(finite, f(score, axis=1), np.nan) for f in (np.min, np.max))
        x = np.asarray(lrs[name] if isinstance(lrs, dict) else lrs)
        ax.plot(x, median, label=name, **style)
        ax.fill_between(x, low, high, color=style["color"], alpha=0.15, linewidth=0)
        if not finite.all():
            # each method's x marks on a row of its own, so that none hides another's
            ax.plot(x[~finite], np.full((~finite).sum(), ceiling * 2.0**index), linestyle="none", marker="x",
                    color=style["color"])
    ax.axhline(ceiling, color="black", linewidth=0.6, linestyle=":")
    ax.set(xscale="log", yscale="log", xlabel=r"learning rate $\eta$ (log scale)")


def ablation(lrs, scores, steps, ceiling=1e4):
    """Loss after ``steps`` steps against lr for each bias-correction variant (median and range over starts)."""
    fig, ax = plt.subplots(figsize=(8, 4.2))
    _loss_against_lr(ax, lrs, scores, VARIANT_STYLE.get, ceiling)
    ax.set(ylabel=r"$f - f^*$, median of the last 30 steps (log scale)",
           title=f"Rosenbrock, {steps} steps: median and range over the starts (x: diverged)")
    fig.legend(loc="outside right center")
    return fig


def race(problems, lrs, scores, steps, ceiling=1e4):
    """One panel per problem: loss after ``steps`` steps against lr for each method, median and range over starts.

    scores: {problem name: {method: array (len(lrs[method]), n_starts)}}.
    """
    fig, axes = plt.subplots(1, len(problems), figsize=(13, 4.3))
    styles = lambda name: dict(color=plotting.color(name))  # noqa: E731
    for ax, problem in zip(np.atleast_1d(axes), problems):
        _loss_against_lr(ax, lrs, scores[problem.name], styles, ceiling)
        ax.set(ylabel=r"$f - f^*$, median of the last 30 steps (log scale)", title=f"{problem.name}, {steps} steps")
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
