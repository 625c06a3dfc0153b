"""Train K independent copies of one network at once: seeds and learning rates side by side.

An honest comparison of optimizers takes many runs (several seeds, a grid of
learning rates), and each run of a small network is dominated by Python's
overhead, not by arithmetic.  The runs are independent, so they can share every
array operation: stack the K copies' weights along a new first axis and take
one batched matrix product per layer instead of K small ones.

    params = stack([model.init(np.random.default_rng(s)) for s in seeds])   # W: (K, fan_in, fan_out)
    run = train_copies(model, params, lambda lr: Adam(lr=lr), lrs, X, y, epochs=10,
                       batch_size=32, shuffle_seeds=seeds, X_eval=X_val, y_eval=y_val)
    run.loss[-1]       # (K,) each copy's mean training loss in the last epoch
    run.accuracy[-1]   # (K,) each copy's accuracy on (X_eval, y_eval) after it

Copy k is exactly the run ``train_epoch`` would make with ``make_opt(lrs[k])``,
the weights ``params[..][k]`` and the shuffling generator
``np.random.default_rng(shuffle_seeds[k])`` (same minibatches, same steps; the
results agree to round-off).  One optimizer serves all copies: its chain of
transforms (``optim.transforms``) ends with the learning rate, so the chain's
updates at learning rate 1 are scaled by each copy's own learning rate.  That is
exact for every optimizer built from a chain (SGD, Adagrad, RMSprop, Adam, AdamW,
Adamax, with or without weight decay); the others (lesson 08's, NAdam, RAdam) are
refused.

A copy **diverges** when its loss or gradients stop being finite, or its mean
training loss over an epoch exceeds ``diverge_above`` (by default 10 times the
loss of guessing uniformly, ln(classes)): from then on its weights stay frozen,
its losses and accuracies are NaN, and ``run.diverged[k]`` is the epoch (from 1)
where it happened (0 while it has not).
"""
from dataclasses import dataclass

import numpy as np

from .linear import Linear


def stack(trees):
    """One tree whose arrays hold the K given trees' arrays along a new first axis."""
    trees = list(trees)
    if not trees:
        raise ValueError("stack needs at least one params tree")
    return [{key: np.stack([t[i][key] for t in trees]) for key in layer} for i, layer in enumerate(trees[0])]


def unstack(params, k):
    """The k-th copy of stacked ``params``, as one ordinary params tree."""
    return [{key: value[k] for key, value in layer.items()} for layer in params]


def n_copies(params):
    return len(params[0]["W"])


def _swap(a):
    return np.swapaxes(a, -1, -2)


def forward(model, params, X):
    """``(logits, caches)`` for every copy: X is (n, d) (shared) or (K, n, d); logits (K, n, classes)."""
    it = iter(params)
    caches, x = [], X
    for layer in model.layers:
        if isinstance(layer, Linear):
            p = next(it)
            caches.append(x)
            x = x @ p["W"] + p["b"][:, None, :]
        elif layer.has_params:
            raise ValueError(f"train_copies supports Linear layers and activations, not {layer!r}")
        else:
            x, cache = layer.forward({}, x)
            caches.append(cache)
    return x, caches


def loss_and_grads(model, params, X, y):
    """``(losses, grads)``: each copy's mean softmax cross-entropy, shape (K,), and its gradient.

    ``X`` is (K, n, d) and ``y`` is (K, n): copy k sees the batch ``X[k], y[k]``.
    """
    logits, caches = forward(model, params, X)
    z = logits - logits.max(axis=-1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    K, n = y.shape
    picked = np.take_along_axis(log_p, y[..., None], axis=-1)[..., 0]
    losses = -picked.mean(axis=1)
    dz = np.exp(log_p)
    np.put_along_axis(dz, y[..., None], np.take_along_axis(dz, y[..., None], axis=-1) - 1.0, axis=-1)
    dz /= n
    grads = []
    it = reversed(params)
    for layer, cache in zip(reversed(model.layers), reversed(caches)):
        if isinstance(layer, Linear):
            p = next(it)
            grads.append({"W": _swap(cache) @ dz, "b": dz.sum(axis=1)})
            dz = dz @ _swap(p["W"])
        else:
            dz, _ = layer.backward({}, cache, dz)
    return losses, grads[::-1]


def accuracy(model, params, X, y):
    """(K,) each copy's fraction of rows of X (shared by all copies) classified as y."""
    logits, _ = forward(model, params, np.asarray(X, dtype=float))
    return (logits.argmax(axis=-1) == np.asarray(y)).mean(axis=-1)


@dataclass
class CopiesRun:
    """What ``train_copies`` returns; rows are epochs, columns copies."""
    params: list
    loss: np.ndarray        # (epochs, K) mean training loss of each epoch (NaN once diverged)
    accuracy: np.ndarray    # (epochs, K) accuracy on (X_eval, y_eval) after each epoch, or None
    diverged: np.ndarray    # (K,) the epoch where the copy diverged, 0 if it never did
    lrs: np.ndarray         # (K,) each copy's learning rate


def _views(flat, layout):
    """The params tree as views into the rows of ``flat`` (K, total size)."""
    out, at = [], 0
    for layer in layout:
        entry = {}
        for key, shape in layer:
            size = int(np.prod(shape))
            entry[key] = flat[:, at:at + size].reshape((len(flat),) + shape)
            at += size
        out.append(entry)
    return out


def _check_optimizer(opt):
    if getattr(opt, "transform", lambda: None)() is None:
        raise ValueError(
            f"train_copies needs an optimizer built from a chain of transforms, whose last link is "
            f"the learning rate (SGD, Adagrad, RMSprop, Adam, AdamW, Adamax); got {opt!r}")


def train_copies(model, params, make_opt, lrs, X, y, epochs, batch_size, shuffle_seeds,
                 X_eval=None, y_eval=None, diverge_above=None):
    """Train the K stacked copies ``params`` for ``epochs`` epochs; returns a :class:`CopiesRun`.

    make_opt:      a function lr -> optimizer (e.g. ``lambda lr: Adam(lr=lr)``).
    lrs:           K learning rates, one per copy (or one number for all).
    shuffle_seeds: K seeds; copy k shuffles with ``np.random.default_rng(shuffle_seeds[k])``.
    diverge_above: the mean epoch loss above which a copy counts as diverged
                   (default 10 ln(classes)).
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    K = n_copies(params)
    lrs = np.broadcast_to(np.asarray(lrs, dtype=float), (K,)).copy()
    seeds = list(shuffle_seeds)
    if len(seeds) != K:
        raise ValueError(f"shuffle_seeds has {len(seeds)} seeds but params hold {K} copies")
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)} labels")
    opt = make_opt(1.0)
    _check_optimizer(opt)
    n_classes = params[-1]["W"].shape[-1]
    limit = 10 * np.log(n_classes) if diverge_above is None else float(diverge_above)
    rngs = [np.random.default_rng(s) for s in seeds]
    # All of a copy's weights in one row of `flat`: one optimizer call per step on one array.
    layout = [[(key, np.shape(value)[1:]) for key, value in layer.items()] for layer in params]
    flat = np.concatenate([np.reshape(v, (K, -1)) for layer in params for v in layer.values()], axis=1)
    params = _views(flat, layout)
    state = opt.init(flat)
    chain, slots = opt.chain(), {name: state[name] for name in opt.slots}
    alive = np.ones(K, dtype=bool)
    diverged = np.zeros(K, dtype=int)
    loss_hist = np.full((epochs, K), np.nan)
    acc_hist = None if X_eval is None else np.full((epochs, K), np.nan)
    N, B = len(X), int(batch_size)
    scale = lrs[:, None].copy()      # each copy's learning rate, 0 once it has diverged
    step = 0
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in range(epochs):
            orders = np.stack([rng.permutation(N) for rng in rngs])   # what minibatches() draws
            total = np.zeros(K)
            for start in range(0, N, B):
                rows = orders[:, start:start + B]
                losses, grads = loss_and_grads(model, params, X[rows], y[rows])
                g = np.concatenate([np.reshape(v, (K, -1)) for layer in grads for v in layer.values()],
                                   axis=1)
                bad = ~(np.isfinite(losses) & np.isfinite(g).all(axis=1))
                if bad.any():         # a dead copy gets zero gradients and keeps its weights
                    diverged[alive & bad] = epoch + 1
                    alive &= ~bad
                    scale[~alive] = 0.0
                    g[~alive] = 0.0
                step += 1
                updates, slots = chain.rule(g, slots, flat, step)   # the updates at lr = 1
                flat = flat + scale * updates
                params = _views(flat, layout)
                total += np.where(alive, losses, 0.0) * rows.shape[1]
            epoch_loss = total / N
            over = alive & ~(epoch_loss <= limit)
            if over.any():
                diverged[over] = epoch + 1
                alive &= ~over
                scale[~alive] = 0.0
            loss_hist[epoch] = np.where(alive, epoch_loss, np.nan)
            if acc_hist is not None:
                acc_hist[epoch] = np.where(alive, accuracy(model, params, X_eval, y_eval), np.nan)
    return CopiesRun(params, loss_hist, acc_hist, diverged, lrs)
