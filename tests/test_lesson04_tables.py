"""adamlib.data.lesson04_tables: lesson 04's stored comparisons are what the code computes.

The fast tests replay every study from the table (the engine must find every rate it asks for), check the
starts' generators and re-run a few stored entries; the slow test re-runs the whole script (about 20 CPU
seconds, minutes on a busy machine) and compares every stored score.
"""
import numpy as np
import pytest

from adamlib.data import lesson04_tables as tables04


@pytest.fixture(scope="module")
def tables():
    return tables04.load()


def test_every_study_replays_on_both_sets_from_the_stored_scores(tables):
    for set_name in tables04.SET_SEEDS:
        for study in tables04.STUDIES:
            result = tables04.replay(tables, set_name, study)
            assert result.n == tables04.N and result.held_out == tables04.N


def test_each_set_problem_and_role_has_a_generator_of_its_own():
    points = {(s, p): tables04.starts(s, p) for s in tables04.SET_SEEDS for p in tables04.PROBLEMS}
    rows = np.vstack(list(points.values()))
    assert len(np.unique(rows - np.round(rows), axis=0)) == len(rows)   # no start drawn twice
    for (s, p), x in points.items():
        assert x.shape == (2 * tables04.N, 2)
        assert np.abs(x - np.array(tables04.PROBLEMS[p].x0)).max() <= 0.5
    with pytest.raises(ValueError, match="set_name must be one of"):
        tables04.starts("C", "Beale")


@pytest.mark.parametrize("set_name, study, name", [("A", "ablation", "only v corrected"),
                                                    ("B", "race Beale", "Momentum"),
                                                    ("B", "ladder", "+ momentum")])
def test_stored_scores_at_the_tuned_rates_are_what_the_code_computes_now(tables, set_name, study, name):
    result = tables04.replay(tables, set_name, study)
    live = tables04.live_methods(set_name, study)[name]
    for T in result.horizons:
        lr = result.tunings[name, T].lr
        np.testing.assert_allclose(live(lr, T, tables04.SEEDS), result.scores[name, T], rtol=1e-12)
        np.testing.assert_allclose(live(lr, T, tables04.TUNE_SEEDS), result.tunings[name, T].scores, rtol=1e-12)


def test_a_rate_that_was_not_stored_is_refused(tables):
    run = tables04.stored_method(tables, "A", "ablation", "Adam")
    with pytest.raises(RuntimeError, match="was not stored"):
        run(0.123456, 300, tables04.SEEDS)


@pytest.mark.slow
def test_the_whole_script_gives_the_stored_table(tables):
    fresh = tables04.compute()
    assert set(fresh) == set(tables)
    for key in tables:
        np.testing.assert_allclose(fresh[key], tables[key], rtol=1e-12, err_msg=key)


def test_pooled_verdicts_concatenate_the_sets_and_keep_the_family_wise_level(tables):
    from adamlib import compare
    results = {s: tables04.replay(tables, s, "ablation") for s in tables04.SET_SEEDS}
    verdicts = tables04.pooled(results)
    assert set(verdicts) == set(results["A"].differences)            # as many verdicts as one set's table
    d = verdicts["Adam", "only v corrected", 300]
    a = np.concatenate([results[s].scores["Adam", 300] for s in results])
    b = np.concatenate([results[s].scores["only v corrected", 300] for s in results])
    same = compare.paired(a, b, tests=len(verdicts))
    assert d.n == 2 * tables04.N and np.isclose(d.mean, same.mean) and np.isclose(d.se, same.se)
    assert d.level == pytest.approx(compare.FAMILY_LEVEL / 6)
    assert "0.83 %" in tables04.pooled_table(results) and "per set: A, B" in tables04.pooled_table(results)


def test_a_pooled_verdict_with_a_diverged_run_ranks_nothing(tables):
    results = {s: tables04.replay(tables, s, "race Rosenbrock") for s in tables04.SET_SEEDS}
    d = tables04.pooled(results)["Adam", "Momentum", 300]
    assert d.failed.startswith("Momentum diverged on") and "diverged" in d.verdict


def test_a_fresh_set_is_a_whole_number_seed_and_a_stored_seed_is_refused():
    fresh = tables04.starts(7001, "Rosenbrock")
    assert fresh.shape == (2 * tables04.N, 2)
    assert not np.allclose(fresh, tables04.starts("A", "Rosenbrock"))
    for bad in (tables04.SET_SEEDS["A"], -1):
        with pytest.raises(ValueError, match="set_name as a number"):
            tables04.starts(bad, "Rosenbrock")
