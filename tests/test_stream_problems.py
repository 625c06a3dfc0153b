"""Lesson 03's batched stream problems: RareFeatures (AdaGrad's setting) and MovingTarget (RMSProp's).

What the lesson relies on: every rate and seed in one batch gives the same numbers as running
them one at a time; a seed's stream does not depend on the other seeds or on the run's length;
the exact excess risk is right; bad arguments raise ValueError naming them.
"""
import numpy as np
import pytest

from adamlib import steps
from adamlib.problems.moving_target import MovingTarget
from adamlib.problems.rare_features import RareFeatures


def sgd(w, grad, state, lr):
    return w - lr * grad, state


def test_rare_features_batch_equals_one_at_a_time():
    problem = RareFeatures(range(3), 60)
    batch = problem.run(steps.adagrad_step, [0.1, 0.5], (30, 60))
    for k, lr in enumerate([0.1, 0.5]):
        for seed in range(3):
            alone = problem.run(steps.adagrad_step, lr, 60, seeds=[seed])
            np.testing.assert_allclose(batch[60][0][k, seed], alone[60][0][0, 0], rtol=1e-12)
    short = problem.run(steps.adagrad_step, [0.1, 0.5], 30)
    np.testing.assert_array_equal(short[30][0], batch[30][0])


def test_rare_features_stream_is_fixed_by_its_seed():
    a, b = RareFeatures([7, 8], 50), RareFeatures([8], 200)
    np.testing.assert_array_equal(a.x[1], b.x[0][:50])
    np.testing.assert_array_equal(a.y[1], b.y[0][:50])


def test_rare_features_frequencies_and_gradient_sparsity():
    problem = RareFeatures(range(20), 2000)
    seen = problem.x.mean(axis=(0, 1))
    np.testing.assert_allclose(seen, problem.frequencies, rtol=0.2, atol=0.003)
    w, state = problem.run(steps.adagrad_step, 0.3, 2000)[2000]
    # the accumulator of a feature grows only on the steps where it appears: rare ones stay small
    mean_sum = state[0].mean(axis=0)
    assert mean_sum[-1] < mean_sum[0] / 10


def test_excess_risk_is_the_expected_squared_error():
    problem = RareFeatures([0], 10, frequencies=[0.5, 0.2, 0.05], noise=0.0)
    w = np.array([1.5, 0.0, 3.0])
    rng = np.random.default_rng(0)
    x = rng.random((400_000, 3)) < problem.frequencies
    sampled = np.mean((x @ (w - problem.w_star)) ** 2)
    assert problem.excess_risk(w) == pytest.approx(sampled, rel=0.01)
    assert problem.excess_risk(problem.w_star) == 0.0


def test_moving_target_batch_equals_one_at_a_time_and_prefix():
    problem = MovingTarget(range(3), 120, segment=40)
    batch = problem.run(steps.rmsprop_step, [0.01, 0.1], (60, 120))
    for k, lr in enumerate([0.01, 0.1]):
        alone = problem.run(steps.rmsprop_step, lr, 120, seeds=[2])
        assert batch[120][k, 2] == pytest.approx(alone[120][0, 0], rel=1e-12)
    assert MovingTarget([5], 60, segment=40).run(sgd, 0.001, 60)[60][0, 0] == pytest.approx(
        MovingTarget([4, 5], 300, segment=40).run(sgd, 0.001, 60)[60][0, 1], rel=1e-12)


def test_moving_target_segments_and_control():
    problem = MovingTarget([0], 300, segment=100, decades=2.0)
    scales = problem.scale[0, :, 0]
    assert len(np.unique(scales)) == 3 and np.all((scales >= 0.01) & (scales <= 100))
    assert np.all(problem.target[0, :100] == problem.target[0, 0])
    fixed = MovingTarget([0], 300, segment=100, vary_scale=False)
    assert np.all(fixed.scale == 1.0)
    np.testing.assert_array_equal(fixed.target, problem.target)   # only the scale changed


def test_a_diverging_rate_scores_inf_or_nan_without_warnings():
    with np.errstate(all="raise"):
        score = MovingTarget([0, 1], 200).run(sgd, 100.0, 200)[200]
    assert not np.isfinite(score).any()


@pytest.mark.parametrize("make, words", [
    (lambda: RareFeatures([0], 10, frequencies=[0.5, 0.0]), "frequencies"),
    (lambda: RareFeatures([0], 10, noise=-1), "noise"),
    (lambda: RareFeatures([0], 0), "max_steps"),
    (lambda: RareFeatures([0], 10).run(sgd, 0.1, 11), "horizons"),
    (lambda: RareFeatures([0], 10).run(sgd, -0.1, 5), "lrs"),
    (lambda: RareFeatures([0], 10).run(sgd, 0.1, 5, seeds=[3]), "seeds"),
    (lambda: MovingTarget([0], 10, segment=0), "segment"),
    (lambda: MovingTarget([0], 10, decades=-1), "decades"),
    (lambda: MovingTarget([0], 10).run(sgd, 0.1, 0), "horizons"),
])
def test_bad_arguments_raise_value_error_naming_them(make, words):
    with pytest.raises(ValueError, match=words):
        make()


def test_moving_target_trace_averages_to_the_run_score():
    problem = MovingTarget(range(2), 150, segment=50)
    per_step, states = problem.trace(steps.adagrad_step, 0.5, 150, seed=1)
    assert per_step.shape == (150,) and states.shape == (150, problem.dim)
    assert np.all(np.diff(states, axis=0) >= 0)   # AdaGrad's sum only grows
    assert per_step.mean() == pytest.approx(problem.run(steps.adagrad_step, 0.5, 150)[150][0, 1], rel=1e-12)
