"""Lesson 03's race figures (section 5) draw, label every axis, and use the optimizers' colours."""
import numpy as np

from adamlib import plotting
from adamlib.figures import adaptive
from figure_checks import labelled


def test_rare_features_figure():
    p = np.geomspace(0.5, 0.01, 6)
    finals = {"Adagrad": (0.3, np.ones((4, 6)) / np.sqrt(p)), "SGD": (0.1, np.full((4, 6), 0.1))}
    axes = labelled(adaptive.rare_features(p, finals, 10))
    assert [line.get_color() for line in axes[0].get_lines()] == [plotting.COLORS["Adagrad"], plotting.COLORS["SGD"]]
    assert axes[0].xaxis_inverted()  # rare features on the right


def test_moving_target_figure():
    t = np.arange(1, 301)
    trace = {"RMSprop": (0.2, 1 / np.sqrt(t)), "Adagrad": (3.0, 2 / np.sqrt(t))}
    fig = adaptive.moving_target(trace, [0.1, 10.0, 1.0], 100)
    axes = labelled(fig)
    assert len(axes) == 2  # the step sizes, and 1/a on a twin axis
    assert [line.get_color() for line in axes[0].get_lines()[:2]] == [plotting.COLORS["RMSprop"],
                                                                      plotting.COLORS["Adagrad"]]
