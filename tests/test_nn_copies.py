"""adamlib.nn.copies: K stacked copies trained at once equal K separate runs of train_epoch."""
import numpy as np
import pytest

from adamlib.nn import mlp, stack, train_copies, train_epoch, unstack
from adamlib.nn import copies
from adamlib.optim import SGD, Adagrad, Adam, AdamW, NAdam, RMSprop


def small_problem(n=70, d=6, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = rng.integers(0, classes, size=n)
    return X, y


MAKERS = {
    "SGD": lambda lr: SGD(lr=lr),
    "Momentum": lambda lr: SGD(lr=lr, momentum=0.9),
    "RMSprop": lambda lr: RMSprop(lr=lr),
    "Adam": lambda lr: Adam(lr=lr),
    # weight decay acts through the parameters, which the chain sees: exact as well
    "AdamW": lambda lr: AdamW(lr=lr, weight_decay=0.1),
    "Adam+L2": lambda lr: Adam(lr=lr, weight_decay=0.1),
    "Momentum+L2": lambda lr: SGD(lr=lr, momentum=0.9, nesterov=True, weight_decay=0.05),
    "Adagrad": lambda lr: Adagrad(lr=lr, lr_decay=0.01),
}


@pytest.mark.parametrize("name", sorted(MAKERS))
@pytest.mark.parametrize("activation", ["relu", "sigmoid"])
def test_each_copy_is_the_run_train_epoch_makes(name, activation):
    X, y = small_problem()
    model = mlp([6, 5, 4, 3], activation=activation)
    starts = [model.init(np.random.default_rng(s)) for s in range(3)]
    lrs, seeds, epochs = [3e-3, 1e-2, 3e-2], [11, 12, 13], 3
    run = train_copies(model, stack(starts), MAKERS[name], lrs, X, y, epochs, 16, seeds, X, y)
    for k in range(3):
        params, opt = starts[k], MAKERS[name](lrs[k])
        state, rng = opt.init(params), np.random.default_rng(seeds[k])
        for e in range(epochs):
            params, state, loss = train_epoch(model, params, opt, state, X, y, 16, rng)
            assert run.loss[e, k] == pytest.approx(loss, rel=1e-12)
            assert run.accuracy[e, k] == model.accuracy(params, X, y)
        for mine, theirs in zip(unstack(run.params, k), params):
            np.testing.assert_allclose(mine["W"], theirs["W"], rtol=1e-10, atol=1e-14)
            np.testing.assert_allclose(mine["b"], theirs["b"], rtol=1e-10, atol=1e-14)
    assert (run.diverged == 0).all()
    np.testing.assert_array_equal(run.lrs, lrs)


def test_stacked_gradients_match_the_model_copy_by_copy():
    X, y = small_problem(n=9)
    model = mlp([6, 4, 3], activation="tanh")
    starts = [model.init(np.random.default_rng(s)) for s in range(2)]
    batches = np.stack([X, X[::-1]]), np.stack([y, y[::-1]])
    losses, grads = copies.loss_and_grads(model, stack(starts), *batches)
    for k in range(2):
        loss, g = model.loss_and_grads(starts[k], batches[0][k], batches[1][k])
        assert losses[k] == pytest.approx(loss, rel=1e-13)
        for mine, theirs in zip(unstack(grads, k), g):
            np.testing.assert_allclose(mine["W"], theirs["W"], rtol=1e-12, atol=1e-15)
            np.testing.assert_allclose(mine["b"], theirs["b"], rtol=1e-12, atol=1e-15)


def test_a_diverging_copy_is_marked_and_frozen_and_the_others_go_on():
    X, y = small_problem()
    model = mlp([6, 5, 3])
    start = model.init(np.random.default_rng(0))
    # momentum SGD at lr 1e3 overflows; at 1e-2 it trains normally
    run = train_copies(model, stack([start, start]), MAKERS["Momentum"], [1e-2, 1e3], X, y, 4, 16,
                       [1, 1], X, y)
    assert run.diverged[0] == 0 and 1 <= run.diverged[1] <= 4
    assert np.isfinite(run.loss[:, 0]).all() and np.isnan(run.loss[run.diverged[1] - 1:, 1]).all()
    assert np.isnan(run.accuracy[-1, 1]) and np.isfinite(run.accuracy[-1, 0])
    assert all(np.isfinite(v).all() for v in unstack(run.params, 0)[0].values())


def test_a_huge_but_finite_loss_counts_as_diverged():
    X, y = small_problem()
    model = mlp([6, 5, 3])
    start = model.init(np.random.default_rng(0))
    # the default threshold is 10 ln(classes); a threshold below the first epoch's loss trips at once
    run = train_copies(model, stack([start]), MAKERS["SGD"], [1e-3], X, y, 2, 16, [1], diverge_above=0.5)
    assert run.diverged[0] == 1 and np.isnan(run.loss).all()
    assert run.accuracy is None


def test_refuses_what_it_cannot_do_exactly():
    X, y = small_problem()
    model = mlp([6, 5, 3])
    params = stack([model.init(np.random.default_rng(0))] * 2)
    with pytest.raises(ValueError, match="built from a chain of transforms"):
        train_copies(model, params, lambda lr: NAdam(lr=lr), [1e-3, 1e-2], X, y, 1, 16, [0, 1])
    with pytest.raises(ValueError, match="shuffle_seeds"):
        train_copies(model, params, MAKERS["Adam"], [1e-3, 1e-2], X, y, 1, 16, [0])
    with pytest.raises(ValueError, match="rows"):
        train_copies(model, params, MAKERS["Adam"], 1e-3, X, y[:-1], 1, 16, [0, 1])
    with pytest.raises(ValueError):
        stack([])


def test_stack_and_unstack_are_inverse_and_copy_free_of_aliasing():
    model = mlp([4, 3, 2])
    trees = [model.init(np.random.default_rng(s)) for s in range(3)]
    stacked = stack(trees)
    assert stacked[0]["W"].shape == (3, 4, 3) and stacked[1]["b"].shape == (3, 2)
    for k, tree in enumerate(trees):
        for a, b in zip(unstack(stacked, k), tree):
            np.testing.assert_array_equal(a["W"], b["W"])
            np.testing.assert_array_equal(a["b"], b["b"])
    stacked[0]["W"][0] += 1.0
    assert not np.array_equal(stacked[0]["W"][0], trees[0][0]["W"])
