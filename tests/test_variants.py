"""adamlib.variants: optax's AMSGrad (max of the corrected v) and Keras's eps-hat Adam."""
import numpy as np
import pytest

from adamlib.optim import Adam
from adamlib.variants import AMSGradCorrected, KerasAdam


def run(opt, grads, p0=0.0):
    p = np.array([p0])
    state = opt.init(p)
    ps = []
    for g in grads:
        p, state = opt.step(p, np.array([g]), state)
        ps.append(p[0])
    return np.array(ps), state


def test_amsgrad_corrected_differs_from_torch_amsgrad_as_derived_by_hand():
    # beta1 = beta2 = 0.5, gradients 1 then 0, lr = 1, eps = 0.
    # step 1: m = 0.5, v = 0.5, v_hat = 1                      -> both move by 1
    # step 2: m = 0.25 (m_hat = 1/3), v = 0.25 (v_hat = 1/3)
    #   optax: v_max = max(1, 1/3) = 1                          -> moves by 1/3
    #   torch: v_max = max(0.5, 0.25) = 0.5, / (1 - 0.25)       -> moves by (1/3) / sqrt(2/3)
    kw = dict(lr=1.0, betas=(0.5, 0.5), eps=0.0)
    ours, _ = run(AMSGradCorrected(**kw), [1.0, 0.0])
    torch_style, _ = run(Adam(amsgrad=True, **kw), [1.0, 0.0])
    np.testing.assert_allclose(ours, [-1.0, -1.0 - 1 / 3], rtol=1e-14)
    np.testing.assert_allclose(torch_style, [-1.0, -1.0 - (1 / 3) / np.sqrt(2 / 3)], rtol=1e-14)


def test_amsgrad_corrected_denominator_never_decreases():
    grads = np.random.default_rng(1).standard_normal(200) * np.repeat([5.0, 0.1, 1.0, 0.01], 50)
    opt = AMSGradCorrected(lr=1e-2, betas=(0.9, 0.99))
    p, state = np.zeros(1), opt.init(np.zeros(1))
    v_max = []
    for g in grads:
        p, state = opt.step(p, np.array([g]), state)
        v_max.append(state["v_max"][0])
        assert state["v_max"][0] >= state["v"][0] / (1 - 0.99 ** state["step"]) - 1e-15
    assert np.all(np.diff(v_max) >= 0) and v_max[-1] > 0


def test_constant_gradient_every_variant_takes_the_same_step():
    # with g constant, m_hat = g and v_hat = g^2 exactly: every step is lr * g / (|g| + eps)
    g, lr, eps = 0.3, 0.01, 1e-8
    for opt in (Adam(lr=lr, eps=eps), Adam(lr=lr, eps=eps, amsgrad=True),
                AMSGradCorrected(lr=lr, eps=eps)):
        ps, _ = run(opt, [g] * 10)
        np.testing.assert_allclose(np.diff(ps, prepend=0.0), -lr * g / (g + eps), rtol=1e-12)


@pytest.mark.parametrize("g", [1.0, 1e-3, 1e-6, -2e-8])
def test_keras_first_step_closed_form(g):
    # m = (1-b1) g, v = (1-b2) g^2, lr_1 = lr sqrt(1-b2)/(1-b1)
    # -> step = lr * g / (|g| + eps / sqrt(1 - b2))
    lr, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-7
    ps, _ = run(KerasAdam(lr=lr, betas=(b1, b2), eps=eps), [g])
    assert ps[0] == pytest.approx(-lr * g / (abs(g) + eps / np.sqrt(1 - b2)), rel=1e-12)


def test_keras_adam_is_torch_adam_with_eps_divided_by_sqrt_of_bias_correction():
    grads = np.random.default_rng(2).standard_normal(30) * 1e-5
    b2, eps = 0.999, 1e-7
    keras, _ = run(KerasAdam(lr=1e-3, betas=(0.9, b2), eps=eps), grads)
    adam = Adam(lr=1e-3, betas=(0.9, b2), eps=eps)
    p, state, torch_style = np.zeros(1), adam.init(np.zeros(1)), []
    for t, g in enumerate(grads, start=1):
        adam.eps = eps / np.sqrt(1 - b2**t)
        p, state = adam.step(p, np.array([g]), state)
        torch_style.append(p[0])
    np.testing.assert_allclose(keras, torch_style, rtol=1e-12)


def test_keras_adam_with_eps_zero_is_adam():
    grads = np.random.default_rng(3).standard_normal(25)
    keras, _ = run(KerasAdam(lr=1e-2, eps=0.0), grads)
    adam, _ = run(Adam(lr=1e-2, eps=0.0), grads)
    np.testing.assert_allclose(keras, adam, rtol=1e-12)
