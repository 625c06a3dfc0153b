"""Lesson 05: ``train_epoch(model, params, opt, state, X, y, batch_size, rng) -> (params, state, mean_loss)``.

A training loop is not a formula, so its output cannot be compared number by
number with the reference: a correct loop that shuffles with
``rng.permutation`` directly visits the samples in another order than one that
calls ``adamlib.data.minibatches``, and both are right.  This check watches the
loop instead.  It hands the student's function a model and an optimizer
wrapped in spies that record every ``model.loss_and_grads`` and every
``opt.step`` call (the real ones still do the work), then judges what the
loop did:

- one ``opt.step`` per minibatch, each sample exactly once per epoch, in
  batches of at most ``batch_size``, in an order drawn from the ``rng`` given;
- the state carried from step to step (``state["step"]`` counts up from the
  value it came in with: the test starts at 5, so an ``opt.init`` inside the
  loop shows too) and the params carried likewise, gradients taken at the
  current params;
- the updated params and state returned, and ``mean_loss`` the mean of the
  batch losses (weighted by batch size, or not: both are accepted), not their sum.

The verdict is one line, in the style of :mod:`adamlib.checks.engine` (whose
``Verdict``, ``fmt`` and ``ADAMLIB_GRADING`` rule it uses).
"""
import os
import warnings

import numpy as np

from .. import nn, tree
from ..optim import Adam
from .engine import GRADING_VARIABLE, Verdict, describe_value, fmt

NAME = "train_epoch"
N_SAMPLES, N_FEATURES, N_CLASSES, BATCH_SIZE, START_STEP = 50, 6, 3, 16, 5
N_BATCHES = -(-N_SAMPLES // BATCH_SIZE)  # 4: three of 16 and a last one of 2
SIGNATURE = "train_epoch(model, params, opt, state, X, y, batch_size, rng)"
FALLBACK = " The rest of this lesson uses adamlib's reference train_epoch until yours passes."


def _snapshot(params):
    return tree.tree_map(lambda p: np.array(p, dtype=float, copy=True), params)


def _same(a, b):
    """True when two parameter trees have the same structure and equal values (to round-off)."""
    try:
        tree.check_same_structure(a, b)
    except (ValueError, TypeError):
        return False
    return all(np.allclose(x, y, rtol=1e-12, atol=0) for x, y in zip(tree.leaves(a), tree.leaves(b)))


class ModelSpy:
    """A model that records each ``loss_and_grads`` call and otherwise is the model."""

    def __init__(self, model):
        self._model = model
        self.calls = []  # (X_batch, params at the call, loss)

    def loss_and_grads(self, params, X, y):
        loss, grads = self._model.loss_and_grads(params, X, y)
        self.calls.append((np.array(X, copy=True), _snapshot(params), float(loss)))
        return loss, grads

    def __getattr__(self, name):
        return getattr(self._model, name)


class OptimizerSpy:
    """An optimizer that records each ``init`` and ``step`` call and otherwise is the optimizer."""

    def __init__(self, opt):
        self._opt = opt
        self.inits = 0
        self.steps = []  # (state["step"] coming in, params in, params out, state out)

    def init(self, params):
        self.inits += 1
        return self._opt.init(params)

    def step(self, params, grads, state):
        step_in = state.get("step") if isinstance(state, dict) else None
        params_in = _snapshot(params)
        new_params, new_state = self._opt.step(params, grads, state)
        self.steps.append((step_in, params_in, new_params, new_state))
        return new_params, new_state

    def __getattr__(self, name):
        return getattr(self._opt, name)


def make_case(seed=0):
    """A small problem whose every row is unique: (model, params, opt, state, X, y).

    The state has already taken START_STEP steps (nonzero moments, step = 5),
    as it would in the middle of training.
    """
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(N_SAMPLES, N_FEATURES))
    y = rng.integers(0, N_CLASSES, size=N_SAMPLES)
    model = nn.mlp([N_FEATURES, 8, N_CLASSES], activation="tanh")
    params = model.init(rng)
    opt = Adam(lr=1e-2)
    state = opt.init(params)
    for _ in range(START_STEP):
        params, state = opt.step(params, model.loss_and_grads(params, X, y)[1], state)
    return model, params, opt, state, X, y


def run(student_fn, data_seed=0, shuffle_seed=1):
    """Call ``student_fn`` on the test case with spies; everything the verdict needs."""
    model, params, opt, state, X, y = make_case(data_seed)
    model_spy, opt_spy = ModelSpy(model), OptimizerSpy(opt)
    params_before = _snapshot(params)
    X_before, y_before = X.copy(), y.copy()
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        result = student_fn(model_spy, params, opt_spy, state, X, y, BATCH_SIZE,
                            np.random.default_rng(shuffle_seed))
    row_index = {row.tobytes(): i for i, row in enumerate(X_before)}
    batches = [[row_index.get(np.asarray(row, dtype=float).tobytes(), -1) for row in Xb]
               for Xb, _, _ in model_spy.calls]
    return {
        "result": result, "model": model_spy, "opt": opt_spy, "batches": batches,
        "params_before": params_before,
        "inputs_changed": not (_same(params, params_before) and np.array_equal(X, X_before)
                               and np.array_equal(y, y_before)),
    }


def _judge(r):
    """The first thing wrong with the run ``r``, as a Verdict, or None."""
    result, spy_model, spy_opt, batches = r["result"], r["model"], r["opt"], r["batches"]
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        return Verdict("form", f"{NAME}: returned {describe_value(result)}, but it must return 3 values: "
                               "`return params, state, mean_loss`.")
    params, state, mean_loss = result
    if r["inputs_changed"]:
        return Verdict("mutated", f"{NAME}: you changed params, X or y in place; let opt.step make new "
                                  "params (`params, state = opt.step(params, grads, state)`) and leave "
                                  "the data alone.")
    if not spy_opt.steps:
        return Verdict("mistake", f"{NAME}: not quite — you never called opt.step, so the params never "
                                  "change and the loss never goes down. For each minibatch: `loss, grads = "
                                  "model.loss_and_grads(params, X_batch, y_batch)`, then `params, state = "
                                  "opt.step(params, grads, state)`.")
    if spy_opt.inits:
        return Verdict("mistake", f"{NAME}: not quite — you called opt.init inside train_epoch, which "
                                  "throws away the moments and the step counter Adam has built up (the "
                                  f"state came in at step {START_STEP}). Use the state you are given.")
    if not spy_model.calls:
        return Verdict("form", f"{NAME}: compute each minibatch's loss and gradients with "
                               "`loss, grads = model.loss_and_grads(params, X_batch, y_batch)`.")
    seen = [i for batch in batches for i in batch]
    if -1 in seen:
        return Verdict("mistake", f"{NAME}: not quite — a minibatch held rows that are not rows of X: "
                                  "take whole rows of X (X[rows]), with the labels y[rows] of the same rows.")
    n_calls, n_steps = len(spy_model.calls), len(spy_opt.steps)
    if n_steps != n_calls:
        return Verdict("mistake", f"{NAME}: not quite — you computed gradients {n_calls} times but called "
                                  f"opt.step {n_steps} times: take exactly one step per minibatch.")
    if n_steps == 1:
        what = "all the data as one batch" if len(seen) == N_SAMPLES else "only the first minibatch"
        return Verdict("mistake", f"{NAME}: not quite — you took one step on {what}. Loop over the "
                                  f"minibatches: with {N_SAMPLES} samples and batch_size={BATCH_SIZE} an "
                                  f"epoch is {N_BATCHES} steps (`for X_batch, y_batch in minibatches(X, y, "
                                  "batch_size, rng):`).")
    if sorted(seen) != list(range(N_SAMPLES)):
        missing = N_SAMPLES - len(set(seen))
        return Verdict("mistake", f"{NAME}: not quite — an epoch must use every sample exactly once, but "
                                  f"{missing} of the {N_SAMPLES} samples were never used and "
                                  f"{len(seen) - len(set(seen))} were used twice. Shuffle the row indices "
                                  "once per epoch and cut that order into consecutive slices.")
    if max(len(b) for b in batches) > BATCH_SIZE or n_steps != N_BATCHES:
        return Verdict("mistake", f"{NAME}: not quite — with {N_SAMPLES} samples and batch_size={BATCH_SIZE} "
                                  f"there should be {N_BATCHES} minibatches of at most {BATCH_SIZE} samples; "
                                  f"yours made {n_steps}, of sizes {[len(b) for b in batches]}.")
    if seen == list(range(N_SAMPLES)):
        return Verdict("mistake", f"{NAME}: not quite — you went through the data in its stored order. "
                                  "Shuffle every epoch (e.g. `minibatches(X, y, batch_size, rng)` draws a "
                                  "new order from rng), or the minibatches and their gradients repeat "
                                  "identically every epoch.")
    steps_in = [s for s, _, _, _ in spy_opt.steps]
    if steps_in != list(range(START_STEP, START_STEP + n_steps)):
        if len(set(steps_in)) == 1:
            return Verdict("mistake", f"{NAME}: not quite — you did not carry the optimizer state from step "
                                      f"to step: every opt.step got state['step'] = {steps_in[0]}, so Adam's "
                                      "step counter (and its moments m, v) restart each time. Write "
                                      "`params, state = opt.step(params, grads, state)`.")
        return Verdict("mistake", f"{NAME}: not quite — state['step'] went {steps_in} into opt.step; it should "
                                  f"count up from {START_STEP}, one per step: pass each step's new state to "
                                  "the next.")
    for k in range(1, n_steps):
        if not _same(spy_opt.steps[k][1], spy_opt.steps[k - 1][2]):
            return Verdict("mistake", f"{NAME}: not quite — opt.step's new params were not used by the next "
                                      "step (every step started from the old params). Write "
                                      "`params, state = opt.step(params, grads, state)` inside the loop.")
    for k, (_, grad_params, _) in enumerate(spy_model.calls):
        if not _same(grad_params, spy_opt.steps[k][1]):
            return Verdict("mistake", f"{NAME}: not quite — the gradients of step {k + 1} were taken at other "
                                      "params than the ones being updated: compute them at the current params, "
                                      "inside the loop, just before opt.step.")
    last_params, last_state = spy_opt.steps[-1][2], spy_opt.steps[-1][3]
    if not _same(params, last_params):
        which = "the params you were given" if _same(params, r["params_before"]) else "other params"
        return Verdict("mistake", f"{NAME}: not quite — you returned {which}, not the params after the "
                                  "last step: `return params, state, mean_loss` with params from opt.step.")
    if not isinstance(state, dict) or state.get("step") != last_state["step"]:
        got = state.get("step") if isinstance(state, dict) else describe_value(state)
        return Verdict("mistake", f"{NAME}: not quite — the returned state is not the one after the last "
                                  f"step (its step is {got}, it should be {last_state['step']}): return the "
                                  "state from opt.step, so the next epoch goes on from there.")
    try:
        value = float(np.asarray(mean_loss, dtype=float))
    except (TypeError, ValueError):
        return Verdict("form", f"{NAME}: mean_loss must be one number, but you returned "
                               f"{describe_value(mean_loss)}.")
    losses = np.array([loss for _, _, loss in spy_model.calls])
    sizes = np.array([len(b) for b in batches])
    weighted, plain = float(losses @ sizes / sizes.sum()), float(losses.mean())

    def near(a, b):
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1e-300)

    if near(value, weighted) or near(value, plain):
        return None
    if near(value, losses.sum()) or near(value, float(losses @ sizes)):
        return Verdict("mistake", f"{NAME}: not quite — mean_loss is the SUM of the losses ({fmt(value)}); "
                                  f"return their mean ({fmt(weighted)}): the average loss per sample, so "
                                  "epochs and batch sizes can be compared.")
    if near(value, losses[-1]):
        return Verdict("mistake", f"{NAME}: not quite — mean_loss is the last minibatch's loss only; "
                                  "average the losses of all the minibatches of the epoch.")
    return Verdict("wrong", f"{NAME}: not quite — mean_loss should be the mean of the minibatch losses, "
                            f"{fmt(weighted)}, but yours is {fmt(value)}. Add each batch's loss times its "
                            "size, and divide by the number of samples at the end.")


def verdict(student_fn):
    """Judge ``student_fn``; prints nothing, never raises."""
    if not callable(student_fn):
        return Verdict("form", f"{NAME}: expected your function, but got {describe_value(student_fn)}. "
                               f"Pass the function itself: `{NAME} = check_{NAME}({NAME})`.")
    try:
        first = run(student_fn, shuffle_seed=1)
        found = _judge(first)
        if found:
            return found
        again, other = run(student_fn, shuffle_seed=1), run(student_fn, shuffle_seed=2)
    except NotImplementedError:
        return Verdict("not done", f"{NAME}: not done yet — fill in the cell above and run this check again. "
                                   "The lesson continues with adamlib's reference implementation.")
    except Exception as error:  # the student's bug, reported, not raised
        text = " ".join(str(error).split())[:200]
        hint = (f"Keep the parameters exactly as given: {SIGNATURE}." if isinstance(error, TypeError)
                and "argument" in str(error) else
                "Call your function on the digits in a new cell to see the full traceback.")
        return Verdict("raised", f"{NAME} raised {type(error).__name__}{': ' + text if text else ''}. {hint}")
    if again["batches"] != first["batches"]:
        return Verdict("mistake", f"{NAME}: not quite — two runs with the same rng visited the samples in "
                                  "different orders: shuffle with the rng you are given (not np.random), so "
                                  "a seeded run can be reproduced.")
    if other["batches"] == first["batches"]:
        return Verdict("mistake", f"{NAME}: not quite — the order of the samples does not depend on the rng "
                                  "you are given (did you make a new generator inside?): shuffle with "
                                  "`rng`, so each epoch gets a new order.")
    return Verdict("passed", f"{NAME}: correct — one optimizer step per minibatch, every sample once per "
                             "epoch in a shuffled order, params and state carried from step to step, mean "
                             "loss right. Well done!")


def check_train_epoch(student_fn):
    """Check your ``train_epoch`` by watching what it does; print one line.

    Returns the function to use from here on: yours if it passed, otherwise
    ``adamlib.nn.train_epoch``.  Usage: ``train_epoch = check_train_epoch(train_epoch)``.
    Never raises, unless the environment variable ADAMLIB_GRADING=1 is set and
    the check failed (nbgrader autograding): then it raises AssertionError.
    """
    try:
        result = verdict(student_fn)
    except Exception as error:  # a bug in the checker itself must not stop the lesson
        result = Verdict("raised", f"{NAME}: the checker itself failed ({type(error).__name__}); "
                                   "please report this to the course authors.")
    message = result.message + ("" if result.kind in ("passed", "not done") else FALLBACK)
    print(message)
    if not result.passed and os.environ.get(GRADING_VARIABLE) == "1":
        raise AssertionError(message)
    return student_fn if result.passed else nn.train_epoch
