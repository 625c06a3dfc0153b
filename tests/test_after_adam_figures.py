"""Lesson 08's figures: each runs on small inputs, labels every axis and returns its figure."""
import matplotlib
import numpy as np

from adamlib import plotting
from adamlib.figures import after_adam as figures
from figure_checks import labelled


def test_factored_second_moment():
    rng = np.random.default_rng(0)
    v = rng.random((6, 4)) ** 4
    R, C = v.mean(1, keepdims=True), v.mean(0, keepdims=True)
    fig = figures.factored_second_moment(v, R @ C / R.mean())
    axes = labelled(fig)
    assert len([ax for ax in axes if ax.images]) == 2


def test_newton_schulz_spectra():
    s = np.logspace(-3, 0, 20)
    fig = figures.newton_schulz_spectra({"before": np.linspace(1, 0.1, 5), "after": np.ones(5)},
                                        (s, {"1 iteration": s * 2}))
    axes = labelled(fig)
    assert axes[0].get_legend() is not None and len(axes[0].lines) >= 2


def test_newton_schulz_panels_share_no_colour():
    """The two panels show different things (matrices; iteration counts): one colour must not mean both."""
    s = np.logspace(-3, 0, 20)
    fig = figures.newton_schulz_spectra({"G": np.linspace(1, 0.1, 5), "float64": np.ones(5), "bfloat16": np.ones(5)},
                                        (s, {"1 iteration": s, "2 iterations": s, "5 iterations": s}))
    left, right = fig.axes[:2]
    colours = lambda ax: {matplotlib.colors.to_hex(line.get_color()) for line in ax.lines
                          if line.get_label() in {"G", "float64", "bfloat16", "1 iteration", "2 iterations",
                                                  "5 iterations"}}
    assert len(colours(left)) == 3 and len(colours(right)) == 3
    assert not colours(left) & colours(right)


def test_curves_colours_and_styles():
    fig = figures.curves({"panel": ("loss", {"Adam, a": [3, 2, 1], "Adam, b": [3, 1, 0.5],
                                             "Lion": ([1, 2, 3], [1, 2, 3])})})
    (ax,) = labelled(fig)
    lines = ax.get_lines()
    assert [line.get_linestyle() for line in lines] == ["-", "--", "-"]
    assert lines[0].get_color() == lines[1].get_color() == plotting.COLORS["Adam"]
    assert lines[2].get_color() == plotting.COLORS["Lion"]
    assert "(log scale)" in ax.get_ylabel()
