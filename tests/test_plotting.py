"""adamlib.plotting: labels, one line per run, the fixed colours, no exceptions (Agg backend)."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import is_color_like, same_color, to_rgb  # noqa: E402

from adamlib import plotting, problems as P  # noqa: E402
from adamlib.optim import SGD, Adam, RMSprop  # noqa: E402
from adamlib.runner import run, run_many  # noqa: E402

NAMES = ["SGD", "Momentum", "Nesterov", "Adagrad", "RMSprop", "Adam", "AdamW", "AMSGrad",
         "Adamax", "NAdam", "RAdam"]


@pytest.fixture(autouse=True)
def clean_matplotlib(monkeypatch):
    """Each test gets default rcParams back and no open figures; plt.show() is forbidden."""
    def no_show(*args, **kwargs):
        raise AssertionError("plotting functions must leave plt.show() to the notebook")

    monkeypatch.setattr(plt, "show", no_show)
    with matplotlib.rc_context():
        yield
    plt.close("all")


def lines_named(ax, names):
    return [line for line in ax.get_lines() if line.get_label() in names]


def three_runs(problem, steps=30):
    return run_many({"SGD": SGD(lr=1e-3), "RMSprop": RMSprop(lr=1e-2), "Adam": Adam(lr=0.05)},
                    problem, steps)


def test_use_style_sets_the_documented_rc_params():
    plotting.use_style()
    rc = plt.rcParams
    assert 80 <= rc["figure.dpi"] <= 100
    assert rc["axes.grid"] and not rc["axes.spines.top"] and not rc["axes.spines.right"]
    assert rc["font.size"] >= 10
    cycle = [c for c in rc["axes.prop_cycle"].by_key()["color"]]
    assert [to_rgb(c) for c in cycle] == [to_rgb(c) for c in plotting.PALETTE]


# Full-batch gradient descent is SGD's family, so it shares SGD's grey; every other method has its own.
SAME_COLOUR = {"GD": "SGD"}
AFTER_ADAM = ["Adadelta", "Adafactor", "Lion", "Muon", "Schedule-Free", "sign descent", "Adam, cosine"]
LESSON04_VARIANTS = ["no correction", "only m corrected", "only v corrected", "+ correction", "+ momentum",
                     "Adam, no momentum"]


def test_colors_cover_every_optimizer_with_distinct_valid_colours():
    names = set(NAMES) | set(AFTER_ADAM) | set(LESSON04_VARIANTS)
    assert set(plotting.COLORS) == names | set(SAME_COLOUR)
    assert all(is_color_like(c) for c in plotting.COLORS.values())
    assert len({to_rgb(plotting.COLORS[name]) for name in names}) == len(names), "one colour, one method"
    for alias, name in SAME_COLOUR.items():
        assert plotting.COLORS[alias] == plotting.COLORS[name]


@pytest.mark.parametrize("make", [P.quadratic, P.scaled_quadratic, P.rosenbrock, P.beale, P.saddle,
                                  P.toy_regression, P.noisy_regression])
def test_contour_labels_axes_marks_x_star_and_keeps_the_window(make):
    problem = make()
    fig, ax = plt.subplots()
    assert plotting.contour(problem, ax) is ax
    assert (ax.get_xlabel(), ax.get_ylabel()) == problem.labels
    assert ax.get_xlim() == pytest.approx(problem.xlim) and ax.get_ylim() == pytest.approx(problem.ylim)
    stars = [line for line in ax.get_lines() if line.get_marker() == "*"]
    assert len(stars) == 1
    np.testing.assert_array_equal(np.ravel(stars[0].get_xydata()), problem.x_star)
    fig.canvas.draw()  # render: errors in levels / norms show up only here


def test_contour_axis_names_follow_the_problem():
    fig, (a, b) = plt.subplots(1, 2)
    plotting.contour(P.rosenbrock(), a)
    plotting.contour(P.toy_regression(), b)
    assert (a.get_xlabel(), a.get_ylabel()) == ("$x_1$", "$x_2$")
    assert (b.get_xlabel(), b.get_ylabel()) == ("$w$", "$b$")


def test_contour_levels_are_log_spaced_for_rosenbrock_and_can_be_given():
    fig, (a, b) = plt.subplots(1, 2)
    plotting.contour(P.rosenbrock(), a)
    levels = a.collections[0].levels if a.collections else None
    ratios = np.diff(np.log(levels))
    np.testing.assert_allclose(ratios, ratios[0], rtol=1e-9)  # equal ratios: log spacing
    plotting.contour(P.quadratic(), b, levels=[0.1, 0.2, 0.4])
    np.testing.assert_allclose(b.collections[0].levels, [0.1, 0.2, 0.4])


@pytest.mark.parametrize("as_what", ["dict", "list", "single"])
def test_trajectories_draw_one_line_per_run_in_its_colour(as_what):
    problem = P.rosenbrock()
    runs = three_runs(problem)
    given = {"dict": runs, "list": list(runs.values()), "single": runs["Adam"]}[as_what]
    expected = list(runs) if as_what != "single" else ["Adam"]
    fig, ax = plt.subplots()
    assert plotting.trajectories(problem, given, ax) is ax
    lines = lines_named(ax, expected)
    assert [line.get_label() for line in lines] == expected
    for line in lines:
        assert same_color(line.get_color(), plotting.COLORS[line.get_label()])
        np.testing.assert_array_equal(line.get_xydata(), runs[line.get_label()].xs)
    assert [t.get_text() for t in ax.get_legend().get_texts()][-len(expected):] == expected
    assert ax.get_xlabel() == "$x_1$" and ax.get_ylabel() == "$x_2$"
    fig.canvas.draw()


def test_names_outside_colors_get_distinct_cycle_colours():
    q = P.quadratic()
    runs = run_many({"Adam lr=0.1": Adam(lr=0.1), "Adam lr=0.5": Adam(lr=0.5)}, q, 10)
    fig, ax = plt.subplots()
    plotting.loss_curves(runs, ax)
    a, b = lines_named(ax, list(runs))
    assert not same_color(a.get_color(), b.get_color())


def test_loss_curves_plot_the_gap_on_a_log_axis():
    problem = P.saddle()  # f* = -1/2, so gap and loss differ
    runs = three_runs(problem)
    fig, ax = plt.subplots()
    assert plotting.loss_curves(runs, ax) is ax
    assert ax.get_xlabel() == "step" and ax.get_ylabel() == "$f(x) - f^*$"
    assert ax.get_yscale() == "log"
    lines = lines_named(ax, list(runs))
    assert len(lines) == 3
    for line in lines:
        traj = runs[line.get_label()]
        assert same_color(line.get_color(), plotting.COLORS[line.get_label()])
        np.testing.assert_array_equal(line.get_xdata(), np.arange(traj.steps + 1))
        np.testing.assert_allclose(line.get_ydata(), traj.losses + 0.5)
    fig.canvas.draw()


def test_loss_curves_raw_loss_on_a_linear_axis():
    problem = P.saddle()
    traj = run(Adam(lr=0.05), problem, 10)
    fig, ax = plt.subplots()
    plotting.loss_curves([traj], ax, log=False, gap=False)
    assert ax.get_yscale() == "linear" and ax.get_ylabel() == "$f(x)$"
    np.testing.assert_array_equal(lines_named(ax, ["Adam"])[0].get_ydata(), traj.losses)


def test_iterates_for_a_one_dimensional_problem():
    r = P.reddi()
    runs = {"Adam": run(Adam(lr=0.1, betas=(0.0, r.beta2_fail)), r, 30, name="Adam"),
            "AMSGrad": run(Adam(lr=0.1, betas=(0.0, r.beta2_fail), amsgrad=True), r, 30, name="AMSGrad")}
    fig, ax = plt.subplots()
    plotting.iterates(runs, ax)
    lines = lines_named(ax, ["Adam", "AMSGrad"])
    assert len(lines) == 2 and ax.get_xlabel() == "step" and ax.get_ylabel() == "$x$"
    assert same_color(lines[1].get_color(), plotting.COLORS["AMSGrad"])
    fig.canvas.draw()


def test_without_ax_the_current_axes_is_used():
    fig, ax = plt.subplots()
    assert plotting.loss_curves(three_runs(P.quadratic())) is ax


def _lab(colour):
    """CIELAB (D65) of a matplotlib colour: distances in it are roughly what the eye sees."""
    rgb = np.array(to_rgb(colour))
    rgb = np.where(rgb > 0.04045, ((rgb + 0.055) / 1.055) ** 2.4, rgb / 12.92)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ rgb
    f = np.cbrt(np.maximum(xyz / np.array([0.95047, 1.0, 1.08883]), 0.008856))
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_lesson04_variant_colours_are_far_from_every_other_methods_colour():
    # a review found "+ correction" next to Nesterov, "only v corrected" in SGD's greys, "Adam, no momentum"
    # next to RAdam: each variant's colour must be at least 30 Delta E (1976) from every other colour
    for name in LESSON04_VARIANTS:
        others = [c for other, c in plotting.COLORS.items() if other != name]
        assert min(np.linalg.norm(_lab(plotting.COLORS[name]) - _lab(c)) for c in others) >= 29.5, name
