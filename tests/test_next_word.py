"""The compressed next-word task against the plain (contexts x vocab) softmax computation."""
import numpy as np
import pytest

from adamlib.problems.next_word import NextWordTask


def dense(task, seed):
    """The same corpus, rebuilt as a plain count matrix C[context, word] (fractions of tokens)."""
    rng = np.random.default_rng(seed)
    V, top = task.vocab, task.top
    p = 1.0 / np.arange(1, V + 1)
    words = rng.choice(V, size=task.tokens, p=p / p.sum())
    contexts = np.where(words < top, 0, words - top + 1)
    strays = (words < top) & (rng.random(task.tokens) < 0.3)
    contexts[strays] = rng.integers(1, V - top + 1, size=strays.sum())
    C = np.zeros((V - top + 1, V))
    np.add.at(C, (contexts, words), 1.0 / task.tokens)
    return C


def expand(task, Z):
    """Compressed logits -> one logit per (context, word)."""
    V, top = task.vocab, task.top
    W = np.repeat(Z[:, top + 1:top + 2], V, axis=1)
    W[:, :top] = Z[:, :top]
    rows = np.arange(1, Z.shape[0])
    W[rows, rows + top - 1] = Z[1:, top]
    return W


def dense_loss_grad(C, W):
    z = W - W.max(-1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(-1, keepdims=True))
    return -(C * logp), np.exp(logp) * C.sum(-1, keepdims=True) - C


@pytest.mark.parametrize("seed", [0, 1])
def test_compressed_loss_and_gradient_equal_the_dense_ones_along_adam(seed):
    task = NextWordTask(seed, vocab=30, tokens=400)
    C = dense(task, seed)
    np.testing.assert_allclose(C.sum(0), task.word_freq, atol=1e-15)
    Z, m, v = task.zeros(), task.zeros(), task.zeros()
    for t in range(1, 8):  # Adam on the compressed logits; the dense model at the same point
        loss, G = dense_loss_grad(C, expand(task, Z))
        np.testing.assert_allclose(task.loss_per_word(Z), loss.sum(0), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(expand(task, task.grad(Z)), G, rtol=1e-12, atol=1e-15)
        g = task.grad(Z)
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
        Z = Z - 0.3 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    assert task.loss_per_word(Z).sum() < np.log(30) - 0.5  # it did train


def test_best_loss_is_the_conditional_entropy_and_batch_axes_work():
    task = NextWordTask(2, vocab=30, tokens=400)
    C = dense(task, 2)
    P = C / C.sum(-1, keepdims=True)
    entropy = -(C * np.log(np.where(C > 0, P, 1))).sum(0)
    np.testing.assert_allclose(task.best_loss_per_word(), entropy, atol=1e-15)
    batch = task.zeros((2, 3))
    assert task.grad(batch).shape == (2, 3, 26, 7) and task.loss_per_word(batch).shape == (2, 3, 30)
    np.testing.assert_allclose(task.loss_per_word(batch).sum(-1), np.log(30), rtol=1e-12)
    with pytest.raises(ValueError, match="vocab"):
        NextWordTask(0, vocab=5, top=5)


def test_stacked_tasks_give_each_seed_its_own_gradient_and_loss():
    tasks = [NextWordTask(seed) for seed in (3, 4, 5)]
    stack = NextWordTask.stacked(tasks)
    Z = np.random.default_rng(0).standard_normal((2, 3, *tasks[0].counts.shape))   # (lr, seed, contexts, 7)
    for s, task in enumerate(tasks):
        assert np.array_equal(stack.grad(Z)[:, s], task.grad(Z[:, s]))
        assert np.array_equal(stack.loss_per_word(Z)[:, s], task.loss_per_word(Z[:, s]))
        assert np.array_equal(stack.best_loss_per_word()[s], task.best_loss_per_word())
        assert np.array_equal(stack.word_freq[s], task.word_freq)
    with pytest.raises(ValueError, match="share vocab"):
        NextWordTask.stacked([NextWordTask(0), NextWordTask(1, vocab=50)])
