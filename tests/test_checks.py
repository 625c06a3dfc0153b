"""adamlib.checks: every check_<exercise> gives the right one-line verdict and returns the right function.

The "students" below are written here independently of adamlib/checks (as a student would write
the mistake), so a check that names a mistake does so because the student's numbers match it.
"""
import numpy as np
import pytest

from adamlib import checks, steps
from adamlib.checks import engine

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


def crashes(*args):
    return args[0] @ np.ones((7, 7))  # a shape error, as a student's typo would give


def not_done(*args):
    # YOUR CODE HERE
    raise NotImplementedError()


# exercise name -> (in-place but correct, [(classic mistake, words its verdict must contain)])
STUDENTS = {
    "mse_gradient": (mse_inplace, [
        (mse_half, ["factor 2"]),
        (mse_y_minus_pred, ["wrong way", "w * x + b - y"]),
        (mse_sum, ["summed", "np.mean"]),
        (mse_swapped, ["swapped"]),
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
        (adagrad_not_squared, ["forgot to square"]),
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
        (amsgrad_optax, ["bias-corrected v_hat", "optax", "RAW v"]),
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


def run(name, fn, capsys):
    """Run the check; return (returned function, the one printed line). Asserts exactly one print."""
    returned = check_of(name)(fn)
    out, err = capsys.readouterr()
    assert err == ""
    assert out.count("\n") == 1 and out.endswith("\n"), out
    return returned, out.strip()


@pytest.fixture(autouse=True)
def not_grading(monkeypatch):
    monkeypatch.delenv(GRADING, raising=False)


def test_every_exercise_in_steps_has_a_check_and_students_here():
    assert set(NAMES) == {"mse_gradient", "sgd_step", "ema", "momentum_step", "adagrad_step",
                          "rmsprop_step", "adam_step", "amsgrad_step", "adamw_step"}
    for name in NAMES:
        assert check_of(name).exercise.reference is getattr(steps, name)


@pytest.mark.parametrize("name", NAMES)
def test_reference_passes_and_is_returned(name, capsys):
    reference = getattr(steps, name)
    returned, line = run(name, reference, capsys)
    assert returned is reference
    n = len(check_of(name).exercise.cases())
    assert line == f"{name}: correct on {n} test cases. Well done!"


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
    assert returned is student and line.endswith("Well done!")


@pytest.mark.parametrize("name", NAMES)
def test_not_done_yet_is_friendly_and_returns_the_reference(name, capsys):
    returned, line = run(name, not_done, capsys)
    assert returned is getattr(steps, name)
    assert line == (f"{name}: not done yet — fill in the cell above and run this check again. "
                    "The lesson continues with adamlib's reference implementation.")


@pytest.mark.parametrize("name,student,words", [
    (name, student, words) for name in NAMES for student, words in STUDENTS[name][1]
], ids=[f"{name}-{student.__name__}-{i}" for name in NAMES
        for i, (student, _) in enumerate(STUDENTS[name][1])])
def test_classic_mistake_is_named(name, student, words, capsys):
    returned, line = run(name, student, capsys)
    assert returned is getattr(steps, name)
    assert line.startswith(f"{name}: not quite — ")
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
    assert line.startswith("adam_step: you changed `m` in place (e.g. with `m *= ...`, `m -= ...` or `m[:] = ...`)")


@pytest.mark.parametrize("name", NAMES)
def test_an_exception_is_reported_not_raised(name, capsys):
    returned, line = run(name, crashes, capsys)
    assert returned is getattr(steps, name)
    assert line.startswith(f"{name} raised ValueError: ")
    assert "the test with" in line and line.endswith(FALLBACK.format(name))


@pytest.mark.parametrize("name", NAMES)
def test_grading_mode_raises_on_failure_with_the_printed_message(name, capsys, monkeypatch):
    monkeypatch.setenv(GRADING, "1")
    for student in (not_done, STUDENTS[name][1][0][0], crashes):
        with pytest.raises(AssertionError) as raised:
            check_of(name)(student)
        out, _ = capsys.readouterr()
        assert out.count("\n") == 1
        assert str(raised.value) == out.strip()


@pytest.mark.parametrize("name", NAMES)
def test_grading_mode_passes_silently(name, capsys, monkeypatch):
    monkeypatch.setenv(GRADING, "1")
    reference = getattr(steps, name)
    returned, line = run(name, reference, capsys)
    assert returned is reference and line.endswith("Well done!")


def test_grading_needs_exactly_1(capsys, monkeypatch):
    monkeypatch.setenv(GRADING, "0")
    returned, _ = run("sgd_step", sgd_plus, capsys)  # prints, does not raise
    assert returned is steps.sgd_step


# --- the form of what the student returns ---------------------------------------------------------

@pytest.mark.parametrize("student,words", [
    (lambda theta, grad, m, v, t, lr, b1, b2, eps: None, ["returned None", "`return`"]),
    (lambda theta, grad, m, v, t, lr, b1, b2, eps: (theta, m), ["a tuple of 2 values", "must return 3"]),
    (lambda theta, grad, m, v, t, lr, b1, b2, eps: theta, ["an array of shape", "must return 3"]),
    (lambda theta, grad, m, v, t, lr, b1, b2, eps: (list(theta), m, v), ["a list", "NumPy array"]),
    (lambda theta, grad, m, v, t, lr, b1, b2, eps: (np.sum(theta), m, v), ["a single number for theta_new", "like the input", "np.sum"]),
    (lambda theta, grad, m, v, t: (theta, m, v), ["TypeError", "adam_step(theta, grad, m, v, t, lr=0.001"]),
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
    _, line = run("mse_gradient", lambda w, b, x, y: (2 * (w * x + b - y) * x, 2 * (w * x + b - y)), capsys)
    assert "single number" in line and "mean" in line


def test_passing_the_result_instead_of_the_function_is_explained(capsys):
    returned, line = run("adam_step", (np.zeros(1), np.zeros(1), np.zeros(1)), capsys)
    assert returned is steps.adam_step
    assert "without calling it" in line


def test_an_unknown_mistake_says_where_it_first_differs(capsys):
    def adam_step(theta, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        theta_new, m, v = steps.adam_step(theta, grad, m, v, t, lr, beta1, beta2, eps)
        return theta_new, m, v * 1.5  # no classic mistake does this

    returned, line = run("adam_step", adam_step, capsys)
    assert returned is steps.adam_step
    case = check_of("adam_step").exercise.cases()[0]
    expected_v = steps.adam_step(*case.args.values())[2][0]
    assert (f"on {case.label}, v_new[0] should be {expected_v:.6g} but yours gives "
            f"{1.5 * expected_v:.6g} (a difference of {0.5 * expected_v:.6g})") in line
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
        return steps.adam_step(theta, grad, m, v, t, lr, beta1, beta2, eps)

    returned, line = run("adam_step", adam_step, capsys)
    assert returned is adam_step and "debug" not in line


def test_nan_answers_do_not_crash_the_checker(capsys):
    def rmsprop_step(theta, grad, sq_avg, lr, alpha=0.99, eps=1e-8):
        theta_new, sq_avg_new = steps.rmsprop_step(theta, grad, sq_avg, lr, alpha, eps)
        return theta_new * np.nan, sq_avg_new

    _, line = run("rmsprop_step", rmsprop_step, capsys)
    assert "theta_new[0] should be" in line and "but yours gives nan" in line
    assert "square root of a negative number" in line


@pytest.mark.parametrize("name", NAMES)
def test_messages_are_stable_plain_text(name, capsys):
    lines = []
    for student in [getattr(steps, name), not_done, crashes, STUDENTS[name][0],
                    *[s for s, _ in STUDENTS[name][1]]]:
        first = run(name, student, capsys)[1]
        assert run(name, student, capsys)[1] == first  # the same text every run
        lines.append(first)
    for line in lines:
        for bad in ("np.float64", "array(", " at 0x", "<function", "Traceback"):
            assert bad not in line, line


# --- the engine's own consistency -------------------------------------------------------------------

def with_any_value(mutant):
    """The mutant, with a made-up value for outputs it leaves open (None): what a student returns there."""
    def student(*args):
        out = mutant(*args)
        if not isinstance(out, tuple):
            return out
        return tuple(np.zeros_like(args[0]) + 123.0 if o is None else o for o in out)
    return student


@pytest.mark.parametrize("name", NAMES)
def test_every_mutant_is_named_as_itself(name):
    """Mutants differ from the reference and from each earlier mutant on the cases: none is shadowed."""
    ex = check_of(name).exercise
    for description, mutant in ex.mistakes:
        verdict = engine.verdict(ex, with_any_value(mutant))
        assert verdict.kind == "mistake" and verdict.message.endswith(description), (description, verdict)


@pytest.mark.parametrize("name", NAMES)
def test_cases_cover_shapes_scales_and_consecutive_steps(name):
    cases = check_of(name).exercise.cases()
    shapes = {np.shape(a) for case in cases for a in case.args.values() if isinstance(a, np.ndarray)}
    assert any(s == (1,) for s in shapes)
    if name != "ema":  # ema takes one sequence; its cases vary length and scale instead
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
    assert returned is broken.reference and out.count("\n") == 1 and "checker itself failed" in out


def test_the_check_hints_compute_what_they_say():
    """The hand-worked examples printed in debug hints are right."""
    one, half, zero = np.array([1.0]), np.array([0.5]), np.zeros(1)
    assert steps.mse_gradient(0.0, 0.0, np.array([1.0, 2.0]), np.array([1.0, 2.0])) == (-5.0, -3.0)
    np.testing.assert_allclose(steps.sgd_step(one, half, 0.1), [0.95])
    np.testing.assert_allclose(steps.ema(np.array([1.0, 1.0]), 0.5), [0.5, 0.75])
    np.testing.assert_allclose(steps.momentum_step(one, half, np.array([0.2]), 0.1, 0.9), [[0.932], [0.68]])
    np.testing.assert_allclose(steps.adagrad_step(one, half, zero, 0.1), [[0.9], [0.25]])
    np.testing.assert_allclose(steps.rmsprop_step(one, half, zero, 0.01), [[0.9], [0.0025]], rtol=1e-6)
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
    ("rmsprop_step", ["0.9", "0.0025"]), ("adam_step", ["0.999", "0.05", "0.00025"]),
    ("amsgrad_step", ["0.999984"]), ("adamw_step", ["0.85"]),
])
def test_hints_quote_the_hand_worked_numbers_checked_above(name, numbers):
    hint = check_of(name).exercise.debug_hint
    for number in numbers:
        assert number in hint
