"""Lesson 01's reasoning checks: the largest stable lr and the steps needed, from a tilted Hessian."""
import math

import numpy as np
import pytest

from adamlib.checks.engine import reset_attempts
from adamlib.checks.sgd_reasoning import HESSIAN, check_max_stable_lr, check_steps_needed

# Derived by hand: H = [[5, 3], [3, 2]] has eigenvalues (7 +- sqrt(45)) / 2; at the best lr both
# directions shrink by rho = sqrt(45) / 7 per step, the loss gap by rho^2 = 45/49.
L, MU = (7 + math.sqrt(45)) / 2, (7 - math.sqrt(45)) / 2
STEPS = math.ceil(math.log(1e-6) / math.log(45 / 49))


@pytest.fixture(autouse=True)
def fresh():
    reset_attempts()


def said(check, answer, capsys, **kw):
    check(answer, **kw)
    return " ".join(capsys.readouterr().out.split())


def test_the_hand_derivation_agrees_with_the_lesson_hessian():
    assert np.allclose(np.linalg.eigvalsh(HESSIAN), [MU, L]) and STEPS == 163


@pytest.mark.parametrize("answer", [lambda: 2 / L, lambda: 0.29179, lambda: np.float64(2 / L),
                                    lambda: 2 / max(np.linalg.eig(HESSIAN)[0]),
                                    lambda: 2 / np.linalg.norm(HESSIAN, 2)])
def test_max_lr_right_answers_pass(answer, capsys):
    out = said(check_max_stable_lr, answer, capsys)
    assert "correct. Well done!" in out and "0.2918" not in out   # never printed as 0.2918, a value above 2/L


@pytest.mark.parametrize("value, words", [
    (0.2918, "rounded up to 4"),        # 2/L = 0.29179607 rounded UP: just above the limit
    (0.292, "diverges"),                # gradient descent at 0.292 diverges (lesson 00's toy)
    (2 / np.linalg.norm(HESSIAN), "Frobenius"),   # 0.29173: a different norm, just below
    (0.29, "rounded down to 2"),
    (0.25, "Gershgorin"),
    (0.2917, "cut to 4 digits"),        # stable, but 2/L truncated: named, not "too small"
    (2 / 6.854, "rounded DOWN"),        # 2 / the eigenvalue as section 3 prints it: just above the limit
])
def test_max_lr_is_one_sided_and_never_accepts_a_value_that_diverges(value, words, capsys):
    out = said(check_max_stable_lr, lambda: value, capsys)
    assert words in out and "Well done" not in out, out


def test_gradient_descent_really_diverges_just_above_the_accepted_range():
    def final_error(lr, steps=4000):
        x = np.array([1.0, 1.0])
        for _ in range(steps):
            x = x - lr * HESSIAN @ x
        return np.abs(x).max()
    assert final_error(0.2918) > 1 and final_error(0.292) > 100      # above 2/L: it grows
    assert final_error(2 / L * (1 - 1e-4)) < 1                         # the lowest value accepted: it shrinks


@pytest.mark.parametrize("value, named", [
    (2 / 5, "DIAGONAL"),                # 2 / largest diagonal entry
    (1 / L, "one step"),                # the lr that solves the steep direction at once
    (2 / 7, "rate-optimal constant lr"),   # 2 / (L + mu)
    (2 / MU, "flattest"),
])
def test_max_lr_typical_mistakes_are_named(value, named, capsys):
    out = said(check_max_stable_lr, lambda: value, capsys)
    assert "not quite" in out and named in out and "Well done" not in out


@pytest.mark.parametrize("answer", [lambda: 163, lambda: 163.0, lambda: np.int64(163)])
def test_steps_right_answers_pass(answer, capsys):
    assert "correct. Well done!" in said(check_steps_needed, answer, capsys)


@pytest.mark.parametrize("value, named", [
    (math.ceil(math.log(1e-6) / math.log(math.sqrt(45) / 7)), "DISTANCE"),   # rho, not rho^2: 325
    (162, "round up"),
    (math.ceil(math.log(1e-6) / math.log((1.5 / 3.5) ** 2)), "diagonal"),     # kappa from the diagonal
    (math.ceil(math.log(1e-6) / math.log((1 - MU / L) ** 2)), "1/L"),         # lr = 1/L
])
def test_steps_typical_mistakes_are_named(value, named, capsys):
    out = said(check_steps_needed, lambda: value, capsys)
    assert "not quite" in out and named in out


def test_steps_refuse_a_fraction_and_never_pass_a_near_miss(capsys):
    assert "whole number" in said(check_steps_needed, lambda: 162.3, capsys)
    assert "Well done" not in said(check_steps_needed, lambda: 164, capsys)


def test_stubs_are_not_done_and_hints_show_the_derivation(capsys):
    def stub():
        raise NotImplementedError()
    assert "not done yet" in said(check_max_stable_lr, stub, capsys)
    assert "ceil(ln(1e-6) / ln(rho**2)) = 163" in said(check_steps_needed, lambda: 1, capsys, hint=True)
