"""Minibatches: one pass over the data in a fresh random order."""
import numpy as np


def minibatches(X, y, batch_size, rng):
    """An iterator of ``(X_batch, y_batch)`` covering every sample exactly once.

    The order is a new permutation drawn from ``rng`` on every call, so calling
    this once per epoch reshuffles each epoch (as torch's
    ``DataLoader(shuffle=True)`` does).  The last batch is smaller when
    ``batch_size`` does not divide ``len(X)``; nothing is dropped.
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)} labels")
    if int(batch_size) != batch_size or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer; got {batch_size!r}")
    # Drawn now, not at the first next(): the rng advances when the epoch is set up.
    order = rng.permutation(len(X))
    starts = range(0, len(X), int(batch_size))
    return ((X[order[s:s + int(batch_size)]], y[order[s:s + int(batch_size)]]) for s in starts)
