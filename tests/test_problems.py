"""adamlib.problems: gradients against central finite differences, minima, and the documented facts.

Expected values come from the formulas by hand (stated next to each), from
finite differences, or from an independent NumPy routine (np.polyfit).
"""
import numpy as np
import pytest

from adamlib import problems as P
from adamlib.optim import SGD, Adam
from adamlib.runner import run

TWO_D = {
    "quadratic": P.quadratic,
    "quadratic kappa=100 scale=4": lambda: P.quadratic(condition_number=100.0, scale=4.0),
    "scaled_quadratic": P.scaled_quadratic,
    "rosenbrock": P.rosenbrock,
    "rosenbrock a=2 b=10": lambda: P.rosenbrock(a=2.0, b=10.0),
    "beale": P.beale,
    "saddle": P.saddle,
    "toy_regression": P.toy_regression,
    "noisy_regression": P.noisy_regression,
    "noisy_regression batch 16": lambda: P.noisy_regression(n=50, batch_size=16, seed=3),
}
ALL = {**TWO_D, "quadratic dim=5": lambda: P.quadratic(condition_number=50.0, dim=5), "reddi": P.reddi}


def random_points(problem, rng, k=5):
    """Points inside the plot window (2-D), or around x* (elsewhere), away from Reddi's kinks."""
    if problem.xlim is not None:
        return np.column_stack([rng.uniform(*problem.xlim, k), rng.uniform(*problem.ylim, k)])
    if isinstance(problem, P.Reddi):
        return rng.uniform(-0.9, 0.9, size=(k, 1))
    return problem.x_star + rng.normal(size=(k, problem.dim))


def central_difference(f, x, h=1e-5):
    g = np.zeros_like(x)
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = h * max(1.0, abs(x[i]))
        g[i] = (f(x + e) - f(x - e)) / (2 * e[i])
    return g


@pytest.mark.parametrize("name", ALL)
def test_gradient_matches_central_finite_differences(name):
    problem = ALL[name]()
    rng = np.random.default_rng(0)
    for x in random_points(problem, rng):
        for t in (None, 1, 2, 3, 17):  # t matters only for stochastic / online problems
            fd = central_difference(lambda z: problem.loss(z, t), x)
            scale = 1.0 + abs(problem.loss(x, t))
            np.testing.assert_allclose(problem.grad(x, t), fd, rtol=1e-6, atol=1e-7 * scale)


@pytest.mark.parametrize("name", [n for n in ALL if n != "reddi"])
def test_gradient_vanishes_at_x_star_and_loss_there_is_f_star(name):
    problem = ALL[name]()
    np.testing.assert_allclose(problem.grad(problem.x_star), 0.0, atol=1e-10)
    assert problem.loss(problem.x_star) == pytest.approx(problem.f_star, abs=1e-12)


@pytest.mark.parametrize("name", [n for n in ALL if n != "saddle"])
def test_x_star_is_a_minimum_nearby(name):
    # (the saddle's x* is one of two minima; its own test below)
    problem = ALL[name]()
    rng = np.random.default_rng(1)
    for _ in range(20):
        x = problem.project(problem.x_star + 1e-3 * rng.normal(size=problem.dim))
        assert problem.loss(x) >= problem.f_star - 1e-12


@pytest.mark.parametrize("name, f_star", [
    ("quadratic", 0.0), ("scaled_quadratic", 0.0), ("quadratic dim=5", 0.0),
    ("rosenbrock", 0.0), ("rosenbrock a=2 b=10", 0.0),  # both squares vanish at (a, a^2)
    ("beale", 0.0),                                      # u1 = u2 = u3 = 0 at (3, 0.5)
    ("saddle", -0.5),                                    # y^2 = 1: -1 + 1/2
    ("toy_regression", 0.0),                             # the line y = x fits both points
    ("reddi", -1.0 / 3.0),                               # (C - 2) * (-1) / 3 with C = 3
])
def test_f_star_has_the_value_derived_by_hand(name, f_star):
    assert ALL[name]().f_star == pytest.approx(f_star, abs=1e-15)


def test_minimisers_derived_by_hand():
    np.testing.assert_array_equal(P.rosenbrock().x_star, [1.0, 1.0])
    np.testing.assert_array_equal(P.rosenbrock(a=2.0).x_star, [2.0, 4.0])
    np.testing.assert_array_equal(P.beale().x_star, [3.0, 0.5])
    np.testing.assert_array_equal(P.toy_regression().x_star, [1.0, 0.0])
    np.testing.assert_array_equal(P.quadratic().x_star, [0.0, 0.0])
    np.testing.assert_array_equal(P.reddi().x_star, [-1.0])


@pytest.mark.parametrize("name", TWO_D)
def test_loss_grid_agrees_with_loss_and_problem_has_a_plot_window(name):
    problem = TWO_D[name]()
    assert problem.dim == 2 and len(problem.labels) == 2
    (x_lo, x_hi), (y_lo, y_hi) = problem.xlim, problem.ylim
    assert x_lo < problem.x_star[0] < x_hi and y_lo < problem.x_star[1] < y_hi
    assert x_lo <= problem.x0[0] <= x_hi and y_lo <= problem.x0[1] <= y_hi
    X, Y = np.meshgrid(np.linspace(x_lo, x_hi, 7), np.linspace(y_lo, y_hi, 5))
    Z = problem.loss_grid(X, Y)
    assert Z.shape == X.shape
    expected = [[problem.loss([x, y]) for x, y in zip(xr, yr)] for xr, yr in zip(X, Y)]
    np.testing.assert_allclose(Z, expected, rtol=1e-13)


@pytest.mark.parametrize("name", ALL)
def test_inputs_are_not_mutated_and_outputs_are_new_float_arrays(name):
    problem = ALL[name]()
    x = random_points(problem, np.random.default_rng(2), k=1)[0]
    before = x.copy()
    g, p = problem.grad(x, 1), problem.project(x)
    problem.loss(x, 1)
    np.testing.assert_array_equal(x, before)
    assert isinstance(problem.loss(x), float)
    assert g.shape == p.shape == x.shape == problem.x0.shape == (problem.dim,)
    assert not np.shares_memory(g, x) and not np.shares_memory(p, x)
    assert problem.grad([int(v) for v in problem.x0]).dtype == float  # integer input works too


@pytest.mark.parametrize("name", ALL)
def test_constants_are_read_only(name):
    problem = ALL[name]()
    for array in (problem.x0, problem.x_star):
        with pytest.raises(ValueError):
            array[0] = 123.0


# --- quadratic --------------------------------------------------------------

def test_quadratic_matrix_eigenvalues_and_thresholds():
    q = P.quadratic(condition_number=25.0, scale=4.0)
    np.testing.assert_array_equal(q.A, np.diag([4.0, 4.0 / 25.0]))
    np.testing.assert_allclose(np.linalg.eigvalsh(q.A), sorted(q.eigenvalues))
    assert (q.L, q.mu, q.condition_number) == pytest.approx((4.0, 0.16, 25.0))
    assert q.lr_max == pytest.approx(0.5)                 # 2 / L
    assert q.lr_best == pytest.approx(2.0 / 4.16)         # 2 / (L + mu)
    assert q.momentum_best == pytest.approx((4.0 / 6.0) ** 2)   # ((5 - 1) / (5 + 1))^2
    assert q.lr_momentum_best == pytest.approx(4.0 / (2.0 + 0.4) ** 2)
    x = np.array([0.3, -2.0])
    np.testing.assert_allclose(q.grad(x), q.A @ x)
    assert q.loss(x) == pytest.approx(0.5 * x @ q.A @ x)


def test_quadratic_in_n_dimensions_spans_L_to_L_over_kappa():
    q = P.quadratic(condition_number=1000.0, scale=2.0, dim=4)
    assert q.dim == 4 and q.A.shape == (4, 4)
    assert q.eigenvalues[0] == pytest.approx(2.0) and q.eigenvalues[-1] == pytest.approx(0.002)
    assert np.all(np.diff(q.eigenvalues) < 0)


def test_quadratic_rejects_impossible_arguments():
    for kwargs in ({"condition_number": 0.5}, {"scale": 0.0}, {"dim": 0}):
        with pytest.raises(ValueError):
            P.quadratic(**kwargs)


def test_scaled_quadratic_scales_one_coordinates_gradient():
    for factor in (1.0, 10.0, 1000.0):
        np.testing.assert_allclose(P.scaled_quadratic(factor).grad([1.0, 1.0]), [1.0, factor])


def test_momentum_best_beats_plain_sgd_on_the_quadratic():
    # The documented Polyak pair should converge faster than the best plain step.
    q = P.quadratic(condition_number=100.0)
    plain = run(SGD(lr=q.lr_best), q, 100)
    heavy = run(SGD(lr=q.lr_momentum_best, momentum=q.momentum_best), q, 100)
    assert heavy.losses[-1] < 1e-3 * plain.losses[-1]


# --- saddle ------------------------------------------------------------------

def test_saddle_point_is_flat_with_curvature_up_in_x_and_down_in_y():
    s = P.saddle()
    np.testing.assert_array_equal(s.grad(s.saddle_point), [0.0, 0.0])
    d = 1e-3
    assert s.loss([d, 0.0]) > 0.0 > s.loss([0.0, d])
    assert s.loss([0.0, -1.0]) == s.f_star  # the mirror minimum
    assert s.loss([0.0, 1.0]) == s.f_star


# --- regression --------------------------------------------------------------

def test_toy_regression_is_the_seed_articles_data():
    p = P.toy_regression()
    np.testing.assert_array_equal(p.x_train, [1.0, 2.0])
    np.testing.assert_array_equal(p.y_train, [1.0, 2.0])
    np.testing.assert_array_equal(p.x_test, [3.0, 4.0])
    np.testing.assert_array_equal(p.y_test, [3.0, 4.0])
    assert p.labels == ("$w$", "$b$")
    # at (w, b) = (0, 0) the residuals are (-1, -2): loss (1 + 4) / 2, test loss (9 + 16) / 2
    assert p.loss([0.0, 0.0]) == pytest.approx(2.5)
    assert p.test_loss([0.0, 0.0]) == pytest.approx(12.5)
    assert p.test_loss(p.x_star) == 0.0
    np.testing.assert_allclose(p.predict([2.0, 1.0], [0.0, 3.0]), [1.0, 7.0])
    np.testing.assert_allclose(p.hessian, [[5.0, 3.0], [3.0, 2.0]])


def test_noisy_regression_minimum_matches_polyfit():
    p = P.noisy_regression(n=100, noise=0.3, seed=5)
    w, b = np.polyfit(p.xs, p.ys, 1)
    np.testing.assert_allclose(p.x_star, [w, b], rtol=1e-10)
    assert p.f_star == pytest.approx(np.mean((w * p.xs + b - p.ys) ** 2), rel=1e-10)
    assert p.xs.min() >= 0.0 and p.xs.max() <= 4.0 and p.xs.size == 100


def test_noisy_regression_is_reproducible_from_its_seed():
    a, b, c = P.noisy_regression(seed=1), P.noisy_regression(seed=1), P.noisy_regression(seed=2)
    np.testing.assert_array_equal(a.ys, b.ys)
    assert not np.array_equal(a.ys, c.ys)


def test_noisy_regression_minibatches_are_deterministic_per_step_and_vary_between_steps():
    p = P.noisy_regression(batch_size=10, seed=0)
    same = P.noisy_regression(batch_size=10, seed=0)
    x = np.array([0.5, 0.5])
    np.testing.assert_array_equal(p.grad(x, 7), same.grad(x, 7))
    assert not np.array_equal(p.grad(x, 7), p.grad(x, 8))
    idx = p.batch(7)
    assert len(set(idx.tolist())) == 10                     # without replacement
    assert p.loss(x) == pytest.approx(np.mean((0.5 * p.xs + 0.5 - p.ys) ** 2))  # full data without t


def test_noisy_regression_minibatch_gradient_is_unbiased():
    p = P.noisy_regression(n=40, batch_size=5, seed=0)
    x = np.array([0.2, -0.3])
    mean = np.mean([p.grad(x, t) for t in range(1, 4001)], axis=0)
    np.testing.assert_allclose(mean, p.grad(x), rtol=0.05)


def test_noisy_regression_full_batch_ignores_t():
    p = P.noisy_regression(batch_size=None)
    x = np.array([0.3, 0.1])
    np.testing.assert_array_equal(p.grad(x, 5), p.grad(x))


# --- Reddi et al. (2018) -------------------------------------------------------

def test_reddi_gradients_follow_the_period_three_pattern():
    r = P.reddi(C=3.0)
    assert [float(r.grad([0.2], t)[0]) for t in range(1, 8)] == [3.0, -1.0, -1.0, 3.0, -1.0, -1.0, 3.0]
    assert r.loss([0.5], 1) == 1.5 and r.loss([0.5], 2) == -0.5


def test_reddi_loss_without_t_is_the_average_over_a_period():
    r = P.reddi(C=5.0)
    for x in (-1.0, -0.2, 0.7, 1.0):
        assert r.loss([x]) == pytest.approx(np.mean([r.loss([x], t) for t in (1, 2, 3)]))
        assert r.loss([x]) == pytest.approx((5.0 - 2.0) * x / 3.0)


def test_reddi_projects_onto_minus_one_one():
    np.testing.assert_array_equal(P.reddi().project([-3.0]), [-1.0])
    np.testing.assert_array_equal(P.reddi().project([0.25]), [0.25])
    np.testing.assert_array_equal(P.reddi().project([7.0]), [1.0])


def test_reddi_rejects_C_at_most_two():
    with pytest.raises(ValueError):
        P.reddi(C=2.0)


def test_reddi_regret_by_hand():
    r = P.reddi(C=3.0)
    # play x = 0 three times: each f_t(0) - f_t(-1) = slope_t: 3 - 1 - 1 = 1
    assert r.regret(np.zeros((3, 1))) == pytest.approx(1.0)
    assert r.regret(-np.ones((6, 1))) == 0.0


def test_adam_drifts_to_plus_one_and_amsgrad_to_minus_one_in_the_documented_setting():
    r = P.reddi(C=3.0)
    assert r.beta2_fail == pytest.approx(0.1)
    betas = (0.0, r.beta2_fail)
    adam = run(Adam(lr=0.1, betas=betas), r, 3000)
    ams = run(Adam(lr=0.1, betas=betas, amsgrad=True), r, 3000)
    assert np.mean(adam.xs[-300:, 0]) > 0.9       # near the worst point
    assert np.mean(ams.xs[-300:, 0]) < -0.9       # near the best
    assert r.regret(adam.xs[:-1]) / 3000 > 0.5 > r.regret(ams.xs[:-1]) / 3000


# --- the documented demos behave as documented ---------------------------------

def test_adam_steps_do_not_depend_on_the_scaled_quadratics_factor():
    # g_2 = factor * x_2 enters Adam only as m / sqrt(v), where the factor cancels (up to eps)
    a = run(Adam(lr=0.01), P.scaled_quadratic(1.0), 50)
    b = run(Adam(lr=0.01), P.scaled_quadratic(1000.0), 50)
    np.testing.assert_allclose(a.xs, b.xs, atol=1e-7)
    # while SGD's stable step shrinks with the factor: lr = 0.01 is stable for 1, not for 1000
    assert run(SGD(lr=0.01), P.scaled_quadratic(1000.0), 50).losses[-1] > 1e10


def test_adam_escapes_the_saddle_sooner_than_sgd():
    s = P.saddle()
    first_past = {name: int(np.argmax(run(opt, s, 300).xs[:, 1] > 0.5))
                  for name, opt in {"SGD": SGD(lr=0.05), "Adam": Adam(lr=0.05)}.items()}
    # SGD: y grows by (1 + 2 * 0.05) per step from 1e-3, about log(500) / log(1.1) = 65 steps
    assert 55 < first_past["SGD"] < 75
    assert 0 < first_past["Adam"] < first_past["SGD"] / 3
