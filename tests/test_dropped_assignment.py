"""A check cell that lost its `name = ` still keeps its promise: the lesson goes on with the reference.

Run in a real kernel namespace (``__main__``), as a notebook cell runs: the student's broken
function must not survive under its name after a failed check, and a passing one must.
"""
import numpy as np

from adamlib import steps
from adamlib.checks import check_adagrad_step, check_sgd_step


def run_as_notebook(source):
    namespace = {"__name__": "__main__", "np": np}
    exec(compile(source, "<cell>", "exec"), namespace)
    return namespace


def test_a_failed_check_without_its_assignment_still_hands_the_lesson_the_reference(capsys):
    ns = run_as_notebook(
        "from adamlib.checks import check_sgd_step\n"
        "def sgd_step(theta, grad, lr):\n"
        "    return theta + lr * grad        # the sign slip\n"
        "also = sgd_step\n"
        "check_sgd_step(sgd_step)            # the `sgd_step = ` dropped\n")
    assert ns["sgd_step"] is steps.sgd_step and ns["also"] is steps.sgd_step
    assert "uses adamlib's reference sgd_step" in capsys.readouterr().out


def test_a_passing_function_keeps_its_name():
    ns = run_as_notebook(
        "from adamlib.checks import check_sgd_step\n"
        "def sgd_step(theta, grad, lr):\n"
        "    return theta - lr * grad\n"
        "mine = sgd_step\n"
        "check_sgd_step(sgd_step)\n")
    assert ns["sgd_step"] is ns["mine"] and ns["sgd_step"] is not steps.sgd_step


def test_a_module_namespace_is_never_touched():
    def adagrad_step(theta, grad, sum_sq, lr, eps=1e-10):   # a test module's own function: left alone
        raise NotImplementedError()
    assert check_adagrad_step(adagrad_step) is steps.adagrad_step
    assert check_sgd_step is globals()["check_sgd_step"]
