"""clip_by_global_norm: hand-derived cases, then torch.nn.utils.clip_grad_norm_ itself when installed."""
import math

import numpy as np
import pytest

from adamlib.optim import clip_by_global_norm, global_norm


def test_one_norm_over_the_whole_tree():
    # entries 3, 4 (one array) and 12 (another): global norm sqrt(9 + 16 + 144) = 13
    grads = {"W": np.array([[3.0, 4.0]]), "b": np.array([12.0])}
    clipped, total = clip_by_global_norm(grads, max_norm=6.5)
    assert total == pytest.approx(13.0, rel=1e-15)
    coef = 6.5 / (13.0 + 1e-6)  # torch's formula, not 0.5 exactly
    np.testing.assert_allclose(clipped["W"], [[3 * coef, 4 * coef]], rtol=1e-15)
    np.testing.assert_allclose(clipped["b"], [12 * coef], rtol=1e-15)
    # the direction is kept: same ratio between layers (a per-array clip would change it)
    assert clipped["b"][0] / clipped["W"][0, 1] == pytest.approx(3.0, rel=1e-15)


def test_below_the_threshold_nothing_changes_and_inputs_are_not_mutated():
    grads = [np.array([0.3, -0.4]), np.array([[0.0]])]
    before = [g.copy() for g in grads]
    clipped, total = clip_by_global_norm(grads, max_norm=1.0)
    assert total == pytest.approx(0.5, rel=1e-15)
    for c, g, b in zip(clipped, grads, before):
        np.testing.assert_array_equal(c, b)  # coef clamped at exactly 1
        np.testing.assert_array_equal(g, b)
        assert c is not g


def test_norm_types_and_edge_cases():
    grads = [np.array([3.0, -4.0]), np.array([1.0])]
    assert global_norm(grads, math.inf) == 4.0
    assert global_norm(grads, 1) == pytest.approx(8.0, rel=1e-15)
    clipped, total = clip_by_global_norm(grads, 2.0, norm_type=math.inf)
    assert total == 4.0 and clipped[0][1] == pytest.approx(-4 * 2 / (4 + 1e-6), rel=1e-15)
    zero, total = clip_by_global_norm(np.zeros(3), 1.0)  # 0 / (0 + 1e-6): no division by zero
    assert total == 0.0 and np.all(zero == 0)
    unclipped, _ = clip_by_global_norm(grads, math.inf)  # inf: measure only
    np.testing.assert_array_equal(unclipped[0], grads[0])
    assert clip_by_global_norm(np.ones(2, dtype=np.float32), 0.1)[0].dtype == np.float32


@pytest.mark.parametrize("bad", [-1.0, float("nan"), "1", True, None])
def test_bad_max_norm_is_refused(bad):
    with pytest.raises(ValueError, match="max_norm"):
        clip_by_global_norm(np.ones(2), bad)


@pytest.mark.parametrize("bad", [0, -2.0, float("nan")])
def test_bad_norm_type_is_refused(bad):
    with pytest.raises(ValueError, match="norm_type"):
        clip_by_global_norm(np.ones(2), 1.0, norm_type=bad)


def test_nonfinite_norm_propagates_like_torch_or_raises_when_asked():
    grads = np.array([np.nan, 1.0])
    clipped, total = clip_by_global_norm(grads, 1.0)
    assert math.isnan(total) and np.isnan(clipped).all()  # torch: grads * nan
    with pytest.raises(ValueError, match="NaN or Inf"):
        clip_by_global_norm(grads, 1.0, error_if_nonfinite=True)


@pytest.mark.parametrize("max_norm, norm_type", [(1.0, 2.0), (0.05, 2.0), (100.0, 2.0), (0.3, 1.0),
                                                 (0.3, math.inf), (0.7, 3.0)])
def test_matches_torch_clip_grad_norm(max_norm, norm_type):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    grads = {"W": rng.normal(size=(4, 3)), "b": rng.normal(size=3), "deep": [rng.normal(size=(2, 2)) * 10]}
    clipped, total = clip_by_global_norm(grads, max_norm, norm_type)
    params = []
    for g in (grads["W"], grads["b"], grads["deep"][0]):
        p = torch.zeros(g.shape, dtype=torch.float64, requires_grad=True)
        p.grad = torch.tensor(g)
        params.append(p)
    torch_total = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type=norm_type)
    assert total == pytest.approx(float(torch_total), rel=1e-13)
    for ours, p in zip((clipped["W"], clipped["b"], clipped["deep"][0]), params):
        np.testing.assert_allclose(ours, p.grad.numpy(), rtol=1e-13, atol=0)
