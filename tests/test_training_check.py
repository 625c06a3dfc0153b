"""adamlib.checks.training: check_train_epoch passes the right loops and names each classic mistake.

Every wrong loop below is a complete, runnable train_epoch with ONE mistake; the
check must print a line naming that mistake and hand back the reference.
"""
import numpy as np
import pytest

from adamlib import nn
from adamlib.checks.training import check_train_epoch, verdict
from adamlib.data import minibatches


def reference_by_hand(model, params, opt, state, X, y, batch_size, rng):
    """A correct loop that shuffles itself (another order than minibatches())."""
    order = rng.permutation(len(X))[::-1]
    total = 0.0
    for start in range(0, len(X), batch_size):
        rows = order[start:start + batch_size]
        loss, grads = model.loss_and_grads(params, X[rows], y[rows])
        params, state = opt.step(params, grads, state)
        total += loss * len(rows)
    return params, state, total / len(X)


def unweighted_mean(model, params, opt, state, X, y, batch_size, rng):
    losses = []
    for Xb, yb in minibatches(X, y, batch_size, rng):
        loss, grads = model.loss_and_grads(params, Xb, yb)
        params, state = opt.step(params, grads, state)
        losses.append(loss)
    return params, state, float(np.mean(losses))


def not_done(model, params, opt, state, X, y, batch_size, rng):
    raise NotImplementedError()


def no_optimizer_step(model, params, opt, state, X, y, batch_size, rng):
    losses = [model.loss_and_grads(params, Xb, yb)[0] for Xb, yb in minibatches(X, y, batch_size, rng)]
    return params, state, float(np.mean(losses))


def new_params_discarded(model, params, opt, state, X, y, batch_size, rng):
    losses = []
    for Xb, yb in minibatches(X, y, batch_size, rng):
        loss, grads = model.loss_and_grads(params, Xb, yb)
        _, state = opt.step(params, grads, state)
        losses.append(loss)
    return params, state, float(np.mean(losses))


def no_shuffle(model, params, opt, state, X, y, batch_size, rng):
    losses = []
    for start in range(0, len(X), batch_size):
        loss, grads = model.loss_and_grads(params, X[start:start + batch_size], y[start:start + batch_size])
        params, state = opt.step(params, grads, state)
        losses.append(loss)
    return params, state, float(np.mean(losses))


def one_batch_only(model, params, opt, state, X, y, batch_size, rng):
    Xb, yb = next(iter(minibatches(X, y, batch_size, rng)))
    loss, grads = model.loss_and_grads(params, Xb, yb)
    params, state = opt.step(params, grads, state)
    return params, state, loss


def full_batch(model, params, opt, state, X, y, batch_size, rng):
    loss, grads = model.loss_and_grads(params, X, y)
    params, state = opt.step(params, grads, state)
    return params, state, loss


def state_not_carried(model, params, opt, state, X, y, batch_size, rng):
    losses = []
    for Xb, yb in minibatches(X, y, batch_size, rng):
        loss, grads = model.loss_and_grads(params, Xb, yb)
        params, new_state = opt.step(params, grads, state)  # `state` never moves on
        losses.append(loss)
    return params, new_state, float(np.mean(losses))


def init_inside(model, params, opt, state, X, y, batch_size, rng):
    state = opt.init(params)
    return nn.train_epoch(model, params, opt, state, X, y, batch_size, rng)


def sum_not_mean(model, params, opt, state, X, y, batch_size, rng):
    losses = []
    for Xb, yb in minibatches(X, y, batch_size, rng):
        loss, grads = model.loss_and_grads(params, Xb, yb)
        params, state = opt.step(params, grads, state)
        losses.append(loss)
    return params, state, float(np.sum(losses))


def last_loss_only(model, params, opt, state, X, y, batch_size, rng):
    for Xb, yb in minibatches(X, y, batch_size, rng):
        loss, grads = model.loss_and_grads(params, Xb, yb)
        params, state = opt.step(params, grads, state)
    return params, state, loss


def global_random(model, params, opt, state, X, y, batch_size, rng):
    return nn.train_epoch(model, params, opt, state, X, y, batch_size, np.random.default_rng())


def own_fixed_rng(model, params, opt, state, X, y, batch_size, rng):
    return nn.train_epoch(model, params, opt, state, X, y, batch_size, np.random.default_rng(0))


def returns_old_params(model, params, opt, state, X, y, batch_size, rng):
    _, new_state, loss = nn.train_epoch(model, params, opt, state, X, y, batch_size, rng)
    return params, new_state, loss


def returns_two_values(model, params, opt, state, X, y, batch_size, rng):
    params, state, _ = nn.train_epoch(model, params, opt, state, X, y, batch_size, rng)
    return params, state


def stale_gradients(model, params, opt, state, X, y, batch_size, rng):
    batches = list(minibatches(X, y, batch_size, rng))
    computed = [model.loss_and_grads(params, Xb, yb) for Xb, yb in batches]  # all at the start params
    total = 0.0
    for (loss, grads), (_, yb) in zip(computed, batches):
        params, state = opt.step(params, grads, state)
        total += loss * len(yb)
    return params, state, total / len(y)


def updates_in_place(model, params, opt, state, X, y, batch_size, rng):
    new_params, state, loss = nn.train_epoch(model, params, opt, state, X, y, batch_size, rng)
    for layer, new in zip(params, new_params):
        layer["W"][...] = new["W"]
    return new_params, state, loss


def crashes(model, params, opt, state, X, y, batch_size, rng):
    return model.no_such_method(params)


@pytest.mark.parametrize("fn", [nn.train_epoch, reference_by_hand, unweighted_mean], ids=lambda f: f.__name__)
def test_right_loops_pass_and_are_returned(fn, capsys):
    assert check_train_epoch(fn) is fn
    assert capsys.readouterr().out.startswith("train_epoch: correct")


@pytest.mark.parametrize("fn,kind,words", [
    (not_done, "not done", "not done yet"),
    (no_optimizer_step, "mistake", "never called opt.step"),
    (new_params_discarded, "mistake", "new params were not used"),
    (no_shuffle, "mistake", "stored order"),
    (one_batch_only, "mistake", "only the first minibatch"),
    (full_batch, "mistake", "all the data as one batch"),
    (state_not_carried, "mistake", "every opt.step got state['step'] = 5"),
    (init_inside, "mistake", "opt.init inside"),
    (sum_not_mean, "mistake", "SUM of the losses"),
    (last_loss_only, "mistake", "last minibatch's loss"),
    (global_random, "mistake", "same rng visited the samples in different orders"),
    (own_fixed_rng, "mistake", "does not depend on the rng"),
    (returns_old_params, "mistake", "returned the params you were given"),
    (stale_gradients, "mistake", "gradients of step 2 were taken at other params"),
    (updates_in_place, "mutated", "changed params, X or y in place"),
    (returns_two_values, "form", "must return 3 values"),
    (crashes, "raised", "AttributeError"),
], ids=lambda v: v.__name__ if callable(v) else None)
def test_each_mistake_is_named_and_the_reference_is_returned(fn, kind, words, capsys):
    result = verdict(fn)
    assert result.kind == kind
    assert words in result.message
    assert check_train_epoch(fn) is nn.train_epoch
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and words in out  # one line


def test_the_lesson_goes_on_without_raising_unless_grading(monkeypatch, capsys):
    monkeypatch.delenv("ADAMLIB_GRADING", raising=False)
    assert check_train_epoch(sum_not_mean) is nn.train_epoch
    monkeypatch.setenv("ADAMLIB_GRADING", "1")
    with pytest.raises(AssertionError, match="SUM of the losses"):
        check_train_epoch(sum_not_mean)
    with pytest.raises(AssertionError, match="not done yet"):
        check_train_epoch(not_done)
    assert check_train_epoch(nn.train_epoch) is nn.train_epoch


def test_not_a_function_is_reported(capsys):
    assert check_train_epoch(None) is nn.train_epoch
    assert "expected your function" in capsys.readouterr().out
