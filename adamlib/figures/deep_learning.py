"""Figures of lesson 05 (Adam in a real network): the plotting that is not the point of the lesson.

    digits(X_raw, y)                               one image of each digit
    sweep(learning_rates, results, chance, ...)    training loss and validation accuracy against lr
    race(results)                                  training loss and test error per epoch, over seeds
    deep(layers, grad_norms, first_steps, runs)    a deep sigmoid network: per-layer sizes, training

Every function draws with ``adamlib.plotting``'s colours (the same colour means the same optimizer
across the course), labels every axis and returns the figure; the notebook ends the cell with
``plt.show()``.
"""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import plotting


def digits(X_raw, y):
    """One image of each digit 0-9 (8 x 8 pixels), titled with its label."""
    fig, axes = plt.subplots(1, 10, figsize=(9, 1.3))
    for digit, ax in enumerate(axes):
        ax.imshow(np.asarray(X_raw)[np.flatnonzero(np.asarray(y) == digit)[0]].reshape(8, 8), cmap="gray_r")
        ax.set_title(str(digit))
        ax.axis("off")
    fig.suptitle("one training image of each digit (8 x 8 pixels)")
    return fig


def sweep(learning_rates, results, chance, epochs, top=1e3):
    """Training loss (left) and validation accuracy (right) against the learning rate.

    ``results`` is {optimizer name: {"loss": array, "accuracy": array}} over ``learning_rates``
    (or over the optimizer's own rates, ``"lrs"``, when it has them; then ``learning_rates`` may be None);
    NaN or inf (or a nonzero ``"diverged"`` entry) marks a run that diverged: it is drawn as a cross
    (a thin "+" when ``"seeds"``, the (rate, seed) values, shows it diverged on some seeds only)
    in a band above the losses (each optimizer on its own row, so no cross hides another) and in a
    strip under the accuracy axis (outside it: a cross is not an accuracy), and the legend says so.
    """
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 4.4))
    any_diverged = any_some = False
    for row, (name, result) in enumerate(results.items()):
        lrs = np.asarray(result.get("lrs", learning_rates), dtype=float)
        color = plotting.COLORS.get(name)
        loss = np.asarray(result["loss"], dtype=float)
        acc = np.asarray(result["accuracy"], dtype=float)
        ok = np.isfinite(loss) & np.isfinite(acc)
        if "diverged" in result:
            ok &= np.asarray(result["diverged"]) == 0
        ax_loss.plot(lrs[ok], loss[ok], "o-", color=color, label=name)
        ax_acc.plot(lrs[ok], 100 * acc[ok], "o-", color=color)
        # a rate that diverged on some seeds only ("seeds": (rate, seed) values) gets a thin "+", not an "x"
        seeds = np.asarray(result["seeds"]).shape[1] if "seeds" in result else None
        some = ~ok & (np.asarray(result.get("diverged", 0)) < seeds) if seeds else np.zeros_like(ok)
        for marks, marker, mew in [(~ok & ~some, "x", 2), (some, "+", 1.2)]:
            if marks.any():
                any_diverged, any_some = True, any_some or marker == "+"
                n = int(marks.sum())
                ax_loss.plot(lrs[marks], np.full(n, top * 2.0 ** row), marker, color=color, markersize=8, mew=mew)
                ax_acc.plot(lrs[marks], np.full(n, -0.05 - 0.035 * row), marker, color=color, markersize=7,
                            mew=mew, transform=ax_acc.get_xaxis_transform(), clip_on=False)
    ax_loss.axhline(chance, color="black", lw=0.8, ls="--", label=f"guessing (ln 10 = {chance:.2f})")
    if any_diverged:
        ax_loss.plot([], [], "x", color="black", markersize=8, mew=2,
                     label="diverged on every seed" if any_some else "diverged")
        if any_some:
            ax_loss.plot([], [], "+", color="black", markersize=8, mew=1.2, label="diverged on some seeds")
    ax_loss.set(xscale="log", yscale="log", xlabel="learning rate (log scale)",
                ylabel=f"training loss after {epochs} epochs (log scale)", ylim=(None, top * 2.0 ** len(results)),
                title="lower is better (x at the top: diverged)")
    ax_acc.set(xscale="log", ylabel="validation accuracy (%)", ylim=(0, 100),
               title="higher is better (x under the axis: diverged)")
    ax_acc.set_xlabel("learning rate (log scale)", labelpad=2 + 6 * len(results))   # just below the rows of crosses
    fig.legend(*ax_loss.get_legend_handles_labels(), loc="outside lower center", ncol=6)
    return fig


def race(results, horizon=None):
    """Mean training loss and mean test error per epoch, with the middle half of the seeds shaded.

    ``results`` is {optimizer name: {"loss": (epochs, seeds), "accuracy": (epochs, seeds),
    "lr": float}}. The test error (100 % minus accuracy) is drawn on a log axis, so the first epoch
    (most images wrong) and the last (a few %) both show: nothing is cut off. The shaded band runs
    from the 25th to the 75th percentile over seeds (a min-max band of four optimizers hides the
    means under each other). ``horizon``: an epoch to mark with a dotted line (the horizon T).
    """
    fig, (ax_loss, ax_err) = plt.subplots(1, 2, figsize=(10, 3.9))
    low, high = np.inf, 0.0
    for name, run in results.items():
        color = plotting.COLORS.get(name)
        loss = np.asarray(run["loss"], dtype=float)
        err = 100 * (1 - np.asarray(run["accuracy"], dtype=float))
        epochs = np.arange(1, len(loss) + 1)
        label = f"{name} (lr {run['lr']:.1e})"
        low, high = min(low, np.nanmin(err.mean(axis=1))), max(high, np.nanmax(err.mean(axis=1)))
        for ax, values in [(ax_loss, loss), (ax_err, err)]:
            ax.plot(epochs, values.mean(axis=1), color=color, label=label)
            q1, q3 = np.nanpercentile(values, [25, 75], axis=1)
            ax.fill_between(epochs, q1, q3, color=color, alpha=0.12, lw=0)
    for ax in (ax_loss, ax_err):
        if horizon is not None:
            ax.axvline(horizon, color="0.5", ls=":", lw=1)
    ax_loss.set(yscale="log", xlabel="epoch", ylabel="training loss (log scale)",
                title="mean over seeds, middle half of the seeds shaded")
    ax_err.set(yscale="log", xlabel="epoch", ylabel="test error, % of images (log scale)",
               title="test error = 100 % - test accuracy" + (f"; dotted: epoch {horizon}" if horizon else ""))
    ticks = [t for t in (1, 2, 3, 4, 5, 10, 20, 50, 100) if low / 1.5 <= t <= high * 1.5]
    ax_err.set_yticks(ticks, [f"{t:g}" for t in ticks])
    ax_err.minorticks_off()
    ax_loss.legend()
    return fig


def deep(layers, grad_norms, first_steps, runs, chance_accuracy=0.1):
    """Left: gradient norm and first-step size per layer. Right: test accuracy per epoch.

    ``first_steps`` is {optimizer name: relative step per layer}; ``runs`` is {label: {"accuracy":
    per-epoch values, "color": colour, "ls": line style}}, and optionally ``"low"`` and ``"high"``
    (per-epoch values) for a shaded band, e.g. the range over seeds.
    """
    fig, (ax_grad, ax_acc) = plt.subplots(1, 2, figsize=(10, 3.9))
    ax_grad.semilogy(layers, grad_norms, "k.-", label="gradient norm |dL/dW|")
    for name, steps in first_steps.items():
        ax_grad.semilogy(layers, steps, "o-", color=plotting.COLORS.get(name),
                         label=f"first step |dW|/|W|, {name}")
    ax_grad.set(xlabel="layer (1 = next to the input)", ylabel="size (log scale)",
                title="deep sigmoid network at the start")
    ax_grad.legend(fontsize=8)
    for label, run in runs.items():
        acc = 100 * np.asarray(run["accuracy"], dtype=float)
        epochs = np.arange(1, len(acc) + 1)
        ax_acc.plot(epochs, acc, color=run.get("color"), ls=run.get("ls", "-"), label=label)
        if "low" in run:
            ax_acc.fill_between(epochs, 100 * np.asarray(run["low"]), 100 * np.asarray(run["high"]),
                                color=run.get("color"), alpha=0.15, lw=0)
    ax_acc.xaxis.set_major_locator(MaxNLocator(integer=True))   # epochs are whole numbers
    # drawn under the curves (zorder 0) and wide, so a run that stays at guessing shows on top of it
    ax_acc.axhline(100 * chance_accuracy, color="0.7", lw=3, ls=":", zorder=0, label="guessing")
    ax_acc.set(xlabel="epoch", ylabel="test accuracy (%)", ylim=(0, 100), title="training the deep network")
    # below the panel, not inside it: inside, it would cover a band or the runs at guessing
    ax_acc.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=1, frameon=False)
    return fig
