"""Lesson 07's figures (Adam in practice). Each function returns the figure; the cell calls plt.show()."""
import matplotlib.pyplot as plt
import numpy as np

from ..plotting import COLORS

BEST = "#BBBBBB"  # "the best possible": a light grey no optimizer uses


def loss_by_frequency(word_freq, per_word, best, buckets, title=""):
    """Left: each word's mean loss against its frequency rank; right: the loss per frequency bucket.

    word_freq: (vocab,) fraction of tokens per word (averaged over seeds).
    per_word:  {method: (vocab,) mean loss of a token of that word (averaged over seeds)}.
    best:      (vocab,) the lowest loss any model reaches.
    buckets:   {label: slice of word ranks}.
    """
    fig, (ax_w, ax_b) = plt.subplots(1, 2, figsize=(11, 3.8), gridspec_kw={"width_ratios": [3, 2]})
    ranks = np.arange(1, len(word_freq) + 1)
    markers = [dict(marker="o", markersize=3), dict(marker="o", markersize=5, fillstyle="none"),
               dict(marker="x", markersize=3)]   # methods that coincide stay visible
    for (name, loss), marker in zip(per_word.items(), markers * len(per_word)):
        ax_w.semilogx(ranks, loss, linestyle="none", color=COLORS.get(name), label=name, **marker)
    ax_w.semilogx(ranks, best, "--", color=BEST, linewidth=1.2, label="best possible")
    ax_w.set(xlabel="word's frequency rank (log scale; 1 = most frequent)",
             ylabel="loss of a token of this word (nats)", title=title or "loss per word after training")
    ax_w.legend(loc="upper center")   # the top left holds the frequent words of a badly tuned method
    width = 0.8 / (len(per_word) + 1)
    positions = np.arange(len(buckets))
    for i, (name, loss) in enumerate([*per_word.items(), ("best possible", best)]):
        share = [np.nansum(loss[s] * word_freq[s]) / np.sum(word_freq[s]) for s in buckets.values()]
        ax_b.bar(positions + (i - len(per_word) / 2) * width, share, width,
                 color=COLORS.get(name, BEST), hatch="" if name in COLORS else "//", label=name)
    ax_b.set_xticks(positions, list(buckets))
    ax_b.set(xlabel="words by frequency rank", ylabel="mean loss per token (nats)",
             title="per bucket (colours as on the left)")
    return fig


def spike_curves(curves, spike_at, steps_shown=None, bar=None):
    """Loss around a gradient spike: one panel per optimizer, with and without clipping.

    curves: {(optimizer, clipped): (seeds, steps) losses}. Each line is the median over the seeds,
    its shaded band the middle 80 % of the seeds (10th to 90th percentile), said in the legend.
    bar: a fixed loss level to draw (the level "steps to recover" is measured against).
    """
    names = sorted({name for name, _ in curves}, key=list(COLORS).index)
    fig, axes = plt.subplots(1, len(names), figsize=(5.5 * len(names), 3.6), sharey=True)
    for ax, name in zip(np.atleast_1d(axes), names):
        for clipped, style in ((False, "-"), (True, "--")):
            losses = curves[(name, clipped)]
            steps = np.arange(1, losses.shape[1] + 1)
            label = f"{name}, {'clipped' if clipped else 'not clipped'}"
            ax.semilogy(steps, np.median(losses, axis=0), style, color=COLORS[name],
                        label=f"{label}: median over {losses.shape[0]} seeds")
            low, high = np.percentile(losses, [10, 90], axis=0)
            ax.fill_between(steps, low, high, color=COLORS[name], alpha=0.15 if clipped else 0.25,
                            label=f"{label}: middle 80 % of the seeds")
        ax.axvline(spike_at, color="black", linewidth=0.8, linestyle=":")
        if bar is not None:
            ax.axhline(bar, color=BEST, linewidth=1.2, label=f"the bar, loss {bar:g}")
        ax.set(xlabel="step", ylabel="training loss (half mean squared error, log scale)",
               title=f"{name}: one gradient 1000x too large at step {spike_at}")
        if steps_shown:
            ax.set_xlim(*steps_shown)
        ax.legend(loc="upper right", fontsize="x-small")
    return fig


def weight_paths(paths, target=None):
    """A weight's value along training for several number formats: {label: (steps,) values}.

    Every run is Adam, so every line has Adam's colour; the line style tells the formats apart.
    """
    fig, ax = plt.subplots(figsize=(7, 3.6))
    styles = [dict(linestyle="-", linewidth=4, alpha=0.4), dict(linestyle="--"), dict(linestyle=":", linewidth=2.2)]
    for (label, path), style in zip(paths.items(), styles * len(paths)):
        # the wide pale line first: the curves drawn on top of it stay visible
        ax.plot(np.arange(len(path)), path, label=label, color=COLORS["Adam"], **style)
    if target is not None:
        ax.axhline(target, color="black", linewidth=0.8, label="the minimum")
        ax.set_ylim(None, target + 0.05 * abs(target))
    ax.set(xlabel="step", ylabel="the weight $w$", title="Adam, lr = 1e-3, from $w = 1$")
    ax.legend(loc="center right")
    return fig


def catch_up(steps, curves):
    """v's catch-up after the gradient scale jumps (at step 0): sqrt(v_hat) and |step| / lr per beta2.

    curves: {beta2: (sqrt_v_hat, step_over_lr)} arrays over ``steps``. Every curve is Adam's (its
    colour); the line style tells the values of beta2 apart.
    """
    fig, (ax_v, ax_s) = plt.subplots(1, 2, figsize=(11, 3.6))
    for (beta2, (scale, step)), style in zip(curves.items(), ["-", "--", ":"] * len(curves)):
        ax_v.plot(steps, scale, style, color=COLORS["Adam"], label=f"beta2 = {beta2}")
        ax_s.plot(steps, step, style, color=COLORS["Adam"], label=f"beta2 = {beta2}")
    for ax in (ax_v, ax_s):
        ax.set_xlabel("steps after the gradient scale jumps from 1 to 10")
        ax.legend()
    ax_v.set(ylabel=r"$\sqrt{\hat v_t}$, the gradient scale (log scale)", title="the scale estimate",
             yscale="log")
    ax_s.set(ylabel="|step| / lr", title="the step Adam takes")
    return fig


def schedule(lrs, title="AdamW's learning rate: linear warmup, then cosine decay"):
    """AdamW's learning-rate schedules: {label: (steps,) learning rates}, in AdamW's colour, one line style each."""
    fig, ax = plt.subplots(figsize=(7, 3.2))
    for (label, values), style in zip(lrs.items(), ["-", "--", ":"] * len(lrs)):
        ax.plot(np.arange(1, len(values) + 1), values, style, color=COLORS["AdamW"], label=label)
    ax.set(xlabel="step", ylabel="learning rate", title=title)
    ax.legend()
    return fig
