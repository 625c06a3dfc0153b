"""Lesson 04's reasoning exercises: the bias-correction factor and the size of Adam's first step."""
import numpy as np
import pytest

from adamlib import steps
from adamlib.checks import adam_reasoning as reasoning
from adamlib.checks import check_adam_first_step, check_bias_correction


def said(capsys, check, answer):
    check(answer)
    return " ".join(capsys.readouterr().out.split())


def test_the_answers_are_what_the_averages_do():
    # v for a constant gradient, run step by step: no closed form used.
    v, held = 0.0, []
    for _ in range(5000):
        v = reasoning.BETA2 * v + (1 - reasoning.BETA2) * 1.0
        held.append(v)
    held = np.array(held)
    assert reasoning._fraction(100) == pytest.approx(held[99], rel=1e-12)
    assert reasoning._steps_to_target() == int(np.argmax(held >= 0.99)) + 1 == 4603


def test_the_first_step_is_what_adamlib_takes():
    g = np.array(reasoning.FIRST_GRAD)
    theta, _, _ = steps.adam_step(np.zeros(2), g, np.zeros(2), np.zeros(2), 1, lr=reasoning.FIRST_LR)
    assert reasoning._first_step(g[0]) == pytest.approx(abs(theta[0]), rel=1e-12)
    assert reasoning._first_step(g[1]) == pytest.approx(abs(theta[1]), rel=1e-12)


@pytest.mark.parametrize("answer", [lambda: (0.0952, 4603), lambda: [1 - 0.999**100, 4603.0],
                                    lambda: (np.float64(0.09521), np.int64(4603))])
def test_right_bias_correction_answers_pass(capsys, answer):
    assert said(capsys, check_bias_correction, answer).count("correct. Well done!") == 2


@pytest.mark.parametrize("answer", [lambda: (0.01, 0.01), lambda: (1e-2, 0.00999995),
                                    lambda: [np.float64(0.01), 0.009999]])
def test_right_first_step_answers_pass(capsys, answer):
    assert said(capsys, check_adam_first_step, answer).count("correct. Well done!") == 2


@pytest.mark.parametrize("answer, expected", [
    ((0.999**100, 4603), "weight still sitting on the zero start"),
    ((0.1, 4603), "100 times (1 - beta2)"),
    ((1 - 0.999**99, 4603), "Off by one step"),
    ((1 / (1 - 0.999**100), 4603), "the factor the correction multiplies"),
    ((0.0952, 4602), "round up, not down"),
    ((0.0952, 4606), "ln(0.999) = -0.001"),
    ((0.0952, 1000), "the average's memory"),
    ((0.0952, 44), "beta1 = 0.9"),
    ((0.0952, 4603.5), "a whole number"),
])
def test_bias_correction_mistakes_are_named(capsys, answer, expected):
    out = said(capsys, check_bias_correction, lambda: answer)
    assert expected in out, out
    assert out.count("correct. Well done!") == 1


@pytest.mark.parametrize("answer, expected", [
    ((3.0, 2e-5), "SGD's step"),
    ((0.0316, 0.0316), "WITHOUT bias correction"),
    ((0.316, 0.316), "corrects m but not v"),
    ((0.001, 0.001), "corrects v but not m"),
    ((0.1, 0.1), "RMSProp's first step"),
    ((-0.01, 0.01), "a positive number"),
])
def test_first_step_mistakes_are_named(capsys, answer, expected):
    out = said(capsys, check_adam_first_step, lambda: answer)
    assert expected in out, out
    assert out.count("correct. Well done!") <= 1


def test_stub_and_broken_answers_do_not_raise(capsys):
    def stub():
        raise NotImplementedError()
    assert said(capsys, check_bias_correction, stub).count("not done yet") == 2
    assert said(capsys, check_adam_first_step, stub).count("not done yet") == 2
    out = said(capsys, check_adam_first_step, lambda: undefined_name)  # noqa: F821
    assert "NameError" in out and "not done yet" not in out   # one message: the error, not also "not done"


def test_the_hint_advice_names_the_lessons_check_call(capsys):
    from adamlib.checks import reporting
    reporting.reset_attempts()  # a first attempt: the advice, not yet the derivation
    out = said(capsys, check_adam_first_step, lambda: (0.5, 0.5))
    assert "check_adam_first_step(adam_first_step, hint=True)" in out
    assert "check_first_step_x1(" not in out


def test_grading_raises_on_a_wrong_answer(monkeypatch, capsys):
    monkeypatch.setenv("ADAMLIB_GRADING", "1")
    with pytest.raises(AssertionError):
        check_adam_first_step(lambda: (0.0316, 0.0316))
    check_adam_first_step(lambda: (0.01, 0.01))


# -- reading a paired comparison (section 4) -------------------------------------------------

from adamlib import compare  # noqa: E402
from adamlib.checks import check_paired_difference, paired_exercise_scores  # noqa: E402

RIGHT_PAIRED = (-0.5, 0.0966, -5.18, 1)


def test_the_paired_answers_are_what_the_comparison_engine_says():
    a, b = paired_exercise_scores()
    d = compare.paired(a, b, ("A", "B"))
    assert d.mean == pytest.approx(RIGHT_PAIRED[0], abs=1e-12)
    assert d.se == pytest.approx(RIGHT_PAIRED[1], rel=1e-3)
    assert d.t == pytest.approx(RIGHT_PAIRED[2], rel=1e-3)
    assert d.verdict == "A ahead" and d.wins == 9
    assert len(a) == len(b) == 10


def test_every_named_mistake_reads_as_not_detectable():
    # the exercise only teaches if each mistake changes the verdict: each one's |t| must be below 2.26
    a, b = paired_exercise_scores()
    d, n = a - b, len(a)
    for wrong_se in (a.std(ddof=1), b.std(ddof=1), np.sqrt(a.var(ddof=1) / n + b.var(ddof=1) / n), d.std(ddof=1)):
        assert abs(d.mean() / wrong_se) < reasoning._critical_t() == pytest.approx(2.262, abs=1e-3)


@pytest.mark.parametrize("answer", [lambda: RIGHT_PAIRED, lambda: [-0.5, 0.09661, -5.175, 1.0],
                                    lambda: (np.float64(-0.5), np.float64(0.0966), np.float64(-5.2), np.int64(1))])
def test_right_paired_answers_pass(capsys, answer):
    assert said(capsys, check_paired_difference, answer).count("correct. Well done!") == 4


@pytest.mark.parametrize("answer, expected, right", [
    ((-0.5, 1.43, -0.349, 0), "spread of single runs", 1),
    ((-0.5, 1.45, -0.345, 1), "spread of single runs", 2),
    ((-0.5, 0.644, -0.776, 0), "UNPAIRED standard error", 1),
    ((-0.5, 0.3055, -1.64, 0), "sqrt(n) times less", 1),
    ((-0.5, 0.0917, -5.455, 1), "divided by n instead of n - 1", 2),
    ((0.5, 0.0966, 5.18, 1), "B minus A", 2),
    ((-0.5, 0.0966, 5.18, 1), "wrong sign", 3),
    ((-0.5, 0.0966, -5.18, 0), "Compare |t| with the critical value 2.26", 3),
])
def test_paired_mistakes_are_named(capsys, answer, expected, right):
    out = said(capsys, check_paired_difference, lambda: answer)
    assert expected in out, out
    assert out.count("correct. Well done!") == right


def test_paired_stub_none_and_the_raise_left_in_do_not_raise(capsys):
    def raise_left_in():
        mean_difference, standard_error, t, detectable = -0.5, 0.0966, -5.18, 1
        raise NotImplementedError()
        return mean_difference, standard_error, t, detectable  # unreachable, as a student leaves it

    def returns_nothing():
        mean_difference = -0.5  # noqa: F841 (computed, never returned)

    out = said(capsys, check_paired_difference, raise_left_in)
    assert out.count("delete the line") == 1 and "not done yet" not in out   # one message, not five
    out = said(capsys, check_paired_difference, returns_nothing)
    assert "correct" not in out and out.count("returns nothing (None)") == 1 and "not done yet" not in out
    assert "correct" not in said(capsys, check_paired_difference, lambda: None)


def test_grading_raises_on_a_wrong_paired_answer(monkeypatch):
    monkeypatch.setenv("ADAMLIB_GRADING", "1")
    with pytest.raises(AssertionError):
        check_paired_difference(lambda: (-0.5, 0.644, -0.776, 0))
    check_paired_difference(lambda: RIGHT_PAIRED)


def test_prediction_feedback_lives_in_the_library_not_in_the_lessons_cells():
    import json
    from pathlib import Path
    from adamlib.checks import prediction_feedback
    for name in ("largest uncorrected step", "Beale lead"):
        feedback = prediction_feedback(name)
        assert set(feedback) == {"wrong_predictions", "why", "why_when_right"} and feedback["why"]
    with pytest.raises(ValueError, match="name must be one of"):
        prediction_feedback("nope")
    lesson = json.loads((Path(__file__).resolve().parents[1] / "lessons" / "04_adam.ipynb").read_text())
    sources = "".join("".join(c["source"]) for c in lesson["cells"] if c["cell_type"] == "code")
    assert "why=" not in sources and "wrong_predictions=" not in sources


def test_a_fractional_step_count_is_echoed_as_given(capsys):
    out = said(capsys, check_bias_correction, lambda: (0.0952, 4602.87))
    assert "4602.87" in out and "a whole number" in out


def test_a_boolean_detectable_is_read_as_1_or_0(capsys):
    import numpy as np
    from adamlib.checks import check_paired_difference
    d = np.subtract(*reasoning.paired_exercise_scores())
    mean, se = d.mean(), d.std(ddof=1) / np.sqrt(len(d))
    for detectable in (True, np.abs(mean / se) > 2.26):      # a bool and NumPy's bool
        out = said(capsys, check_paired_difference, lambda: (mean, se, mean / se, detectable))
        assert out.count("correct. Well done!") == 4, out
    out = said(capsys, check_paired_difference, lambda: (mean, se, mean / se, False))
    assert "detectable: not quite" in out


def test_one_array_of_both_first_steps_is_read_as_two_numbers(capsys):
    def adam_first_step():
        g = np.array(reasoning.FIRST_GRAD)
        return np.abs(0.01 * g / (np.abs(g) + 1e-8))
    assert said(capsys, check_adam_first_step, adam_first_step).count("correct. Well done!") == 2


def test_an_answer_above_the_stub_is_still_seen_through_the_conversion(capsys):
    from adamlib.checks import check_paired_difference

    def paired_difference():
        mean_difference = -0.5  # noqa: F841 - an answer written above the stub, as a student leaves it
        raise NotImplementedError()
    out = said(capsys, check_paired_difference, paired_difference)
    assert "still raises NotImplementedError" in out and out.startswith("paired_difference: your answer is written")


@pytest.mark.parametrize("flag, words", [("no_eps", "you left out eps"),
                                         ("root_over_full_correction", "where its square root belongs")])
def test_adam_step_names_a_missing_eps_and_a_correction_not_rooted(flag, words, capsys):
    from adamlib.checks import check_adam_step
    from adamlib.checks.adam import adam_mutant

    mutant = adam_mutant((flag,))

    def adam_step(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        return mutant(theta, grad, m, v, t, lr, beta1, beta2, eps)
    check_adam_step(adam_step)
    out = " ".join(capsys.readouterr().out.split())
    assert words in out, out


# -- the whole answer is one attempt (adamlib.checks.whole_answer) ------------------------------

@pytest.mark.parametrize("check, answer, words", [
    (check_adam_first_step, lambda: 0.01, "adam_first_step() returned one number, 0.01; it should return two"),
    (check_bias_correction, lambda: 0.0952, "returned one number, 0.0952; it should return two"),
    (check_paired_difference, lambda: -0.5, "returned one number, -0.5; it should return four"),
])
def test_one_number_where_several_are_asked_is_refused_by_name(capsys, check, answer, words):
    out = said(capsys, check, answer)
    assert words in out and "Well done" not in out, out


@pytest.mark.parametrize("check, answer, expected", [
    (check_bias_correction, lambda: (9.52, 4603), "That is a percentage"),
    (check_adam_first_step, lambda: (0.01, 0.01 * 0.002 / np.sqrt(0.002**2 + 1e-8)), "eps inside the square root"),
    (check_paired_difference, lambda: (-0.5, 0.3055 / 3, -0.5 / (0.3055 / 3), 1), "divided by sqrt(n - 1)"),
])
def test_more_mistakes_are_named(capsys, check, answer, expected):
    out = said(capsys, check, answer)
    assert expected in out, out


def test_a_negative_answer_of_the_wrong_size_is_told_its_size(capsys):
    out = said(capsys, check_paired_difference, lambda: (-0.5, 0.0966, -4.0, 1))
    assert "-4 has the right sign, but its size, 4, is too small" in out, out
    assert "is too large" not in out


def test_a_changed_answer_is_a_new_attempt_even_where_a_part_repeats(capsys):
    from adamlib.checks import reporting
    reporting.reset_attempts()
    said(capsys, check_paired_difference, lambda: (-0.5, 0.644, -0.776, 0))
    out = said(capsys, check_paired_difference, lambda: (-0.5, 0.3055, -1.64, 0))   # detectable repeats
    assert "same answer" not in out, out
    out = said(capsys, check_paired_difference, lambda: (-0.5, 0.3055, -1.64, 0))   # all of it repeats
    assert "same answer" in out, out


def test_a_prediction_in_decades_is_judged_within_one_and_a_half_decades_and_an_overshoot_is_named(capsys):
    from adamlib.checks.adam_reasoning import compare_prediction_in_decades
    compare_prediction_in_decades("lead", 7.0, 8.3, most=10.1)
    assert "Well reasoned" in capsys.readouterr().out
    compare_prediction_in_decades("lead", 4.5, 8.3, most=10.1)        # a factor 2 off is 4 decades off
    out = capsys.readouterr().out
    assert "Well reasoned" not in out and "3.8 decades too low" in out
    compare_prediction_in_decades("lead", 20, 8.3, most=10.1)         # impossible: Adam below the floor
    out = " ".join(capsys.readouterr().out.split())
    assert "at most 10.1 decades" in out and "below the floor" in out
    compare_prediction_in_decades("lead", ..., 8.3, most=10.1)
    assert "no prediction yet" in capsys.readouterr().out


def test_beta1_in_place_of_beta2_and_a_step_in_units_of_lr_are_named(capsys):
    out = said(capsys, check_bias_correction, lambda: (1 - 0.9**100, 4603))
    assert "factor of the m average" in out
    out = said(capsys, check_adam_first_step, lambda: (1.0, 1.0))
    assert "in units of lr" in out
