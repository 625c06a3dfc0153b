"""Lesson 08's figures: each runs on small inputs, labels every axis and returns its figure."""
import numpy as np
import pytest

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


def test_curves_colours_and_styles():
    fig = figures.curves({"panel": ("loss", {"Adam, a": [3, 2, 1], "Adam, b": [3, 1, 0.5],
                                             "Lion": ([1, 2, 3], [1, 2, 3])})})
    (ax,) = labelled(fig)
    lines = ax.get_lines()
    assert [line.get_linestyle() for line in lines] == ["-", "--", "-"]
    assert lines[0].get_color() == lines[1].get_color() == plotting.COLORS["Adam"]
    assert lines[2].get_color() == plotting.COLORS["Lion"]
    assert "(log scale)" in ax.get_ylabel()


def test_lr_sweeps_marks_the_chosen_rate():
    lrs = np.array([0.1, 0.2, 0.5])
    fig = figures.lr_sweeps({"Adam": (lrs, np.array([[3.0, 3.1], [1.0, 1.2], [2.0, 2.0]]))}, "loss",
                            {"Adam": 0.2})
    (ax,) = labelled(fig)
    stars = [line for line in ax.get_lines() if line.get_marker() == "*"]
    assert len(stars) == 1 and stars[0].get_xdata()[0] == 0.2


def test_seed_bars():
    fig = figures.seed_bars({"a": ("loss", {"Adam": [1, 2], "Muon": [2, 3]}, False),
                             "b": ("loss", {"GD": [1, 1]}, True)})
    axes = fig.axes
    assert len(axes) == 2 and all(ax.get_ylabel() for ax in axes)
    assert axes[0].patches[0].get_height() == pytest.approx(1.5)
