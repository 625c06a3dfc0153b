"""Lesson 02: ``ema(xs, beta) -> averages`` and ``momentum_step(theta, grad, buf, lr, momentum)``."""
import numpy as np

from .. import steps
from .engine import Case, Exercise, fmt, make_check, optimizer_cases


# --- ema ---------------------------------------------------------------------

def _ema_cases():
    """Sequences of length 1, 5 and 20, of size ~1, ~1e-3 and ~1e3 (not centred on 0), two betas."""
    rng = np.random.default_rng(2)
    cases = []
    for n, scale, beta in [(1, 1.0, 0.9), (5, 1e-3, 0.9), (20, 1e3, 0.9), (6, 1.0, 0.5), (50, 1.0, 0.99)]:
        xs = scale * (1 + rng.normal(size=n))
        cases.append(Case({"xs": xs, "beta": beta},
                          f"the test with {n} value(s) of size ~{scale:g}, beta={fmt(beta)}"))
    return cases


def _ema_loop(xs, beta, start, update, correct=False):
    out, m = [], start
    for k, x in enumerate(xs, start=1):
        m = update(m, x)
        out.append(m / (1 - beta**k) if correct else m)
    return np.array(out, dtype=float)


def _ema_swapped_beta(xs, beta):
    return _ema_loop(xs, beta, 0.0, lambda m, x: (1 - beta) * m + beta * x)


def _ema_started_at_x1(xs, beta):
    return _ema_loop(xs, beta, xs[0], lambda m, x: beta * m + (1 - beta) * x)


def _ema_bias_corrected(xs, beta):
    return _ema_loop(xs, beta, 0.0, lambda m, x: beta * m + (1 - beta) * x, correct=True)


def _ema_no_one_minus_beta(xs, beta):
    return _ema_loop(xs, beta, 0.0, lambda m, x: beta * m + x)


def _ema_shifted(xs, beta):
    averages = steps.ema(xs, beta)
    return np.concatenate([[0.0], averages[:-1]])


EMA = Exercise(
    name="ema",
    reference=steps.ema,
    outputs=("averages",),
    cases=_ema_cases,
    mistakes=[
        ("beta and 1 - beta are swapped: the OLD average keeps the big weight beta, the new value "
         "gets 1 - beta. Fix: m = beta * m + (1 - beta) * x.", _ema_swapped_beta),
        ("you started the average at the first value xs[0]; this exercise starts at m = 0 (that is "
         "where the bias that Adam corrects comes from). Fix: m = 0 before the loop.", _ema_started_at_x1),
        ("you bias-corrected the averages (divided by 1 - beta**k); this exercise asks for the plain "
         "average m_k, without correction. Bias correction comes in the Adam lesson.", _ema_bias_corrected),
        ("the new value lacks its weight 1 - beta: m = beta * m + (1 - beta) * x, not beta * m + x.",
         _ema_no_one_minus_beta),
        ("your averages are shifted by one: averages[0] must already include xs[0] "
         "(m_1 = (1 - beta) * xs[0]). Update m first, then store it.", _ema_shifted),
    ],
    debug_hint="Check by hand: ema(np.array([1.0, 1.0]), 0.5) should give [0.5, 0.75].",
)
check_ema = make_check(EMA)


# --- momentum_step -----------------------------------------------------------

def _ema_form(theta, grad, buf, lr, momentum):
    buf = momentum * buf + (1 - momentum) * grad
    return theta - lr * buf, buf


def _old_buffer(theta, grad, buf, lr, momentum):
    return theta - lr * buf, momentum * buf + grad


def _sign_flipped(theta, grad, buf, lr, momentum):
    buf = momentum * buf + grad
    return theta + lr * buf, buf


def _negative_buffer(theta, grad, buf, lr, momentum):
    buf = momentum * buf - grad
    return theta + lr * buf, buf


def _lr_in_buffer(theta, grad, buf, lr, momentum):
    buf = momentum * buf + lr * grad
    return theta - buf, buf


def _buffer_not_returned(theta, grad, buf, lr, momentum):
    return theta - lr * (momentum * buf + grad), buf


def _no_momentum_factor(theta, grad, buf, lr, momentum):
    buf = buf + grad
    return theta - lr * buf, buf


MOMENTUM_STEP = Exercise(
    name="momentum_step",
    reference=steps.momentum_step,
    outputs=("theta_new", "buf_new"),
    cases=lambda: optimizer_cases(steps.momentum_step, {"lr": 0.1, "momentum": 0.9},
                                  {"lr": 0.01, "momentum": 0.5}, seed=3),
    mistakes=[
        ("you wrote the buffer as a moving average, momentum * buf + (1 - momentum) * grad. "
         "That is Adam's m; heavy-ball momentum (torch.optim.SGD) adds the whole gradient: "
         "buf = momentum * buf + grad.", _ema_form),
        ("you moved theta with the OLD buffer: update the buffer first, buf_new = momentum * buf + grad, "
         "then theta_new = theta - lr * buf_new.", _old_buffer),
        ("you stepped uphill: theta_new = theta - lr * buf_new (minus, like gradient descent).",
         _sign_flipped),
        ("your buffer holds minus the gradients (buf = momentum * buf - grad, theta + lr * buf). "
         "Theta moves the right way, but this course keeps torch's convention: "
         "buf_new = momentum * buf + grad, theta_new = theta - lr * buf_new.", _negative_buffer),
        ("you put lr inside the buffer (buf = momentum * buf + lr * grad, theta - buf). With a fixed lr "
         "theta moves the same way, but torch's buffer holds gradients only: buf_new = momentum * buf "
         "+ grad, theta_new = theta - lr * buf_new (so a change of lr acts at once).", _lr_in_buffer),
        ("theta is right, but you returned the old buffer: return the new one, "
         "`return theta_new, buf_new`, so the next step remembers this gradient.", _buffer_not_returned),
        ("the old buffer must decay: buf = momentum * buf + grad, not buf + grad.", _no_momentum_factor),
    ],
    debug_hint="Check one step by hand: momentum_step(np.array([1.0]), np.array([0.5]), "
               "np.array([0.2]), 0.1, 0.9) should give theta_new 0.932, buf_new 0.68.",
)
check_momentum_step = make_check(MOMENTUM_STEP)
