"""Online linear regression with rare features: the setting AdaGrad was built for (lesson 03).

Each example has ``dim`` binary features; feature j is present (x_j = 1) with probability
``frequencies[j]``, independently, and the label is y = x . w* + noise with w* = (1, ..., 1).
An optimizer sees ONE example per step, so a feature of frequency 0.01 gets a gradient on
about one step in a hundred and is zero the rest of the time: that is what "sparse" means.

Why it is AdaGrad's problem: AdaGrad divides each coordinate's step by the root of the sum of
ITS squared gradients.  A rare feature's sum grows only on the steps where it appears, so its
steps stay large; one learning rate (SGD) must be small enough for the frequent features and
then barely moves the rare ones.

Every seed has its own stream, and all seeds run at once as a batch dimension::

    problem = RareFeatures(seeds=range(20), max_steps=1000)
    runs = problem.run(adagrad_step, lrs=[0.1, 0.3], horizons=(500, 1000))
    w, state = runs[500]           # each (2 rates, 20 seeds, dim)
    problem.excess_risk(w)         # (2, 20), exact: no test sample needed

The stream of a seed does not depend on ``max_steps`` or on the other seeds, so a run of T
steps sees the first T examples of the run of 2T, and every optimizer sees the same examples.
"""
import numpy as np

from .streams import check_horizons, check_rates, seed_rows

DEFAULT_FREQUENCIES = tuple(np.geomspace(0.5, 0.01, 16))


class RareFeatures:
    """One stream of (x, y) examples per seed; ``run`` feeds them to a step function, one per step.

    frequencies: probability that each feature is present in an example, each in (0, 1].
    noise:       standard deviation of the label noise (>= 0).
    """

    def __init__(self, seeds, max_steps, frequencies=DEFAULT_FREQUENCIES, noise=0.5):
        self.frequencies = np.asarray(frequencies, dtype=float)
        if self.frequencies.ndim != 1 or np.any(self.frequencies <= 0) or np.any(self.frequencies > 1):
            raise ValueError(f"frequencies must be a 1-D list of probabilities in (0, 1], got {frequencies!r}")
        if noise < 0:
            raise ValueError(f"noise must be >= 0, got {noise!r}")
        if int(max_steps) < 1:
            raise ValueError(f"max_steps must be >= 1, got {max_steps!r}")
        self.seeds, self.max_steps, self.noise = [int(s) for s in seeds], int(max_steps), noise
        self.dim = self.frequencies.size
        self.w_star = np.ones(self.dim)
        n = len(self.seeds)
        self.x = np.empty((n, self.max_steps, self.dim))
        self.y = np.empty((n, self.max_steps))
        for row, seed in enumerate(self.seeds):
            # Two generators per seed: features and noise, so neither depends on the other's length.
            features, labels = (np.random.default_rng([seed, k, 3]) for k in range(2))
            self.x[row] = features.random((self.max_steps, self.dim)) < self.frequencies
            self.y[row] = self.x[row] @ self.w_star + noise * labels.standard_normal(self.max_steps)

    def rows(self, seeds):
        """The batch rows of ``seeds`` (each must be one of the problem's seeds)."""
        return seed_rows(self.seeds, seeds)

    def run(self, step_fn, lrs, horizons, seeds=None):
        """Feed examples 1, 2, ... to ``step_fn(w, grad, state, lr) -> (w, state)``; all rates and seeds at once.

        lrs: learning rates (a number or a 1-D list); horizons: the step counts to report (a number or
        a list), each in 1..max_steps.  Starts from w = 0 and state = 0.  Returns {T: (w, state)} with
        arrays of shape (len(lrs), n_seeds, dim): the run of T steps is the beginning of the run of
        2T, so one pass gives every horizon.  The gradient of 1/2 (x . w - y)^2 is (x . w - y) x:
        zero on every feature absent from the example.
        """
        lrs, horizons = check_rates(lrs), check_horizons(horizons, self.max_steps)
        rows = self.rows(self.seeds if seeds is None else seeds)
        x, y = self.x[rows], self.y[rows]
        w = np.zeros((lrs.size, len(rows), self.dim))
        state, saved = np.zeros_like(w), {}
        with np.errstate(all="ignore"):  # a diverging rate overflows to inf/NaN: the caller scores it
            for t in range(max(horizons)):
                residual = np.einsum("nd,lnd->ln", x[:, t], w) - y[:, t]
                w, state = step_fn(w, residual[..., None] * x[:, t], state, lrs[:, None, None])
                if t + 1 in horizons:
                    saved[t + 1] = (w, state)
        return saved

    def excess_risk(self, w):
        """E[(x . w - x . w*)^2] over fresh examples, exactly: sum p(1-p) e^2 + (sum p e)^2, e = w - w*.

        The noise adds the same noise**2 for every w, so it is left out: 0 means w = w*.
        """
        e, p = np.asarray(w) - self.w_star, self.frequencies
        return np.sum(p * (1 - p) * e**2, axis=-1) + np.sum(p * e, axis=-1) ** 2

