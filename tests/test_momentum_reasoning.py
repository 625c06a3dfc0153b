"""Lesson 02's new exercises: heavy ball's best (lr, momentum) and nesterov_step."""
import math

import numpy as np
import pytest

from adamlib import optim
from adamlib.checks.engine import reset_attempts
from adamlib.checks.momentum_reasoning import check_lr_star, check_momentum_star, check_nesterov_step
from adamlib.steps import nesterov_step

# Derived by hand for mu = 0.02, L = 1: sqrt(kappa) = sqrt(50).
ROOT = math.sqrt(50)
LR_STAR = 4 / (1 + math.sqrt(0.02)) ** 2
MOMENTUM_STAR = ((ROOT - 1) / (ROOT + 1)) ** 2


@pytest.fixture(autouse=True)
def fresh():
    reset_attempts()


def said(check, answer, capsys, **kw):
    result = check(answer, **kw)
    return " ".join(capsys.readouterr().out.split()), result


def test_right_answers_pass(capsys):
    assert "correct. Well done!" in said(check_lr_star, lambda: LR_STAR, capsys)[0]
    assert "correct. Well done!" in said(check_lr_star, lambda: 3.07, capsys)[0]
    assert "correct. Well done!" in said(check_momentum_star, lambda: MOMENTUM_STAR, capsys)[0]
    assert "correct. Well done!" in said(check_momentum_star, lambda: np.float64(0.5658), capsys)[0]


@pytest.mark.parametrize("value, named", [(2 / 1.02, "gradient descent's rate-optimal lr"), (1.0, "one step"),
                                          (2.0, "stability limit"), (4 / 1.02, "before taking square roots")])
def test_lr_star_mistakes_are_named(value, named, capsys):
    out = said(check_lr_star, lambda: value, capsys)[0]
    assert "not quite" in out and named in out


@pytest.mark.parametrize("value, named", [((ROOT - 1) / (ROOT + 1), "RATE"), (49 / 51, "gradient descent's rate"),
                                          (0.9, "default"), ((49 / 51) ** 2, "square ROOT")])
def test_momentum_star_mistakes_are_named(value, named, capsys):
    out = said(check_momentum_star, lambda: value, capsys)[0]
    assert "not quite" in out and named in out


def test_reference_matches_torch_semantics_of_adamlib_sgd():
    rng = np.random.default_rng(0)
    theta, opt = rng.normal(size=3), optim.SGD(lr=0.1, momentum=0.9, nesterov=True)
    state, p, buf = opt.init(theta), theta.copy(), np.zeros(3)
    for _ in range(4):
        g = rng.normal(size=3)
        theta, state = opt.step(theta, g, state)
        p, buf = nesterov_step(p, g, buf, 0.1, 0.9)
    np.testing.assert_allclose(p, theta, rtol=0, atol=1e-14)


def _nesterov_loop(theta, grad, buf, lr, momentum):   # unusual but right: element by element
    buf_new, theta_new = np.empty_like(buf), np.empty_like(theta)
    for i in np.ndindex(theta.shape):
        buf_new[i] = momentum * buf[i] + grad[i]
        theta_new[i] = theta[i] - lr * grad[i] - lr * momentum * buf_new[i]
    return theta_new, buf_new


def _nesterov_expanded(theta, grad, buf, lr, momentum):  # unusual but right: beta^2 b + (1 + beta) g
    return theta - lr * (np.power(momentum, 2) * buf + (1 + momentum) * grad), momentum * buf + grad


@pytest.mark.parametrize("fn", [_nesterov_loop, _nesterov_expanded])
def test_unusual_right_answers_pass(fn, capsys):
    out, used = said(check_nesterov_step, fn, capsys)
    assert "correct on" in out and used is fn


def _heavy_ball(theta, grad, buf, lr, momentum):
    buf = momentum * buf + grad
    return theta - lr * buf, buf


def _old_buffer(theta, grad, buf, lr, momentum):  # the look-ahead with the OLD buffer IS heavy ball
    step = lr * (grad + momentum * buf)
    return theta - step, momentum * buf + grad


def _missing_beta(theta, grad, buf, lr, momentum):
    b = [momentum * o + g for o, g in zip(buf.ravel(), grad.ravel())]
    b = np.array(b).reshape(buf.shape)
    return theta - lr * (grad + b), b


def _ema(theta, grad, buf, lr, momentum):
    buf = momentum * buf + (1 - momentum) * grad
    return theta - lr * (grad + momentum * buf), buf


def _sutskever(theta, grad, buf, lr, momentum):
    v = momentum * buf - lr * grad
    return theta + v, v


def _swapped(theta, grad, buf, lr, momentum):
    b = momentum * buf + grad
    return b, theta - lr * (grad + momentum * b)


def _in_place(theta, grad, buf, lr, momentum):
    buf *= momentum
    buf += grad
    return theta - lr * (grad + momentum * buf), buf


@pytest.mark.parametrize("fn, named", [
    (_heavy_ball, "plain heavy-ball step"), (_old_buffer, "OLD buffer"), (_missing_beta, "lacks its factor"),
    (_ema, "moving average"), (_sutskever, "Sutskever"), (_swapped, "wrong order"), (_in_place, "in place"),
])
def test_classic_mistakes_are_named_and_the_reference_is_used(fn, named, capsys):
    out, used = said(check_nesterov_step, fn, capsys)
    assert named in out and "Well done" not in out
    assert used is nesterov_step


def test_a_rerun_check_does_not_grade_the_reference(capsys):
    out, _ = said(check_nesterov_step, nesterov_step, capsys)
    assert "not yours" in out and "Well done" not in out


# No later cell may rebind the name a check was given: re-running that check cell after a wrong answer
# would then grade the lesson's own value and print "correct" (review 2026-12-07, 02-M4).

def _code_cells(source):
    import re
    return re.findall(r"```\{code-cell\}\n(?::[^\n]*\n)*\n?(.*?)```", source, re.S)


def _assigned_names(code):
    import ast
    names = set()
    for node in ast.walk(ast.parse(code)):
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For)) else [])
        for target in targets:
            names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.col_offset == 0:
            names.add(node.name)
    return names


@pytest.mark.parametrize("chapter", ["00_welcome", "01_sgd", "02_momentum"])
def test_no_later_cell_rebinds_a_checked_answer(chapter):
    import ast
    from pathlib import Path
    source = (Path(__file__).resolve().parents[1] / "solutions" / "src" / f"{chapter}.md").read_text()
    cells = _code_cells(source)
    checked = {}   # name -> index of the cell that checks it
    for index, code in enumerate(cells):
        for node in ast.walk(ast.parse(code)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id.startswith("check_") and node.func.id != "check_prediction"
                    and node.args and isinstance(node.args[0], ast.Name)):
                checked.setdefault(node.args[0].id, index)
    assert checked, "no checks found: the cell parser is broken"
    for name, at in checked.items():
        for index, code in enumerate(cells[at + 1:], start=at + 1):
            rebinds = name in _assigned_names(code) and f"{name} = check_{name}({name})" not in code
            assert not rebinds, f"{chapter}: cell {index} rebinds {name!r}, checked in cell {at}"


def test_the_shadowing_test_catches_the_old_lesson_02():
    code = "lr_star, momentum_star, rate_star = theory.heavy_ball_optimal(1.0, 0.02)"
    assert {"lr_star", "momentum_star"} <= _assigned_names(code)
