"""adamlib.figures.deep_learning: each figure draws, labels every axis, and shows diverged runs."""
import numpy as np

from adamlib import plotting
from adamlib.figures import deep_learning as figures
from figure_checks import labelled


def test_digits_shows_ten_images():
    X = np.random.default_rng(0).random((30, 64))
    y = np.arange(30) % 10
    fig = figures.digits(X, y)
    assert len(fig.axes) == 10 and [ax.get_title() for ax in fig.axes] == [str(d) for d in range(10)]


def test_sweep_marks_diverged_runs_in_the_legend_and_keeps_colours():
    lrs = 10.0 ** np.arange(-3, 1)
    results = {"SGD": {"loss": np.array([2.0, 1.0, 0.5, np.nan]), "accuracy": np.array([.2, .5, .9, np.nan])},
               "Adam": {"loss": np.array([1.0, 0.1, 12.0, 3.0]), "accuracy": np.array([.8, .95, .9, .1]),
                        "diverged": np.array([0, 0, 0, 2])}}
    fig = figures.sweep(lrs, results, np.log(10), 8)
    labelled(fig)
    labels = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert "diverged" in labels and "SGD" in labels and "Adam" in labels
    ax_loss = fig.axes[0]
    crosses = [line for line in ax_loss.get_lines() if line.get_marker() == "x" and len(line.get_xdata())]
    assert {line.get_color() for line in crosses} == {plotting.COLORS["SGD"], plotting.COLORS["Adam"]}
    heights = sorted(line.get_ydata()[0] for line in crosses)
    assert heights[0] != heights[1]                # two optimizers' crosses never hide each other
    assert ax_loss.get_ylim()[1] > heights[-1]     # and nothing is cut off


def test_sweep_without_divergence_has_no_diverged_entry():
    lrs = 10.0 ** np.arange(-3, 0)
    fig = figures.sweep(lrs, {"RMSprop": {"loss": np.ones(3), "accuracy": np.full(3, .9)}}, np.log(10), 2)
    labels = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert "diverged" not in labels


def test_race_draws_every_epoch_without_cutting_the_error_axis():
    rng = np.random.default_rng(0)
    results = {name: {"loss": np.sort(rng.random((8, 5)), axis=0)[::-1], "accuracy": np.linspace(.1, .97, 8)[:, None]
                      + 0.01 * rng.random((8, 5)), "lr": 0.1} for name in ["SGD", "Adam"]}
    fig = figures.race(results)
    labelled(fig)
    ax_err = fig.axes[1]
    low, high = ax_err.get_ylim()
    errors = [100 * (1 - r["accuracy"]) for r in results.values()]   # the drawn band: 25th-75th percentile
    assert low <= min(np.percentile(e, 25, axis=1).min() for e in errors)
    assert high >= max(np.percentile(e, 75, axis=1).max() for e in errors)
    assert ax_err.get_yscale() == "log"


def test_deep_draws_per_layer_sizes_and_accuracy_curves():
    runs = {"sigmoid, Adam": {"accuracy": np.linspace(.1, .9, 5), "color": plotting.COLORS["Adam"]},
            "ReLU, Adam": {"accuracy": np.linspace(.5, .97, 5), "color": plotting.COLORS["Adam"], "ls": "--"}}
    fig = figures.deep(np.arange(1, 4), [1e-4, 1e-3, 1e-1], {"Adam": [0.05, 0.05, 0.04]}, runs)
    labelled(fig)
    assert fig.axes[1].get_ylim() == (0, 100)
    assert len(fig.axes[1].get_legend().get_texts()) == 3


def test_sweep_draws_diverged_runs_under_the_accuracy_axis_not_as_negative_accuracies():
    lrs = 10.0 ** np.arange(-3, 1)
    results = {"SGD": {"loss": np.array([2.0, 1.0, 0.5, np.nan]), "accuracy": np.array([.2, .5, .9, np.nan])}}
    ax_acc = figures.sweep(lrs, results, np.log(10), 8).axes[1]
    assert ax_acc.get_ylim() == (0, 100)
    crosses = [line for line in ax_acc.get_lines() if line.get_marker() == "x"]
    assert crosses and all(not line.get_clip_on() and line.get_ydata()[0] < 0 for line in crosses)
    assert all(line.get_transform() != ax_acc.transData for line in crosses)   # axes fraction, not %


def test_deep_shades_the_range_over_seeds_and_counts_whole_epochs():
    acc = np.linspace(.1, .9, 7)
    fig = figures.deep(np.arange(1, 4), [1e-4, 1e-3, 1e-1], {"Adam": [0.05, 0.05, 0.04]},
                       {"Adam": {"accuracy": acc, "low": acc - .05, "high": acc + .05, "color": plotting.COLORS["Adam"]}})
    ax_acc = fig.axes[1]
    assert len(ax_acc.collections) == 1
    fig.canvas.draw()
    assert all(float(t).is_integer() for t in ax_acc.get_xticks())
