"""Lesson 07's figure functions run on small inputs, label every axis and return the figure."""
import numpy as np

from adamlib.figures import practice
from figure_checks import labelled


def test_loss_by_frequency():
    freq = np.linspace(2, 1, 20) / 30
    losses = {"GD": np.linspace(1, 4, 20), "Adam": np.full(20, 0.3), "sign descent": np.full(20, 0.31)}
    fig = practice.loss_by_frequency(freq, losses, np.full(20, 0.29), {"1-5": slice(0, 5), "6-20": slice(5, 20)})
    assert labelled(fig) and fig.axes[0].get_legend() is not None


def test_spike_curves_catch_up_weight_paths_schedule():
    curves = {(name, clipped): np.abs(np.random.default_rng(0).normal(size=(5, 30))) + 0.01
              for name in ("SGD", "Adam") for clipped in (False, True)}
    assert labelled(practice.spike_curves(curves, spike_at=10))
    steps = np.arange(1, 21)
    assert labelled(practice.catch_up(steps, {0.999: (np.ones(20), np.ones(20)), 0.95: (np.ones(20), np.ones(20))}))
    assert labelled(practice.weight_paths({"float32": np.linspace(1, 1.5, 20), "bfloat16": np.ones(20)}, target=1.5))
    assert labelled(practice.schedule({"warmup": np.linspace(0, 1, 20)}))


def test_runs_of_one_optimizer_keep_its_colour_and_differ_by_line_style():
    from matplotlib.colors import to_hex

    from adamlib.plotting import COLORS
    ones = (np.ones(20), np.ones(20))
    figures = {"Adam": [practice.catch_up(np.arange(1, 21), {0.999: ones, 0.95: ones}),
                        practice.weight_paths({"float32": np.ones(20), "bfloat16": np.ones(20)})],
               "AdamW": [practice.schedule({"a": np.ones(20), "b": np.ones(20)})]}
    for name, figs in figures.items():
        for fig in figs:
            lines = [line for line in fig.axes[-1].get_lines() if line.get_label() in ("beta2 = 0.999",
                     "beta2 = 0.95", "float32", "bfloat16", "a", "b")]
            assert len(lines) == 2
            assert {to_hex(line.get_color()) for line in lines} == {COLORS[name].lower()}
            assert lines[0].get_linestyle() != lines[1].get_linestyle() or \
                lines[0].get_linewidth() != lines[1].get_linewidth()
