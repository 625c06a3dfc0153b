"""adamlib.steps: each exercise's reference answer equals its adamlib.optim twin (itself checked
against torch.optim), step after step; ema equals its closed form; mse_gradient equals finite
differences."""
import inspect

import numpy as np
import pytest

from adamlib import optim, steps

STEPS = 60
TOLERANCE = 1e-12  # relative: what is left is round-off from a different order of operations


def random_grads(seed, shape, steps=STEPS):
    """Gradients whose size changes over the run (x1e-3 ... x1e3), so v both grows and falls."""
    rng = np.random.default_rng(seed)
    scales = 10.0 ** rng.uniform(-3, 3, size=(steps,) + (1,) * len(shape))
    return scales * rng.normal(size=(steps, *shape))


def takes_t(step_fn):
    return "t" in inspect.signature(step_fn).parameters


def relative_difference(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300)))


# (step function, its hyperparameters, the optim twin, the twin's state slots, in output order)
TWINS = [
    (steps.sgd_step, dict(lr=0.05), optim.SGD(lr=0.05), ()),
    (steps.momentum_step, dict(lr=0.05, momentum=0.9), optim.SGD(lr=0.05, momentum=0.9),
     ("momentum_buffer",)),
    (steps.nesterov_step, dict(lr=0.05, momentum=0.9), optim.SGD(lr=0.05, momentum=0.9, nesterov=True),
     ("momentum_buffer",)),
    (steps.adagrad_step, dict(lr=0.1, eps=1e-10), optim.Adagrad(lr=0.1, eps=1e-10), ("sum",)),
    (steps.rmsprop_step, dict(lr=0.01, alpha=0.9, eps=1e-6), optim.RMSprop(lr=0.01, alpha=0.9, eps=1e-6),
     ("square_avg",)),
    (steps.adam_step, dict(lr=0.01, beta1=0.8, beta2=0.99, eps=1e-6),
     optim.Adam(lr=0.01, betas=(0.8, 0.99), eps=1e-6), ("m", "v")),
    (steps.amsgrad_step, dict(lr=0.01, beta1=0.8, beta2=0.99, eps=1e-6),
     optim.Adam(lr=0.01, betas=(0.8, 0.99), eps=1e-6, amsgrad=True), ("m", "v", "v_max")),
    (steps.adamw_step, dict(lr=0.01, beta1=0.8, beta2=0.99, eps=1e-6, weight_decay=0.1),
     optim.AdamW(lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1), ("m", "v")),
]


@pytest.mark.parametrize("step_fn,hyper,twin,slots", TWINS, ids=[t[0].__name__ for t in TWINS])
@pytest.mark.parametrize("shape", [(1,), (5,), (2, 3)])
def test_step_matches_its_optim_twin_over_many_steps(step_fn, hyper, twin, slots, shape):
    rng = np.random.default_rng(1)
    theta = rng.normal(size=shape)
    state = twin.init(theta)
    ours = [theta] + [np.zeros(shape) for _ in slots]  # theta, then the state arrays, all starting at 0
    theta_twin = theta
    for t, grad in enumerate(random_grads(2, shape), start=1):
        theta_twin, state = twin.step(theta_twin, grad, state)
        args = [ours[0], grad, *ours[1:]] + ([t] if takes_t(step_fn) else [])
        out = step_fn(*args, **hyper)
        ours = list(out) if isinstance(out, tuple) else [out]
        assert relative_difference(ours[0], theta_twin) <= TOLERANCE, f"theta at step {t}"
        for name, value in zip(slots, ours[1:]):
            assert relative_difference(value, state[name]) <= TOLERANCE, f"{name} at step {t}"


def test_momentum_first_step_is_plain_sgd_because_the_buffer_starts_at_the_gradient():
    theta, grad = np.array([1.0, -2.0]), np.array([0.5, 4.0])
    theta_new, buf = steps.momentum_step(theta, grad, np.zeros(2), lr=0.1, momentum=0.9)
    np.testing.assert_array_equal(buf, grad)
    np.testing.assert_array_equal(theta_new, steps.sgd_step(theta, grad, 0.1))


def test_first_adam_step_has_size_lr_in_every_coordinate():
    # m_hat = g and v_hat = g^2 after one step, so the step is lr * g / |g| (up to eps)
    grad = np.array([1e-3, -2.0, 1e3])
    theta_new, _, _ = steps.adam_step(np.zeros(3), grad, np.zeros(3), np.zeros(3), t=1, lr=0.01)
    np.testing.assert_allclose(theta_new, -0.01 * np.sign(grad), rtol=1e-4)


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9, 0.99])
@pytest.mark.parametrize("n", [1, 2, 7, 40])
def test_ema_equals_the_closed_form_sum(beta, n):
    xs = np.random.default_rng(n).normal(size=n)
    closed = [sum((1 - beta) * beta ** (k - j) * xs[j] for j in range(k + 1)) for k in range(n)]
    np.testing.assert_allclose(steps.ema(xs, beta), closed, rtol=1e-12, atol=1e-15)


def test_ema_equals_folding_the_optim_piece():
    xs = np.random.default_rng(3).normal(size=30)
    m, folded = 0.0, []
    for x in xs:
        m = optim.pieces.ema(m, x, 0.9)
        folded.append(m)
    np.testing.assert_allclose(steps.ema(xs, 0.9), folded, rtol=1e-14)


def test_ema_of_a_constant_is_pulled_to_zero_by_exactly_one_minus_beta_to_the_k():
    k = np.arange(1, 11)
    np.testing.assert_allclose(steps.ema(np.full(10, 3.0), 0.8), 3.0 * (1 - 0.8**k), rtol=1e-14)


def test_ema_has_the_length_of_its_input_and_accepts_integers():
    np.testing.assert_allclose(steps.ema(np.array([2, 2]), 0.5), [1.0, 1.5])


def test_mse_gradient_on_the_course_toy_data_by_hand():
    # errors at w = b = 0: -1, -2  ->  dw = mean(2 * [-1, -2] * [1, 2]) = -5, db = mean(2 * [-1, -2]) = -3
    dw, db = steps.mse_gradient(0.0, 0.0, np.array([1.0, 2.0]), np.array([1.0, 2.0]))
    assert (dw, db) == (-5.0, -3.0)
    assert steps.mse_gradient(1.0, 0.0, np.array([1.0, 2.0]), np.array([1.0, 2.0])) == (0.0, 0.0)


@pytest.mark.parametrize("shape", [(1,), (6,), (2, 3)])
def test_mse_gradient_matches_finite_differences(shape):
    rng = np.random.default_rng(4)
    x, y = rng.normal(size=shape), rng.normal(size=shape)
    w, b, h = 0.7, -0.3, 1e-6

    def loss(w, b):
        return np.mean((w * x + b - y) ** 2)

    dw, db = steps.mse_gradient(w, b, x, y)
    assert dw == pytest.approx((loss(w + h, b) - loss(w - h, b)) / (2 * h), rel=1e-7)
    assert db == pytest.approx((loss(w, b + h) - loss(w, b - h)) / (2 * h), rel=1e-7)


@pytest.mark.parametrize("step_fn,hyper,twin,slots", TWINS, ids=[t[0].__name__ for t in TWINS])
def test_steps_do_not_change_their_arguments(step_fn, hyper, twin, slots):
    rng = np.random.default_rng(5)
    args = [rng.normal(size=3), rng.normal(size=3)] + [np.abs(rng.normal(size=3)) for _ in slots]
    if takes_t(step_fn):
        args.append(2)
    copies = [np.copy(a) for a in args]
    step_fn(*args, **hyper)
    for before, after in zip(copies, args):
        np.testing.assert_array_equal(before, after)


@pytest.mark.parametrize("shape", [(1,), (5,), (2, 3)])
def test_adam_inplace_writes_adam_steps_numbers_into_its_arguments_and_returns_none(shape):
    rng = np.random.default_rng(3)
    theta = rng.normal(size=shape)
    theta_ip, m_ip, v_ip = theta.copy(), np.zeros(shape), np.zeros(shape)
    m, v = np.zeros(shape), np.zeros(shape)
    hyper = dict(lr=0.01, beta1=0.8, beta2=0.99, eps=1e-6)
    for t, grad in enumerate(random_grads(4, shape), start=1):
        kept = grad.copy()
        assert steps.adam_inplace(theta_ip, grad, m_ip, v_ip, t, **hyper) is None
        theta, m, v = steps.adam_step(theta, grad, m, v, t, **hyper)
        assert np.array_equal(grad, kept)
        for ours, theirs in ((theta_ip, theta), (m_ip, m), (v_ip, v)):
            assert relative_difference(ours, theirs) < TOLERANCE
