"""Arguments shared by the batched stream problems of lesson 03 (``RareFeatures``, ``MovingTarget``).

Their ``run`` methods take several learning rates and several horizons at once: the rates become
one more batch dimension next to the seeds, and the run of T steps is the beginning of the run of
2T, so one pass over the stream answers every (rate, horizon) pair that ``compare`` asks about.
"""
import numpy as np


def check_rates(lrs):
    """``lrs`` as a 1-D float array: a number or a 1-D list of positive learning rates."""
    rates = np.atleast_1d(np.asarray(lrs, dtype=float))
    if rates.ndim != 1 or rates.size == 0 or not np.all(rates > 0):
        raise ValueError(f"lrs must be a positive number or a 1-D list of them, got {lrs!r}")
    return rates


def check_horizons(horizons, max_steps):
    """``horizons`` as a sorted list of distinct step counts, each in 1..max_steps."""
    counts = sorted({int(T) for T in np.atleast_1d(horizons)})
    if not counts or counts[0] < 1 or counts[-1] > max_steps:
        raise ValueError(f"horizons must be step counts in 1..{max_steps}, got {horizons!r}")
    return counts


def seed_rows(known, seeds):
    """The batch rows of ``seeds`` among a problem's ``known`` seeds (each must be one of them)."""
    try:
        return [known.index(int(s)) for s in seeds]
    except ValueError:
        raise ValueError(f"seeds must be among the problem's seeds {known}, got {list(seeds)}") from None
