"""Lesson 07's next-word task as a plain (contexts x vocab) matrix of logits, for every optimizer.

:class:`~adamlib.problems.next_word.NextWordTask` stores 7 logits per context
row, which is exact for optimizers that treat every coordinate alike (Adam,
Lion, ...).  Adafactor (row and column statistics) and Muon (the whole
matrix's singular vectors) look at the matrix as a whole, so lesson 08 trains
the full matrix W, one logit per (context word, next word):

    p(word | context) = softmax(W[context])
    loss(W) = sum over (context, word) of  -C[context, word] * log p(word | context)

where C holds each pair's share of the tokens (C sums to 1), so the loss is the
mean cross-entropy per token of the whole corpus (full batch).
"""
import numpy as np


class NextWordMatrix:
    """The dense view of a ``NextWordTask``: ``loss(W)``, ``grad(W)``, ``loss_per_word(W)``."""

    def __init__(self, task):
        V, top = task.vocab, task.top
        rows = np.arange(1, task.counts.shape[0])
        self.counts = np.zeros((task.counts.shape[0], V))
        self.counts[:, :top] = task.counts[:, :top]
        self.counts[rows, rows + top - 1] = task.counts[1:, top]   # each telltale row's own word
        self.task, self.vocab = task, V
        self.word_freq = self.counts.sum(0)
        self.shape = self.counts.shape

    def zeros(self):
        """W = 0: every word equally likely after every context."""
        return np.zeros(self.shape)

    def _log_probs(self, W):
        Z = W - W.max(-1, keepdims=True)
        return Z - np.log(np.exp(Z).sum(-1, keepdims=True))

    def loss(self, W):
        """The mean cross-entropy per token (a Python float)."""
        return float(-(self.counts * self._log_probs(W)).sum())

    def grad(self, W):
        """d loss / d W: softmax(W[c]) * (share of tokens with context c) - C[c]."""
        return np.exp(self._log_probs(W)) * self.counts.sum(-1, keepdims=True) - self.counts

    def loss_per_word(self, W):
        """(vocab,): each next word's share of the mean loss (sums to ``loss(W)``)."""
        return -(self.counts * self._log_probs(W)).sum(0)
