"""Lesson 08's optimizers (Adadelta, Adafactor, Lion, Muon, ScheduleFreeAdamW) and PerParameter:
update rules derived by hand, validation, the interface (trees, state, no mutation)."""
import copy
import math

import numpy as np
import pytest

from adamlib import optim
from adamlib.optim import (Adadelta, Adafactor, AdamW, Lion, Muon, PerParameter, ScheduleFreeAdamW,
                           newton_schulz)

NEW = list(optim.AFTER_ADAM.values())
ids = [cls.__name__ for cls in NEW]


def params0(cls=None):
    """A matrix and a vector (Muon: two matrices, it takes nothing else)."""
    w = np.array([[1.0, -2.0, 0.5], [0.5, 3.0, -1.0]])
    if cls is Muon:
        return {"w": w, "v": np.array([[0.3, -0.2], [0.1, 0.4], [-0.5, 0.2]])}
    return {"w": w, "b": np.array([0.1, -0.2, 0.3])}


def quadratic_grad(p):
    return {k: np.linspace(0.5, 2.0, v.size).reshape(v.shape) * v + 0.1 for k, v in p.items()}


def one_step(opt, p, g):
    p = np.asarray(p, dtype=float)
    return opt.step(p, np.asarray(g, dtype=float), opt.init(p))


# --- Adadelta ------------------------------------------------------------------------------------

def test_adadelta_two_steps_by_hand():
    rho, eps, lr = 0.9, 1e-6, 1.0  # noqa: F841 - rho = 0.9 is written into the numbers below by hand
    g1, g2 = 2.0, -1.0
    v1 = 0.1 * 4.0
    d1 = math.sqrt(0 + eps) / math.sqrt(v1 + eps) * g1
    u1 = 0.1 * d1**2
    v2 = 0.9 * v1 + 0.1 * 1.0
    d2 = math.sqrt(u1 + eps) / math.sqrt(v2 + eps) * g2
    opt = Adadelta()
    p1, s1 = opt.step(np.array([0.0]), np.array([g1]), opt.init(np.zeros(1)))
    p2, s2 = opt.step(p1, np.array([g2]), s1)
    np.testing.assert_allclose(p1, [-lr * d1], rtol=1e-14)
    np.testing.assert_allclose(p2, [-lr * d1 - lr * d2], rtol=1e-14)
    np.testing.assert_allclose(s2["acc_delta"], [0.9 * u1 + 0.1 * d2**2], rtol=1e-14)


def test_adadelta_first_step_is_about_sqrt_eps_whatever_the_gradient_scale():
    # u starts at 0, so the numerator is sqrt(eps): the "units" come from the past steps
    for g in (1.0, 1e3, 1e6):  # step = sqrt(eps) / sqrt((1 - rho) + eps / g^2): eps / g^2 is tiny here
        p1, _ = one_step(Adadelta(eps=1e-6), [0.0], [g])
        np.testing.assert_allclose(-p1, [1e-3 / math.sqrt(0.1)], rtol=1e-5)


# --- Adafactor -----------------------------------------------------------------------------------

def test_adafactor_factored_second_moment_of_a_2x2_by_hand():
    G = np.array([[1.0, 2.0], [3.0, 4.0]])
    # t = 1: beta2_t = 0, so R = row means of G^2 = (2.5, 12.5), C = column means = (5, 10),
    # mean(R) = 7.5 and V = R C^T / 7.5 = [[5/3, 10/3], [25/3, 50/3]]
    V = np.array([[5 / 3, 10 / 3], [25 / 3, 50 / 3]])
    U = G / np.sqrt(V)  # RMS(U) = sqrt(0.96) < d = 1: no clipping
    P = np.array([[0.5, -0.5], [1.0, 2.0]])
    alpha = math.sqrt((0.25 + 0.25 + 1 + 4) / 4) * 0.01  # RMS(P) * min(lr, 1/sqrt(1))
    opt = Adafactor()
    P1, state = opt.step(P, G, opt.init(P))
    np.testing.assert_allclose(state["row_var"], [[2.5], [12.5]], rtol=1e-15)
    np.testing.assert_allclose(state["col_var"], [[5.0, 10.0]], rtol=1e-15)
    np.testing.assert_allclose(P1, P - alpha * U, rtol=1e-14)


def test_adafactor_is_exact_for_a_rank_one_g_squared_so_the_first_step_is_a_sign_step():
    a, b = np.array([1.0, -3.0]), np.array([0.5, 2.0, -1.0])
    G = np.outer(a, b)  # G^2 = outer(a^2, b^2): its factored estimate is exact
    P = np.full((2, 3), 2.0)
    P1, _ = one_step(Adafactor(lr=0.01), P, G)
    np.testing.assert_allclose(P1, P - 2.0 * 0.01 * np.sign(G), rtol=1e-13)


def test_adafactor_keeps_n_plus_m_numbers_for_a_matrix_and_a_full_moment_for_a_vector():
    state = Adafactor().init({"W": np.zeros((30, 20)), "b": np.zeros(20), "K": np.zeros((4, 30, 20))})
    assert state["row_var"]["W"].shape == (30, 1) and state["col_var"]["W"].shape == (1, 20)
    assert state["variance"]["W"].size == 0  # unused slots are empty arrays
    assert state["variance"]["b"].shape == (20,) and state["row_var"]["b"].size == 0
    assert state["row_var"]["K"].shape == (4, 30, 1) and state["col_var"]["K"].shape == (4, 1, 20)
    floats = sum(leaf.size for name in Adafactor.slots for leaf in state[name].values())
    assert floats == (30 + 20) + 20 + 4 * (30 + 20)


def test_adafactor_clips_the_update_rms_at_d_and_caps_the_relative_step():
    # step 1 with g = 0 leaves p and V at 0; step 2: beta2_t = 1 - 2^-0.8, V = (1 - beta2_t) g^2,
    # U = sign(g) / sqrt(1 - beta2_t) has RMS > 1 = d, so it is clipped back to sign(g)
    opt = Adafactor(lr=0.5)
    p = np.array([3.0, -4.0])
    p1, s1 = opt.step(p, np.zeros(2), opt.init(p))
    np.testing.assert_array_equal(p1, p)
    p2, _ = opt.step(p1, np.array([1.0, -1.0]), s1)
    rho2 = min(0.5, 1 / math.sqrt(2))  # lr caps the relative step
    np.testing.assert_allclose(p2, p - math.sqrt(12.5) * rho2 * np.array([1.0, -1.0]), rtol=1e-14)


def test_adafactor_weight_decay_is_decoupled_and_alpha_uses_the_undecayed_p():
    p = np.array([2.0, 2.0])
    p1, _ = one_step(Adafactor(lr=0.1, weight_decay=0.5), p, [1.0, 1.0])
    np.testing.assert_allclose(p1, p * (1 - 0.05) - 2.0 * 0.1 * 1.0, rtol=1e-14)


# --- Muon ----------------------------------------------------------------------------------------

def scalar_newton_schulz(s, coefficients=(3.4445, -4.7750, 2.0315), steps=5):
    """What the iteration does to each singular value: s <- a s + b s^3 + c s^5, after s / ||s||."""
    a, b, c = coefficients
    s = np.asarray(s, dtype=float) / np.linalg.norm(s)
    for _ in range(steps):
        s = a * s + b * s**3 + c * s**5
    return s


@pytest.mark.parametrize("shape", [(3, 3), (4, 2), (2, 5)])
def test_newton_schulz_acts_on_singular_values_alone(shape):
    rng = np.random.default_rng(0)
    k = min(shape)
    U = np.linalg.qr(rng.normal(size=(shape[0], k)))[0]
    V = np.linalg.qr(rng.normal(size=(shape[1], k)))[0]
    s = np.array([4.0, 1.0, 0.1])[:k]
    G = U @ np.diag(s) @ V.T
    np.testing.assert_allclose(newton_schulz(G), U @ np.diag(scalar_newton_schulz(s)) @ V.T, atol=1e-13)


def test_newton_schulz_gives_singular_values_near_one_and_keeps_float32():
    G = np.random.default_rng(1).normal(size=(20, 30)).astype(np.float32)
    O = newton_schulz(G)
    assert O.dtype == np.float32
    s = np.linalg.svd(O.astype(np.float64), compute_uv=False)
    assert 0.6 < s.min() and s.max() < 1.25  # "about U V^T", not exactly: by design
    with pytest.raises(ValueError, match=r"2-D matrix, got an array of shape \(3,\)"):
        newton_schulz(np.ones(3))


def test_muon_first_step_by_hand():
    # B1 = (1 - mu) G; Nesterov D = mu B1 + (1 - mu) G; Newton-Schulz divides by ||D||, so O = NS(G)
    G = np.diag([2.0, 0.5]) @ np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])  # 2 x 3, singular values 2, 0.5
    P = np.ones((2, 3))
    lr, wd = 0.02, 0.1
    O = np.zeros((2, 3))
    O[0, 0], O[1, 1] = scalar_newton_schulz([2.0, 0.5])
    P1, state = one_step(Muon(lr=lr, weight_decay=wd), P, G)
    np.testing.assert_allclose(state["momentum_buffer"], 0.05 * G, rtol=1e-15)
    np.testing.assert_allclose(P1, P * (1 - lr * wd) - lr * 1.0 * O, rtol=1e-13, atol=1e-15)


def test_muon_second_step_without_nesterov_uses_the_buffer():
    G1, G2 = np.eye(2), np.diag([1.0, -3.0])
    B2 = 0.9 * 0.1 * G1 + 0.1 * G2  # diag(0.19, -0.21)
    ns = scalar_newton_schulz([0.19, 0.21])
    opt = Muon(lr=0.1, momentum=0.9, nesterov=False, weight_decay=0.0)
    P1, s1 = opt.step(np.zeros((2, 2)), G1, opt.init(np.zeros((2, 2))))
    P2, s2 = opt.step(P1, G2, s1)
    np.testing.assert_allclose(s2["momentum_buffer"], B2, rtol=1e-15)
    np.testing.assert_allclose(P2 - P1, -0.1 * np.diag([ns[0], -ns[1]]), atol=1e-14)


def test_muon_learning_rate_adjustment_for_the_shape():
    assert Muon().lr_scale((8, 2)) == pytest.approx(2.0)  # sqrt(max(1, n / m))
    assert Muon().lr_scale((2, 8)) == 1.0
    assert Muon(adjust_lr_fn="original").lr_scale((8, 2)) == pytest.approx(2.0)
    assert Muon(adjust_lr_fn="match_rms_adamw").lr_scale((2, 8)) == pytest.approx(0.2 * math.sqrt(8))


def test_muon_refuses_anything_but_a_matrix_naming_it():
    with pytest.raises(ValueError, match=r"2-D parameters \(matrices\) only, but params\['b'\] has shape"):
        Muon().init(params0())
    with pytest.raises(ValueError, match=r"params has shape \(2, 2, 2\)"):
        Muon().init(np.zeros((2, 2, 2)))


# --- Lion ----------------------------------------------------------------------------------------

def test_lion_first_step_moves_every_coordinate_by_lr():
    g = np.array([1e-6, -5.0, 300.0])
    p1, state = one_step(Lion(lr=0.01, weight_decay=0.5), [1.0, 1.0, 1.0], g)
    np.testing.assert_allclose(p1, 1.0 - 0.01 * (np.sign(g) + 0.5 * 1.0), rtol=1e-15)
    np.testing.assert_allclose(state["m"], 0.01 * g, rtol=1e-15)  # m = (1 - beta2) g


def test_lion_signs_the_beta1_interpolation_not_the_updated_momentum():
    # g1 = 1, g2 = -0.5: m1 = 0.01; c = 0.9 * 0.01 + 0.1 * (-0.5) = -0.041 < 0, so p goes UP;
    # the updated momentum m2 = 0.99 * 0.01 + 0.01 * (-0.5) = 0.0049 > 0 would send it down.
    opt = Lion(lr=0.1)
    p1, s1 = opt.step(np.array([0.0]), np.array([1.0]), opt.init(np.zeros(1)))
    p2, s2 = opt.step(p1, np.array([-0.5]), s1)
    np.testing.assert_allclose(p2 - p1, [0.1])
    np.testing.assert_allclose(s2["m"], [0.0049], rtol=1e-13)


# --- Schedule-Free AdamW -------------------------------------------------------------------------

def test_schedule_free_two_steps_by_hand():
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    p0, g1, g2 = 1.0, 2.0, -1.0
    z1 = p0 - lr * g1 / (abs(g1) + eps)  # v_hat1 = g1^2
    x1 = y1 = z1  # c1 = lr^2 / lr^2 = 1: x jumps to z, and y = x = z
    v2 = b2 * (1 - b2) * g1**2 + (1 - b2) * g2**2
    z2 = z1 - lr * g2 / (math.sqrt(v2 / (1 - b2**2)) + eps)
    x2 = 0.5 * x1 + 0.5 * z2  # c2 = 1/2 with a constant lr: x is the plain average of z1, z2
    y2 = b1 * x2 + (1 - b1) * z2
    opt = ScheduleFreeAdamW(lr=lr)
    p1, s1 = opt.step(np.array([p0]), np.array([g1]), opt.init(np.array([p0])))
    np.testing.assert_allclose(p1, [y1], rtol=1e-15)
    p2, s2 = opt.step(p1, np.array([g2]), s1)
    np.testing.assert_allclose(p2, [y2], rtol=1e-14)
    np.testing.assert_allclose(s2["z"], [z2], rtol=1e-14)
    np.testing.assert_allclose(opt.eval_params(p2, s2), [x2], rtol=1e-14)
    assert s2["weight_sum"] == pytest.approx(2 * lr**2) and s2["max_lr"] == lr


def test_schedule_free_weight_decay_is_taken_at_y():
    opt = ScheduleFreeAdamW(lr=0.1, weight_decay=0.5)
    p1, _ = opt.step(np.array([2.0]), np.array([0.0]), opt.init(np.array([2.0])))  # g = 0: only the decay
    np.testing.assert_allclose(p1, [2.0 - 0.1 * 0.5 * 2.0], rtol=1e-15)


def test_schedule_free_warmup_first_z_step_is_zero_as_optax():
    opt = ScheduleFreeAdamW(lr=0.1, warmup_steps=4)
    p1, s1 = opt.step(np.array([1.0]), np.array([1.0]), opt.init(np.array([1.0])))
    np.testing.assert_array_equal(p1, [1.0])  # the z step uses lr_{t-1} = lr_0 = 0
    assert s1["max_lr"] == pytest.approx(0.025)  # while the weight uses lr_1 = lr / 4
    p2, s2 = opt.step(p1, np.array([1.0]), s1)
    np.testing.assert_allclose(s2["z"], [1.0 - 0.025 * 1.0 / (1.0 + 1e-8)], rtol=1e-14)


def test_every_optimizer_evaluates_at_its_params_except_schedule_free():
    p = params0()
    for cls in [*optim.ALL.values(), Adadelta, Adafactor, Lion]:
        opt = cls()
        new, state = opt.step(p, quadratic_grad(p), opt.init(p))
        assert opt.eval_params(new, state) is new
    opt = ScheduleFreeAdamW(lr=0.1)
    state = opt.init(p)
    for _ in range(3):
        p, state = opt.step(p, quadratic_grad(p), state)
    x = opt.eval_params(p, state)
    assert np.max(np.abs(x["w"] - p["w"])) > 1e-3
    y = 0.9 * x["w"] + 0.1 * state["z"]["w"]  # y = b1 x + (1 - b1) z
    np.testing.assert_allclose(y, p["w"], rtol=1e-14)


# The interface (trees, state, no mutation, dtypes, refusals) is tested for every optimizer,
# these included, in test_optim.py.


BAD_HYPERPARAMETERS = [
    (Adadelta, dict(rho=1.5), "rho must be in [0, 1)"),
    (Adadelta, dict(eps=-1.0), "eps must be in [0, inf)"),
    (Adadelta, dict(lr=-1.0), "lr must be in [0, inf)"),
    (Adafactor, dict(beta2_decay=0.5), "beta2_decay must be in (-inf, 0]"),
    (Adafactor, dict(eps=1e-3), "eps must be a pair (eps1 or None, eps2)"),
    (Adafactor, dict(eps=(-1.0, 1e-3)), "eps[0] (eps1) must be in [0, inf)"),
    (Adafactor, dict(eps=(None, -1e-3)), "eps[1] (eps2) must be in [0, inf)"),
    (Adafactor, dict(d=0.5), "d must be in [1, inf)"),
    (Adafactor, dict(weight_decay=-0.1), "weight_decay must be in [0, inf)"),
    (Lion, dict(betas=(0.9, 1.0)), "betas[1] (beta2) must be in [0, 1)"),
    (Lion, dict(lr=float("nan")), "lr must be finite"),
    (Muon, dict(momentum=1.0), "momentum must be in [0, 1)"),
    (Muon, dict(nesterov=1), "nesterov must be True or False"),
    (Muon, dict(ns_steps=100), "ns_steps must be an integer in [0, 100)"),
    (Muon, dict(ns_steps=2.5), "ns_steps must be an integer in [0, 100)"),
    (Muon, dict(ns_coefficients=(1.0, 2.0)), "ns_coefficients must be three real numbers"),
    (Muon, dict(ns_coefficients=(1.0, "b", 2.0)), "ns_coefficients[1] must be a real number"),
    (Muon, dict(adjust_lr_fn="rms"), "adjust_lr_fn must be one of None, 'original', 'match_rms_adamw'"),
    (Muon, dict(eps=-1e-7), "eps must be in [0, inf)"),
    (ScheduleFreeAdamW, dict(betas=(0.0, 0.999)), "betas[0] (beta1) must be in (0, 1) for Schedule-Free"),
    (ScheduleFreeAdamW, dict(betas=(0.9, 1.0)), "betas[1] (beta2) must be in [0, 1)"),
    (ScheduleFreeAdamW, dict(warmup_steps=-1), "warmup_steps must be an integer in [0, inf)"),
    (ScheduleFreeAdamW, dict(warmup_steps=10.0), "warmup_steps must be an integer in [0, inf)"),
    (ScheduleFreeAdamW, dict(weight_lr_power=-2.0), "weight_lr_power must be in [0, inf)"),
]


@pytest.mark.parametrize("cls,kwargs,message", BAD_HYPERPARAMETERS,
                         ids=[f"{c.__name__}-{next(iter(k))}-{i}"
                              for i, (c, k, _) in enumerate(BAD_HYPERPARAMETERS)])
def test_bad_hyperparameter_names_the_argument_and_range(cls, kwargs, message):
    with pytest.raises(ValueError) as info:
        cls(**kwargs)
    assert message in str(info.value)


@pytest.mark.parametrize("cls", NEW, ids=ids)
def test_defaults_are_torchs_or_optaxs(cls):
    expected = {
        Adadelta: dict(lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0),
        Adafactor: dict(lr=1e-2, beta2_decay=-0.8, eps=(None, 1e-3), d=1.0, weight_decay=0.0),
        Lion: dict(lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0),
        Muon: dict(lr=1e-3, weight_decay=0.1, momentum=0.95, nesterov=True,
                   ns_coefficients=(3.4445, -4.7750, 2.0315), eps=1e-7, ns_steps=5, adjust_lr_fn=None),
        ScheduleFreeAdamW: dict(lr=0.0025, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, warmup_steps=0,
                                weight_lr_power=2.0),
    }[cls]
    hyper = cls().hyperparameters()
    assert {k: hyper[k] for k in expected} == expected and hyper["maximize"] is False


# --- PerParameter --------------------------------------------------------------------------------

def net_params():
    rng = np.random.default_rng(0)
    return {"layers": [{"W": rng.normal(size=(3, 4)), "b": rng.normal(size=4)},
                       {"W": rng.normal(size=(4, 2)), "b": rng.normal(size=2)}]}


def muon_for_matrices():
    return PerParameter({"muon": Muon(lr=0.02), "adamw": AdamW(lr=1e-2)},
                        lambda path, p: "muon" if p.ndim == 2 else "adamw")


def test_per_parameter_steps_each_part_exactly_as_its_own_optimizer():
    params = net_params()
    opt = muon_for_matrices()
    state = opt.init(params)
    muon, adamw = Muon(lr=0.02), AdamW(lr=1e-2)
    matrices = [layer["W"] for layer in params["layers"]]
    vectors = [layer["b"] for layer in params["layers"]]
    ms, vs = muon.init(matrices), adamw.init(vectors)
    for _ in range(3):
        grads = quadratic_grad_tree(params)
        params, state = opt.step(params, grads, state)
        matrices, ms = muon.step(matrices, [layer["W"] for layer in grads["layers"]], ms)
        vectors, vs = adamw.step(vectors, [layer["b"] for layer in grads["layers"]], vs)
    for i, layer in enumerate(params["layers"]):
        np.testing.assert_array_equal(layer["W"], matrices[i])
        np.testing.assert_array_equal(layer["b"], vectors[i])
    assert state["step"] == 3 and state["muon"]["step"] == 3 and state["adamw"]["step"] == 3
    # each optimizer's state is its part of the tree, with the same paths (list indices become keys)
    assert set(state["muon"]["momentum_buffer"]["layers"]) == {0, 1}
    assert set(state["adamw"]["m"]["layers"][1]) == {"b"}


def quadratic_grad_tree(params):
    return {"layers": [quadratic_grad(layer) for layer in params["layers"]]}


def test_per_parameter_labels_may_be_a_tree_and_a_part_may_be_empty():
    params = {"W": np.ones((2, 2)), "b": np.ones(2)}
    opt = PerParameter({"sgd": optim.SGD(lr=0.1), "frozen": optim.SGD(lr=0.0), "unused": Lion()},
                       {"W": "sgd", "b": "frozen"})
    new, state = opt.step(params, {"W": np.ones((2, 2)), "b": np.ones(2)}, opt.init(params))
    np.testing.assert_array_equal(new["W"], np.full((2, 2), 0.9))
    np.testing.assert_array_equal(new["b"], np.ones(2))
    assert state["unused"] == {"step": 1, "m": {}}
    single = PerParameter({"a": optim.SGD(lr=0.5)}, lambda path, p: "a")
    p1, _ = single.step(np.array([1.0]), np.array([1.0]), single.init(np.array([1.0])))
    np.testing.assert_array_equal(p1, [0.5])


def test_per_parameter_never_mutates_and_evaluates_each_part_where_its_optimizer_says():
    params = net_params()
    opt = PerParameter({"sf": ScheduleFreeAdamW(lr=0.1), "adamw": AdamW()},
                       lambda path, p: "sf" if p.ndim == 2 else "adamw")
    state = opt.init(params)
    for _ in range(3):
        params, state = opt.step(params, quadratic_grad_tree(params), state)
    grads = quadratic_grad_tree(params)
    before = copy.deepcopy((params, grads, state))
    opt.step(params, grads, state)
    evaluated = opt.eval_params(params, state)
    np.testing.assert_equal((params, grads, state), before)
    sf_part = {"layers": {i: {"W": layer["W"]} for i, layer in enumerate(params["layers"])}}
    x = opt.optimizers["sf"].eval_params(sf_part, state["sf"])
    for i, layer in enumerate(evaluated["layers"]):
        np.testing.assert_array_equal(layer["W"], x["layers"][i]["W"])
        assert layer["b"] is params["layers"][i]["b"]
    assert isinstance(evaluated["layers"], list)


def test_per_parameter_errors_name_the_array_and_the_labels():
    params = net_params()
    with pytest.raises(ValueError, match=r"params\['layers'\]\[0\]\['b'\] is labelled 'adam', but the "
                                         r"optimizers are labelled \['muon'\]"):
        PerParameter({"muon": Muon()}, lambda path, p: "muon" if p.ndim == 2 else "adam").init(params)
    opt = muon_for_matrices()
    state = opt.init(params)
    grads = quadratic_grad_tree(params)
    grads["layers"][1]["b"] = np.array([np.nan, 0.0])
    with pytest.raises(ValueError, match=r"grads\['layers'\]\[1\]\['b'\] has 1 NaN or Inf value\(s\)"):
        opt.step(params, grads, state)
    with pytest.raises(ValueError, match="same structure|structure"):
        opt.step(params, {"layers": [grads["layers"][0]]}, state)
    with pytest.raises(ValueError, match=r"state must be the dict that this PerParameter's init"):
        opt.step(params, quadratic_grad_tree(params), Muon().init({}))
    with pytest.raises(ValueError, match="labels must be a function or a tree shaped like params"):
        PerParameter({"a": AdamW()}, {"W": "a"}).init({"W": np.ones(2), "b": np.ones(2)})


@pytest.mark.parametrize("optimizers,message", [
    ({}, "optimizers must be a non-empty dict"),
    ([AdamW()], "optimizers must be a non-empty dict"),
    ({"step": AdamW()}, "each label must be a string other than 'step'"),
    ({1: AdamW()}, "each label must be a string"),
    ({"a": "AdamW"}, r"optimizers\['a'\] must be an optimizer"),
])
def test_per_parameter_validates_its_optimizers(optimizers, message):
    with pytest.raises(ValueError, match=message):
        PerParameter(optimizers, lambda path, p: "a")


@pytest.mark.parametrize("dtype", ["bfloat16", "float16", "float32", "float64"])
def test_newton_schulz_keeps_the_matrix_dtype(dtype):
    import ml_dtypes

    dtype = getattr(ml_dtypes, dtype, None) or np.dtype(dtype)
    G = (np.arange(6.0).reshape(3, 2) + 1).astype(dtype)
    X = newton_schulz(G)
    assert X.dtype == G.dtype and X.shape == G.shape
    singular = np.linalg.svd(X.astype(np.float64), compute_uv=False)
    assert np.all((singular > 0.5) & (singular < 1.3)), singular


def test_adafactor_ablation_switches_change_exactly_their_component():
    """factored=False: a matrix keeps a full second moment, i.e. it steps as its flattened vector does;
    scale_parameter=False: alpha_t = rho_t, i.e. as a floor eps2 = 1 while RMS(W) < 1 (lesson 08's ablation)."""
    rng = np.random.default_rng(0)
    W, grads = 0.1 * rng.normal(size=(6, 4)), [rng.normal(size=(6, 4)) for _ in range(4)]

    def walk(opt, start):
        p, state = start.copy(), opt.init(start)
        for g in grads:
            p, state = opt.step(p, g.reshape(start.shape), state)
        return p

    full = walk(optim.Adafactor(lr=0.5, factored=False), W)
    np.testing.assert_allclose(full, walk(optim.Adafactor(lr=0.5), W.ravel()).reshape(W.shape), rtol=1e-12)
    assert optim.Adafactor(factored=False).init(W)["variance"].shape == W.shape
    absolute = walk(optim.Adafactor(lr=0.05, scale_parameter=False), W)   # RMS(W) stays below 1
    np.testing.assert_allclose(absolute, walk(optim.Adafactor(lr=0.05, eps=(None, 1.0)), W), rtol=1e-12)
    assert not np.allclose(absolute, walk(optim.Adafactor(lr=0.05), W))
