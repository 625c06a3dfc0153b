"""Lesson 06's reasoning exercise: the beta2 at which Reddi's example turns (wrong answers named)."""
import numpy as np
import pytest

from adamlib import problems, schedules
from adamlib.checks import beyond_adam_reasoning as reasoning
from adamlib.checks import check_beta2_turn
from adamlib.checks.reporting import reset_attempts
from adamlib.optim import Adam


@pytest.fixture(autouse=True)
def fresh_attempts():
    reset_attempts()          # the derivation is shown from the second failed attempt on
    yield
    reset_attempts()


def late_period_movement(beta2, periods=200):
    """adamlib's Adam on problems.reddi(3) with beta1 = 0: the last period's movement / lr (no clipping)."""
    reddi = problems.reddi(C=3)
    opt, x = Adam(betas=(0.0, beta2)), np.zeros(1)
    state = opt.init(x)
    moved = 0.0
    for t in range(1, 3 * periods + 1):
        opt.lr = 1.0
        new, state = opt.step(x, reddi.grad(x, t), state)
        if t > 3 * periods - 3:
            moved += (new - x)[0]
        x = new
    return moved


def test_the_periodic_v_is_what_adam_keeps():
    # the closed form of the steady state, against adamlib's Adam run for 200 periods
    for beta2 in (0.1, 0.47, 0.8):
        assert late_period_movement(beta2) == pytest.approx(reasoning.net_unit_step(beta2), rel=1e-6)  # eps = 1e-8 in Adam's denominator


def test_the_answer_is_where_the_measured_drift_changes_sign():
    turn = reasoning.turning_beta2()
    assert turn == pytest.approx(0.4723, abs=1e-4)
    assert late_period_movement(turn - 0.005) > 0 > late_period_movement(turn + 0.005)


def test_adam_really_ends_on_the_side_the_answer_says():
    reddi, lr = problems.reddi(C=3), schedules.inverse_sqrt(0.5)
    ends = {}
    for beta2 in (0.40, 0.55):
        opt, x = Adam(betas=(0.0, beta2)), reddi.x0.copy()
        state = opt.init(x)
        for t in range(1, 3001):
            opt.lr = lr(t)
            x, state = opt.step(x, reddi.grad(x, t), state)
            x = reddi.project(x)
        ends[beta2] = x[0]
    assert ends[0.40] == pytest.approx(1.0) and ends[0.55] < -0.9


def verdict_of(capsys, answer, **kw):
    check_beta2_turn(answer, **kw)
    return " ".join(capsys.readouterr().out.split())


def test_right_answers_pass_however_written(capsys):
    for answer in [lambda: 0.4723, lambda: np.float64(0.47231), lambda: 0.47, 0.4723,
                   lambda: np.float32(0.4723)]:
        out = verdict_of(capsys, answer)
        assert "correct. Well done!" in out, out


def test_a_one_element_array_is_a_number(capsys):
    assert "correct. Well done!" in verdict_of(capsys, lambda: np.array([0.4723]))
    assert "correct. Well done!" in verdict_of(capsys, lambda: np.array(0.4723))


def test_the_named_slips_are_what_their_derivations_give():
    slips = {reasoning._v_without_memory: 0.4605, reasoning._lagged_steady_state: 0.4876}
    for net, value in slips.items():
        assert reasoning._root(net, 0.01, 0.99) == pytest.approx(value, abs=1e-4)


def test_the_lesson_stub_is_not_done_and_does_not_raise(capsys):
    def beta2_turn():
        raise NotImplementedError()
    out = verdict_of(capsys, beta2_turn)
    assert "not done yet" in out and "Well done" not in out
    assert "not done yet" in verdict_of(capsys, lambda: ...)


def test_a_buggy_answer_function_does_not_stop_the_lesson(capsys):
    out = verdict_of(capsys, lambda: 1 / 0)
    assert "raised ZeroDivisionError" in out and "Well done" not in out


def test_a_forgotten_return_is_named_not_called_unfinished(capsys):
    def beta2_turn():
        print(0.4723)                                      # the work is done, the return is missing
    out = verdict_of(capsys, beta2_turn)
    assert "returns nothing (None)" in out and "`return`" in out and "not done yet" not in out


def test_a_string_is_told_to_make_the_function_return_a_number(capsys):
    def beta2_turn():
        return "0.4723"
    assert "Make `beta2_turn()` return a number" in verdict_of(capsys, beta2_turn)


def test_grading_raises_on_a_forgotten_return(monkeypatch):
    monkeypatch.setenv("ADAMLIB_GRADING", "1")
    with pytest.raises(AssertionError):
        check_beta2_turn(lambda: None)


@pytest.mark.parametrize("answer, expected", [
    (0.1, "paper's beta2 = 1 / (1 + C^2)"),               # the value of the theorem, not the turn
    (1 / (1 + 9), "paper's beta2"),                        # the same, written as the formula
    (0.5277, "1 minus the answer"),                        # beta2 and 1 - beta2 swapped
    (0.343, "both small steps the same v"),                # forgot that v decays between the -1 steps
    (0.695, "instead of sqrt(v)"),                         # divided by v
    (0.5, "round guess"),                                  # a guess
    (0.4605, "as if v were 1 before it"),                  # v1 = (1 - a) C^2 + a: no memory of v3
    (0.4876, "one step short"),                            # v1 = a v2 + (1 - a) C^2: period of two
    (0.99, "v from before the current gradient"),          # never turns: v before its update
    (47.23, "percentage"),                                 # percent
    (0.48, "too large"),                                   # close, but not a named slip
    (0.9, "too large"),                                    # unnamed: direction only
    (0.2, "too small"),
    (lambda: (0.47, 0.48), "one number"),                  # not one number
    (lambda: "0.47", "one number"),                        # a string
])
def test_wrong_answers_are_named(capsys, answer, expected):
    out = verdict_of(capsys, answer if callable(answer) else (lambda: answer))
    assert expected in out and "Well done" not in out, out


def test_the_derivation_is_shown_on_request_only(capsys):
    first = verdict_of(capsys, lambda: 0.2)
    assert "0.4723" not in first                           # the first verdict does not give it away
    assert "0.4723" in verdict_of(capsys, lambda: 0.2, hint=True)


def test_grading_raises_on_a_wrong_answer(capsys, monkeypatch):
    monkeypatch.setenv("ADAMLIB_GRADING", "1")
    with pytest.raises(AssertionError):
        check_beta2_turn(lambda: 0.1)
    check_beta2_turn(lambda: 0.4723)                      # a right answer does not raise


# -- exercise 4: Keras's first step over torch's ------------------------------------------------

from adamlib.checks import check_first_step_ratio  # noqa: E402
from adamlib.optim import Adam as TorchAdam  # noqa: E402
from adamlib.variants import KerasAdam  # noqa: E402


def test_the_ratio_is_what_the_two_optimizers_do():
    g = np.array([1e-7])
    keras, _ = KerasAdam(lr=1.0).step(np.zeros(1), g, KerasAdam(lr=1.0).init(np.zeros(1)))
    torch, _ = TorchAdam(lr=1.0).step(np.zeros(1), g, TorchAdam(lr=1.0).init(np.zeros(1)))
    assert (keras / torch)[0] == pytest.approx(reasoning.first_step_ratio(), rel=1e-9)
    assert reasoning.first_step_ratio() == pytest.approx(0.0337, abs=1e-4)


def port_verdict(capsys, answer, **kw):
    check_first_step_ratio(answer, **kw)
    return " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize("answer, expected", [
    (0.0337, "correct. Well done!"),
    (np.array([0.03372]), "correct. Well done!"),
    (0.55, "same sqrt(v_hat)"),                     # eps_hat compared with eps directly
    (29.66, "torch's step over Keras's"),           # inverted
    (0.0011, "(1 - beta2)"),                        # no square root
    (1.066, "should be divided"),                   # multiplied by sqrt(1 - beta2)
    (0.03065, "torch's own eps"),                   # torch's eps left out
    (1.0, "different places"),                      # "same number, same step"
])
def test_port_slips_are_named(capsys, answer, expected):
    out = port_verdict(capsys, lambda: answer)
    assert expected in out, out


def test_port_stub_is_not_done(capsys):
    def keras_over_torch():
        raise NotImplementedError()
    assert "not done yet" in port_verdict(capsys, keras_over_torch)


def test_the_port_check_names_its_own_call_for_the_hint(capsys):
    """Its answer is keras_over_torch, its check check_first_step_ratio: the hint line must name the
    function that exists (a fresh review got a NameError from the answer's name)."""
    from adamlib.checks import check_first_step_ratio
    from adamlib.checks.engine import reset_attempts
    reset_attempts()
    check_first_step_ratio(lambda: 0.5)
    printed = capsys.readouterr().out
    assert "check_first_step_ratio(keras_over_torch, hint=True)" in printed
    assert "check_keras_over_torch" not in printed
