"""Lesson 08's checks: lion_step (mistakes named) and the Adafactor-memory reasoning exercise.

The students below are written here by hand, the way students write (loops, in-place operators,
np.where, lists), independently of the mutants in adamlib/checks/after_adam.py.
"""
import math

import numpy as np
import pytest

from adamlib import optim, steps
from adamlib.checks import check_adafactor_bytes, check_lion_step
from adamlib.checks.after_adam import ADAFACTOR_SHAPE
from adamlib.checks.engine import GRADING_VARIABLE
from adamlib.checks.reporting import reset_attempts


@pytest.fixture(autouse=True)
def fresh_attempts():
    reset_attempts()
    yield
    reset_attempts()


def verdict(capsys, check, fn, **kw):
    check(fn, **kw)
    return " ".join(capsys.readouterr().out.split())


# --- right answers, written unusually ------------------------------------------------------------

def lion_loop(theta, grad, m, lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0):
    new_theta, new_m = np.empty_like(theta), np.empty_like(m)
    for i in np.ndindex(theta.shape):
        c = beta1 * m[i] + (1 - beta1) * grad[i]
        s = 1.0 if c > 0 else (-1.0 if c < 0 else 0.0)
        new_theta[i] = theta[i] * (1 - lr * weight_decay) - lr * s
        new_m[i] = m[i] + (1 - beta2) * (grad[i] - m[i])
    return new_theta, new_m


def lion_where(theta, grad, m, lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0):
    direction = np.where(m + (1 - beta1) * (grad - m) >= 0, 1.0, -1.0)   # c = m + (1 - b1)(g - m)
    theta = theta.copy()
    theta *= 1 - lr * weight_decay
    theta -= lr * direction
    return theta, np.add(beta2 * m, (1 - beta2) * grad)


def lion_copysign(theta, grad, m, lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0):
    c = np.interp(beta1, [0, 1], [0, 1]) * m + (1 - beta1) * grad
    return theta - lr * weight_decay * theta - lr * np.copysign(1.0, c), beta2 * m + (1 - beta2) * grad


def lion_comparisons(theta, grad, m, lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0):
    c = beta1 * m + (1 - beta1) * grad
    sign = (c > 0).astype(float) - (c < 0).astype(float)       # 0 where c == 0, as np.sign
    return theta - lr * (sign + weight_decay * theta), m + (1 - beta2) * (grad - m)


@pytest.mark.parametrize("student", [lion_loop, lion_comparisons])
def test_right_answers_pass_however_written(capsys, student):
    out = verdict(capsys, check_lion_step, student)
    assert "correct on" in out and "Well done" in out, out
    assert check_lion_step(student) is student


@pytest.mark.parametrize("student", [lion_where, lion_copysign])
def test_sign_of_zero_as_plus_one_is_named(capsys, student):
    """np.where(c >= 0, 1, -1) and np.copysign(1, c) give +1 at c = 0; section 3 relies on sign(0) = 0
    (the blank pixels' weights do not move), and a case with grad = m = 0 tells them apart."""
    out = verdict(capsys, check_lion_step, student)
    assert "not quite" in out and "sign(0) = 0" in out, out


# --- wrong answers, each named --------------------------------------------------------------------

def sign_of_updated_momentum(theta, grad, m, lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0):
    m = beta2 * m + (1 - beta2) * grad
    return theta - lr * (np.sign(m) + weight_decay * theta), m


def momentum_updated_first(theta, grad, m, lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0):
    m_new = beta2 * m + (1 - beta2) * grad          # "decay m first"
    c = beta1 * m_new + (1 - beta1) * grad
    return theta - lr * (np.sign(c) + weight_decay * theta), m_new


def decay_in_gradient(theta, grad, m, lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0):
    grad = grad + weight_decay * theta
    c = beta1 * m + (1 - beta1) * grad
    return theta - lr * np.sign(c), beta2 * m + (1 - beta2) * grad


def decay_inside_the_sign(theta, grad, m, lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0):
    update = np.sign(beta1 * m + (1 - beta1) * grad + weight_decay * theta)
    return theta - lr * update, beta2 * m + (1 - beta2) * grad


def decay_after_the_step(theta, grad, m, lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0):
    theta = theta - lr * np.sign(beta1 * m + (1 - beta1) * grad)
    theta = theta * (1 - lr * weight_decay)
    return theta, beta2 * m + (1 - beta2) * grad


def decay_without_lr(theta, grad, m, lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0):
    return (theta - weight_decay * theta - lr * np.sign(beta1 * m + (1 - beta1) * grad),
            beta2 * m + (1 - beta2) * grad)


def betas_the_other_way(theta, grad, m, lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0):
    c = beta2 * m + (1 - beta2) * grad
    return theta - lr * (np.sign(c) + weight_decay * theta), beta1 * m + (1 - beta1) * grad


def no_sign(theta, grad, m, lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0):
    c = beta1 * m + (1 - beta1) * grad
    return theta - lr * (c + weight_decay * theta), beta2 * m + (1 - beta2) * grad


def uphill(theta, grad, m, lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0):
    c = beta1 * m + (1 - beta1) * grad
    return theta + lr * np.sign(c) - lr * weight_decay * theta, beta2 * m + (1 - beta2) * grad


def keeps_c(theta, grad, m, lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0):
    m = beta1 * m + (1 - beta1) * grad              # one buffer, "so it uses less memory"
    return theta - lr * (np.sign(m) + weight_decay * theta), m


def signsgd(theta, grad, m, lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0):
    return theta - lr * (np.sign(grad) + weight_decay * theta), beta2 * m + (1 - beta2) * grad


def in_place(theta, grad, m, lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0):
    c = beta1 * m + (1 - beta1) * grad
    m *= beta2
    m += (1 - beta2) * grad
    return theta - lr * (np.sign(c) + weight_decay * theta), m


def two_mistakes(theta, grad, m, lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0):
    m = [beta2 * mi + (1 - beta2) * gi for mi, gi in zip(m.ravel(), grad.ravel())]
    m = np.array(m).reshape(grad.shape)
    return theta - lr * np.sign(m), m                # sign of m_new AND no weight decay


def swapped_outputs(theta, grad, m, lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0):
    c = beta1 * m + (1 - beta1) * grad
    return beta2 * m + (1 - beta2) * grad, theta - lr * (np.sign(c) + weight_decay * theta)


WRONG = [
    (sign_of_updated_momentum, ["UPDATED momentum"]),
    (momentum_updated_first, ["BEFORE the sign"]),
    (decay_in_gradient, ["L2 penalty"]),
    (decay_inside_the_sign, ["inside the sign"]),
    (decay_after_the_step, ["AFTER the sign step"]),
    (decay_without_lr, ["not scaled by the learning rate"]),
    (betas_the_other_way, ["swapped"]),
    (no_sign, ["without the sign"]),
    (uphill, ["uphill"]),
    (keeps_c, ["interpolation c"]),
    (signsgd, ["signSGD"]),
    (in_place, ["in place"]),
    (two_mistakes, ["UPDATED momentum", "without any weight decay"]),
]


@pytest.mark.parametrize("student, words", WRONG, ids=[s.__name__ for s, _ in WRONG])
def test_wrong_answers_are_named_and_replaced_by_the_reference(capsys, student, words):
    out = verdict(capsys, check_lion_step, student)
    assert "correct on" not in out, out
    for word in words:
        assert word in out, out
    assert check_lion_step(student) is steps.lion_step


def test_outputs_in_the_wrong_order_are_named(capsys):
    out = verdict(capsys, check_lion_step, swapped_outputs)
    assert "order" in out, out


def test_not_done_and_the_rerun_false_pass(capsys):
    def stub(theta, grad, m, lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0):
        raise NotImplementedError()
    assert "not done yet" in verdict(capsys, check_lion_step, stub)
    handed_back = check_lion_step(stub)
    capsys.readouterr()
    out = verdict(capsys, check_lion_step, handed_back)        # the check cell run a second time
    assert "correct" not in out and "run the cell" in out.lower(), out

    def wrapper(theta, grad, m, lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0):
        return optim.Lion(lr=lr, betas=(beta1, beta2), weight_decay=weight_decay).update(
            theta, grad, {"m": m}, 1)[0], beta2 * m + (1 - beta2) * grad
    assert "correct on" not in verdict(capsys, check_lion_step, wrapper)


def test_grading_mode_raises_on_a_wrong_answer(monkeypatch):
    monkeypatch.setenv(GRADING_VARIABLE, "1")
    with pytest.raises(AssertionError):
        check_lion_step(no_sign)
    check_lion_step(lion_loop)  # a right answer does not raise


def test_the_reference_is_adamlib_lion_over_many_steps():
    rng = np.random.default_rng(0)
    theta, m = rng.normal(size=(3, 4)), np.zeros((3, 4))
    opt = optim.Lion(lr=0.01, betas=(0.8, 0.95), weight_decay=0.3)
    p, state = theta.copy(), opt.init(theta)
    for _ in range(20):
        g = rng.normal(size=(3, 4))
        theta, m = steps.lion_step(theta, g, m, lr=0.01, beta1=0.8, beta2=0.95, weight_decay=0.3)
        p, state = opt.step(p, g, state)
    np.testing.assert_allclose(theta, p, rtol=0, atol=1e-15)
    np.testing.assert_allclose(m, state["m"], rtol=0, atol=1e-15)


def test_the_hand_example_of_the_debug_hint():
    theta, m = steps.lion_step(np.array([1.0]), np.array([-2.0]), np.array([3.0]), lr=0.1, weight_decay=0.5)
    np.testing.assert_allclose([theta[0], m[0]], [0.85, 2.95])


# --- reasoning: Adafactor's bytes per parameter ---------------------------------------------------

def measured_bytes_per_parameter():
    """From adamlib's Adafactor state itself, for a float32 matrix of the exercise's shape."""
    W = np.zeros(ADAFACTOR_SHAPE, dtype=np.float32)
    state = optim.Adafactor().init(W)
    nbytes = sum(a.nbytes for k, a in state.items() if k != "step")
    return nbytes / W.size


def test_the_answer_is_what_the_state_holds():
    n, m = ADAFACTOR_SHAPE
    assert check_adafactor_bytes.answer() == pytest.approx(4 * (n + m) / (n * m), rel=1e-12)
    assert check_adafactor_bytes.answer() == pytest.approx(measured_bytes_per_parameter(), rel=1e-12)


@pytest.mark.parametrize("answer", [4 * (768 + 3072) / (768 * 3072), 0.00651, 15360 / 2359296,
                                    lambda: 4 * (768 + 3072) / 768 / 3072, np.float32(0.006510)])
def test_right_reasoning_answers_pass(capsys, answer):
    assert "correct. Well done" in verdict(capsys, check_adafactor_bytes, answer)


@pytest.mark.parametrize("answer, words", [
    (8, ["Adam's state"]), (4, ["full second moment"]), (4 * (768 + 3072), ["whole matrix"]),
    (4 + 4 * (768 + 3072) / (768 * 3072), ["momentum m on top of the factored v"]),  # + a float32 m
    (768 + 3072, ["how many numbers"]), ((768 + 3072) / (768 * 3072), ["4 bytes"]),
    (8 * (768 + 3072) / (768 * 3072), ["float64"]), (8 / 768, ["row means and m column"]),
    (0.01, ["too large"]), (1e-4, ["too small"]),
])
def test_wrong_reasoning_answers_are_named(capsys, answer, words):
    out = verdict(capsys, check_adafactor_bytes, answer)
    assert "correct. Well done" not in out and "not quite" in out, out
    for word in words:
        assert word in out, out


def test_reasoning_stub_is_not_done(capsys):
    assert "not done yet" in verdict(capsys, check_adafactor_bytes, ...)

    def stub():
        raise NotImplementedError()
    assert "not done yet" in verdict(capsys, check_adafactor_bytes, stub)
    assert math.isclose(check_adafactor_bytes.answer(), 0.0065104, rel_tol=1e-4)


def test_reasoning_slips_are_named_not_not_done(capsys):
    """An answer above a raise left in, and a body without a return, are told what to fix."""
    def raise_left_in():
        answer = 4 * (768 + 3072) / (768 * 3072)  # noqa: F841 (the slip under test)
        raise NotImplementedError()

    def printed():
        print(4 * (768 + 3072) / (768 * 3072))

    def no_return():
        answer = 4 * (768 + 3072) / (768 * 3072)  # noqa: F841

    check_adafactor_bytes(raise_left_in)
    out = capsys.readouterr().out
    assert "raise NotImplementedError()" in out and "not done yet" not in out, out   # exactly one message
    for slip in (printed, no_return):
        check_adafactor_bytes(slip)
        out = capsys.readouterr().out
        assert "returns nothing (None)" in out and "not done yet" not in out, out


def test_a_slip_still_fails_a_graded_run(monkeypatch, capsys):
    """The one message is printed by answer_of; the check adds nothing, but grading must still fail."""
    def raise_left_in():
        answer = 4 * (768 + 3072) / (768 * 3072)
        raise NotImplementedError()
        return answer

    monkeypatch.setenv(GRADING_VARIABLE, "1")
    with pytest.raises(AssertionError, match="raise NotImplementedError"):
        check_adafactor_bytes(raise_left_in)


def test_a_prediction_with_the_raise_left_in_gets_one_message(capsys):
    from adamlib.checks import answer_of, check_prediction

    def predicted_lion_rms():
        prediction = 1.0
        raise NotImplementedError()
        return prediction
    check_prediction("Lion's update RMS / lr", answer_of(predicted_lion_rms), 0.98)
    out = capsys.readouterr().out
    assert "delete the line" in out and "no prediction yet" not in out, out


def test_the_worked_answer_waits_for_the_third_different_wrong_try(capsys):
    explained = "4 * (n + m) / (n * m)"
    assert explained not in verdict(capsys, check_adafactor_bytes, lambda: 0.5)
    assert explained not in verdict(capsys, check_adafactor_bytes, lambda: 0.25)   # the second: a nudge only
    assert explained not in verdict(capsys, check_adafactor_bytes, lambda: 0.25)   # the same again: no count
    assert explained in verdict(capsys, check_adafactor_bytes, lambda: 0.125)      # the third different try


def test_a_failed_lion_step_hands_back_the_reference_itself(capsys):
    """Lesson 08's walk after exercise 2 tells `lion_step is steps.lion_step` (the reference in use)
    from the student's own function: the check must hand back that very object until the exercise passes."""
    from adamlib import steps

    def stub(theta, grad, m, lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0):
        raise NotImplementedError()
    assert check_lion_step(stub) is steps.lion_step
    assert check_lion_step(steps.lion_step) is steps.lion_step   # the reference itself passes as itself
    capsys.readouterr()
