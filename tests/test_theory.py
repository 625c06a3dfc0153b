"""adamlib.theory: the closed forms, checked against adamlib.optim.SGD run on quadratics."""
import math

import numpy as np
import pytest

from adamlib import theory
from adamlib.optim import SGD


def run_sgd(opt, curvatures, x0, steps):
    """Iterates of ``opt`` on f(x) = 1/2 sum(curvatures * x^2), as a (steps+1, dim) array."""
    curvatures = np.asarray(curvatures, dtype=float)
    x, state, xs = np.asarray(x0, dtype=float), opt.init(np.asarray(x0, dtype=float)), [x0]
    for _ in range(steps):
        x, state = opt.step(x, curvatures * x, state)
        xs.append(x)
    return np.array(xs, dtype=float)


def measured_rate(xs, tail=50):
    """Per-step factor of the error norm over the last ``tail`` steps."""
    norms = np.linalg.norm(xs, axis=1)
    return (norms[-1] / norms[-1 - tail]) ** (1.0 / tail)


def test_curvature_range_reads_the_eigenvalues_of_a_rotated_hessian():
    c, s = math.cos(0.3), math.sin(0.3)
    rotation = np.array([[c, -s], [s, c]])
    hessian = rotation @ np.diag([7.0, 0.5]) @ rotation.T
    L, mu = theory.curvature_range(hessian)
    assert L == pytest.approx(7.0) and mu == pytest.approx(0.5)


def test_gd_rate_is_the_ratio_of_successive_iterates_in_one_dimension():
    lam, lr = 3.0, 0.2
    xs = run_sgd(SGD(lr=lr), [lam], [1.0], 5)
    ratios = xs[1:, 0] / xs[:-1, 0]
    np.testing.assert_allclose(ratios, theory.gd_rate(lr, [lam]), rtol=1e-12)


@pytest.mark.parametrize("factor, converges", [(0.99, True), (1.01, False)])
def test_gd_max_lr_separates_convergence_from_divergence(factor, converges):
    curvatures = [10.0, 1.0]
    lr = factor * theory.gd_max_lr(max(curvatures))
    xs = run_sgd(SGD(lr=lr), curvatures, [1.0, 1.0], 2000)
    final = np.linalg.norm(xs[-1])
    assert (final < 1e-3) if converges else (final > 1e3)


def test_gd_optimal_lr_balances_both_ends_and_beats_its_neighbours():
    L, mu = 20.0, 2.0
    lr, rate = theory.gd_optimal(L, mu)
    assert abs(1 - lr * mu) == pytest.approx(abs(1 - lr * L))
    assert theory.gd_rate(lr, [mu, L]) == pytest.approx(rate)
    assert rate == pytest.approx(9.0 / 11.0)  # (kappa - 1) / (kappa + 1) with kappa = 10
    for other in (0.95 * lr, 1.05 * lr):
        assert theory.gd_rate(other, [mu, L]) > rate


@pytest.mark.parametrize("nesterov", [False, True])
def test_two_by_two_maps_reproduce_torch_style_sgd_exactly(nesterov):
    lam, lr, momentum, steps = 2.5, 0.3, 0.7, 12
    xs = run_sgd(SGD(lr=lr, momentum=momentum, nesterov=nesterov), [lam], [1.0], steps)
    matrix = (theory.nesterov_matrix if nesterov else theory.heavy_ball_matrix)(lr, momentum, lam)
    state = np.array([1.0, 0.0])  # torch's buffer starts as the first gradient = momentum * 0 + g
    for k in range(1, steps + 1):
        state = matrix @ state
        assert state[0] == pytest.approx(xs[k, 0], rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_rates_match_the_measured_decay(nesterov):
    curvatures, lr, momentum = [10.0, 1.0], 0.05, 0.6
    opt = SGD(lr=lr, momentum=momentum, nesterov=nesterov)
    xs = run_sgd(opt, curvatures, [1.0, 1.0], 300)
    rate = (theory.nesterov_rate if nesterov else theory.heavy_ball_rate)(lr, momentum, curvatures)
    assert measured_rate(xs) == pytest.approx(rate, rel=2e-3)


def test_heavy_ball_rate_is_sqrt_momentum_when_every_direction_spirals():
    # With lr*lam = 1 the characteristic polynomial is z^2 - momentum*z + momentum, whose
    # roots are complex for momentum < 4; their product is momentum, so |z| = sqrt(momentum).
    assert theory.heavy_ball_rate(0.5, 0.36, [2.0]) == pytest.approx(0.6)


def test_heavy_ball_optimum_has_the_sqrt_kappa_rate_and_beats_its_neighbours():
    L, mu = 100.0, 1.0
    lr, momentum, rate = theory.heavy_ball_optimal(L, mu)
    assert lr == pytest.approx(4.0 / 121.0) and momentum == pytest.approx((9.0 / 11.0) ** 2)
    assert rate == pytest.approx(9.0 / 11.0)  # (sqrt(kappa) - 1) / (sqrt(kappa) + 1), kappa = 100
    assert theory.heavy_ball_rate(lr, momentum, [mu, L]) == pytest.approx(rate, rel=1e-6)
    for other_lr, other_momentum in [(0.9 * lr, momentum), (1.1 * lr, momentum),
                                     (lr, 0.9 * momentum), (lr, 1.05 * momentum)]:
        assert theory.heavy_ball_rate(other_lr, other_momentum, [mu, L]) > rate + 1e-3


def test_heavy_ball_optimum_converges_at_its_rate_in_a_simulation():
    L, mu = 100.0, 1.0
    lr, momentum, rate = theory.heavy_ball_optimal(L, mu)
    xs = run_sgd(SGD(lr=lr, momentum=momentum), [L, mu], [1.0, 1.0], 300)
    # The optimum has a repeated eigenvalue, so the error decays as k * rate^k: allow the k.
    assert np.linalg.norm(xs[-1]) < 300 * 10 * rate**300
    assert measured_rate(xs) == pytest.approx(rate, rel=1e-2)


def test_steps_to_tolerance_counts_by_hand():
    assert theory.steps_to_tolerance(0.5, 1e-3) == 10  # 0.5**9 = 1.95e-3 > 1e-3 >= 0.5**10
    assert theory.steps_to_tolerance(0.0, 1e-3) == 1
    assert theory.steps_to_tolerance(1.0, 1e-3) == math.inf
