"""Lesson 05's reasoning exercise: the learning rate to pick from a validation sweep (wrong answers named)."""
import numpy as np
import pytest

from adamlib.checks.deep_learning_reasoning import make_chosen_lr_check

# A sweep shaped like the lesson's: validation accuracy peaks at 1e-1, the training loss keeps falling
# up to 2.2e-1, and the runs from 4.6e-1 on diverged (NaN).
GRID = 10.0 ** (np.arange(-11, 3) / 3)
ACCURACY = np.array([.289, .443, .624, .770, .895, .923, .941, .955, .972, .948] + [np.nan] * 4)
LOSS = np.array([2.3, 1.875, 1.326, .777, .372, .174, .082, .031, .008, .007] + [np.nan] * 4)


@pytest.fixture
def check():
    return make_chosen_lr_check(GRID, ACCURACY, LOSS, default_lr=1e-3)


def verdict_of(capsys, check, answer):
    check(answer)
    return " ".join(capsys.readouterr().out.split())


def test_the_answer_is_the_best_validation_accuracy(check):
    assert check.answer() == pytest.approx([0.1])


@pytest.mark.parametrize("answer", [lambda: 0.1, lambda: 1e-1, 0.1, lambda: 10 ** (-3 / 3), lambda: GRID[8],
                                    lambda: np.float64(0.1), lambda: np.array(0.1), lambda: 1.0e-01])
def test_right_answers_pass_however_written(capsys, check, answer):
    out = verdict_of(capsys, check, answer)
    assert "correct. Well done!" in out and "not quite" not in out, out


def test_a_printed_two_digit_value_is_accepted_for_a_grid_point():
    check = make_chosen_lr_check(GRID, np.roll(ACCURACY, -2), np.roll(LOSS, -2))   # best at 10^(-5/3)
    import io
    import contextlib
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        check(lambda: 2.2e-2)
    assert "correct" in out.getvalue(), out.getvalue()


@pytest.mark.parametrize("answer, expected", [
    (lambda: 0.22, "lowest TRAINING loss"),               # the lr with the lowest training loss
    (lambda: 2.2e-1, "lowest TRAINING loss"),             # ... written as printed
    (lambda: 1e-3, "framework's default"),                # Adam's default, not tuned
    (lambda: 10 ** (-11 / 3), "smallest learning rate"),  # the safest, slowest
    (lambda: 0.046, "too small"),                         # a neighbour: direction only
    (lambda: 0.3, "not one of the learning rates"),       # not on the grid
    (lambda: 2.2, "diverged"),                            # a learning rate whose run diverged
    (lambda: 7, "not one of the learning rates"),         # off the grid
])
def test_wrong_answers_are_named(capsys, check, answer, expected):
    out = verdict_of(capsys, check, answer)
    assert expected in out and "correct" not in out, out


def test_the_largest_stable_lr_is_named_when_it_is_not_the_lowest_loss(capsys):
    loss = LOSS.copy()
    loss[8], loss[9] = 0.004, 0.02          # now 1e-1 has the lowest loss and 2.2e-1 is only the edge
    check = make_chosen_lr_check(GRID, ACCURACY, loss)
    out = verdict_of(capsys, check, lambda: 0.22)
    assert "largest learning rate that did not diverge" in out, out


def test_forms_that_are_not_one_number(capsys, check):
    def stub():
        raise NotImplementedError()
    assert "not done yet" in verdict_of(capsys, check, stub)
    assert "not done yet" in verdict_of(capsys, check, lambda: ...)
    assert "one learning rate" in verdict_of(capsys, check, lambda: [0.1, 0.2])
    assert "one learning rate" in verdict_of(capsys, check, lambda: "0.1")
    assert "raised ZeroDivisionError" in verdict_of(capsys, check, lambda: 1 / 0)


def test_ties_accept_every_best_learning_rate(capsys):
    accuracy = ACCURACY.copy()
    accuracy[7] = accuracy[8]
    check = make_chosen_lr_check(GRID, accuracy, LOSS)
    assert "correct" in verdict_of(capsys, check, lambda: GRID[7])
    assert "correct" in verdict_of(capsys, check, lambda: GRID[8])


def test_the_second_wrong_attempt_explains(capsys, check):
    verdict_of(capsys, check, lambda: 0.046)
    out = verdict_of(capsys, check, lambda: 0.046)
    assert "held out from training" in out and "lr = 0.1" in out


def test_grading_raises_on_a_wrong_answer_only(monkeypatch, check, capsys):
    monkeypatch.setenv("ADAMLIB_GRADING", "1")
    with pytest.raises(AssertionError):
        check(lambda: 0.22)
    check(lambda: 0.1)


def test_bad_sweeps_are_refused():
    with pytest.raises(ValueError):
        make_chosen_lr_check(GRID[:5], ACCURACY, LOSS)
    with pytest.raises(ValueError):
        make_chosen_lr_check(GRID[::-1], ACCURACY, LOSS)
    with pytest.raises(ValueError):
        make_chosen_lr_check(GRID, np.full(14, np.nan), LOSS)


def test_a_first_wrong_learning_rate_says_the_hint_shows_how_to_find_it_not_a_formula(capsys):
    from adamlib.checks.reporting import reset_attempts

    reset_attempts()  # a first attempt: the explanation is offered, not shown
    check = make_chosen_lr_check(GRID, ACCURACY, LOSS, default_lr=1e-3)
    check(float(GRID[1]))  # on the grid, not the best, and no named mistake: "too small"
    out = capsys.readouterr().out
    assert "`check_chosen_lr(chosen_lr, hint=True)` shows how to find it." in out
    assert "corrected formula" not in out


def _seeds_around(mean, spread, seeds=20, seed=0):
    """Per-seed accuracies: each rate's mean plus one shared seed effect and a little own noise."""
    rng = np.random.default_rng(seed)
    shared = 0.02 * rng.standard_normal(seeds)
    own = spread * rng.standard_normal((len(mean), seeds))
    own -= own.mean(axis=1, keepdims=True)
    return np.asarray(mean)[:, None] + shared - shared.mean() + own


def test_with_seeds_a_rate_the_seeds_cannot_tell_from_the_best_is_right_too(capsys):
    accuracy = ACCURACY.copy()
    accuracy[7] = accuracy[8] - 0.001        # 0.046: a tenth of a point behind, noise 1 point per seed
    per_seed = _seeds_around(np.nan_to_num(accuracy), 0.01)
    per_seed[np.isnan(accuracy)] = np.nan
    check = make_chosen_lr_check(GRID, per_seed.mean(axis=1), LOSS, seed_accuracy=per_seed)
    assert 0.1 in [round(a, 6) for a in check.answer()] and any(abs(a - GRID[7]) < 1e-9 for a in check.answer())
    out = verdict_of(capsys, check, lambda: 0.046)
    assert "correct" in out and "not quite" not in out, out
    out = verdict_of(capsys, check, lambda: 1e-3)      # 18 points behind on every seed: still wrong
    assert "not quite" in out, out


def test_with_seeds_a_consistent_gap_still_decides():
    per_seed = _seeds_around(np.nan_to_num(ACCURACY), 0.001)    # every seed agrees: 0.1 is best
    per_seed[np.isnan(ACCURACY)] = np.nan
    check = make_chosen_lr_check(GRID, per_seed.mean(axis=1), LOSS, seed_accuracy=per_seed)
    assert check.answer() == pytest.approx([0.1])


def test_seed_accuracy_must_match_the_mean():
    per_seed = _seeds_around(np.nan_to_num(ACCURACY), 0.01)
    with pytest.raises(ValueError, match="mean of seed_accuracy"):
        make_chosen_lr_check(GRID, np.nan_to_num(ACCURACY) + 0.05, LOSS, seed_accuracy=per_seed)
