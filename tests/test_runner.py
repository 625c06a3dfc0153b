"""adamlib.runner: trajectories against closed forms derived by hand."""
import warnings

import numpy as np
import pytest

from adamlib import problems as P
from adamlib.optim import SGD, Adam
from adamlib.runner import Trajectory, run, run_many


class Recorder(P.Quadratic):
    """The 2-D quadratic, remembering the t of every gradient call and the points projected."""

    def __init__(self):
        super().__init__([1.0, 0.5])
        self.ts, self.projected = [], 0

    def grad(self, x, t=None):
        self.ts.append(t)
        return super().grad(x, t)

    def project(self, x):
        self.projected += 1
        return super().project(x)


@pytest.mark.parametrize("dim", [2, 5])
def test_sgd_on_the_quadratic_matches_the_closed_form(dim):
    # x_t = (1 - lr * lambda_i)^t x0_i, coordinate by coordinate
    q = P.quadratic(condition_number=10.0, scale=2.0, dim=dim)
    lr, steps = 0.3, 40
    x0 = np.linspace(-1.0, 2.0, dim)
    traj = run(SGD(lr=lr), q, steps, x0=x0)
    t = np.arange(steps + 1)[:, None]
    expected = (1.0 - lr * q.eigenvalues) ** t * x0
    np.testing.assert_allclose(traj.xs, expected, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(traj.losses, 0.5 * np.sum(q.eigenvalues * expected**2, axis=1), rtol=1e-12)
    assert traj.xs.shape == (steps + 1, dim) and traj.losses.shape == (steps + 1,)


def test_trajectory_fields():
    q = P.quadratic()
    traj = run(Adam(lr=0.1), q, 5)
    assert isinstance(traj, Trajectory)
    assert traj.name == "Adam" and traj.steps == 5 and traj.f_star == 0.0 and traj.diverged is None
    np.testing.assert_array_equal(traj.x, traj.xs[-1])
    np.testing.assert_array_equal(traj.lrs, [0.1] * 5)
    np.testing.assert_array_equal(traj.gaps, traj.losses - q.f_star)
    assert run(Adam(), q, 1, name="mine").name == "mine"


def test_default_start_is_the_problems_x0():
    r = P.rosenbrock()
    traj = run(SGD(lr=1e-4), r, 3)
    np.testing.assert_array_equal(traj.xs[0], r.x0)
    assert traj.losses[0] == r.loss(r.x0)


def test_grad_is_asked_with_one_based_step_numbers_and_every_step_is_projected():
    p = Recorder()
    run(SGD(lr=0.1), p, 6)
    assert p.ts == [1, 2, 3, 4, 5, 6]
    assert p.projected == 1 + 6  # the start, then after every step


def test_projection_is_applied_after_each_step():
    # Reddi, C = 3, SGD lr = 1, from 0: x - grad = 0 - 3 -> clipped to -1, then -1 + 1 = 0, 0 + 1 = 1,
    # 1 - 3 -> clipped to -1, ...: the period (-1, 0, 1).
    traj = run(SGD(lr=1.0), P.reddi(C=3.0), 7)
    np.testing.assert_array_equal(traj.xs[:, 0], [0.0, -1.0, 0.0, 1.0, -1.0, 0.0, 1.0, -1.0])


def test_schedule_sets_lr_before_each_step_and_lr_is_restored():
    q = P.quadratic(condition_number=4.0)   # eigenvalues 1 and 1/4
    opt = SGD(lr=0.01)
    calls = []

    def schedule(t):
        calls.append(t)
        return 1.0 / (t + 1)

    traj = run(opt, q, 5, schedule=schedule)
    lrs = 1.0 / (np.arange(1, 6) + 1)
    assert calls == [1, 2, 3, 4, 5]
    np.testing.assert_allclose(traj.lrs, lrs)
    # x_t = prod_{s <= t} (1 - lr_s * lambda) x0
    expected = np.cumprod(1.0 - lrs[:, None] * q.eigenvalues, axis=0) * q.x0
    np.testing.assert_allclose(traj.xs[1:], expected, rtol=1e-13)
    assert opt.lr == 0.01


def test_inputs_are_not_mutated():
    q = P.quadratic()
    x0 = np.array([0.7, -0.4])
    opt = Adam(lr=0.05)
    before = repr(opt)
    traj = run(opt, q, 10, x0=x0)
    np.testing.assert_array_equal(x0, [0.7, -0.4])
    np.testing.assert_array_equal(q.x0, [1.0, 1.0])
    assert repr(opt) == before
    assert not np.shares_memory(traj.xs, x0)


def test_losses_are_the_problems_full_loss_at_each_point():
    for problem in (P.noisy_regression(batch_size=8), P.reddi(), P.quadratic(dim=3), P.beale()):
        traj = run(Adam(lr=0.01), problem, 20)
        np.testing.assert_allclose(traj.losses, [problem.loss(x) for x in traj.xs], rtol=1e-13)


def test_stochastic_run_is_reproducible():
    p = P.noisy_regression(batch_size=8, seed=4)
    a, b = run(SGD(lr=0.01), p, 30), run(SGD(lr=0.01), p, 30)
    np.testing.assert_array_equal(a.xs, b.xs)
    full = run(SGD(lr=0.01), P.noisy_regression(seed=4), 30)
    assert not np.allclose(a.xs, full.xs)  # the minibatches made a difference


def test_divergence_stops_the_run_quietly_and_fills_nan():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow warning would print into a notebook
        traj = run(SGD(lr=0.1), P.rosenbrock(), 100)
    assert traj.diverged is not None and 1 <= traj.diverged <= 100
    assert np.all(np.isnan(traj.xs[traj.diverged:]))
    assert np.all(np.isfinite(traj.xs[:traj.diverged]))
    assert "diverged" in repr(traj)


def test_run_many_uses_the_dict_names_and_the_same_start():
    q = P.quadratic()
    opts = {"SGD": SGD(lr=0.1), "Momentum": SGD(lr=0.1, momentum=0.9), "Adam": Adam(lr=0.1)}
    runs = run_many(opts, q, 12, x0=[0.5, -1.0])
    assert list(runs) == ["SGD", "Momentum", "Adam"]
    for name, traj in runs.items():
        assert traj.name == name
        np.testing.assert_array_equal(traj.xs[0], [0.5, -1.0])
        np.testing.assert_array_equal(traj.xs, run(opts[name], q, 12, x0=[0.5, -1.0]).xs)


def test_a_scalar_start_works_for_a_one_dimensional_problem():
    traj = run(SGD(lr=0.1), P.reddi(C=3.0), 2, x0=0.5)
    np.testing.assert_allclose(traj.xs[:, 0], [0.5, 0.5 - 0.3, 0.2 + 0.1])  # slopes 3, then -1


def test_an_update_that_overflows_is_recorded_as_divergence():
    # quadratic, SGD lr = 1e300 from (1, 1): step 1 gives x_1 = 1 - 1e300 * 1 (finite, about -1e300);
    # step 2 gives x_1 + 1e300 * 1e300 = inf, which the optimizer refuses.
    traj = run(SGD(lr=1e300), P.quadratic(), 5)
    assert traj.diverged == 2
    assert np.all(np.isfinite(traj.xs[:2])) and np.all(np.isnan(traj.xs[2:]))


def test_errors_that_are_not_divergence_still_raise():
    class WrongShape(P.Quadratic):
        def grad(self, x, t=None):
            return np.zeros(3)  # a bug in the problem: must not be hidden as "diverged"

    with pytest.raises(ValueError, match="shape"):
        run(SGD(lr=0.1), WrongShape([1.0, 2.0]), 3)
