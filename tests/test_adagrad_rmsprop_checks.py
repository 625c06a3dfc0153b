"""Lesson 03's ``check_adagrad_step`` names AdaGrad's conceptual mistakes, not just a wrong number.

The students below are written independently of adamlib/checks, the way a student writes them:
one accumulator for the whole array (AdaGrad-norm) and a sum that decays like RMSProp's average.
"""
import numpy as np
import pytest

from adamlib import steps
from adamlib.checks import check_adagrad_step, check_rmsprop_step, engine


@pytest.fixture(autouse=True)
def not_grading(monkeypatch):
    monkeypatch.delenv(engine.GRADING_VARIABLE, raising=False)
    engine.reset_attempts()


def verdict(capsys, fn):
    returned = check_adagrad_step(fn)
    return returned, " ".join(capsys.readouterr().out.split())


def global_sum(theta, grad, sum_sq, lr, eps=1e-10):
    s = sum_sq + np.sum(grad**2)                       # one total for every coordinate
    return theta - lr * grad / (np.sqrt(s) + eps), s


def global_norm_of_sum(theta, grad, sum_sq, lr, eps=1e-10):
    s = sum_sq + grad**2
    return theta - lr * grad / (np.sqrt(s.sum()) + eps), s


def decaying(alpha, weighted):
    def adagrad_step(theta, grad, sum_sq, lr, eps=1e-10):
        s = alpha * sum_sq + ((1 - alpha) * grad * grad if weighted else grad * grad)
        return theta - lr * grad / (np.sqrt(s) + eps), s
    return adagrad_step


@pytest.mark.parametrize("student, words", [
    (global_sum, ["ONE accumulator", "one sum per coordinate"]),
    (global_norm_of_sum, ["sum over ALL coordinates", "its own sum"]),
    (decaying(0.99, True), ["your sum forgets", "RMSProp's moving average"]),
    (decaying(0.9, True), ["your sum forgets"]),
    (decaying(0.9, False), ["your sum forgets"]),
    (decaying(0.999, False), ["your sum forgets"]),
])
def test_conceptual_mistakes_are_named(capsys, student, words):
    returned, out = verdict(capsys, student)
    assert returned is steps.adagrad_step, out
    assert "not quite" in out and "correct on" not in out, out
    for word in words:
        assert word in out, out


def test_the_fix_is_shown_on_the_third_different_attempt(capsys):
    verdict(capsys, decaying(0.9, True))                 # a first wrong try
    verdict(capsys, global_norm_of_sum)                  # a second, different one: still no fix
    _, out = verdict(capsys, global_sum)                 # the third different try shows it
    assert "sum_sq_new = sum_sq + grad**2" in out and "without np.sum" in out, out


def test_two_wrong_tries_do_not_show_the_fix(capsys):
    verdict(capsys, decaying(0.9, True))
    _, out = verdict(capsys, global_sum)
    assert "sum_sq_new = sum_sq + grad**2" not in out and "hint=True" in out, out


def test_the_same_answer_checked_again_is_not_a_second_attempt(capsys):
    verdict(capsys, global_sum)
    _, out = verdict(capsys, global_sum)                  # the check cell re-run, nothing changed
    assert "does not count as a new attempt" in out and "sum_sq_new = sum_sq + grad**2" not in out, out


def test_a_scalar_accumulator_is_told_to_look_for_np_sum(capsys):
    def scalar(theta, grad, sum_sq, lr, eps=1e-10):
        s = np.sum(sum_sq) + np.sum(grad**2)
        return theta - lr * grad / (np.sqrt(s) + eps), s
    _, out = verdict(capsys, scalar)
    assert "np.sum" in out and "correct on" not in out, out


def test_right_answers_still_pass(capsys):
    def unusual(theta, grad, sum_sq, lr, eps=1e-10):
        s = np.add(sum_sq, np.square(grad))
        return np.subtract(theta, lr * grad * (np.sqrt(s) + eps) ** -1), s

    def on_copies(theta, grad, sum_sq, lr, eps=1e-10):
        s = sum_sq.copy()
        s += grad * grad
        t = theta.copy()
        t -= lr / (s**0.5 + eps) * grad
        return t, s
    for student in (unusual, on_copies):
        returned, out = verdict(capsys, student)
        assert "correct on" in out and returned is student, out


# --- the small mistakes around eps: an answer right to ~7 digits is named, not blamed on float32 ----

def adagrad_no_eps(theta, grad, sum_sq, lr, eps=1e-10):
    s = sum_sq + grad**2
    return theta - lr * grad / np.sqrt(s), s


def adagrad_eps_zero(theta, grad, sum_sq, lr, eps=1e-10):
    s = sum_sq + grad**2
    return theta - lr * grad / (np.sqrt(s) + 0.0), s


def adagrad_eps_on_theta(theta, grad, sum_sq, lr, eps=1e-10):
    s = sum_sq + grad**2
    return theta - lr * grad / np.sqrt(s) + eps, s        # no brackets: eps is added to theta


def rmsprop_no_eps(theta, grad, sq_avg, lr, alpha=0.99, eps=1e-8):
    v = alpha * sq_avg + (1 - alpha) * grad**2
    return theta - lr * grad / np.sqrt(v), v


def rmsprop_eps_squared_inside(theta, grad, sq_avg, lr, alpha=0.99, eps=1e-8):
    v = alpha * sq_avg + (1 - alpha) * grad**2
    return theta - lr * grad / np.sqrt(v + eps**2), v


@pytest.mark.parametrize("check, student, words", [
    (check_adagrad_step, adagrad_no_eps, ["left eps out"]),
    (check_adagrad_step, adagrad_eps_zero, ["left eps out"]),
    (check_adagrad_step, adagrad_eps_on_theta, ["adds eps to theta"]),
    (check_rmsprop_step, rmsprop_no_eps, ["left eps out"]),
    (check_rmsprop_step, rmsprop_eps_squared_inside, ["eps**2 inside"]),
])
def test_eps_mistakes_are_named_not_called_float32(capsys, check, student, words):
    check(student)
    out = " ".join(capsys.readouterr().out.split())
    assert "float32" not in out and "not quite" in out, out
    for word in words:
        assert word in out, out


def test_rmsprop_hint_does_not_give_away_the_first_step_prediction(capsys):
    def unknown_mistake(theta, grad, sq_avg, lr, alpha=0.99, eps=1e-8):
        v = alpha * sq_avg + (1 - alpha) * grad**2
        return theta - lr * grad / (np.sqrt(v) + 1.0), v   # no named mistake: the hand check is printed
    check_rmsprop_step(unknown_mistake)
    out = " ".join(capsys.readouterr().out.split())
    assert "by hand" in out, out
    assert "10 times" not in out and "sqrt(1 - alpha)" not in out and "theta_new 0.9 " not in out, out


# --- an eps written in as a number, or scaled: named as such, not as float32 (review 03c, M5) ----------

def adagrad_written_eps(value=None, factor=None):
    def student(theta, grad, sum_sq, lr, eps=1e-10):
        s = sum_sq + grad**2
        return theta - lr * grad / (np.sqrt(s) + (value if value is not None else factor * eps)), s
    return student


def rmsprop_written_eps(value=None, factor=None):
    def student(theta, grad, sq_avg, lr, alpha=0.99, eps=1e-8):
        v = alpha * sq_avg + (1 - alpha) * grad**2
        return theta - lr * grad / (np.sqrt(v) + (value if value is not None else factor * eps)), v
    return student


@pytest.mark.parametrize("check, student, named", [
    (check_adagrad_step, adagrad_written_eps(value=1e-8), "fixed eps"),     # torch's RMSprop/Adam default
    (check_adagrad_step, adagrad_written_eps(value=1e-10), "fixed eps"),
    (check_adagrad_step, adagrad_written_eps(factor=10.0), "constant factor"),
    (check_rmsprop_step, rmsprop_written_eps(value=1e-10), "fixed eps"),    # torch's Adagrad default
    (check_rmsprop_step, rmsprop_written_eps(factor=10.0), "constant factor"),
])
def test_a_written_in_eps_is_named(capsys, check, student, named):
    check(student)
    out = " ".join(capsys.readouterr().out.split())
    assert named in out and "float32" not in out, out


def test_an_unusual_written_in_eps_is_suggested_next_to_float32(capsys):
    check_adagrad_step(adagrad_written_eps(value=1e-9))
    out = " ".join(capsys.readouterr().out.split())
    assert "float32" in out and "the argument eps" in out, out
