"""The lessons' widgets, driven headless: set a control, check the figure's data.

Every expected trajectory comes from ``adamlib.runner.run`` with the optimizer
built by hand from ``adamlib.optim``, so these tests tie what the playground
draws to the library the lessons teach, and the closed forms of the
moving-average widget (sum of the weights = 1 - beta^t) are derived in its
docstring, not read off the code.
"""
import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from adamlib import optim, problems, runner
from adamlib.widgets import PRESETS, moving_average_widget, playground
from adamlib.widgets import bias_correction_widget
from adamlib.widgets.moving_average import T_CHOICES, nearest_t
from adamlib.widgets.functions import FUNCTIONS
from adamlib.widgets.optimizers import NAMES, make
from adamlib.widgets import model


def assert_same_path(got, expected, err_msg=""):
    """The playground steps all optimizers as rows of one array (``widgets.stacked``): the same
    arithmetic as ``adamlib.optim`` in another order, so equal up to round-off."""
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12, equal_nan=True, err_msg=err_msg)


def path_xy(widget, name):
    x, y = widget.paths[name].get_data()
    return np.column_stack([x, y])


def shown(widget):
    return {name for name, line in widget.paths.items() if line.get_visible()}


# --- the presets the lessons use -----------------------------------------------------


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_each_preset_shows_exactly_its_optimizers_in_a_picture(preset):
    w = playground(preset)
    assert shown(w) == set(PRESETS[preset]["optimizers"])
    assert {n for n, line in w.losses.items() if line.get_visible()} == set(PRESETS[preset]["optimizers"])
    assert bytes(w.image.value).startswith(b"\xff\xd8\xff")  # a JPEG
    legend = [t.get_text().split(" (")[0] for t in w.view.legend.get_texts()]
    assert legend == [n for n in NAMES if n in PRESETS[preset]["optimizers"]]


TAUGHT_SO_FAR = {  # the lessons' order: 01 gradient descent, 02 momentum, 03 AdaGrad/RMSProp, 04 Adam, 06 variants
    "sgd": ("SGD",),
    "momentum": ("SGD", "Momentum", "Nesterov"),
    "adagrad_rmsprop": ("SGD", "Momentum", "Nesterov", "Adagrad", "RMSprop"),
    "adam": ("SGD", "Momentum", "Nesterov", "Adagrad", "RMSprop", "Adam"),
    "beyond": NAMES,
}


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_each_lesson_offers_only_the_optimizers_taught_so_far(preset):
    assert tuple(playground(preset).checkboxes) == TAUGHT_SO_FAR[preset]


def test_an_optimizer_named_in_the_call_joins_the_menu_the_others_stay_out():
    w = playground("momentum", optimizers=["SGD", "Adam"])
    assert tuple(w.checkboxes) == ("SGD", "Momentum", "Nesterov", "Adam") and w.checkboxes["Adam"].value


def test_every_slider_redraws_while_it_is_dragged():
    for w in (playground("beyond"), moving_average_widget()):
        sliders = [c for c in w.controls.values() if hasattr(c, "continuous_update")]
        assert sliders and all(c.continuous_update for c in sliders)


def test_lesson_04_default_shows_what_bias_correction_is_for():
    """Same lr and beta2 = alpha: RMSprop's first step is lr / sqrt(1 - beta2) (31.6 lr) and leaves the
    picture; Adam's is lr per coordinate and it follows the valley (a mechanism, not a ranking)."""
    w = playground("adam")
    lr, b2 = w.controls["adaptive_lr"].value, w.controls["beta2"].value
    rms, adam = w.runs["RMSprop"], w.runs["Adam"]
    np.testing.assert_allclose(np.abs(rms.xs[1] - rms.xs[0]), lr / np.sqrt(1 - b2), rtol=1e-6)
    np.testing.assert_allclose(np.abs(adam.xs[1] - adam.xs[0]), lr, rtol=1e-6)
    labels = [t.get_text() for t in w.view.legend.get_texts()]
    assert "RMSprop (left the picture at step 1)" in labels and "Adam" in labels
    assert adam.gaps[-1] < 1e-3 < 1 < rms.gaps[-1]


def test_a_line_hidden_under_another_says_so():
    """beta1 = 0 and beta2 = alpha = 0: Adam and RMSprop are both sign descent, the same points."""
    w = playground("adam")
    w.controls["beta1"].value = 0.0
    w.controls["beta2"].value = 0.0
    assert_same_path(w.runs["RMSprop"].xs, w.runs["Adam"].xs)
    labels = [t.get_text() for t in w.view.legend.get_texts()]
    assert "RMSprop (same path as Adam, drawn under it)" in labels


def test_a_loss_below_the_chart_says_so():
    w = playground("adagrad_rmsprop", adaptive_lr=0.1)  # RMSprop's first step, 10 lr = 1, lands next to x* = 0
    labels = [t.get_text() for t in w.view.legend.get_texts()]
    assert "RMSprop (below the loss chart from step 1)" in labels


def test_building_a_playground_prints_nothing(capsys, recwarn):
    for preset in PRESETS:
        playground(preset)
    out, err = capsys.readouterr()
    assert out == "" and err == ""
    assert len(recwarn) == 0, [str(w.message) for w in recwarn]


def test_repr_is_short_and_stable_for_the_saved_notebook():
    w = playground("adam")
    w.controls["adaptive_lr"].value = 0.05
    assert repr(w) == "<optimizer playground: preset 'adam'>"
    assert w._repr_mimebundle_()["text/plain"] == repr(w)


def test_lesson_01_starts_sgd_just_below_the_stability_limit():
    w = playground("sgd")
    problem = w.view.problem
    assert problem.L == 1.0 and problem.condition_number == 10.0
    lr = w.controls["lr"].value
    assert 0.8 * problem.lr_max < lr < problem.lr_max  # near 2/L, still converging
    assert w.runs["SGD"].losses[-1] < 1e-6 * w.runs["SGD"].losses[0]


def test_lesson_06_adam_drifts_to_the_worst_point_and_amsgrad_does_not():
    """Reddi et al. (2018): with beta1 = 0, beta2 = 1 / (1 + C^2), Adam goes to +1 and AMSGrad to -1."""
    w = playground("beyond")
    C = w.view.problem.C
    assert w.controls["beta1"].value == 0.0
    assert w.controls["beta2"].value == pytest.approx(1 / (1 + C**2))
    t, x_adam = w.paths["Adam"].get_data()
    assert np.array_equal(t, np.arange(w.controls["steps"].value + 1))  # x_t against t, not a contour
    assert x_adam[-1] == 1.0
    assert w.runs["AMSGrad"].xs[-1, 0] < -0.9


def test_lesson_06_loss_panel_is_the_average_regret():
    w = playground("beyond")
    problem, xs = w.view.problem, w.runs["AMSGrad"].xs
    regret, expected = 0.0, []
    for t in range(1, len(xs)):  # R_t = sum_{s<=t} f_s(x_{s-1}) - f_s(-1), played point x_{s-1}
        slope = problem.C if t % 3 == 1 else -1.0
        regret += slope * xs[t - 1, 0] - slope * (-1.0)
        expected.append(regret / t)
    steps, values = w.losses["AMSGrad"].get_data()
    assert np.array_equal(steps, np.arange(1, len(xs)))
    np.testing.assert_allclose(values, expected, rtol=1e-12, atol=1e-12)


# --- controls -> figure ---------------------------------------------------------------


def test_moving_the_adaptive_lr_slider_redraws_adam_as_runner_run_would():
    w = playground("adam")
    before = bytes(w.image.value)
    w.controls["adaptive_lr"].value = 0.1
    lr = w.controls["adaptive_lr"].value
    expected = runner.run(optim.Adam(lr=lr), problems.rosenbrock(), w.controls["steps"].value)
    assert_same_path(path_xy(w, "Adam"), expected.xs)
    t, gap = w.losses["Adam"].get_data()
    np.testing.assert_allclose(gap, expected.losses - expected.f_star, rtol=1e-8, atol=1e-12)
    assert bytes(w.image.value) != before


def test_moving_the_sgd_lr_slider_redraws_sgd_and_momentum():
    w = playground("momentum")
    w.controls["lr"].value = 0.3
    w.controls["momentum"].value = 0.9
    problem, steps = problems.quadratic(condition_number=50.0), w.controls["steps"].value
    assert_same_path(path_xy(w, "SGD"), runner.run(optim.SGD(lr=0.3), problem, steps).xs)
    expected = runner.run(optim.SGD(lr=0.3, momentum=0.9, nesterov=True), problem, steps)
    assert_same_path(path_xy(w, "Nesterov"), expected.xs)


def test_betas_eps_and_steps_reach_the_optimizer():
    w = playground("adam")
    w.controls["beta1"].value = 0.5
    w.controls["beta2"].value = 0.99
    w.controls["eps"].value = 1e-3
    w.controls["steps"].value = 120
    opt = optim.Adam(lr=w.controls["adaptive_lr"].value, betas=(0.5, 0.99), eps=w.controls["eps"].value)
    expected = runner.run(opt, problems.rosenbrock(), 120)
    assert_same_path(path_xy(w, "Adam"), expected.xs)
    # RMSprop's alpha is the same slider as Adam's beta2
    rms = optim.RMSprop(lr=w.controls["adaptive_lr"].value, alpha=0.99, eps=w.controls["eps"].value)
    assert_same_path(path_xy(w, "RMSprop"), runner.run(rms, problems.rosenbrock(), 120).xs)
    assert w.view.ax_loss.get_xlim() == (0.0, 120.0)


def test_unticking_an_optimizer_hides_its_lines_and_ticking_one_adds_it():
    w = playground("adam")
    w.checkboxes["SGD"].value = False
    assert not w.paths["SGD"].get_visible() and not w.losses["SGD"].get_visible()
    assert "SGD" not in w.runs
    assert "SGD" not in [t.get_text() for t in w.view.legend.get_texts()]
    w.checkboxes["Adagrad"].value = True
    assert shown(w) == {"Momentum", "Adagrad", "RMSprop", "Adam"}
    opt = optim.Adagrad(lr=w.controls["adaptive_lr"].value, eps=w.controls["eps"].value)
    assert_same_path(path_xy(w, "Adagrad"), runner.run(opt, problems.rosenbrock(), w.controls["steps"].value).xs)


def test_switching_function_moves_the_window_the_start_and_the_lr_defaults():
    w = playground("adam")
    w.controls["function"].value = "Beale"
    beale, spec = problems.beale(), FUNCTIONS["Beale"]
    assert w.view.ax_path.get_xlim() == beale.xlim and w.view.ax_path.get_ylim() == beale.ylim
    np.testing.assert_array_equal(np.ravel(w.view.start.get_data()), beale.x0)
    assert w.controls["adaptive_lr"].value == spec.adaptive_lr
    assert w.controls["lr"].value == spec.lr
    assert w.controls["steps"].value == spec.steps
    for name in ("SGD", "Adam"):
        np.testing.assert_array_equal(path_xy(w, name)[0], beale.x0)
    expected = runner.run(optim.Adam(lr=spec.adaptive_lr), beale, spec.steps)
    assert_same_path(path_xy(w, "Adam"), expected.xs)
    assert w.controls["condition"].layout.display == "none"  # Beale has no condition number


def test_switching_to_reddi_and_back_restores_the_contour_view():
    w = playground("adam")
    w.controls["function"].value = "Reddi"
    assert w.view.ax_path.get_ylim() == (-1.1, 1.1)
    w.controls["function"].value = "saddle"
    saddle = problems.saddle()
    assert w.view.ax_path.get_xlim() == saddle.xlim
    np.testing.assert_array_equal(path_xy(w, "Adam")[0], saddle.x0)
    assert len(w.view.ax_path.collections) == 1  # one contour set: the old landscapes were removed


def test_condition_number_slider_rebuilds_the_quadratic():
    w = playground("sgd")
    w.controls["condition"].value = 100.0
    assert w.view.problem.condition_number == pytest.approx(100.0)
    lr, steps = w.controls["lr"].value, w.controls["steps"].value
    expected = runner.run(optim.SGD(lr=lr), problems.quadratic(condition_number=100.0), steps)
    assert_same_path(path_xy(w, "SGD"), expected.xs)


def test_only_the_knobs_of_the_shown_optimizers_are_displayed():
    w = playground("beyond", function="quadratic", optimizers=["SGD"])  # 06 offers every optimizer
    hidden = {n for n, c in w.controls.items() if c.layout.display == "none"}
    assert hidden == {"adaptive_lr", "momentum", "beta1", "beta2", "eps", "weight_decay"}
    w.checkboxes["AdamW"].value = True
    hidden = {n for n, c in w.controls.items() if c.layout.display == "none"}
    assert hidden == {"momentum"}


def test_a_diverging_run_is_shown_stopped_not_raised():
    w = playground("adam", lr=0.01)  # SGD on Rosenbrock: the cubic gradient overflows
    run = w.runs["SGD"]
    assert run.diverged is not None
    assert np.isnan(run.xs[run.diverged:]).all() and np.isfinite(run.xs[:run.diverged]).all()
    assert any("SGD (diverged at step" in t.get_text() for t in w.view.legend.get_texts())
    expected = runner.run(optim.SGD(lr=0.01), problems.rosenbrock(), w.controls["steps"].value)
    np.testing.assert_array_equal(run.xs, expected.xs)  # SGD's row does exactly torch's arithmetic
    assert run.diverged == expected.diverged


def test_another_function_in_a_preset_brings_its_own_defaults():
    w = playground("adam", function="Beale")
    assert shown(w) == set(PRESETS["adam"]["optimizers"])
    assert w.controls["lr"].value == FUNCTIONS["Beale"].lr
    assert w.controls["steps"].value == FUNCTIONS["Beale"].steps


def test_overrides_and_bad_names():
    w = playground("adam", optimizers=["Adam", "NAdam"], steps=50)
    assert shown(w) == {"Adam", "NAdam"} and w.controls["steps"].value == 50
    with pytest.raises(ValueError, match="unknown preset"):
        playground("adamw")
    with pytest.raises(ValueError, match="unknown setting"):
        playground("adam", learning_rate=0.1)
    with pytest.raises(ValueError, match="unknown optimizer"):
        playground("adam", optimizers=["adam"])


# --- the model is runner.run ----------------------------------------------------------


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_compute_gives_runner_run_for_every_optimizer(function):
    settings = {**model.defaults(function), "steps": 80, "optimizers": list(NAMES)}
    problem = model.make_problem(settings)
    runs = model.compute(settings, problem)
    assert list(runs) == list(NAMES)
    reference = model.compute_each(settings, problem)
    for name in NAMES:
        expected = runner.run(make(name, settings), problem, 80, name=name)
        np.testing.assert_array_equal(reference[name].xs, expected.xs)
        assert_same_path(runs[name].xs, expected.xs, err_msg=f"{name} on {function}")
        np.testing.assert_allclose(runs[name].losses, expected.losses, rtol=1e-8, atol=1e-12, equal_nan=True)
        assert runs[name].diverged == expected.diverged


@pytest.mark.parametrize("betas", [(0.0, 0.0), (0.0, 0.9), (0.5, 0.99), (0.9, 0.9999)])
def test_the_stacked_steps_follow_runner_run_at_extreme_betas(betas):
    """beta2 = 0 (sign descent), beta2 = 0.9999 (RAdam unrectified for long), AMSGrad's max, Adamax's
    inf-norm: every row of the one-array engine is the library's optimizer."""
    settings = {**model.defaults("Beale"), "steps": 60, "optimizers": list(NAMES),
                "beta1": betas[0], "beta2": betas[1], "adaptive_lr": 0.02, "weight_decay": 0.1}
    problem = model.make_problem(settings)
    runs, reference = model.compute(settings, problem), model.compute_each(settings, problem)
    for name in NAMES:
        assert_same_path(runs[name].xs, reference[name].xs, err_msg=name)
        assert runs[name].diverged == reference[name].diverged


def test_menu_names_build_the_optimizers_they_say():
    s = model.defaults("Rosenbrock")
    assert make("Nesterov", s).nesterov and make("Nesterov", s).momentum == s["momentum"]
    assert make("AMSGrad", s).amsgrad and type(make("AMSGrad", s)) is optim.Adam
    assert type(make("AdamW", s)) is optim.AdamW and make("AdamW", s).weight_decay == s["weight_decay"]
    assert make("RMSprop", s).alpha == s["beta2"]
    assert make("SGD", s).lr == s["lr"] and make("Adam", s).lr == s["adaptive_lr"]


# --- moving_average_widget -------------------------------------------------------------


@pytest.mark.parametrize("beta, t", [(0.9, 10), (0.99, 50), (0.5, 1), (0.0, 7)])
def test_moving_average_weights_and_bias_factor(beta, t):
    w = moving_average_widget()
    w.controls["beta"].value = beta
    w.controls["t"].value = t
    k, weights = w.lines["weights"].get_data()
    np.testing.assert_array_equal(k, np.arange(t))
    np.testing.assert_allclose(weights, [(1 - beta) * beta**j for j in range(t)], rtol=1e-14)
    assert weights.sum() == pytest.approx(1 - beta**t, rel=1e-12)
    # the EMA of a constant g = 1 started at 0, step by step, is the drawn bias factor
    m = 0.0
    for _ in range(t):
        m = beta * m + (1 - beta) * 1.0
    now_t, now_factor = w.lines["now"].get_data()
    assert now_t[0] == t and now_factor[0] == pytest.approx(m, rel=1e-12)
    ts, curve = w.lines["bias"].get_data()
    np.testing.assert_allclose(curve, 1 - beta**ts, rtol=1e-12)


def test_moving_average_image_changes_with_the_sliders():
    w = bias_correction_widget()
    before = bytes(w.image.value)
    w.controls["beta"].value = 0.5
    assert bytes(w.image.value) != before and bytes(w.image.value).startswith(b"\xff\xd8\xff")


def test_the_cached_picture_matches_a_full_redraw():
    """The blitting shortcut (cached landscape + lines drawn on top) must not show a stale picture."""
    w = playground("beyond")
    w.controls["function"].value = "Beale"
    w.controls["adaptive_lr"].value = 0.2
    w.checkboxes["NAdam"].value = True
    renderer = w.view.renderer
    renderer.draw()
    fast = np.asarray(renderer.canvas.buffer_rgba()).astype(int)
    renderer.canvas.draw()  # everything from scratch
    full = np.asarray(renderer.canvas.buffer_rgba()).astype(int)
    differs = np.any(np.abs(fast - full) > 40, axis=-1)
    assert differs.mean() < 0.002  # only where a line crosses a marker drawn in another order


def test_bias_correction_widget_reaches_beta2_0999_warm_up_on_a_log_axis():
    """Lesson 04: 1 - 0.999^t passes 0.99 only at t = 4603; the t slider must get there."""
    w = bias_correction_widget()
    assert max(T_CHOICES) >= 4603 and w.axes["bias"].get_xscale() == "log"
    assert set(range(1, 101)) <= set(T_CHOICES)                      # every early step
    assert max(b / a for a, b in zip(T_CHOICES, T_CHOICES[1:]) if a >= 100) < 1.03  # then ~2 % apart
    w.controls["beta"].value = 0.999
    t = min(c for c in T_CHOICES if c >= 4603)
    w.controls["t"].value = t
    assert w.t == t
    assert w.lines["now"].get_data()[1][0] == pytest.approx(1 - 0.999**t) and 1 - 0.999**t > 0.99
    ts, _ = w.lines["bias"].get_data()
    assert ts.max() >= 4603


@pytest.mark.parametrize("beta, t", [(0.9, 10), (0.999, 100), (0.999, 4603), (0.5, 10_000)])
def test_bias_correction_legend_covers_no_data(beta, t):
    w = bias_correction_widget(beta=beta, t=t)
    w.renderer.canvas.draw()
    ax = w.axes["bias"]
    box = ax.get_legend().get_window_extent()
    for line in (w.lines["bias"], w.lines["now"]):
        xy = ax.transData.transform(np.column_stack(line.get_data()))
        inside = (xy[:, 0] >= box.x0) & (xy[:, 0] <= box.x1) & (xy[:, 1] >= box.y0 - 5) & (xy[:, 1] <= box.y1)
        assert not inside.any()
    assert box.y0 > ax.transData.transform((1, 1.0))[1]  # above the corrected line y = 1 too


def test_bias_correction_at_beta_zero_says_why_the_raw_curve_is_not_seen():
    w = bias_correction_widget()
    w.controls["beta"].value = 0.0
    assert "lies under the corrected line" in w.titles["bias"].get_text()


def test_bias_correction_widget_refuses_bad_arguments():
    with pytest.raises(ValueError, match="beta must be in"):
        bias_correction_widget(beta=1.0)
    with pytest.raises(ValueError, match="t must be in"):
        bias_correction_widget(t=0)


def test_bias_correction_cached_picture_matches_a_full_redraw():
    """While a slider is dragged only the lines and titles are redrawn over a cached frame."""
    w = bias_correction_widget()
    w.controls["beta"].value = 0.99
    w.controls["t"].value = nearest_t(300)
    renderer = w.renderer
    renderer.draw()
    fast = np.asarray(renderer.canvas.buffer_rgba()).astype(int)
    renderer.canvas.draw()
    full = np.asarray(renderer.canvas.buffer_rgba()).astype(int)
    assert np.any(np.abs(fast - full) > 40, axis=-1).mean() < 0.002  # where the raw curve meets the line 1
