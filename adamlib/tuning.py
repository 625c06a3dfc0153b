"""Tuning one method's learning rate fairly: the engine's first half (``adamlib.compare`` is the second).

    tuning = tune(run, grid=np.logspace(-3, 0, 7), steps=300, seeds=range(20))
    tuning.lr, tuning.at_edge, tuning.ties, tuning.grid, tuning.curve, tuning.scores

``run(lr, steps, seeds)`` returns one score per seed (lower is better; NaN or inf: that seed's run
diverged). The best rate minimises the mean score over the seeds; a rate that diverges on any seed
is not eligible. ``adamlib.compare`` explains why each rule is there.
"""
import math
from dataclasses import dataclass

import numpy as np

TIE = 1e-9            # mean scores this close (relative) are the same to round-off


@dataclass
class Tuning:
    """One method tuned at one horizon: ``lr`` minimises the mean score over the seeds.

    ``grid`` (sorted) holds every rate tried, ``curve`` its mean score (inf where any seed
    diverged: such a rate is not eligible), ``scores`` the per-seed scores at ``lr``,
    ``at_edge`` whether ``lr`` is the first or last rate of ``grid``, ``ties`` every rate
    whose mean score equals the best to round-off (``lr`` itself included).
    """
    name: str
    steps: int
    grid: np.ndarray
    curve: np.ndarray
    lr: float
    scores: np.ndarray
    at_edge: bool
    ties: np.ndarray


def tune(run, grid, steps, seeds, per_decade=6, name="method"):
    """Tune ``run``'s learning rate at horizon ``steps``: the best mean score over ``seeds``.

    Evaluates the coarse ``grid``, then adds rates between the best one's neighbours until
    the best rate's neighbours are at most 1/``per_decade`` decade away. Next to a rate that
    diverged it goes on, halving the gap to 1/(8 ``per_decade``) decade: the best rate often
    sits just below the stability edge (gradient descent's just under 2/L), where the loss
    falls steeply. Raises ValueError when no rate of the grid runs without diverging on
    every seed.
    """
    grid = _check_grid(grid)
    if per_decade < 1:
        raise ValueError(f"per_decade must be at least 1, got {per_decade!r}")
    seeds = _check_seeds(seeds)
    tried = {}

    def evaluate(lr):
        if lr not in tried:
            scores = np.asarray(run(float(lr), steps, seeds), dtype=float)
            if scores.shape != seeds.shape:
                raise ValueError(f"{name}'s run(lr, steps, seeds) must return one score per seed "
                                 f"(shape {seeds.shape}); got shape {scores.shape}")
            tried[lr] = scores
        return tried[lr]

    def mean(lr):
        scores = evaluate(lr)
        return float(scores.mean()) if np.isfinite(scores).all() else math.inf

    def prefetch(rates):
        """Rates asked for together: one call of ``run.many(lrs, steps, seeds)`` if the method has it
        (all of them as one batch), so refining costs one batch per pass, not one per rate."""
        fresh = [float(lr) for lr in rates if lr not in tried]
        if fresh and hasattr(run, "many"):
            block = np.asarray(run.many(fresh, steps, seeds), dtype=float)
            if block.shape != (len(fresh), len(seeds)):
                raise ValueError(f"{name}'s run.many(lrs, steps, seeds) must return one row of scores per rate "
                                 f"(shape {(len(fresh), len(seeds))}); got shape {block.shape}")
            tried.update(zip(fresh, block))

    prefetch(grid)
    for lr in grid:
        mean(lr)
    finest = 10 ** (1 / per_decade) * (1 + 1e-9)
    for _ in range(8):  # each pass at least halves the gap around the best rate
        rates = np.array(sorted(tried))
        means = np.array([mean(lr) for lr in rates])
        if not np.isfinite(means).any():
            raise ValueError(f"every learning rate tried for {name} ({rates[0]:.2g} to {rates[-1]:.2g}) "
                             f"diverged on at least one seed at {steps} steps: lower the grid")
        i = int(np.argmin(means))
        lo, hi = rates[max(i - 1, 0)], rates[min(i + 1, len(rates) - 1)]
        new = [lr for lr in _fill(lo, rates[i], per_decade) + _fill(rates[i], hi, per_decade)
               if lr not in tried]
        if not new or (rates[i] / lo <= finest and hi / rates[i] <= finest):
            break
        prefetch(new)
        for lr in new:
            mean(lr)
    edge_gap = 10 ** (1 / (8 * per_decade)) * (1 + 1e-9)
    for _ in range(12):  # next to a rate that diverged: halve the gap towards the stability edge
        rates = np.array(sorted(tried))
        means = np.array([mean(lr) for lr in rates])
        i = int(np.argmin(means))
        new = [math.sqrt(rates[i] * rates[j]) for j in (i - 1, i + 1)
               if 0 <= j < len(rates) and math.isinf(means[j])
               and max(rates[i], rates[j]) / min(rates[i], rates[j]) > edge_gap]
        if not new:
            break
        prefetch(new)
        for lr in new:
            mean(lr)
    rates = np.array(sorted(tried))
    means = np.array([mean(lr) for lr in rates])
    i = int(np.argmin(means))
    ties = rates[np.abs(means - means[i]) <= TIE * max(1.0, abs(means[i]))]
    return Tuning(name, steps, rates, means, float(rates[i]), tried[rates[i]],
                  i in (0, len(rates) - 1), ties)


def _check_grid(grid):
    grid = np.unique(np.asarray(grid, dtype=float))
    if grid.ndim != 1 or len(grid) < 3 or not (np.isfinite(grid).all() and (grid > 0).all()):
        raise ValueError(f"grid must hold at least 3 positive, finite learning rates; got {grid!r}")
    return grid


def _check_seeds(seeds):
    seeds = np.asarray(list(seeds))
    if seeds.ndim != 1 or len(seeds) < 2:
        raise ValueError(f"seeds must list at least 2 seeds (20 or more for a claim); got {len(seeds)}")
    return seeds


def _fill(lo, hi, per_decade):
    """Rates strictly between lo and hi, log-spaced at least ``per_decade`` per decade."""
    if hi <= lo:
        return []
    count = math.ceil(per_decade * math.log10(hi / lo) - 1e-9)
    return [float(r) for r in np.geomspace(lo, hi, count + 1)[1:-1]]
