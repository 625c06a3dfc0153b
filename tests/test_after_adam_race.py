"""Lesson 08's stored comparison (adamlib.after_adam_race): complete, well tuned, and what the code gives.

The chapter replays stored scores through adamlib.compare (the runs take minutes). The fast tests
check that the store answers every rate the engine asks for, that no tuned rate sits at the edge of
its grid, and that a few rows recomputed now equal the stored ones; the slow test recomputes all.
"""
import numpy as np
import pytest

from adamlib import after_adam_race as race

PROBLEMS = ("digits", "next_word", "adafactor", "line")


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


def test_the_ablation_shares_next_words_runs(results):
    """The ablation's Adam and Adafactor are next word's own methods: the same tuned rates and scores."""
    for name in ("Adam", "Adafactor"):
        for steps in (50, 100):
            ablation, original = results["adafactor"].tunings[name, steps], results["next_word"].tunings[name, steps]
            assert ablation.lr == original.lr
            np.testing.assert_array_equal(ablation.scores, original.scores)


def test_adam_cosine_follows_its_schedule():
    """adam_cosine(lr, T) is Adam whose rate is cosine_decay(lr, T)(t) at step t (0 after T)."""
    from adamlib import schedules
    from adamlib.optim import Adam
    rng = np.random.default_rng(0)
    grads = [rng.normal(size=3) for _ in range(6)]
    x, state = np.ones(3), None
    opt, decay = race.adam_cosine(0.1, 5), schedules.cosine_decay(0.1, 5)
    ref, x_ref = Adam(lr=0.1), np.ones(3)
    state, ref_state = opt.init(x), ref.init(x_ref)
    for t, g in enumerate(grads, start=1):
        x, state = opt.step(x, g, state)
        ref.lr = decay(t)
        x_ref, ref_state = ref.step(x_ref, g, ref_state) if ref.lr > 0 else (x_ref, ref_state)
        np.testing.assert_allclose(x, x_ref, rtol=1e-12)


def test_a_rate_not_stored_is_refused(stored):
    with pytest.raises(ValueError, match="recompute"):
        race.lookup(stored, "digits", "Adam", 0.123456, 27, race.SEEDS)


@pytest.mark.parametrize("problem, name", [("digits", "Adam"), ("digits", "Muon"), ("digits", "Adam, cosine"),
                                           ("next_word", "Adafactor"), ("adafactor", "both changes"),
                                           ("line", "Schedule-Free")])
def test_stored_rows_are_what_the_code_gives_now(results, problem, name):
    live = {"digits": race.digits_methods, "next_word": race.next_word_methods, "line": race.line_methods,
            "adafactor": lambda: race.next_word_methods(problem="adafactor")}
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
