"""theory.sgd_noise_floor: where minibatch SGD settles on a quadratic, against hand algebra and simulation."""
import math

import numpy as np
import pytest

from adamlib import theory


@pytest.mark.parametrize("lr, batch", [(0.1, 1), (0.5, 4), (1.5, 2)])
def test_equal_hessians_match_the_one_line_closed_form(lr, batch):
    # 1-D, every example has curvature h: e' = (1 - lr h) e - lr g_B, with Var(g_B) = s2 / B, so
    # E e^2 = lr^2 s2 / B / (1 - (1 - lr h)^2) and E f - f* = h E e^2 / 2 = lr s2 / (2 B (2 - lr h)).
    h, g = 1.2, np.array([[1.0], [-3.0], [2.0]])
    s2 = float(np.mean(g**2))
    floor = theory.sgd_noise_floor(lr, batch, np.full((3, 1, 1), h), g)
    assert floor == pytest.approx(lr * s2 / (2 * batch * (2 - lr * h)), rel=1e-12)


def test_small_steps_give_the_first_order_formula():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(50, 2)) + [2.0, 0.0]
    hessians = 2 * np.einsum("ij,ik->ijk", a, a)
    gradients = rng.normal(size=(50, 2))
    gradients -= gradients.mean(axis=0)
    sigma = gradients.T @ gradients / 50
    for batch in (1, 8):
        floor = theory.sgd_noise_floor(1e-6, batch, hessians, gradients)
        assert floor == pytest.approx(1e-6 * np.trace(sigma) / (4 * batch), rel=1e-4)


def test_random_minibatch_hessians_match_a_simulation():
    # 1-D examples with different curvatures: the minibatch's own curvature is random too.
    h = np.array([0.2, 1.0, 2.6])
    g = np.array([1.0, -2.0, 1.0])
    lr, batch, chains = 0.4, 1, 20_000
    rng = np.random.default_rng(1)
    e, total, count = np.zeros(chains), 0.0, 0
    for step in range(1500):
        i = rng.integers(3, size=(chains, batch))
        e = e - lr * (h[i].mean(axis=1) * e + g[i].mean(axis=1))
        if step >= 300:
            total, count = total + np.mean(0.5 * h.mean() * e**2), count + 1
    floor = theory.sgd_noise_floor(lr, batch, h.reshape(3, 1, 1), g.reshape(3, 1))
    assert total / count == pytest.approx(floor, rel=0.03)


def test_a_step_too_large_never_settles():
    h = np.full((2, 1, 1), 1.0)
    assert theory.sgd_noise_floor(2.5, 1, h, np.array([[1.0], [-1.0]])) == math.inf
