"""Lesson 04's comparisons on 100 paired starts and two independent sets of them, stored as a table.

    python -m adamlib.data.lesson04_tables        # recompute both sets (about 20 CPU seconds)

    tables = load()                                  # from lesson04_tables.npz beside this file
    result = replay(tables, "A", "ablation")         # the compare.Result the script computed, rebuilt
    print(result.table())

Why stored: on Rosenbrock a score read near a method's best rate is chaotic (a tiny change of the rate
or of the start changes it by decades), so 30 compared starts are one draw of a wide distribution, and
a review found lesson 04's verdicts flipping from one set of 30 starts to another. The lesson therefore
compares on 100 starts, tunes on 100 others, refines each tuning curve to 18 rates per decade near its
optimum (6 would leave momentum's rate a coarse step below its stability edge), and repeats the whole
study on a second, independent set of 200 starts, so that each conclusion is checked on both. That is
more than a 15-second notebook can run, so this script runs it and the lesson replays it: ``replay``
calls the same ``compare.compare`` with methods that read the stored scores, so the engine asks for
exactly the rates the script ran (it raises if it asks for another). ``tests/test_lesson04_tables.py``
re-runs stored entries, and (marked slow) the whole script, and compares.

Starts: set ``s``, problem ``p`` (0 Rosenbrock, 1 Beale), role ``r`` (0 compared, 1 tuning) draws its
100 starts from ``np.random.default_rng((SET_SEEDS[s], p, r))``, uniform within 0.5 of the problem's
classic start, so no set, problem or role shares a generator with another (nor with anything in the
notebook). Seeds 0-99 are the compared starts, 100-199 the tuning starts.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from .. import compare, problems
from ..optim import SGD, Adam, Chained, RMSprop
from ..optim.transforms import scale_by_adam
from ..runner import run_batch

PATH = Path(__file__).with_name("lesson04_tables.npz")
SET_SEEDS = {"A": 4041, "B": 4042}          # two independent sets of starts
N = 100                                     # compared starts per set; as many tuning starts
SEEDS, TUNE_SEEDS = range(N), range(N, 2 * N)
STEPS, LONGEST = 300, 600                   # the horizon T and 2T
PER_DECADE = 18                             # the tuning grid near each optimum
CRITERION = "log10 median(f - f*), last 30 steps"
PROBLEMS = {"Rosenbrock": problems.rosenbrock(), "Beale": problems.beale()}


def starts(set_name, problem_name: str) -> np.ndarray:
    """(2 N, 2): the start of seed i of ``set_name`` on ``problem_name`` (compared 0..N-1, tuning N..2N-1).

    ``set_name``: a stored set ("A", "B"), or a whole number >= 0 not among their seeds: a fresh set
    drawn from that seed, for ``run_live`` (e.g. more sets to pool with the stored ones).
    """
    if isinstance(set_name, (int, np.integer)) and not isinstance(set_name, bool):
        if set_name < 0 or set_name in SET_SEEDS.values():
            raise ValueError(f"set_name as a number must be >= 0 and not a stored set's seed "
                             f"{sorted(SET_SEEDS.values())}, got {set_name!r}")
        seed = int(set_name)
    elif set_name in SET_SEEDS:
        seed = SET_SEEDS[set_name]
    else:
        raise ValueError(f"set_name must be one of {sorted(SET_SEEDS)} or a whole number (a fresh set), "
                         f"got {set_name!r}")
    p = list(PROBLEMS).index(problem_name)
    x0 = np.array(PROBLEMS[problem_name].x0)
    return x0 + np.vstack([np.random.default_rng((seed, p, role)).uniform(-0.5, 0.5, (N, 2))
                           for role in (0, 1)])


def score(gaps, steps):
    """log10 of the median f - f* over the 30 steps up to ``steps``, per run; inf where the run diverged.

    Below 1e-12 counts as 1e-12 ("converged": further down, round-off decides, not the method).
    """
    tail = gaps[steps - 29: steps + 1]
    median = np.maximum(np.median(tail, axis=0), 1e-12)
    return np.where(np.isfinite(tail).all(axis=0) & (median < 1e4), np.log10(median), np.inf)


def method(make_optimizer, problem, start_points, longest=LONGEST):
    """A method for compare: run(lr, steps, seeds) -> one score per seed; run.many(lrs, ...) -> one row per rate.

    The engine asks for rates together (a whole grid, a refinement pass, the tuned rates of both
    horizons): they run as one batch, rows = rates x starts, for ``longest`` steps, and later calls read
    the stored runs. ``start_points[i]`` is the start of seed i.
    """
    runs = {}

    def many(lrs, steps, seeds):
        seeds = tuple(seeds)
        todo = [lr for lr in dict.fromkeys(lrs) if (lr, seeds) not in runs]
        if todo:
            rows = start_points[list(seeds)]
            losses = run_batch(make_optimizer(1.0), problem, np.tile(rows, (len(todo), 1)), longest,
                               lrs=np.repeat(todo, len(seeds))).reshape(longest + 1, len(todo), len(seeds))
            runs.update({(lr, seeds): losses[:, k] for k, lr in enumerate(todo)})
        return np.array([score(runs[lr, seeds] - problem.f_star, steps) for lr in lrs])

    def run(lr, steps, seeds):
        return many([lr], steps, seeds)[0]
    run.many = many
    return run


def adam_variant(lr=1e-3, correct_m=True, correct_v=True):
    """Adam's chain with a switch for each bias correction (both on: Adam itself)."""
    return Chained(scale_by_adam(correct_m=correct_m, correct_v=correct_v), lr=lr)


VARIANTS = {"Adam": (True, True), "no correction": (False, False),      # name -> (correct_m, correct_v)
            "only m corrected": (True, False), "only v corrected": (False, True)}
OPTIMIZERS = {"GD": lambda lr: SGD(lr=lr), "Momentum": lambda lr: SGD(lr=lr, momentum=0.9),
              "RMSprop": lambda lr: RMSprop(lr=lr), "Adam": lambda lr: Adam(lr=lr)}
CONTROLS = {"RMSprop": OPTIMIZERS["RMSprop"],
            "+ correction": lambda lr: Adam(lr=lr, betas=(0.0, 0.99)),     # RMSProp + bias correction
            "+ momentum": lambda lr: Adam(lr=lr, betas=(0.9, 0.99)),       # ... + the average of g
            "Adam": OPTIMIZERS["Adam"],                                    # ... + beta2 = 0.999
            "Adam, no momentum": lambda lr: Adam(lr=lr, betas=(0.0, 0.999))}
ADAPTIVE_GRID, PLAIN_GRID = np.logspace(-3, 1, 25), np.logspace(-4, 0, 25)   # 6 per decade to start
RACE_GRIDS = {"GD": PLAIN_GRID, "Momentum": PLAIN_GRID, "RMSprop": ADAPTIVE_GRID, "Adam": ADAPTIVE_GRID}

# study -> (problem, {method: make_optimizer(lr)}, starting grid(s), the pairs the table judges)
STUDIES = {
    "ablation": ("Rosenbrock", {name: (lambda lr, s=s: adam_variant(lr, *s)) for name, s in VARIANTS.items()},
                 np.logspace(-3, 2, 31), [("Adam", name) for name in VARIANTS if name != "Adam"]),
    "race Rosenbrock": ("Rosenbrock", OPTIMIZERS, RACE_GRIDS, [("Adam", n) for n in ("GD", "Momentum", "RMSprop")]),
    "race Beale": ("Beale", OPTIMIZERS, RACE_GRIDS, [("Adam", n) for n in ("GD", "Momentum", "RMSprop")]),
    "ladder": ("Rosenbrock", CONTROLS, ADAPTIVE_GRID,
               [("+ correction", "RMSprop"), ("+ momentum", "+ correction"), ("Adam", "+ momentum"),
                ("Adam", "Adam, no momentum")]),
}


def _compare(methods, study, seeds=SEEDS, steps=STEPS):
    _, _, grid, pairs = STUDIES[study]
    return compare.compare(methods, grid, steps=steps, seeds=seeds, criterion=CRITERION, pairs=pairs,
                           tune_seeds=TUNE_SEEDS, per_decade=PER_DECADE)


def live_methods(set_name, study, longest=LONGEST):
    """The study's methods, run for real on ``set_name``'s starts for ``longest`` steps (what the script runs)."""
    problem_name, makers, _, _ = STUDIES[study]
    points = starts(set_name, problem_name)
    return {name: method(make, PROBLEMS[problem_name], points, longest) for name, make in makers.items()}


def run_live(set_name, study, seeds=SEEDS, steps=STEPS):
    """The study's comparison computed now (a few CPU seconds): e.g. on fewer seeds, or another horizon."""
    return _compare(live_methods(set_name, study, 2 * steps), study, seeds, steps)


def _key(set_name, study, name, steps, role):
    return f"{set_name}|{study}|{name}|{steps}|{role}"


def _recording(run, store, prefix):
    """``run`` that also keeps every score it returns, in ``store[prefix|steps|role]`` as {lr: scores}."""
    def many(lrs, steps, seeds):
        scores = run.many(lrs, steps, seeds)
        role = "tune" if tuple(seeds) == tuple(TUNE_SEEDS) else "compare"
        store.setdefault(f"{prefix}|{steps}|{role}", {}).update(zip(lrs, scores))
        return scores

    def recorded(lr, steps, seeds):
        return many([lr], steps, seeds)[0]
    recorded.many = many
    return recorded


def compute():
    """Run every study on both sets; returns {key: array} (``key|lrs`` and ``key|scores`` per entry)."""
    store = {}
    for set_name in SET_SEEDS:
        for study in STUDIES:
            methods = {name: _recording(run, store, f"{set_name}|{study}|{name}")
                       for name, run in live_methods(set_name, study).items()}
            _compare(methods, study)
    tables = {}
    for key, by_rate in store.items():
        lrs = np.array(sorted(by_rate))
        tables[f"{key}|lrs"] = lrs
        tables[f"{key}|scores"] = np.array([by_rate[lr] for lr in lrs])
    return tables


def load(path=PATH):
    """The stored table: {key: array}."""
    with np.load(path) as stored:
        return {key: stored[key] for key in stored.files}


def stored_method(tables, set_name, study, name):
    """A method for compare that reads the stored scores of ``name`` in ``study`` on ``set_name``."""
    def many(lrs, steps, seeds):
        role = "tune" if tuple(seeds) == tuple(TUNE_SEEDS) else "compare"
        key = _key(set_name, study, name, steps, role)
        grid, scores = tables[f"{key}|lrs"], tables[f"{key}|scores"]
        rows = []
        for lr in lrs:
            hit = np.flatnonzero(grid == lr)
            if hit.size != 1:
                raise RuntimeError(f"{key}: lr {lr!r} was not stored; re-run python -m adamlib.data.lesson04_tables")
            rows.append(scores[hit[0]][np.asarray(seeds) - (N if role == "tune" else 0)])
        return np.array(rows)

    def run(lr, steps, seeds):
        return many([lr], steps, seeds)[0]
    run.many = many
    return run


def replay(tables, set_name, study):
    """The compare.Result of ``study`` on ``set_name``, rebuilt from the stored scores."""
    names = STUDIES[study][1]
    return _compare({name: stored_method(tables, set_name, study, name) for name in names}, study)


def pooled(results):
    """Each verdict of a study over both sets' compared starts together: {(a, b, steps): compare.Difference}.

    ``results``: {set name: the study's compare.Result on that set}. Every set is a whole repetition of
    the study (tuned on its own held-out starts, judged on its own compared starts), so the paired
    differences of all sets, each at its own set's tuned rates, are one sample of 200 paired starts:
    twice the starts of one set, so a standard error about 1.4 times smaller. These are the verdicts the
    lesson draws. The table tests as many verdicts as one set's table (one per pair and horizon), each at
    5 % divided by their number, so the whole table still claims a false difference less than 5 % of the
    time; the per-set tables are read only for consistency (does each set lean the same way?), not as
    further verdicts.
    """
    first = next(iter(results.values()))
    tests = len(first.differences)
    out = {}
    for a, b, steps in first.differences:
        per_set = [r.differences[a, b, steps] for r in results.values()]
        score_a = np.concatenate([r.scores[a, steps] for r in results.values()])
        score_b = np.concatenate([r.scores[b, steps] for r in results.values()])
        bad = [name for name, s in ((a, score_a), (b, score_b)) if not np.isfinite(s).all()]
        if bad:
            k = int(np.sum(~np.isfinite(score_a if bad[0] == a else score_b)))
            d = compare.Difference(a, b, score_a.size, np.nan, np.nan, np.nan, np.nan, 0,
                                   compare.FAMILY_LEVEL / tests,
                                   failed=f"{bad[0]} diverged on {k}/{score_a.size} held-out seeds at its tuned rate")
        else:
            d = compare.paired(score_a, score_b, (a, b), tests)
        d.edge = any(p.edge for p in per_set)
        out[a, b, steps] = d
    return out


def pooled_table(results):
    """The pooled verdicts as a table, with each set's mean difference beside them (the consistency check)."""
    verdicts = pooled(results)
    names = [str(name) for name in results]
    n, count = next(iter(verdicts.values())).n, len(verdicts)
    width = max(len(f"{a} - {b}") for a, b, _ in verdicts)
    lines = [f"sets {' + '.join(names)} pooled: {n} paired starts, each set at its own tuned rates; "
             f"each verdict at {100 * compare.FAMILY_LEVEL / count:.2g} % (5 % over {count} verdicts)",
             f"{'A - B':<{width}}  {'steps':>6}  {'difference ± s.e.':>20}  {'t':>6}  {'A better':>8}  "
             f"{'per set: ' + ', '.join(names):>22}  verdict"]
    for (a, b, steps), d in verdicts.items():
        means = [result.differences[a, b, steps].mean for result in results.values()]
        per_set = ", ".join("-" if not np.isfinite(m) else f"{m:+.2f}" for m in means)
        if d.failed:
            lines.append(f"{a + ' - ' + b:<{width}}  {steps:>6}  {'-':>20}  {'-':>6}  {'-':>8}  {per_set:>22}  "
                         f"{d.verdict}")
            continue
        lines.append(f"{a + ' - ' + b:<{width}}  {steps:>6}  {compare._pm(d.mean, d.se):>20}  {compare._t(d.t):>6}  "
                     f"{f'{d.wins}/{d.n}':>8}  {per_set:>22}  {d.verdict}")
    return "\n".join(lines)


if __name__ == "__main__":
    np.savez_compressed(sys.argv[1] if len(sys.argv) > 1 else PATH, **compute())
    print(f"wrote {sys.argv[1] if len(sys.argv) > 1 else PATH}")
