"""Lesson 02: ``ema(xs, beta) -> averages`` and ``momentum_step(theta, grad, buf, lr, momentum)``."""
import numpy as np

from .. import optim, steps
from .engine import Case, Exercise, Mistake, fmt, make_check, optimizer_cases


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
    averages = _ema_loop(xs, beta, 0.0, lambda m, x: beta * m + (1 - beta) * x)
    return np.concatenate([[0.0], averages[:-1]])


def _ema_into_integers(xs, beta):
    """The right averages stored in an integer array (np.zeros(len(xs), dtype=int) or np.zeros_like
    of an integer input): every value is cut to a whole number."""
    averages = np.zeros(len(xs), dtype=int)
    averages[:] = _ema_loop(xs, beta, 0.0, lambda m, x: beta * m + (1 - beta) * x)
    return averages


EMA = Exercise(
    name="ema",
    reference=steps.ema,
    outputs=("averages",),
    cases=_ema_cases,
    mistakes=[
        Mistake("beta and 1 - beta are swapped: the new value got the big weight.",
                "The OLD average keeps the big weight beta, the new value gets 1 - beta: "
                "m = beta * m + (1 - beta) * x.", _ema_swapped_beta),
        Mistake("you started the average at the first value xs[0]; this exercise starts at m = 0 "
                "(that is where the bias that Adam corrects comes from).",
                "Set m = 0 before the loop.", _ema_started_at_x1),
        Mistake("you bias-corrected the averages (divided by 1 - beta**k); this exercise asks for "
                "the plain average m_k. Bias correction comes in the Adam lesson.",
                "Store m itself: averages[k] = m.", _ema_bias_corrected),
        Mistake("the new value lacks its weight 1 - beta.",
                "m = beta * m + (1 - beta) * x, not beta * m + x.", _ema_no_one_minus_beta),
        Mistake("your averages are shifted by one: averages[0] must already include xs[0].",
                "Update m first, then store it: m_1 = (1 - beta) * xs[0].", _ema_shifted),
        Mistake("your averages were cut to whole numbers: the array you stored them in holds "
                "integers (e.g. np.zeros(len(xs), dtype=int)), and storing 0.1189 in it gives 0.",
                "Store the averages in a float array: np.zeros(len(xs)).", _ema_into_integers),
    ],
    debug_hint="Check by hand: ema(np.array([1.0, 1.0]), 0.5) should give [0.5, 0.75].",
)
check_ema = make_check(EMA)


# --- momentum_step -----------------------------------------------------------

def _heavy_ball(theta, grad, buf, lr, momentum, new=None, moved_by=None, returned=None):
    """Heavy ball with switches: the new buffer, what theta moves by, which buffer is returned."""
    buf_new = momentum * buf + grad if new is None else new
    step = lr * buf_new if moved_by is None else moved_by(buf_new)
    return theta - step, buf_new if returned is None else returned


def _ema_form(theta, grad, buf, lr, momentum):
    return _heavy_ball(theta, grad, buf, lr, momentum, new=momentum * buf + (1 - momentum) * grad)


def _old_buffer(theta, grad, buf, lr, momentum):
    return _heavy_ball(theta, grad, buf, lr, momentum, moved_by=lambda b: lr * buf)


def _nesterov(theta, grad, buf, lr, momentum):
    return _heavy_ball(theta, grad, buf, lr, momentum, moved_by=lambda b: lr * (grad + momentum * b))


def _sign_flipped(theta, grad, buf, lr, momentum):
    return _heavy_ball(theta, grad, buf, lr, momentum, moved_by=lambda b: -lr * b)


def _negative_buffer(theta, grad, buf, lr, momentum):
    buf = momentum * buf - grad
    return theta + lr * buf, buf


def _lr_in_buffer(theta, grad, buf, lr, momentum):
    buf = momentum * buf + lr * grad
    return theta - buf, buf


def _velocity(theta, grad, buf, lr, momentum):
    """Sutskever's / CS231n's variables: a velocity v = momentum * v - lr * grad, then theta + v."""
    velocity = momentum * buf - lr * grad
    return theta + velocity, velocity


def _buffer_not_returned(theta, grad, buf, lr, momentum):
    return _heavy_ball(theta, grad, buf, lr, momentum, returned=buf)


def _no_momentum_factor(theta, grad, buf, lr, momentum):
    return _heavy_ball(theta, grad, buf, lr, momentum, new=buf + grad)


MOMENTUM_STEP = Exercise(
    name="momentum_step",
    reference=steps.momentum_step,
    outputs=("theta_new", "buf_new"),
    cases=lambda: optimizer_cases(steps.momentum_step, {"lr": 0.1, "momentum": 0.9},
                                  {"lr": 0.01, "momentum": 0.5}, seed=3),
    mistakes=[
        Mistake("you wrote the buffer as a moving average, momentum * buf + (1 - momentum) * grad. "
                "That is Adam's m.",
                "Heavy-ball momentum (torch.optim.SGD) adds the whole gradient: "
                "buf_new = momentum * buf + grad.", _ema_form),
        Mistake("you moved theta with the OLD buffer.",
                "Update the buffer first, buf_new = momentum * buf + grad, then "
                "theta_new = theta - lr * buf_new.", _old_buffer),
        Mistake("you took a Nesterov step (theta moved by lr * (grad + momentum * buf_new)): that "
                "is SGD(nesterov=True), the look-ahead variant. This exercise is plain heavy ball.",
                "theta_new = theta - lr * buf_new, with buf_new = momentum * buf + grad.", _nesterov),
        Mistake("you stepped uphill (theta grows along the buffer).",
                "theta_new = theta - lr * buf_new (minus, like gradient descent).", _sign_flipped),
        Mistake("your buffer holds minus the gradients (buf = momentum * buf - grad, theta + lr * "
                "buf). Theta moves the right way, but this course keeps torch's convention.",
                "buf_new = momentum * buf + grad, theta_new = theta - lr * buf_new.", _negative_buffer),
        Mistake("you put lr inside the buffer (buf = momentum * buf + lr * grad, theta - buf). With "
                "a fixed lr theta moves the same way, but torch's buffer holds gradients only (so a "
                "change of lr acts at once).",
                "buf_new = momentum * buf + grad, theta_new = theta - lr * buf_new.", _lr_in_buffer),
        Mistake("you wrote the velocity form (v = momentum * v - lr * grad, theta + v; Sutskever et "
                "al., CS231n, section 5 of this lesson). It is the same method for a fixed lr, but its "
                "buffer holds steps (lr times the gradients, with a minus sign); torch's holds gradients.",
                "In torch's variables: buf_new = momentum * buf + grad, theta_new = theta - lr * buf_new "
                "(the velocity is v = -lr * buf).", _velocity),
        Mistake("theta is right, but you returned the old buffer.",
                "Return the new one, `return theta_new, buf_new`, so the next step remembers this "
                "gradient.", _buffer_not_returned),
        Mistake("the old buffer does not decay: you wrote buf + grad.",
                "buf_new = momentum * buf + grad.", _no_momentum_factor),
    ],
    also_reference=(optim.SGD.update,),
    debug_hint="Check one step by hand: momentum_step(np.array([1.0]), np.array([0.5]), "
               "np.array([0.2]), 0.1, 0.9) should give theta_new 0.932, buf_new 0.68.",
)
check_momentum_step = make_check(MOMENTUM_STEP)
