"""The dense next-word matrix (lesson 08) against the compressed NextWordTask of lesson 07."""
import numpy as np
import pytest

from adamlib.problems.next_word import NextWordTask
from adamlib.problems.next_word_matrix import NextWordMatrix
from test_next_word import expand  # compressed logits -> one logit per (context, word)


@pytest.mark.parametrize("seed", [0, 3])
def test_dense_loss_and_gradient_equal_the_compressed_ones_along_adam(seed):
    task = NextWordTask(seed, vocab=30, tokens=400)
    dense = NextWordMatrix(task)
    assert dense.shape == (30 - task.top + 1, 30)
    np.testing.assert_allclose(dense.counts.sum(), 1.0, rtol=1e-12)
    np.testing.assert_allclose(dense.word_freq, task.word_freq, atol=1e-15)
    Z, m, v = task.zeros(), task.zeros(), task.zeros()
    for t in range(1, 8):
        W = expand(task, Z)
        np.testing.assert_allclose(dense.loss_per_word(W), task.loss_per_word(Z), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(dense.loss(W), task.loss_per_word(Z).sum(), rtol=1e-12)
        np.testing.assert_allclose(dense.grad(W), expand(task, task.grad(Z)), rtol=1e-12, atol=1e-15)
        g = task.grad(Z)
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
        Z = Z - 0.3 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)


def test_gradient_is_the_derivative_of_the_loss():
    dense = NextWordMatrix(NextWordTask(1, vocab=12, tokens=200))
    W = np.random.default_rng(0).normal(size=dense.shape)
    G, h = dense.grad(W), 1e-6
    for i, j in [(0, 0), (0, 7), (3, 8), (5, 2)]:
        E = np.zeros_like(W)
        E[i, j] = h
        numeric = (dense.loss(W + E) - dense.loss(W - E)) / (2 * h)
        assert numeric == pytest.approx(G[i, j], abs=1e-8)


def test_start_is_uniform_and_the_floor_is_below_every_loss():
    task = NextWordTask(2, vocab=20, tokens=300)
    dense = NextWordMatrix(task)
    assert dense.loss(dense.zeros()) == pytest.approx(np.log(20))
    W = np.random.default_rng(1).normal(size=dense.shape)
    assert dense.loss(W) > task.best_loss_per_word().sum()
