"""One rule for the same slip in every lesson: an answer that raises, an untouched stub, adamlib's own
reference handed in.

Reasoning answers are numbers written as functions (``def max_stable_lr(): return ...``); exercises
are functions judged on test cases. Whatever the lesson, a function that raises gets "your function
raised <Error>: <message>" (never "not done yet": the student wrote something and it crashed), and
adamlib's own reference is recognised by one test, ``calling.is_reference``.
"""
import functools
import types

import numpy as np
import pytest

from adamlib import checks, nn, steps
from adamlib.checks import (adam_reasoning, beyond_adam_reasoning, momentum_reasoning, practice_reasoning,
                            sgd_reasoning, welcome_reasoning)
from adamlib.checks.calling import is_reference
from adamlib.checks.deep_learning_reasoning import make_chosen_lr_check
from adamlib.checks.engine import GRADING_VARIABLE, reset_attempts

GRID = 10.0 ** (np.arange(-11, 3) / 3)
ACCURACY = np.array([.289, .443, .624, .770, .895, .923, .941, .955, .972, .948] + [np.nan] * 4)
LOSS = np.array([2.1, 1.9, 1.2, .8, .4, .3, .2, .15, .1, .3] + [np.nan] * 4)

# (lesson, the answer's name in the verdicts, its check): every number written as a function.
NUMBER_CHECKS = [
    ("00", "loss_after_one_step", welcome_reasoning.check_loss_after_one_step),
    ("01", "max_stable_lr", sgd_reasoning.check_max_stable_lr),
    ("01", "steps_needed", sgd_reasoning.check_steps_needed),
    ("02", "lr_star", momentum_reasoning.check_lr_star),
    ("02", "momentum_star", momentum_reasoning.check_momentum_star),
    ("03", "adagrad_freeze", checks.check_adagrad_freeze),
    ("04", "bias_correction_answers", adam_reasoning.check_bias_correction),
    ("04", "adam_first_step", adam_reasoning.check_adam_first_step),
    ("04", "paired_difference", adam_reasoning.check_paired_difference),
    ("05", "chosen_lr", make_chosen_lr_check(GRID, ACCURACY, LOSS, default_lr=1e-3)),
    ("06", "beta2_turn", beyond_adam_reasoning.check_beta2_turn),
    ("07", "v_halfway", practice_reasoning.check_v_halfway),
    ("07", "bytes_per_parameter", practice_reasoning.check_bytes_per_parameter),
    ("08", "adafactor_bytes", checks.check_adafactor_bytes),
]
NUMBER_IDS = [f"{lesson}-{name}" for lesson, name, _ in NUMBER_CHECKS]

# (lesson, name, check, adamlib's reference): every exercise written as a function.
FUNCTION_CHECKS = [
    ("00", "mse_gradient", checks.check_mse_gradient, steps.mse_gradient),
    ("01", "sgd_step", checks.check_sgd_step, steps.sgd_step),
    ("02", "momentum_step", checks.check_momentum_step, steps.momentum_step),
    ("02", "nesterov_step", checks.check_nesterov_step, steps.nesterov_step),
    ("03", "adagrad_step", checks.check_adagrad_step, steps.adagrad_step),
    ("03", "rmsprop_step", checks.check_rmsprop_step, steps.rmsprop_step),
    ("04", "adam_step", checks.check_adam_step, steps.adam_step),
    ("05", "train_epoch", checks.check_train_epoch, nn.train_epoch),
    ("06", "amsgrad_step", checks.check_amsgrad_step, steps.amsgrad_step),
    ("06", "adamw_step", checks.check_adamw_step, steps.adamw_step),
    ("07", "adam_inplace", checks.check_adam_inplace, steps.adam_inplace),
    ("08", "lion_step", checks.check_lion_step, steps.lion_step),
]
FUNCTION_IDS = [f"{lesson}-{name}" for lesson, name, _, _ in FUNCTION_CHECKS]


@pytest.fixture(autouse=True)
def not_grading(monkeypatch):
    monkeypatch.delenv(GRADING_VARIABLE, raising=False)
    reset_attempts()


def printed(capsys, check, answer):
    check(answer)
    return capsys.readouterr().out


@pytest.mark.parametrize("lesson,name,check", NUMBER_CHECKS, ids=NUMBER_IDS)
def test_a_number_function_that_raises_is_named_the_same_way_in_every_lesson(lesson, name, check, capsys):
    calls = []

    def my_answer():
        calls.append(1)
        raise ValueError("oops")

    out = printed(capsys, check, my_answer)
    assert out == f"{name}: your function raised ValueError: oops.\n  Call it in a new cell to see the full traceback.\n"
    assert calls == [1], "the answer function runs once: its prints and errors are not repeated"


@pytest.mark.parametrize("lesson,name,check", NUMBER_CHECKS, ids=NUMBER_IDS)
def test_the_untouched_stub_is_not_done_yet_in_every_lesson(lesson, name, check, capsys):
    def my_answer():
        # YOUR CODE HERE
        raise NotImplementedError()

    out = printed(capsys, check, my_answer)
    assert "not done yet" in out and "raised" not in out


@pytest.mark.parametrize("lesson,name,check", NUMBER_CHECKS, ids=NUMBER_IDS)
def test_a_forgotten_return_is_named_in_every_lesson(lesson, name, check, capsys):
    def my_answer():
        print(0.5)

    out = printed(capsys, check, my_answer)
    assert out.startswith(f"{name}: your function `my_answer()` returns nothing (None)") and "0.5" not in out


@pytest.mark.parametrize("lesson,name,check", NUMBER_CHECKS, ids=NUMBER_IDS)
def test_a_raising_answer_fails_when_grading(lesson, name, check, monkeypatch, capsys):
    monkeypatch.setenv(GRADING_VARIABLE, "1")
    with pytest.raises(AssertionError, match="your function raised ZeroDivisionError"):
        check(lambda: 1 / 0)


@pytest.mark.parametrize("lesson,name,check,reference", FUNCTION_CHECKS, ids=FUNCTION_IDS)
def test_an_exercise_that_raises_is_named_the_same_way_in_every_lesson(lesson, name, check, reference, capsys):
    def my_function(*args, **kwargs):
        raise ValueError("oops")

    returned = check(my_function)
    out = capsys.readouterr().out
    assert out.startswith(f"{name}: your function raised ValueError: oops"), out
    assert "not done yet" not in out and returned is reference


@pytest.mark.parametrize("lesson,name,check,reference", FUNCTION_CHECKS, ids=FUNCTION_IDS)
def test_adamlibs_own_reference_is_recognised_in_every_lesson(lesson, name, check, reference, capsys):
    for handed_in in (reference, functools.wraps(reference)(lambda *a, **k: reference(*a, **k))):
        check(handed_in)
        out = capsys.readouterr().out
        assert out.startswith(f"{name}: this is adamlib's reference {name}, not yours"), out


def test_is_reference_sees_the_function_an_alias_a_copy_and_a_wrapper_but_not_another_function():
    copy = types.FunctionType(steps.adam_step.__code__, steps.adam_step.__globals__)

    @functools.wraps(steps.adam_step)
    def wrapper(*args, **kwargs):
        return steps.adam_step(*args, **kwargs)

    def mine(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        return steps.adam_step(theta, grad, m, v, t, lr, beta1, beta2, eps)

    alias = steps.adam_step
    assert is_reference(alias, steps.adam_step) and is_reference(copy, steps.adam_step)
    assert is_reference(wrapper, steps.adam_step)
    assert is_reference(steps.adam_step, steps.sgd_step, steps.adam_step)   # any of several references
    assert not is_reference(mine, steps.adam_step)   # calling it is caught while it runs, not here
    assert not is_reference(steps.sgd_step, steps.adam_step) and not is_reference(None, steps.adam_step)


def test_constants_the_lesson_gives_above_the_stub_are_not_an_answer():
    """Lesson 06's keras_over_torch gives its numbers above `# YOUR CODE HERE`: untouched, it is not done."""
    from adamlib.checks.calling import more_than_the_stub
    namespace = {}
    exec(compile('def given():\n    """Doc."""\n    g, eps = 1e-7, 1e-8\n    # YOUR CODE HERE\n'
                 '    raise NotImplementedError()\n', "<lesson>", "exec"), namespace)
    import linecache
    linecache.cache["<lesson>"] = (0, None, ['def given():\n', '    """Doc."""\n', '    g, eps = 1e-7, 1e-8\n',
                                             '    # YOUR CODE HERE\n', '    raise NotImplementedError()\n'], "<lesson>")
    assert not more_than_the_stub(namespace["given"])
    linecache.cache["<lesson>"] = (0, None, ['def given():\n', '    """Doc."""\n', '    g, eps = 1e-7, 1e-8\n',
                                             '    # YOUR CODE HERE\n', '    answer = g / eps\n',
                                             '    raise NotImplementedError()\n'], "<lesson>")
    exec(compile("".join(linecache.cache["<lesson>"][2]), "<lesson>", "exec"), namespace)
    assert more_than_the_stub(namespace["given"])   # an answer written below the marker counts


def test_a_reason_printed_for_one_answer_does_not_silence_the_next_check(capsys):
    """answer_of prints why a prediction function holds no answer and keeps that reason for the check
    reading its value; a later, unrelated check must still say its own "not done yet"."""
    from adamlib.checks import answer_of
    from adamlib.checks.welcome_reasoning import check_loss_after_one_step

    def predicted():
        guess = 3
        raise NotImplementedError()
        return guess

    answer_of(predicted)              # prints "predicted() still raises ...", keeps the reason
    capsys.readouterr()

    def loss_after_one_step():
        # YOUR CODE HERE
        raise NotImplementedError()

    check_loss_after_one_step(loss_after_one_step)
    assert "not done yet" in capsys.readouterr().out
