"""Lesson 00's reasoning check: one gradient step by hand, the loss afterwards."""
import numpy as np
import pytest

from adamlib.checks.engine import reset_attempts
from adamlib.checks import check_prediction
from adamlib.checks.welcome_reasoning import (answer_of, check_loss_after_one_step, lr_0_3_feedback,
                                              lr_0_3_intent)


@pytest.fixture(autouse=True)
def fresh():
    reset_attempts()


def verdict_of(answer, capsys, **kw):
    check_loss_after_one_step(answer, **kw)
    return " ".join(capsys.readouterr().out.split())  # the message is wrapped: compare words


def by_hand():  # derived independently: (w, b) = (0.5, 0.3), errors (-0.2, -0.7)
    return (0.2**2 + 0.7**2) / 2


@pytest.mark.parametrize("answer", [by_hand, lambda: 0.265, lambda: np.float64(0.265),
                                    lambda: np.mean((0.5 * np.array([1, 2]) + 0.3 - np.array([1, 2])) ** 2)])
def test_right_answers_pass(answer, capsys):
    assert "correct. Well done!" in verdict_of(answer, capsys)


@pytest.mark.parametrize("value, named", [
    (0.53, "SUM"),                      # forgot the mean's 1/n
    (2.5, "BEFORE the step"),           # the loss at the start
    (1.09125, "half the gradient"),     # gradient without the chain rule's 2: (0.25, 0.15)
    (7.065, "UPHILL"),                  # w, b = (-0.5, -0.3)
    (85.0, "whole gradient"),           # lr forgotten: w, b = (5, 3)
])
def test_typical_slips_are_named(value, named, capsys):
    out = verdict_of(lambda: value, capsys)
    assert "not quite" in out and named in out and "0.265" not in out


def test_an_unnamed_wrong_answer_says_which_side_and_never_passes(capsys):
    out = verdict_of(lambda: 0.4, capsys)
    assert "too large" in out and "Well done" not in out


def test_third_different_failure_and_hint_show_the_derivation(capsys):
    assert "0.265" not in verdict_of(lambda: 0.3, capsys)
    assert "0.265" not in verdict_of(lambda: 0.4, capsys)     # a second try: the nudge, not the answer
    assert "(0.04 + 0.49) / 2 = 0.265" in verdict_of(lambda: 0.45, capsys)
    reset_attempts()
    assert "(0.04 + 0.49) / 2 = 0.265" in verdict_of(lambda: 0.1, capsys, hint=True)


def test_the_lesson_stub_is_not_done_and_does_not_raise(capsys):
    def stub():
        raise NotImplementedError()
    assert "not done yet" in verdict_of(stub, capsys)


def test_grading_raises_on_a_wrong_answer(monkeypatch, capsys):
    monkeypatch.setenv("ADAMLIB_GRADING", "1")
    with pytest.raises(AssertionError):
        check_loss_after_one_step(lambda: 0.53)
    check_loss_after_one_step(by_hand)


def test_the_same_answer_checked_again_does_not_reveal_the_derivation(capsys):
    first = verdict_of(lambda: 0.53, capsys)
    again = verdict_of(lambda: 0.53, capsys)          # the check cell re-run: the same attempt
    assert "0.265" not in first and "0.265" not in again and "same answer" in again


@pytest.mark.parametrize("value", [0.27, 0.26])
def test_the_answer_rounded_to_two_digits_is_told_so(value, capsys):
    out = verdict_of(lambda: value, capsys)
    assert "rounded" in out and "too large" not in out and "0.265" not in out


@pytest.mark.parametrize("said", ["diverges", "diverge", "it diverges", "Diverging", "blows up",
                                  "It will blow up!", "explodes"])
def test_every_wording_of_diverges_is_right(said, capsys):
    from adamlib.checks import check_prediction
    from adamlib.checks.welcome_reasoning import LR_0_3_FEEDBACK
    check_prediction("lr = 0.3", said, "diverges", **LR_0_3_FEEDBACK)
    assert "and so it is" in capsys.readouterr().out


@pytest.mark.parametrize("said, named", [("faster", "overshoots"), ("slower", "Slower would mean")])
def test_the_wrong_predictions_are_each_explained(said, named, capsys):
    from adamlib.checks import check_prediction
    from adamlib.checks.welcome_reasoning import LR_0_3_FEEDBACK
    check_prediction("lr = 0.3", said, "diverges", **LR_0_3_FEEDBACK)
    out = " ".join(capsys.readouterr().out.split())
    assert named in out and "jumps past the floor" in out


@pytest.mark.parametrize("said, label", [
    ("not faster, it diverges", "diverges"), ("explodes", "diverges"), ("it blows up", "diverges"),
    ("Diverge", "diverges"), ("overshoots", "diverges"), ("converges faster", "faster"),
    ("slower", "slower"), ("does not diverge, slower", "slower"), ("not faster", None), ("oscillates", None)])
def test_the_lr_0_3_prediction_is_read_by_its_intent(said, label):
    # A review found "not faster, it diverges" told it was wrong and "explodes" not recognised.
    assert lr_0_3_intent(said) == label


@pytest.mark.parametrize("said", ["not faster, it diverges", "explodes", "it blows up"])
def test_a_diverging_prediction_in_own_words_is_right(said, capsys):
    check_prediction("lr = 0.3", said, "diverges", **lr_0_3_feedback(lambda: said))
    assert "and so it is" in capsys.readouterr().out


def test_a_stub_prediction_is_still_no_prediction_yet(capsys):
    def stub():
        raise NotImplementedError()
    check_prediction("lr = 0.3", answer_of(stub), "diverges", **lr_0_3_feedback(stub))
    out = capsys.readouterr().out
    assert "no prediction yet" in out and out.count("\n") <= 2


@pytest.mark.parametrize("said, label", [("发散", "diverges"), ("损失会爆炸", "diverges"), ("不收敛", "diverges"),
                                         ("更快", "faster"), ("更慢", "slower"), ("不会更快，会发散", "diverges"),
                                         ("不发散，只是更慢", "slower"), ("不知道", None)])
def test_a_prediction_written_in_chinese_is_read_by_its_intent(said, label):
    """The Chinese edition asks for the prediction in the student's own words: 发散 is right."""
    from adamlib.checks.welcome_reasoning import lr_0_3_intent
    assert lr_0_3_intent(said) == label
