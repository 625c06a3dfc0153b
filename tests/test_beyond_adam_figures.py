"""Lesson 06's figures: each runs on small inputs, labels every axis and names its curves."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from adamlib import plotting, problems, schedules  # noqa: E402
from adamlib.figures import beyond_adam as figures  # noqa: E402
from adamlib.optim import SGD, Adam  # noqa: E402
from adamlib.runner import run  # noqa: E402


def labelled(fig):
    legend_texts = set()
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_ylabel(), ax.get_title()
        if ax.get_legend() is not None:
            legend_texts |= {text.get_text() for text in ax.get_legend().get_texts()}
    curves = {line.get_label() for ax in fig.axes for line in ax.get_lines()
              if not line.get_label().startswith("_")}
    assert curves and curves <= legend_texts, curves - legend_texts   # every named curve is in a legend
    plt.close(fig)
    return True


@pytest.fixture(scope="module")
def reddi_runs():
    reddi, lr = problems.reddi(C=3), schedules.inverse_sqrt(0.5)
    return {"Adam": run(Adam(betas=(0.0, 0.1)), reddi, 30, schedule=lr),
            "GD": run(SGD(), reddi, 30, schedule=lr, name="GD")}


def test_reddi_draws_one_point_per_period_in_the_course_colours(reddi_runs):
    regret = {name: np.linspace(1, 0.1, 30) for name in reddi_runs}
    fig = figures.reddi(reddi_runs, regret)
    ax_x = fig.axes[0]
    lines = {line.get_label(): line for line in ax_x.get_lines()}
    assert list(lines["Adam"].get_xdata()) == list(range(3, 31, 3))
    assert lines["Adam"].get_color() == plotting.COLORS["Adam"]
    assert lines["GD"].get_color() == plotting.COLORS.get("GD", plotting.COLORS["SGD"])
    assert lines["Adam"].get_linestyle() != lines["GD"].get_linestyle()
    assert labelled(fig)


def test_drift_marks_the_turn_and_the_students_value():
    fig = figures.drift_by_beta2(np.array([0.4, 0.5]), np.array([0.1, -0.1]), 0.45, derived=0.47)
    assert [round(line.get_xdata()[0], 2) for line in fig.axes[0].get_lines()[2:]] == [0.45, 0.47]
    assert labelled(fig)
    assert labelled(figures.drift_by_beta2(np.array([0.4, 0.5]), np.array([0.1, -0.1]), 0.45))


def test_the_other_figures_run_and_are_labelled(reddi_runs):
    x = np.logspace(-1, 1, 4)
    assert labelled(figures.rosenbrock_amsgrad({"Adam": reddi_runs["Adam"]}, "t"))
    assert labelled(figures.weight_decay(x, {"Adam + L2": x, "AdamW": x}, {"Adam + L2": x, "AdamW": x}, x, 100))
    assert labelled(figures.radam(np.arange(1, 5), np.arange(1, 5.0), {"5": 5}, {"Adam": np.ones(4)}, "t"))
    assert labelled(figures.adamax_spike(np.ones(5), np.ones(5), np.ones(5)))
    ravine = problems.scaled_quadratic(100)
    runs = {"Adam": run(Adam(lr=0.1), ravine, 10), "NAdam": run(Adam(lr=0.1), ravine, 10),
            "NAdam, mu = 0.9": run(Adam(lr=0.2), ravine, 10)}
    assert labelled(figures.nadam_valley({name: r.xs for name, r in runs.items()},
                                         {name: r.gaps for name, r in runs.items()}, steps=10))
    assert labelled(figures.first_steps(x, {"torch": x, "Keras": x}))


def test_minibatch_paths_draws_one_panel_per_lambda_one_line_per_rate():
    steps = np.arange(100, 2001, 100)
    shrink = np.random.default_rng(0).uniform(0, 1, (len(steps), 3, 2))
    fig = figures.minibatch_paths(steps, shrink, [0.003, 0.01, 0.03], [0.1, 1.0])
    assert len(fig.axes) == 2
    lines = [line for line in fig.axes[0].get_lines() if not line.get_label().startswith("_")]
    assert [line.get_label() for line in lines] == ["AdamW, lr 0.003", "AdamW, lr 0.01", "AdamW, lr 0.03"]
    assert all(line.get_color() == plotting.color("AdamW") for line in lines)
    assert labelled(fig)
