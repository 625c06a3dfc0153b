"""Lesson 03's reasoning exercise (which coordinate AdaGrad freezes first, and when; wrong answers named) and its predictions."""
import re
import numpy as np
import pytest

from adamlib import steps
from adamlib.checks import adagrad_rmsprop_reasoning as reasoning
from adamlib.checks import answer_of, check_adagrad_freeze


def measured_freeze():
    """Run adamlib's AdaGrad step on the two streams of the exercise; first step shorter than lr/10."""
    lr, n = reasoning.FREEZE_LR, 400
    t = np.arange(1, n + 1)
    grads = np.stack([np.full(n, reasoning.FREEZE_SLOPE_GRAD),
                      np.where(t <= reasoning.FREEZE_WALL_STEPS, reasoning.FREEZE_WALL_GRAD,
                               reasoning.FREEZE_SLOPE_GRAD)], axis=1)
    theta, s = np.zeros(2), np.zeros(2)
    frozen = [None, None]
    for k, g in enumerate(grads):
        new, s = steps.adagrad_step(theta, g, s, lr)
        for i in range(2):
            if frozen[i] is None and abs(new[i] - theta[i]) < lr * reasoning.FREEZE_FRACTION:
                frozen[i] = k + 1
        theta = new
    return frozen


def test_the_answer_is_what_adagrad_does():
    x1, x2 = measured_freeze()
    assert x2 < x1
    assert reasoning.adagrad_freeze_step() == x2 == 88


def verdict_of(capsys, answer):
    check_adagrad_freeze(answer)
    return " ".join(capsys.readouterr().out.split())


def test_right_answers_pass_however_written(capsys):
    for answer in [lambda: (2, 88), lambda: [2.0, 88.0], lambda: (np.int64(2), np.float64(88))]:
        out = verdict_of(capsys, answer)
        assert out.count("correct. Well done!") == 2, out


def test_the_lesson_stub_is_not_done_and_does_not_raise(capsys):
    def adagrad_freeze():
        raise NotImplementedError()
    out = verdict_of(capsys, adagrad_freeze)
    assert out.count("not done yet") == 2 and "correct" not in out


@pytest.mark.parametrize("answer, expected", [
    ((1, 101), "x1 has the smaller gradient"),                      # the intuitive wrong coordinate
    ((2, 101), "That is when x1 freezes"),                          # x1's freezing step
    ((2, 87), "still a little longer"),                             # boundary: > vs >=
    ((2, 78), "That counts the steps after the steep stretch"),          # steps after the wall
    ((2, 11), "not frozen yet"),                                    # right after the wall
    ((2, 87.5), "a whole number"),                                  # did not round up
    ((2, 200), "too large"),                                        # unnamed: direction only
    ((88, 2), "did you swap the two"),                              # the two numbers swapped
    ((2, 100), "a tie that eps decides"),                           # x1's step: eps breaks the tie
])
def test_wrong_answers_are_named(capsys, answer, expected):
    out = verdict_of(capsys, lambda: answer)
    assert expected in out, out
    assert out.count("correct. Well done!") <= 1


def test_x1_ties_at_100_and_eps_decides():
    """x1's step is exactly lr/10 at t = 100 without eps; with the lesson's eps it is just shorter."""
    lr = reasoning.FREEZE_LR
    exact = lr / np.sqrt(np.arange(1, 102))
    assert exact[99] == pytest.approx(lr / 10, rel=1e-15) and exact[100] < lr / 10
    assert measured_freeze() == [100, 88]


def test_the_repeated_hint_leaves_the_last_step_to_the_student(capsys):
    for _ in range(3):
        out = verdict_of(capsys, lambda: (1, 101))
    assert "88" not in out, out


def test_wrong_answers_never_pass(capsys):
    for answer in [(1, 88), (2, 89), (2, "88"), (2, None), 88, (2, 88, 1)]:
        out = verdict_of(capsys, lambda answer=answer: answer)
        assert out.count("correct. Well done!") < 2, (answer, out)


def test_a_broken_answer_function_is_reported_not_raised(capsys):
    out = verdict_of(capsys, lambda: 1 / 0)
    assert "ZeroDivisionError" in out and "not done yet" not in out   # one message: the error


def test_grading_raises_on_a_wrong_answer(monkeypatch, capsys):
    monkeypatch.setenv("ADAMLIB_GRADING", "1")
    with pytest.raises(AssertionError):
        check_adagrad_freeze(lambda: (1, 101))
    check_adagrad_freeze(lambda: (2, 88))  # right: no error


def test_answer_of():
    def stub():
        raise NotImplementedError()
    assert answer_of(stub) is Ellipsis
    assert answer_of(stub, 2) == (..., ...)
    assert answer_of(lambda: 3.5) == 3.5
    assert answer_of(7) == 7 and answer_of(None) is Ellipsis


def test_a_part_that_is_not_a_number_says_which_function_must_return_it(capsys):
    def adagrad_freeze():
        return "x2", 88
    check_adagrad_freeze(adagrad_freeze)
    out = capsys.readouterr().out
    assert "first_frozen: your answer should be one number, but it is a string" in out
    assert "Make `adagrad_freeze()` return a number" in out and "Write `first_frozen = `" not in out


def test_first_step_prediction_hides_the_answer_until_a_prediction_is_written(capsys):
    from adamlib.checks import check_prediction
    from adamlib.checks.adagrad_rmsprop_reasoning import RMSPROP_FIRST_STEP

    def stub():
        raise NotImplementedError()

    def check(prediction):
        check_prediction(predicted=answer_of(prediction), measured=10.0, **RMSPROP_FIRST_STEP)
        return " ".join(capsys.readouterr().out.split())
    out = check(stub)
    assert "no prediction yet" in out and "10" not in out, out
    out = check(lambda: 1)
    assert "warmed up" in out and "10 lr" in out, out
    assert "predicted 10" in check(lambda: 10)


# --- the predictions of sections 1, 3, 4 and 5: the answers live here, keyed by the lesson's names ----

LESSON_PREDICTIONS = {  # name -> (a right prediction, the measured value, a typical wrong one and a word of its note)
    "GD's largest stable lr on the scaled bowl": (2 / 1000, 0.002, (1 / 1000, "ONE step")),
    "RMSProp's first step / lr": (10, 10.0, (1, "warmed up")),
    "RMSProp's distance, scaled bowl / round bowl": (1, 1.0, (1000, "1000 times larger too")),
    "AdaGrad's step size, rarest / most frequent feature": (7.07, 6.65, (50, "square ROOT")),
}


def test_every_prediction_the_lesson_makes_has_its_feedback_here():
    from pathlib import Path
    text = (Path(__file__).resolve().parents[1] / "solutions" / "src" / "03_adagrad_rmsprop.md").read_text()
    named = set(re.findall(r'prediction_feedback\("([^"]+)"\)', text))
    assert named == set(LESSON_PREDICTIONS), named


@pytest.mark.parametrize("name", sorted(LESSON_PREDICTIONS))
def test_predictions_hide_the_answer_then_judge_it(capsys, name):
    from adamlib.checks import check_prediction
    from adamlib.checks.adagrad_rmsprop_reasoning import prediction_feedback
    right, measured, (wrong, note) = LESSON_PREDICTIONS[name]

    def stub():
        raise NotImplementedError()

    def check(prediction):
        check_prediction(name, answer_of(prediction), measured, **prediction_feedback(name))
        return " ".join(capsys.readouterr().out.split())
    out = check(stub)
    assert "no prediction yet" in out and not re.search(r"\d", out.replace(name, "")), out
    assert "Well reasoned" in check(lambda: right)
    out = check(lambda: wrong)
    assert "Well reasoned" not in out and note in out, out


def test_prediction_feedback_names_the_allowed_names():
    from adamlib.checks.adagrad_rmsprop_reasoning import prediction_feedback
    with pytest.raises(ValueError, match="name must be one of"):
        prediction_feedback("RMSProp's second step")
