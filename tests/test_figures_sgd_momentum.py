"""Lessons 01-02's figure helpers run, label every axis, and keep each method's colour."""
import matplotlib
import numpy as np
from matplotlib.colors import same_color

from adamlib import plotting, problems
from adamlib.figures import momentum, sgd
from adamlib.optim import SGD
from adamlib.runner import run
from figure_checks import labelled


def test_steps_against_kappa_draws_gd_in_its_colour():
    fig = sgd.steps_against_kappa([1, 10, 100], [1, 35, 346], [1, 35, 346])
    assert labelled(fig)
    assert all(same_color(line.get_color(), plotting.COLORS["GD"]) for line in fig.axes[0].get_lines())


def test_noise_floor_gives_each_batch_size_its_own_colour_and_keeps_the_legend_off_the_data():
    steps = np.arange(1001)
    gaps = {200: np.exp(-steps / 50), 10: 1e-3 + 0 * steps, 1: 1e-2 + 0 * steps}
    fig = sgd.noise_floor(gaps, {10: 1e-3, 1: 1e-2}, (500, 1000), lr=0.02)
    assert labelled(fig)
    curves = [line for line in fig.axes[0].get_lines()
              if not line.get_label().startswith(("_", "its floor"))]   # the runs; each floor line shares its run's colour
    colors = [line.get_color() for line in curves]
    assert len(curves) == 3 and len({matplotlib.colors.to_hex(c) for c in colors}) == 3
    assert fig.axes[0].get_ylim()[0] <= 1e-6   # GD's last value stays on the axis
    assert not any(same_color(c, v) for c in colors[1:] for k, v in plotting.COLORS.items())
    legend = fig.axes[0].get_legend()
    fig.canvas.draw()
    box, axes_box = legend.get_window_extent(), fig.axes[0].get_window_extent()
    assert box.x0 >= axes_box.x1 - 1   # beside the axes, not over the curves


def test_momentum_figures_run_and_label_their_axes():
    grads = np.random.default_rng(0).normal(size=(30, 2))
    assert labelled(momentum.gradient_components(grads))
    momenta = np.array([0.5, 0.56, 0.6, 0.7])
    fig = momentum.momentum_sweep(momenta, [50, 25, 28, 40], {0.5: None, 0.56: 39, 0.6: 29, 0.7: 41},
                                  0.566, 0.53, 50)
    assert labelled(fig)
    assert labelled(momentum.steps_against_kappa([1, 10], [1, 35], [1, 12]))


def test_race_tells_nesterov_from_momentum_by_line_style():
    ravine = problems.Quadratic([0.02, 1.0], x0=[-3.0, 1.0])
    runs = {"Momentum": run(SGD(lr=1.0, momentum=0.9), ravine, 20, name="Momentum"),
            "Nesterov": run(SGD(lr=1.0, momentum=0.9, nesterov=True), ravine, 20, name="Nesterov")}
    fig = momentum.race(ravine, runs, None, "race")
    assert labelled(fig)
    for ax in fig.axes:
        styles = {line.get_label(): line.get_linestyle() for line in ax.get_lines()}
        assert styles["Nesterov"] != styles["Momentum"]


def test_lesson_02_root_window_and_lesson_01_eigen_axes_label_their_axes():
    assert labelled(momentum.root_window(3.07, 0.566, 0.02, 1.0, [-3.0, 1.0]))
    assert labelled(sgd.eigen_axes(problems.toy_regression(), "eigenvectors"))
    fig = momentum.steps_against_kappa([1, 10, 100], [1, 35, 346], [1, 16, 58], [1, 11, 35])
    assert labelled(fig) and len(fig.axes[0].get_lines()) == 3


def test_lesson_00_figures_label_w_and_b_and_draw_gd_in_its_colour():
    from adamlib.figures import welcome
    toy = problems.toy_regression()
    assert labelled(welcome.loss_landscape(toy))
    runs = {f"lr = {lr}": run(SGD(lr=lr), toy, steps=100) for lr in (0.1, 0.3)}
    fig = welcome.paths_and_losses(toy, runs, "two learning rates")
    assert labelled(fig)
    left, right = fig.axes
    assert left.get_xlabel() == "slope w" and left.get_ylabel() == "intercept b"
    assert all(same_color(line.get_color(), plotting.COLORS["GD"]) for line in right.get_lines())
