"""Lesson 03's figures draw, label every axis, keep their legends off the data, and use the optimizers' colours."""
import numpy as np

from adamlib import plotting, problems
from adamlib.figures import adagrad_rmsprop
from adamlib.optim import SGD, Adagrad, RMSprop
from adamlib.runner import run
from figure_checks import labelled


def test_rare_features_figure():
    p = np.geomspace(0.5, 0.01, 6)
    finals = {"Adagrad": (0.3, np.ones((4, 6)) / np.sqrt(p)), "SGD": (0.1, np.full((4, 6), 0.1))}
    axes = labelled(adagrad_rmsprop.rare_features(p, finals, 10))
    assert [line.get_color() for line in axes[0].get_lines()] == [plotting.COLORS["Adagrad"], plotting.COLORS["SGD"]]
    assert axes[0].xaxis_inverted()  # rare features on the right


def test_moving_target_figure():
    t = np.arange(1, 301)
    trace = {"RMSprop": (0.2, 1 / np.sqrt(t)), "Adagrad": (3.0, 2 / np.sqrt(t))}
    fig = adagrad_rmsprop.moving_target(trace, [0.1, 10.0, 1.0], 100)
    axes = labelled(fig)
    assert len(axes) == 2  # the step sizes, and 1/a on a twin axis
    assert [line.get_color() for line in axes[0].get_lines()[:2]] == [plotting.COLORS["RMSprop"],
                                                                      plotting.COLORS["Adagrad"]]


def test_gradient_stream_and_freeze():
    stream = np.concatenate([np.ones(20), np.full(30, 0.05)])
    lengths = 0.1 / np.sqrt(np.arange(1, 51))
    fig = adagrad_rmsprop.gradient_stream(stream, {"Adagrad": (lengths / np.abs(stream), lengths)}, 0.1)
    assert len(labelled(fig)) == 3
    fig = adagrad_rmsprop.freeze({"x1": lengths, "x2": lengths * 0.9}, 0.1, 0.1, 12)
    labelled(fig)


def test_bowls_and_eps():
    bowls = [problems.Quadratic([1.0, 1.0], name="round", x0=[-4.0, 2.0]),
             problems.Quadratic([1.0, 1000.0], name="scaled", x0=[-4.0, 2.0])]
    runs = {b.name: [run(SGD(lr=1e-3), b, 5, name="GD"), run(Adagrad(lr=0.5), b, 5, name="Adagrad"),
                     run(RMSprop(lr=0.05), b, 5, name="RMSprop")] for b in bowls}
    labelled(adagrad_rmsprop.bowl_paths(bowls, runs))
    axes = labelled(adagrad_rmsprop.bowl_losses(bowls, runs))
    assert [line.get_color() for line in axes[0].get_lines()][:1] == [plotting.COLORS["GD"]]
    G = np.logspace(-12, 0, 13)
    labelled(adagrad_rmsprop.eps_placement(G, np.ones_like(G), np.ones_like(G), 1e-8))
