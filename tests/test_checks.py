"""adamlib.checks: every check_<exercise> gives the right verdict and returns the right function.

The "students" below are written here independently of adamlib/checks (as a student would write
the mistake), so a check that names a mistake does so because the student's numbers match it.
The re-run false pass comes first: it is the rule a check must never break.
"""
import functools

import numpy as np
import pytest

from adamlib import checks, optim, steps
from adamlib.checks import answers, engine, reporting
from adamlib.checks.messages import WIDTH

GRADING = engine.GRADING_VARIABLE


# --- students ------------------------------------------------------------------------------------
# For each exercise: a correct answer that changes an input in place, answers with classic
# mistakes (with the words the verdict must contain), and an answer that crashes.

def mse_inplace(w, b, x, y):
    e = w * x + b - y
    out = np.mean(2 * e * x), np.mean(2 * e)
    x -= 1.0
    return out


def mse_half(w, b, x, y):
    return np.mean((w * x + b - y) * x), np.mean(w * x + b - y)


def mse_y_minus_pred(w, b, x, y):
    return np.mean(2 * (y - (w * x + b)) * x), np.mean(2 * (y - (w * x + b)))


def mse_sum(w, b, x, y):
    return np.sum(2 * (w * x + b - y) * x), np.sum(2 * (w * x + b - y))


def mse_swapped(w, b, x, y):
    return np.mean(2 * (w * x + b - y)), np.mean(2 * (w * x + b - y) * x)


def sgd_inplace(theta, grad, lr):
    theta -= lr * grad
    return theta


def sgd_plus(theta, grad, lr):
    return theta + lr * grad


def sgd_no_lr(theta, grad, lr):
    return theta - grad


def sgd_update_only(theta, grad, lr):
    return -lr * grad


def ema_inplace(xs, beta):
    m = 0.0
    for k in range(len(xs)):
        m = beta * m + (1 - beta) * xs[k]
        xs[k] = m
    return xs.copy()


def ema_swapped(xs, beta):
    out, m = np.zeros(len(xs)), 0.0
    for k, x in enumerate(xs):
        m = (1 - beta) * m + beta * x
        out[k] = m
    return out


def ema_from_first(xs, beta):
    out = np.zeros(len(xs))
    m = xs[0]
    out[0] = m
    for k in range(1, len(xs)):
        m = beta * m + (1 - beta) * xs[k]
        out[k] = m
    return out


def ema_corrected(xs, beta):
    out, m = np.zeros(len(xs)), 0.0
    for k, x in enumerate(xs):
        m = beta * m + (1 - beta) * x
        out[k] = m / (1 - beta ** (k + 1))
    return out


def momentum_inplace(theta, grad, buf, lr, momentum):
    buf *= momentum
    buf += grad
    return theta - lr * buf, buf


def momentum_ema(theta, grad, buf, lr, momentum):
    buf = momentum * buf + (1 - momentum) * grad
    return theta - lr * buf, buf


def momentum_old_buf(theta, grad, buf, lr, momentum):
    theta = theta - lr * buf
    buf = momentum * buf + grad
    return theta, buf


def momentum_plus(theta, grad, buf, lr, momentum):
    buf = momentum * buf + grad
    return theta + lr * buf, buf


def adagrad_inplace(theta, grad, sum_sq, lr, eps=1e-10):
    sum_sq += grad * grad
    return theta - lr * grad / (np.sqrt(sum_sq) + eps), sum_sq


def adagrad_eps_inside(theta, grad, sum_sq, lr, eps=1e-10):
    s = sum_sq + grad**2
    return theta - lr * grad / np.sqrt(s + eps), s


def adagrad_not_squared(theta, grad, sum_sq, lr, eps=1e-10):
    s = sum_sq + grad
    return theta - lr * grad / (np.sqrt(s) + eps), s


def adagrad_no_sum(theta, grad, sum_sq, lr, eps=1e-10):
    s = grad * grad
    return theta - lr * grad / (np.sqrt(s) + eps), s


def rmsprop_inplace(theta, grad, sq_avg, lr, alpha=0.99, eps=1e-8):
    sq_avg[:] = alpha * sq_avg + (1 - alpha) * grad**2
    return theta - lr * grad / (np.sqrt(sq_avg) + eps), sq_avg.copy()


def rmsprop_swapped(theta, grad, sq_avg, lr, alpha=0.99, eps=1e-8):
    v = (1 - alpha) * sq_avg + alpha * grad**2
    return theta - lr * grad / (np.sqrt(v) + eps), v


def rmsprop_eps_inside(theta, grad, sq_avg, lr, alpha=0.99, eps=1e-8):
    v = alpha * sq_avg + (1 - alpha) * grad**2
    return theta - lr * grad / np.sqrt(v + eps), v


def rmsprop_corrected(theta, grad, sq_avg, lr, alpha=0.99, eps=1e-8):
    v = alpha * sq_avg + (1 - alpha) * grad**2
    v_hat = v / (1 - alpha)
    return theta - lr * grad / (np.sqrt(v_hat) + eps), v


def rmsprop_old_v(theta, grad, sq_avg, lr, alpha=0.99, eps=1e-8):
    step = lr * grad / (np.sqrt(sq_avg) + eps)
    return theta - step, alpha * sq_avg + (1 - alpha) * grad**2


def adam_inplace(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m *= beta1
    m += (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad * grad
    update = lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
    return theta - update, m.copy(), v


def adam_textbook(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, _t=None,
                  _eps_inside=False, _correct_m=True, _correct_v=True, _square=True, _sign=-1,
                  _swap1=False, _swap2=False, _eps_hat=False):
    """A student's Adam with switches for the classic mistakes (written independently of adamlib)."""
    t = t if _t is None else _t(t)
    m = (1 - beta1) * m + beta1 * grad if _swap1 else beta1 * m + (1 - beta1) * grad
    g2 = grad * grad if _square else grad
    v = (1 - beta2) * v + beta2 * g2 if _swap2 else beta2 * v + (1 - beta2) * g2
    if _eps_hat:
        alpha = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t)
        return theta + _sign * alpha * m / (np.sqrt(v) + eps), m, v
    m_hat = m / (1 - beta1**t) if _correct_m else m
    v_hat = v / (1 - beta2**t) if _correct_v else v
    denom = np.sqrt(v_hat + eps) if _eps_inside else np.sqrt(v_hat) + eps
    return theta + _sign * lr * m_hat / denom, m, v


def adam_with(**mistake):
    def adam_step(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        return adam_textbook(theta, grad, m, v, t, lr, beta1, beta2, eps, **mistake)
    return adam_step


def amsgrad_inplace(theta, grad, m, v, v_max, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    np.maximum(v_max, v, out=v_max)
    m_hat = m / (1 - beta1**t)
    return theta - lr * m_hat / (np.sqrt(v_max / (1 - beta2**t)) + eps), m, v, v_max.copy()


def amsgrad_optax(theta, grad, m, v, v_max, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    v_hat = v / (1 - beta2**t)
    v_max = np.maximum(v_max, v_hat)
    return theta - lr * (m / (1 - beta1**t)) / (np.sqrt(v_max) + eps), m, v, v_max


def amsgrad_plain_adam(theta, grad, m, v, v_max, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    theta, m, v = adam_textbook(theta, grad, m, v, t, lr, beta1, beta2, eps)
    return theta, m, v, v  # "v_max" is just v: the max was forgotten


def amsgrad_max_unused(theta, grad, m, v, v_max, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    v_max = np.maximum(v_max, v)
    return theta - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps), m, v, v_max


def amsgrad_old_v_max_returned(theta, grad, m, v, v_max, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    new_max = np.maximum(v_max, v)
    return theta - lr * (m / (1 - beta1**t)) / (np.sqrt(new_max / (1 - beta2**t)) + eps), m, v, v_max


def amsgrad_paper(theta, grad, m, v, v_max, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad                 # Reddi et al.'s Algorithm 2: no bias correction
    v = beta2 * v + (1 - beta2) * grad**2
    v_max = np.maximum(v_max, v)
    return theta - lr * m / (np.sqrt(v_max) + eps), m, v, v_max


def adamw_inplace(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2):
    theta *= 1 - lr * weight_decay
    return adam_textbook(theta, grad, m, v, t, lr, beta1, beta2, eps)


def adamw_l2(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2):
    return adam_textbook(theta, grad + weight_decay * theta, m, v, t, lr, beta1, beta2, eps)


def adamw_after(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2):
    theta, m, v = adam_textbook(theta, grad, m, v, t, lr, beta1, beta2, eps)
    return theta - lr * weight_decay * theta, m, v


def adamw_no_lr(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2):
    theta = theta - weight_decay * theta
    return adam_textbook(theta, grad, m, v, t, lr, beta1, beta2, eps)


def crashes(*args, **kwargs):
    return args[0] @ np.ones((7, 7))  # a shape error, as a student's typo would give


def not_done(*args, **kwargs):
    # YOUR CODE HERE
    raise NotImplementedError()


# exercise name -> (in-place but correct, [(classic mistake, words its verdict must contain)])
STUDENTS = {
    "mse_gradient": (mse_inplace, [
        (mse_half, ["factor 2"]),
        (mse_y_minus_pred, ["wrong way", "w * x + b - y"]),
        (mse_sum, ["summed", "np.mean"]),
        (mse_swapped, ["wrong order", "(db, dw)"]),
    ]),
    "sgd_step": (sgd_inplace, [
        (sgd_plus, ["uphill"]),
        (sgd_no_lr, ["learning rate is missing"]),
        (sgd_update_only, ["only the step"]),
    ]),
    "ema": (ema_inplace, [
        (ema_swapped, ["beta and 1 - beta are swapped"]),
        (ema_from_first, ["first value", "m = 0"]),
        (ema_corrected, ["bias-corrected"]),
    ]),
    "momentum_step": (momentum_inplace, [
        (momentum_ema, ["moving average", "momentum * buf + grad"]),
        (momentum_old_buf, ["OLD buffer"]),
        (momentum_plus, ["uphill"]),
    ]),
    "adagrad_step": (adagrad_inplace, [
        (adagrad_eps_inside, ["eps inside the square root"]),
        (adagrad_not_squared, ["gradient itself", "grad**2"]),
        (adagrad_no_sum, ["only this step"]),
    ]),
    "rmsprop_step": (rmsprop_inplace, [
        (rmsprop_swapped, ["alpha and 1 - alpha are swapped"]),
        (rmsprop_eps_inside, ["eps inside the square root"]),
        (rmsprop_corrected, ["no bias correction"]),
        (rmsprop_old_v, ["OLD average"]),
    ]),
    "adam_step": (adam_inplace, [
        (adam_with(_correct_m=False, _correct_v=False), ["left out the bias correction"]),
        (adam_with(_correct_v=False), ["bias-corrected m but not v"]),
        (adam_with(_correct_m=False), ["bias-corrected v but not m"]),
        (adam_with(_t=lambda t: t - 1), ["off by one", "t - 1"]),
        (adam_with(_t=lambda t: t + 1), ["off by one", "t + 1"]),
        (adam_with(_eps_inside=True), ["eps inside the square root"]),
        (adam_with(_swap1=True), ["in m, beta1 and 1 - beta1 are swapped"]),
        (adam_with(_swap2=True), ["in v, beta2 and 1 - beta2 are swapped"]),
        (adam_with(_sign=+1), ["uphill"]),
        (adam_with(_square=False), ["SQUARED gradient"]),
        (adam_with(_eps_hat=True), ["eps-hat", "torch"]),
    ]),
    "amsgrad_step": (amsgrad_inplace, [
        (amsgrad_optax, ["bias-corrected v_hat", "optax's version", "Algorithm 2 has no bias correction", "RAW v"]),
        (amsgrad_old_v_max_returned, ["returned the OLD v_max"]),
        (amsgrad_paper, ["left out the bias correction"]),   # Reddi's Algorithm 2: torch corrects both
        (amsgrad_plain_adam, ["plain Adam", "forgot the max"]),
        (amsgrad_max_unused, ["computed v_max_new but divided by v_new"]),
    ]),
    "adamw_step": (adamw_inplace, [
        (adamw_l2, ["L2 penalty"]),
        (adamw_after, ["AFTER the Adam step"]),
        (adamw_no_lr, ["scaled by the learning rate"]),
    ]),
}
NAMES = list(STUDENTS)
FALLBACK = "The rest of this lesson uses adamlib's reference {} until yours passes."


def check_of(name):
    return getattr(checks, f"check_{name}")


def run(name, fn, capsys, **options):
    """Run the check; return (returned function, the printed text as one line of words).

    Asserts the form every verdict has: printed on stdout only, the first line starts with the
    exercise's name, every line fits in WIDTH columns.
    """
    returned = check_of(name)(fn, **options)
    out, err = capsys.readouterr()
    assert err == "" and out.endswith("\n"), out
    lines = out.rstrip("\n").split("\n")
    assert lines[0].startswith(name), out
    assert all(len(line) <= WIDTH for line in lines), out
    return returned, " ".join(line.strip() for line in lines)


@pytest.fixture(autouse=True)
def not_grading(monkeypatch):
    monkeypatch.delenv(GRADING, raising=False)
    engine.reset_attempts()


# --- 1. re-running a check cell never passes a wrong answer ----------------------------------------

@pytest.mark.parametrize("name", ["mse_gradient", "sgd_step", "ema", "momentum_step", "adagrad_step",
                                  "rmsprop_step", "adam_step", "amsgrad_step", "adamw_step"])
def test_rerunning_the_check_cell_does_not_pass_the_reference_it_handed_back(name, capsys, monkeypatch):
    wrong = STUDENTS[name][1][0][0]
    fn = check_of(name)(wrong)                  # `adam_step = check_adam_step(adam_step)`: it fails
    assert fn is getattr(steps, name)
    capsys.readouterr()
    returned, text = run(name, fn, capsys)      # the check cell again, without the definition above
    assert "correct" not in text and "Well done" not in text
    assert f"Run the cell with your {name} first" in text
    assert returned is getattr(steps, name)
    monkeypatch.setenv(GRADING, "1")            # graded: a failure, with the same words
    with pytest.raises(AssertionError, match=f"Run the cell with your {name}"):
        check_of(name)(fn)


def _thin_wrappers(name):
    reference = getattr(steps, name)
    from adamlib.steps import adam_step as imported_alias  # noqa: F401  (a student's import)

    def delegate(*args, **kwargs):
        return reference(*args, **kwargs)

    @functools.wraps(reference)
    def wrapped(*args, **kwargs):
        return reference(*args, **kwargs)

    return [delegate, wrapped, lambda *args, **kwargs: getattr(steps, name)(*args, **kwargs)]


@pytest.mark.parametrize("name", NAMES)
def test_a_function_that_only_calls_the_reference_is_refused(name, capsys, monkeypatch):
    for student in _thin_wrappers(name):
        returned, text = run(name, student, capsys)
        assert returned is getattr(steps, name)
        assert ("calls adamlib's own reference" in text or "this is adamlib's reference" in text)
        assert "Well done" not in text and "correct" not in text
    monkeypatch.setenv(GRADING, "1")
    with pytest.raises(AssertionError, match="own reference"):
        check_of(name)(_thin_wrappers(name)[0])


def test_an_adam_step_built_on_adamlib_optim_is_refused_too(capsys):
    def adam_step(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        opt = optim.Adam(lr=lr, betas=(beta1, beta2), eps=eps)
        new, state = opt.step(theta, grad, {"step": t - 1, "m": m, "v": v})
        return new, state["m"], state["v"]

    _, text = run("adam_step", adam_step, capsys)
    assert "calls adamlib's own reference" in text


def test_every_exercise_in_steps_has_a_check_and_students_here():
    assert set(NAMES) == {"mse_gradient", "sgd_step", "ema", "momentum_step", "adagrad_step",
                          "rmsprop_step", "adam_step", "amsgrad_step", "adamw_step"}
    for name in NAMES:
        assert check_of(name).exercise.reference is getattr(steps, name)


# Correct answers written differently from adamlib.steps: round-off must not fail them.

def mse_dot(w, b, x, y):
    e = (w * x + b - y).ravel()
    return 2 * np.dot(e, x.ravel()) / e.size, 2 * e.sum() / e.size


def ema_double_sum(xs, beta):
    return np.array([sum((1 - beta) * beta ** (k - j) * xs[j] for j in range(k + 1))
                     for k in range(len(xs))])


def momentum_reordered(theta, grad, buf, lr, momentum):
    buf = grad + momentum * buf
    return theta + (-lr) * buf, buf


def adagrad_reordered(theta, grad, sum_sq, lr, eps=1e-10):
    s = sum_sq + grad * grad
    return theta - (lr / (np.sqrt(s) + eps)) * grad, s


def rmsprop_lerp(theta, grad, sq_avg, lr, alpha=0.99, eps=1e-8):
    v = sq_avg + (1 - alpha) * (grad**2 - sq_avg)
    return theta - lr * grad / (v**0.5 + eps), v


def adam_torch_form(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = m + (1 - beta1) * (grad - m)  # torch's lerp
    v = beta2 * v + (1 - beta2) * grad * grad
    denom = np.sqrt(v) / np.sqrt(1 - beta2**t) + eps
    return theta - lr / (1 - beta1**t) * m / denom, m, v


def amsgrad_torch_form(theta, grad, m, v, v_max, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = m + (1 - beta1) * (grad - m)
    v = beta2 * v + (1 - beta2) * grad * grad
    v_max = np.maximum(v, v_max)
    denom = np.sqrt(v_max) / np.sqrt(1 - beta2**t) + eps
    return theta - lr / (1 - beta1**t) * m / denom, m, v, v_max


def adamw_torch_form(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2):
    theta = theta - lr * weight_decay * theta
    return adam_torch_form(theta, grad, m, v, t, lr, beta1, beta2, eps)


ALSO_CORRECT = {
    "mse_gradient": mse_dot,
    "sgd_step": lambda theta, grad, lr: theta + (-lr) * grad,
    "ema": ema_double_sum,
    "momentum_step": momentum_reordered,
    "adagrad_step": adagrad_reordered,
    "rmsprop_step": rmsprop_lerp,
    "adam_step": adam_torch_form,
    "amsgrad_step": amsgrad_torch_form,
    "adamw_step": adamw_torch_form,
}


@pytest.mark.parametrize("name", NAMES)
def test_a_correct_answer_written_differently_passes_and_is_returned(name, capsys):
    student = ALSO_CORRECT[name]
    returned, line = run(name, student, capsys)
    assert returned is student
    n = len(check_of(name).exercise.cases())
    assert line == f"{name}: correct on {n} test cases. Well done!"


@pytest.mark.parametrize("name", NAMES)
def test_not_done_yet_is_friendly_and_returns_the_reference(name, capsys):
    returned, line = run(name, not_done, capsys)
    assert returned is getattr(steps, name)
    assert line == (f"{name}: not done yet — fill in the cell above and run this check again. "
                    "The lesson continues with adamlib's reference implementation.")


@pytest.mark.parametrize("name", NAMES)
def test_grading_an_untouched_exercise_raises_the_friendly_line_without_a_traceback_chain(
        name, capsys, monkeypatch):
    monkeypatch.setenv(GRADING, "1")
    with pytest.raises(AssertionError) as raised:
        check_of(name)(not_done)
    error = raised.value
    assert str(error).startswith(f"{name}: not done yet")
    assert error.__cause__ is None and error.__context__ is None  # no NotImplementedError shown
    assert "Traceback" not in str(error)


@pytest.mark.parametrize("name,student,words", [
    (name, student, words) for name in NAMES for student, words in STUDENTS[name][1]
], ids=[f"{name}-{student.__name__}-{i}" for name in NAMES
        for i, (student, _) in enumerate(STUDENTS[name][1])])
def test_classic_mistake_is_named(name, student, words, capsys):
    returned, line = run(name, student, capsys, hint=True)  # the words may be in the fix
    assert returned is getattr(steps, name)
    assert line.startswith(f"{name}: not quite")
    for word in words:
        assert word in line, f"{word!r} not in: {line}"
    assert line.endswith(FALLBACK.format(name))


@pytest.mark.parametrize("name", NAMES)
def test_changing_an_input_in_place_is_caught(name, capsys):
    returned, line = run(name, STUDENTS[name][0], capsys)
    assert returned is getattr(steps, name)
    assert "in place" in line and "return new arrays instead" in line
    assert line.endswith(FALLBACK.format(name))


def test_in_place_message_names_the_argument(capsys):
    _, line = run("adam_step", adam_inplace, capsys)
    assert line.startswith("adam_step: you changed `m` in place (e.g. with `m *= ...`, `m -= ...` or "
                           "`m[:] = ...`)")


@pytest.mark.parametrize("name", NAMES)
def test_an_exception_is_reported_not_raised(name, capsys):
    returned, line = run(name, crashes, capsys)
    assert returned is getattr(steps, name)
    assert line.startswith(f"{name}: your function raised ValueError: ")
    assert "the test with" in line and line.endswith(FALLBACK.format(name))


@pytest.mark.parametrize("name", NAMES)
def test_grading_mode_raises_on_failure_with_the_printed_message(name, capsys, monkeypatch):
    monkeypatch.setenv(GRADING, "1")
    for student in (not_done, STUDENTS[name][1][0][0], crashes):
        with pytest.raises(AssertionError) as raised:
            check_of(name)(student)
        out, _ = capsys.readouterr()
        assert str(raised.value) == out.rstrip("\n")
        assert raised.value.__cause__ is None and raised.value.__suppress_context__


@pytest.mark.parametrize("name", NAMES)
def test_grading_mode_passes_silently(name, capsys, monkeypatch):
    monkeypatch.setenv(GRADING, "1")
    student = ALSO_CORRECT[name]
    returned, line = run(name, student, capsys)
    assert returned is student and line.endswith("Well done!")


def test_grading_needs_exactly_1(capsys, monkeypatch):
    monkeypatch.setenv(GRADING, "0")
    returned, _ = run("sgd_step", sgd_plus, capsys)  # prints, does not raise
    assert returned is steps.sgd_step


# --- the form of what the student returns ---------------------------------------------------------

@pytest.mark.parametrize("student,words", [
    (lambda theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8: None, ["returned None", "`return`"]),
    (lambda theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8: (theta, m), ["a tuple of 2 values", "must return 3"]),
    (lambda theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8: theta, ["an array of shape", "must return 3"]),
    (lambda theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8: (list(theta), m, v), ["a list", "NumPy array"]),
    (lambda theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8: (np.sum(theta), m, v), ["a single number for theta_new", "like the input", "np.sum"]),
    (lambda theta, grad, m, v, t: (theta, m, v), ["no parameter named `lr`",
                                                  "adam_step(theta, grad, m, v, t, lr=0.001"]),
], ids=["none", "two-values", "one-array", "list", "summed", "signature"])
def test_wrong_form_of_output_is_explained(student, words, capsys):
    returned, line = run("adam_step", student, capsys)
    assert returned is steps.adam_step
    for word in words:
        assert word in line, line


def test_single_output_returned_as_a_tuple_is_explained(capsys):
    _, line = run("sgd_step", lambda theta, grad, lr: (theta - lr * grad,), capsys)
    assert "must return just one array" in line


def test_mse_gradient_returning_arrays_instead_of_numbers_is_explained(capsys):
    _, line = run("mse_gradient", lambda w, b, x, y: (2 * (w * x + b - y) * x, 2 * (w * x + b - y)),
                  capsys)
    assert "single number" in line and "mean" in line


def test_mse_gradient_written_as_a_loop_over_the_points_is_correct(capsys):
    # The docstring promises 1-D data, so a beginner's loop over zip(x, y) is right (a review found it
    # rejected on a 2-D test case the docstring never mentioned).
    def mse_gradient(w, b, x, y):
        dw = db = 0.0
        for xi, yi in zip(x, y):
            r = w * xi + b - yi
            dw += 2 * r * xi / len(x)
            db += 2 * r / len(x)
        return dw, db

    _, line = run("mse_gradient", mse_gradient, capsys)
    assert "correct" in line.lower() and "mean" not in line, line


def test_passing_the_result_instead_of_the_function_is_explained(capsys):
    returned, line = run("adam_step", (np.zeros(1), np.zeros(1), np.zeros(1)), capsys)
    assert returned is steps.adam_step
    assert "without calling it" in line


def test_an_unknown_mistake_says_where_it_first_differs(capsys):
    def adam_step(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        theta_new, m, v = adam_torch_form(theta, grad, m, v, t, lr, beta1, beta2, eps)
        return theta_new, m, v + 1e-3  # no classic mistake does this

    returned, line = run("adam_step", adam_step, capsys)
    assert returned is steps.adam_step
    case = check_of("adam_step").exercise.cases()[0]
    expected_v = steps.adam_step(*case.args.values())[2][0]
    assert (f"on {case.label}, v_new[0] should be {expected_v:.6g} but yours gives "
            f"{expected_v + 1e-3:.6g} (a difference of 0.001)") in line
    assert "step t=1" in line


def test_state_is_blamed_before_theta(capsys):
    # a wrong m makes theta wrong too; the message should point at m, the cause
    def momentum_step(theta, grad, buf, lr, momentum):
        buf = momentum * buf + 1.1 * grad
        return theta - lr * buf, buf

    _, line = run("momentum_step", momentum_step, capsys)
    assert "buf_new[0] should be" in line


def test_student_prints_and_warnings_do_not_reach_the_output(capsys):
    def adam_step(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        print("debug", t)
        np.sqrt(-np.ones(1))  # a RuntimeWarning, silenced
        return adam_torch_form(theta, grad, m, v, t, lr, beta1, beta2, eps)

    returned, line = run("adam_step", adam_step, capsys)
    assert returned is adam_step and "debug" not in line


def test_nan_answers_do_not_crash_the_checker(capsys):
    def rmsprop_step(theta, grad, sq_avg, lr, alpha=0.99, eps=1e-8):
        theta_new, sq_avg_new = rmsprop_lerp(theta, grad, sq_avg, lr, alpha, eps)
        return theta_new * np.nan, sq_avg_new

    _, line = run("rmsprop_step", rmsprop_step, capsys)
    assert "theta_new[0] should be" in line and "but yours gives nan" in line
    assert "square root of a negative number" in line


@pytest.mark.parametrize("name", NAMES)
def test_messages_are_stable_plain_text(name, capsys):
    lines = []
    for student in [getattr(steps, name), not_done, crashes, STUDENTS[name][0],
                    *[s for s, _ in STUDENTS[name][1]]]:
        engine.reset_attempts()
        first = run(name, student, capsys)[1]
        engine.reset_attempts()
        assert run(name, student, capsys)[1] == first  # the same text every run
        lines.append(first)
    for line in lines:
        for bad in ("np.float64", "array(", " at 0x", "<function", "Traceback"):
            assert bad not in line, line


# --- the engine's own consistency -------------------------------------------------------------------

def with_any_value(mutant):
    """The mutant, with a made-up value for outputs it leaves open (None): what a student returns there."""
    def student(*args, **kwargs):
        out = mutant(*args, **kwargs)
        if not isinstance(out, tuple):
            return out
        return tuple(np.zeros_like(args[0]) + 123.0 if o is None else o for o in out)
    return student


@pytest.mark.parametrize("name", NAMES)
def test_every_mutant_is_named_as_itself(name):
    """Mutants differ from the reference and from each earlier mutant on the cases: none is shadowed."""
    ex = check_of(name).exercise
    for mistake in map(engine.as_mistake, ex.mistakes):
        verdict = engine.verdict(ex, with_any_value(mistake.mutant))
        assert verdict.kind == "mistake", (mistake.what, verdict)
        assert verdict.message.endswith(mistake.what) and verdict.fix == mistake.fix, (mistake.what, verdict)


@pytest.mark.parametrize("name", NAMES)
def test_cases_cover_shapes_scales_and_consecutive_steps(name):
    cases = check_of(name).exercise.cases()
    shapes = {np.shape(a) for case in cases for a in case.args.values() if isinstance(a, np.ndarray)}
    assert any(s == (1,) for s in shapes)
    if name not in ("ema", "mse_gradient"):  # these take 1-D sequences; their cases vary length and scale
        assert any(len(s) == 2 for s in shapes)
    sizes = [np.max(np.abs(a)) for case in cases for key, a in case.args.items()
             if key in ("grad", "xs", "x")]
    assert min(sizes) < 1e-2 and max(sizes) > 1e2
    if "t" in cases[0].args:
        assert [c.args["t"] for c in cases[:3]] == [1, 2, 3]


def test_first_difference_is_tight_but_tolerates_round_off():
    a = np.array([1.0, 2.0, 3.0])
    assert engine.first_difference(a, a * (1 + 1e-14)) is None
    index, e, g = engine.first_difference(a, a + np.array([0, 1e-6, 0]))
    assert index == (1,) and e == 2.0
    assert engine.first_difference(np.array([np.nan, np.inf]), np.array([np.nan, np.inf])) is None


def test_a_broken_checker_still_does_not_raise(capsys):
    broken = engine.Exercise(name="f", reference=lambda x: x, outputs=("y",),
                             cases=lambda: 1 / 0)
    returned = engine.check(broken, lambda x: x)
    out, _ = capsys.readouterr()
    assert returned is broken.reference and "checker itself failed" in out


def test_the_check_hints_compute_what_they_say():
    """The hand-worked examples printed in debug hints are right."""
    one, half, zero = np.array([1.0]), np.array([0.5]), np.zeros(1)
    assert steps.mse_gradient(0.0, 0.0, np.array([1.0, 2.0]), np.array([1.0, 2.0])) == (-5.0, -3.0)
    np.testing.assert_allclose(steps.sgd_step(one, half, 0.1), [0.95])
    np.testing.assert_allclose(steps.ema(np.array([1.0, 1.0]), 0.5), [0.5, 0.75])
    np.testing.assert_allclose(steps.momentum_step(one, half, np.array([0.2]), 0.1, 0.9), [[0.932], [0.68]])
    np.testing.assert_allclose(steps.adagrad_step(one, half, zero, 0.1), [[0.9], [0.25]])
    np.testing.assert_allclose(steps.rmsprop_step(one, half, one, 0.01), [[0.994981], [0.9925]], rtol=1e-6)
    np.testing.assert_allclose(steps.adam_step(one, half, zero, zero, 1), [[0.999], [0.05], [0.00025]])
    np.testing.assert_allclose(steps.amsgrad_step(one, half, zero, zero, one, 1)[0], [0.999984], rtol=1e-6)
    np.testing.assert_allclose(steps.amsgrad_step(one, half, zero, zero, one, 1)[3], [1.0])
    np.testing.assert_allclose(steps.adamw_step(one, half, zero, zero, 1, lr=0.1, weight_decay=0.5)[0], [0.85])


@pytest.mark.parametrize("student,words", [
    (lambda theta, grad, lr: np.array(["a"] * theta.size).reshape(theta.shape), ["str32 values", "real numbers"]),
    (lambda theta, grad, lr: theta - lr * grad + 0j, ["complex128 values"]),
    (lambda theta, grad, lr: (theta - lr * grad).astype(np.float32), ["float32 values", "float64"]),
], ids=["strings", "complex", "float32"])
def test_arrays_of_the_wrong_kind_of_number_are_explained(student, words, capsys):
    returned, line = run("sgd_step", student, capsys)
    assert returned is steps.sgd_step
    for word in words:
        assert word in line, line


@pytest.mark.parametrize("name,numbers", [
    ("mse_gradient", ["dw = -5, db = -3"]), ("sgd_step", ["0.95"]), ("ema", ["[0.5, 0.75]"]),
    ("momentum_step", ["0.932", "0.68"]), ("adagrad_step", ["0.9", "0.25"]),
    ("rmsprop_step", ["0.994981", "0.9925"]), ("adam_step", ["0.999", "0.05", "0.00025"]),
    ("amsgrad_step", ["0.999984"]), ("adamw_step", ["0.85"]),
])
def test_hints_quote_the_hand_worked_numbers_checked_above(name, numbers):
    hint = check_of(name).exercise.debug_hint
    for number in numbers:
        assert number in hint


# --- section 2 rules: each with answers written the way students write them ---------------------

def by_element(fn):
    """Apply a per-number step to every element with a Python loop, as many students do."""
    def step(*args, **kwargs):
        arrays = [a for a in args if isinstance(a, np.ndarray)]
        shape = arrays[0].shape
        outs = []
        for k in range(arrays[0].size):
            scalars = [a.reshape(-1)[k] if isinstance(a, np.ndarray) else a for a in args]
            outs.append(fn(*scalars, **kwargs))
        results = list(zip(*outs)) if isinstance(outs[0], tuple) else [outs]
        arrays_out = [np.array(column, dtype=float).reshape(shape) for column in results]
        return tuple(arrays_out) if isinstance(outs[0], tuple) else arrays_out[0]
    return step


# Outputs in the wrong order, for every exercise with several outputs.

def mse_list_swapped(w, b, x, y):
    e = w * x + b - y
    return [np.mean(2 * e), np.mean(2 * e * x)]


def momentum_buf_first(theta, grad, buf, lr, momentum):
    buf_new = momentum * buf + grad
    return buf_new, theta - lr * buf_new


def adagrad_power_swapped(theta, grad, sum_sq, lr, eps=1e-10):
    s = sum_sq + np.power(grad, 2)
    return [s, theta - lr * grad / (np.sqrt(s) + eps)]


def rmsprop_v_first(theta, grad, sq_avg, lr, alpha=0.99, eps=1e-8):
    v = alpha * sq_avg + (1 - alpha) * grad * grad
    return v, theta - lr * grad / (v ** 0.5 + eps)


def adam_theta_v_m(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    theta, m, v = adam_textbook(theta, grad, m, v, t, lr, beta1, beta2, eps)
    return theta, v, m


def amsgrad_vmax_before_v(theta, grad, m, v, v_max, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    theta, m, v, v_max = amsgrad_torch_form(theta, grad, m, v, v_max, t, lr, beta1, beta2, eps)
    return theta, m, v_max, v


def adamw_state_first(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2):
    theta, m, v = adamw_torch_form(theta, grad, m, v, t, lr, beta1, beta2, eps, weight_decay)
    return m, v, theta


@pytest.mark.parametrize("name,student,order", [
    ("mse_gradient", mse_list_swapped, "(db, dw)"),
    ("momentum_step", momentum_buf_first, "(buf_new, theta_new)"),
    ("adagrad_step", adagrad_power_swapped, "(sum_sq_new, theta_new)"),
    ("rmsprop_step", rmsprop_v_first, "(sq_avg_new, theta_new)"),
    ("adam_step", adam_theta_v_m, "(theta_new, v_new, m_new)"),
    ("amsgrad_step", amsgrad_vmax_before_v, "(theta_new, m_new, v_max_new, v_new)"),
    ("adamw_step", adamw_state_first, "(m_new, v_new, theta_new)"),
], ids=lambda v: v if isinstance(v, str) and not v.startswith("(") else None)
def test_outputs_in_the_wrong_order_are_named(name, student, order, capsys):
    returned, text = run(name, student, capsys)
    assert returned is getattr(steps, name)
    assert "wrong order" in text and order in text and "values themselves are right" in text
    outputs = ", ".join(check_of(name).exercise.outputs)
    assert f"`return {outputs}`" in text  # how to fix the order is said at once


def test_wrong_order_and_a_mistake_are_both_named(capsys):
    def adam_step(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        theta, m, v = adam_textbook(theta, grad, m, v, t, lr, beta1, beta2, eps, _eps_inside=True)
        return theta, v, m

    _, text = run("adam_step", adam_step, capsys)
    assert "wrong order" in text and "eps inside the square root" in text


# abs(g) where g**2 belongs.

def adagrad_abs_loop(theta, grad, sum_sq, lr, eps=1e-10):
    s = sum_sq.copy()
    for i in range(s.size):
        s.flat[i] = s.flat[i] + abs(grad.flat[i])
    return theta - lr * grad / (np.sqrt(s) + eps), s


def adagrad_abs_in_place(theta, grad, sum_sq, lr, eps=1e-10):
    s = sum_sq.copy()
    s += np.abs(grad)
    return theta - lr * grad / (np.sqrt(s) + eps), s


def rmsprop_abs(theta, grad, sq_avg, lr, alpha=0.99, eps=1e-8):
    v = alpha * sq_avg + (1 - alpha) * np.abs(grad)
    return theta - lr * grad / (np.sqrt(v) + eps), v


def adam_sqrt_of_square(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * np.sqrt(grad**2)    # |g|, written the long way
    return theta - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps), m, v


def amsgrad_abs(theta, grad, m, v, v_max, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * abs(grad)
    v_max = np.maximum(v_max, v)
    return theta - lr * m / (1 - beta1**t) / (np.sqrt(v_max / (1 - beta2**t)) + eps), m, v, v_max


def adamw_abs(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2):
    theta = theta * (1 - lr * weight_decay)
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * np.absolute(grad)
    return theta - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps), m, v


@pytest.mark.parametrize("name,student", [
    ("adagrad_step", adagrad_abs_loop), ("adagrad_step", adagrad_abs_in_place),
    ("rmsprop_step", rmsprop_abs), ("adam_step", adam_sqrt_of_square),
    ("amsgrad_step", amsgrad_abs), ("adamw_step", adamw_abs),
], ids=lambda v: v if isinstance(v, str) else None)
def test_abs_of_g_where_its_square_belongs_is_named(name, student, capsys):
    returned, text = run(name, student, capsys)
    assert returned is getattr(steps, name)
    assert "abs(grad)" in text and "squared gradient belongs" in text


# RMSProp without the (1 - alpha) weight.

def rmsprop_no_weight(theta, grad, sq_avg, lr, alpha=0.99, eps=1e-8):
    v = alpha * sq_avg + grad**2
    return theta - lr * grad / (np.sqrt(v) + eps), v


def rmsprop_no_weight_power(theta, grad, sq_avg, lr, alpha=0.99, eps=1e-8):
    v = np.power(grad, 2) + sq_avg * alpha
    return theta - lr * grad / (np.power(v, 0.5) + eps), v


rmsprop_no_weight_loop = by_element(
    lambda theta, grad, sq_avg, lr, alpha=0.99, eps=1e-8: (
        theta - lr * grad / ((alpha * sq_avg + grad * grad) ** 0.5 + eps), alpha * sq_avg + grad * grad))


@pytest.mark.parametrize("student", [rmsprop_no_weight, rmsprop_no_weight_power, rmsprop_no_weight_loop],
                         ids=["plain", "np.power", "loop"])
def test_rmsprop_without_one_minus_alpha_is_named(student, capsys):
    returned, text = run("rmsprop_step", student, capsys)
    assert returned is steps.rmsprop_step
    assert "lacks its weight 1 - alpha" in text


# AMSGrad and AdamW know Adam's own mistakes.

def amsgrad_eps_inside(theta, grad, m, v, v_max, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    v_max = np.maximum(v_max, v)
    return theta - lr * (m / (1 - beta1**t)) / np.sqrt(v_max / (1 - beta2**t) + eps), m, v, v_max


def amsgrad_t_minus_1(theta, grad, m, v, v_max, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad * grad
    v_max = np.maximum(v_max, v)
    step = t - 1
    return theta - lr * (m / (1 - beta1**step)) / (np.sqrt(v_max / (1 - beta2**step)) + eps), m, v, v_max


def adamw_no_bias_correction(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8,
                             weight_decay=1e-2):
    theta = theta - lr * weight_decay * theta
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * np.power(grad, 2)
    return theta - lr * m / (np.sqrt(v) + eps), m, v


def adamw_t_plus_1(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2):
    t += 1
    theta = theta * (1 - lr * weight_decay)
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    return theta - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps), m, v


@pytest.mark.parametrize("name,student,words", [
    ("amsgrad_step", amsgrad_eps_inside, "eps inside the square root"),
    ("amsgrad_step", amsgrad_t_minus_1, "off by one: you used t - 1"),
    ("amsgrad_step", amsgrad_optax, "bias-corrected v_hat"),
    ("adamw_step", adamw_no_bias_correction, "left out the bias correction"),
    ("adamw_step", adamw_t_plus_1, "off by one: you used t + 1"),
    ("adamw_step", adamw_l2, "L2 penalty"),
], ids=lambda v: v.__name__ if callable(v) else None)
def test_amsgrad_and_adamw_know_adams_own_mistakes(name, student, words, capsys):
    returned, text = run(name, student, capsys)
    assert returned is getattr(steps, name) and words in text


# A Nesterov step written into momentum_step.

def momentum_nesterov(theta, grad, buf, lr, momentum):
    buf = momentum * buf + grad
    return theta - lr * (grad + momentum * buf), buf


def momentum_nesterov_two_terms(theta, grad, buf, lr, momentum):
    buf_new = grad + momentum * buf
    theta_new = theta - lr * grad - lr * momentum * buf_new
    return theta_new, buf_new


def momentum_nesterov_in_place(theta, grad, buf, lr, momentum):
    buf_new = buf * momentum
    buf_new += grad                       # in place, but on a new array: allowed
    step = grad.copy()
    step += momentum * buf_new
    return theta - lr * step, buf_new


momentum_nesterov_loop = by_element(
    lambda theta, grad, buf, lr, momentum: (
        theta - lr * (grad + momentum * (momentum * buf + grad)), momentum * buf + grad))


@pytest.mark.parametrize("student", [momentum_nesterov, momentum_nesterov_two_terms, momentum_nesterov_loop,
                                     momentum_nesterov_in_place],
                         ids=["textbook", "two-terms", "loop", "in-place"])
def test_a_nesterov_step_in_momentum_step_is_named(student, capsys):
    returned, text = run("momentum_step", student, capsys)
    assert returned is steps.momentum_step
    assert "Nesterov step" in text and "nesterov=True" in text


# The check calls the function as the lesson does: keyword names and defaults included.

@pytest.mark.parametrize("name,student,words", [
    ("adam_step", lambda theta, grad, m, v, t, lr=1e-3, b1=0.9, beta2=0.999, eps=1e-8: None,
     "no parameter named `beta1` (yours is called `b1`)"),
    ("amsgrad_step", lambda theta, grad, m, v, v_max, t, lr=1e-3, beta1=0.9, beta_2=0.999, eps=1e-8: None,
     "no parameter named `beta2` (yours is called `beta_2`)"),
    ("adamw_step", lambda theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, wd=1e-2: None,
     "no parameter named `weight_decay` (yours is called `wd`)"),
    ("adam_step", lambda theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-7: None,
     "the default value of `eps` is 1e-07"),
    ("adamw_step", lambda theta, grad, m, v, t, lr, beta1, beta2, eps, weight_decay: None,
     "`beta1` has no default value"),
], ids=["adam-b1", "amsgrad-beta_2", "adamw-wd", "adam-eps-default", "adamw-no-defaults"])
def test_a_renamed_parameter_or_changed_default_is_reported_by_the_check(name, student, words, capsys):
    returned, text = run(name, student, capsys)
    assert returned is getattr(steps, name)
    assert words in text and "Keep the" in text


def test_the_check_passes_hyperparameters_by_keyword_as_the_lesson_does(capsys):
    seen = []

    def adam_step(theta, grad, m, v, t, *, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):  # keyword-only
        seen.append(lr)
        return adam_torch_form(theta, grad, m, v, t, lr, beta1, beta2, eps)

    returned, text = run("adam_step", adam_step, capsys)
    assert returned is adam_step and seen and text.endswith("Well done!")


# Messages: verdict first, hint on its own lines, the formula only on a second attempt or on request.

def test_the_formula_is_shown_on_the_third_different_failed_attempt_or_when_asked(capsys):
    fix = "torch adds eps outside the root"
    _, first = run("adam_step", adam_with(_eps_inside=True), capsys)
    assert "eps inside the square root" in first and fix not in first
    assert "check_adam_step(adam_step, hint=True)" in first

    def adam_step(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        rewritten = adam_with(_eps_inside=True)  # a changed function with the same mistake: a new attempt
        return rewritten(theta, grad, m, v, t, lr, beta1, beta2, eps)

    def adam_step_3(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        return adam_with(_eps_inside=True)(theta, grad, m, v, t, lr, beta1, beta2, eps)   # a third try

    _, second = run("adam_step", adam_step, capsys)
    assert fix not in second and "same answer" not in second     # two tries get the verdict only
    _, third = run("adam_step", adam_step_3, capsys)
    assert fix in third and "same answer" not in third
    engine.reset_attempts()
    _, asked = run("adam_step", adam_with(_eps_inside=True), capsys, hint=True)
    assert fix in asked


def test_checking_the_same_function_again_is_not_a_second_attempt(capsys):
    fix = "torch adds eps outside the root"
    mistaken = adam_with(_eps_inside=True)
    _, first = run("adam_step", mistaken, capsys)
    _, again = run("adam_step", mistaken, capsys)          # the check cell re-run, nothing changed
    assert fix not in again and "same answer as your last try" in again
    assert again.replace(reporting.REPEATED, "").split() == first.split()
    _, redefined = run("adam_step", adam_with(_eps_inside=True), capsys)   # the def cell re-run unchanged
    assert fix not in redefined
    _, asked = run("adam_step", mistaken, capsys, hint=True)               # asking still works
    assert fix in asked


def test_a_repeated_answer_after_a_shown_fix_still_shows_it(capsys):
    fix = "torch adds eps outside the root"

    def adam_step(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        return adam_with(_eps_inside=True)(theta, grad, m, v, t, lr, beta1, beta2, eps)

    def adam_step_again(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        return adam_with(_eps_inside=True)(theta, grad, m, v, t, lr, beta1, beta2, eps)  # another try

    run("adam_step", adam_with(_eps_inside=True), capsys)
    run("adam_step", adam_step, capsys)
    _, third = run("adam_step", adam_step_again, capsys)
    _, fourth = run("adam_step", adam_step_again, capsys)
    assert fix in third and fix in fourth and "same answer" in fourth


def test_the_verdict_line_comes_first_and_every_line_fits(capsys):
    check_of("adam_step")(adam_with(_eps_hat=True), hint=True)  # the longest message there is
    lines = capsys.readouterr().out.rstrip("\n").split("\n")
    assert lines[0].startswith("adam_step: not quite — theta_new is wrong (m_new and v_new are right)")
    assert len(lines) >= 3 and all(len(line) <= WIDTH for line in lines)
    assert any(line.startswith("  Hint: ") for line in lines)
    assert lines[-1] == "  " + FALLBACK.format("adam_step")


# Two mistakes at once: at least one is named, not only "yours gives nan".

@pytest.mark.parametrize("name,student,words", [
    ("adam_step", adam_with(_square=False, _eps_inside=True), ["SQUARED gradient", "eps inside"]),
    ("adam_step", adam_with(_correct_m=False, _correct_v=False, _sign=+1),
     ["left out the bias correction", "uphill"]),
    ("adam_step", adam_with(_swap2=True, _t=lambda t: t + 1), ["beta2 and 1 - beta2 are swapped", "t + 1"]),
], ids=["nan-pair", "pair", "pair-t"])
def test_two_mistakes_at_once_are_both_named(name, student, words, capsys):
    _, text = run(name, student, capsys, hint=True)
    assert "two mistakes" in text
    for word in words:
        assert word in text, text


def test_two_mistakes_with_no_pair_known_still_name_one_of_them(capsys):
    def amsgrad_step(theta, grad, m, v, v_max, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad            # not squared: the root of a negative v is NaN
        v_max = np.maximum(v_max, v)
        return theta + lr * m / np.sqrt(v_max + eps), m, v, v_max   # uphill, eps inside, no correction

    _, text = run("amsgrad_step", amsgrad_step, capsys)
    assert "more than one reason" in text and "in v_new: v averages the gradient itself" in text
    assert "yours gives nan" not in text


# Correct answers written unusually pass.

adam_by_element = by_element(
    lambda theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8: (
        theta - lr * ((beta1 * m + (1 - beta1) * grad) / (1 - beta1**t))
        / (((beta2 * v + (1 - beta2) * grad * grad) / (1 - beta2**t)) ** 0.5 + eps),
        beta1 * m + (1 - beta1) * grad, beta2 * v + (1 - beta2) * grad * grad))


def adam_np_functions(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = np.add(np.multiply(beta1, m), np.multiply(1 - beta1, grad))
    v_new = np.add(np.multiply(beta2, v), np.multiply(1 - beta2, np.power(grad, 2)))
    step = np.divide(lr * m_new / (1 - np.power(beta1, t)), np.sqrt(v_new / (1 - np.power(beta2, t))) + eps)
    return np.subtract(theta, step), m_new, v_new


def momentum_returns_a_list(theta, grad, buf, lr, momentum):
    buf = buf * momentum
    buf = buf + grad                      # not in place: a new array each time
    return [theta - lr * buf, buf]


def adagrad_loop(theta, grad, sum_sq, lr, eps=1e-10):
    s = np.array([a + b * b for a, b in zip(sum_sq.ravel(), grad.ravel())]).reshape(sum_sq.shape)
    return theta - lr * grad / (np.sqrt(s) + eps), s


def mse_from_lists(w, b, x, y):
    errors = [w * xi + b - yi for xi, yi in zip(np.ravel(x), np.ravel(y))]
    n = len(errors)
    return sum(2 * e * xi for e, xi in zip(errors, np.ravel(x))) / n, sum(2 * e for e in errors) / n


@pytest.mark.parametrize("name,student", [
    ("adam_step", adam_by_element), ("adam_step", adam_np_functions),
    ("momentum_step", momentum_returns_a_list), ("adagrad_step", adagrad_loop),
    ("mse_gradient", mse_from_lists),
], ids=lambda v: v if isinstance(v, str) else v.__name__)
def test_correct_answers_written_unusually_pass(name, student, capsys):
    returned, text = run(name, student, capsys)
    assert returned is student and text.endswith("Well done!")


# --- reasoning exercises: a worked example of make_answer_check and check_prediction ---------------
# Lesson 01 style: gradient descent on f(x) = 0.5 * x^T H x with H = diag(1, 10). Derived by hand:
# the error along eigenvalue h is multiplied by (1 - lr * h) per step, so the largest stable lr is
# 2 / 10 = 0.2; 1 / 10 (the best lr for the stiff direction alone) is the classic wrong answer.

H = np.diag([1.0, 10.0])
check_max_lr = checks.make_answer_check(
    "max_lr", answer=lambda: 2 / np.max(np.linalg.eigvalsh(H)),
    wrong_answers={0.1: "1/L makes the stiff direction converge in one step, but is not the "
                        "largest stable step size.",
                   2.0: "2 / mu uses the smallest curvature: the stiff direction blows up first."},
    hint="Per step, the error along an eigenvector with eigenvalue h is multiplied by 1 - lr * h.",
    explain="Stable while |1 - lr * h| < 1 for every h, i.e. lr < 2 / L = 2 / 10.")


def answer_text(value, capsys, **options):
    assert check_max_lr(value, **options) is None
    out = capsys.readouterr().out
    assert all(len(line) <= WIDTH for line in out.rstrip("\n").split("\n"))
    return " ".join(line.strip() for line in out.split("\n"))


def test_answer_check_worked_example(capsys):
    assert answer_text(0.2, capsys).startswith("max_lr = 0.2: correct. Well done!")
    assert answer_text(2 / 10.0000001, capsys).startswith("max_lr = 0.2: correct")   # within rtol


@pytest.mark.parametrize("value", [..., None])
def test_answer_check_not_done_yet_prints_and_raises_only_when_grading(value, capsys, monkeypatch):
    assert answer_text(value, capsys).startswith("max_lr: not done yet")
    monkeypatch.setenv(GRADING, "1")
    with pytest.raises(AssertionError, match="max_lr: not done yet") as raised:
        check_max_lr(value)
    assert raised.value.__context__ is None


@pytest.mark.parametrize("value,words", [
    (0.1, ["you gave 0.1", "not the largest stable step size"]),
    (np.float64(2.0), ["you gave 2", "smallest curvature"]),
    (1 / 10, ["you gave 0.1"]),
    (0.25, ["0.25 is too large", "multiplied by 1 - lr * h"]),
    (0.15, ["0.15 is too small"]),
], ids=["1/L", "2/mu", "1/L-expression", "too-large", "too-small"])
def test_answer_check_names_typical_wrong_answers_without_giving_the_answer(value, words, capsys,
                                                                         monkeypatch):
    text = answer_text(value, capsys)
    for word in words:
        assert word in text, text
    assert "2 / L" not in text and "0.2" not in text.replace("0.25", "")  # no answer on a first try
    monkeypatch.setenv(GRADING, "1")
    with pytest.raises(AssertionError):
        check_max_lr(value)


def test_answer_check_explains_on_the_third_different_attempt_or_on_request(capsys):
    assert "2 / L" not in answer_text(0.3, capsys)
    assert "Hint: Stable while" not in answer_text(0.35, capsys)   # a second try: still no worked answer
    assert "Hint: Stable while" in answer_text(0.4, capsys)        # the third different one shows it
    engine.reset_attempts()
    assert "Hint: Stable while" in answer_text(0.3, capsys, hint=True)


def test_answer_check_run_again_on_the_same_answer_is_not_a_second_attempt(capsys):
    first = answer_text(0.3, capsys)
    again = answer_text(0.3, capsys)                 # the check cell re-run, the answer unchanged
    assert "Hint: Stable while" not in again and "same answer as your last try" in again
    assert again.replace(reporting.REPEATED, "").split() == first.split()
    assert "Hint: Stable while" not in answer_text(lambda: 0.35, capsys)   # a changed answer counts: 2 tries
    assert "Hint: Stable while" not in answer_text(0.35, capsys)           # the same again: still 2
    assert "Hint: Stable while" in answer_text(0.4, capsys)                # the third different try
    assert "Hint: Stable while" in answer_text(0.4, capsys)                # and keeps its shown fix


@pytest.mark.parametrize("value,rounded", [(0.27, "rounded up to 2"), (0.26, "rounded down to 2"),
                                           (0.3, "rounded up to 1")])
def test_answer_check_says_when_a_value_is_the_answer_rounded(value, rounded, capsys):
    check = checks.make_answer_check("loss", answer=lambda: (0.04 + 0.49) / 2, rtol=1e-3)
    check(value)
    out = " ".join(capsys.readouterr().out.split())
    assert rounded in out and "too large" not in out and "too small" not in out


def test_one_sided_answer_check_never_accepts_a_value_above_the_threshold(capsys):
    check = checks.make_answer_check("lr_max", answer=0.2917961, accept=lambda x, r: r * (1 - 1e-4) <= x <= r,
                                     too_large="It diverges there.")
    for value, words, passes in [(0.2917961, "correct", True), (0.29178, "correct", True),
                                 (0.2918, "rounded up to 4", False), (0.292, "It diverges there", False),
                                 (0.2917, "too small", False), (0.29, "rounded down to 2", False)]:
        check(value)
        out = " ".join(capsys.readouterr().out.split())
        assert words in out and ("Well done" in out) == passes, (value, out)


@pytest.mark.parametrize("said,label,same", [
    ("diverges", "diverges", True), ("Diverge", "diverges", True), ("it diverges", "diverges", True),
    ("diverging!", "diverges", True), ("It will DIVERGE.", "diverges", True), ("faster", "diverges", False),
    ("does not diverge", "diverges", False), ("", "diverges", False), ("slower", "slow", False),
])
def test_prediction_labels_are_compared_as_words(said, label, same):
    assert answers.same_label(said, label) is same


def test_prediction_labels_accept_the_synonyms_given(capsys):
    checks.check_prediction("lr", "blows up", "diverges", synonyms={"diverges": ["blows up"]})
    assert "and so it is" in capsys.readouterr().out
    checks.check_prediction("lr", "Faster!", "diverges", wrong_predictions={"faster": "Overshoots."})
    out = capsys.readouterr().out
    assert "the experiment says 'diverges'" in out and "Overshoots." in out


@pytest.mark.parametrize("value,words", [
    ("0.2", "a string"), ([0.2], "a list of 1 value"), (np.array([0.2, 0.1]), "an array of shape (2,)"),
    (float("nan"), "finite"),
])
def test_answer_check_refuses_what_is_not_one_number(value, words, capsys):
    text = answer_text(value, capsys)
    assert words in text and "Well done" not in text


def test_answer_check_for_a_count_refuses_a_fraction(capsys):
    check_steps = checks.make_answer_check("steps", answer=138, integer=True, rtol=0, atol=0)
    check_steps(137.5)
    assert "a whole number" in capsys.readouterr().out
    check_steps(138)
    assert capsys.readouterr().out.startswith("steps = 138: correct")


@pytest.mark.parametrize("predicted,measured,words", [
    (..., 138, ["no prediction yet"]),
    (None, 138, ["no prediction yet"]),
    (130, 138, ["you predicted 130, the experiment measured 138", "within 10 %", "Well reasoned"]),
    (100, 138, ["yours is 28 % too small", "kappa * ln(1e6)"]),
    (14, 138, ["the measurement is 9.9 times your prediction", "kappa * ln(1e6)"]),
    (2000, 138, ["your prediction is 14 times the measurement"]),
    (-5, 138, ["the sign is the other way round"]),
    ("many", 138, ["one number", "a string"]),
    ("y", "y", ["you predicted 'y', and so it is"]),
    ("x", "y", ["the experiment says 'y'"]),
], ids=["ellipsis", "none", "close", "off-28%", "factor-10", "factor-14", "sign", "word", "label", "label-wrong"])
def test_check_prediction_compares_and_explains(predicted, measured, words, capsys):
    assert checks.check_prediction("steps", predicted, measured,
                                   why="The rate per step is about 1 - 1/kappa: kappa * ln(1e6) steps.") is None
    out = capsys.readouterr().out
    assert all(len(line) <= WIDTH for line in out.rstrip("\n").split("\n"))
    text = " ".join(line.strip() for line in out.split("\n"))
    for word in words:
        assert word in text, text


def test_check_prediction_never_raises_not_even_when_grading(capsys, monkeypatch):
    monkeypatch.setenv(GRADING, "1")
    for predicted in (..., None, 1, "x", [1, 2], object()):
        checks.check_prediction("steps", predicted, 138)
    checks.check_prediction("steps", 1, object())  # even a broken measurement only prints
    out = capsys.readouterr().out
    assert out.count("steps:") == 7


def test_check_prediction_within_a_factor_and_known_predictions(capsys):
    checks.check_prediction("steps", 70, 138, within_factor=2)
    assert "within a factor 2" in capsys.readouterr().out
    checks.check_prediction("steps", 14, 138, wrong_predictions={13.8: "that is kappa, one e-fold"})
    assert "that is kappa, one e-fold" in capsys.readouterr().out


def test_grading_feedback_in_jupyter_shows_the_check_not_a_traceback(monkeypatch):
    """IPython renders a failed check with _render_traceback_: no adamlib frames, no chained error."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    monkeypatch.setenv(GRADING, "1")
    shell = InteractiveShell.instance()
    try:
        with capture_output() as captured:
            shell.run_cell("from adamlib.checks import check_sgd_step\n"
                           "def sgd_step(theta, grad, lr):\n    raise NotImplementedError()\n")
            result = shell.run_cell("sgd_step = check_sgd_step(sgd_step)")
    finally:
        InteractiveShell.clear_instance()
    assert isinstance(result.error_in_exec, AssertionError)
    shown = captured.stdout + captured.stderr
    assert "sgd_step: not done yet" in shown
    assert "CheckFailed: graded as not passed" in shown
    for noise in ("Traceback", "NotImplementedError", "engine.py", "During handling"):
        assert noise not in shown, shown


@pytest.mark.parametrize("name,student,words", [
    ("mse_gradient", lambda w, b, x, y: (-4 * np.mean((w * x + b - y) * x), -4 * np.mean(w * x + b - y)),
     "your db is -2 times the right value on every test"),
    ("sgd_step", lambda theta, grad, lr: -(theta - lr * grad), "your theta_new has the wrong sign"),
    ("ema", lambda xs, beta: np.cumsum(np.ones(len(xs))) * 0 + 3 * steps_free_ema(xs, beta),
     "is 3 times the right value"),
], ids=["mse-two-mistakes", "sgd-negated", "ema-times-3"])
def test_a_constant_factor_is_named_when_no_mistake_fits(name, student, words, capsys):
    _, text = run(name, student, capsys)
    assert words in text and "constant factor" in text


def steps_free_ema(xs, beta):
    m, out = 0.0, []
    for x in xs:
        m = beta * m + (1 - beta) * x
        out.append(m)
    return np.array(out)


@pytest.mark.parametrize("student,words", [
    (lambda theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2:
     adam_textbook(theta, grad + weight_decay * theta, m, v, t, lr, beta1, beta2, eps, _eps_inside=True),
     ["L2 penalty", "eps inside the square root"]),
    (lambda theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2:
     adam_textbook(theta * (1 - weight_decay), grad, m, v, t, lr, beta1, beta2, eps,
                   _correct_m=False, _correct_v=False),
     ["not scaled by the learning rate", "left out the bias correction"]),
    (lambda theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2:
     adam_textbook(theta, grad, m, v, t, lr, beta1, beta2, eps, _t=lambda t: t - 1),
     ["forgot the weight decay", "t - 1"]),
], ids=["l2+eps-inside", "no-lr+no-correction", "no-decay+t-1"])
def test_adamw_two_mistakes_name_the_decay_and_the_adam_part(student, words, capsys):
    _, text = run("adamw_step", student, capsys)
    assert "two mistakes" in text
    for word in words:
        assert word in text, text


def test_answers_and_predictions_may_be_written_as_functions(capsys):
    def max_lr():
        raise NotImplementedError()   # the lesson's stub

    check_max_lr(max_lr)
    assert capsys.readouterr().out.startswith("max_lr: not done yet")
    check_max_lr(lambda: 2 / 10)
    assert capsys.readouterr().out.startswith("max_lr = 0.2: correct")
    check_max_lr(lambda: 1 / 0)
    assert "your function raised ZeroDivisionError" in capsys.readouterr().out
    checks.check_prediction("steps", max_lr, 138)
    assert "no prediction yet" in capsys.readouterr().out


def test_an_answer_function_that_returns_no_number_is_told_to_return_one(capsys):
    from adamlib.checks import make_answer_check
    check = make_answer_check("v_halfway", answer=693)

    def v_halfway():
        return "about 700"
    check(v_halfway)
    assert "Make `v_halfway()` return a number" in capsys.readouterr().out
    check("about 700")  # a value, not a function: the student assigns it
    assert "Write `v_halfway = ` and a number" in capsys.readouterr().out


# Near misses: the printed numbers must differ, and a difference at round-off level is named.

def _finite_difference_gradient(w, b, x, y):
    h = 1e-6

    def loss(w, b):
        return np.mean((w * x + b - y) ** 2)

    return ((loss(w + h, b) - loss(w - h, b)) / (2 * h), (loss(w, b + h) - loss(w, b - h)) / (2 * h))


def test_a_near_miss_is_printed_with_enough_digits_to_differ(capsys):
    import re
    _, text = run("mse_gradient", _finite_difference_gradient, capsys)
    shown = re.search(r"should be (\S+) but yours gives (\S+) ", text)
    assert shown and shown.group(1) != shown.group(2), text
    assert "significant digits" in text and "finite difference" in text


def test_a_float32_number_is_named_not_compared(capsys):
    def mse_gradient(w, b, x, y):
        error = (w * x + b - y).astype(np.float32)
        return np.mean(2 * error * x), np.mean(2 * error)

    _, text = run("mse_gradient", mse_gradient, capsys)
    assert "float32 number" in text and "float64" in text and "should be" not in text


@pytest.mark.parametrize("expected,got,apart", [
    (-1.78084e-05, -1.78084e-05 + 3.9565e-13, ("-1.78084e-05", "-1.78083996e-05")),
    (-4.31, -4.31 + 5.7e-8, ("-4.31", "-4.3099999")),
    (1.0, 2.0, ("1", "2")),
])
def test_fmt_apart_uses_as_few_digits_as_tell_two_numbers_apart(expected, got, apart):
    from adamlib.checks.messages import fmt_apart
    assert fmt_apart(expected, got) == apart


def test_a_mistake_in_one_output_only_is_not_called_more_than_one_reason(capsys):
    def mse_gradient(w, b, x, y):            # the sign flipped in db only; dw is right
        error = w * x + b - y
        return np.mean(2 * error * x), np.mean(-2 * error)

    _, text = run("mse_gradient", mse_gradient, capsys)
    assert "db is wrong (dw is right): in db," in text and "more than one reason" not in text


# Beginner slips around the stub (student trial, 2026-12-07): the stub's raise left under an answer,
# and a body that computes the answer without returning it.

def _answer_written_above_the_stub():
    """Return the answer."""
    value = 0.2  # noqa: F841  (the answer, written above the stub that still raises)
    raise NotImplementedError()


def _untouched_stub():
    """Return the answer.

    A docstring of two paragraphs, as some lessons write them."""
    # YOUR CODE HERE
    raise NotImplementedError()


def _untouched_scaffold():
    """Your answers, as in lesson 04: placeholders above the stub, the return after it."""
    first = ...
    second = ...
    # YOUR CODE HERE
    raise NotImplementedError()
    return first, second


def _scaffold_filled_above_the_stub():
    """Your answers, with the placeholders filled in but the stub's raise left in."""
    first = 0.1
    second = ...
    raise NotImplementedError()
    return first, second


def _no_return():
    """Return the answer."""
    value = 0.2  # noqa: F841


def test_an_answer_above_the_stubs_raise_is_told_to_delete_that_line(capsys):
    assert checks.answer_of(_answer_written_above_the_stub) is Ellipsis
    out = " ".join(capsys.readouterr().out.split())
    assert "still raises NotImplementedError: delete the line `raise NotImplementedError()`" in out
    assert checks.answer_of(_untouched_stub) is Ellipsis and capsys.readouterr().out == ""
    assert checks.answer_of(_untouched_scaffold) is Ellipsis and capsys.readouterr().out == ""
    checks.answer_of(_scaffold_filled_above_the_stub)
    assert "still raises NotImplementedError" in capsys.readouterr().out


def test_a_function_that_returns_nothing_is_told_to_return(capsys):
    assert checks.answer_of(_no_return) is Ellipsis
    assert "returned nothing (None): end it with `return`" in capsys.readouterr().out


def test_an_implementation_with_the_stub_left_in_is_told_to_delete_it(capsys):
    def sgd_step(theta, grad, lr):
        new = theta - lr * grad  # noqa: F841
        raise NotImplementedError()

    _, text = run("sgd_step", sgd_step, capsys)
    assert "your answer is written, but your function still raises NotImplementedError: delete the line" in text


def _adam_with(flag):
    from adamlib.checks.adam import adam_like

    def adam_step(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        return adam_like(theta, grad, m, v, t, lr, beta1, beta2, eps, (flag,))
    return adam_step


@pytest.mark.parametrize("flag, words", [
    ("no_momentum", "you forgot the momentum"),
    ("beta1_for_v", "v is averaged with beta1"),
    ("v_corrected_with_beta1", "you bias-corrected v with beta1"),
    ("hard_coded_betas", "instead of using the arguments beta1 and beta2"),
    ("no_bias_correction", "too LARGE, not too small"),
])
def test_adam_step_names_the_review_s_missing_mistakes(capsys, flag, words):
    returned, line = run("adam_step", _adam_with(flag), capsys)
    assert returned is steps.adam_step and words in line, line
