"""Lesson 06's minibatch AdamW experiment, too long for a 15-second notebook, stored as a table.

    python -m adamlib.data.lesson06_tables      # recompute (about 1 CPU minute), writes lesson06_tables.npz

    tables = load()                  # {name: array}, from lesson06_tables.npz beside this file
    tables["adamw"]                  # (horizon, lr, lambda, seed, feature): AdamW's weights, averaged
    tables["l2"]                     #   over the last fifth of each horizon; Adam + L2 the same
    tables["path"]                   # (checkpoint, lr, lambda, feature): AdamW's weights, mean over seeds

The experiment: lesson 06's regression (``regression()``: 200 examples, 8 features whose scales
run from 0.1 to 10, true weights 1; the notebook draws the same numbers) trained from zero weights
by AdamW and by Adam + L2 on minibatches of ``BATCH`` examples, for every learning rate of
``LRS`` and weight decay of ``LAMS``, ``SEEDS`` seeds each (seed ``s`` draws the minibatches from
``np.random.default_rng(s)``, so every (lr, lambda) sees the same minibatches: paired).

Why it is long: AdamW's weights are an exponential average of its updates over tau = 1/(lr lambda)
steps, up to 3333 steps here, and a claim about where they *settle* needs runs of several tau.
Each run lasts ``2 * HORIZON`` steps; the weights are averaged over the last fifth of the horizon
T = ``HORIZON`` (6 tau at the longest) and of 2T, so the lesson can check that the two agree
(settled) before it reads anything off them. ``path`` keeps the seed-mean weights every
``PATH_EVERY`` steps for the figure of how fast each run gets there.

``tests/test_lesson06_tables.py`` recomputes the start of the path and, marked slow, the whole table.
"""
import math
from pathlib import Path

import numpy as np

PATH = Path(__file__).with_name("lesson06_tables.npz")
N_EXAMPLES, N_FEATURES, BATCH = 200, 8, 10
LRS, LAMS = (0.003, 0.01, 0.03), (0.1, 0.3, 1.0)
SEEDS, HORIZON, PATH_EVERY = 20, 20_000, 100


def regression():
    """Lesson 06's regression, drawn as the notebook draws it: (X, y, w_ols)."""
    rng = np.random.default_rng(0)
    feature_scale = np.logspace(-1, 1, N_FEATURES)
    X = rng.standard_normal((N_EXAMPLES, N_FEATURES)) * feature_scale
    y = X @ np.ones(N_FEATURES) + 0.5 * rng.standard_normal(N_EXAMPLES)
    return X, y, np.linalg.solve(X.T @ X, X.T @ y)


def minibatch_runs(X, y, lrs, lams, seeds, steps, l2=False, horizons=None, beta1=0.9, beta2=0.999, eps=1e-8):
    """AdamW (l2=True: Adam + L2) on minibatches of BATCH examples, every (lr, lambda, seed) at once.

    Returns (averages, path): averages[h] is the weights averaged over the last fifth of the
    first ``horizons[h]`` steps, (lr, lambda, seed, feature); path[k] the mean over seeds of the
    weights after step (k + 1) * PATH_EVERY, (lr, lambda, feature).
    """
    horizons = (steps,) if horizons is None else tuple(horizons)
    if any(h > steps or h % 5 for h in horizons):
        raise ValueError(f"horizons must be multiples of 5 no larger than steps={steps}, got {horizons}")
    n = len(X)
    lr = np.asarray(lrs, float)[:, None, None, None]
    lam = np.asarray(lams, float)[None, :, None, None]
    batches = np.stack([np.random.default_rng(s).integers(0, n, size=(steps, BATCH)) for s in seeds], axis=1)
    w = np.zeros((len(lrs), len(lams), len(seeds), X.shape[1]))
    m, v = np.zeros_like(w), np.zeros_like(w)
    averages = np.zeros((len(horizons), *w.shape))
    path = []
    for t in range(1, steps + 1):
        Xb, yb = X[batches[t - 1]], y[batches[t - 1]]                      # (seed, batch, feature)
        residual = np.einsum("sbf,...sf->...sb", Xb, w) - yb
        g = np.einsum("sbf,...sb->...sf", Xb, residual) / BATCH              # each run's minibatch gradient
        if l2:
            g = g + lam * w
        else:
            w = w * (1 - lr * lam)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        w = w - lr / (1 - beta1**t) * m / (np.sqrt(v) / math.sqrt(1 - beta2**t) + eps)
        for k, h in enumerate(horizons):
            if h - h // 5 < t <= h:                                          # the last fifth of horizon h
                averages[k] += w / (h // 5)
        if t % PATH_EVERY == 0:
            path.append(w.mean(axis=2))
    return averages, np.array(path)


def compute():
    """Every array of the table, as ``load()`` returns them."""
    X, y, w_ols = regression()
    horizons = (HORIZON, 2 * HORIZON)
    adamw, path = minibatch_runs(X, y, LRS, LAMS, range(SEEDS), 2 * HORIZON, horizons=horizons)
    l2, _ = minibatch_runs(X, y, LRS, LAMS, range(SEEDS), 2 * HORIZON, l2=True, horizons=horizons)
    return {"X": X, "y": y, "w_ols": w_ols, "lrs": np.array(LRS), "lams": np.array(LAMS),
            "horizons": np.array(horizons), "adamw": adamw, "l2": l2, "path": path}


def load():
    """The stored table: {name: array} (see the module's docstring)."""
    with np.load(PATH) as data:
        return {name: data[name] for name in data.files}


if __name__ == "__main__":
    np.savez_compressed(PATH, **compute())
    print(f"wrote {PATH}")
