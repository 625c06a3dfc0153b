"""adamlib.compare and adamlib.stats: the course's one comparison engine.

Expected numbers come from elsewhere: Student's t table values, a score whose optimum is
known in closed form, and data built so that the answer is known before the engine runs.
"""
import math

import numpy as np
import pytest

from adamlib import compare
from adamlib.stats import t_critical, t_two_sided_p


# -- Student's t: values from any printed t table ------------------------------------------

@pytest.mark.parametrize("level, df, table", [(0.05, 1, 12.706), (0.05, 29, 2.045), (0.05, 10**7, 1.960),
                                              (0.01, 9, 3.250), (0.10, 4, 2.132), (0.002, 19, 3.579)])
def test_critical_values_match_the_t_table(level, df, table):
    assert t_critical(level, df) == pytest.approx(table, abs=6e-4)


def test_p_value_of_the_cauchy_case_has_a_closed_form():
    # df = 1 is the Cauchy distribution: P(|T| >= t) = 1 - 2 atan(t) / pi
    for t in (0.3, 1.0, 4.0, 50.0):
        assert t_two_sided_p(t, 1) == pytest.approx(1 - 2 * math.atan(t) / math.pi, rel=1e-10)
    assert t_two_sided_p(-2.0, 7) == t_two_sided_p(2.0, 7)


def test_bad_arguments_name_themselves():
    with pytest.raises(ValueError, match="df must be > 0"):
        t_two_sided_p(1.0, 0)
    with pytest.raises(ValueError, match=r"level must be in \(0, 1\)"):
        t_critical(1.5, 3)


# -- paired statistics ---------------------------------------------------------------------

def exact_sample(n, mean, sd, seed):
    """n numbers whose sample mean and sample sd (ddof=1) are exactly ``mean`` and ``sd``."""
    z = np.random.default_rng(seed).standard_normal(n)
    return mean + sd * (z - z.mean()) / z.std(ddof=1)


def test_an_effect_of_half_a_standard_deviation_is_detected_at_n_30():
    rng = np.random.default_rng(1)
    b = 5 + 3 * rng.standard_normal(30)           # seeds differ a lot
    a = b + exact_sample(30, -0.5, 1.0, seed=2)   # A lower by 0.5 sd of the differences
    d = compare.paired(a, b, ("A", "B"), tests=2)
    assert d.t == pytest.approx(-0.5 * math.sqrt(30))
    assert d.se == pytest.approx(1 / math.sqrt(30))
    assert d.verdict == "A ahead"
    assert compare.paired(b, a, ("B", "A")).verdict == "A ahead"


def test_a_null_effect_is_called_no_difference_in_at_least_90_percent_of_tables():
    rng = np.random.default_rng(3)
    quiet = 0
    for _ in range(200):  # a table: one pair at two horizons, as compare() makes it
        seed_effect = 4 * rng.standard_normal(20)
        verdicts = [compare.paired(seed_effect + rng.standard_normal(20), seed_effect + rng.standard_normal(20),
                                   ("A", "B"), tests=2).verdict for _ in range(2)]
        quiet += all(v == "no detectable difference at n = 20" for v in verdicts)
    assert quiet >= 180


def test_pairing_finds_a_consistent_win_that_the_spread_of_single_runs_hides():
    rng = np.random.default_rng(4)
    b = 10 * rng.standard_normal(20)               # seeds spread over +-10
    a = b - 0.5 + 0.1 * rng.standard_normal(20)    # A better by 0.5 on every seed
    # the old rule ("real only when larger than the spread") and an unpaired test both miss it:
    assert abs(a.mean() - b.mean()) < a.std(ddof=1)
    unpaired_t = (a.mean() - b.mean()) / math.sqrt(a.var(ddof=1) / 20 + b.var(ddof=1) / 20)
    assert abs(unpaired_t) < 1
    d = compare.paired(a, b, ("A", "B"))
    assert d.verdict == "A ahead" and d.wins == 20 and d.t < -10


def test_identical_differences_and_identical_runs():
    assert compare.paired([1.0, 2.0, 3.0], [2.0, 3.0, 4.0]).verdict == "A ahead"
    assert compare.paired([1.0, 2.0], [1.0, 2.0]).verdict == "no detectable difference at n = 2"


@pytest.mark.parametrize("a, b, message", [([1.0], [2.0], "at least 2 seeds"),
                                           ([1.0, 2.0], [1.0], "same length"),
                                           ([1.0, np.nan], [1.0, 2.0], "finite")])
def test_paired_refuses_what_it_cannot_judge(a, b, message):
    with pytest.raises(ValueError, match=message):
        compare.paired(a, b)


# -- tuning --------------------------------------------------------------------------------

def bowl(best_log_lr, depth=0.0, seed_noise=0.0):
    """A method whose mean score is (log10 lr - best)^2 + depth, plus a per-seed offset."""
    def run(lr, steps, seeds):
        offsets = seed_noise * np.sin(np.asarray(seeds, dtype=float) * 12.9898)
        return (math.log10(lr) - best_log_lr) ** 2 + depth + offsets
    return run


def test_tuning_refines_to_six_points_per_decade_around_the_optimum():
    tuning = compare.tune(bowl(-1.3), np.logspace(-4, 1, 6), steps=10, seeds=range(5))
    assert abs(math.log10(tuning.lr) + 1.3) <= 1 / 12 + 1e-9    # half a 6-per-decade step
    i = int(np.flatnonzero(tuning.grid == tuning.lr)[0])
    assert math.log10(tuning.grid[i + 1] / tuning.grid[i]) <= 1 / 6 + 1e-9
    assert math.log10(tuning.grid[i] / tuning.grid[i - 1]) <= 1 / 6 + 1e-9
    assert not tuning.at_edge and list(tuning.ties) == [tuning.lr]


def test_an_optimum_beyond_the_grid_is_reported_and_never_ranked():
    result = compare.compare({"Adam": bowl(1.5), "SGD": bowl(-2.0, depth=1.0)}, np.logspace(-3, 0, 4),
                             steps=10, seeds=range(20), criterion="score")
    assert result.tunings["Adam", 10].at_edge and result.tunings["Adam", 10].lr == 1.0
    assert not result.tunings["SGD", 10].at_edge
    assert result.difference("Adam", "SGD", 10).verdict == "edge: widen the grid"
    assert "1 (edge)" in result.table()


def test_rates_that_tie_to_round_off_are_reported():
    def flat_above_one(lr, steps, seeds):   # as Adafactor's relative step makes lr >= 1 inactive
        return np.full(len(seeds), min(math.log10(lr), 0.0) ** 2 + 0.0) + 0.0 * lr
    tuning = compare.tune(flat_above_one, np.logspace(-2, 2, 9), steps=5, seeds=range(3))
    assert tuning.ties.min() == pytest.approx(1.0) and tuning.ties.max() == pytest.approx(100.0)
    assert compare._rate(tuning) == "tie 1-1e+02 (to grid end)"   # a plateau that reaches the grid's end


def test_a_rate_that_diverges_on_one_seed_is_not_eligible():
    def fragile(lr, steps, seeds):
        scores = np.full(len(seeds), -math.log10(lr))   # larger is better ... until it diverges
        if lr > 0.05:
            scores[3] = np.nan
        return scores
    tuning = compare.tune(fragile, np.logspace(-3, 0, 7), steps=5, seeds=range(10))
    assert tuning.lr <= 0.05 and np.isfinite(tuning.scores).all()
    with pytest.raises(ValueError, match="every learning rate tried"):
        compare.tune(lambda lr, steps, seeds: np.full(len(seeds), np.inf), [0.1, 1, 10], 5, range(3))


def test_bad_input_is_refused_by_name():
    with pytest.raises(ValueError, match="grid must hold at least 3"):
        compare.tune(bowl(0), [0.1, 1.0], 5, range(3))
    with pytest.raises(ValueError, match="seeds must list at least 2"):
        compare.tune(bowl(0), [0.1, 1.0, 10.0], 5, [0])
    with pytest.raises(ValueError, match="one score per seed"):
        compare.tune(lambda lr, steps, seeds: np.zeros(2), [0.1, 1.0, 10.0], 5, range(3))
    with pytest.raises(ValueError, match="steps must be a whole number"):
        compare.compare({"A": bowl(0)}, [0.1, 1.0, 10.0], 0, range(3), "score")
    with pytest.raises(ValueError, match="not in methods"):
        compare.compare({"A": bowl(0)}, [0.1, 1.0, 10.0], 5, range(3), "score", pairs=[("A", "B")])


# -- the whole table -----------------------------------------------------------------------

def horizon_dependent(gain_per_step):
    """Scores whose gap to a shared baseline grows with the horizon."""
    def run(lr, steps, seeds):
        seeds = np.asarray(seeds, dtype=float)
        noise = 0.3 * np.cos(seeds * 7.1 + 1.7 * steps)   # differs between the two horizons
        return (math.log10(lr) + 1) ** 2 + 5 * np.sin(seeds) - gain_per_step * steps + noise
    return run


def test_the_table_says_when_a_verdict_flips_with_the_horizon():
    result = compare.compare({"Adam": horizon_dependent(0.0), "Momentum": horizon_dependent(0.0)},
                             np.logspace(-3, 1, 5), steps=300, seeds=range(20), criterion="score")
    assert result.difference("Adam", "Momentum", 300).mean == 0   # identical methods
    flip = compare.compare({"Adam": horizon_dependent(0.001), "Momentum": horizon_dependent(0.0)},
                           np.logspace(-3, 1, 5), steps=300, seeds=range(20), criterion="score")
    assert flip.difference("Adam", "Momentum", 300).verdict == "Adam ahead"   # 0.3 ahead, same noise
    text = flip.table()
    assert "600" in text and "Adam - Momentum" in text
    assert flip.difference("Momentum", "Adam", 600).wins == 0


def test_a_verdict_that_flips_gets_its_own_line():
    def late(lr, steps, seeds):
        seeds = np.asarray(seeds, dtype=float)
        return (math.log10(lr) + 1) ** 2 + np.sin(3 * seeds) - (1.5 if steps >= 600 else 0.0)

    def steady(lr, steps, seeds):
        return (math.log10(lr) + 1) ** 2 + np.cos(5 * np.asarray(seeds, dtype=float))
    result = compare.compare({"Adam": late, "Momentum": steady}, np.logspace(-3, 1, 5), steps=300,
                             seeds=range(20), criterion="score")
    assert result.difference("Adam", "Momentum", 300).verdict == "no detectable difference at n = 20"
    assert result.difference("Adam", "Momentum", 600).verdict == "Adam ahead"
    assert ("Adam vs Momentum: at 300 steps no detectable difference at n = 20; at 600 steps Adam ahead"
            in result.table())


def test_plot_draws_every_tuning_curve_with_the_method_colour():
    import matplotlib
    matplotlib.use("Agg")
    from adamlib.plotting import COLORS
    result = compare.compare({"Adam": bowl(-1), "SGD": bowl(-2, depth=0.5)}, np.logspace(-4, 1, 6),
                             steps=10, seeds=range(4), criterion="score")
    ax = result.plot()
    curves = [line for line in ax.get_lines() if len(line.get_xdata()) > 1]
    assert len(curves) == 4
    assert {matplotlib.colors.to_hex(line.get_color()) for line in curves} == {COLORS["Adam"].lower(),
                                                                               COLORS["SGD"].lower()}
    assert ax.get_xlabel() == "learning rate (log scale)" and "score" in ax.get_ylabel()
    matplotlib.pyplot.close("all")


def lucky(lr, steps, seeds):
    """Scores whose per-seed noise depends on the rate: on any one set of seeds some rate looks lucky."""
    seeds = np.asarray(seeds, dtype=float)
    return (math.log10(lr) + 1) ** 2 + np.sin(seeds * 3.7 + 40 * math.log10(lr))


def test_held_out_tuning_seeds_are_used_to_tune_and_the_others_to_compare():
    calls = []

    def recording(lr, steps, seeds):
        calls.append((lr, tuple(int(s) for s in seeds)))
        return lucky(lr, steps, seeds)
    result = compare.compare({"Adam": recording, "SGD": lucky}, np.logspace(-3, 1, 5), steps=10,
                             seeds=range(20, 40), criterion="score", tune_seeds=range(20))
    tuned_on = {c[1] for c in calls}
    assert tuned_on == {tuple(range(20)), tuple(range(20, 40))}
    # the compared scores are the held-out seeds' runs at the rate chosen on the tuning seeds
    lr = result.tunings["Adam", 10].lr
    np.testing.assert_array_equal(result.scores["Adam", 10], lucky(lr, 10, range(20, 40)))
    assert calls[-2][0] == lr or calls[-1][0] == lr
    assert "rates tuned on 20 other seeds" in result.table()
    with pytest.raises(ValueError, match="held out"):
        compare.compare({"Adam": lucky}, np.logspace(-3, 1, 5), 10, range(5), "score", tune_seeds=range(3))


def test_a_method_that_diverges_on_held_out_seeds_gets_that_as_its_verdict():
    def fragile(lr, steps, seeds):
        scores = (math.log10(lr) + 1) ** 2 + np.zeros(len(seeds))
        return np.where(np.asarray(seeds) == 33, np.nan, scores)   # a held-out seed it cannot run
    result = compare.compare({"Adam": fragile, "SGD": lucky}, np.logspace(-3, 1, 5), steps=10,
                             seeds=range(20, 40), criterion="score", tune_seeds=range(20))
    assert result.difference("Adam", "SGD", 10).verdict == "Adam diverged on 1/20 held-out seeds at its tuned rate"
    assert "Adam diverged on 1/20 held-out seeds" in result.table()


def test_next_to_a_diverged_rate_the_tuning_finds_the_stability_edge():
    # gradient descent on a bowl: the score falls steeply up to lr = 1.94, and every lr above 2 diverges
    def gd_like(lr, steps, seeds):
        if lr >= 2.0:
            return np.full(len(seeds), np.nan)
        return np.full(len(seeds), -6.0 * lr) + 0.01 * np.asarray(seeds, dtype=float)
    tuning = compare.tune(gd_like, [0.1, 0.22, 0.46, 1.0, 2.15, 4.6], steps=10, seeds=range(5))
    assert 1.9 < tuning.lr < 2.0 and not tuning.at_edge   # not 1.47, the last 6-per-decade point below 2.15


def test_a_tiny_standard_error_prints_a_bound_not_round_off_digits():
    assert compare._pm(4.39081094718923204, 2e-16) == "4.39081 ± <1e-05"
    assert compare._pm(-0.4712, 0.081) == "-0.471 ± 0.081"


def test_a_method_with_many_gets_the_rates_of_each_pass_in_one_call():
    calls = []

    def run(lr, steps, seeds):
        return (math.log10(lr) + 1.3) ** 2 + np.zeros(len(seeds))

    def many(lrs, steps, seeds):
        calls.append(len(lrs))
        return np.array([run(lr, steps, seeds) for lr in lrs])
    run.many = many
    batched = compare.tune(run, np.logspace(-4, 1, 6), steps=10, seeds=range(5))
    plain = compare.tune(lambda lr, steps, seeds: run(lr, steps, seeds), np.logspace(-4, 1, 6), 10, range(5))
    assert batched.lr == plain.lr and np.array_equal(batched.grid, plain.grid)
    assert calls[0] == 6 and len(calls) < len(batched.grid)   # the grid at once, then one call per pass


# -- the sign test, for capped and heavy-tailed scores ----------------------------------------

def test_sign_test_p_is_the_binomial_tail():
    from adamlib.stats import sign_test_p
    assert sign_test_p(9, 1) == pytest.approx(2 * 11 / 1024)
    assert sign_test_p(1, 9) == sign_test_p(9, 1)
    assert sign_test_p(5, 5) == 1.0 and sign_test_p(0, 0) == 1.0
    assert sign_test_p(20, 0) == pytest.approx(2 / 2**20)
    with pytest.raises(ValueError, match="wins and losses"):
        sign_test_p(-1, 3)


def test_sign_test_sees_a_consistent_win_that_a_few_huge_losses_hide_from_t():
    # "steps until it settles": A settles 10 steps sooner on 27 of 30 seeds, but on 3 it never
    # settles and scores the horizon + 1, hundreds of steps behind
    rng = np.random.default_rng(5)
    b = rng.uniform(200, 400, 30)
    a = b - 10 - rng.uniform(0, 2, 30)
    a[:3] = 1201
    t_verdict = compare.paired(a, b, ("A", "B"))
    sign_verdict = compare.paired(a, b, ("A", "B"), test="sign")
    assert t_verdict.verdict.startswith("no detectable difference")
    assert sign_verdict.verdict == "A ahead" and sign_verdict.wins == 27 and sign_verdict.losses == 3
    assert sign_verdict.median < 0 < sign_verdict.mean     # the mean says B, the typical seed says A
    flipped = compare.Comparison({}, {("A", "B", 1): sign_verdict}, [1], "", 30, {}, 0, "sign").difference("B", "A", 1)
    assert flipped.verdict == "A ahead" and flipped.wins == 3 and flipped.median > 0


def test_sign_test_leaves_ties_out():
    a = np.array([1.0, 1, 1, 1, 1, 1, 1, 1, 0, 0])
    b = np.array([1.0, 1, 1, 1, 1, 1, 1, 1, 1, 1])   # 8 ties (both never settled), A wins 2
    d = compare.paired(a, b, test="sign")
    assert (d.wins, d.losses, d.ties) == (2, 0, 8) and d.p == pytest.approx(0.5)


def test_sign_test_calls_a_null_effect_at_most_about_five_percent_of_the_time():
    # heavy-tailed (Cauchy) differences centred on 0, 20 seeds, 4000 simulated tables
    rng = np.random.default_rng(0)
    calls = sum(compare.paired(rng.standard_cauchy(20), np.zeros(20), test="sign").p < 0.05 for _ in range(4000))
    assert calls / 4000 <= 0.055       # the exact test is conservative: 4.1 % at n = 20


def test_compare_takes_the_test_and_names_it_in_the_table():
    def fast(lr, steps, seeds):
        return (np.log10(lr) + 1) ** 2 + 0.1 * np.asarray(seeds, float)
    def slow(lr, steps, seeds):
        return fast(lr, steps, seeds) + 0.5
    result = compare.compare({"Adam": fast, "SGD": slow}, np.logspace(-2, 0, 7), 10, range(12), "score", test="sign")
    assert result.difference("Adam", "SGD", 10).verdict == "Adam ahead"
    assert "sign test on the wins" in result.table() and "median" in result.table()
    with pytest.raises(ValueError, match="test must be one of"):
        compare.compare({"Adam": fast}, np.logspace(-2, 0, 7), 10, range(12), "score", test="wilcoxon")
