"""Lesson 08's stored comparison (adamlib.after_adam_race): complete, well tuned, and what the code gives.

The chapter replays stored scores through adamlib.compare (the runs take minutes). The fast tests
check that the store answers every rate the engine asks for, that no tuned rate sits at the edge of
its grid, and that a few rows recomputed now equal the stored ones; the slow test recomputes all.
"""
import numpy as np
import pytest

from adamlib import after_adam_race as race

PROBLEMS = ("digits", "next_word", "line")


@pytest.fixture(scope="module")
def stored():
    return race.load()


@pytest.fixture(scope="module")
def results(stored):
    return {problem: race.race(problem, race.replay(problem, stored)) for problem in PROBLEMS}


@pytest.mark.parametrize("problem", PROBLEMS)
def test_every_tuned_rate_is_bracketed_at_six_per_decade(results, problem):
    for (name, steps), tuning in results[problem].tunings.items():
        assert not tuning.at_edge, f"{problem}: {name} at {steps} steps is tuned at the edge of its grid"
        k = int(np.flatnonzero(tuning.grid == tuning.lr)[0])
        neighbours = tuning.grid[k - 1], tuning.grid[k + 1]
        assert tuning.lr / neighbours[0] <= 10 ** (1 / 6) * (1 + 1e-9), (problem, name, steps)
        assert neighbours[1] / tuning.lr <= 10 ** (1 / 6) * (1 + 1e-9), (problem, name, steps)


def test_adafactor_rates_from_one_up_are_a_tie(results):
    """min(lr, 1/sqrt(t)) = 1 for every lr >= 1 from step 1: the same run, reported as a tie."""
    tuning = results["next_word"].tunings["Adafactor", 50]
    assert tuning.ties.min() == pytest.approx(1.0) and tuning.ties.max() == pytest.approx(10.0)


def test_the_fresh_seeds_are_stored_for_every_tuned_rate(stored, results):
    for problem in PROBLEMS:
        for (name, steps), tuning in results[problem].tunings.items():
            scores = race.lookup(stored, problem, name, tuning.lr, steps, race.FRESH_SEEDS)
            assert scores.shape == (len(race.FRESH_SEEDS),) and np.isfinite(scores).all()


def test_a_rate_not_stored_is_refused(stored):
    with pytest.raises(ValueError, match="recompute"):
        race.lookup(stored, "digits", "Adam", 0.123456, 27, race.SEEDS)


@pytest.mark.parametrize("problem, name", [("digits", "Adam"), ("digits", "Muon"), ("next_word", "Adafactor"),
                                           ("line", "Schedule-Free")])
def test_stored_rows_are_what_the_code_gives_now(results, problem, name):
    live = {"digits": race.digits_methods, "next_word": race.next_word_methods, "line": race.line_methods}
    steps = race.STEPS[problem]
    tuning = results[problem].tunings[name, steps]
    recomputed = live[problem]()[name](tuning.lr, steps, np.asarray(list(race.SEEDS)))
    np.testing.assert_allclose(recomputed, tuning.scores, rtol=1e-9)


@pytest.mark.slow
def test_recomputing_everything_gives_the_stored_scores(stored):
    fresh = race.compute()
    assert set(fresh) == set(stored)
    for key, scores in fresh.items():
        np.testing.assert_allclose(scores, stored[key], rtol=1e-6, err_msg=key)
