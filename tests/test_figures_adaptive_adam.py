"""The figures of lessons 03 and 04 draw, label every axis and keep their legends off the data."""

import numpy as np

from adamlib import plotting, problems
from adamlib import compare
from adamlib.figures import adam, adaptive
from adamlib.optim import SGD, Adagrad, RMSprop
from adamlib.runner import run
from figure_checks import labelled


def test_gradient_stream_and_freeze():
    stream = np.concatenate([np.ones(20), np.full(30, 0.05)])
    lengths = 0.1 / np.sqrt(np.arange(1, 51))
    fig = adaptive.gradient_stream(stream, {"Adagrad": (lengths / np.abs(stream), lengths)}, 0.1)
    assert len(labelled(fig)) == 3
    fig = adaptive.freeze({"x1": lengths, "x2": lengths * 0.9}, 0.1, 0.1, 12)
    labelled(fig)


def test_bowls_and_eps():
    bowls = [problems.Quadratic([1.0, 1.0], name="round", x0=[-4.0, 2.0]),
             problems.Quadratic([1.0, 1000.0], name="scaled", x0=[-4.0, 2.0])]
    runs = {b.name: [run(SGD(lr=1e-3), b, 5, name="GD"), run(Adagrad(lr=0.5), b, 5, name="Adagrad"),
                     run(RMSprop(lr=0.05), b, 5, name="RMSprop")] for b in bowls}
    labelled(adaptive.bowl_paths(bowls, runs))
    axes = labelled(adaptive.bowl_losses(bowls, runs))
    assert [line.get_color() for line in axes[0].get_lines()][:1] == [plotting.COLORS["GD"]]
    G = np.logspace(-12, 0, 13)
    labelled(adaptive.eps_placement(G, np.ones_like(G), np.ones_like(G), 1e-8))


def test_adam_figures_put_legends_outside_the_axes():
    t = np.arange(1, 31)
    curves = {name: np.ones(t.size) for name in adam.VARIANT_STYLE}
    fig = adam.step_lengths(t, curves, curves, np.array([0, 9, 29]))
    labelled(fig)
    assert fig.legends and not fig.axes[0].get_legend()
    def bowl(best):
        return lambda lr, steps, seeds: (np.log10(lr) - best) ** 2 + 0.01 * np.asarray(seeds)
    result = compare.compare({name: bowl(k - 2) for k, name in enumerate(adam.VARIANT_STYLE)},
                             np.logspace(-3, 1, 5), steps=10, seeds=range(3), criterion="score")
    fig = adam.tuning_curves(result, adam.VARIANT_STYLE, "a bowl")
    assert len(labelled(fig)) == 2 and fig.legends
    assert fig.axes[0].get_title() == "a bowl, 10 steps" and fig.axes[1].get_title() == "a bowl, 20 steps"
    G = np.logspace(-12, 0, 13)
    fig = adam.eps_conventions(G, {"a": G, "b": G, "c": G}, 1e-3, 1e-8)
    labelled(fig)
    assert fig.legends and not fig.axes[0].get_legend()


def test_variant_colours_are_distinct_from_each_other_and_from_the_optimizers_in_lesson_04():
    colours = [style["color"].lower() for style in adam.VARIANT_STYLE.values()]
    assert len(set(colours)) == len(colours)
    assert all(style["color"] == plotting.COLORS[name] for name, style in adam.VARIANT_STYLE.items())
    optimizers = {c.lower() for name, c in plotting.COLORS.items() if name not in adam.VARIANT_STYLE}
    assert not optimizers & set(colours[1:])  # no variant borrows another method's colour


def test_control_colours_are_distinct_and_keep_the_optimizers_own():
    colours = [style["color"].lower() for style in adam.CONTROL_STYLE.values()]
    assert len(set(colours)) == len(colours)
    assert adam.CONTROL_STYLE["Adam"]["color"] == plotting.COLORS["Adam"]
    assert adam.CONTROL_STYLE["RMSprop"]["color"] == plotting.COLORS["RMSprop"]
    assert all(style["color"] == plotting.COLORS[name] for name, style in adam.CONTROL_STYLE.items())
    optimizers = {c.lower() for name, c in plotting.COLORS.items() if name not in adam.CONTROL_STYLE}
    assert not optimizers & {colours[1], colours[2], colours[4]}  # the variants between and beside them
