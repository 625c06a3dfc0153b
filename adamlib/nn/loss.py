"""Softmax cross-entropy: the loss of a classifier that outputs one score per class."""
import numpy as np


def log_softmax(logits):
    """``log(softmax(logits))`` row by row, without overflow.

    Subtracting each row's maximum leaves softmax unchanged and keeps every
    exponent <= 0, so exp never overflows and log never sees 0.
    """
    z = logits - logits.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def softmax_cross_entropy(logits, labels):
    """``(loss, dloss/dlogits)``: mean over the batch of -log p(true label).

    ``logits`` has shape (n, classes), ``labels`` holds n integers.  The
    gradient has the well-known form (softmax(logits) - one_hot(labels)) / n.
    """
    logits = np.asarray(logits, dtype=np.float64)
    labels = np.asarray(labels)
    n = len(labels)
    log_p = log_softmax(logits)
    rows = np.arange(n)
    loss = -log_p[rows, labels].mean()
    dlogits = np.exp(log_p)
    dlogits[rows, labels] -= 1.0
    return float(loss), dlogits / n
