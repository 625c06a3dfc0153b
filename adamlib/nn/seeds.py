"""One network per seed, all trained at once, with any optimizer: the seeds of a comparison.

A fair comparison of optimizers runs every method on the same 20 seeds (seed k fixes
the initial weights and the minibatch order), at many learning rates. One small
network per seed, trained one after the other, spends its time in Python's overhead;
stacked along a new first axis (W of shape (seeds, fan_in, fan_out)), the seeds share
every matrix product (``copies.loss_and_grads``) and every optimizer call:

    scores = train_seeds(model, Adam(lr=0.02), seeds=range(20), X=X_fit, y=y_fit,
                         steps=27, batch_size=128, X_val=X_val, y_val=y_val)
    scores            # (20,) each seed's validation loss, at opt.eval_params

Seed k's network is exactly the one the one-seed loop trains (the same numbers to
round-off, tested):

    rng = np.random.default_rng(k); params = model.init(rng); state = opt.init(params)
    epoch after epoch: for X_b, y_b in minibatches(X, y, batch_size, rng): one step

How the optimizer meets the stack:

* an element-wise optimizer (``opt.elementwise``: SGD, Adam, Adadelta, Lion,
  Schedule-Free, ...) treats every entry on its own, so it steps the stacked arrays as
  they are (Schedule-Free's two running scalars depend on the learning rate and the
  step only, the same for every seed);
* Adafactor (row and column statistics, an RMS) and Muon (a matrix's singular
  directions) look across a whole array, so each seed's slice gets its own state and
  its own call, inside this loop (``PerParameter`` too: it may hold either).

A run that stops being finite on any seed (the optimizer refuses the step) returns inf
for every seed: ``adamlib.compare`` does not rank a learning rate that diverged on any
seed, so nothing is lost.
"""
import numpy as np

from .. import tree
from ..optim import NonFiniteError
from . import copies


class PerSeed:
    """Run an optimizer that looks across whole arrays on each seed's slice, with its own state.

    ``params`` here are stacked: every array has the seeds on its first axis. Seed k's
    slice (``array[k]`` for every array) is stepped by ``opt`` exactly as a one-seed run
    would step it; the results are stacked again.
    """

    def __init__(self, opt, n):
        self.opt, self.n = opt, int(n)

    def _slice(self, stacked, k):
        return tree.tree_map(lambda array: array[k], stacked)

    def _stack(self, trees):
        return tree.tree_map(lambda *arrays: np.stack(arrays), *trees)

    def init(self, params):
        return [self.opt.init(self._slice(params, k)) for k in range(self.n)]

    def step(self, params, grads, states):
        stepped = [self.opt.step(self._slice(params, k), self._slice(grads, k), states[k])
                   for k in range(self.n)]
        return self._stack([p for p, _ in stepped]), [s for _, s in stepped]

    def eval_params(self, params, states):
        return self._stack([self.opt.eval_params(self._slice(params, k), states[k]) for k in range(self.n)])


def elementwise(opt):
    """True when ``opt`` treats every entry on its own (``PerParameter``: when all its parts do)."""
    if hasattr(opt, "optimizers"):
        return all(elementwise(part) for part in opt.optimizers.values())
    return bool(getattr(opt, "elementwise", False))


def for_seeds(opt, n):
    """``opt`` itself when it can step stacked arrays as they are, else ``PerSeed(opt, n)``."""
    return opt if elementwise(opt) else PerSeed(opt, n)


def validation_loss(model, params, X, y):
    """(seeds,) each stacked network's mean softmax cross-entropy on (X, y), shared by all."""
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    logits, _ = copies.forward(model, params, X)
    z = logits - logits.max(axis=-1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    return -log_p[:, np.arange(len(y)), y].mean(axis=1)


def train_seeds(model, opt, seeds, X, y, steps, batch_size, X_val, y_val):
    """Train one copy of ``model`` per seed for ``steps`` minibatch steps; (seeds,) validation losses.

    ``opt``: any adamlib optimizer (or ``PerParameter``), fresh: its state starts here.
    ``steps``: minibatch steps, counted across epochs (each epoch reshuffles, as
    ``minibatches`` does). The score is the loss on (X_val, y_val) at ``opt.eval_params``.
    """
    seeds = [int(s) for s in seeds]
    if not seeds:
        raise ValueError("seeds must name at least one seed")
    if int(steps) != steps or steps < 0:
        raise ValueError(f"steps must be a whole number >= 0, got {steps!r}")
    if int(batch_size) != batch_size or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    rngs = [np.random.default_rng(s) for s in seeds]
    params = copies.stack([model.init(rng) for rng in rngs])
    opt = for_seeds(opt, len(seeds))
    state = opt.init(params)
    done, N, B = 0, len(X), int(batch_size)
    try:
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            while done < steps:
                orders = np.stack([rng.permutation(N) for rng in rngs])  # what minibatches() draws
                for start in range(0, N, B):
                    if done == steps:
                        break
                    rows = orders[:, start:start + B]
                    _, grads = copies.loss_and_grads(model, params, X[rows], y[rows])
                    params, state = opt.step(params, grads, state)
                    done += 1
            scores = validation_loss(model, opt.eval_params(params, state), X_val, y_val)
    except NonFiniteError:
        return np.full(len(seeds), np.inf)
    return np.where(np.isfinite(scores), scores, np.inf)
