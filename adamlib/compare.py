"""Compare optimizers honestly: tuned fairly, paired by seed, judged by a standard error.

Every ranking and every "no difference" in the course comes from here.

    result = compare({"Adam": run_adam, "Momentum": run_momentum},
                     grid=np.logspace(-3, 0, 7), steps=300, seeds=range(20),
                     criterion="log10(f - f*) after the last step")
    print(result.table())        # tuned rates, then difference ± s.e., t, wins and a verdict per pair and horizon
    result.plot(); plt.show()    # tuning curves, chosen rates marked

A *method* is a function ``run(lr, steps, seeds) -> scores``: one score per seed, lower is
better, NaN or inf where that seed's run diverged. The score carries the criterion the text
names (final log-loss, a window median for oscillating runs, a validation loss for a claim
about generalisation). Run the seeds as one batch (``runner.run_batch``), not in a loop; a method
may also offer ``run.many(lrs, steps, seeds)`` (one row of scores per rate): the engine then asks
for the rates of each refinement pass in one call, so they too can run as one batch.

Why each rule (the course's rules for an experiment, CONTRIBUTING.md):

* **Fair tuning.** A method at somebody else's learning rate loses for the wrong reason, so
  each method is tuned on its own: the mean score over the seeds, on a log grid refined to
  ``per_decade`` points per decade around its optimum. A chosen rate at an end of its grid
  may not be the optimum at all: it is flagged ("edge") and no ranking is made from it. Rates
  whose mean scores agree to round-off (1e-9 relative) are reported as a tie.
* **Pairing.** Every method runs on the same seeds, so seed i's difference d_i = a_i - b_i
  cancels what the seed does to both (a lucky start helps both). The uncertainty of the mean
  difference is its standard error s.e. = sd(d) / sqrt(n), not the spread of single runs: a
  difference far smaller than that spread can be certain when every seed agrees on its sign.
* **The verdict.** The two-sided paired t-test: t = mean(d) / s.e. with n - 1 degrees of
  freedom. One table makes several verdicts (pairs x horizons), so each is tested at
  5 % / (number of verdicts) (Bonferroni): the chance that a table claims any difference where
  there is none stays below 5 %. Below that threshold the verdict is "no detectable difference
  at n = ...", which is not "equal": more seeds may still find one. Wins k/n (seeds where A
  scored lower) show whether the mean is one seed's doing.
* **Which test.** ``test="t"`` (the default) judges the mean difference: right for scores
  whose differences are roughly symmetric, such as a final log-loss. ``test="sign"`` judges
  the wins alone (the exact binomial sign test, ties left out, at the same family-wise level):
  use it for capped or heavy-tailed scores, such as "steps until it settles" where a run that
  never settles scores horizon + 1. There a few seeds with differences of hundreds of steps
  swamp the t-test's standard error and hide a win on nearly every seed; the sign test asks
  only whether A beats B on more seeds than a coin would, and its table also prints the
  median difference. It says which method wins more often, not by how much.
* **Horizons.** A ranking can flip with the length of the run, so every method is re-tuned
  and judged at the stated horizon T and at 2T; the table says when a verdict flips.
"""
import itertools
import math
from dataclasses import dataclass

import numpy as np

from . import plotting
from .stats import sign_test_p, t_two_sided_p
from .tuning import Tuning, _check_seeds, tune  # noqa: F401 - Tuning and tune are part of this module's API

FAMILY_LEVEL = 0.05   # the chance a whole table claims a difference where there is none
TESTS = ("t", "sign")  # the paired t-test on the mean, the sign test on the wins


@dataclass
class Difference:
    """A minus B, paired by seed (lower scores are better, so mean < 0 means A ahead)."""
    a: str
    b: str
    n: int
    mean: float
    se: float
    t: float
    p: float
    wins: int          # seeds on which A scored lower than B
    level: float       # the per-verdict test level (after Bonferroni)
    edge: bool = False  # a tuned rate sat at the end of its grid: no ranking is made
    failed: str = ""    # set when a method diverged on held-out seeds at its tuned rate
    test: str = "t"     # which test gave p: "t" (the mean) or "sign" (the wins)
    ties: int = 0       # seeds on which A and B scored the same
    median: float = math.nan  # the median difference

    @property
    def losses(self):
        return self.n - self.wins - self.ties

    @property
    def verdict(self):
        if self.failed:
            return self.failed
        if self.edge:
            return "edge: widen the grid"
        if self.p < self.level:
            a_ahead = self.mean < 0 if self.test == "t" else self.wins > self.losses
            return f"{self.a if a_ahead else self.b} ahead"
        return f"no detectable difference at n = {self.n}"


def paired(a, b, names=("A", "B"), tests=1, test="t"):
    """The paired statistics of scores ``a`` and ``b`` (same seeds, same order).

    ``tests`` is how many verdicts the caller makes together: each is judged at
    5 % / tests. ``test``: "t" (the mean difference) or "sign" (the wins; see the
    module's docstring for when to use which). Scores must be finite.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or a.shape != b.shape:
        raise ValueError(f"a and b must be 1-D arrays of the same length (one score per seed); "
                         f"got shapes {a.shape} and {b.shape}")
    if len(a) < 2:
        raise ValueError(f"a paired comparison needs at least 2 seeds, got {len(a)}")
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        raise ValueError("a and b must be finite: a diverged run has no score to compare")
    if int(tests) < 1:
        raise ValueError(f"tests must be a whole number >= 1, got {tests!r}")
    if test not in TESTS:
        raise ValueError(f"test must be one of {TESTS}, got {test!r}")
    d = a - b
    n, mean = len(d), float(d.mean())
    se = float(d.std(ddof=1) / math.sqrt(n))
    if se > 0:
        t = mean / se
    else:  # every seed gave the same difference
        t = 0.0 if mean == 0 else math.copysign(math.inf, mean)
    wins, losses = int(np.sum(d < 0)), int(np.sum(d > 0))
    if test == "sign":
        p = sign_test_p(wins, losses)
    else:
        p = 1.0 if t == 0 else (0.0 if math.isinf(t) else t_two_sided_p(t, n - 1))
    return Difference(names[0], names[1], n, mean, se, t, p, wins, FAMILY_LEVEL / int(tests),
                      test=test, ties=n - wins - losses, median=float(np.median(d)))


class Comparison:
    """What ``compare`` returns: ``tunings[name, steps]``, ``differences[a, b, steps]``."""

    def __init__(self, tunings, differences, horizons, criterion, n, scores, held_out, test="t"):
        self.tunings, self.differences, self.scores = tunings, differences, scores
        self.horizons, self.criterion, self.n, self.held_out = horizons, criterion, n, held_out
        self.test = test

    def difference(self, a, b, steps):
        """The Difference of method ``a`` minus method ``b`` at horizon ``steps``."""
        if (a, b, steps) in self.differences:
            return self.differences[a, b, steps]
        if (b, a, steps) in self.differences:
            d = self.differences[b, a, steps]
            return Difference(a, b, d.n, -d.mean, d.se, -d.t, d.p, d.losses, d.level, d.edge, d.failed,
                              d.test, d.ties, -d.median)
        raise ValueError(f"no comparison of {a!r} with {b!r} at {steps} steps; horizons: {self.horizons}")

    def table(self):
        """The tuned rates, then one row per pair and horizon, and a line for each flip."""
        methods = list(dict.fromkeys(name for name, _ in self.tunings))
        count = len(self.differences)
        tuned = f"rates tuned on {self.held_out} other seeds; " if self.held_out else ""
        sign = self.test == "sign"
        test = "; sign test on the wins, ties left out" if sign else ""
        lines = [f"criterion: {self.criterion} (lower is better); {self.n} paired seeds; {tuned}"
                 f"each verdict at {_percent(FAMILY_LEVEL / count)} (5 % over {count} verdicts){test}",
                 "tuned learning rate" + "".join(f"{f'{T} steps':>20}" for T in self.horizons)]
        for name in methods:
            lines.append(f"  {name:<17}" + "".join(f"{_rate(self.tunings[name, T]):>20}" for T in self.horizons))
        width = max(len(f"{a} - {b}") for a, b, _ in self.differences)
        lines.append(f"{'A - B':<{width}}  {'steps':>6}  {'difference ± s.e.':>20}  {'median' if sign else 't':>6}  "
                     f"{'A better':>8}{'  ties' if sign else ''}  verdict")
        for (a, b, T), d in self.differences.items():
            if d.failed:
                no_ties = f"{'-':>6}" if sign else ""
                lines.append(f"{a + ' - ' + b:<{width}}  {T:>6}  {'-':>20}  {'-':>6}  {'-':>8}{no_ties}  {d.verdict}")
                continue
            middle = f"{d.median:>6g}" if sign else f"{_t(d.t):>6}"
            lines.append(f"{a + ' - ' + b:<{width}}  {T:>6}  {_pm(d.mean, d.se):>20}  {middle}  "
                         f"{f'{d.wins}/{d.n}':>8}{f'{d.ties:>6}' if sign else ''}  {d.verdict}")
        for a, b in dict.fromkeys((a, b) for a, b, _ in self.differences):
            verdicts = [self.differences[a, b, T].verdict for T in self.horizons]
            if len(set(verdicts)) > 1:
                lines.append(f"{a} vs {b}: " + "; ".join(f"at {T} steps {v}" for T, v in zip(self.horizons, verdicts)))
        return "\n".join(lines)

    def plot(self, ax=None):
        """Tuning curves: mean score against learning rate, one colour per method, dashed at 2T."""
        import matplotlib.pyplot as plt
        ax = ax or plt.subplots()[1]
        styles = ["-", "--", ":", "-."]
        for (name, T), tuning in self.tunings.items():
            k = self.horizons.index(T)
            ok = np.isfinite(tuning.curve)
            line, = ax.plot(tuning.grid[ok], tuning.curve[ok], styles[k % 4], marker=".",
                            color=plotting.color(name) or None, label=f"{name}, {T} steps")
            ax.plot([tuning.lr], [tuning.curve[tuning.grid == tuning.lr][0]], "o", ms=8,
                    mfc="none", color=line.get_color())
        ax.set_xscale("log")
        ax.set_xlabel("learning rate (log scale)")
        tuned_on = f"{self.held_out} tuning seeds" if self.held_out else f"{self.n} seeds"
        ax.set_ylabel(f"{self.criterion}\n(mean over {tuned_on})")
        ax.set_title("Tuning curves (circles: the chosen rates)")
        ax.legend(fontsize="small")
        return ax


def compare(methods, grid, steps, seeds, criterion, pairs=None, horizons=(1, 2), per_decade=6,
            tune_seeds=None, test="t"):
    """Tune every method at each horizon, then compare each pair, paired by seed.

    ``methods``: {name: run(lr, steps, seeds) -> scores}; ``grid``: a coarse log grid of
    rates (or {name: grid} for a grid per method); ``steps``: the horizon T the claim is
    about, also run at each multiple in ``horizons`` (default T and 2T); ``pairs``: the
    (A, B) pairs to judge (default: every pair, in the order given).

    ``tune_seeds``: seeds to tune on, held out from ``seeds``, on which the tuned rates are
    then compared. Tuning and comparing on the same seeds rewards a rate that was lucky on
    exactly those seeds, which matters where the tuning curve is rough near its optimum
    (chaotic runs): there, hold the tuning seeds out. A method that diverges on a held-out
    seed at its tuned rate gets that as its verdict instead of a difference.

    ``test``: "t" (the paired t-test on the mean, the default) or "sign" (the sign test on
    the wins, for capped or heavy-tailed scores); the module's docstring says when to use which.
    """
    if test not in TESTS:
        raise ValueError(f"test must be one of {TESTS}, got {test!r}")
    if not methods:
        raise ValueError("methods must name at least one method: {name: run(lr, steps, seeds)}")
    seeds = _check_seeds(seeds)
    if int(steps) != steps or steps < 1:
        raise ValueError(f"steps must be a whole number >= 1, got {steps!r}")
    horizons = [int(steps) * h for h in horizons]
    pairs = list(itertools.combinations(methods, 2) if pairs is None else pairs)
    for a, b in pairs:
        if a not in methods or b not in methods:
            raise ValueError(f"pair ({a!r}, {b!r}) names a method not in methods {list(methods)}")
    grids = grid if isinstance(grid, dict) else {name: grid for name in methods}
    tuning_seeds = seeds if tune_seeds is None else _check_seeds(tune_seeds)
    if tune_seeds is not None and set(tuning_seeds.tolist()) & set(seeds.tolist()):
        raise ValueError("tune_seeds must be held out: they share seeds with seeds")
    tunings = {(name, T): tune(run, grids[name], T, tuning_seeds, per_decade, name)
               for T in horizons for name, run in methods.items()}
    scores = {key: t.scores for key, t in tunings.items()} if tune_seeds is None else {
        (name, T): _held_out_scores(methods[name], [tunings[name, h].lr for h in horizons], horizons.index(T), T, seeds)
        for name, T in tunings}
    tests = max(1, len(pairs) * len(horizons))
    differences = {}
    for a, b in pairs:
        for T in horizons:
            bad = [name for name in (a, b) if not np.isfinite(scores[name, T]).all()]
            if bad:
                k = int(np.sum(~np.isfinite(scores[bad[0], T])))
                d = Difference(a, b, len(seeds), math.nan, math.nan, math.nan, math.nan, 0, FAMILY_LEVEL / tests,
                               test=test, failed=f"{bad[0]} diverged on {k}/{len(seeds)} held-out seeds at its tuned rate")
            else:
                d = paired(scores[a, T], scores[b, T], (a, b), tests, test)
            d.edge = tunings[a, T].at_edge or tunings[b, T].at_edge
            differences[a, b, T] = d
    held_out = 0 if tune_seeds is None else len(tuning_seeds)
    return Comparison(tunings, differences, horizons, criterion, len(seeds), scores, held_out, test)


def _held_out_scores(run, lrs, k, steps, seeds):
    """The scores of ``run`` at rate ``lrs[k]`` after ``steps`` on the compared seeds.

    A method with ``run.many`` is asked for the tuned rates of every horizon together,
    so they can share one batch (the method keeps the runs it has made)."""
    if hasattr(run, "many"):
        return np.asarray(run.many(lrs, steps, seeds), float)[k]
    return np.asarray(run(lrs[k], steps, seeds), float)


def _rate(tuning):
    text = f"{tuning.lr:.2g}"
    if len(tuning.ties) > 1:  # a plateau: every rate in it gives the same runs
        text = f"tie {tuning.ties.min():.2g}-{tuning.ties.max():.2g}"
        if tuning.ties.max() == tuning.grid[-1] or tuning.ties.min() == tuning.grid[0]:
            text += " (to grid end)"
    return text + (" (edge)" if tuning.at_edge else "")


def _pm(mean, se):
    """mean ± se, both to the decimals of se's two significant digits (mean to 6 at most)."""
    if se == 0:
        return f"{mean:.3g} ± 0"
    decimals = max(0, 1 - math.floor(math.log10(se)))
    most = max(0, 5 - math.floor(math.log10(abs(mean)))) if mean else decimals
    if decimals > most:  # se is below the last digit worth printing
        return f"{mean:.{most}f} ± <{10.0 ** -most:.0e}"
    return f"{mean:.{decimals}f} ± {se:.{decimals}f}"


def _t(t):
    if abs(t) < 0.05:  # not "-0.0": the sign of a zero is round-off
        return "0.0"
    return f"{t:.1f}" if math.isfinite(t) and abs(t) < 100 else (">99" if t > 0 else "<-99")


def _percent(level):
    return f"{100 * level:.2g} %"
