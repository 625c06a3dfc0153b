"""adamlib.nn: every backward pass against central finite differences (float64).

The gradient check is shown to be real: the same check FAILS on a ReLU whose
backward lets the gradient through where x < 0.
"""
import importlib.util

import numpy as np
import pytest

from adamlib import tree
from adamlib.data import load_digits, train_test_split
from adamlib.nn import (Linear, ReLU, Sequential, Sigmoid, Tanh, mlp, numerical_gradient,
                        relative_error, softmax_cross_entropy, train_epoch, weight_std)
from adamlib.optim import SGD, Adam

TOLERANCE = 1e-6
HAVE_TORCH = importlib.util.find_spec("torch") is not None


def away_from_zero(rng, shape):
    """Inputs with |x| >= 0.1, so the finite-difference step never crosses ReLU's kink."""
    x = rng.normal(size=shape)
    return np.where(np.abs(x) < 0.1, np.sign(x + 1e-12) * 0.1 + x, x)


def layer_gradient_errors(layer, params, x, rng):
    """Relative errors of backward's dx and dparams against finite differences of
    the scalar L = sum(forward(x) * R), whose upstream gradient is R."""
    out, _ = layer.forward(params, x)
    R = rng.normal(size=out.shape)

    def L_of_x(x_):
        return float(np.sum(layer.forward(params, x_)[0] * R))

    def L_of_params(p_):
        return float(np.sum(layer.forward(p_, x)[0] * R))

    _, cache = layer.forward(params, x)
    dx, dparams = layer.backward(params, cache, R)
    errors = {"x": relative_error(dx, numerical_gradient(L_of_x, x))}
    if params:
        errors["params"] = relative_error(dparams, numerical_gradient(L_of_params, params))
    return errors


@pytest.mark.parametrize("layer", [ReLU(), Tanh(), Sigmoid()], ids=repr)
def test_activation_backward_matches_finite_differences(layer):
    rng = np.random.default_rng(1)
    errors = layer_gradient_errors(layer, {}, away_from_zero(rng, (5, 7)), rng)
    assert errors["x"] < TOLERANCE


def test_linear_backward_matches_finite_differences_for_x_W_and_b():
    rng = np.random.default_rng(2)
    layer = Linear(4, 3, init="xavier")
    params = layer.init(rng)
    params["b"] = rng.normal(size=3)  # a nonzero bias, so db is not checked only at 0
    errors = layer_gradient_errors(layer, params, rng.normal(size=(6, 4)), rng)
    assert errors["x"] < TOLERANCE
    assert errors["params"] < TOLERANCE


def test_softmax_cross_entropy_gradient_matches_finite_differences():
    rng = np.random.default_rng(3)
    logits, labels = 3 * rng.normal(size=(8, 5)), rng.integers(0, 5, size=8)
    _, dlogits = softmax_cross_entropy(logits, labels)
    numeric = numerical_gradient(lambda z: softmax_cross_entropy(z, labels)[0], logits)
    assert relative_error(dlogits, numeric) < TOLERANCE


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_full_network_loss_gradient_matches_finite_differences(activation):
    rng = np.random.default_rng(4)
    model = mlp([5, 6, 4, 3], activation=activation)
    params = model.init(rng)
    for layer in params:
        layer["b"] = 0.1 * rng.normal(size=layer["b"].shape)
    X, y = rng.normal(size=(7, 5)), rng.integers(0, 3, size=7)
    _, grads = model.loss_and_grads(params, X, y)
    numeric = numerical_gradient(lambda p: model.loss(p, X, y), params)
    tree.check_same_structure(params, grads)
    assert relative_error(grads, numeric) < TOLERANCE


class LeakyBackwardReLU(ReLU):
    """A deliberately wrong ReLU: backward passes the gradient where x < 0 too."""

    def backward(self, params, cache, dy):
        return dy, {}


def test_gradient_check_catches_a_wrong_relu_backward():
    rng = np.random.default_rng(1)
    x = away_from_zero(rng, (5, 7))
    assert layer_gradient_errors(ReLU(), {}, x, rng)["x"] < TOLERANCE
    assert layer_gradient_errors(LeakyBackwardReLU(), {}, x, rng)["x"] > 0.1


def test_gradient_check_catches_a_wrong_relu_inside_a_network():
    rng = np.random.default_rng(5)
    good = Sequential(Linear(5, 6), ReLU(), Linear(6, 3))
    bad = Sequential(Linear(5, 6), LeakyBackwardReLU(), Linear(6, 3))
    params = good.init(rng)
    X, y = rng.normal(size=(7, 5)), rng.integers(0, 3, size=7)
    numeric = numerical_gradient(lambda p: good.loss(p, X, y), params)
    assert relative_error(good.loss_and_grads(params, X, y)[1], numeric) < TOLERANCE
    assert relative_error(bad.loss_and_grads(params, X, y)[1], numeric) > 0.01


def test_softmax_cross_entropy_closed_forms():
    # All logits equal: p = 1/C for every class, loss = log C, grad = (1/C - onehot) / n.
    n, C = 4, 5
    labels = np.array([0, 1, 4, 2])
    loss, grad = softmax_cross_entropy(np.zeros((n, C)), labels)
    assert loss == pytest.approx(np.log(C), rel=1e-15)
    expected = np.full((n, C), 1.0 / C)
    expected[np.arange(n), labels] -= 1.0
    np.testing.assert_allclose(grad, expected / n, rtol=1e-15)


def test_softmax_cross_entropy_is_stable_for_huge_logits():
    # logits (1000, 0): -log p(0) = log(1 + e^-1000) = 0 in float64; -log p(1) = 1000 + log(1 + e^-1000).
    logits = np.array([[1000.0, 0.0], [1000.0, 0.0]])
    loss, grad = softmax_cross_entropy(logits, np.array([0, 1]))
    assert np.isfinite(grad).all()
    assert loss == pytest.approx((0.0 + 1000.0) / 2, rel=1e-15)
    np.testing.assert_allclose(grad, [[0.0, 0.0], [0.5, -0.5]], atol=1e-300)


def test_sigmoid_does_not_overflow_and_matches_its_definition():
    x = np.array([-1000.0, -5.0, 0.0, 2.0, 1000.0])
    with np.errstate(all="raise"):
        y, _ = Sigmoid().forward({}, x)
    with np.errstate(over="ignore"):
        np.testing.assert_allclose(y, 1.0 / (1.0 + np.exp(-x)), rtol=1e-14, atol=0)


@pytest.mark.skipif(not HAVE_TORCH, reason="torch not installed")
def test_loss_and_grads_match_torch_autograd():
    import torch

    rng = np.random.default_rng(6)
    model = mlp([6, 5, 4, 3], activation="tanh")
    params = model.init(rng)
    X, y = rng.normal(size=(9, 6)), rng.integers(0, 3, size=9)
    loss, grads = model.loss_and_grads(params, X, y)
    tp = [{k: torch.tensor(v, requires_grad=True) for k, v in layer.items()} for layer in params]
    h = torch.tensor(X)
    for k, layer in enumerate(tp):
        h = h @ layer["W"] + layer["b"]
        if k < len(tp) - 1:
            h = torch.tanh(h)
    torch_loss = torch.nn.functional.cross_entropy(h, torch.tensor(y))
    torch_loss.backward()
    assert loss == pytest.approx(torch_loss.item(), rel=1e-12)
    torch_grads = [{k: v.grad.numpy() for k, v in layer.items()} for layer in tp]
    assert relative_error(grads, torch_grads) < 1e-12


def test_params_are_a_list_of_W_b_dicts_that_optimizers_take():
    rng = np.random.default_rng(7)
    model = mlp([64, 32, 16, 10], activation="relu")
    params = model.init(rng)
    assert [sorted(p) for p in params] == [["W", "b"]] * 3
    assert [p["W"].shape for p in params] == [(64, 32), (32, 16), (16, 10)]
    assert all(leaf.dtype == np.float64 for leaf in tree.leaves(params))
    assert all(np.all(p["b"] == 0) for p in params)
    X, y = rng.random(size=(5, 64)), rng.integers(0, 10, size=5)
    loss, grads = model.loss_and_grads(params, X, y)
    opt = Adam(lr=1e-2)
    new_params, state = opt.step(params, grads, opt.init(params))
    assert state["step"] == 1
    assert model.loss(new_params, X, y) < loss


def test_mlp_builds_linear_layers_with_the_activation_between():
    model = mlp([3, 4, 5, 2], activation="sigmoid")
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds == ["Linear", "Sigmoid", "Linear", "Sigmoid", "Linear"]
    assert [layer.init_scheme for layer in model.layers[::2]] == ["xavier"] * 3
    assert [layer.init_scheme for layer in mlp([3, 4, 2]).layers[::2]] == ["he", "he"]
    with pytest.raises(ValueError, match="activation"):
        mlp([3, 2], activation="swish")


def test_params_of_the_wrong_length_are_rejected():
    model = mlp([3, 4, 2])
    params = model.init(np.random.default_rng(0))
    with pytest.raises(ValueError, match="2 layers with parameters"):
        model.forward(params[:1], np.zeros((1, 3)))


@pytest.mark.parametrize("scheme,fan_in,fan_out,expected", [
    ("he", 200, 100, np.sqrt(2 / 200)),
    ("xavier", 200, 100, np.sqrt(2 / 300)),
    ("small", 200, 100, 0.01),
    (0.3, 200, 100, 0.3),
])
def test_initial_weights_have_the_scheme_std(scheme, fan_in, fan_out, expected):
    assert weight_std(scheme, fan_in, fan_out) == pytest.approx(expected, rel=1e-15)
    W = Linear(fan_in, fan_out, init=scheme).init(np.random.default_rng(8))["W"]
    # 20,000 draws: the sample std is within 3 % of the true one with overwhelming probability.
    assert W.std() == pytest.approx(expected, rel=0.03)
    assert abs(W.mean()) < 0.05 * expected


def test_predict_and_accuracy_on_hand_made_weights():
    # One Linear layer with W = identity: the predicted class is the largest input.
    model = Sequential(Linear(3, 3))
    params = [{"W": np.eye(3), "b": np.zeros(3)}]
    X = np.array([[0.1, 0.9, 0.0], [2.0, 1.0, 0.0], [0.0, 0.0, -1.0], [0.0, 1.0, 3.0]])
    np.testing.assert_array_equal(model.predict(params, X), [1, 0, 0, 2])
    assert model.accuracy(params, X, np.array([1, 0, 2, 2])) == 0.75


def test_train_epoch_takes_one_step_per_minibatch_and_learns_the_digits():
    X, y = load_digits()
    X_train, X_test, y_train, y_test = train_test_split(X, y, seed=0)
    rng = np.random.default_rng(0)
    model = mlp([64, 32, 10])
    params = model.init(rng)
    opt = SGD(lr=0.1, momentum=0.9)
    state = opt.init(params)
    before = model.loss(params, X_train, y_train)
    for epoch in range(1, 4):
        params, state, mean_loss = train_epoch(model, params, opt, state, X_train, y_train, 50, rng)
        assert state["step"] == epoch * int(np.ceil(len(X_train) / 50))
    assert model.loss(params, X_train, y_train) < 0.25 * before
    assert model.accuracy(params, X_test, y_test) > 0.9  # chance is 0.1
    assert isinstance(mean_loss, float) and 0 < mean_loss < before


def test_train_epoch_mean_loss_is_the_size_weighted_mean_of_batch_losses():
    # With lr = 0 the params never move, so every batch loss is measured at the
    # same params and the size-weighted mean must equal the loss on all the data.
    rng = np.random.default_rng(9)
    model = mlp([4, 5, 3])
    params = model.init(rng)
    X, y = rng.normal(size=(23, 4)), rng.integers(0, 3, size=23)
    opt = SGD(lr=0.0)
    _, state, mean_loss = train_epoch(model, params, opt, opt.init(params), X, y, 10, rng)
    assert state["step"] == 3
    assert mean_loss == pytest.approx(model.loss(params, X, y), rel=1e-12)
