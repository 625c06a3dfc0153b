"""Figures of lesson 08 (after Adam). Each function returns the figure; the cell calls plt.show()."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LogNorm

from .. import plotting


def factored_second_moment(v_full, v_factored, title_full="Adam's $v$ (one number per weight)",
                           title_factored="Adafactor's $R\\,C / \\mathrm{mean}(R)$ (rows + columns)"):
    """Two heat maps on one log colour scale: a full second moment and its rank-1 factored version."""
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
    positive = np.concatenate([v_full[v_full > 0], v_factored[v_factored > 0]])
    norm = LogNorm(vmin=np.percentile(positive, 1), vmax=positive.max())
    for ax, values, title in zip(axes, [v_full, v_factored], [title_full, title_factored]):
        image = ax.imshow(np.maximum(values, norm.vmin), norm=norm, cmap="viridis", aspect="auto")
        ax.set(title=title, xlabel="column (output unit)", ylabel="row (input pixel)")
    fig.colorbar(image, ax=axes, label="mean of $g^2$ (log scale)")
    return fig


def newton_schulz_spectra(spectra, iteration_map):
    """Left: singular values of a matrix before and after orthogonalisation (one line each).

    spectra: {label: sorted singular values}; iteration_map: (s, {label: p(s) after k iterations}).
    Right: what the Newton-Schulz polynomial does to one singular value s in [0, 1].
    """
    fig, (ax_s, ax_p) = plt.subplots(1, 2, figsize=(11, 3.8))
    styles = ["o-", "s-", "^--", "x:"]
    # Left and right panels show different things, so they share no colour: greys and a green
    # on the left, blues (darker = more iterations) on the right.
    left_colors = ["#666666", "#117733", "#000000", "#999933"]
    for (label, values), style, color in zip(spectra.items(), styles, left_colors):
        ax_s.plot(np.arange(1, len(values) + 1), values, style, markersize=3, color=color, label=label)
    ax_s.axhline(1.0, color="black", linewidth=0.8, linestyle=":")
    ax_s.set(yscale="log", xlabel="singular value index (largest first)",
             ylabel="singular value (log scale)", title="a matrix before and after orthogonalising")
    ax_s.legend(fontsize=10, loc="lower left")
    s, curves = iteration_map
    blues = plt.cm.Blues(np.linspace(0.45, 1.0, len(curves)))
    for (label, values), color in zip(curves.items(), blues):
        ax_p.plot(s, values, color=color, label=label)
    ax_p.plot(s, np.ones_like(s), color="black", linewidth=0.8, linestyle=":", label="exact: 1")
    ax_p.set(xscale="log", xlabel="singular value $s$ after normalising (log scale)",
             ylabel="after the iterations", title="the quintic $as + bs^3 + cs^5$, iterated")
    ax_p.legend(fontsize=10, loc="lower right")  # the lines rise from the lower left: this corner stays empty
    return fig


def curves(panels, xlabel="step $t$", log_y=True, figsize=(11, 3.8)):
    """One panel per entry of ``panels``: {title: (ylabel, {name: values or (x, values)})}.

    A name that is an optimizer of ``plotting.COLORS`` gets its colour: "Adam, cosine" and
    "Adam (constant lr)" are Adam's colour, and the lines of one optimizer are told apart by their
    style (solid, dashed, dotted, in the order given).
    """
    fig, axes = plt.subplots(1, len(panels), figsize=figsize, squeeze=False)
    for ax, (title, (ylabel, lines)) in zip(axes[0], panels.items()):
        seen = {}
        for name, values in lines.items():
            x, y = values if isinstance(values, tuple) else (np.arange(1, len(values) + 1), values)
            base = name.split(",")[0].split(" (")[0]
            style = ["-", "--", ":", "-."][seen.get(base, 0) % 4]
            seen[base] = seen.get(base, 0) + 1
            ax.plot(x, y, style, color=plotting.color(base), label=name)
        ax.set(title=title, xlabel=xlabel, ylabel=ylabel + (" (log scale)" if log_y else ""),
               yscale="log" if log_y else "linear")
        ax.legend(fontsize=10)
    return fig
