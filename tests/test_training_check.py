"""adamlib.checks.training: check_train_epoch passes the right loops and names each classic mistake.

Every wrong loop below is a complete, runnable train_epoch with ONE mistake, written the way a
student writes it (by hand, not by calling adamlib's reference); the check must print a verdict
naming that mistake and hand back the reference.
"""
import numpy as np
import pytest

from adamlib import nn
from adamlib.checks import engine
from adamlib.checks.messages import WIDTH
from adamlib.checks.training import check_train_epoch, verdict
from adamlib.data import minibatches


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    monkeypatch.delenv("ADAMLIB_GRADING", raising=False)
    engine.reset_attempts()


def my_loop(model, params, opt, state, X, y, batch_size, rng):
    """A correct loop written out by hand (what the students below change one thing of)."""
    total = 0.0
    for X_batch, y_batch in minibatches(X, y, batch_size, rng):
        loss, grads = model.loss_and_grads(params, X_batch, y_batch)
        params, state = opt.step(params, grads, state)
        total += loss * len(y_batch)
    return params, state, total / len(y)


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
    return my_loop(model, params, opt, state, X, y, batch_size, rng)


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
    return my_loop(model, params, opt, state, X, y, batch_size, np.random.default_rng())


def own_fixed_rng(model, params, opt, state, X, y, batch_size, rng):
    return my_loop(model, params, opt, state, X, y, batch_size, np.random.default_rng(0))


def returns_old_params(model, params, opt, state, X, y, batch_size, rng):
    _, new_state, loss = my_loop(model, params, opt, state, X, y, batch_size, rng)
    return params, new_state, loss


def returns_two_values(model, params, opt, state, X, y, batch_size, rng):
    params, state, _ = my_loop(model, params, opt, state, X, y, batch_size, rng)
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
    new_params, state, loss = my_loop(model, params, opt, state, X, y, batch_size, rng)
    for layer, new in zip(params, new_params):
        layer["W"][...] = new["W"]
    return new_params, state, loss


def crashes(model, params, opt, state, X, y, batch_size, rng):
    return model.no_such_method(params)


# --- labels that no longer match their rows (three ways students write it) --------------------

def shuffles_X_only(model, params, opt, state, X, y, batch_size, rng):
    X = X[rng.permutation(len(X))]           # y keeps its stored order
    total = 0.0
    for start in range(0, len(X), batch_size):
        loss, grads = model.loss_and_grads(params, X[start:start + batch_size], y[start:start + batch_size])
        params, state = opt.step(params, grads, state)
        total += loss * len(X[start:start + batch_size])
    return params, state, total / len(X)


def two_permutations(model, params, opt, state, X, y, batch_size, rng):
    X_shuffled, y_shuffled = X[rng.permutation(len(X))], y[rng.permutation(len(y))]
    total = 0.0
    for start in range(0, len(X), batch_size):
        Xb, yb = X_shuffled[start:start + batch_size], y_shuffled[start:start + batch_size]
        loss, grads = model.loss_and_grads(params, Xb, yb)
        params, state = opt.step(params, grads, state)
        total += loss * len(yb)
    return params, state, total / len(y)


def shuffled_in_place_lists(model, params, opt, state, X, y, batch_size, rng):
    rows, labels = list(X), list(y)
    rng.shuffle(rows)                        # a list shuffled, its labels left behind
    losses, sizes = [], []
    for start in range(0, len(rows), batch_size):
        loss, grads = model.loss_and_grads(params, np.array(rows[start:start + batch_size]),
                                           np.array(labels[start:start + batch_size]))
        params, state = opt.step(params, grads, state)
        losses.append(loss)
        sizes.append(len(rows[start:start + batch_size]))
    return params, state, np.dot(losses, sizes) / sum(sizes)


# --- outputs in the wrong order ------------------------------------------------------------------

def state_first(model, params, opt, state, X, y, batch_size, rng):
    params, state, loss = my_loop(model, params, opt, state, X, y, batch_size, rng)
    return state, params, loss


def loss_first_as_a_list(model, params, opt, state, X, y, batch_size, rng):
    params, state, loss = my_loop(model, params, opt, state, X, y, batch_size, rng)
    return [loss, params, state]


def loss_in_the_middle(model, params, opt, state, X, y, batch_size, rng):
    params, state, loss = my_loop(model, params, opt, state, X, y, batch_size, rng)
    return params, loss, state


@pytest.mark.parametrize("fn,order", [
    (state_first, "(state, params, mean_loss)"), (loss_first_as_a_list, "(mean_loss, params, state)"),
    (loss_in_the_middle, "(params, mean_loss, state)"),
], ids=lambda v: v.__name__ if callable(v) else None)
def test_outputs_in_the_wrong_order_are_named(fn, order, capsys):
    result = verdict(fn)
    assert result.kind == "order" and order in result.message
    assert check_train_epoch(fn) is nn.train_epoch
    assert "`return params, state, mean_loss`" in capsys.readouterr().out


# --- correct loops written unusually --------------------------------------------------------------

def while_loop_with_weights(model, params, opt, state, X, y, batch_size, rng):
    order, start, losses, weights = rng.permutation(len(X)), 0, [], []
    while start < len(order):
        rows = order[start:start + batch_size]
        start += batch_size
        loss, grads = model.loss_and_grads(params, X[rows], y[rows])
        params, state = opt.step(params, grads, state)
        losses.append(loss)
        weights.append(len(rows))
    return params, state, np.average(losses, weights=weights)


def chatty_but_right(model, params, opt, state, X, y, batch_size, rng):
    total = 0.0
    for k, (Xb, yb) in enumerate(minibatches(X, y, batch_size, rng)):
        loss, grads = model.loss_and_grads(params, Xb, yb)
        params, state = opt.step(params, grads, state)
        total += loss * len(yb)
        print(f"batch {k}: loss {loss:.3f}")  # a student's debug print
    return params, state, total / len(y)


def calls_the_reference(model, params, opt, state, X, y, batch_size, rng):
    return nn.train_epoch(model, params, opt, state, X, y, batch_size, rng)


# --- the tests ------------------------------------------------------------------------------------

def lines_of(out):
    lines = out.rstrip("\n").split("\n")
    assert all(len(line) <= WIDTH for line in lines), out
    return lines


def test_rerunning_the_check_cell_does_not_pass_the_reference_it_handed_back(capsys, monkeypatch):
    train_epoch = check_train_epoch(sum_not_mean)        # first run: a wrong loop, the reference comes back
    assert train_epoch is nn.train_epoch
    capsys.readouterr()
    train_epoch = check_train_epoch(train_epoch)         # the check cell run again, the definition not
    out = capsys.readouterr().out
    assert "correct" not in out and "Well done" not in out
    assert "Run the cell with your train_epoch first" in out
    assert train_epoch is nn.train_epoch
    monkeypatch.setenv("ADAMLIB_GRADING", "1")
    with pytest.raises(AssertionError, match="reference"):
        check_train_epoch(nn.train_epoch)


def test_a_loop_that_only_calls_the_reference_is_refused(capsys):
    assert check_train_epoch(calls_the_reference) is nn.train_epoch
    out = capsys.readouterr().out
    assert "calls adamlib's own reference" in out and "Well done" not in out


@pytest.mark.parametrize("fn", [my_loop, reference_by_hand, while_loop_with_weights, chatty_but_right],
                         ids=lambda f: f.__name__)
def test_right_loops_pass_and_are_returned(fn, capsys):
    assert check_train_epoch(fn) is fn
    out = capsys.readouterr().out
    assert len(lines_of(out)) <= 2
    assert out.startswith("train_epoch: correct") and "batch 0" not in out


def test_the_students_own_prints_are_captured(capsys):
    check_train_epoch(chatty_but_right)
    out = capsys.readouterr().out
    assert "batch" not in out.split("minibatch")[0] and "loss 0." not in out
    assert len(lines_of(out)) <= 2


@pytest.mark.parametrize("fn", [shuffles_X_only, two_permutations, shuffled_in_place_lists],
                         ids=lambda f: f.__name__)
def test_labels_that_no_longer_match_their_rows_fail(fn, capsys):
    result = verdict(fn)
    assert result.kind == "mistake"
    assert "labels no longer match their rows" in result.message
    assert check_train_epoch(fn) is nn.train_epoch
    assert lines_of(capsys.readouterr().out)[0].startswith("train_epoch: not quite — the labels")


@pytest.mark.parametrize("fn,kind,words", [
    (not_done, "not done", "not done yet"),
    (no_optimizer_step, "mistake", "never called opt.step"),
    (new_params_discarded, "mistake", "new params were not used"),
    (no_shuffle, "mistake", "stored order"),
    (one_batch_only, "mistake", "only the first minibatch"),
    (full_batch, "mistake", "all the data as one batch"),
    (state_not_carried, "mistake", "step counter stayed at 5 instead of going 5, 6, 7, 8"),
    (init_inside, "mistake", "opt.init inside"),
    (sum_not_mean, "mistake", "SUM of the losses"),
    (unweighted_mean, "mistake", "plain mean of the 4 batch losses"),
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
    assert words in " ".join(line.strip() for line in lines_of(out))


def test_the_unweighted_mean_is_explained_with_the_batch_sizes(capsys):
    check_train_epoch(unweighted_mean)
    out = " ".join(line.strip() for line in lines_of(capsys.readouterr().out))
    assert "the last batch, 2 samples, counts as much as a full batch of 16" in out
    assert "times its number of samples" in out


def test_the_lesson_goes_on_without_raising_unless_grading(monkeypatch, capsys):
    assert check_train_epoch(sum_not_mean) is nn.train_epoch
    monkeypatch.setenv("ADAMLIB_GRADING", "1")
    with pytest.raises(AssertionError, match="SUM of the losses"):
        check_train_epoch(sum_not_mean)
    with pytest.raises(AssertionError, match="not done yet") as raised:
        check_train_epoch(not_done)
    assert raised.value.__cause__ is None and raised.value.__context__ is None
    assert check_train_epoch(my_loop) is my_loop


def test_not_a_function_is_reported(capsys):
    assert check_train_epoch(None) is nn.train_epoch
    assert "expected your function" in capsys.readouterr().out
