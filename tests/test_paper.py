"""adamlib.paper: Algorithm 1 as printed, tied to adamlib.optim.Adam, torch and closed forms."""
import importlib.util
import inspect

import numpy as np
import pytest

from adamlib import paper
from adamlib.optim import Adam
from adamlib.optim import transforms as transforms_module
from adamlib.optim import base as base_module

HAS_TORCH = importlib.util.find_spec("torch") is not None


def noisy_quadratic_grad(theta, t):
    """Gradient of 0.5 * sum(scales * theta**2) plus noise fixed by t: a stochastic objective."""
    scales = np.array([1.0, 30.0, 1e-3])
    noise = np.random.default_rng(t).normal(size=3)
    return scales * theta + 0.1 * noise


def run_optim_adam(theta0, steps, **hyper):
    opt = Adam(**hyper)
    theta = np.array(theta0, dtype=np.float64)
    state = opt.init(theta)
    out = [theta]
    for t in range(1, steps + 1):
        theta, state = opt.step(theta, noisy_quadratic_grad(theta, t), state)
        out.append(theta)
    return np.array(out)


@pytest.mark.parametrize("eps", [1e-8, 1e-3])
def test_algorithm_1_matches_adamlib_optim_adam_step_by_step(eps):
    theta0 = [1.0, -2.0, 3.0]
    printed = paper.algorithm_1(noisy_quadratic_grad, theta0, 300, alpha=0.05, eps=eps)
    library = run_optim_adam(theta0, 300, lr=0.05, eps=eps)
    # Same maths, different order of operations: agree to rounding.
    np.testing.assert_allclose(printed, library, rtol=1e-12, atol=1e-14)


@pytest.mark.skipif(not HAS_TORCH, reason="compares with torch.optim.Adam, which is not installed")
def test_algorithm_1_matches_torch_optim_adam():
    import torch

    theta0 = np.array([1.0, -2.0, 3.0])
    p = torch.tensor(theta0, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([p], lr=0.05)
    expected = [theta0]
    for t in range(1, 101):
        p.grad = torch.tensor(noisy_quadratic_grad(p.detach().numpy().copy(), t))
        opt.step()
        expected.append(p.detach().numpy().copy())
    printed = paper.algorithm_1(noisy_quadratic_grad, theta0, 100, alpha=0.05)
    np.testing.assert_allclose(printed, np.array(expected), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3])
def test_algorithm_1_first_step_is_alpha_times_g_over_abs_g_plus_eps(scale):
    # t = 1: m_hat = g, v_hat = g^2, so the step is alpha * g / (|g| + eps): about alpha.
    g = np.array([scale, -2 * scale])
    traj = paper.algorithm_1(lambda theta, t: g, np.zeros(2), 1, alpha=0.1, eps=1e-8)
    np.testing.assert_allclose(traj[1], -0.1 * g / (np.abs(g) + 1e-8), rtol=1e-14)


def test_efficient_form_without_eps_is_algorithm_1_without_eps():
    theta0 = [1.0, -2.0, 3.0]
    a = paper.algorithm_1(noisy_quadratic_grad, theta0, 200, alpha=0.05, eps=0.0)
    b = paper.efficient_form(noisy_quadratic_grad, theta0, 200, alpha=0.05, eps_hat=0.0)
    np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


def test_efficient_form_first_step_uses_eps_hat_over_sqrt_one_minus_beta2():
    # t = 1: alpha_1 = alpha*sqrt(1-b2)/(1-b1), m = (1-b1) g, sqrt(v) = sqrt(1-b2)|g|, so
    # step = alpha * g / (|g| + eps_hat / sqrt(1 - b2)).  With |g| = eps_hat the step is
    # about alpha / 32.6, while Algorithm 1 with eps = eps_hat still steps alpha / 2.
    g = np.array([1e-7])
    eff = paper.efficient_form(lambda theta, t: g, np.zeros(1), 1, alpha=1.0, eps_hat=1e-7)
    alg = paper.algorithm_1(lambda theta, t: g, np.zeros(1), 1, alpha=1.0, eps=1e-7)
    np.testing.assert_allclose(eff[1], -g / (g + 1e-7 / np.sqrt(1 - 0.999)), rtol=1e-12)
    np.testing.assert_allclose(alg[1], [-0.5], rtol=1e-12)


def test_algorithm_1_trajectory_has_steps_plus_one_rows_starting_at_theta0():
    traj = paper.algorithm_1(noisy_quadratic_grad, [1.0, 2.0, 3.0], 7)
    assert traj.shape == (8, 3)
    np.testing.assert_array_equal(traj[0], [1.0, 2.0, 3.0])


def test_every_code_fragment_of_the_table_is_in_adamlib_optim():
    source = inspect.getsource(transforms_module) + inspect.getsource(base_module)
    missing = [code for _, code, _ in paper.ALGORITHM_1 if code not in source]
    assert not missing, f"these table entries no longer appear in adamlib.optim: {missing}"
