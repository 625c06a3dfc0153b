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
- every minibatch's labels are the labels of its rows (shuffling X but not
  y, or X and y with separate permutations, is caught);
- the updated params and state returned, and ``mean_loss`` the true epoch
  mean: the batch losses weighted by batch size (the last batch is smaller),
  as the lesson asks, not their plain mean or their sum.

The verdict is printed like every check's (:mod:`adamlib.checks.engine`: the
verdict line, the hint, ``ADAMLIB_GRADING``); what the student's loop prints
is captured, so the check prints only its verdict.
"""
import numpy as np

from .. import nn, tree
from ..optim import Adam
from .calling import Quiet, code_of, is_reference, watching
from .engine import Verdict, describe_value, finish, fmt, not_done_verdict, reference_verdict
from .verdicts import judged, raised_verdict

NAME = "train_epoch"
N_SAMPLES, N_FEATURES, N_CLASSES, BATCH_SIZE, START_STEP = 50, 6, 3, 16, 5
N_BATCHES = -(-N_SAMPLES // BATCH_SIZE)  # 4: three of 16 and a last one of 2
SIGNATURE = "train_epoch(model, params, opt, state, X, y, batch_size, rng)"


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
        self.labels = []  # y_batch of each call

    def loss_and_grads(self, params, X, y):
        loss, grads = self._model.loss_and_grads(params, X, y)
        self.calls.append((np.array(X, copy=True), _snapshot(params), float(loss)))
        self.labels.append(np.array(y, copy=True))
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
    with Quiet(), watching(code_of(nn.train_epoch)) as used_reference:
        result = student_fn(model_spy, params, opt_spy, state, X, y, BATCH_SIZE,
                            np.random.default_rng(shuffle_seed))
    row_index = {row.tobytes(): i for i, row in enumerate(X_before)}
    batches = [[row_index.get(np.asarray(row, dtype=float).tobytes(), -1) for row in Xb]
               for Xb, _, _ in model_spy.calls]
    labels_match = all(
        np.shape(yb) == (len(rows),) and all(i < 0 or yb[k] == y_before[i] for k, i in enumerate(rows))
        for rows, yb in zip(batches, model_spy.labels))
    return {
        "result": result, "model": model_spy, "opt": opt_spy, "batches": batches,
        "params_before": params_before, "labels_match": labels_match,
        "used_reference": bool(used_reference),
        "inputs_changed": not (_same(params, params_before) and np.array_equal(X, X_before)
                               and np.array_equal(y, y_before)),
    }


STEP_LINE = "`params, state = opt.step(params, grads, state)`"
LOOP = ("For each minibatch: `loss, grads = model.loss_and_grads(params, X_batch, y_batch)`, "
        f"then {STEP_LINE}.")


def _mistake(what, hint="", fix=""):
    return Verdict("mistake", f"{NAME}: not quite — {what}", hint, fix)


def _role(value):
    """Which of train_epoch's outputs ``value`` looks like: "state", "mean_loss", "params" or None."""
    if isinstance(value, dict) and "step" in value:
        return "state"
    if np.ndim(value) == 0 and not isinstance(value, (dict, list, tuple, str)) and value is not None:
        return "mean_loss"
    if isinstance(value, (list, tuple, dict)):
        return "params"
    return None


def _order(result):
    """'state, params, mean_loss' when the three outputs are all there but in another order, else ''."""
    roles = [_role(value) for value in result]
    if sorted(map(str, roles)) == ["mean_loss", "params", "state"] and roles != ["params", "state", "mean_loss"]:
        return ", ".join(roles)
    return ""


def _judge(r):
    """The first thing wrong with the run ``r``, as a Verdict, or None."""
    result, spy_model, spy_opt, batches = r["result"], r["model"], r["opt"], r["batches"]
    if r["used_reference"]:
        return reference_verdict(NAME, called=True, where="adamlib.nn")
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        return Verdict("form", f"{NAME}: returned {describe_value(result)}, but it must return 3 "
                               "values.", "End with `return params, state, mean_loss`.")
    order = _order(result)
    if order:
        return Verdict("order", f"{NAME}: not quite — you returned the outputs in the wrong order: "
                                f"yours come out as ({order}).",
                       "End with `return params, state, mean_loss`, in that order.")
    params, state, mean_loss = result
    if r["inputs_changed"]:
        return Verdict("mutated", f"{NAME}: you changed params, X or y in place.",
                       f"Let opt.step make new params ({STEP_LINE}) and leave the data alone.")
    if not spy_opt.steps:
        return _mistake("you never called opt.step, so the params never change and the loss never "
                        "goes down.", LOOP)
    if spy_opt.inits:
        return _mistake("you called opt.init inside train_epoch, which throws away the moments and "
                        f"the step counter Adam has built up (the state came in at step {START_STEP}).",
                        "Use the state you are given, and the one each opt.step returns.")
    if not spy_model.calls:
        return Verdict("form", f"{NAME}: you never called model.loss_and_grads.",
                       "Compute each minibatch's loss and gradients with `loss, grads = "
                       "model.loss_and_grads(params, X_batch, y_batch)`.")
    seen = [i for batch in batches for i in batch]
    if -1 in seen:
        return _mistake("a minibatch held rows that are not rows of X.",
                        "Take whole rows of X (X[rows]), with the labels y[rows] of the same rows.")
    if not r["labels_match"]:
        return _mistake("the labels no longer match their rows: a minibatch's y_batch is not the "
                        "labels of its X_batch (X shuffled but not y, or X and y shuffled with two "
                        "different permutations), so the network learns from scrambled labels.",
                        "Draw ONE order and index both with it: rows = order[start:start + "
                        "batch_size]; X[rows], y[rows] (or use minibatches(X, y, batch_size, rng)).")
    n_calls, n_steps = len(spy_model.calls), len(spy_opt.steps)
    if n_steps != n_calls:
        return _mistake(f"you computed gradients {n_calls} times but called opt.step {n_steps} times.",
                        "Take exactly one step per minibatch.")
    if n_steps == 1:
        what = "all the data as one batch" if len(seen) == N_SAMPLES else "only the first minibatch"
        return _mistake(f"you took one step on {what}.",
                        f"Loop over the minibatches: with {N_SAMPLES} samples and batch_size="
                        f"{BATCH_SIZE} an epoch is {N_BATCHES} steps (`for X_batch, y_batch in "
                        "minibatches(X, y, batch_size, rng):`).")
    if sorted(seen) != list(range(N_SAMPLES)):
        missing = N_SAMPLES - len(set(seen))
        return _mistake(f"an epoch must use every sample exactly once, but {missing} of the "
                        f"{N_SAMPLES} samples were never used and {len(seen) - len(set(seen))} were "
                        "used twice.", "Shuffle the row indices once per epoch and cut that order "
                        "into consecutive slices.")
    if max(len(b) for b in batches) > BATCH_SIZE or n_steps != N_BATCHES:
        return _mistake(f"with {N_SAMPLES} samples and batch_size={BATCH_SIZE} there should be "
                        f"{N_BATCHES} minibatches of at most {BATCH_SIZE} samples; yours made "
                        f"{n_steps}, of sizes {[len(b) for b in batches]}.")
    if seen == list(range(N_SAMPLES)):
        return _mistake("you went through the data in its stored order, so the minibatches and "
                        "their gradients repeat identically every epoch.",
                        "Shuffle every epoch, e.g. `minibatches(X, y, batch_size, rng)` draws a new "
                        "order from rng.")
    steps_in = [s for s, _, _, _ in spy_opt.steps]
    wanted = list(range(START_STEP, START_STEP + n_steps))
    if steps_in != wanted:
        counts = ", ".join(str(s) for s in wanted)
        if len(set(steps_in)) == 1:
            return _mistake(
                "you did not carry the optimizer state from step to step: every opt.step received "
                f"the state you were given, so its step counter stayed at {steps_in[0]} instead of "
                f"going {counts}, and Adam's moments m, v restarted each time.",
                f"Keep both results of every step: {STEP_LINE}.")
        got = ", ".join(str(s) for s in steps_in)
        return _mistake(f"the state's step counter went {got} into opt.step; it should go {counts}, "
                        "one per step.", "Pass each step's new state to the next step.")
    for k in range(1, n_steps):
        if not _same(spy_opt.steps[k][1], spy_opt.steps[k - 1][2]):
            return _mistake("opt.step's new params were not used by the next step (every step "
                            "started from the old params).", f"Write {STEP_LINE} inside the loop.")
    for k, (_, grad_params, _) in enumerate(spy_model.calls):
        if not _same(grad_params, spy_opt.steps[k][1]):
            return _mistake(f"the gradients of step {k + 1} were taken at other params than the ones "
                            "being updated.", "Compute them at the current params, inside the loop, "
                            "just before opt.step.")
    last_params, last_state = spy_opt.steps[-1][2], spy_opt.steps[-1][3]
    if not _same(params, last_params):
        which = "the params you were given" if _same(params, r["params_before"]) else "other params"
        return _mistake(f"you returned {which}, not the params after the last step.",
                        "`return params, state, mean_loss` with params from opt.step.")
    if not isinstance(state, dict) or state.get("step") != last_state["step"]:
        got = state.get("step") if isinstance(state, dict) else describe_value(state)
        return _mistake(f"the returned state is not the one after the last step (its step is {got}, "
                        f"it should be {last_state['step']}).",
                        "Return the state from opt.step, so the next epoch goes on from there.")
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

    weigh = "Add each batch's loss times its number of samples, and divide by the number of samples at the end."
    if near(value, weighted):
        return None
    if near(value, plain):
        return _mistake(f"mean_loss is the plain mean of the {n_steps} batch losses, so the last "
                        f"batch, {sizes[-1]} samples, counts as much as a full batch of {sizes[0]}.",
                        f"The epoch's mean loss is the average per sample. {weigh}")
    if near(value, losses.sum()) or near(value, float(losses @ sizes)):
        return _mistake(f"mean_loss is the SUM of the losses ({fmt(value)}), not their mean.",
                        "Return the average loss per sample, so epochs and batch sizes can be "
                        f"compared. {weigh}")
    if near(value, losses[-1]):
        return _mistake("mean_loss is the last minibatch's loss only.",
                        f"Average the losses of all the minibatches of the epoch. {weigh}")
    return Verdict("wrong", f"{NAME}: not quite — mean_loss should be the mean loss per sample, "
                            f"{fmt(weighted)}, but yours is {fmt(value)}.", weigh)


def verdict(student_fn):
    """Judge ``student_fn``; prints nothing, never raises."""
    if not callable(student_fn):
        return Verdict("form", f"{NAME}: expected your function, but got {describe_value(student_fn)}.",
                       f"Pass the function itself: `{NAME} = check_{NAME}({NAME})`.")
    if is_reference(student_fn, nn.train_epoch):
        return reference_verdict(NAME, called=False)
    try:
        first = run(student_fn, shuffle_seed=1)
        found = _judge(first)
        if found:
            return found
        again, other = run(student_fn, shuffle_seed=1), run(student_fn, shuffle_seed=2)
    except NotImplementedError:
        return not_done_verdict(NAME)
    except Exception as error:  # the student's bug, reported, not raised
        hint = (f"Keep the parameters exactly as given: {SIGNATURE}." if isinstance(error, TypeError)
                and "argument" in str(error) else
                "Call your function on the digits in a new cell to see the full traceback.")
        return raised_verdict(NAME, error, hint=hint)
    if again["batches"] != first["batches"]:
        return _mistake("two runs with the same rng visited the samples in different orders.",
                        "Shuffle with the rng you are given (not np.random), so a seeded run can be "
                        "reproduced.")
    if other["batches"] == first["batches"]:
        return _mistake("the order of the samples does not depend on the rng you are given (did you "
                        "make a new generator inside?).", "Shuffle with `rng`, so each epoch gets a "
                        "new order.")
    return Verdict("passed", f"{NAME}: correct — one optimizer step per minibatch, every sample once per "
                             "epoch in a shuffled order, params and state carried from step to step, mean "
                             "loss right. Well done!")


def check_train_epoch(student_fn, hint=False):
    """Check your ``train_epoch`` by watching what it does; print the verdict.

    Returns the function to use from here on: yours if it passed, otherwise
    ``adamlib.nn.train_epoch``.  Usage: ``train_epoch = check_train_epoch(train_epoch)``.
    Never raises, unless the environment variable ADAMLIB_GRADING=1 is set and
    the check failed (nbgrader autograding): then it raises AssertionError.
    """
    __tracebackhide__ = True
    result = judged(verdict, student_fn, NAME)
    return finish(result, NAME, nn.train_epoch, student_fn, hint)
