"""A synthetic "next word" task with heavy-tailed word frequencies (lesson 07, after Kunstner et al. 2024).

A corpus of ``tokens`` words drawn from a vocabulary of ``vocab`` words whose
frequencies follow Zipf's law (word k has probability proportional to 1/k;
``zipf=False``: all equally frequent).  Each token is predicted from the word
before it, its *context*, by a linear softmax model on the one-hot context:
``logits = W[context]``, one row of ``vocab`` logits per context word.

- The ``top`` most frequent words follow one shared, uncertain context
  (think "the"): no model can tell them apart from it.
- Every other word k has a telltale context word of its own, which precedes
  it every time.  With probability ``stray`` a frequent word follows a random
  telltale context instead, so a telltale context is not a certainty either.

The full-batch loss is the mean cross-entropy over all tokens.  The task only
needs the count of each (context, word) pair, and one more simplification
keeps it fast: in each context row, the words never seen after that context
share the same logit, gradient and optimizer state all along (from W = 0, a
per-coordinate method moves them identically), so each row stores 7 logits
(the ``top`` frequent words, the row's own telltale word, "every other word")
with a multiplicity.  ``tests/test_next_word.py`` checks this against the
plain (contexts x vocab) computation.  Logit arrays may carry leading batch
axes (learning rates, seeds) in front of ``(contexts, 7)``.
"""
import numpy as np


class NextWordTask:
    """One seeded corpus; ``grad(Z)`` and ``loss_per_word(Z)`` for compressed logits Z."""

    def __init__(self, seed, vocab=200, tokens=5000, top=5, stray=0.3, zipf=True):
        if vocab <= top + 1:
            raise ValueError(f"vocab must be larger than top + 1 = {top + 1}, got {vocab}")
        rng = np.random.default_rng(seed)
        p = 1.0 / np.arange(1, vocab + 1) if zipf else np.ones(vocab)
        words = rng.choice(vocab, size=tokens, p=p / p.sum())
        contexts = np.where(words < top, 0, words - top + 1)      # 0: the shared uncertain context
        strays = (words < top) & (rng.random(tokens) < stray)
        contexts[strays] = rng.integers(1, vocab - top + 1, size=strays.sum())
        self.vocab, self.tokens, self.top = vocab, tokens, top
        n_contexts = vocab - top + 1
        # column of word w in context row c: w < top -> w; the row's own word -> top; others -> top + 1
        columns = np.where(words < top, words, top)
        self.counts = np.zeros((n_contexts, top + 2))
        np.add.at(self.counts, (contexts, columns), 1.0 / tokens)
        self.multiplicity = np.ones((n_contexts, top + 2))
        self.multiplicity[:, top + 1] = vocab - top - 1
        self.multiplicity[0, top] = 0.0                             # the shared context has no own word
        self.multiplicity[0, top + 1] = vocab - top
        self.word_freq = np.bincount(words, minlength=vocab) / tokens

    def zeros(self, batch=()):
        """Logits W = 0 (every word equally likely), with leading ``batch`` axes."""
        return np.zeros((*batch, *self.counts.shape))

    def _log_probs(self, Z):
        Z = Z - Z.max(-1, keepdims=True)
        with np.errstate(divide="ignore"):
            log_mult = np.log(self.multiplicity)                   # -inf for an empty column
        return Z - np.log(np.exp(Z + log_mult).sum(-1, keepdims=True))

    def grad(self, Z):
        """d(mean loss)/d(logit) of ONE word in each column (what a per-coordinate optimizer needs).

        The softmax probability of one word of each column, times the row's share of the tokens,
        minus the column's count; written with one exp and no log (the optimizer loops call it
        every step).
        """
        e = np.exp(Z - Z.max(-1, keepdims=True))
        return e / (e * self.multiplicity).sum(-1, keepdims=True) * self.counts.sum(-1, keepdims=True) - self.counts

    def loss_per_word(self, Z):
        """(..., vocab): each word's share of the mean loss (sums to the mean loss)."""
        return self._per_word(-self.counts * self._log_probs(Z))

    def best_loss_per_word(self):
        """The lowest training loss any model reaches, per word: the corpus's own conditional frequencies."""
        row = self.counts.sum(-1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            log_p = np.where(self.counts > 0, np.log(self.counts / row), 0.0)
        return self._per_word(-self.counts * log_p)

    @classmethod
    def stacked(cls, tasks):
        """Several tasks as one, with the seed as a leading axis: counts (seed, contexts, 7).

        Every task of the same size stores its logits in the same (contexts, 7) layout, so
        ``grad(Z)`` and ``loss_per_word(Z)`` of the stack take Z (..., seed, contexts, 7) and give
        each seed's own answer in one NumPy call: 20 seeds cost about what one does. ``word_freq``
        becomes (seed, vocab).
        """
        tasks = list(tasks)
        if not tasks:
            raise ValueError("tasks must hold at least one NextWordTask")
        first = tasks[0]
        if any((t.vocab, t.tokens, t.top) != (first.vocab, first.tokens, first.top) for t in tasks):
            raise ValueError("tasks must share vocab, tokens and top to be stacked")
        stack = object.__new__(cls)
        stack.__dict__.update(first.__dict__)
        stack.counts = np.stack([t.counts for t in tasks])
        stack.word_freq = np.stack([t.word_freq for t in tasks])
        return stack

    def _per_word(self, loss):
        """(..., contexts, 7) loss terms -> (..., vocab) per word."""
        per_word = np.zeros((*loss.shape[:-2], self.vocab))
        per_word[..., :self.top] = loss[..., :self.top].sum(-2)
        per_word[..., self.top:] = loss[..., 1:, self.top]  # word k's only context is row k - top + 1
        return per_word
