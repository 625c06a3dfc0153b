"""adamlib.optim: update rules derived by hand, validation, state round trips, input safety."""
import copy
import math

import numpy as np
import pytest

from adamlib import optim
from adamlib.optim import SGD, Adagrad, Adam, Adamax, AdamW, NAdam, RAdam, RMSprop

ALL = list(optim.ALL.values())
ids = [cls.__name__ for cls in ALL]
# The interface tests hold for every optimizer, lesson 08's too (test_optim_after_adam.py has their rules).
EVERY = ALL + list(optim.AFTER_ADAM.values())
every_ids = [cls.__name__ for cls in EVERY]


def quadratic_grad(p):
    return {k: np.linspace(0.5, 2.0, v.size).reshape(v.shape) * v for k, v in p.items()}


def params0(cls=None):
    """A matrix and a vector (Muon: two matrices, it takes nothing else)."""
    if cls is optim.Muon:
        return {"w": np.array([[1.0, -2.0], [0.5, 3.0]]), "b": np.array([[0.3, -0.2], [0.1, 0.4], [-0.5, 0.2]])}
    return {"w": np.array([[1.0, -2.0], [0.5, 3.0]]), "b": np.array([0.1, -0.2, 0.3])}


# --- update rules, each derived by hand from the paper / torch docs -------------------------

def test_sgd_plain_step_is_p_minus_lr_g():
    p, state = SGD(lr=0.1).step(np.array([1.0, 2.0]), np.array([0.5, -1.0]), SGD(lr=0.1).init(np.zeros(2)))
    np.testing.assert_allclose(p, [0.95, 2.1], rtol=0, atol=1e-15)
    assert state == {"step": 1}


def test_sgd_momentum_buffer_starts_as_the_first_gradient():
    opt = SGD(lr=0.1, momentum=0.9, dampening=0.5)
    p, g1, g2 = np.array([1.0]), np.array([2.0]), np.array([4.0])
    p1, s1 = opt.step(p, g1, opt.init(p))
    np.testing.assert_allclose(s1["momentum_buffer"], [2.0])  # a copy, no dampening on step 1
    p2, s2 = opt.step(p1, g2, s1)
    np.testing.assert_allclose(s2["momentum_buffer"], [0.9 * 2.0 + 0.5 * 4.0])
    np.testing.assert_allclose(p2, [1.0 - 0.1 * 2.0 - 0.1 * 3.8])


def test_sgd_nesterov_looks_ahead_with_the_new_buffer():
    opt = SGD(lr=0.1, momentum=0.9, nesterov=True)
    p1, s1 = opt.step(np.array([0.0]), np.array([1.0]), opt.init(np.zeros(1)))
    np.testing.assert_allclose(p1, [-0.1 * (1.0 + 0.9 * 1.0)])


def test_adam_first_step_has_size_lr_whatever_the_gradient_scale():
    # m1 = (1-b1) g, v1 = (1-b2) g^2; after bias correction m^ = g, sqrt(v^) = |g|: the step is lr * g / (|g| + eps)
    for scale in (1e-3, 1.0, 1e3):
        g = np.array([scale, -2 * scale])
        p1, _ = Adam(lr=0.01).step(np.zeros(2), g, Adam(lr=0.01).init(np.zeros(2)))
        np.testing.assert_allclose(p1, -0.01 * g / (np.abs(g) + 1e-8), rtol=1e-14)


def test_adam_second_step_by_hand():
    b1, b2, lr, eps = 0.9, 0.999, 0.1, 1e-8
    g1, g2 = 1.0, 3.0
    m = (1 - b1) * g2 + b1 * (1 - b1) * g1
    v = (1 - b2) * g2**2 + b2 * (1 - b2) * g1**2
    step2 = lr / (1 - b1**2) * m / (math.sqrt(v) / math.sqrt(1 - b2**2) + eps)
    opt = Adam(lr=lr)
    p, s = opt.step(np.array([0.0]), np.array([g1]), opt.init(np.zeros(1)))
    p2, s2 = opt.step(p, np.array([g2]), s)
    assert s2["step"] == 2 and isinstance(s2["step"], int)
    np.testing.assert_allclose(p2 - p, [-step2], rtol=1e-13)


def test_amsgrad_keeps_the_max_of_the_raw_v():
    opt = Adam(lr=0.1, amsgrad=True)
    p, s = opt.step(np.array([0.0]), np.array([10.0]), opt.init(np.zeros(1)))
    _, s = opt.step(p, np.array([0.0]), s)
    np.testing.assert_allclose(s["v_max"], [(1 - 0.999) * 100.0])
    np.testing.assert_allclose(s["v"], [0.999 * (1 - 0.999) * 100.0])


def test_adamw_decays_before_the_moments_and_l2_adam_does_not():
    p, g = np.array([2.0]), np.array([0.0])  # zero gradient: only the decay acts
    pw, _ = AdamW(lr=0.1, weight_decay=0.5).step(p, g, AdamW(lr=0.1, weight_decay=0.5).init(p))
    np.testing.assert_allclose(pw, [2.0 * (1 - 0.1 * 0.5)])
    pl, _ = Adam(lr=0.1, weight_decay=0.5).step(p, g, Adam(lr=0.1, weight_decay=0.5).init(p))
    np.testing.assert_allclose(pl, [2.0 - 0.1 * 1.0 / (1.0 + 1e-8)])  # L2 goes through Adam's scaling


def test_rmsprop_has_no_bias_correction_and_eps_outside_the_sqrt():
    opt = RMSprop(lr=0.01, alpha=0.99, eps=1e-3)
    p1, s = opt.step(np.array([0.0]), np.array([2.0]), opt.init(np.zeros(1)))
    np.testing.assert_allclose(s["square_avg"], [0.01 * 4.0])
    np.testing.assert_allclose(p1, [-0.01 * 2.0 / (math.sqrt(0.04) + 1e-3)])


def test_adagrad_step_size_shrinks_with_the_sum_of_squares():
    opt = Adagrad(lr=1.0, eps=0.0)
    p, s = np.array([0.0]), opt.init(np.zeros(1))
    steps = []
    for _ in range(4):
        new, s = opt.step(p, np.array([1.0]), s)
        steps.append(float(p[0] - new[0]))
        p = new
    np.testing.assert_allclose(steps, [1 / math.sqrt(k) for k in (1, 2, 3, 4)])


def test_adamax_divides_by_a_decaying_max_of_abs_g():
    opt = Adamax(lr=0.1, betas=(0.9, 0.5), eps=0.0)
    p, s = opt.step(np.array([0.0]), np.array([4.0]), opt.init(np.zeros(1)))
    np.testing.assert_allclose(p, [-0.1])
    p2, s2 = opt.step(p, np.array([1.0]), s)
    np.testing.assert_allclose(s2["exp_inf"], [2.0])  # max(0.5 * 4, 1)
    m = 0.9 * 0.4 + 0.1 * 1.0
    np.testing.assert_allclose(p2 - p, [-0.1 / (1 - 0.81) * m / 2.0])


def test_radam_is_momentum_sgd_while_the_variance_is_intractable():
    opt = RAdam(lr=0.1)  # rho_t <= 5 for the first steps with beta2 = 0.999
    p, s = opt.step(np.array([0.0]), np.array([3.0]), opt.init(np.zeros(1)))
    np.testing.assert_allclose(p, [-0.1 * 3.0])  # bias-corrected m = g, no adaptive scaling


def test_nadam_first_step_by_hand():
    b1, lr, psi = 0.9, 0.01, 4e-3
    mu1, mu2 = (b1 * (1 - 0.5 * 0.96 ** (k * psi)) for k in (1, 2))
    g = 2.0
    denom = abs(g) + 1e-8  # sqrt(v / (1 - b2)) = |g|
    expected = -lr * (1 - mu1) / (1 - mu1) * g / denom - lr * mu2 / (1 - mu1 * mu2) * (1 - b1) * g / denom
    p, s = NAdam(lr=lr).step(np.array([0.0]), np.array([g]), NAdam(lr=lr).init(np.zeros(1)))
    np.testing.assert_allclose(p, [expected], rtol=1e-14)
    np.testing.assert_allclose(s["mu_product"], mu1)


@pytest.mark.parametrize("cls", EVERY, ids=every_ids)
def test_maximize_is_descent_on_the_negated_gradient(cls):
    p, g = params0(cls), quadratic_grad(params0(cls))
    up, _ = cls(maximize=True).step(p, g, cls().init(p))
    down, _ = cls().step(p, {k: -v for k, v in g.items()}, cls().init(p))
    np.testing.assert_equal(up, down)


@pytest.mark.parametrize("cls", EVERY, ids=every_ids)
def test_every_optimizer_moves_downhill(cls):
    opt, p = cls(lr=0.01), params0(cls)

    def curvature(v):
        return np.linspace(0.5, 2.0, v.size).reshape(v.shape)

    def loss(q):
        return sum(float(np.sum(curvature(v) * v**2)) for v in q.values())

    state, start = opt.init(p), loss(p)
    for _ in range(100):
        p, state = opt.step(p, {k: 2 * curvature(v) * v for k, v in p.items()}, state)
    assert loss(opt.eval_params(p, state)) < start


# --- the interface: trees, state, no mutation, round trips -------------------------------------

@pytest.mark.parametrize("cls", EVERY, ids=every_ids)
def test_step_never_mutates_params_grads_or_state(cls):
    opt, p = cls(), params0(cls)
    state = opt.init(p)
    for _ in range(3):  # a few steps so every buffer is non-trivial
        p, state = opt.step(p, quadratic_grad(p), state)
    g = quadratic_grad(p)
    before = copy.deepcopy((p, g, state))
    opt.step(p, g, state)
    opt.eval_params(p, state)
    np.testing.assert_equal((p, g, state), before)


@pytest.mark.parametrize("cls", EVERY, ids=every_ids)
def test_init_does_not_alias_params(cls):
    p = params0(cls)
    state = cls().init(p)
    leaves = [leaf for name in cls().slots for leaf in state[name].values() if isinstance(leaf, np.ndarray)]
    assert not any(np.shares_memory(leaf, v) for leaf in leaves for v in p.values())


@pytest.mark.parametrize("cls", EVERY, ids=every_ids)
def test_state_saved_mid_run_resumes_the_identical_trajectory(cls):
    opt, p = cls(), params0(cls)
    state = opt.init(p)
    for _ in range(5):
        p, state = opt.step(p, quadratic_grad(p), state)
    resumed_p, resumed_state = copy.deepcopy(p), copy.deepcopy(state)
    for _ in range(5):
        p, state = opt.step(p, quadratic_grad(p), state)
    fresh = cls()  # a new optimizer object with the same hyperparameters, as after a restart
    for _ in range(5):
        resumed_p, resumed_state = fresh.step(resumed_p, quadratic_grad(resumed_p), resumed_state)
    np.testing.assert_equal((resumed_p, resumed_state), (p, state))
    assert state["step"] == 10 and type(state["step"]) is int


@pytest.mark.parametrize("cls", EVERY, ids=every_ids)
def test_params_may_be_an_array_a_dict_or_a_list(cls):
    arrays = list(params0(cls).values())
    grads = [2 * a + 0.1 for a in arrays]
    as_list, _ = cls().step(arrays, grads, cls().init(arrays))
    as_dict = dict(enumerate(arrays))
    as_dict, _ = cls().step(as_dict, dict(enumerate(grads)), cls().init(as_dict))
    single, _ = cls().step(arrays[0], grads[0], cls().init(arrays[0]))
    assert isinstance(as_list, list) and isinstance(as_dict, dict)
    np.testing.assert_array_equal(as_list[0], single)
    np.testing.assert_array_equal(as_dict[1], as_list[1])


def test_integer_params_are_treated_as_float64():
    p, _ = SGD(lr=0.5).step(np.array([1, 2]), np.array([1, 1]), SGD(lr=0.5).init(np.array([1, 2])))
    assert p.dtype == np.float64
    np.testing.assert_array_equal(p, [0.5, 1.5])


@pytest.mark.parametrize("cls", EVERY, ids=every_ids)
def test_float32_params_keep_their_dtype(cls):
    # lesson 07 shows float16/float32 traps, so the optimizers must not silently upcast
    opt = cls()
    p = {k: v.astype(np.float32) for k, v in params0(cls).items()}
    state = opt.init(p)
    for _ in range(2):
        p, state = opt.step(p, {k: v.astype(np.float32) for k, v in quadratic_grad(p).items()}, state)
    assert all(v.dtype == np.float32 for v in p.values())
    assert all(v.dtype == np.float32 for v in opt.eval_params(p, state).values())
    arrays = [leaf for name in opt.slots if name != "mu_product"  # NAdam's: one number per array
              for leaf in state[name].values() if isinstance(leaf, np.ndarray)]
    assert all(a.dtype == np.float32 for a in arrays) and (arrays or not opt.slots)


# --- validation: the argument and its allowed range are named -----------------------------------

BAD_HYPERPARAMETERS = [
    (SGD, dict(lr=-0.1), "lr must be in [0, inf)"),
    (SGD, dict(lr=float("nan")), "lr must be finite"),
    (SGD, dict(lr="0.1"), "lr must be a real number"),
    (SGD, dict(momentum=1.0), "momentum must be in [0, 1)"),
    (SGD, dict(weight_decay=-1e-4), "weight_decay must be in [0, inf)"),
    (SGD, dict(nesterov=True), "nesterov=True needs momentum in (0, 1) and dampening=0"),
    (SGD, dict(nesterov=True, momentum=0.9, dampening=0.1), "dampening=0"),
    (Adam, dict(betas=(0.9, 1.0)), "betas[1] (beta2) must be in [0, 1)"),
    (Adam, dict(betas=(-0.1, 0.999)), "betas[0] (beta1) must be in [0, 1)"),
    (Adam, dict(betas=0.9), "betas must be a pair"),
    (Adam, dict(eps=-1e-8), "eps must be in [0, inf)"),
    (Adam, dict(amsgrad="yes"), "amsgrad must be True or False"),
    (AdamW, dict(lr=float("inf")), "lr must be finite"),
    (RMSprop, dict(alpha=1.5), "alpha must be in [0, 1)"),
    (Adagrad, dict(lr_decay=-1), "lr_decay must be in [0, inf)"),
    (Adagrad, dict(initial_accumulator_value=-1), "initial_accumulator_value must be in [0, inf)"),
    (NAdam, dict(momentum_decay=-1), "momentum_decay must be in [0, inf)"),
    (RAdam, dict(betas=(0.9, 0.999, 0.1)), "betas must be a pair"),
    (Adamax, dict(eps=float("nan")), "eps must be finite"),
]


@pytest.mark.parametrize("cls,kwargs,message", BAD_HYPERPARAMETERS,
                         ids=[f"{c.__name__}-{next(iter(k))}" for c, k, _ in BAD_HYPERPARAMETERS])
def test_bad_hyperparameter_names_the_argument_and_range(cls, kwargs, message):
    with pytest.raises(ValueError) as info:
        cls(**kwargs)
    assert message in str(info.value)


def test_setting_a_bad_lr_later_is_refused_too():
    opt = Adam()
    with pytest.raises(ValueError, match=r"lr must be in \[0, inf\)"):
        opt.lr = -1.0


@pytest.mark.parametrize("cls", EVERY, ids=every_ids)
def test_grads_that_do_not_fit_params_are_refused(cls):
    p = params0(cls)
    with pytest.raises(ValueError, match=r"grads\['w'\] has shape \(2,\) but params\['w'\] has shape \(2, 2\)"):
        cls().step(p, {**quadratic_grad(p), "w": np.zeros(2)}, cls().init(p))
    with pytest.raises(ValueError, match="same structure"):
        cls().step(p, {"w": np.zeros((2, 2))}, cls().init(p))


@pytest.mark.parametrize("cls", EVERY, ids=every_ids)
def test_a_nan_gradient_is_refused_naming_the_array_and_the_state_is_untouched(cls):
    opt, p = cls(), params0(cls)
    state = opt.init(p)
    p, state = opt.step(p, quadratic_grad(p), state)
    saved = copy.deepcopy(state)
    g = quadratic_grad(p)
    g["b"].flat[1] = np.nan
    with pytest.raises(ValueError, match=r"grads\['b'\] has 1 NaN or Inf value\(s\) at step 2"):
        opt.step(p, g, state)
    np.testing.assert_equal(state, saved)


def test_zero_gradient_with_eps_zero_is_refused_not_turned_into_nan():
    opt = Adam(eps=0.0)
    with pytest.raises(ValueError, match=r"eps=0 with a zero gradient"):
        opt.step(np.array([1.0]), np.array([0.0]), opt.init(np.array([1.0])))


# --- a state that does not belong: a clear ValueError, and what to do -----------------------------

def _adam_state_for(p):
    return Adam().init(p)


@pytest.mark.parametrize("cls", ALL, ids=ids)
def test_a_missing_state_says_to_call_init(cls):
    with pytest.raises(ValueError, match=r"got None\. Create it with `state = opt.init\(params\)`"):
        cls().step(params0(), quadratic_grad(params0()), None)


@pytest.mark.parametrize("make,bad_state,words", [
    (lambda: Adam(), lambda p: SGD(momentum=0.9).init(p), "keys ['momentum_buffer', 'step'], but Adam keeps ['m', 'step', 'v']"),
    (lambda: SGD(momentum=0.9), lambda p: Adam().init(p), "made by another optimizer"),
    (lambda: Adam(amsgrad=True), lambda p: Adam().init(p), "with other options, e.g. momentum or amsgrad"),
    (lambda: RMSprop(), lambda p: Adagrad().init(p), "but RMSprop keeps ['square_avg', 'step']"),
    (lambda: Adam(), lambda p: [Adam().init(p)], "got a list"),
], ids=["sgd-state-to-adam", "adam-state-to-sgd", "amsgrad", "adagrad-to-rmsprop", "a-list"])
def test_a_state_from_another_optimizer_is_refused(make, bad_state, words):
    p = params0()
    with pytest.raises(ValueError) as info:
        make().step(p, quadratic_grad(p), bad_state(p))
    assert words in str(info.value) and "opt.init(params)" in str(info.value)


WITH_STATE = [cls for cls in ALL if cls().slots] + [lambda: SGD(momentum=0.9)]


@pytest.mark.parametrize("make", WITH_STATE, ids=[getattr(c, "__name__", "SGD-momentum") for c in WITH_STATE])
def test_a_state_made_for_other_params_is_refused_naming_the_place(make):
    p = params0()
    other = {"w": np.ones((3, 2)), "b": np.ones(3)}
    opt = make()
    with pytest.raises(ValueError, match=r"\['w'\] has shape \(3, 2\), but this optimizer keeps shape "
                                         r"\(2, 2\) for params\['w'\]: this state was made for other params"):
        opt.step(p, quadratic_grad(p), opt.init(other))


def test_a_state_for_other_params_that_would_broadcast_silently_is_refused():
    # (1,)-shaped moments broadcast against (3,) params: without the check, a silently wrong step
    opt = Adam()
    with pytest.raises(ValueError, match=r"state\['m'\] has shape \(1,\), but this optimizer keeps shape \(3,\)"):
        opt.step(np.ones(3), np.ones(3), opt.init(np.ones(1)))


def test_a_state_for_another_tree_says_where_it_differs():
    opt = Adam()
    p = [{"W": np.ones((2, 2)), "b": np.ones(2)}]
    with pytest.raises(ValueError, match=r"state\['m'\] is a list of 2, but params is a list of 1"):
        opt.step(p, p, opt.init(p * 2))


@pytest.mark.parametrize("step", [1.5, -1, "3", None, True])
def test_a_bad_step_counter_is_refused(step):
    opt = Adam()
    state = {**opt.init(np.ones(2)), "step": step}
    with pytest.raises(ValueError, match=r"state\['step'\] must be the number of steps taken"):
        opt.step(np.ones(2), np.ones(2), state)


def test_the_state_check_accepts_numpy_integer_steps_and_optimizers_with_scalar_slots():
    opt = Adam()
    state = {**opt.init(np.ones(2)), "step": np.int64(3)}
    opt.step(np.ones(2), np.ones(2), state)
    nadam = NAdam()  # its mu_product slot is one number per array, not an array shaped like params
    p, s = nadam.step(params0(), quadratic_grad(params0()), nadam.init(params0()))
    nadam.step(p, quadratic_grad(p), s)


# --- complex parameters: refused clearly, never silently made real ---------------------------------

@pytest.mark.parametrize("cls", ALL, ids=ids)
def test_complex_params_or_grads_are_refused_naming_the_array(cls):
    p = {"w": np.array([1.0 + 2.0j, 0.5]), "b": np.ones(2)}
    with pytest.raises(ValueError, match=r"params\['w'\] holds complex numbers \(complex128\).*real"):
        cls().init(p)
    real = {"w": np.ones(2), "b": np.ones(2)}
    with pytest.raises(ValueError, match=r"grads\['b'\] holds complex numbers"):
        cls().step(real, {"w": np.ones(2), "b": np.ones(2) * 1j}, cls().init(real))


def test_a_single_complex_array_is_refused_without_a_warning():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a ComplexWarning would fail here
        with pytest.raises(ValueError, match="params holds complex numbers"):
            Adam().step(np.array([1j]), np.array([1.0]), Adam().init(np.ones(1)))
